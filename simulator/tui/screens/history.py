"""Past sessions: a table, the score over time, and a trend for each skill measure."""
from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from simulator.render.session import METRICS, plain
from simulator.scenario.appointments import TITLE_SEPARATOR
from simulator.store import SavedDrill, SavedSession
from simulator.tui.widgets.trend import Trend
from simulator.words import plural


#: Widths of the columns beside the scenario's title (the longest band is "below fair").
FIXED_COLUMNS = {"Date": 10, "Mode": 10, "Replies": 7, "Score": 5, "Band": 10}


#: The trends shown and the top of each one's fixed scale (percentages and the score: 100; a
#: reflection-to-question ratio: 2, the "good" band's 2:1).
TRENDS = (("pct_open_questions", 100), ("reflection_question_ratio", 2),
          ("pct_complex_reflections", 100))


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
        grid-columns: 30 1fr 8;
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
        Binding("s", "share", "Share with lead", tooltip="Let the room's lead read this session (again: stop)"),
        Binding("escape", "app.pop_screen", "Back"),
    ]

    def compose(self) -> ComposeResult:
        store = self.app.store
        self.sessions = store.finished()
        self.drills = store.drill_results()
        self.shared = store.shared_ids() if self.app.in_room else set()
        scores = [s.score for s in self.sessions if s.score is not None]
        title = f"History: {plural(len(self.sessions), 'finished session')}"
        if self.drills:
            title += f", {plural(len(self.drills), 'drill')}"
        yield Static(Content(title), classes="screen-title")
        with Grid(id="trends"):
            yield from self._trend("score (0-100)", scores, 100)
            labels = dict(METRICS)
            for key, top in TRENDS:
                yield from self._trend(f"{labels[key]} (0-{top})", series(self.sessions, key), top)
        yield DataTable(id="sessions", cursor_type="row", zebra_stripes=True)
        yield Footer()

    @staticmethod
    def _trend(label: str, values: list[float], top: float):
        """Label, trend on 0..top (oldest to newest) and latest value: one row of the grid."""
        yield Static(Content(label), classes="trend-label")
        yield Trend(values, top, classes="trend")
        yield Static(Content(plain(values[-1] if values else None)), classes="trend-last")

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
        # Journeys stay together (newest first by their latest appointment, as by_journey orders
        # them; appointments in order); drills sit between them by date.
        blocks: list[tuple[str, list[tuple[str, list[Text]]]]] = []
        for s in by_journey(self.sessions):
            entry = self._session_row(s)
            if s.info.appointment > 1 and blocks:
                latest, rows = blocks[-1]
                blocks[-1] = (max(latest, s.info.started_at), rows + [entry])
            else:
                blocks.append((s.info.started_at, [entry]))
        blocks += [(d.finished_at, [self._drill_row(d)]) for d in self.drills]
        for _, rows in sorted(blocks, key=lambda b: b[0], reverse=True):
            for key, cells in rows:
                table.add_row(*cells, key=key)
        if table.row_count:
            table.move_cursor(row=min(row, table.row_count - 1))

    def _session_row(self, s: SavedSession) -> tuple[str, list[Text]]:
        mode = "assessment" if s.info.assessment else "practice"
        return str(s.id), [Text(s.info.started_at[:10]),
                           Text(history_title(s), no_wrap=True, overflow="ellipsis"),
                           # Shared replaces the mode (the report says it) to fit 80 columns.
                           Text("shared" if s.id in self.shared else mode),
                           Text(str(s.turns)),
                           Text("-" if s.score is None else str(s.score)), Text(s.band or "-")]

    @staticmethod
    def _drill_row(d: SavedDrill) -> tuple[str, list[Text]]:
        """A drill in the same table: its items in the replies column, passed or not as band."""
        return f"drill-{d.id}", [Text(d.finished_at[:10]),
                                 Text(f"drill: {d.title}", no_wrap=True, overflow="ellipsis"),
                                 Text("drill"), Text(f"{d.items_passed}/{d.items}"),
                                 Text(str(d.score)), Text("passed" if d.passed else "not passed")]

    def _selected(self) -> int | None:
        """The highlighted session's id (None on a drill, which has no report)."""
        table = self.query_one(DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        if key.startswith("drill-"):
            self.notify("A drill's result is all there is to it: its items' feedback was shown "
                        "as you went.", markup=False)
            return None
        return int(key)

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        if action == "share":
            return self.app.in_room  # only a browser room has a lead to share with
        return True

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
            self.app.export_session(session_id)

    def action_export_log(self) -> None:
        self.app.export_log()

    def action_share(self) -> None:
        """Share the highlighted session with the room's lead, or stop sharing it."""
        if (session_id := self._selected()) is None:
            return
        shared = session_id not in self.shared
        self.app.store.share(session_id, shared)
        (self.shared.add if shared else self.shared.discard)(session_id)
        self._fill()
        self.notify("The lead can now read this session." if shared else
                    "The lead can no longer read this session.", markup=False)
