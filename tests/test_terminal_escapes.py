"""Control characters never reach the terminal (issue 13, item 6): refused in scenario, rubric
and drill files, shown as visible stand-ins everywhere else text from outside is printed."""
from __future__ import annotations


import pytest

from simulator.cli import main
from simulator.paths import DRILLS_DIR, RUBRICS_DIR, SCENARIOS_DIR
from simulator.terminal import printable

ESCAPES = "\x1b]0;pwned\x07\x1b[2J\x9b31m\u202e"
YAML_ESCAPES = r"\e]0;pwned\a\e[2J\x9b31m"


def run(capsys, *args: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as info:
        main(list(args))
    out, err = capsys.readouterr()
    return info.value.code, out, err


def clean(text: str) -> bool:
    return not any(ch in text for ch in "\x1b\x07\x9b\u202e")


def test_printable_keeps_length_and_newlines_and_shows_escapes():
    text = "a\x1b[2Jb\nc\x07\u202e"
    shown = printable(text)
    assert len(shown) == len(text) and clean(shown)
    assert shown == "a\u241b[2Jb\nc\u2407\ufffd"
    assert printable("x\ny", newlines=False) == "x\u240ay"
    assert printable("plain words, tabs\tand é") == "plain words, tabs\tand é"


def copy_with(tmp_path, source, folder: str, old: str, new: str):
    text = source.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / folder / source.name
    path.parent.mkdir(exist_ok=True)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    line = text[: text.index(old)].count("\n") + 1
    return path, line


@pytest.mark.parametrize("folder, source, key", [
    ("scenarios", SCENARIOS_DIR / "carer_strain.yaml", "title: "),
    ("rubrics", RUBRICS_DIR / "refresher.yaml", "title: "),
    ("drills", DRILLS_DIR / "closed_to_open.yaml", "title: "),
], ids=["scenario", "rubric", "drill"])
def test_validate_refuses_control_characters_with_line_and_column(
        tmp_path, capsys, folder, source, key):
    path, line = copy_with(tmp_path, source, folder, key, f'{key}"{YAML_ESCAPES}" #')
    code, out, err = run(capsys, "validate", str(path))
    assert code == 2 and clean(out + err)
    assert f"{path}:{line}:{len(key) + 1}: " in err and "control character" in err


def test_assess_text_output_shows_ids_and_names_escaped(tmp_path, capsys):
    path = tmp_path / "t.csv"
    path.write_text("session_id,speaker,text,trainee,turn\n"
                    f"s{ESCAPES},coach,How are you finding things?,Bob{ESCAPES},1{ESCAPES}\n",
                    encoding="utf-8")
    code, out, err = run(capsys, "assess", "--sessions", str(path))
    assert code == 0 and clean(out + err)
    assert "s\u241b]0;pwned" in out and "Bob\u241b" in out
    code, out, err = run(capsys, "assess", "--format", "markdown", str(path))
    assert code == 0 and clean(out + err) and "Bob\u241b" in out


def test_play_shows_the_script_replies_escaped(tmp_path, capsys):
    script = tmp_path / "script.txt"
    script.write_text(f"How are you finding things?{ESCAPES}\n", encoding="utf-8")
    code, out, err = run(capsys, "play", str(SCENARIOS_DIR / "carer_strain.yaml"),
                         "--script", str(script))
    assert code == 0 and clean(out + err) and "things?\u241b]0;pwned" in out


def test_a_one_line_error_naming_outside_text_is_escaped_and_one_line(tmp_path, capsys):
    code, out, err = run(capsys, "assess", str(tmp_path / f"x{ESCAPES}\nline two.csv"))
    assert code == 2 and clean(err) and len(err.strip().splitlines()) == 1


def test_calibrate_differences_show_reply_text_escaped(tmp_path, capsys):
    transcript = tmp_path / "t.csv"
    transcript.write_text("session_id,speaker,text\n"
                          f"s,coach,You should walk more{ESCAPES}\n", encoding="utf-8")
    codes = tmp_path / "codes.csv"
    codes.write_text("turn,codes\n1,question.open\n", encoding="utf-8")
    code, out, err = run(capsys, "calibrate", str(transcript), "--codes", str(codes))
    assert clean(out + err) and "\u241b" in out
