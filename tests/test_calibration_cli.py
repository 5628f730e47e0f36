"""``coachsim calibrate`` and the shipped reference transcripts, with the real rubric."""
from __future__ import annotations

from pathlib import Path

import pytest

from simulator.calibration import calibrate, read_codes
from simulator.cli import main
from simulator.drills.run import coder_for
from simulator.paths import CALIBRATION_DIR
from simulator.sources import read_sessions
from tests.tui.test_app_cli import opened  # noqa: F401  (the fixture: make_app recorded, not run)

CALIBRATION = CALIBRATION_DIR
REFERENCES = sorted(p.stem for p in CALIBRATION.glob("*.csv"))
POOR = CALIBRATION / "poor_blood_pressure.csv"
POOR_CODES = CALIBRATION / "codes" / "poor_blood_pressure.csv"


def run(capsys, *args: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as info:
        main(list(args))
    out, err = capsys.readouterr()
    return info.value.code, out, err


def write_codes(tmp_path: Path, rows: dict[int, str], name="mine.csv") -> Path:
    path = tmp_path / name
    path.write_text("turn,codes\n" + "".join(f"{t},{c}\n" for t, c in rows.items()))
    return path


def poor_rows() -> dict[int, str]:
    return {int(t.turn): ";".join(sorted(t.codes)) for t in read_codes(POOR_CODES).turns.values()}


def test_three_reference_transcripts_of_twelve_to_twenty_coach_turns_each_coded():
    assert {"skilled_night_shifts", "mixed_smoking", "poor_blood_pressure"} <= set(REFERENCES)
    for name in REFERENCES:
        sessions = list(read_sessions([CALIBRATION / f"{name}.csv"]))
        assert len(sessions) == 1
        sheet = read_codes(CALIBRATION / "codes" / f"{name}.csv")
        assert 12 <= len(sheet.turns) <= 20, name


@pytest.mark.parametrize("name", REFERENCES)
def test_reference_codings_largely_match_the_engine(name):
    report = calibrate(CALIBRATION / f"{name}.csv", CALIBRATION / "codes" / f"{name}.csv",
                       coder_for("core"))
    assert report.replies == len(read_codes(CALIBRATION / "codes" / f"{name}.csv").turns)
    assert report.overall.kappa is not None and report.overall.kappa > 0.5, report.overall


def test_against_a_file_reference_the_figures_are_exact(tmp_path):
    rows = poor_rows()
    mine = dict(rows)
    mine[2] = "question.open"          # reference: question.closed
    mine[14] = "affirmation"           # reference: no code
    path = write_codes(tmp_path, mine)
    report = calibrate(POOR, path, coder_for("core"), reference=POOR_CODES)
    assert report.replies == 14 and report.exact == 12
    by_code = {a.code: a for a in report.per_code}
    closed = by_code["question.closed"]
    assert (closed.both, closed.reference_only, closed.trainer_only, closed.neither) == (5, 1, 0, 8)
    # po = 13/14 = 182/196; p_ref = 6/14, p_trainer = 5/14; pe = (6*5 + 8*9)/196 = 102/196
    assert closed.kappa == pytest.approx((182 - 102) / (196 - 102))
    assert report.confusion[("question.closed", "question.open")] == 1
    assert report.confusion[("(none)", "affirmation")] == 1
    turns = [d.turn for d in report.differences]
    assert turns == ["2", "14"]
    assert report.differences[0].missed == ("question.closed",)
    assert report.differences[0].added == ("question.open",)


def test_differences_carry_the_engines_evidence_for_the_codes_in_question(tmp_path):
    rows = poor_rows()
    rows[2] = "question.open"  # "Do you do any exercise?"
    report = calibrate(POOR, write_codes(tmp_path, rows), coder_for("core"))
    diff = next(d for d in report.differences if d.turn == "2")
    assert "question.closed" in diff.reference
    assert any(e.code == "question.closed" for e in diff.evidence)
    assert all(e.code in set(diff.reference) ^ set(diff.trainer) for e in diff.evidence)


def test_cli_prints_agreement_confusion_and_differences(capsys, tmp_path):
    rows = poor_rows()
    rows[2] = "question.open"
    code, out, err = run(capsys, "calibrate", str(POOR), "--codes", str(write_codes(tmp_path, rows)),
                         "--reference", str(POOR_CODES))
    assert code == 0, err
    assert "14 coach replies" in out and "13/14 replies coded identically" in out
    for heading in ("Agreement per code", "Confusion", "Replies coded differently"):
        assert heading in out
    assert "Do you do any exercise?" in out
    differences = out[out.index("Replies coded differently"):]
    assert "closed question" in differences and "question.closed" not in differences


MIXED = CALIBRATION / "mixed_smoking.csv"


def test_ticking_one_code_everywhere_no_longer_reads_as_high_agreement(capsys, tmp_path):
    # 15 of 16 replies ticked "open question", one left blank: the old headline read
    # "Overall agreement 88.5%" because every code both sides left off counted as agreed.
    rows = {turn: "question.open" for turn in range(1, 16)} | {16: ""}
    codes = write_codes(tmp_path, rows)
    report = calibrate(MIXED, codes, coder_for("core"), reference=CALIBRATION / "codes" /
                       "mixed_smoking.csv")
    assert report.replies == 16
    assert report.overall.percent < 25
    code, out, err = run(capsys, "calibrate", str(MIXED), "--codes", str(codes), "--reference",
                         str(CALIBRATION / "codes" / "mixed_smoking.csv"))
    assert code == 0, err
    headline = out.split("\n\n")[0] if "\n\n" in out else out.splitlines()[0]
    assert f"Exact agreement: {report.exact}/16 replies coded identically" in " ".join(out.split())
    assert report.exact <= 3
    assert "88" not in headline
    open_row = next(line for line in out.splitlines() if line.strip().startswith("open question"))
    assert "15 (94%)" in open_row  # the trainer's use of the code, beside the reference's
    assert "2 (12%)" in open_row


def test_the_kappa_footnote_matches_the_table(capsys):
    code, out, _ = run(capsys, "calibrate", str(POOR), "--codes", str(POOR_CODES),
                       "--reference", str(POOR_CODES), "--format", "markdown")
    assert "both sides gave the code to every reply" in out
    assert "one side used the code on every reply or on none" not in out


def test_a_one_reply_transcript_is_named_in_the_singular(capsys, tmp_path):
    from tests.test_review import write_transcript

    transcript = write_transcript(tmp_path / "one.csv", [
        ("c1", 0, "client", "I walk the dog."), ("c1", 1, "coach", "What do you enjoy about it?")])
    code, out, err = run(capsys, "calibrate", str(transcript), "--codes",
                         str(write_codes(tmp_path, {1: "question.open"})))
    assert code == 0, err
    assert "one.csv: 1 coach reply, trainer against" in out


def test_cli_markdown_against_itself_agrees_fully(capsys):
    code, out, _ = run(capsys, "calibrate", str(POOR), "--codes", str(POOR_CODES),
                       "--reference", str(POOR_CODES), "--format", "markdown")
    assert code == 0
    assert "Exact agreement: 14/14 replies coded identically (100%)" in out
    assert "(100%, kappa 1)" in out
    assert "None: the two codings agree on every reply." in out


def test_without_codes_it_opens_the_calibration_screen(capsys, opened, tmp_path):
    # The screen itself is tested in tests/tui/test_calibrate_screen.py.
    code, out, err = run(capsys, "--data-dir", str(tmp_path), "calibrate", str(POOR))
    assert code == 0 and out == "" and err == ""
    assert opened[0]["start"].transcript == str(POOR) and opened[1] == {"ran": True}


def bad(capsys, *args) -> str:
    code, out, err = run(capsys, "calibrate", *map(str, args))
    assert code == 2, (out, err)
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1
    return err.strip()


def test_a_turn_the_transcript_does_not_have_is_named_with_its_line(capsys, tmp_path):
    rows = poor_rows()
    rows[99] = "goal"
    path = write_codes(tmp_path, rows)
    err = bad(capsys, POOR, "--codes", path)
    assert err.startswith(f"coachsim: {path}:16: turn 99 is not a coach reply in {POOR}")


def test_a_coach_turn_missing_from_the_codes_points_at_the_transcript(capsys, tmp_path):
    rows = poor_rows()
    del rows[5]
    err = bad(capsys, POOR, "--codes", write_codes(tmp_path, rows))
    assert err.startswith(f"coachsim: {POOR}:11: coach turn 5 has no row in")


def test_an_unknown_code_is_named_with_its_line(capsys, tmp_path):
    rows = poor_rows()
    rows[3] = "advise.unsolicited"
    path = write_codes(tmp_path, rows)
    err = bad(capsys, POOR, "--codes", path)
    assert f"{path}:4: unknown code 'advise.unsolicited'; did you mean 'advice.unsolicited'" in err


def test_a_reference_file_that_does_not_match_is_refused(capsys, tmp_path):
    rows = poor_rows()
    del rows[14]
    ref = write_codes(tmp_path, rows, "ref.csv")
    err = bad(capsys, POOR, "--codes", POOR_CODES, "--reference", ref)
    assert "coach turn 14 has no row in" in err and str(ref) in err


def test_a_transcript_without_coach_turns_or_with_two_sessions_is_refused(capsys, tmp_path):
    patient_only = tmp_path / "patient.csv"
    patient_only.write_text("session_id,turn,speaker,text\na,1,client,Hello there.\n")
    err = bad(capsys, patient_only, "--codes", POOR_CODES)
    assert f"{patient_only}: the transcript has no coach turns" in err
    two = tmp_path / "two.csv"
    two.write_text("session_id,turn,speaker,text\na,1,coach,What brings you in?\n"
                   "b,1,coach,How are things?\n")
    err = bad(capsys, two, "--codes", POOR_CODES)
    assert f"{two}:3: a calibration transcript holds one session" in err


def test_a_codes_file_that_is_missing_is_one_line(capsys):
    err = bad(capsys, POOR, "--codes", "no/such/codes.csv")
    assert "no/such/codes.csv: no such file" in err
