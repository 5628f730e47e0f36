"""Advice, information and goal detection by the code definitions (MITI 4.2.1, the AnnoMI
codebook). Sentences are our own."""
from __future__ import annotations

import pytest

PERSON = "I've been thinking I'll only have a drink at the weekend from now on."


@pytest.mark.parametrize("reply", [
    "So you've decided to keep drinking to the weekends.",
    "It sounds like you have a plan to keep the weekdays dry.",
    "So your plan is weekends only, starting this Saturday.",
])
def test_a_plan_said_back_is_a_reflection_and_a_goal(coder, reply):
    coding = coder.code(reply, previous_patient=PERSON)
    assert coding.has("goal"), coding.codes
    assert coding.has("reflection.simple") or coding.has("reflection.complex"), coding.codes


@pytest.mark.parametrize("reply", [
    "What's your plan for the weekends?",
    "Your goal could be weekends only.",
])
def test_a_goal_question_or_a_goal_put_forward_is_not_a_reflection(coder, reply):
    coding = coder.code(reply, previous_patient=PERSON)
    assert coding.has("goal"), coding.codes
    assert not (coding.has("reflection.simple") or coding.has("reflection.complex")), coding.codes
