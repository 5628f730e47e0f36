"""The care plan check: goals in the person's words, small and specific, support they agreed
to; feedback per field."""
from __future__ import annotations

import pytest

from simulator.rubric.plans import goal_shape


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
