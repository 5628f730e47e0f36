"""The practice app driven with Pilot: replies, modes, resume, drafts, export, safety."""
from __future__ import annotations

import sqlite3
import stat

import pytest
from textual.widgets import DataTable, Input

from simulator.session import Session
from simulator.store import Store
from simulator.tui.app import make_app
from simulator.tui.screens.briefing import BriefingScreen
from simulator.tui.screens.conversation import (DRAFT_DELAY, ConversationScreen, SessionFinished,
                                                TurnShown)
from simulator.tui.screens.history import HistoryScreen
from simulator.tui.screens.picker import PickerScreen
from simulator.tui.screens.report import ReportScreen
from simulator.tui.screens.resume import ResumeScreen
from simulator.tui.widgets.panels import Gauge, MetricsPanel
from simulator.tui.widgets.turns import CoachTurn, PatientTurn
from tests.tui.conftest import footer_keys

OPEN = "What does walking mean to you these days?"
MARKUP = "[bold]so[/bold] you miss it [link=https://example.org]here[/link] [red]x"


def app_for(data_dir, walks, **kwargs):
    return make_app(data_dir, scenarios=[walks], seed=3, **kwargs)


def plain(widget) -> str:
    return widget.render().plain


async def start(pilot, mode: str = "p") -> ConversationScreen:
    await pilot.press("enter", mode)
    await pilot.pause()
    assert isinstance(pilot.app.screen, ConversationScreen)
    return pilot.app.screen


async def say(pilot, text: str) -> None:
    reply = pilot.app.screen.query_one("#reply", Input)
    reply.value = text
    await pilot.press("enter")
    await pilot.pause()


def saved_turns(data_dir) -> list[tuple]:
    # A separate connection: what another process (or the next start) would see.
    with sqlite3.connect(data_dir / "coachsim.db") as db:
        return db.execute("SELECT turn, coach, patient FROM turns ORDER BY session_id, turn").fetchall()


async def test_picker_shows_the_scenario_and_briefing_offers_both_modes(data_dir, walks):
    async with app_for(data_dir, walks).run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        assert isinstance(pilot.app.screen, PickerScreen)
        row = pilot.app.screen.query_one(DataTable).get_row_at(0)
        assert [str(c) for c in row] == ["Test: walking after a fall", "2 becoming aware", "2/5", "-"]
        assert "Let Rosa say what walking means to her" in plain(pilot.app.screen.query_one("#objectives"))
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(pilot.app.screen, BriefingScreen)
        # Scenario text with square brackets is shown as written.
        assert any("[bold]Square brackets[/bold]" in plain(w) for w in pilot.app.screen.query(".section"))


async def test_a_reply_is_coded_committed_and_answered(data_dir, walks):
    shown: list[TurnShown] = []

    def hook(message):
        if isinstance(message, TurnShown):
            shown.append(message)

    async with app_for(data_dir, walks).run_test(size=(100, 32), message_hook=hook) as pilot:
        await pilot.pause()
        screen = await start(pilot)
        await say(pilot, OPEN)
        assert [m.turn for m in shown] == [1]
        assert "question.open" in shown[0].codes
        patients = screen.query(PatientTurn)
        assert len(patients) == 2 and patients.last().line == shown[0].patient
        assert [c.text for c in screen.query(CoachTurn)] == [OPEN]
        assert "open question" in plain(screen.query_one("#feedback-text"))
        assert screen.query_one("#gauge-trust", Gauge).value == pytest.approx(4)
        assert screen.query_one("#reply", Input).value == ""
        # The turn was in SQLite by the time it was drawn.
        assert saved_turns(data_dir) == [(1, OPEN, shown[0].patient)]


async def test_assessment_mode_hides_feedback_gauges_and_hints_until_the_report(data_dir, walks):
    async with app_for(data_dir, walks).run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        screen = await start(pilot, "a")
        await say(pilot, OPEN)
        assert not screen.query_one("#feedback").display
        assert not screen.query_one("#side").display
        coach = screen.query_one(CoachTurn)
        assert not [s for s in coach.render().spans if "underline" in str(s.style)]
        assert "Hint" not in {c.title for c in pilot.app.get_system_commands(screen)}
        await pilot.press("ctrl+g")  # the hint key does nothing in assessment mode
        await pilot.pause()
        assert "Hint" not in plain(screen.query_one("#feedback-text"))
        await pilot.press("ctrl+r")
        await pilot.pause()
        report = pilot.app.screen
        assert isinstance(report, ReportScreen)
        assert report.saved.info.assessment and report.saved.status == "finished"
        assert "open question" in " ".join(plain(w) for w in report.query(".section"))


async def test_practice_mode_hint_offers_a_next_move(data_dir, walks):
    async with app_for(data_dir, walks).run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        screen = await start(pilot)
        await pilot.press("ctrl+g")
        await pilot.pause()
        text = plain(screen.query_one("#feedback-text"))
        assert text.startswith("Hint: ") and len(text) > len("Hint: ") + 5


async def test_markup_in_a_reply_is_shown_literally(data_dir, walks):
    async with app_for(data_dir, walks).run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        screen = await start(pilot)
        await say(pilot, MARKUP)
        coach = screen.query_one(CoachTurn)
        assert MARKUP in plain(coach)
        assert MARKUP[:40] in plain(screen.query_one("#feedback-text"))
        assert not any("link" in str(s.style) for s in coach.render().spans)


async def test_a_100k_paste_is_kept_whole_and_shown_folded(data_dir, walks):
    huge = ("You have a lot going on with the allotment and your sister. " * 1700)[:100_000]
    async with app_for(data_dir, walks).run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        screen = await start(pilot)
        await say(pilot, huge)
        coach = screen.query_one(CoachTurn)
        assert coach.text == huge
        assert "more characters (kept whole" in plain(coach)
        assert len(plain(coach)) < 2_000
        await say(pilot, OPEN)  # still responsive afterwards
        assert len(screen.query(CoachTurn)) == 2
    with Store(data_dir) as store:
        assert store.replies(store.unfinished()[0].id)[0] == huge


async def test_typing_is_saved_as_a_draft_after_a_pause(data_dir, walks):
    async with app_for(data_dir, walks).run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        await start(pilot)
        await pilot.press(*"It sounds like")
        await pilot.pause(DRAFT_DELAY + 0.3)
        with sqlite3.connect(data_dir / "coachsim.db") as db:
            assert db.execute("SELECT draft FROM sessions").fetchone()[0] == "It sounds like"


async def test_resume_after_a_crash_restores_turns_and_draft(data_dir, walks):
    # A session that was cut off: turns committed by the store, a draft, no end.
    store = Store(data_dir)
    session = Session(walks, seed=3, recorder=store)
    first = session.submit(OPEN)
    second = session.submit("You used to walk everywhere, and you miss it.")
    store.save_draft("So the allotment")
    store.close()
    del session

    async with app_for(data_dir, walks).run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        assert isinstance(pilot.app.screen, ResumeScreen)
        assert footer_keys(pilot.app.screen)[:2] == ["Resume", "Discard"]
        await pilot.press("r")
        await pilot.pause()
        screen = pilot.app.screen
        assert isinstance(screen, ConversationScreen)
        assert [c.text for c in screen.query(CoachTurn)] == [OPEN, second.coach]
        lines = [p.line for p in screen.query(PatientTurn)]
        assert lines[1:] == [first.patient.line, second.patient.line]
        assert screen.query_one("#reply", Input).value == "So the allotment"
        await say(pilot, "What would make the allotment feel possible again?")
    # The resumed session carried on in the same row: no duplicates, the third turn added.
    assert [t[0] for t in saved_turns(data_dir)] == [1, 2, 3]


async def test_discarding_the_offer_closes_the_session(data_dir, walks):
    with Store(data_dir) as store:
        Session(walks, seed=3, recorder=store).submit(OPEN)
    async with app_for(data_dir, walks).run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(pilot.app.screen, PickerScreen)
    with Store(data_dir) as store:
        assert store.unfinished() == []
    async with app_for(data_dir, walks).run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        assert isinstance(pilot.app.screen, PickerScreen)  # not offered again


async def test_finish_export_and_history(data_dir, walks):
    finished: list[int] = []

    def hook(message):
        if isinstance(message, SessionFinished):
            finished.append(message.session_id)

    async with app_for(data_dir, walks).run_test(size=(100, 32), message_hook=hook) as pilot:
        await pilot.pause()
        await start(pilot)
        await say(pilot, OPEN)
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert isinstance(pilot.app.screen, ReportScreen) and finished == [1]
        await pilot.press("x")
        await pilot.pause()
        exports = sorted((data_dir / "exports").iterdir())
        assert {p.suffix for p in exports} == {".md", ".html", ".csv", ".jsonl"}
        assert all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in exports)
        assert any(str(data_dir / "exports") in str(n.message) for n in pilot.app._notifications)
        await pilot.press("h")
        await pilot.pause()
        history = pilot.app.screen
        assert isinstance(history, HistoryScreen)
        assert history.query_one(DataTable).row_count == 1
        assert plain(history.query_one(".screen-title")) == "History: 1 finished session"
        assert footer_keys(history)[0] == "Open report"
        await pilot.press("x")
        await pilot.pause()
        log = data_dir / "exports" / "practice-log.csv"
        assert stat.S_IMODE(log.stat().st_mode) == 0o600
        assert "Test: walking after a fall" in log.read_text()
        await pilot.press("escape", "n")
        await pilot.pause()
        assert isinstance(pilot.app.screen, PickerScreen)
        assert str(pilot.app.screen.query_one(DataTable).get_row_at(0)[3]).endswith("/100")


async def test_every_footer_action_is_in_the_command_palette(data_dir, walks):
    async with app_for(data_dir, walks).run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        screen = await start(pilot)
        titles = {c.title for c in pilot.app.get_system_commands(screen)}
        assert {"Hint", "Finish", "Leave", "Light/dark theme"} <= titles
        hint = next(c for c in pilot.app.get_system_commands(screen) if c.title == "Hint")
        await hint.callback()
        await pilot.pause()
        assert plain(screen.query_one("#feedback-text")).startswith("Hint: ")


async def test_ctrl_t_switches_between_light_and_dark(data_dir, walks):
    async with app_for(data_dir, walks).run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        before = pilot.app.theme
        await pilot.press("ctrl+t")
        await pilot.pause()
        assert {before, pilot.app.theme} == {"textual-dark", "textual-light"}


async def test_bundled_scenarios_load_after_the_first_frame_and_a_broken_one_is_skipped(
        data_dir, walks, tmp_path, monkeypatch):
    from simulator import paths

    folder = tmp_path / "scenarios"
    folder.mkdir()
    (folder / "a_walks.yaml").write_text(walks.path.read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "b_broken.yaml").write_text("id: broken\ntitle: [unclosed\n", encoding="utf-8")
    monkeypatch.setattr(paths, "SCENARIOS_DIR", folder)
    async with make_app(data_dir, seed=3).run_test(size=(100, 32)) as pilot:
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        table = pilot.app.screen.query_one(DataTable)
        assert table.row_count == 1 and list(pilot.app.scenarios) == ["app_test_walks"]
        [note] = [n for n in pilot.app._notifications if n.title == "Scenario skipped"]
        assert note.message.startswith(str(folder / "b_broken.yaml") + ":")


async def test_a_long_transcript_keeps_only_the_latest_turns_on_screen(data_dir, walks, monkeypatch):
    from simulator.tui.screens import conversation

    monkeypatch.setattr(conversation, "KEPT_TURNS", 4)
    async with app_for(data_dir, walks).run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        screen = await start(pilot)
        for text in (OPEN, "You miss being out."):
            await say(pilot, text)
        assert plain(screen.query_one(".folded")).startswith("1 earlier turn is in")
        await say(pilot, "What else matters to you?")
        assert [c.text for c in screen.query(CoachTurn)] == ["You miss being out.",
                                                             "What else matters to you?"]
        assert len(screen.query(".turn")) == 4
        assert plain(screen.query_one(".folded")).startswith("3 earlier turns")
        assert len(screen.session.turns) == 3  # only the view is folded


async def test_quitting_mid_sentence_keeps_the_draft(data_dir, walks):
    async with app_for(data_dir, walks).run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        await start(pilot)
        await pilot.press(*"You feel")
        await pilot.pause()
        pilot.app.exit()  # before the draft timer fires
        await pilot.pause()
    with Store(data_dir) as store:
        assert store.unfinished()[0].draft == "You feel"


async def test_a_multi_line_paste_is_kept_whole_as_one_reply(data_dir, walks):
    from textual import events

    lines = "So there is the allotment,\nyour sister,\r\nand the steps." + " more" * 20_000
    async with app_for(data_dir, walks).run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        screen = await start(pilot)
        reply = screen.query_one("#reply", Input)
        reply.post_message(events.Paste(lines))
        await pilot.pause()
        joined = " ".join(lines.splitlines())
        assert reply.value == joined
        await pilot.press("enter")
        await pilot.pause()
        assert screen.query_one(CoachTurn).text == joined


async def test_a_closed_terminal_saves_the_draft_before_quitting(data_dir, walks):
    import asyncio
    import signal

    async with app_for(data_dir, walks).run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        await start(pilot)
        # Handlers for SIGHUP (terminal closed) and SIGTERM are on the app's loop...
        handlers = asyncio.get_running_loop()._signal_handlers
        assert {signal.SIGHUP, signal.SIGTERM} <= set(handlers)
        await pilot.press(*"Part of you")
        handlers[signal.SIGHUP]._run()  # ...and this is what SIGHUP runs
        with sqlite3.connect(data_dir / "coachsim.db") as db:
            assert db.execute("SELECT draft FROM sessions").fetchone()[0] == "Part of you"
        await pilot.pause()
    assert pilot.app.return_code == 0


def test_briefing_paragraphs_are_reflowed_to_the_terminal_width():
    from simulator.tui.screens.briefing import reflow

    text = "Keith is a self-employed\nelectrician who jokes.\n\n  He did not ask\nfor this.\n"
    assert reflow(text) == "Keith is a self-employed electrician who jokes.\n\nHe did not ask for this."


def test_gauge_shows_whole_numbers_so_fractional_values_do_not_wrap():
    gauge = Gauge("trust", 0, 10)
    gauge.show(3.75)
    assert str(gauge.render()).endswith(" 4/10")
    gauge.show(2.4)
    assert str(gauge.render()).endswith(" 2/10")


async def test_back_at_the_picker_the_last_score_is_shown_at_once(data_dir, walks):
    async with app_for(data_dir, walks).run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        await start(pilot)
        await say(pilot, OPEN)
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert isinstance(pilot.app.screen, ReportScreen)
        while not isinstance(pilot.app.screen, PickerScreen):
            await pilot.press("escape")
            await pilot.pause()
        assert str(pilot.app.screen.query_one(DataTable).get_row_at(0)[3]).endswith("/100")


def test_metrics_panel_marks_an_early_score_and_explains_a_missed_band():
    from simulator.rubric import SessionScore
    from simulator.tui.widgets.panels import MetricsPanel

    panel = MetricsPanel()
    panel.show(SessionScore(metrics={}, score=40, band="below fair", provisional=True), 2)
    assert "early days" in plain(panel) and "below fair" not in plain(panel)
    panel.show(SessionScore(metrics={}, score=48, band="below fair",
                            band_note="fair needs 1 reflection per question (0.6 so far)"), 8)
    assert "48/100 (below fair)" in plain(panel) and "fair needs 1 reflection" in plain(panel)


async def test_history_fits_every_column_in_80_columns(data_dir, walks):
    from simulator.paths import SCENARIOS_DIR
    from simulator.scenario import load_scenario

    long_title = load_scenario(SCENARIOS_DIR / "blood_pressure_tablets.yaml")
    with Store(data_dir) as store:
        session = Session(long_title, seed=3, recorder=store)
        session.submit(OPEN)
        session.finish()
    async with app_for(data_dir, walks, offer_resume=False).run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        pilot.app.show_history()
        await pilot.pause()
        table = pilot.app.screen.query_one(DataTable)
        # Nothing off the right edge: the band was cut to "bel"; the title gives way instead.
        assert table.virtual_size.width <= table.scrollable_content_region.width
        assert str(table.get_row_at(0)[-1]) == "below fair"


async def test_at_80x24_the_side_panel_scrolls_to_measures_a_band_note_pushes_down(data_dir):
    from simulator.paths import SCENARIOS_DIR
    from simulator.scenario import load_scenario

    # A real patient, whose state takes four lines beside the band note and the measures.
    pauline = load_scenario(SCENARIOS_DIR / "diabetes_overwhelmed.yaml")
    app = make_app(data_dir, scenarios=[pauline], seed=5, offer_resume=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = await start(pilot)
        # Mostly closed questions: the band note lists several missed bars and wraps.
        for text in ("What matters most to you about your health right now?",
                     "It sounds like you're feeling overwhelmed by it all.",
                     "Do you take the tablets every day?",
                     "Have you seen the nurse since?",
                     "Do you check your sugars at home?"):
            await say(pilot, text)
        side = screen.query_one("#side")
        assert side.max_scroll_y > 0  # the last measures are below the edge...
        assert side.show_vertical_scrollbar  # ...but within reach
        assert not side.can_focus  # the reply box keeps the keyboard
