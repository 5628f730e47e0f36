"""``coachsim validate`` and bad input: exit 2 with one line naming file:line:column, never a
traceback, never anything executed, never unbounded memory."""
from __future__ import annotations

import subprocess
import sys
import tracemalloc
from pathlib import Path

import pytest
from scenario_fixtures import WALKING, line_col, variant

from simulator.cli import main
from simulator.cli import validate as validate_cli
from simulator.errors import InputError, Problem
from simulator.scenario import load_scenario
from simulator.yamlfile import MAX_BYTES


def run(capsys, *args: str) -> tuple[int, str, str]:
    """Run the real entry point in-process; (exit code, stdout, stderr)."""
    with pytest.raises(SystemExit) as info:
        main(list(args))
    out, err = capsys.readouterr()
    return info.value.code, out, err


@pytest.fixture(autouse=True)
def no_walkthroughs(monkeypatch):
    # Walkthroughs need the rubric engine; these tests are about validate itself.
    monkeypatch.setattr(validate_cli, "check_walkthroughs", lambda loaded: [])


def bomb_text() -> str:
    lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, 10):
        prev, name = chr(ord("a") + i - 1), chr(ord("a") + i)
        lines.append(f"{name}: &{name} [{', '.join(['*' + prev] * 9)}]")
    return "\n".join(lines) + "\n"


# (file name, how to write it, the position expected or None, a fragment of the message)
BAD_INPUTS = {
    "binary": (lambda p: p.write_bytes(b"id: x\n\x89PNG\x00\xff\xfe"), (2, None), "not UTF-8"),
    "prose": (lambda p: p.write_text("Sam is a retired bus driver who walks.\n"), (1, 1),
              "expected a mapping of keys at the top, found str"),
    "syntax": (lambda p: p.write_text("id: x\ntitle: [unclosed\nbriefing: y\n"), (3, 9), "YAML syntax error"),
    "empty": (lambda p: p.write_text("# nothing\n"), (1, 1), "the file is empty"),
    "python_tag": (lambda p: p.write_text(
        f"id: !!python/object/apply:os.system ['touch {p.parent / 'PWNED'}']\n"), (1, 5), "is not allowed"),
    "bomb": (lambda p: p.write_text(bomb_text()), None, "too many values"),
    "oversized": (lambda p: p.write_text("x: " + "a" * (MAX_BYTES + 10) + "\n"), None, "over the"),
}


@pytest.mark.parametrize("kind", sorted(BAD_INPUTS))
@pytest.mark.parametrize("command", ["validate", "diagram"])
def test_bad_files_exit_2_with_one_line(tmp_path, capsys, kind, command):
    write, position, fragment = BAD_INPUTS[kind]
    path = tmp_path / f"{kind}.yaml"
    write(path)
    code, out, err = run(capsys, command, str(path))
    assert code == 2 and out == ""
    lines = err.splitlines()
    first = lines[0].removeprefix("coachsim: ")
    assert len(lines) == (2 if command == "validate" else 1)
    assert first.startswith(f"{path}:") and fragment in first, first
    if position is not None:
        line, col = position
        assert first.startswith(f"{path}:{line}:" + (f"{col}:" if col else ""))
    assert not (tmp_path / "PWNED").exists()


def test_missing_file(tmp_path, capsys):
    missing = tmp_path / "nope.yaml"
    assert run(capsys, "diagram", str(missing)) == (2, "", f"coachsim: {missing}: no such file; check the path\n")
    code, out, err = run(capsys, "validate", str(missing))
    assert code == 2 and err.splitlines() == [f"{missing}: no such file; check the path",
                                              "1 file checked, 0 problems, 1 unusable"]


@pytest.mark.parametrize("old, new, needle, fragment", [
    ("difficulty: 2", "difficulty: hard", "hard", "difficulty: input should be a valid integer"),
    ("title:", "titel:", "titel", "titel: unknown key; did you mean 'title'?"),
    ("to: withdrawn, on: [judgement]}", "to: nowhere, on: [judgement]}", "nowhere",
     "to 'nowhere' is not a state"),
    ('when: "trust >= 2"', 'when: "trust >= two"', "two", "condition: unknown name 'two'"),
])
def test_invalid_scenarios_name_the_position(tmp_path, capsys, old, new, needle, fragment):
    path = variant(tmp_path, (old, new))
    line, col = line_col(path, needle)
    for command in ("diagram", "validate"):
        code, out, err = run(capsys, command, str(path))
        assert code == 2, err
        first = err.splitlines()[0].removeprefix("coachsim: ")
        assert first.startswith(f"{path}:{line}:{col}: ") and fragment in first, first


def test_python_tag_is_refused_before_anything_runs(tmp_path):
    # In a fresh interpreter, through the console entry point, as a user would run it.
    marker = tmp_path / "PWNED"
    path = tmp_path / "evil.yaml"
    path.write_text(f"title: !!python/object/apply:os.system ['touch {marker}']\n")
    result = subprocess.run([sys.executable, "-m", "simulator", "validate", str(path)],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert f"{path}:1:8: tag 'tag:yaml.org,2002:python/object/apply:os.system' is not allowed" in result.stderr
    assert not marker.exists()


def test_alias_bomb_fails_fast_in_little_memory(tmp_path):
    path = tmp_path / "bomb.yaml"
    path.write_text(bomb_text())
    tracemalloc.start()
    try:
        with pytest.raises(InputError, match="too many values"):
            load_scenario(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 50_000_000  # a billion strings would be tens of gigabytes


def test_clean_scenario(capsys):
    assert run(capsys, "validate", str(WALKING)) == (0, "", "1 file checked, 0 problems\n")


def test_problems_exit_1_one_line_each(tmp_path, capsys):
    path = variant(tmp_path, ("  gone:\n", '  lost:\n    description: Nobody gets here\n'
                                          '    lines: ["One.", "Two."]\n  gone:\n'),
                   ('  affirmed: ["Well, I do try.", "Nice of you to say."]', "  affirmed: []"))
    code, out, err = run(capsys, "validate", str(path))
    assert code == 1
    assert out.splitlines() == [
        "%s:%d:%d: no lines here; give at least one or remove the key" % (path, *line_col(path, "[]")),
        "%s:%d:%d: state 'lost' cannot be reached from 'guarded'; add a transition to it"
        % (path, *line_col(path, "lost:")),
    ]
    assert err == "1 file checked, 2 problems\n"


def test_reference_problems_are_all_listed_and_make_the_file_unusable(tmp_path, capsys):
    path = variant(tmp_path, ("start: guarded", "start: nowhere"),
                   ("to: withdrawn, on: [judgement]}", "to: away, on: [judgement]}"))
    code, out, err = run(capsys, "validate", str(path))
    assert code == 2 and out == ""
    assert err.splitlines() == [
        "%s:%d:%d: start 'nowhere' is not a state; states: exploring, gone, guarded, opening_up, "
        "own_goal, withdrawn" % (path, *line_col(path, "nowhere")),
        "%s:%d:%d: to 'away' is not a state; states: exploring, gone, guarded, opening_up, "
        "own_goal, withdrawn" % (path, *line_col(path, "away")),
        "1 file checked, 0 problems, 1 unusable"]


def test_folders_and_unusable_files_together(tmp_path, capsys):
    variant(tmp_path, ('lines: ["Mm.", "I suppose.", "Couldn\'t say really."]',
                       'lines: ["Mm.", "Mm.", "Couldn\'t say really."]'), name="a.yaml")
    (tmp_path / "b.yml").write_text("just words\n")
    (tmp_path / "notes.txt").write_text("ignored\n")
    code, out, err = run(capsys, "validate", str(tmp_path), str(WALKING))
    assert code == 2
    assert out.count("\n") == 1 and "repeats an earlier one" in out
    assert err.splitlines() == [
        f"{tmp_path / 'b.yml'}:1:1: expected a mapping of keys at the top, found str",
        "3 files checked, 1 problem, 1 unusable"]


def test_empty_folder_is_unusable(tmp_path, capsys):
    code, _, err = run(capsys, "validate", str(tmp_path))
    assert code == 2 and "no .yaml or .yml files" in err


def test_verbose_counts_lines(capsys):
    code, _, err = run(capsys, "validate", "-v", str(WALKING))
    assert code == 0 and f"{WALKING}: 33 distinct patient lines" in err


def test_validate_names_the_kinds_of_reply_a_scenario_has_no_answer_for(tmp_path, capsys):
    path = variant(tmp_path, ("\nstart:", '\nanswers:\n  scale_importance: ["{number}, I suppose."]\n'
                              '  closed: ["Sometimes."]\nstart:'))
    code, _, err = run(capsys, "validate", str(path))
    assert code == 0
    missing = err.split("no answers for ")[1].split(" (")[0].split(", ")
    assert "scale_importance" not in missing and "closed" not in missing
    assert "scale_confidence" in missing and "summary" in missing
    # goal_asked and permission_asked reactions already answer those kinds
    assert "next_step" not in missing and "permission" not in missing


def test_a_number_outside_a_scale_answer_is_a_problem(tmp_path, capsys):
    path = variant(tmp_path, ("\nstart:", '\nanswers:\n  closed: ["A {number}."]\nstart:'))
    code, out, _ = run(capsys, "validate", str(path))
    assert code == 1 and "{number} is a 0-10 rating" in out


def test_another_kind_plugs_in_by_folder(tmp_path, capsys, monkeypatch):
    rubrics = tmp_path / "rubrics"
    rubrics.mkdir()
    (rubrics / "core.yaml").write_text("name: core\n")
    seen = []

    def check_rubric(path: Path) -> list[Problem]:
        seen.append(path)
        return [Problem(str(path), 1, 1, "a rubric problem")]

    monkeypatch.setitem(validate_cli.CHECKERS, "rubrics", check_rubric)
    code, out, _ = run(capsys, "validate", str(rubrics))
    assert code == 1 and seen == [rubrics / "core.yaml"]
    assert out == f"{rubrics / 'core.yaml'}:1:1: a rubric problem\n"


def test_walkthrough_problems_are_reported(monkeypatch, capsys):
    monkeypatch.setattr(validate_cli, "check_walkthroughs", lambda loaded: [
        loaded.positions.problem(["walkthroughs", 0, "name"], "walkthrough fails")])
    code, out, _ = run(capsys, "validate", str(WALKING))
    line, col = line_col(WALKING, "reflections and a goal question")
    assert code == 1 and out == f"{WALKING}:{line}:{col}: walkthrough fails\n"





def test_every_commands_help_is_plain_text_with_each_option_explained():
    import click

    from simulator.cli import cli

    ctx = click.Context(cli, info_name="coachsim")
    for name in cli.list_commands(ctx):
        command = cli.get_command(ctx, name)
        text = command.get_help(click.Context(command, info_name=name, parent=ctx))
        assert "``" not in text, f"{name}: RST markup reaches the terminal as written"
        bare = [p.opts for p in command.params if isinstance(p, click.Option) and not p.help]
        assert not bare, f"{name}: options without help: {bare}"
    validate = cli.get_command(ctx, "validate").help
    assert "drills" in validate and "rubrics" in validate
