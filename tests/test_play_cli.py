"""coachsim play: a scripted conversation printed turn by turn, as text or JSONL."""
from __future__ import annotations

import json
import subprocess
import sys

from click.testing import CliRunner

from simulator.cli import cli
from tests.scenario_fixtures import WALKING


def run(*args, input=None):
    return CliRunner().invoke(cli, list(args), input=input)


def test_jsonl_has_one_object_a_turn_with_the_agreed_keys(tmp_path):
    script = tmp_path / "script.txt"
    script.write_text("What brings you here today?\n\nYou sound fed up with being sent.\n")
    result = run("play", str(WALKING), "--script", str(script), "--format", "jsonl", "--seed", "4")
    assert result.exit_code == 0, result.output
    lines = [json.loads(l) for l in result.output.splitlines()]
    assert [l["turn"] for l in lines] == [1, 2]  # the blank line is skipped
    assert set(lines[0]) == {"turn", "coach", "codes", "patient", "state", "variables", "ended"}
    assert lines[0]["codes"] == ["question.open"]
    assert lines[0]["ended"] is None
    assert set(lines[0]["variables"]) >= {"trust", "importance", "confidence"}


def test_ended_is_set_on_the_turn_that_ends(tmp_path):
    script = tmp_path / "script.txt"
    script.write_text("\n".join(["Do you walk?"] * 40) + "\n")
    result = run("play", str(WALKING), "--script", str(script), "--format", "jsonl")
    lines = [json.loads(l) for l in result.output.splitlines() if l.startswith("{")]
    assert lines[-1]["ended"] in {"turn_limit", "disengaged"}
    assert all(l["ended"] is None for l in lines[:-1])


def test_text_output_and_stdin_script():
    result = run("play", str(WALKING), "--script", "-", input="How are you finding things?\n")
    assert result.exit_code == 0, result.output
    assert "coach: How are you finding things?" in result.output
    assert "codes: open question" in result.output
    assert "Sam:" in result.output


def test_same_seed_same_lines(tmp_path):
    script = tmp_path / "s.txt"
    script.write_text("How are things?\nWhat matters to you?\n")
    outputs = {run("play", str(WALKING), "--script", str(script), "--seed", "9").output for _ in range(2)}
    assert len(outputs) == 1


def test_missing_script_is_one_line_and_exit_2(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "simulator", "play", str(WALKING), "--script",
                           str(tmp_path / "nope.txt")], capture_output=True, text=True)
    assert proc.returncode == 2
    assert proc.stderr.strip().count("\n") == 0
    assert "nope.txt" in proc.stderr and "Traceback" not in proc.stderr


def test_one_reply_left_over_is_named_in_the_singular(tmp_path):
    script = tmp_path / "script.txt"
    script.write_text("\n".join(["Do you walk?"] * 40) + "\n")
    turns = [l for l in run("play", str(WALKING), "--script", str(script), "--format",
                            "jsonl").output.splitlines() if l.startswith("{")]
    script.write_text("\n".join(["Do you walk?"] * (len(turns) + 1)) + "\n")
    result = run("play", str(WALKING), "--script", str(script))
    assert "ended before the remaining 1 reply\n" in result.stderr
