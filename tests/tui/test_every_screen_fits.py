"""Every screen at 80x24 (the smallest terminal a course laptop gives) and at 120x40: snapshots,
and the behaviour that keeps them usable there: titles that shorten the scenario's name, never
the mode or the position; a feedback panel that scrolls; dialogs whose buttons stay on screen;
focus that stays in the reply box; Esc that goes back to where a screen was opened from.

Update after an intended change with ``pytest tests/tui --snapshot-update`` and look at the
new SVGs before committing them.
"""
from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input

from simulator.drills import load_drill
from simulator.scenario import load_scenario
from simulator.store import Store
from simulator.tui.app import make_app
from simulator.tui.screens.drill import DrillScreen
from simulator.tui.screens.review import ReviewScreen
from tests.tui.conftest import FIXTURES
from tests.tui.test_app_snapshots import REPLIES, conversation, finished_session, still
from tests.tui.test_calibrate_screen import ROWS, code, screen_for
from tests.tui.test_drill_screen import DRILL, FakeClock, answer
from tests.test_review import write_transcript
from tests.tui.test_room_app import sign_in_as_lead
from tests.tui.test_room_app import tab as room_tab

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]
LONG_TITLE = "Test: walking again after a fall at home, and the fear of the next one"


@pytest.fixture
def long_walks(tmp_path):
    """The app tests' scenario with a title too long for 80 columns."""
    text = (FIXTURES / "app_test_walks.yaml").read_text()
    assert text.count('title: "Test: walking after a fall"') == 1
    path = tmp_path / "long_walks.yaml"
    path.write_text(text.replace('title: "Test: walking after a fall"', f'title: "{LONG_TITLE}"'))
    return load_scenario(path)


@pytest.fixture
def tiny_drill(tmp_path):
    path = tmp_path / "tiny.yaml"
    path.write_text(DRILL)
    return load_drill(path)


@pytest.fixture
def transcript(tmp_path, monkeypatch):
    """A relative path, as a trainer types it: the result's headline names it, and a
    snapshot must not carry the test's own temporary folder."""
    write_transcript(tmp_path / "weight.csv", ROWS)
    monkeypatch.chdir(tmp_path)
    return Path("weight.csv")


def app_for(data_dir, scenario, **kwargs):
    return make_app(data_dir, scenarios=[scenario], seed=3, **kwargs)


def text_on_screen(app) -> str:
    """What the terminal shows, as plain text (one line per row)."""
    import io

    from rich.console import Console

    width, height = app.size
    console = Console(width=width, height=height, file=io.StringIO(), record=True,
                      color_system=None, legacy_windows=False)
    console.print(app.screen._compositor.render_update(
        full=True, screen_stack=app._background_screens))
    return console.export_text()


# -- snapshots: every screen, both sizes ---------------------------------------------------
@pytest.mark.parametrize("size", SIZES)
def test_picker(snap_compare, data_dir, long_walks, size):
    assert snap_compare(app_for(data_dir, long_walks), terminal_size=size, run_before=still)


@pytest.mark.parametrize("size", SIZES)
def test_briefing(snap_compare, data_dir, long_walks, size):
    assert snap_compare(app_for(data_dir, long_walks), terminal_size=size, press=["enter"],
                        run_before=still)


@pytest.mark.parametrize("size", SIZES)
def test_conversation_practice(snap_compare, data_dir, long_walks, size):
    assert snap_compare(app_for(data_dir, long_walks), terminal_size=size,
                        run_before=conversation("p"))


@pytest.mark.parametrize("size", SIZES)
def test_conversation_assessment(snap_compare, data_dir, long_walks, size):
    assert snap_compare(app_for(data_dir, long_walks), terminal_size=size,
                        run_before=conversation("a"))


@pytest.mark.parametrize("size", SIZES)
def test_report(snap_compare, data_dir, long_walks, size):
    async def run_before(pilot):
        await pilot.pause()
        pilot.app.show_report(finished_session(pilot.app, long_walks))
        await still(pilot)
    assert snap_compare(app_for(data_dir, long_walks), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_history(snap_compare, data_dir, long_walks, size):
    async def run_before(pilot):
        await pilot.pause()
        finished_session(pilot.app, long_walks, REPLIES[:1], "2026-02-01T09:00:00+00:00")
        finished_session(pilot.app, long_walks, REPLIES, "2026-02-02T09:00:00+00:00")
        pilot.app.show_history()
        await still(pilot)
    assert snap_compare(app_for(data_dir, long_walks), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_resume_offer(snap_compare, data_dir, long_walks, size):
    from simulator.session import Session

    with Store(data_dir) as store:
        session = Session(long_walks, seed=3, recorder=store,
                          started_at="2026-02-03T09:30:00+00:00")
        session.submit(REPLIES[0])
        store.save_draft("So the allotment")
    assert snap_compare(app_for(data_dir, long_walks), terminal_size=size, run_before=still)


async def _review(pilot, scenario) -> None:
    await pilot.pause()
    pilot.app.review_session(finished_session(pilot.app, scenario))
    await still(pilot)


@pytest.mark.parametrize("size", SIZES)
def test_review(snap_compare, data_dir, long_walks, size):
    async def run_before(pilot):
        await _review(pilot, long_walks)
    assert snap_compare(app_for(data_dir, long_walks, offer_resume=False), terminal_size=size,
                        run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_override_dialog_with_its_error(snap_compare, data_dir, long_walks, size):
    async def run_before(pilot):
        await _review(pilot, long_walks)
        await pilot.press("o")
        await pilot.pause()
        await pilot.press("ctrl+s")  # nothing changed: the dialog says so, buttons in view
        await still(pilot)
    assert snap_compare(app_for(data_dir, long_walks, offer_resume=False), terminal_size=size,
                        run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_glossary(snap_compare, data_dir, long_walks, size):
    async def run_before(pilot):
        await _review(pilot, long_walks)
        await pilot.press("question_mark")
        await still(pilot)
    assert snap_compare(app_for(data_dir, long_walks, offer_resume=False), terminal_size=size,
                        run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_calibration_coding(snap_compare, data_dir, walks, transcript, size):
    async def run_before(pilot):
        await pilot.pause()
        await code(pilot, "question.open")
        await still(pilot)
    assert snap_compare(app_for(data_dir, walks, start=screen_for(transcript)),
                        terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_calibration_result(snap_compare, data_dir, walks, transcript, size):
    async def run_before(pilot):
        await pilot.pause()
        await code(pilot, "question.open")
        await code(pilot, "judgement")
        await code(pilot, "question.closed")
        await still(pilot)
    assert snap_compare(app_for(data_dir, walks, start=screen_for(transcript)),
                        terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_drill_picker(snap_compare, data_dir, walks, size):
    async def run_before(pilot):
        await pilot.pause()
        pilot.app.show_drills()
        await still(pilot)
    assert snap_compare(app_for(data_dir, walks, offer_resume=False), terminal_size=size,
                        run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_drill_in_progress(snap_compare, data_dir, walks, tiny_drill, size):
    async def run_before(pilot):
        await pilot.pause()
        await answer(pilot, "What do you enjoy about the walks?")
        await still(pilot)
    screen = DrillScreen(tiny_drill, clock=FakeClock())
    assert snap_compare(app_for(data_dir, walks, start=screen), terminal_size=size,
                        run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_drill_finished(snap_compare, data_dir, walks, tiny_drill, size):
    async def run_before(pilot):
        await pilot.pause()
        await answer(pilot, "What do you enjoy about the walks?")
        await pilot.press("ctrl+r")
        await still(pilot)
    screen = DrillScreen(tiny_drill, clock=FakeClock())
    assert snap_compare(app_for(data_dir, walks, start=screen), terminal_size=size,
                        run_before=run_before)


# -- what must stay visible at 80x24 -------------------------------------------------------
async def test_at_80x24_the_title_shortens_the_scenario_never_the_mode(data_dir, long_walks):
    for mode, words in (("p", "practice mode"), ("a", "assessment mode: feedback at the end")):
        async with app_for(data_dir, long_walks, offer_resume=False).run_test(
                size=(80, 24)) as pilot:
            await pilot.pause()
            await pilot.press("enter", mode)
            await pilot.pause()
            top = text_on_screen(pilot.app).splitlines()[0]
            assert top.rstrip().endswith(words), top
            assert "…" in top  # the scenario's title gave way


async def test_at_80x24_review_keeps_reply_n_of_m(data_dir, long_walks):
    async with app_for(data_dir, long_walks, offer_resume=False).run_test(size=(80, 24)) as pilot:
        await _review(pilot, long_walks)
        top = text_on_screen(pilot.app).splitlines()[0]
        assert "reply 1 of 2 · 0 reviewed, 0 overridden" in top, top


async def test_at_80x24_footers_are_not_cut_mid_word(data_dir, long_walks, transcript):
    async with app_for(data_dir, long_walks, offer_resume=False).run_test(size=(80, 24)) as pilot:
        await _review(pilot, long_walks)
        footer = text_on_screen(pilot.app).splitlines()[-1]
        assert "o Override" in footer and "esc Back" in footer and "d Details" in footer
        assert "Lig" not in footer


async def test_the_override_dialog_shows_its_error_and_buttons_at_80x24(data_dir, long_walks):
    async with app_for(data_dir, long_walks, offer_resume=False).run_test(size=(80, 24)) as pilot:
        await _review(pilot, long_walks)
        await pilot.press("o")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        shown = text_on_screen(pilot.app)
        assert "Change at least one code" in shown
        assert "Save (ctrl+s)" in shown and "Cancel (esc)" in shown


async def test_the_feedback_panel_scrolls_at_80x24_and_shows_it_all_at_120x40(data_dir, walks):
    # Advice and a label in one reply: two codes' feedback, longer than 80x24 has room for.
    replies = [REPLIES[0], "You should just get out more. Honestly, you're being lazy about it."]
    for size, whole in (((80, 24), False), ((120, 40), True)):
        async with app_for(data_dir, walks, offer_resume=False).run_test(size=size) as pilot:
            await conversation("p", replies=replies)(pilot)
            panel = pilot.app.screen.query_one("#feedback")
            assert (panel.max_scroll_y == 0) is whole, size
            last_words = "person-first"  # in the last explanation
            assert (last_words in text_on_screen(pilot.app)) is whole
            if not whole:
                assert panel.border_title == "more: ctrl+↓"
                await pilot.press("ctrl+down", "ctrl+down", "ctrl+down")
                await pilot.pause()
                assert panel.scroll_y > 0
                assert last_words in text_on_screen(pilot.app)
                assert panel.border_title == "the end · ctrl+↑ back"
                assert pilot.app.screen.query_one("#reply", Input).has_focus


# -- focus -------------------------------------------------------------------------------------
async def test_when_the_reply_box_loses_focus_a_cue_says_so_and_typing_goes_back_to_it(
        data_dir, walks):
    async with app_for(data_dir, walks, offer_resume=False).run_test(size=(80, 24)) as pilot:
        await conversation("p")(pilot)
        screen = pilot.app.screen
        reply = screen.query_one("#reply", Input)
        reply.value = ""
        assert not screen.query_one("#focus-note").display
        await pilot.press("shift+tab")
        await pilot.pause()
        assert not reply.has_focus
        assert screen.query_one("#focus-note").display
        assert "Your reply box is not selected" in text_on_screen(pilot.app)
        await pilot.press(*"So")
        await pilot.pause()
        assert reply.has_focus and reply.value == "So"
        assert not screen.query_one("#focus-note").display


async def test_the_transcript_follows_new_turns_unless_scrolled_up_and_says_so(data_dir, walks):
    async with app_for(data_dir, walks, offer_resume=False).run_test(size=(80, 24)) as pilot:
        await conversation("p")(pilot)
        screen = pilot.app.screen
        transcript = screen.query_one("#transcript")
        reply = screen.query_one("#reply", Input)
        for text in ("What matters most to you about the allotment?",
                     "What would a good week look like?"):
            reply.value = text
            await pilot.press("enter")
            await pilot.pause()
            assert transcript.scroll_y == transcript.max_scroll_y  # still at the newest turn
        assert not screen.query_one("#follow-note").display
        await pilot.press("pageup")
        await pilot.pause()
        assert transcript.scroll_y < transcript.max_scroll_y
        assert screen.query_one("#follow-note").display
        assert "Scrolled up: new turns are below" in text_on_screen(pilot.app)
        held = transcript.scroll_y
        reply.value = "What else comes to mind?"
        await pilot.press("enter")
        await pilot.pause()
        assert transcript.scroll_y == held  # not yanked to the bottom while reading
        assert reply.has_focus
        for _ in range(6):
            await pilot.press("pagedown")
        await pilot.pause()
        assert not screen.query_one("#follow-note").display  # back at the end: following


async def test_the_calibration_result_scrolls_with_page_down(data_dir, walks, transcript):
    async with app_for(data_dir, walks, start=screen_for(transcript)).run_test(
            size=(80, 24)) as pilot:
        await pilot.pause()
        for codes in (("question.open",), ("judgement",), ("question.closed",)):
            await code(pilot, *codes)
        report = pilot.app.screen.query_one("#calibrate-report")
        assert report.max_scroll_y > 0
        await pilot.press("tab")  # wherever the focus goes, Page Down reads on
        await pilot.press("pagedown")
        await pilot.pause()
        assert report.scroll_y > 0


# -- Esc goes back to where the screen was opened from ---------------------------------------
async def test_esc_from_review_opened_from_the_command_line_exits_to_the_shell(
        data_dir, walks):
    from simulator.review import session_items

    with Store(data_dir) as store:
        session_id = finished_session_in(store, walks)
        items = session_items(store.session(session_id), store.turns(session_id))
    app = app_for(data_dir, walks, start=ReviewScreen(items, "Dr Ames"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert app.return_code == 0 and not app.is_running


async def test_esc_from_calibrate_opened_from_the_command_line_exits(data_dir, walks, transcript):
    app = app_for(data_dir, walks, start=screen_for(transcript))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert app.return_code == 0 and not app.is_running


async def test_esc_from_review_opened_in_the_history_goes_back_to_it(data_dir, walks):
    from simulator.tui.screens.history import HistoryScreen

    async with app_for(data_dir, walks, offer_resume=False).run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        finished_session(pilot.app, walks)
        pilot.app.show_history()
        await pilot.pause()
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(pilot.app.screen, ReviewScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(pilot.app.screen, HistoryScreen) and pilot.app.is_running


def finished_session_in(store: Store, scenario) -> int:
    from simulator.session import Session

    session = Session(scenario, seed=3, recorder=store, started_at="2026-02-03T09:30:00+00:00")
    for text in REPLIES:
        session.submit(text)
    session_id = store.current
    session.finish()
    return session_id



async def test_the_glossary_is_one_key_away_in_the_report_and_in_review(data_dir, walks):
    from simulator.tui.screens.glossary import GlossaryScreen

    async with app_for(data_dir, walks, offer_resume=False).run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        pilot.app.show_report(finished_session(pilot.app, walks))
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(pilot.app.screen, GlossaryScreen)
        assert "MI-adherent: replies in the spirit" in text_on_screen(pilot.app)
        await pilot.press("escape")
        await _review(pilot, walks)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(pilot.app.screen, GlossaryScreen)


# -- the browser room's own screens ---------------------------------------------------------
@pytest.mark.parametrize("size", SIZES)
def test_room_name_screen(snap_compare, data_dir, walks, size):
    app = room_tab(data_dir, walks, "c" * 32, room_code="ROOM42", facilitator_code="LEAD99")
    assert snap_compare(app, terminal_size=size, run_before=still)


@pytest.mark.parametrize("size", SIZES)
def test_facilitator_view_of_an_empty_room(snap_compare, data_dir, walks, size):
    async def lead(pilot) -> None:
        await sign_in_as_lead(pilot, "LEAD99")
        await still(pilot)

    app = room_tab(data_dir, walks, "d" * 32, facilitator_code="LEAD99")
    assert snap_compare(app, terminal_size=size, run_before=lead)
