"""The first screen of a browser room: your name (and the room's code, when the lead set one);
Ctrl+F turns it into the lead's sign-in with the facilitator code."""
from __future__ import annotations

import hmac
from dataclasses import dataclass

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Input, Static

from simulator.errors import InputError
from simulator.room import clean_name

#: Wrong codes a tab may try before it closes (a new tab costs the guesser a new process).
ATTEMPTS = 5


def same_code(typed: str, expected: str) -> bool:
    """Compare codes in constant time (how long the check takes says nothing about the code)."""
    return hmac.compare_digest(typed.strip().encode(), expected.encode())


@dataclass
class Joined(Message):
    """A participant gave their name (and the right room code)."""

    name: str


@dataclass
class LeadSignedIn(Message):
    """The lead gave the facilitator code."""


class JoinScreen(Screen):
    """Name and room code, or (Ctrl+F) the facilitator code."""

    SCOPED_CSS = False  # rules apply as written, not under this screen's name (see simulator.tcss)
    DEFAULT_CSS = """
    #join {
        width: 60;
        max-width: 100%;
        height: auto;
        padding: 1 2;
        border: round $primary;
    }
    JoinScreen {
        align: center middle;
    }
    #join Input {
        margin-top: 1;
    }
    #join-error {
        color: $text-error;
        margin-top: 1;
    }
    """

    BINDINGS = [
        Binding("ctrl+f", "lead", "I am the lead", tooltip="Sign in with the facilitator code"),
    ]

    def __init__(self, room_code: str | None, facilitator_code: str | None) -> None:
        super().__init__()
        self.room_code = room_code
        self.facilitator_code = facilitator_code
        self.lead = False
        self.failures = 0

    def compose(self) -> ComposeResult:
        with Vertical(id="join"):
            yield Static(Content("Welcome to the practice room"), classes="panel-title")
            yield Static(Content("Your name is shown to the session lead and on your reports. "
                                 "Your sessions stay yours."), id="join-about")
            yield Input(placeholder="Your name", id="name", max_length=80)
            if self.room_code:
                yield Input(placeholder="Room code (shown by the lead)", id="code", password=True)
            yield Input(placeholder="Facilitator code", id="lead-code", password=True)
            yield Static(id="join-error")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#lead-code").display = False
        self.query_one("#name", Input).focus()

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        if action == "lead":
            return self.facilitator_code is not None and not self.lead
        return True

    def action_lead(self) -> None:
        self.lead = True
        for widget in self.query("#name, #code, #join-about"):
            widget.display = False
        self.query_one("#lead-code").display = True
        self.query_one("#lead-code", Input).focus()
        self.refresh_bindings()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self.lead:
            self._lead_sign_in(self.query_one("#lead-code", Input).value)
            return
        if event.input.id == "name" and self.room_code:
            self.query_one("#code", Input).focus()
            return
        self._join()

    def _join(self) -> None:
        try:
            name = clean_name(self.query_one("#name", Input).value)
        except InputError as exc:
            self._error(str(exc))
            self.query_one("#name", Input).focus()
            return
        if self.room_code:
            code = self.query_one("#code", Input)
            if not same_code(code.value, self.room_code):
                code.value = ""
                self._wrong("That is not the room code; ask the session lead.")
                return
        self.post_message(Joined(name))

    def _lead_sign_in(self, typed: str) -> None:
        if self.facilitator_code and same_code(typed, self.facilitator_code):
            self.post_message(LeadSignedIn())
            return
        self.query_one("#lead-code", Input).value = ""
        self._wrong("That is not the facilitator code.")

    def _wrong(self, message: str) -> None:
        self.failures += 1
        if self.failures >= ATTEMPTS:
            self.app.exit(message="Too many wrong codes.")
            return
        self._error(f"{message} ({ATTEMPTS - self.failures} tries left)")

    def _error(self, message: str) -> None:
        self.query_one("#join-error", Static).update(Content(message))
