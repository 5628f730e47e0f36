"""Tailoring to activation level: the trainee's estimate against the scenario's level, and the
rubric's measures for that level worked out from what the session did."""
from __future__ import annotations

import pytest
from click.testing import CliRunner

from simulator.cli import cli
from simulator.journey import begin_appointment, tailoring
from simulator.paths import SCENARIOS_DIR
from simulator.rubric import load_rubric
from simulator.rubric.tailoring import Reply, measure, tailoring_feedback
from simulator.scenario import load_scenario

SMOKING = load_scenario(SCENARIOS_DIR / "smoking_ambivalent.yaml")  # Marcus: level 2
CORE = load_rubric("core")


def test_the_core_rubric_names_the_measures_for_low_and_high_activation():
    assert CORE.tailoring.low == ["one_small_step", "building_confidence", "no_information_lists"]
    assert "their_own_plan" in CORE.tailoring.high


def test_a_list_of_information_at_low_activation_is_flagged():
    replies = [Reply("You could try patches, gum, a spray and the stop smoking clinic.", ("advice.unsolicited",))]
    result = measure("no_information_lists", replies, "", "none", False)
    assert not result.met
    assert result.note == "1 reply listed information"


def test_too_much_telling_is_flagged_even_without_lists():
    replies = [Reply("Patches help.", ("information",))] * 3
    assert measure("no_information_lists", replies, "", "none", False).note == "3 replies told rather than asked"


def test_building_confidence_is_an_affirmation_or_asking_how_confident():
    asked = [Reply("How confident are you, from 0 to 10, that you could do it?", ("question.open", "goal"))]
    assert measure("building_confidence", asked, "", "none", False).met
    assert not measure("building_confidence", [Reply("What brings you in?", ("question.open",))],
                       "", "none", False).met


def test_one_small_step_needs_the_persons_own_small_goal():
    assert measure("one_small_step", [], "Monday I ring the chemist", "person", True).met
    result = measure("one_small_step", [], "stop completely", "coach", False)
    assert not result.met and result.note.startswith("the step was your idea")


def test_an_estimate_on_the_wrong_side_of_level_2_says_what_changes():
    feedback = tailoring_feedback(CORE, 2, 4, "", [], "", "none", False)
    assert feedback.verdict.startswith("You estimated level 4 (maintaining); the person is at level 2")
    assert "one small step, confidence, little information" in feedback.verdict
    assert [m.measure for m in feedback.measures] == CORE.tailoring.low
    high = tailoring_feedback(CORE, 3, 3, "", [], "", "person", True)
    assert high.verdict == "Right: level 3 (taking action)."
    assert [m.measure for m in high.measures] == CORE.tailoring.high


def test_an_estimate_outside_1_to_4_is_refused():
    with pytest.raises(ValueError, match="1 to 4, not 5"):
        tailoring_feedback(CORE, 2, 5, "", [], "", "none", False)


def test_a_session_where_the_coach_set_the_goal_misses_the_low_activation_measures():
    session = begin_appointment(SMOKING, 1, None, seed=1)
    session.submit("I think the best thing is to set a quit date for Monday and stop completely.")
    feedback = tailoring(session, 2, "kept it short")
    assert feedback.verdict == "Right: level 2 (becoming aware)."
    assert feedback.tailored == "kept it short"
    met = {m.measure: m.met for m in feedback.measures}
    assert met == {"one_small_step": False, "building_confidence": False, "no_information_lists": True}


def test_play_compares_the_estimate_after_its_appointment(tmp_path):
    script = tmp_path / "A1.txt"
    script.write_text("You managed nine days without a smoke while driving all day. That took real determination.\n")
    result = CliRunner().invoke(cli, ["play", str(SMOKING.path), "--script", str(script),
                                      "--activation", "4"])
    assert result.exit_code == 0, result.output
    assert "Activation level: You estimated level 4 (maintaining)" in result.output
    assert "ok   building confidence: 1 affirmation" in result.output
