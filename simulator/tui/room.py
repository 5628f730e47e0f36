"""One browser tab of a masterclass room (``coachsim serve`` runs ``python -m simulator.tui.room``).

The tab starts at the name screen. A participant then gets the practice app over their own
store (see :mod:`simulator.room`) and reports what they are doing for the lead; the lead,
with the facilitator code, gets the room's view instead. Settings come from the server in the
environment: ``COACHSIM_ROOM_DIR``, ``COACHSIM_ROOM_CODE``, ``COACHSIM_FACILITATOR_CODE`` and
``COACHSIM_PARTICIPANT`` (the browser's random cookie).
"""
from __future__ import annotations

import os
import secrets
import sys
from typing import Mapping

from textual.screen import Screen

from simulator.errors import InputError
from simulator.room import Participant, Room, process_alive
from simulator.tui.app import CoachApp
from simulator.tui.screens.join import Joined, JoinScreen, LeadSignedIn

#: Seconds between checks of what the participant is doing (written only when it changed).
STATUS_EVERY = 1.5
#: Seconds between checks that the server still runs (its tabs must not outlive it).
SERVER_CHECK_EVERY = 2.0


class RoomApp(CoachApp):
    """The practice app for one participant of a room, or the lead's view."""

    def __init__(self, room: Room, token: str, *, room_code: str | None = None,
                 facilitator_code: str | None = None, server_pid: int | None = None,
                 **kwargs) -> None:
        super().__init__(None, **kwargs)  # no store until the participant gives a name
        self.room = room
        self.token = token
        self.room_code = room_code
        self.facilitator_code = facilitator_code
        self.participant: Participant | None = None
        self._status: tuple | None = None
        self.server_pid = server_pid

    def on_mount(self) -> None:
        if self.server_pid is not None:
            self.set_interval(SERVER_CHECK_EVERY, self.check_server)

    def check_server(self) -> None:
        """A tab outlives its server only as an orphan process holding the store: save any
        draft and exit once the server is gone."""
        if not process_alive(self.server_pid):
            self.hang_up()

    in_room = True

    def get_default_screen(self) -> Screen:
        return JoinScreen(self.room_code, self.facilitator_code)

    def _scenarios_ready(self, problems: list[str]) -> None:
        if self.store is not None:  # before the name there is no picker to refresh
            super()._scenarios_ready(problems)
        else:
            self._pending_problems = problems

    def on_joined(self, message: Joined) -> None:
        """Open the participant's own store and show them the scenarios."""
        from simulator.tui.screens.picker import PickerScreen

        try:
            self.participant = self.room.join(self.token, message.name)
            self.store = self.participant.store()
        except InputError as exc:
            self.notify(str(exc), title="Cannot join", severity="error", markup=False)
            return
        self.trainee = self.participant.name
        self.picker = PickerScreen()
        self.push_screen(self.picker)  # over the name screen, which stays at the bottom
        self.sub_title = self.participant.name
        if self.scenarios is not None:
            self.call_after_refresh(super()._scenarios_ready, getattr(self, "_pending_problems", []))
        self.report_status()
        self.set_interval(STATUS_EVERY, self.report_status)

    def on_lead_signed_in(self, message: LeadSignedIn) -> None:
        from simulator.tui.screens.facilitator import FacilitatorScreen

        self.sub_title = "facilitator"
        self.push_screen(FacilitatorScreen(self.room))

    def report_status(self) -> None:
        """Tell the lead's view what this participant is doing, if that changed."""
        if self.participant is None:
            return
        status = activity(self.screen_stack)
        if status != self._status:
            self._status = status
            try:
                self.room.report(self.participant, *status)
            except OSError:
                pass  # the lead's view is a convenience; practice goes on without it


def activity(stack: list[Screen]) -> tuple[str, int | None, str | None, int]:
    """What the top screen shows, as (activity, score, band, replies) for the lead."""
    from simulator.tui.screens.briefing import BriefingScreen
    from simulator.tui.screens.conversation import ConversationScreen
    from simulator.tui.screens.drill import DrillPickerScreen, DrillScreen
    from simulator.tui.screens.history import HistoryScreen
    from simulator.tui.screens.report import ReportScreen

    screen = stack[-1] if stack else None
    if isinstance(screen, ConversationScreen):
        session = screen.session
        score = session.score() if session.turns else None
        return (f"scenario: {session.loaded.scenario.title}", score and score.score,
                score and score.band, len(session.turns))
    if isinstance(screen, DrillScreen):
        result = screen.result
        return (f"drill: {screen.drill.title}", result and result.score,
                result and ("passed" if result.passed else "not passed"), len(screen.run.results))
    if isinstance(screen, ReportScreen):
        saved = screen.saved
        return f"report: {saved.info.scenario_title}", saved.score, saved.band, saved.turns
    names = {HistoryScreen: "history", DrillPickerScreen: "choosing a drill",
             BriefingScreen: "reading a briefing"}
    return names.get(type(screen), "choosing a scenario"), None, None, 0


def make_room_app(env: Mapping[str, str]) -> RoomApp:
    """The tab's app from the server's environment (a missing cookie: a participant of its own)."""
    folder = env.get("COACHSIM_ROOM_DIR")
    if not folder:
        raise InputError("this tab was not started by 'coachsim serve' (no COACHSIM_ROOM_DIR)")
    server = env.get("COACHSIM_SERVER_PID", "")
    return RoomApp(Room(folder), env.get("COACHSIM_PARTICIPANT") or secrets.token_hex(16),
                   room_code=env.get("COACHSIM_ROOM_CODE") or None,
                   facilitator_code=env.get("COACHSIM_FACILITATOR_CODE") or None,
                   server_pid=int(server) if server.isdigit() else None)


def main() -> None:
    """Run one tab; a bad setup is one line on stderr (textual-serve shows it) and exit 2."""
    try:
        app = make_room_app(os.environ)
    except InputError as exc:
        print(f"coachsim: {exc}", file=sys.stderr)
        sys.exit(2)
    app.run()


if __name__ == "__main__":
    main()
