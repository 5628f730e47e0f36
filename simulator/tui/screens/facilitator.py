"""The lead's view of a browser room: who is here and doing what, live scores, drill results,
a per-skill debrief table, and the sessions participants chose to share (nobody's words
otherwise). Refreshed every :data:`REFRESH` seconds from the participants' stores, read-only."""
from __future__ import annotations

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Markdown, Static

from simulator.errors import InputError
from simulator.render.session import markdown
from simulator.room import DrillRow, Presence, Room, SharedRow, SkillRow
from simulator.words import plural

#: Seconds between refreshes of the lead's tables.
REFRESH = 2.0


def _cell(value: object) -> Text:
    return Text("-" if value is None else str(value), no_wrap=True, overflow="ellipsis")


class FacilitatorScreen(Screen):
    """The room at a glance for its lead."""

    SCOPED_CSS = False  # rules apply as written, not under this screen's name (see simulator.tcss)
    DEFAULT_CSS = """
    #room {
        padding: 0 1;
    }
    #room DataTable {
        height: auto;
        max-height: 14;
    }
    """

    BINDINGS = [
        Binding("enter", "open", "Open shared session", priority=True,
                tooltip="Read a session its owner shared with you"),
        Binding("r", "refresh", "Refresh"),
    ]

    def __init__(self, room: Room) -> None:
        super().__init__()
        self.room = room
        self.shared: dict[str, SharedRow] = {}

    def compose(self) -> ComposeResult:
        yield Static(id="room-title", classes="screen-title")
        with VerticalScroll(id="room"):
            yield Static(Content("In the room"), classes="section panel-title")
            yield DataTable(id="people", cursor_type="row", zebra_stripes=True)
            yield Static(Content("Drill results"), classes="section panel-title")
            yield DataTable(id="drills", cursor_type="row", zebra_stripes=True)
            yield Static(Content("Debrief: each skill across the room"),
                         classes="section panel-title")
            yield DataTable(id="debrief", cursor_type="row", zebra_stripes=True)
            yield Static(Content("Shared with you (Enter opens)"), classes="section panel-title")
            yield DataTable(id="shared", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#people", DataTable).add_columns(
            "Name", "Here", "Doing", "Replies", "Score", "Band")
        self.query_one("#drills", DataTable).add_columns(
            "Name", "Drill", "Score", "Items passed", "Finished")
        self.query_one("#debrief", DataTable).add_columns(
            "Skill", "Replies", "Share", "People")
        self.query_one("#shared", DataTable).add_columns("Name", "Scenario", "Date", "Score")
        self.action_refresh()
        self.set_interval(REFRESH, self.action_refresh)
        self.query_one("#shared", DataTable).focus()

    def action_refresh(self) -> None:
        """Read the room again (in a thread: 60 participants take about 0.2 s) and redraw."""
        self.read_room()

    @work(thread=True, exclusive=True)
    def read_room(self) -> None:
        """Every participant's store and status, read-only, off the event loop."""
        room = self.room
        found = room.presence(), room.drills(), room.debrief(), room.shared()
        self.app.call_from_thread(self._show, *found)

    def _show(self, presence: list[Presence], drills: list[DrillRow], debrief: list[SkillRow],
              shared: list[SharedRow]) -> None:
        here = sum(p.here for p in presence)
        self.query_one("#room-title", Static).update(Content(
            f"Facilitator: {here} in the room, {plural(len(presence), 'participant')} joined"))
        self._fill("people", ((p.key, (p.name, "yes" if p.here else "no", p.activity, p.replies,
                                       p.score, p.band)) for p in presence))
        self._fill("drills", ((f"{d.name}-{d.drill.id}", (
            d.name, d.drill.title, d.drill.score, f"{d.drill.items_passed}/{d.drill.items}",
            d.drill.finished_at[11:16])) for d in drills))
        self._fill("debrief", ((row.code, (row.label, row.replies, f"{row.share:.0%}",
                                           row.people)) for row in debrief))
        self.shared = {f"{r.key}/{r.session.id}": r for r in shared}
        self._fill("shared", ((key, (r.name, r.session.info.scenario_title,
                                     r.session.info.started_at[:10], r.session.score))
                              for key, r in self.shared.items()))

    def _fill(self, table_id: str, rows) -> None:
        table = self.query_one(f"#{table_id}", DataTable)
        cursor = table.cursor_row
        table.clear()
        for key, cells in rows:
            table.add_row(*(_cell(c) for c in cells), key=key)
        if table.row_count:
            table.move_cursor(row=min(cursor, table.row_count - 1))

    def action_open(self) -> None:
        table = self.query_one("#shared", DataTable)
        if not table.row_count:
            self.notify("Nobody has shared a session yet (participants press s in History).",
                        markup=False)
            return
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        row = self.shared[key]
        try:
            session, turns, verdicts = self.room.open_shared(row.key, row.session.id)
        except InputError as exc:
            self.notify(str(exc), severity="warning", markup=False)
            return
        self.app.push_screen(SharedSessionScreen(row.name, markdown(session, turns, verdicts)))


class SharedSessionScreen(Screen):
    """A shared session's report, read-only."""

    BINDINGS = [Binding("escape", "app.pop_screen", "Back")]

    def __init__(self, name: str, text: str) -> None:
        super().__init__()
        self.owner = name
        self.text = text

    def compose(self) -> ComposeResult:
        yield Static(Content(f"Shared by {self.owner}"), classes="screen-title")
        with VerticalScroll(id="shared-report"):
            yield Markdown(self.text)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#shared-report").focus()  # arrows, Page Down and End scroll the report
