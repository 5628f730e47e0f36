"""Past sessions: a table, the score over time, and a trend for each skill measure."""
from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Sparkline, Static

from simulator.render.session import METRICS, export_log, export_session, plain
from simulator.scenario.appointments import TITLE_SEPARATOR
from simulator.words import plural
from simulator.store import SavedSession


#: Widths of the columns beside the scenario's title (the longest band is "below fair").
FIXED_COLUMNS = {"Date": 10, "Mode": 10, "Replies": 7, "Score": 5, "Band": 10}


def series(sessions: list[SavedSession], key: str) -> list[float]:
    """A metric's values over the sessions that have it (oldest first)."""
    values = ((s.report or {}).get("metrics", {}).get(key) for s in sessions)
    return [float(v) for v in values if isinstance(v, (int, float)) and not isinstance(v, bool)]


def by_journey(sessions: list[SavedSession]) -> list[SavedSession]:
    """Newest journey first, its appointments together in order (a single session is a
    journey of one)."""
    journeys: dict[int, list[SavedSession]] = {}
    for s in sessions:  # oldest first
        journeys.setdefault(s.info.journey or s.id, []).append(s)
    ordered = sorted(journeys.values(), key=lambda group: max((x.info.started_at, x.id) for x in group),
                     reverse=True)
    return [s for group in ordered for s in sorted(group, key=lambda x: (x.info.appointment, x.id))]


def history_title(session: SavedSession) -> str:
    """A first appointment's scenario title; a follow-up's number and title, set in under it."""
    if session.info.appointment == 1:
        return session.info.scenario_title
    _, _, after = session.info.scenario_title.partition(TITLE_SEPARATOR)
    return f"  └ {after or session.info.appointment}"


class HistoryScreen(Screen):
    """Every finished session, newest first, with trends."""

    SCOPED_CSS = False  # rules apply as written, not under this screen's name (see simulator.tcss)
    DEFAULT_CSS = """
    #trends {
        grid-size: 3;
        grid-columns: 28 1fr 8;
        grid-rows: 1;
        height: auto;
        padding: 1 1 0 1;
    }
    .trend {
        height: 1;
    }
    .trend-last {
        text-align: right;
    }
    #sessions {
        height: 1fr;
        margin-top: 1;
    }
    """

    BINDINGS = [
        # Priority, so the footer shows it over the table's own (hidden) enter binding.
        Binding("enter", "open", "Open report", priority=True),
        Binding("r", "review", "Review", tooltip="Agree with or override the codes of each reply"),
        Binding("e", "export_session", "Export session"),
        Binding("x", "export_log", "Export log", tooltip="Save the practice log (CSV) for a portfolio"),
        Binding("escape", "app.pop_screen", "Back"),
    ]

    def compose(self) -> ComposeResult:
        self.sessions = self.app.store.finished()
        scores = [s.score for s in self.sessions if s.score is not None]
        yield Static(Content(f"History: {plural(len(self.sessions), 'finished session')}"),
                     classes="screen-title")
        with Grid(id="trends"):
            yield from self._trend("score", scores, scores[-1] if scores else None)
            for key, label in METRICS[:4]:
                values = series(self.sessions, key)
                yield from self._trend(label, values, values[-1] if values else None)
        yield DataTable(id="sessions", cursor_type="row", zebra_stripes=True)
        yield Footer()

    @staticmethod
    def _trend(label: str, values: list[float], last: float | None):
        """Label, sparkline (oldest to newest) and latest value: one row of the trends grid."""
        yield Static(Content(label), classes="trend-label")
        if values:
            yield Sparkline(values, classes="trend")
        else:
            yield Static(Content("no data yet"), classes="trend")
        yield Static(Content(plain(last)), classes="trend-last")

    _drawn_width = 0

    def on_mount(self) -> None:
        self._fill()
        self.query_one(DataTable).focus()

    def on_resize(self) -> None:
        if self._title_width() != self._drawn_width:
            self._fill()

    def _title_width(self) -> int:
        # Each column has a cell of padding either side, and the scrollbar takes two.
        return max(16, self.app.size.width - sum(FIXED_COLUMNS.values())
                   - 2 * (len(FIXED_COLUMNS) + 1) - 2)

    def _fill(self) -> None:
        """(Re)fill the table; titles get the width the other columns leave, so at 80 columns
        the band is not cut to "bel" off the right edge (the report has the full title)."""
        table = self.query_one(DataTable)
        row = table.cursor_row
        table.clear(columns=True)
        self._drawn_width = self._title_width()
        table.add_column("Date", width=FIXED_COLUMNS["Date"])
        table.add_column("Scenario", width=self._drawn_width)
        for label in ("Mode", "Replies", "Score", "Band"):
            table.add_column(label, width=FIXED_COLUMNS[label])
        for s in by_journey(self.sessions):
            table.add_row(Text(s.info.started_at[:10]),
                          Text(history_title(s), no_wrap=True, overflow="ellipsis"),
                          Text("assessment" if s.info.assessment else "practice"),
                          Text(str(s.turns)),
                          Text("-" if s.score is None else str(s.score)), Text(s.band or "-"),
                          key=str(s.id))
        if table.row_count:
            table.move_cursor(row=min(row, table.row_count - 1))

    def _selected(self) -> int | None:
        table = self.query_one(DataTable)
        if not table.row_count:
            return None
        return int(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)

    def on_data_table_row_selected(self) -> None:
        self.action_open()

    def action_open(self) -> None:
        if (session_id := self._selected()) is not None:
            self.app.show_report(session_id)

    def action_review(self) -> None:
        if (session_id := self._selected()) is not None:
            self.app.review_session(session_id)

    def action_export_session(self) -> None:
        if (session_id := self._selected()) is not None:
            self.app.notify_saved(export_session(self.app.store, session_id))

    def action_export_log(self) -> None:
        self.app.notify_saved([export_log(self.app.store)])
