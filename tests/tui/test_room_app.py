"""A browser room's tab, driven with Pilot: the name screen and room code, one store per
participant (nobody sees another's sessions), the lead's view without anyone's words unless
shared, and drill results kept with the trainee (history and practice log)."""
from __future__ import annotations

import os
import subprocess
import sys

from textual.widgets import DataTable, Input, Markdown, Static

from simulator.render.session import practice_log
from simulator.room import Room
from simulator.tui.app import make_app
from simulator.tui.room import RoomApp
from simulator.tui.screens.drill import DrillScreen
from simulator.tui.screens.facilitator import FacilitatorScreen, SharedSessionScreen
from simulator.tui.screens.history import HistoryScreen
from simulator.tui.screens.join import JoinScreen
from simulator.tui.screens.picker import PickerScreen
from tests.tui.test_drill_screen import FakeClock, drill  # noqa: F401  (the fixture)

ANA, BEN = "a" * 32, "b" * 32
REPLY = "What matters most to you about walking again?"


def _room(data_dir):
    data_dir.mkdir(mode=0o700, exist_ok=True)  # `coachsim serve` makes it before any tab
    return data_dir / "room"


def tab(data_dir, walks, token: str, **codes) -> RoomApp:
    return RoomApp(Room(_room(data_dir)), token, scenarios=[walks], seed=3, **codes)


async def join(pilot, name: str, code: str | None = None) -> None:
    await pilot.pause()
    pilot.app.screen.query_one("#name", Input).value = name
    await pilot.press("enter")
    if code is not None:
        pilot.app.screen.query_one("#code", Input).value = code
        await pilot.press("enter")
    await pilot.pause()


async def practise(pilot, walks, reply: str = REPLY) -> None:
    """Start a session on the test scenario, send one reply and finish it."""
    pilot.app.start_session(walks, assessment=False)
    await pilot.pause()
    pilot.app.screen.query_one("#reply", Input).value = reply
    await pilot.press("enter")
    await pilot.pause()


async def sign_in_as_lead(pilot, code: str) -> None:
    await pilot.pause()
    await pilot.press("ctrl+f")
    pilot.app.screen.query_one("#lead-code", Input).value = code
    await pilot.press("enter")
    await read_room(pilot)


async def read_room(pilot) -> None:
    """Let the lead's view finish reading the room (it reads in a thread)."""
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def rows(table: DataTable) -> list[list[str]]:
    return [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]


async def test_each_tab_starts_at_the_name_screen_and_needs_the_room_code(data_dir, walks):
    app = tab(data_dir, walks, ANA, room_code="4821")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, JoinScreen) and app.store is None
        await join(pilot, "Ana", "0000")
        assert isinstance(app.screen, JoinScreen)
        assert "not the room code" in str(app.screen.query_one("#join-error", Static).render())
        assert not list((data_dir / "room" / "participants").iterdir())
        await join(pilot, "Ana\x1b[2J", "4821")  # control characters never reach a name
        assert isinstance(app.screen, PickerScreen)
        assert app.trainee == "Ana[2J"
        assert app.store.path.parent.parent == data_dir / "room" / "participants"


async def test_a_second_participant_never_sees_the_first_ones_sessions(data_dir, walks):
    async with tab(data_dir, walks, ANA).run_test(size=(100, 30)) as pilot:
        await join(pilot, "Ana")
        await practise(pilot, walks)
        await pilot.press("ctrl+r")
        await pilot.pause()
        ana_store = pilot.app.store.path
    # Ben on another laptop, and someone else typing "Ana" on a third: each their own store.
    for token, name in ((BEN, "Ben"), ("c" * 32, "Ana")):
        app = tab(data_dir, walks, token)
        async with app.run_test(size=(100, 30)) as pilot:
            await join(pilot, name)
            assert app.store.path != ana_store
            assert app.store.finished() == [] and app.store.unfinished() == []
            await pilot.press("h")
            await pilot.pause()
            assert isinstance(app.screen, HistoryScreen)
            assert rows(app.screen.query_one(DataTable)) == []
    # Ana, back in her own browser under her own name, has her session again.
    app = tab(data_dir, walks, ANA)
    async with app.run_test(size=(100, 30)) as pilot:
        await join(pilot, "Ana")
        assert app.store.path == ana_store and len(app.store.finished()) == 1


async def test_the_lead_sees_who_does_what_and_each_skill_but_words_only_when_shared(data_dir, walks):
    ana = tab(data_dir, walks, ANA, facilitator_code="lead-77")
    async with ana.run_test(size=(100, 30)) as ana_pilot:
        await join(ana_pilot, "Ana")
        await practise(ana_pilot, walks)
        ana.report_status()
        lead = tab(data_dir, walks, BEN, facilitator_code="lead-77")
        async with lead.run_test(size=(120, 60)) as pilot:
            await sign_in_as_lead(pilot, "lead-77")
            screen = lead.screen
            assert isinstance(screen, FacilitatorScreen)
            [person] = rows(screen.query_one("#people", DataTable))
            assert person[:4] == ["Ana", "yes", f"scenario: {walks.scenario.title}", "1"]
            debrief = {r[0]: r for r in rows(screen.query_one("#debrief", DataTable))}
            assert debrief["open question"][1:] == ["1", "100%", "1"]
            every_cell = " ".join(" ".join(r) for t in screen.query(DataTable) for r in rows(t))
            assert "walking again" not in every_cell
            # Nothing shared yet: Enter opens nothing; once Ana shares, the lead may read it.
            await pilot.press("enter")
            assert isinstance(lead.screen, FacilitatorScreen)
            await ana_pilot.press("ctrl+r")
            await ana_pilot.pause()
            [finished] = ana.store.finished()
            ana.store.share(finished.id)
            screen.action_refresh()
            await read_room(pilot)
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(lead.screen, SharedSessionScreen)
            assert "walking again" in lead.screen.text
            assert lead.screen.query_one(Markdown)


async def test_a_wrong_facilitator_code_opens_nothing(data_dir, walks):
    app = tab(data_dir, walks, BEN, facilitator_code="lead-77")
    async with app.run_test(size=(100, 30)) as pilot:
        await sign_in_as_lead(pilot, "lead-78")
        assert isinstance(app.screen, JoinScreen)
        assert "4 tries left" in str(app.screen.query_one("#join-error", Static).render())


async def test_without_a_facilitator_code_there_is_no_lead_sign_in(data_dir, walks):
    app = tab(data_dir, walks, BEN)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+f")
        await pilot.pause()
        assert not app.screen.lead


async def test_a_finished_drill_is_kept_in_history_and_the_practice_log(data_dir, walks, drill):
    screen = DrillScreen(drill, clock=FakeClock())
    app = make_app(data_dir, scenarios=[walks], seed=3, trainee="Ana", start=screen)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        screen.query_one("#answer", Input).value = "What do you enjoy about the walks?"
        await pilot.press("enter")
        await pilot.press("ctrl+r")
        await pilot.pause()
        [kept] = app.store.drill_results()
        assert (kept.drill_id, kept.title, kept.trainee, kept.items, kept.items_passed) == (
            drill.id, drill.title, "Ana", 3, 1)
        assert kept.score == screen.result.score
        app.show_history()
        await pilot.pause()
        [row] = rows(app.screen.query_one(DataTable))
        assert row[1] == f"drill: {drill.title}" and row[3] == "1/3"
        assert f"drill: {drill.title}" in practice_log(app.store)


async def test_a_tab_whose_server_has_gone_keeps_the_draft_and_exits(data_dir, walks):
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()  # a process id that no longer runs: the server was stopped
    app = RoomApp(Room(_room(data_dir)), ANA, scenarios=[walks], seed=3, server_pid=os.getpid())
    async with app.run_test(size=(100, 30)) as pilot:
        await join(pilot, "Ana")
        await practise(pilot, walks)
        pilot.app.screen.query_one("#reply", Input).value = "And what else"
        await pilot.pause()
        app.check_server()  # the server still runs: nothing happens
        await pilot.pause()
        assert app.is_running
        app.server_pid = gone.pid
        app.check_server()
        await pilot.pause()
    assert app.return_code is not None  # the app exited
    with Room(_room(data_dir)).join(ANA, "Ana").store() as store:
        [unfinished] = store.unfinished()
    assert unfinished.draft == "And what else"
