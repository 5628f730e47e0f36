"""Goal is eliciting the person's own goal, plan or next step, precision first: words that
name a plan in an ordinary statement elicit nothing. Sentences are our own."""
from __future__ import annotations

import pytest

WALKS = "I keep meaning to get back to the walks but it never happens."


@pytest.mark.parametrize("reply", [
    "We'll go through the leaflet next week.",
    "I have a plan of the building if you need the toilets.",
    "The nurse will work on the dressing while you wait.",
    "There's a first step on the way in, so mind it.",
    "See you next time.",
])
def test_plan_words_in_an_ordinary_statement_are_no_goal(coder, reply):
    assert not coder.code(reply, previous_patient=WALKS).has("goal"), reply


@pytest.mark.parametrize("reply", [
    "What might a first step be?",                              # asked
    "So your plan is to walk to the shop twice next week.",     # the person's plan said back
    "You've decided to get back to the walks.",
    "What would you like to have done by next time?",
    "How will you fit the walks around work?",                  # by grammar, no phrase
    "When could you try a short walk after tea?",
])
def test_eliciting_or_saying_back_the_persons_plan_is_goal(coder, reply):
    assert coder.code(reply, previous_patient=WALKS).has("goal"), reply


@pytest.mark.parametrize("reply, goal", [
    ("How would you define a good week?", False),              # a view asked for, not a deed
    ("How do you think you could compare the two?", False),
    ("How could you get into trouble at work over it?", False),  # an outcome, not a plan
    ("How could you fit a walk into the lunch break?", True),
    ("What do you think you could try first?", True),
    ("What would you like to achieve by our next appointment?", True),   # an aim, by grammar
    ("what do you want to get sorted with the walks", True),
    ("What would you like to talk about today?", False),                # the agenda, not an aim
    ("What do you want to know about the walking group?", False),       # a fact wanted
])
def test_a_question_about_a_view_or_an_outcome_elicits_no_plan(coder, reply, goal):
    assert coder.code(reply, previous_patient=WALKS).has("goal") is goal, reply


@pytest.mark.parametrize("reply", [
    "Why didn't you pick a lower number, like a two?",
    "A six. Why didn't you say a three?",
    "why didn't you go for a higher number",                    # spoken, no punctuation
    "why a six and not a two",                                  # typed as a trainee would, no verb
    "Okay, so why a 6?",
])
def test_asking_why_a_rating_is_not_lower_asks_for_reasons_and_does_not_argue(coder, reply):
    coding = coder.code(reply, previous_patient="I'd put myself at about a six.")
    assert coding.has("question.open") and coding.has("goal"), coding.codes
    assert not coding.has("judgement"), coding.codes


def test_asking_why_something_was_not_done_still_argues(coder):
    coding = coder.code("Why didn't you take your tablets?", previous_patient="I forgot them again.")
    assert coding.has("judgement"), coding.codes
