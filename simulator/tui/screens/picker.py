"""The scenario picker: title, activation level, difficulty, objectives and the last score."""
from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from simulator.scenario import ACTIVATION_LEVELS
from simulator.scenario.appointments import appointment_count
from simulator.store import SavedSession, Store
from simulator.tui.screens.briefing import BriefingScreen
from simulator.tui.widgets.row_keys import ROW_JUMP_BINDINGS, RowJumps

#: Patient Activation Measure levels in plain words (paraphrased, see the skills guide).
FIXED_COLUMNS = {"Activation": 16, "Difficulty": 10, "Last score": 10}


def waiting_journeys(store: Store, totals: dict[str, int]) -> dict[str, SavedSession]:
    """Per scenario, the last appointment of its most recent journey when that journey has a
    next appointment to play (``totals``: each scenario's number of appointments)."""
    found: dict[str, SavedSession] = {}
    for saved in store.journeys_to_continue():  # most recent first
        info = saved.info
        if info.scenario_id not in found and info.appointment < totals.get(info.scenario_id, 1):
            found[info.scenario_id] = saved
    return found


class PickerScreen(RowJumps, Screen):
    """Choose a scenario to practise."""

    SCOPED_CSS = False  # rules apply as written, not under this screen's name (see simulator.tcss)
    DEFAULT_CSS = """
    #scenarios {
        height: 1fr;
        min-height: 6;
    }
    #objectives {
        height: auto;
        max-height: 10;
        padding: 0 1;
        border-top: solid $primary;
    }
    """

    BINDINGS = [
        # Priority, so the footer shows it over the table's own (hidden) enter binding.
        Binding("enter", "choose", "Choose", tooltip="Read the briefing for this scenario",
                priority=True),
        Binding("h", "history", "History", tooltip="Past sessions and trends"),
        Binding("d", "drills", "Drills", tooltip="Short timed exercises on one skill"),
        Binding("q", "app.quit", "Quit"),
        # Priority: the table's own Home/End scroll sideways, which a row cursor never needs.
        *ROW_JUMP_BINDINGS,
    ]

    _drawn_width = 0
    waiting: dict[str, SavedSession] = {}

    def compose(self) -> ComposeResult:
        yield Static(Content("Choose a scenario to practise"), classes="screen-title")
        yield DataTable(id="scenarios", cursor_type="row", zebra_stripes=True)
        yield Static(id="objectives")
        yield Footer()

    def on_mount(self) -> None:
        self.refresh_scores()
        self.query_one(DataTable).focus()

    def on_screen_resume(self) -> None:
        # Back from a session or its report: show the score just earned.
        if self.app.scenarios is not None:
            self.refresh_scores()

    def on_resize(self) -> None:
        if self._title_width() != self._drawn_width:
            self.refresh_scores()

    def _title_width(self) -> int:
        return max(16, self.app.size.width - sum(FIXED_COLUMNS.values()) - 12)

    def refresh_scores(self) -> None:
        """(Re)fill the table, with each scenario's most recent score; titles get the width
        the other columns leave (the full title is shown below the table)."""
        table = self.query_one(DataTable)
        row = table.cursor_row
        table.clear(columns=True)
        self._drawn_width = self._title_width()
        table.add_column("Scenario", width=self._drawn_width)
        for label, width in FIXED_COLUMNS.items():
            table.add_column(label, width=width)
        last = self.app.store.last_scores()
        scenarios = self.app.scenarios or {}
        self.waiting = waiting_journeys(
            self.app.store, {key: appointment_count(loaded) for key, loaded in scenarios.items()})
        for loaded in (self.app.scenarios or {}).values():
            s = loaded.scenario
            level = s.persona.activation
            score = last.get(s.id)
            # A journey is one row: its appointments, and the next one when one waits.
            total = appointment_count(loaded)
            after = self.waiting.get(s.id)
            title = s.title if total == 1 else (
                f"[{after.info.appointment + 1}/{total}] {s.title}" if after else f"[{total} appts] {s.title}")
            # Text cells: a plain str cell would be parsed as markup by DataTable.
            table.add_row(Text(title, no_wrap=True, overflow="ellipsis"), Text(f"{level} {ACTIVATION_LEVELS.get(level, '')}"),
                          Text(f"{s.difficulty}/5"),
                          Text("-" if score is None else f"{score}/100"), key=s.id)
        if table.row_count:
            table.move_cursor(row=min(row, table.row_count - 1))
        self._show_objectives()

    def _selected(self):
        table = self.query_one(DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return self.app.scenarios[key]

    def on_data_table_row_highlighted(self) -> None:
        self._show_objectives()

    def on_data_table_row_selected(self) -> None:
        self.action_choose()

    def _show_objectives(self) -> None:
        loaded = self._selected()
        if loaded is None:
            message = "Loading scenarios…" if self.app.scenarios is None else "No scenarios found."
            self.query_one("#objectives", Static).update(Content(message))
            return
        s = loaded.scenario
        parts = [(f"{s.title}\n", "bold"), (f"{s.setting}\n", "italic")]
        if (total := appointment_count(loaded)) > 1:
            after = self.waiting.get(s.id)
            parts.append(f"A journey of {total} appointments"
                         + (f"; appointment {after.info.appointment + 1} is next\n" if after else "\n"))
        parts.append(("Objectives\n", "bold"))
        parts += [f"• {o}\n" for o in s.objectives]
        self.query_one("#objectives", Static).update(Content.assemble(*parts).rstrip())

    def action_choose(self) -> None:
        loaded = self._selected()
        if loaded is not None:
            self.app.push_screen(BriefingScreen(loaded, self.waiting.get(loaded.scenario.id)))

    def action_history(self) -> None:
        self.app.show_history()

    def action_drills(self) -> None:
        self.app.show_drills()
