"""The review screen: step through replies, agree, override with a required reason; the
verdicts reach the store and the exported report; `coachsim review` opens it."""
from __future__ import annotations

import csv

import pytest
from textual.widgets import Input, SelectionList

from simulator.cli import main
from simulator.codes import CODES
from simulator.rubric import Coding, Evidence
from simulator.session import Session
from simulator.store import Store
from simulator.tui.app import make_app
from simulator.tui.screens.history import HistoryScreen
from simulator.tui.screens.review import OverrideScreen, ReviewScreen, file_stem
from tests.tui.conftest import footer_keys
from tests.tui.test_app_cli import opened  # noqa: F401  (the fixture: make_app recorded, not run)

STARTED = "2026-02-03T09:30:00+00:00"
MARKUP = "So [bold]walking[/bold] is how you [link=https://example.org]get[/link] out."
CLOSED = "Do you walk to the shops?"
#: Fixed codings, so what the screen shows does not move with the rubric.
REPLIES = [
    Coding(CLOSED, ("question.closed",),
           (Evidence("question.closed", 0, 7, "question.closed:do_you", "Do you",
                     "A yes/no question invites a one-word answer."),)),
    Coding(MARKUP, ("reflection.simple",),
           (Evidence("reflection.simple", 0, 2, "reflection.simple:so", "So",
                     "It says back what the person said."),)),
]


def saved_session(store: Store, walks) -> int:
    session = Session(walks, seed=3, recorder=store, started_at=STARTED)
    for coding in REPLIES:
        session.apply(coding, coding.text)
    session_id = store.current
    session.finish()
    return session_id


def app_for(data_dir, walks, **kwargs):
    return make_app(data_dir, scenarios=[walks], seed=3, offer_resume=False, **kwargs)


def plain(screen, selector: str) -> str:
    return screen.query_one(selector).render().plain


async def open_review(pilot, walks) -> ReviewScreen:
    """A finished session, opened for review from the history with 'r'."""
    await pilot.pause()
    saved_session(pilot.app.store, walks)
    pilot.app.show_history()
    await pilot.pause()
    assert isinstance(pilot.app.screen, HistoryScreen)
    await pilot.press("r")
    await pilot.pause()
    assert isinstance(pilot.app.screen, ReviewScreen)
    return pilot.app.screen


async def tick(pilot, code: str) -> None:
    """Toggle one code in the override modal with the keyboard."""
    await pilot.press("home", *["down"] * CODES.index(code), "space")


async def test_agree_then_override_with_a_reason_reaches_the_store_and_the_report(data_dir, walks):
    async with app_for(data_dir, walks).run_test(size=(100, 32)) as pilot:
        screen = await open_review(pilot, walks)
        screen.trainer = "Dr Ames"
        assert "reply 1 of 2" in screen.query_one("#review-title").text
        assert CLOSED in plain(screen, "#review-reply")
        # Rule ids are behind the details key; people read the labels.
        assert "question.closed:do_you" not in plain(screen, "#review-evidence")
        assert "closed question" in plain(screen, "#review-evidence")
        await pilot.press("d")
        assert "rule question.closed:do_you" in plain(screen, "#review-evidence")
        await pilot.press("d")
        assert "not reviewed yet" in plain(screen, "#review-verdict")
        await pilot.press("a")  # agree with reply 1; on to reply 2
        await pilot.pause()
        assert "reply 2 of 2 · 1 reviewed, 0 overridden" in screen.query_one("#review-title").text

        await pilot.press("o")
        await pilot.pause()
        modal = pilot.app.screen
        assert isinstance(modal, OverrideScreen)
        # The modal's own keys, not the review's (which do nothing while it is open).
        assert footer_keys(modal)[:2] == ["Save", "Cancel"]
        assert modal.query_one(SelectionList).selected == ["reflection.simple"]
        await tick(pilot, "reflection.simple")
        await tick(pilot, "reflection.complex")
        await pilot.pause()
        assert plain(modal, "#override-change") == (
            "Adds: complex reflection   Removes: simple reflection")
        await pilot.press("ctrl+s")  # no reason yet: refused, the modal stays
        await pilot.pause()
        assert pilot.app.screen is modal and "Say why" in plain(modal, "#override-error")
        modal.query_one("#override-reason", Input).value = "it adds what <walking> means to her"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert pilot.app.screen is screen
        assert "Dr Ames overrode: complex reflection, because it adds" in plain(
            screen, "#review-verdict")
        assert "2 reviewed, 1 overridden" in screen.query_one("#review-title").text

        verdicts = pilot.app.store.verdicts()
        assert [(v.turn, v.action, v.codes, v.trainer) for v in verdicts] == [
            ("1", "agree", ("question.closed",), "Dr Ames"),
            ("2", "override", ("reflection.complex",), "Dr Ames")]
        assert verdicts[1].reason == "it adds what <walking> means to her"

        await pilot.press("x")
        await pilot.pause()
        exports = data_dir / "exports"
        report = next(exports.glob("*.md")).read_text()
        assert ("coded simple reflection by the engine; trainer Dr Ames: complex reflection, "
                "because it adds what \\<walking\\> means to her") in report
        [rows] = [list(csv.DictReader(p.open())) for p in exports.glob("overrides-*.csv")]
        assert [(r["turn"], r["codes"], r["reason"]) for r in rows] == [
            ("1", "question.closed", ""),
            ("2", "reflection.complex", "it adds what <walking> means to her")]


async def test_an_unchanged_override_is_refused_and_cancel_stores_nothing(data_dir, walks):
    async with app_for(data_dir, walks).run_test(size=(100, 32)) as pilot:
        screen = await open_review(pilot, walks)
        await pilot.press("o")
        await pilot.pause()
        modal = pilot.app.screen
        modal.query_one("#override-reason", Input).value = "no change really"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "Change at least one code" in plain(modal, "#override-error")
        await pilot.press("escape")
        await pilot.pause()
        assert pilot.app.screen is screen and pilot.app.store.verdicts() == []


async def test_markup_in_a_reply_is_shown_literally(data_dir, walks):
    async with app_for(data_dir, walks).run_test(size=(100, 32)) as pilot:
        screen = await open_review(pilot, walks)
        await pilot.press("n")
        await pilot.pause()
        reply = screen.query_one("#review-reply").render()
        assert MARKUP in reply.plain
        assert not any("link" in str(s.style) for s in reply.spans)


async def test_every_review_key_is_in_the_command_palette(data_dir, walks):
    async with app_for(data_dir, walks).run_test(size=(100, 32)) as pilot:
        screen = await open_review(pilot, walks)
        titles = {c.title for c in pilot.app.get_system_commands(screen)}
        assert {"Next", "Prev", "Agree", "Override", "Export", "Words", "Details"} <= titles


# -- the command line ---------------------------------------------------------------------
def run(capsys, *args: str) -> tuple[int, str]:
    with pytest.raises(SystemExit) as info:
        main(list(args))
    return info.value.code, capsys.readouterr().err


def test_review_a_transcript_opens_the_review_screen(opened, tmp_path, capsys):
    path = tmp_path / "t.csv"
    path.write_text("session_id,turn,speaker,text\nt1,0,client,I stopped walking.\n"
                    f"t1,1,coach,{CLOSED}\n")
    code, _ = run(capsys, "--data-dir", str(tmp_path), "review", str(path), "--trainer", "Dr Ames")
    assert code == 0
    screen = opened[0]["start"]
    assert isinstance(screen, ReviewScreen) and screen.trainer == "Dr Ames"
    assert file_stem(screen.heading) == "t"  # exports are overrides-t.csv, not t.csv.csv
    assert [(i.source, i.turn, i.patient) for i in screen.items] == [
        ("t1", "1", "I stopped walking.")]
    assert opened[1] == {"ran": True}


def test_review_a_saved_session_by_number_or_key(opened, data_dir, walks, capsys):
    with Store(data_dir) as store:
        session_id = saved_session(store, walks)
        key = store.session(session_id).key
    for target in (str(session_id), key):
        assert run(capsys, "--data-dir", str(data_dir), "review", target)[0] == 0
        assert opened[-2]["start"].session_id == session_id


@pytest.mark.parametrize("target, message", [
    ("99", "no session 99 in the practice store"),
    ("2026-02-03-app_test_walks-99", "no session 99"),
    ("walks", "neither a transcript file nor a saved session"),
    ("missing.csv", "missing.csv: no such file"),
])
def test_a_bad_review_target_is_one_line_and_exit_2(opened, data_dir, target, message, capsys):
    code, err = run(capsys, "--data-dir", str(data_dir), "review", target)
    assert code == 2 and message in err and len(err.strip().splitlines()) == 1
    assert not opened


def test_a_transcript_without_coach_turns_is_one_line_and_exit_2(opened, tmp_path, capsys):
    path = tmp_path / "client_only.csv"
    path.write_text("session_id,speaker,text\nt1,client,Hello.\nt1,client,Anyone there?\n")
    code, err = run(capsys, "--data-dir", str(tmp_path), "review", str(path))
    assert code == 2 and "no coach turns to review" in err and len(err.strip().splitlines()) == 1


# -- snapshot -----------------------------------------------------------------------------
def test_review_snapshot(snap_compare, data_dir, walks):
    from simulator.review import session_items

    with Store(data_dir) as store:
        session_id = saved_session(store, walks)
        first = session_items(store.session(session_id), store.turns(session_id))[0]
        store.add_verdict(first, "override", ["question.open"], "Dr Ames",
                          "works as an invitation to talk")

    async def run_before(pilot):
        await pilot.pause()
        pilot.app.review_session(session_id)
        await pilot.pause()
    assert snap_compare(app_for(data_dir, walks), terminal_size=(100, 32), run_before=run_before)


async def test_the_report_screen_shows_the_trainers_codes_and_the_score_they_give(data_dir, walks):
    from simulator.review import session_items
    from simulator.tui.screens.report import ReportScreen

    with Store(data_dir) as store:
        session_id = saved_session(store, walks)
        engine_score = store.session(session_id).score
        second = session_items(store.session(session_id), store.turns(session_id))[1]
        store.add_verdict(second, "override", ["reflection.complex"], "Dr Ames", "it adds meaning")
    async with app_for(data_dir, walks).run_test(size=(100, 40)) as pilot:
        pilot.app.show_report(session_id)
        await pilot.pause()
        screen = pilot.app.screen
        assert isinstance(screen, ReportScreen)
        assert f"{engine_score}/100" in plain(screen, "#score")
        assert plain(screen, "#reviewed-score").startswith("After trainer review: ")
        assert "with the trainers' codes on 1 reply" in plain(screen, "#reviewed-score")
        transcript = " ".join(str(s.render()) for s in screen.query(".section"))
        assert "trainer Dr Ames: complex reflection, because it adds meaning" in transcript
