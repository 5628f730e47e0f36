"""The briefing: who the person is and what to practise, then practice or assessment mode."""
from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, Footer, Static

from simulator.journey import Carryover, appointment_scenario
from simulator.rubric.plans import PLAN_FIELDS
from simulator.scenario import ACTIVATION_LEVELS
from simulator.store import SavedSession
from simulator.tui.widgets.title import ScreenTitle


def reflow(text: str) -> str:
    """Join the hard-wrapped lines of each paragraph, so the terminal wraps them to its width."""
    paragraphs = (" ".join(p.split()) for p in text.strip().split("\n\n"))
    return "\n\n".join(p for p in paragraphs if p)


class BriefingScreen(Screen):
    """Read the briefing, then start in practice mode (live feedback) or assessment mode."""

    SCOPED_CSS = False  # rules apply as written, not under this screen's name (see simulator.tcss)
    DEFAULT_CSS = """
    #briefing {
        padding: 1 2;
    }
    #modes {
        height: auto;
        padding: 0 2;
    }
    #modes Button {
        margin-right: 2;
    }
    """

    BINDINGS = [
        Binding("p", "start(False)", "Practice", tooltip="Live feedback, gauges and hints"),
        Binding("a", "start(True)", "Assessment", tooltip="No feedback until the end"),
        Binding("f", "first", "First appointment",
                tooltip="Start the journey again from the first appointment"),
        Binding("escape", "app.pop_screen", "Back"),
    ]

    def __init__(self, loaded, after: SavedSession | None = None) -> None:
        super().__init__()
        self.loaded = loaded
        #: The appointment before the one to play (None: the first appointment).
        self.after = after

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        if action == "first":
            return self.after is not None
        return True

    def compose(self) -> ComposeResult:
        if self.after is not None:
            yield from self._follow_up(self.after)
            return
        s = self.loaded.scenario
        p = s.persona
        yield ScreenTitle(s.title, "briefing")
        with VerticalScroll(id="briefing"):
            yield Static(Content.assemble(
                (f"{p.name}, {p.age}", "bold"),
                f" · activation level {p.activation} ({ACTIVATION_LEVELS.get(p.activation, '')})"
                f" · difficulty {s.difficulty}/5\n", (s.setting, "italic")))
            yield Static(Content(reflow(s.briefing)), classes="section")
            yield Static(Content.assemble(("Objectives\n", "bold"),
                                          *(f"• {o}\n" for o in s.objectives)).rstrip(),
                         classes="section")
        with Horizontal(id="modes"):
            yield Button("Practice (p)", id="practice", variant="primary")
            yield Button("Assessment (a)", id="assessment")
        yield Footer()

    def _follow_up(self, after: SavedSession) -> ComposeResult:
        """The next appointment's briefing, with what carried over and the plan written."""
        number = after.info.appointment + 1
        carried = Carryover.from_dict(after.notes["carried_out"])
        scenario = appointment_scenario(self.loaded, number, carried)[0].scenario
        p = scenario.persona
        yield Static(Content(scenario.title), classes="screen-title")
        with VerticalScroll(id="briefing"):
            yield Static(Content.assemble(
                (f"{p.name}, {p.age}", "bold"), f" · appointment {number}"
                f" · last seen {after.info.started_at[:10]}\n", (scenario.setting, "italic")))
            yield Static(Content(reflow(scenario.briefing)), classes="section")
            yield Static(Content.assemble(("From last time\n", "bold"), carried.summary()),
                         classes="section")
            if plan := after.notes.get("plan"):
                fields = plan.get("fields", {})
                yield Static(Content.assemble(
                    ("The plan you wrote\n", "bold"),
                    *(f"• {label}: {fields[key]}\n" for key, label in PLAN_FIELDS.items()
                      if fields.get(key))).rstrip(), classes="section")
        with Horizontal(id="modes"):
            yield Button(f"Appointment {number} (p)", id="practice", variant="primary")
            yield Button("Assessment (a)", id="assessment")
        yield Footer()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.action_start(event.button.id == "assessment")

    def action_start(self, assessment: bool) -> None:
        self.app.pop_screen()
        self.app.start_session(self.loaded, assessment, self.after)

    def action_first(self) -> None:
        self.app.pop_screen()
        self.app.push_screen(BriefingScreen(self.loaded))
