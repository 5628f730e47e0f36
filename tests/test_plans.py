"""The care plan check: goals in the person's words, small and specific, support they agreed
to; feedback per field."""
from __future__ import annotations

import pytest
from click.testing import CliRunner

from simulator.cli import cli
from simulator.errors import InputError
from simulator.paths import SCENARIOS_DIR
from simulator.rubric import Coder, load_rubric
from simulator.rubric.plans import CarePlan, check_plan, goal_shape, load_plan

SMOKING = SCENARIOS_DIR / "smoking_ambivalent.yaml"


@pytest.mark.parametrize("goal", [
    "Monday, after my first drop, I ring the pharmacy and make the appointment.",
    "Fifteen minutes round the park after I drop Lily off, two mornings a week.",
    "Twenty minutes lying down at lunch, every day next week.",
    "I'll book in with the stop smoking service this week.",
])
def test_a_first_step_with_a_when_is_small_and_specific(goal):
    assert goal_shape(goal).ok, goal_shape(goal).why


@pytest.mark.parametrize("goal, why", [
    ("I think the best thing is to set a quit date for Monday and stop completely.", "'quit' makes it big"),
    ("You could just go for a walk every day.", "'every day'"),
    ("Lose two stone by the summer holidays.", "'Lose two stone' makes it big"),
    ("Be more active.", "does not say when"),
])
def test_a_big_or_vague_goal_is_not_and_says_why(goal, why):
    shape = goal_shape(goal)
    assert not shape.ok
    assert why in shape.why


# -- the plan, checked against the conversation ---------------------------------------------------

CODER = Coder(load_rubric("core"))
#: What a person said in an appointment (written for this test).
HEARD = [
    "I'm only here because the nurse booked me in.",
    "The van is where I smoke. At home it's easier, to be honest.",
    "My kids matter most. I don't want Callum starting because of me.",
    "I've heard the chemist does a stop smoking thing. Maybe I'd go along.",
    "Right. Monday after my first drop I ring the chemist and book in.",
]


def checks(**fields) -> dict[str, tuple[bool, str]]:
    return {c.field: (c.ok, c.note) for c in check_plan(CarePlan(**fields), HEARD, CODER)}


def test_a_plan_in_the_persons_words_passes_field_by_field():
    found = checks(matters="his kids, not wanting Callum starting because of him",
                   goal="Monday after my first drop I ring the chemist and book in",
                   first_step="ring the chemist on Monday after the first drop",
                   obstacles="a busy round", if_then="if the round runs late, I will ring at dinner time",
                   support="the stop smoking service at the chemist", follow_up="in two weeks")
    assert all(ok for ok, _ in found.values()), found


def test_a_goal_in_the_coachs_words_is_flagged_as_the_coachs_idea():
    ok, note = checks(goal="Achieve complete cessation of tobacco use by Christmas")["goal"]
    assert not ok
    assert "your idea" in note


def test_the_persons_words_for_a_big_goal_are_theirs_but_not_small():
    ok, note = checks(goal="I want to stop smoking in the van completely")["goal"]
    assert not ok
    assert note.startswith("their goal, in their words; but")


def test_support_the_person_never_talked_about_is_flagged():
    ok, note = checks(support="a peer support group")["support"]
    assert not ok
    assert "peer group" in note and "ask before" in note
    assert checks(support="stop smoking service at the chemist")["support"][0]


def test_missing_if_then_and_follow_up_time_say_what_to_add():
    found = checks(if_then="keep going", follow_up="soon")
    assert found["if_then"] == (False, "say what they will do when it happens: 'if ..., I will ...'")
    assert not found["follow_up"][0]


def test_a_plan_field_over_its_length_is_one_line_with_file_line_and_column(tmp_path):
    path = tmp_path / "plan.yaml"
    path.write_text("matters: his kids\ngoal: " + "x" * 201 + "\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_plan(path)
    assert str(caught.value) == f"{path}:2:7: goal: string should have at most 200 characters"


def test_play_checks_the_plan_after_its_appointment_and_carries_its_goal(tmp_path):
    script = tmp_path / "A1.txt"
    script.write_text("What brings you in today?\n", encoding="utf-8")
    second = tmp_path / "A2.txt"
    second.write_text("How have the two weeks been?\n", encoding="utf-8")
    plan = tmp_path / "plan.yaml"
    plan.write_text("goal: Stop smoking completely by Christmas\nfollow_up: in two weeks\n",
                    encoding="utf-8")
    result = CliRunner().invoke(cli, ["play", str(SMOKING), "--script", str(script),
                                      "--plan", str(plan), "--script", str(second)])
    assert result.exit_code == 0, result.output
    assert "Care plan:" in result.output
    assert "work Their goal, in their words: only" in result.output
    # A goal in the coach's words goes home as the coach's idea.
    assert "(opened: not_done_defensive," in result.output


def test_a_bad_plan_stops_before_anything_plays(tmp_path):
    script = tmp_path / "A1.txt"
    script.write_text("What brings you in today?\n", encoding="utf-8")
    plan = tmp_path / "plan.yaml"
    plan.write_text("goal: ring the chemist\ngaol: typo\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["play", str(SMOKING), "--script", str(script), "--plan", str(plan)])
    assert isinstance(result.exception, InputError)
    assert str(result.exception).startswith(f"{plan}:2:1: gaol")
    assert result.output == ""
