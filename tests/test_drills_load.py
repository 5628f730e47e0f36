"""Drill files: the shipped drills load, and mistakes are reported at their line:column."""
import textwrap

import pytest

from simulator import paths
from simulator.drills import bundled_drills, load_drill
from simulator.errors import InputError

GOOD = """\
id: tiny
title: A tiny drill
skill: open_questions
instructions: Rewrite the question.
time_limit: 60
items:
  - id: first
    patient: "I walk the dog most days."
    reply: "Do you enjoy it?"
    require: [question.open]
    forbid: [question.closed]
    model_answer: "What do you get out of the walks?"
    feedback: Ask for her view.
"""


def write(tmp_path, text, name="d.yaml"):
    path = tmp_path / name
    path.write_text(textwrap.dedent(text))
    return path


def load_error(tmp_path, text) -> InputError:
    path = write(tmp_path, text)
    with pytest.raises(InputError) as caught:
        load_drill(path)
    return caught.value


def test_a_good_drill_loads_with_its_path_and_defaults(tmp_path):
    path = write(tmp_path, GOOD)
    drill = load_drill(path)
    assert drill.path == path
    assert drill.rubric == "core"
    assert drill.scoring.pass_mark == 70 and not drill.scoring.partial_credit
    assert drill.items[0].model_replies == ["What do you get out of the walks?"]
    assert not drill.items[0].conversation


def test_shipped_drills_load_with_the_schema_modeline_and_ten_items_or_more():
    drills = bundled_drills()
    assert len(drills) >= 4
    for drill in drills:
        assert len(drill.items) >= 10, drill.id
        first_line = drill.path.read_text().splitlines()[0]
        assert first_line == "# yaml-language-server: $schema=../schemas/drill.schema.json"
    assert {d.skill for d in drills} >= {"open_questions", "non_judgement", "reflection", "goal"}
    assert any(item.conversation for d in drills for item in d.items)


def test_a_misspelt_key_is_reported_at_the_key_with_a_suggestion(tmp_path):
    error = load_error(tmp_path, GOOD.replace("    forbid:", "    forbidden:"))
    assert (error.line, error.column) == (11, 5)
    assert "did you mean 'forbid'" in error.message


def test_an_unknown_code_is_reported_at_its_value(tmp_path):
    error = load_error(tmp_path, GOOD.replace("require: [question.open]", "require: [question.opne]"))
    assert error.line == 10
    assert "items.0.require.0" in error.message


def test_a_code_both_required_and_forbidden_is_refused(tmp_path):
    error = load_error(tmp_path, GOOD.replace("forbid: [question.closed]", "forbid: [question.open]"))
    assert "both required and forbidden" in error.message
    assert error.line == 7  # the item


def test_an_item_must_say_what_the_answer_needs(tmp_path):
    error = load_error(tmp_path, GOOD.replace("    require: [question.open]\n", ""))
    assert "require, require_any or both" in error.message


def test_a_duplicate_item_id_points_at_the_second_one(tmp_path):
    item = GOOD[GOOD.index("  - id: first"):]
    error = load_error(tmp_path, GOOD + item)
    assert error.line == 14
    assert "already used on line 7" in error.message


def test_a_conversation_item_needs_a_scenario_that_exists(tmp_path):
    text = GOOD + (
        "  - id: talk\n"
        "    scenario: no_such_patient\n"
        "    require: [goal]\n"
        "    model_answer: [\"What matters to you?\"]\n"
        "    feedback: Explore first.\n")
    error = load_error(tmp_path, text)
    assert "no scenario 'no_such_patient'" in error.message
    assert (error.line, error.column) == (15, 15)


def test_a_conversation_model_answer_is_a_list_no_longer_than_the_replies(tmp_path):
    base = GOOD.replace('    patient: "I walk the dog most days."\n    reply: "Do you enjoy it?"\n',
                        f"    scenario: {paths.SCENARIOS_DIR}/diabetes_overwhelmed.yaml\n"
                        "    replies: 1\n")
    error = load_error(tmp_path, base)
    assert "list of replies" in error.message
    error = load_error(tmp_path, base.replace('model_answer: "What do you get out of the walks?"',
                                              'model_answer: ["One?", "Two?"]'))
    assert "more than the 1 allowed" in error.message


def test_a_yaml_syntax_error_and_an_empty_file_are_positioned(tmp_path):
    error = load_error(tmp_path, GOOD.replace("title: A tiny drill", "title: [unclosed"))
    assert error.line is not None and "YAML syntax error" in error.message
    error = load_error(tmp_path, "")
    assert (error.line, error.column) == (1, 1)
