"""SVG snapshots of the main screens (fixed seed, sizes and dates; no blinking cursor).

Update after an intended change with ``pytest tests/tui --snapshot-update`` and look at the
new SVGs before committing them.
"""
from __future__ import annotations

from textual.widgets import Input

from simulator.session import Session
from simulator.tui.app import make_app

#: Fixed so snapshots never depend on the day the tests run.
STARTED = "2026-02-03T09:30:00+00:00"
REPLIES = ["What does walking mean to you these days?",
           "You should just get out more, it's not hard."]


def app_for(data_dir, walks, **kwargs):
    return make_app(data_dir, scenarios=[walks], seed=3, **kwargs)


async def still(pilot) -> None:
    """No blinking cursor, nothing animating: the same picture every run."""
    await pilot.pause()
    for widget in pilot.app.screen.query(Input):
        widget.cursor_blink = False
    await pilot.pause()


def conversation(mode: str, theme: str | None = None, replies=REPLIES):
    async def run_before(pilot) -> None:
        await pilot.pause()
        if theme:
            pilot.app.theme = theme
        await pilot.press("enter", mode)
        await pilot.pause()
        for text in replies:
            pilot.app.screen.query_one("#reply", Input).value = text
            await pilot.press("enter")
            await pilot.pause()
        await pilot.press(*"I wonder")
        await still(pilot)
    return run_before


def finished_session(app, walks, replies=REPLIES, started=STARTED) -> int:
    session = Session(walks, seed=3, recorder=app.store, started_at=started)
    for text in replies:
        if not session.ended:
            session.submit(text)
    session_id = app.store.current
    session.finish()
    return session_id


def test_picker(snap_compare, data_dir, walks):
    assert snap_compare(app_for(data_dir, walks), terminal_size=(100, 32), run_before=still)


def test_picker_80x24(snap_compare, data_dir, walks):
    assert snap_compare(app_for(data_dir, walks), terminal_size=(80, 24), run_before=still)


def test_briefing(snap_compare, data_dir, walks):
    assert snap_compare(app_for(data_dir, walks), terminal_size=(100, 32), press=["enter"],
                        run_before=still)


def test_conversation_practice(snap_compare, data_dir, walks):
    assert snap_compare(app_for(data_dir, walks), terminal_size=(100, 32),
                        run_before=conversation("p"))


def test_conversation_practice_80x24(snap_compare, data_dir, walks):
    assert snap_compare(app_for(data_dir, walks), terminal_size=(80, 24),
                        run_before=conversation("p"))


def test_conversation_practice_light_theme(snap_compare, data_dir, walks):
    assert snap_compare(app_for(data_dir, walks), terminal_size=(100, 32),
                        run_before=conversation("p", theme="textual-light"))


def test_conversation_assessment(snap_compare, data_dir, walks):
    assert snap_compare(app_for(data_dir, walks), terminal_size=(100, 32),
                        run_before=conversation("a"))


def test_report(snap_compare, data_dir, walks):
    async def run_before(pilot):
        await pilot.pause()
        pilot.app.show_report(finished_session(pilot.app, walks))
        await still(pilot)
    assert snap_compare(app_for(data_dir, walks), terminal_size=(100, 32), run_before=run_before)


def test_history(snap_compare, data_dir, walks):
    async def run_before(pilot):
        await pilot.pause()
        finished_session(pilot.app, walks, REPLIES[:1], "2026-02-01T09:00:00+00:00")
        finished_session(pilot.app, walks, REPLIES, "2026-02-02T09:00:00+00:00")
        finished_session(pilot.app, walks, REPLIES[::-1], STARTED)
        pilot.app.show_history()
        await still(pilot)
    assert snap_compare(app_for(data_dir, walks), terminal_size=(100, 32), run_before=run_before)


def test_resume_offer(snap_compare, data_dir, walks):
    from simulator.store import Store

    with Store(data_dir) as store:
        session = Session(walks, seed=3, recorder=store, started_at=STARTED)
        session.submit(REPLIES[0])
        store.save_draft("So the allotment")
    assert snap_compare(app_for(data_dir, walks), terminal_size=(100, 32), run_before=still)
