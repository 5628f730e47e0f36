"""The start-up offer to resume a session that was cut off (crash, kill, closed terminal)."""
from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, Static

from simulator.store import Lease, SavedSession


class ResumeScreen(ModalScreen[str]):
    """What to do with an unfinished session: ``resume`` or ``discard`` it; or, while it is
    open in another window (``elsewhere``), open a ``copy``, start a ``new`` session, or
    ``skip`` it for now."""

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
        Binding("r", "answer('resume')", "Resume"),
        Binding("d", "answer('discard')", "Discard"),
        Binding("c", "answer('copy')", "Open a copy"),
        Binding("n", "answer('new')", "New session"),
        Binding("escape", "answer('skip')", "Not now"),
    ]

    def __init__(self, saved: SavedSession, available: bool = True,
                 elsewhere: Lease | None = None) -> None:
        super().__init__()
        self.saved = saved
        self.available = available
        self.elsewhere = elsewhere

    @property
    def answers(self) -> tuple[str, ...]:
        """The answers this offer takes."""
        if self.elsewhere is not None:
            return ("copy", "new", "skip") if self.available else ("skip",)
        return ("resume", "discard") if self.available else ("discard",)

    def compose(self) -> ComposeResult:
        s = self.saved
        when = s.info.started_at.replace("T", " ")[:16]
        lines = [("An unfinished session\n", "bold"),
                 f"{s.info.scenario_title}, started {when} UTC, {s.turns} "
                 f"repl{'y' if s.turns == 1 else 'ies'} saved"]
        if s.draft:
            lines.append(", and a reply you were typing")
        lines.append(".")
        if self.elsewhere is not None:
            lines.append(f"\nIt is open in another window ({self.elsewhere.describe()}), so it "
                         "cannot be resumed here: open a copy of it, or start a new session.")
        if not self.available:
            lines.append("\nIts scenario is no longer installed, so it cannot be resumed.")
        with Vertical(id="resume-box"):
            yield Static(Content.assemble(*lines))
            with Horizontal(classes="buttons"):
                if self.elsewhere is None:
                    yield Button("Resume (r)", id="resume", variant="primary",
                                 disabled=not self.available)
                    yield Button("Discard (d)", id="discard", variant="error")
                else:
                    yield Button("Open a copy (c)", id="copy", variant="primary",
                                 disabled=not self.available)
                    yield Button("New session (n)", id="new", disabled=not self.available)
                    yield Button("Not now (Esc)", id="skip")
        # Its own keys: the footer of the screen beneath shows keys that do nothing meanwhile.
        yield Footer()

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        if action == "answer":
            return parameters[0] in self.answers
        return True

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.action_answer(event.button.id)

    def action_answer(self, answer: str) -> None:
        if answer in self.answers:
            self.dismiss(answer)
