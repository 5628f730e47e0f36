"""The practice app under attack and bad luck: links, locks, a full disk, a second window, a
damaged store (issue 13). Driven with Pilot over a real SQLite store."""
from __future__ import annotations

import sqlite3

import pytest
from textual.widgets import Input, Static

from simulator import store as store_module
from simulator.review import transcript_items
from simulator.verdicts import text_hash
from simulator.scenario import load_scenario
from simulator.store import Store
from simulator.tui.app import make_app
from simulator.tui.screens.conversation import DRAFT_DELAY, ConversationScreen
from simulator.tui.screens.report import ReportScreen
from simulator.tui.screens.resume import ResumeScreen
from simulator.tui.screens.review import ReviewScreen
from simulator.tui.widgets.turns import CoachTurn
from tests.scenario_fixtures import WALKING
from tests.test_store_lease import HOLD_A_NEW_SESSION, holder
from tests.tui.test_app_flow import OPEN, app_for, say, start


def messages(app) -> list[str]:
    return [str(n.message) for n in app._notifications]


async def test_an_export_into_a_linked_folder_is_refused_in_one_line_and_the_app_carries_on(
        data_dir, walks, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    async with app_for(data_dir, walks).run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        await start(pilot)
        await say(pilot, OPEN)
        await pilot.press("ctrl+r")
        await pilot.pause()
        (data_dir / "exports").symlink_to(outside)
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(pilot.app.screen, ReportScreen)
        assert any("symbolic link" in m and "\n" not in m for m in messages(pilot.app))
    assert list(outside.iterdir()) == []


@pytest.fixture
def short_lock_wait(monkeypatch):
    monkeypatch.setattr(store_module, "LOCK_WAIT", 0.2)


def stored_replies(data_dir) -> list[str]:
    with sqlite3.connect(data_dir / "coachsim.db") as db:
        return [row[0] for row in db.execute("SELECT coach FROM turns ORDER BY turn")]


async def test_a_reply_sent_while_another_program_holds_the_lock_stays_in_the_box(
        data_dir, walks, short_lock_wait):
    async with app_for(data_dir, walks).run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        screen = await start(pilot)
        other = sqlite3.connect(data_dir / "coachsim.db", isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        await say(pilot, OPEN)
        assert screen.query_one("#reply", Input).value == OPEN
        assert not screen.query(CoachTurn)
        assert any("locked" in m and "\n" not in m for m in messages(pilot.app))
        other.execute("ROLLBACK")
        other.close()
        await pilot.press("enter")  # the same reply, sent again
        await pilot.pause()
        assert screen.query_one("#reply", Input).value == ""
        assert len(screen.query(CoachTurn)) == 1
    assert stored_replies(data_dir) == [OPEN]


async def test_a_full_disk_keeps_the_draft_and_the_reply_and_the_next_enter_sends_it(
        data_dir, walks):
    async with app_for(data_dir, walks).run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        screen = await start(pilot)
        db = pilot.app.store.db
        pages = db.execute("PRAGMA page_count").fetchone()[0]
        db.execute(f"PRAGMA max_page_count = {pages}")  # SQLite's own "disk is full"
        long_reply = OPEN + " " + "and what else " * 2000
        screen.query_one("#reply", Input).value = long_reply
        await pilot.pause(DRAFT_DELAY + 0.2)
        assert any("full" in m for m in messages(pilot.app))
        assert screen.draft == long_reply
        await pilot.press("enter")
        await pilot.pause()
        assert screen.query_one("#reply", Input).value == long_reply
        db.execute("PRAGMA max_page_count = 1073741823")  # space freed
        await pilot.press("enter")
        await pilot.pause()
        assert screen.query_one("#reply", Input).value == ""
    assert stored_replies(data_dir) == [long_reply]


# -- a session open in another process ---------------------------------------------------------
@pytest.fixture
def held(data_dir):
    """Another coachsim process with a session (one reply) open in the store."""
    data_dir.mkdir(mode=0o700)
    process = holder(data_dir, HOLD_A_NEW_SESSION)
    yield process
    process.kill()
    process.wait()


def turns_by_session(data_dir) -> dict[int, list[str]]:
    found: dict[int, list[str]] = {}
    with sqlite3.connect(data_dir / "coachsim.db") as db:
        for session_id, coach in db.execute("SELECT session_id, coach FROM turns "
                                            "ORDER BY session_id, turn"):
            found.setdefault(session_id, []).append(coach)
    return found


async def test_a_session_open_in_another_process_is_offered_as_a_copy_not_resumed(data_dir, held):

    app = make_app(data_dir, scenarios=[load_scenario(WALKING)], seed=3)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        offer = pilot.app.screen
        assert isinstance(offer, ResumeScreen)
        assert "open in another window" in offer.query_one(Static).render().plain
        await pilot.press("r")  # resuming is not on offer
        await pilot.pause()
        assert pilot.app.screen is offer
        await pilot.press("c")
        await pilot.pause()
        screen = pilot.app.screen
        assert isinstance(screen, ConversationScreen) and len(screen.query(CoachTurn)) == 1
        await say(pilot, "You miss being out on your own.")
    original, *copies = turns_by_session(data_dir).items()
    assert original[1] == [OPEN]  # the other window's session is untouched
    assert [turns for _, turns in copies] == [[OPEN, "You miss being out on your own."]]


async def test_once_the_other_process_dies_its_session_is_resumed_and_written(data_dir, held):

    held.kill()
    held.wait()
    app = make_app(data_dir, scenarios=[load_scenario(WALKING)], seed=3)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(pilot.app.screen, ConversationScreen)
        await say(pilot, "You miss being out on your own.")
    assert list(turns_by_session(data_dir).values()) == [[OPEN, "You miss being out on your own."]]


# -- terminal escapes in an imported transcript -------------------------------------------------
ESCAPES = "\x1b]0;pwned\x07\x1b[2J\x9b31m"


def shows_no_escape(text: str) -> bool:
    return not any(ch in text for ch in "\x1b\x07\x9b")


async def test_an_imported_transcript_with_terminal_escapes_is_shown_escaped_in_review(
        data_dir, tmp_path, coder):

    path = tmp_path / f"odd{ESCAPES}.csv"
    path.write_text("session_id,speaker,text,turn\n"
                    f"s{ESCAPES},client,I blank{ESCAPES} the screen,0\n"
                    f"s{ESCAPES},coach,Do you{ESCAPES} walk to the shops?,1{ESCAPES}\n",
                    encoding="utf-8")
    screen = ReviewScreen(transcript_items(path, coder), "Trainer\x1b[2J", None)
    app = make_app(data_dir, start=screen, offer_resume=False)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        assert pilot.app.screen is screen
        shown = [w.render().plain for w in screen.query(Static)]
        assert all(shows_no_escape(text) for text in shown)
        joined = "\n".join(shown)
        assert "Do you\u241b]0;pwned" in joined and "I blank\u241b" in joined
        await pilot.press("a")  # a verdict against the reply's real words
        await pilot.pause()
        assert all(shows_no_escape(w.render().plain) for w in screen.query(Static))
    with Store(data_dir) as store:
        assert [v.text_hash for v in store.verdicts()] == [text_hash(
            f"Do you{ESCAPES} walk to the shops?")]


async def test_a_session_just_begun_in_another_process_is_neither_offered_nor_discarded(data_dir):

    data_dir.mkdir(mode=0o700)
    process = holder(data_dir, """
        Session(load_scenario(WALKING), rubric="core", seed=5, recorder=store)
        print("ready", flush=True)
        time.sleep(120)
    """)
    try:
        app = make_app(data_dir, scenarios=[load_scenario(WALKING)], seed=3)
        async with app.run_test(size=(100, 32)) as pilot:
            await pilot.pause()
            assert not isinstance(pilot.app.screen, ResumeScreen)
            assert messages(pilot.app) == []
        with Store(data_dir) as store:
            assert [s.status for s in store.unfinished()] == ["open"]
    finally:
        process.kill()
        process.wait()
