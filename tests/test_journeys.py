"""Journeys: follow-up appointments that open from what the last one left, played through the
real rubric and persona; their bad input named by file, line and column."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from simulator.cli import cli
from simulator.errors import InputError
from simulator.journey import Carryover, begin_appointment, carry_over, restore_scenario
from simulator.paths import SCENARIOS_DIR
from simulator.rubric.plans import CarePlan
from simulator.scenario import find_scenarios, load_scenario
from simulator.walkthrough import run_journey_walkthrough
from tests.scenario_fixtures import line_col

SMOKING = SCENARIOS_DIR / "smoking_ambivalent.yaml"
JOURNEYS = {p.stem: load_scenario(p) for p in find_scenarios([SCENARIOS_DIR])}
JOURNEYS = {name: loaded for name, loaded in JOURNEYS.items() if loaded.scenario.appointments}
JOURNEY_WALKTHROUGHS = [
    pytest.param(name, index, id=f"{name}-{index}")
    for name, loaded in JOURNEYS.items()
    for index in range(len(loaded.scenario.journey_walkthroughs))
]


def record(**changes) -> Carryover:
    base = dict(appointment=1, opened=None, goal="", goal_by="none", small=False, trust=5.0,
                importance=5.0, confidence=5.0, judged=0, ended=None)
    return Carryover(**(base | changes))


@pytest.mark.parametrize("name, index", JOURNEY_WALKTHROUGHS)
def test_journey_walkthrough_passes_through_every_appointment(name, index):
    loaded = JOURNEYS[name]
    run = run_journey_walkthrough(loaded, loaded.scenario.journey_walkthroughs[index])
    assert run.passed, run.failures


def test_three_scenarios_carry_a_person_through_three_appointments():
    three = [name for name, loaded in JOURNEYS.items() if len(loaded.scenario.appointments) >= 2]
    assert len(three) >= 3, three
    for name in three:
        walkthroughs = JOURNEYS[name].scenario.journey_walkthroughs
        firsts = {w.visits[0].expect.goal_by for w in walkthroughs}
        # A skilled journey, and one whose first goal was the coach's idea.
        assert {"person", "coach"} <= firsts, name
        assert all(len(w.visits) == 3 for w in walkthroughs), name


def test_the_persons_own_goal_carries_over_in_their_words():
    loaded = JOURNEYS["smoking_ambivalent"]
    run = run_journey_walkthrough(loaded, loaded.scenario.journey_walkthroughs[0])
    first = run.records[0]
    assert first.goal_by == "person" and first.small
    assert first.goal == run.sessions[0].turns[-1].patient.line  # what he said, not the coach
    assert run.sessions[1].info.carried_in == first.to_dict()


def test_the_coachs_idea_carries_over_as_the_coachs_and_not_small():
    loaded = JOURNEYS["smoking_ambivalent"]
    session = begin_appointment(loaded, 1, None, seed=1)
    session.submit("I think the best thing is to set a quit date for Monday and stop completely.")
    carried = carry_over(session)
    assert carried.goal_by == "coach"
    assert not carried.small
    assert "stop completely" in carried.goal


def test_a_plan_goal_in_the_persons_words_is_theirs_unless_the_coach_offered_one():
    loaded = JOURNEYS["smoking_ambivalent"]
    session = begin_appointment(loaded, 1, None, seed=1)
    session.submit("What does smoking do for you?")
    said = session.last_patient.line
    theirs = carry_over(session, CarePlan(goal=said))
    assert (theirs.goal, theirs.goal_by) == (said, "person")
    session.submit("I think the best thing is to set a quit date for Monday and stop completely.")
    assert carry_over(session, CarePlan(goal=said)).goal_by == "coach"


@pytest.mark.parametrize("carried, opening, start", [
    (record(goal="Monday I ring the chemist", goal_by="person", small=True), "partly_done", "reviewing"),
    (record(goal="stop completely", goal_by="coach"), "not_done_defensive", "defensive"),
    (record(goal="stop for good", goal_by="person"), "not_done_discouraged", "discouraged"),
    (record(), "no_goal", "discouraged"),
])
def test_the_next_appointment_opens_from_what_was_left(carried, opening, start):
    session = begin_appointment(JOURNEYS["smoking_ambivalent"], 2, carried, seed=0)
    assert session.info.opened == opening
    assert session.persona.state == start
    assert session.opening.line in session.loaded.scenario.opening


def test_a_follow_up_starts_where_the_person_left_off_moved_by_its_opening():
    carried = record(goal="I'll stop for good", goal_by="coach", trust=6, importance=7, confidence=4)
    session = begin_appointment(JOURNEYS["smoking_ambivalent"], 2, carried)
    # not_done_defensive: trust -2.5, confidence -1.5; importance as he left it.
    assert session.persona.variables["trust"] == 3.5
    assert session.persona.variables["confidence"] == 2.5
    assert session.persona.variables["importance"] == 7


def test_the_third_appointment_follows_how_the_second_opened():
    loaded = JOURNEYS["smoking_ambivalent"]
    own = dict(goal="This week, not in the house", goal_by="person", small=True, appointment=2)
    assert begin_appointment(loaded, 3, record(opened="partly_done", **own)).info.opened == "progress"
    assert begin_appointment(loaded, 3, record(opened="not_done_defensive", **own)).info.opened == "lapse"


def test_a_saved_follow_up_is_rebuilt_from_its_record():
    loaded = JOURNEYS["smoking_ambivalent"]
    session = begin_appointment(loaded, 2, record(goal_by="coach", goal="stop"), seed=3)
    rebuilt = restore_scenario(loaded, session.info)
    assert rebuilt.scenario.start == session.loaded.scenario.start
    assert rebuilt.scenario.opening == session.loaded.scenario.opening


def test_a_follow_up_needs_the_record_before_it():
    with pytest.raises(ValueError, match="needs the record of appointment 1"):
        begin_appointment(JOURNEYS["smoking_ambivalent"], 2, None)


# -- coachsim play: one script per appointment ---------------------------------------------------

def scripts(tmp_path: Path, *texts: str) -> list[str]:
    args = []
    for i, text in enumerate(texts, start=1):
        path = tmp_path / f"A{i}.txt"
        path.write_text(text, encoding="utf-8")
        args += ["--script", str(path)]
    return args


def test_play_with_a_script_per_appointment_plays_the_journey(tmp_path):
    args = scripts(tmp_path, "I think the best thing is to set a quit date for Monday and stop completely.\n",
                   "It's your decision what you do about smoking, not mine.\n",
                   "What has the month been like?\n")
    result = CliRunner().invoke(cli, ["play", str(SMOKING), *args])
    assert result.exit_code == 0, result.output
    assert "== Appointment 1:" in result.output
    assert "== Appointment 2:" in result.output and "(opened: not_done_defensive, your idea" in result.output
    assert "== Appointment 3:" in result.output
    assert "Carried over: Goal (your idea, not theirs" in result.output


def test_play_jsonl_names_the_appointment_and_its_opening(tmp_path):
    args = scripts(tmp_path, "What brings you in?\n", "How have the two weeks been?\n")
    result = CliRunner().invoke(cli, ["play", str(SMOKING), *args, "--format", "jsonl"])
    rows = [json.loads(line) for line in result.output.splitlines()]
    assert [(r["appointment"], r["opened"]) for r in rows] == [(1, None), (2, "no_goal")]


def test_more_scripts_than_appointments_is_one_line_and_exit_2(tmp_path):
    args = scripts(tmp_path, "Hello.\n", "Hello.\n", "Hello.\n", "Hello.\n")
    result = CliRunner().invoke(cli, ["play", str(SMOKING), *args])
    with pytest.raises(InputError, match="4 scripts given, but this scenario has 3 appointments"):
        raise result.exception


# -- bad input: one line naming the place -------------------------------------------------------

def broken(tmp_path: Path, old: str, new: str) -> Path:
    """A copy of the smoking scenario with ``old`` replaced in its appointments section."""
    text = SMOKING.read_text(encoding="utf-8")
    at = text.index("\nappointments:")
    assert old in text[at:], old
    path = tmp_path / "broken.yaml"
    path.write_text(text[:at] + text[at:].replace(old, new, 1), encoding="utf-8")
    return path


@pytest.mark.parametrize("old, new, needle, message", [
    ("start: reviewing", "start: reviewnig", "reviewnig",
     "start 'reviewnig' is not a state of this appointment"),
    ("changes: {trust: -1, confidence: 0.5}", "changes: {trust: -1, confidnce: 0.5}", "confidnce",
     "'confidnce' is not a variable"),
    ("after: [partly_done]", "after: [partly_dun]", "partly_dun",
     "'partly_dun' is not an opening of appointment 2"),
    ('when: "goal_coach >= 1"', 'when: "goal_coch >= 1"', "goal_coch", "goal_coch"),
    ("{from: adjusting, to: own_goal", "{from: adjusting, to: own_gaol", "own_gaol",
     "to 'own_gaol' is not a state of this appointment"),
    ("opened: partly_done, ended", "opened: partly_dun, ended", "partly_dun",
     "'partly_dun' is not an opening of appointment 2"),
])
def test_a_broken_appointment_is_one_line_with_file_line_and_column(tmp_path, old, new, needle, message):
    path = broken(tmp_path, old, new)
    result = CliRunner().invoke(cli, ["validate", str(path)])
    assert result.exit_code == 2
    line, column = line_col(path, needle)
    first = result.output.splitlines()[0]
    assert first.startswith(f"{path}:{line}:"), first
    assert message in first
    if "when" not in old:
        assert first.startswith(f"{path}:{line}:{column}:"), first
    with pytest.raises(InputError):
        load_scenario(path)


def test_the_last_opening_must_let_every_history_in(tmp_path):
    path = broken(tmp_path, "start: lapsed\n        changes: {confidence: -1}",
                  "start: lapsed\n        when: \"goal_set >= 1\"\n        changes: {confidence: -1}")
    result = CliRunner().invoke(cli, ["validate", str(path)])
    assert result.exit_code == 1
    assert "the last opening should have no 'when' or 'after'" in result.output
