"""Command-line conventions: group options reach the default command, scenarios and drills by
id or path, `assess -o FILE` and `--fail-under BAND`, and shell completion of ids."""
from __future__ import annotations

import csv
import stat

import pytest

from simulator.cli import main
from simulator.paths import CALIBRATION_DIR, DRILLS_DIR, SCENARIOS_DIR
from tests.tui.test_app_cli import opened  # noqa: F401  (the fixture: make_app recorded, not run)


def run(capsys, *args: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exit_:
        main(list(args))
    out, err = capsys.readouterr()
    return exit_.value.code, out, err


def one_line_error(err: str) -> bool:
    return err.startswith("coachsim: ") and len(err.splitlines()) == 1 and "Traceback" not in err


# -- group options reach the default command ---------------------------------------------------
def test_group_options_open_the_app_with_them(opened, capsys, tmp_path):  # noqa: F811
    code, _, _ = run(capsys, "--trainee", "Ana", "--rubric", "foundation", "--theme",
                     "textual-light", "--data-dir", str(tmp_path))
    assert code == 0
    call = opened[0]
    assert (call["trainee"], call["rubric"], call["theme"], call["data_dir"]) == (
        "Ana", "foundation", "textual-light", tmp_path)
    assert call["config"].sources["trainee"] == "flag --trainee"


def test_the_app_commands_own_flags_win_over_the_groups(opened, capsys):  # noqa: F811
    assert run(capsys, "--trainee", "Ana", "app", "--trainee", "Bo")[0] == 0
    assert opened[0]["trainee"] == "Bo"


def test_the_config_files_names_reach_the_app(opened, capsys, own_settings):  # noqa: F811
    own_settings.write_text('trainee = "Ana"\nrubric = "refresher"\n')
    assert run(capsys)[0] == 0
    assert (opened[0]["trainee"], opened[0]["rubric"]) == ("Ana", "refresher")


def test_the_rubric_setting_reaches_every_command(capsys, own_settings):
    own_settings.write_text('rubric = "no_such_rubric"\n')
    code, _, err = run(capsys, "assess", str(CALIBRATION_DIR / "mixed_smoking.csv"))
    assert code == 2 and "no rubric named 'no_such_rubric'" in err


# -- scenarios and drills by id or path --------------------------------------------------------
@pytest.fixture
def script(tmp_path):
    path = tmp_path / "replies.txt"
    path.write_text("What would you like to talk about today?\n")
    return path


def test_play_takes_a_scenario_id(capsys, script):
    by_id = run(capsys, "play", "alcohol_cutting_down", "--script", str(script), "--seed", "2")
    by_path = run(capsys, "play", str(SCENARIOS_DIR / "alcohol_cutting_down.yaml"), "--script",
                  str(script), "--seed", "2")
    assert by_id[0] == 0 and by_id == by_path
    assert "codes: open question" in by_id[1]


def test_an_unknown_id_suggests_the_nearest_and_exits_2(capsys, script):
    code, out, err = run(capsys, "play", "alcohol_cuting_down", "--script", str(script))
    assert code == 2 and out == "" and one_line_error(err)
    assert "no scenario named 'alcohol_cuting_down'; did you mean 'alcohol_cutting_down'?" in err


def test_a_missing_path_is_still_a_missing_file(capsys, script, tmp_path):
    code, _, err = run(capsys, "play", str(tmp_path / "nowhere.yaml"), "--script", str(script))
    assert code == 2 and one_line_error(err) and "nowhere.yaml" in err


def test_diagram_takes_a_scenario_id(capsys):
    code, out, _ = run(capsys, "diagram", "weight_stigma")
    assert code == 0 and out.startswith("---\ntitle: ")


def test_drill_takes_a_drill_id(capsys, tmp_path):
    answers = tmp_path / "answers.txt"
    answers.write_text("What do you enjoy about it?\n")
    by_id = run(capsys, "drill", "closed_to_open", "--answers", str(answers))
    by_path = run(capsys, "drill", str(DRILLS_DIR / "closed_to_open.yaml"), "--answers",
                  str(answers))
    assert by_id[0] == 0 and by_id == by_path and "Score " in by_id[1]


def test_an_unknown_drill_lists_the_drills(capsys):
    code, _, err = run(capsys, "drill", "zzz", "--answers", "-")
    assert code == 2 and one_line_error(err)
    assert "no drill named 'zzz'; known drills: closed_to_open, " in err


def test_calibrate_takes_a_reference_id_and_its_expert_coding(capsys):
    expert = str(CALIBRATION_DIR / "codes" / "mixed_smoking.csv")
    code, out, _ = run(capsys, "calibrate", "mixed_smoking", "--codes", expert, "--reference",
                       "expert")
    assert code == 0
    assert out.startswith(f"{CALIBRATION_DIR / 'mixed_smoking.csv'}: 16 coach replies, trainer "
                          f"against {expert}. Exact agreement: 16/16 replies coded identically")


def test_the_expert_reference_needs_a_bundled_transcript(capsys, tmp_path):
    transcript = tmp_path / "mine.csv"
    transcript.write_text((CALIBRATION_DIR / "mixed_smoking.csv").read_text())
    code, _, err = run(capsys, "calibrate", str(transcript), "--codes", "x.csv", "--reference",
                       "expert")
    assert code == 2 and one_line_error(err) and "needs a bundled reference transcript" in err


def test_validate_without_paths_checks_the_bundled_files(capsys):
    code, _, err = run(capsys, "validate")
    files = sum(len(list(d.glob("*.yaml"))) for d in (SCENARIOS_DIR, DRILLS_DIR,
                                                       SCENARIOS_DIR.parent / "rubrics"))
    assert code == 0 and err.endswith(f"{files} files checked, 0 problems\n")


# -- assess -o and --fail-under ----------------------------------------------------------------
def test_assess_output_takes_its_format_from_the_extension(capsys, tmp_path):
    transcript = str(CALIBRATION_DIR / "mixed_smoking.csv")
    expected = run(capsys, "assess", transcript, "--format", "markdown")[1]
    report = tmp_path / "cohort.md"
    code, out, err = run(capsys, "assess", transcript, "-o", str(report))
    assert code == 0 and out == "" and err == f"coachsim: wrote {report}\n"
    assert report.read_text() == expected
    assert stat.S_IMODE(report.stat().st_mode) == 0o600


@pytest.mark.parametrize("name, starts", [
    ("c.jsonl", '{"type": "utterance"'), ("c.csv", "trainee,"), ("c.html", "<!DOCTYPE html>"),
    ("c.txt", "Trainees")])
def test_each_extension_names_its_format(capsys, tmp_path, name, starts):
    report = tmp_path / name
    code = run(capsys, "assess", str(CALIBRATION_DIR / "mixed_smoking.csv"), "-o", str(report))[0]
    assert code == 0
    assert report.read_text().lstrip().startswith(starts)


def test_format_wins_over_the_extension(capsys, tmp_path):
    report = tmp_path / "cohort.txt"
    assert run(capsys, "assess", str(CALIBRATION_DIR / "mixed_smoking.csv"), "-o", str(report),
               "--format", "csv")[0] == 0
    assert report.read_text().startswith("trainee,")


def test_an_unknown_extension_without_format_is_an_error(capsys, tmp_path):
    code, _, err = run(capsys, "assess", str(CALIBRATION_DIR / "mixed_smoking.csv"), "-o",
                       str(tmp_path / "cohort.pdf"))
    assert code == 2 and one_line_error(err) and "give --format" in err
    assert not (tmp_path / "cohort.pdf").exists()


def test_a_bad_input_leaves_the_output_file_as_it_was(capsys, tmp_path):
    report = tmp_path / "cohort.md"
    report.write_text("last week's report\n")
    broken = tmp_path / "broken.csv"
    broken.write_text("session_id,speaker\n")
    code, _, err = run(capsys, "assess", str(broken), "-o", str(report))
    assert code == 2 and one_line_error(err)
    assert report.read_text() == "last week's report\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["broken.csv", "cohort.md"]


def test_the_output_may_not_be_an_input(capsys, tmp_path):
    transcript = tmp_path / "t.csv"
    transcript.write_text((CALIBRATION_DIR / "mixed_smoking.csv").read_text())
    code, _, err = run(capsys, "assess", str(transcript), "-o", str(transcript), "--format", "csv")
    assert code == 2 and "is also an input" in err
    assert transcript.read_text() == (CALIBRATION_DIR / "mixed_smoking.csv").read_text()


@pytest.fixture
def cohort(tmp_path):
    """Two trainees: Ana's skilled session (fair) and Ben's poor one (below fair)."""
    path = tmp_path / "cohort.csv"
    with path.open("w", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["session_id", "turn", "speaker", "text", "trainee"])
        for name, trainee in (("skilled_night_shifts", "Ana"), ("poor_blood_pressure", "Ben")):
            with (CALIBRATION_DIR / f"{name}.csv").open(newline="") as source:
                for row in csv.DictReader(source):
                    writer.writerow([row["session_id"], row["turn"], row["speaker"], row["text"],
                                     trainee])
    return path


def test_fail_under_exits_1_naming_who_is_below(capsys, cohort):
    code, out, err = run(capsys, "assess", str(cohort), "--fail-under", "fair")
    assert code == 1 and "Below fair" in out
    assert err == "coachsim: 1 trainee below fair: Ben\n"


def test_fail_under_passes_when_nobody_is_below(capsys, cohort, tmp_path):
    ana = tmp_path / "ana.csv"
    ana.write_text("".join(l for l in cohort.read_text().splitlines(True)
                           if not l.endswith(",Ben\n") and not l.endswith(",Ben\r\n")))
    code, _, err = run(capsys, "assess", str(ana), "--fail-under", "fair")
    assert code == 0 and err == ""


def test_fail_under_gates_the_streamed_formats_too(capsys, cohort, tmp_path):
    report = tmp_path / "coded.jsonl"
    code, _, err = run(capsys, "assess", str(cohort), "-o", str(report), "--fail-under", "fair")
    assert code == 1 and err.endswith("below fair: Ben\n")
    assert report.read_text().count('"type": "session"') == 2


# -- shell completion --------------------------------------------------------------------------
def complete(capsys, monkeypatch, words: str) -> list[str]:
    monkeypatch.setenv("_COACHSIM_COMPLETE", "bash_complete")
    monkeypatch.setenv("COMP_WORDS", words)
    monkeypatch.setenv("COMP_CWORD", str(len(words.split()) - (0 if words.endswith(" ") else 1)))
    code, out, _ = run(capsys)
    assert code == 0
    return out.splitlines()


def test_completion_offers_commands_scenario_ids_and_drill_ids(capsys, monkeypatch):
    assert "plain,config" in complete(capsys, monkeypatch, "coachsim con")
    assert complete(capsys, monkeypatch, "coachsim play alc") == ["plain,alcohol_cutting_down"]
    assert "plain,closed_to_open" in complete(capsys, monkeypatch, "coachsim drill ")


def test_completion_falls_back_to_files_for_a_path(capsys, monkeypatch):
    assert complete(capsys, monkeypatch, "coachsim play ./sc") == ["file,./sc"]
