"""Hostile or broken input to every command: one line on standard error and exit 2, never a
traceback and never unbounded memory (issue 13, item 7)."""
from __future__ import annotations

import os
import stat

import pytest

from simulator import paths
from simulator.cli import main
from simulator.conditions import ConditionError, parse_condition
from simulator.paths import SCENARIOS_DIR

SCENARIO = SCENARIOS_DIR / "carer_strain.yaml"


def run(capsys, *args: str) -> tuple[int, str, str]:
    """Run the real entry point in-process; (exit code, stdout, stderr)."""
    with pytest.raises(SystemExit) as info:
        main(list(args))
    out, err = capsys.readouterr()
    return info.value.code, out, err


def one_line_error(capsys, *args: str) -> str:
    """Run a command that must fail cleanly; return its one error line."""
    code, out, err = run(capsys, *args)
    lines = [line for line in err.splitlines() if line.strip()]
    assert code == 2, (code, out, err)
    assert "Traceback" not in err
    assert lines and lines[0].startswith("coachsim: "), err
    return lines[0]


def test_yaml_nested_500_deep_is_refused_with_its_position(tmp_path, capsys):
    path = tmp_path / "deep.yaml"
    path.write_text("id: deep\nnotes: " + "[" * 500 + "]" * 500 + "\n", encoding="utf-8")
    code, out, err = run(capsys, "validate", str(path))
    assert code == 2 and "Traceback" not in err
    assert f"{path}:2:" in err and "nested" in err


def test_yaml_integer_of_5000_digits_is_refused_with_its_position(tmp_path, capsys):
    path = tmp_path / "digits.yaml"
    path.write_text("id: digits\nseed: " + "7" * 5000 + "\n", encoding="utf-8")
    code, out, err = run(capsys, "validate", str(path))
    assert code == 2 and "Traceback" not in err
    assert f"{path}:2:7: " in err and "digits" in err


def test_jsonl_turn_of_5000_digits_is_one_line(tmp_path, capsys):
    path = tmp_path / "digits.jsonl"
    path.write_text('{"session_id": "s", "speaker": "coach", "text": "hi", "turn": '
                    + "7" * 5000 + "}\n", encoding="utf-8")
    line = one_line_error(capsys, "assess", str(path))
    assert f"{path}:1" in line and "digits" in line


def test_csv_turn_of_5000_digits_is_one_line(tmp_path, capsys):
    path = tmp_path / "digits.csv"
    path.write_text("session_id,speaker,text,turn\ns,coach,hi," + "7" * 5000 + "\n",
                    encoding="utf-8")
    line = one_line_error(capsys, "assess", str(path))
    assert f"{path}:2" in line and "turn" in line


def test_jsonl_array_nested_100000_deep_is_one_line(tmp_path, capsys):
    path = tmp_path / "deep.jsonl"
    path.write_text("[" * 100_000 + "]" * 100_000 + "\n", encoding="utf-8")
    line = one_line_error(capsys, "assess", str(path))
    assert f"{path}:1" in line and "nested" in line


@pytest.mark.parametrize("text", ["(" * 5000 + "trust > 1" + ")" * 5000,
                                  "not " * 5000 + "trust > 1"], ids=["brackets", "nots"])
def test_a_condition_nested_5000_deep_is_a_condition_error(text):
    with pytest.raises(ConditionError, match="nested") as info:
        parse_condition(text, {"trust"})
    assert info.value.column >= 1


def test_a_scenario_condition_nested_5000_deep_is_refused_by_validate(tmp_path, capsys):
    text = SCENARIO.read_text(encoding="utf-8")
    assert "when: " in text
    path = tmp_path / "deep_condition.yaml"
    path.write_text(text.replace("when: ", "when: " + "not " * 5000, 1), encoding="utf-8")
    code, out, err = run(capsys, "validate", str(path))
    assert code == 2 and "Traceback" not in err and "nested" in err


@pytest.mark.parametrize("name, data", [
    ("utf16.txt", "How are you finding things?\n".encode("utf-16")),
    ("binary.txt", bytes(range(256)) * 4),
    ("nul.txt", b"How are you\x00\x00\x00 finding things?\n"),
], ids=["utf16", "binary", "nul"])
def test_a_script_that_is_not_utf8_text_is_one_line(tmp_path, capsys, name, data):
    path = tmp_path / name
    path.write_bytes(data)
    line = one_line_error(capsys, "play", str(SCENARIO), "--script", str(path))
    assert str(path) in line and "UTF-8" in line


def test_a_script_over_the_size_cap_is_refused_before_it_is_read(tmp_path, capsys):
    from simulator.cli.play import MAX_SCRIPT_BYTES

    path = tmp_path / "huge.txt"
    with open(path, "w", encoding="utf-8") as handle:
        handle.truncate(MAX_SCRIPT_BYTES + 1)  # sparse: the test does not fill the disk
    line = one_line_error(capsys, "play", str(SCENARIO), "--script", str(path))
    assert str(path) in line and "limit" in line


def test_a_script_on_standard_input_over_the_cap_is_refused(tmp_path, capsys, monkeypatch):
    import io
    import sys

    from simulator.cli.play import MAX_SCRIPT_BYTES

    stdin = io.TextIOWrapper(io.BytesIO(b"How are you?\n" * (MAX_SCRIPT_BYTES // 13 + 2)))
    monkeypatch.setattr(sys, "stdin", stdin)
    line = one_line_error(capsys, "play", str(SCENARIO), "--script", "-")
    assert "limit" in line


def test_review_of_a_session_number_past_sqlite_integers_is_one_line(tmp_path, capsys):
    line = one_line_error(capsys, "--data-dir", str(tmp_path / "data"),
                          "review", "99999999999999999999999")
    assert "no session" in line


def test_review_of_a_non_ascii_digit_is_one_line(tmp_path, capsys):
    line = one_line_error(capsys, "--data-dir", str(tmp_path / "data"), "review", "\u00b2")
    assert "neither a transcript file nor a saved session" in line


def test_schema_write_where_the_folder_cannot_be_made_is_one_line(tmp_path, capsys, monkeypatch):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setattr(paths, "SCHEMAS_DIR", blocker / "schemas")
    line = one_line_error(capsys, "schema", "--write")
    assert "cannot write" in line


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into a 0500 folder regardless")
def test_schema_write_into_a_read_only_folder_is_one_line(tmp_path, capsys, monkeypatch):
    folder = tmp_path / "schemas"
    folder.mkdir()
    folder.chmod(stat.S_IRUSR | stat.S_IXUSR)
    monkeypatch.setattr(paths, "SCHEMAS_DIR", folder)
    try:
        line = one_line_error(capsys, "schema", "--write")
    finally:
        folder.chmod(0o700)
    assert "cannot write" in line and str(folder) in line


@pytest.mark.parametrize("name, data", [("empty.yaml", b""), ("binary.yaml", b"\x00\xff\xfe" * 40)],
                         ids=["empty", "binary"])
def test_validate_on_an_empty_or_binary_rubric_is_unusable(tmp_path, capsys, name, data):
    path = tmp_path / "rubrics" / name
    path.parent.mkdir()
    path.write_bytes(data)
    code, out, err = run(capsys, "validate", str(path))
    assert code == 2 and out == ""
    assert f"{path}:" in err and "1 unusable" in err
