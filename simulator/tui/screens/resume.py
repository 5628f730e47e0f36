"""The start-up offer to resume a session that was cut off (crash, kill, closed terminal)."""
from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, Static

from simulator.store import SavedSession


class ResumeScreen(ModalScreen[bool]):
    """Resume (True) or discard (False) an unfinished session."""

    SCOPED_CSS = False  # rules apply as written, not under this screen's name (see simulator.tcss)
    DEFAULT_CSS = """
    ResumeScreen {
        align: center middle;
    }
    #resume-box {
        width: 64;
        max-width: 100%;
        height: auto;
        padding: 1 2;
        border: thick $primary;
        background: $surface;
    }
    #resume-box .buttons {
        height: auto;
        margin-top: 1;
    }
    #resume-box Button {
        margin-right: 2;
    }
    """

    BINDINGS = [
        Binding("r", "answer(True)", "Resume"),
        Binding("d", "answer(False)", "Discard"),
    ]

    def __init__(self, saved: SavedSession, available: bool = True) -> None:
        super().__init__()
        self.saved = saved
        self.available = available

    def compose(self) -> ComposeResult:
        s = self.saved
        when = s.info.started_at.replace("T", " ")[:16]
        lines = [("An unfinished session\n", "bold"),
                 f"{s.info.scenario_title}, started {when} UTC, {s.turns} "
                 f"repl{'y' if s.turns == 1 else 'ies'} saved"]
        if s.draft:
            lines.append(", and a reply you were typing")
        lines.append(".")
        if not self.available:
            lines.append("\nIts scenario is no longer installed, so it cannot be resumed.")
        with Vertical(id="resume-box"):
            yield Static(Content.assemble(*lines))
            with Horizontal(classes="buttons"):
                yield Button("Resume (r)", id="resume", variant="primary", disabled=not self.available)
                yield Button("Discard (d)", id="discard", variant="error")
        # Its own keys: the footer of the screen beneath shows keys that do nothing meanwhile.
        yield Footer()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.action_answer(event.button.id == "resume")

    def action_answer(self, resume: bool) -> None:
        if resume and not self.available:
            return
        self.dismiss(resume)
