"""The calibration screen: the trainer codes each reply with the engine's codes hidden, then
sees kappa and the replies coded differently; the coding saves as a --codes file."""
from __future__ import annotations

import io

import pytest
from rich.console import Console
from textual.widgets import SelectionList

from simulator.calibration import code_transcript, read_codes
from simulator.cli import main
from simulator.codes import CODES
from simulator.drills.run import coder_for
from simulator.review import patient_before
from simulator.tui.app import make_app
from simulator.tui.screens.calibrate import CalibrateScreen, CalibrationDone
from tests.test_review import write_transcript
from tests.tui.test_app_cli import opened  # noqa: F401  (the fixture: make_app recorded, not run)

ROWS = [
    ("c1", 0, "client", "I've put on weight since I stopped [bold]work[/bold]."),
    ("c1", 1, "coach", "What has changed for you since you stopped working?"),
    ("c1", 1, "client", "I don't go anywhere. I sit in all day."),
    ("c1", 2, "coach", "You should know better than to sit in all day."),
    ("c1", 2, "client", "Right."),
    ("c1", 3, "coach", "Do you go out at all?"),
]


@pytest.fixture
def transcript(tmp_path):
    return write_transcript(tmp_path / "weight.csv", ROWS)


def screen_for(path, reference=None) -> CalibrateScreen:
    replies = code_transcript(path, coder_for("core"))
    return CalibrateScreen(path, replies, patient_before(path), reference)


def app_with(data_dir, walks, screen):
    return make_app(data_dir, scenarios=[walks], seed=3, start=screen)


def text_of(widget) -> str:
    visual = widget.render()
    if hasattr(visual, "plain"):
        return visual.plain
    console = Console(width=120, file=io.StringIO(), record=True)  # the report's Rich tables
    console.print(widget.content)
    return console.export_text()


def shown(screen) -> str:
    """Every piece of text on the screen (the code list aside)."""
    return "\n".join(text_of(w) for w in screen.query("Static") if w.display)


async def code(pilot, *codes: str) -> None:
    """Tick ``codes`` with the keyboard, then go on to the next reply."""
    for name in codes:
        await pilot.press("home", *["down"] * CODES.index(name), "space")
    await pilot.press("n")
    await pilot.pause()


async def test_code_three_replies_blind_then_see_kappa_and_the_differences(data_dir, walks,
                                                                           transcript):
    done: list[CalibrationDone] = []
    screen = screen_for(transcript)
    engine = {r.turn: set(r.engine.codes) for r in screen.replies}
    hook = lambda m: isinstance(m, CalibrationDone) and done.append(m)  # noqa: E731
    async with app_with(data_dir, walks, screen).run_test(size=(100, 32),
                                                          message_hook=hook) as pilot:
        await pilot.pause()
        assert "since I stopped [bold]work[/bold]." in shown(screen)  # markup shown literally
        # Blind: no code ticked, no evidence, no rule or feedback on screen.
        for reply in screen.replies:
            assert screen.query_one(SelectionList).selected == []
            text = shown(screen)
            assert reply.text in text
            for evidence in reply.engine.evidence:
                assert evidence.rule not in text and evidence.feedback not in text
            await code(pilot, *sorted(engine[reply.turn]) if reply.turn != "2" else ["goal"])
        [message] = done
        report = message.report
        assert report.replies == 3 and report.exact == 2
        assert [d.turn for d in report.differences] == ["2"]
        assert report.differences[0].trainer == ("goal",)
        assert not screen.query_one("#calibrate-main").display
        text = text_of(screen.query_one("#calibrate-report-body"))
        assert "kappa" in text and "Replies coded differently" in text
        assert "You should know better" in text


async def test_compare_waits_until_every_reply_is_coded(data_dir, walks, transcript):
    screen = screen_for(transcript)
    async with app_with(data_dir, walks, screen).run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        await pilot.press("f")
        await pilot.pause()
        assert screen.report is None and "reply 1 of 3" in shown(screen)


async def test_the_coding_saves_as_a_codes_file_another_trainer_can_compare_with(
        data_dir, walks, transcript):
    screen = screen_for(transcript)
    async with app_with(data_dir, walks, screen).run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        await code(pilot, "question.open")
        await code(pilot, "judgement", "advice.unsolicited")
        await code(pilot)
        await pilot.press("s")
        await pilot.pause()
    sheet = read_codes(data_dir / "exports" / "codes-weight.csv")
    assert {t: set(c.codes) for t, c in sheet.turns.items()} == {
        "1": {"question.open"}, "2": {"judgement", "advice.unsolicited"}, "3": set()}


def run(capsys, *args: str) -> tuple[int, str]:
    with pytest.raises(SystemExit) as info:
        main(list(args))
    return info.value.code, capsys.readouterr().err


def test_calibrate_without_codes_opens_the_screen(opened, tmp_path, transcript, capsys):
    reference = tmp_path / "other.csv"
    reference.write_text("turn,codes\n1,question.open\n2,judgement\n3,question.closed\n")
    assert run(capsys, "--data-dir", str(tmp_path), "calibrate", str(transcript),
               "--reference", str(reference))[0] == 0
    screen = opened[0]["start"]
    assert isinstance(screen, CalibrateScreen) and len(screen.replies) == 3
    assert screen.reference.path == str(reference)


def test_a_mismatched_reference_is_one_line_and_exit_2(opened, tmp_path, transcript, capsys):
    reference = tmp_path / "other.csv"
    reference.write_text("turn,codes\n1,question.open\n7,judgement\n")
    code, err = run(capsys, "--data-dir", str(tmp_path), "calibrate", str(transcript),
                    "--reference", str(reference))
    assert code == 2 and "turn 7 is not a coach reply" in err
    assert len(err.strip().splitlines()) == 1 and not opened


def test_a_transcript_without_coach_turns_is_one_line_and_exit_2(opened, tmp_path, capsys):
    path = tmp_path / "client_only.csv"
    path.write_text("session_id,speaker,text\nc1,client,Hello.\n")
    code, err = run(capsys, "--data-dir", str(tmp_path), "calibrate", str(path))
    assert code == 2 and "no coach turns" in err and len(err.strip().splitlines()) == 1


def test_calibrate_snapshot(snap_compare, data_dir, walks, transcript):
    async def run_before(pilot):
        await pilot.pause()
        await code(pilot, "question.open")
        await pilot.press("home", "down", "down", "space")
        await pilot.pause()
    assert snap_compare(app_with(data_dir, walks, screen_for(transcript)),
                        terminal_size=(100, 32), run_before=run_before)
