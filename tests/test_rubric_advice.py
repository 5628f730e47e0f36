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


@pytest.mark.parametrize("reply", [
    "What are you willing to try first?",
    "So you're willing to leave the car at home on Fridays.",
    "Would you be willing to swap the evening drink for a walk?",
    "So you're going to ask your sister to come to the class with you.",
    "you're gonna start on monday then",
])
def test_a_commitment_asked_for_or_said_back_is_a_goal(coder, reply):
    assert coder.code(reply, previous_patient=PERSON).has("goal")


@pytest.mark.parametrize("reply", [
    # asking to talk about a topic shares the agenda; it asks for no commitment
    "Would you be willing to talk about the drinking for a few minutes?",
    "I'm glad you're willing to even discuss it.",
    # looking back at effort already made
    "You were willing to give up your Saturdays to train for it.",
    "It's something you're just not willing to do.",
    # a condition or a prediction, not a plan
    "If you're going to take time off work, let the office know.",
    "You're going to need some support with this.",
    "You're going to feel tired for the first few days.",
])
def test_willingness_to_talk_effort_made_and_predictions_are_not_goals(coder, reply):
    assert not coder.code(reply, previous_patient=PERSON).has("goal")


@pytest.mark.parametrize("reply", [
    "Thanks for coming in. See you next week.",
    "OK, I'll see you next time then.",
    "I look forward to talking next time",
])
def test_a_goodbye_elicits_no_goal(coder, reply):
    assert not coder.code(reply, previous_patient="Thanks, that helped.").has("goal")


@pytest.mark.parametrize("reply", [
    "Shall we meet again next week to see how the walking went?",
    "What would you like to have tried by next time?",
    "So between now and next week you'll walk to the shop twice.",
])
def test_arranging_what_happens_by_next_time_is_still_a_goal(coder, reply):
    assert coder.code(reply, previous_patient="Thanks, that helped.").has("goal")


def _advises(coding) -> bool:
    return coding.has("advice.unsolicited") or coding.has("advice.permitted")


@pytest.mark.parametrize("reply", [
    "I'd suggest leaving the phone downstairs, okay?",
    "It might help to leave the phone downstairs, yeah?",
])
def test_a_suggestion_with_a_tag_still_advises(coder, reply):
    assert _advises(coder.code(reply, previous_patient="I keep waking up at three.")), reply


@pytest.mark.parametrize("reply", [
    "What might you want to try first?",
    "What do you think would help to cut down?",
])
def test_a_real_question_about_what_might_help_does_not_advise(coder, reply):
    assert not _advises(coder.code(reply, previous_patient="I keep waking up at three."))


@pytest.mark.parametrize("reply", [
    "We want to make sure you have everything you need before you go.",
    "I'm ringing on Friday just to make sure that you got home all right.",
    "So you're ready to maybe try the pill box.",
])
def test_a_suggestion_phrase_after_to_is_an_aim_not_an_instruction(coder, reply):
    assert not _advises(coder.code(reply, previous_patient="I keep forgetting the tablets."))


@pytest.mark.parametrize("reply", [
    "Make sure you keep them by the kettle.",
    "Maybe try keeping them by the kettle.",
    "Take them with breakfast and make sure you drink some water.",
])
def test_the_same_phrase_as_an_instruction_advises(coder, reply):
    assert _advises(coder.code(reply, previous_patient="I keep forgetting the tablets."))


def _after_permission(coder, reply: str):
    conv = coder.conversation()
    conv.patient("I never know how much is too much.")
    conv.coach("Would it be OK if I shared what the guidance says?")
    conv.patient("Yes, go on.")
    return conv.coach(reply)


def test_a_fact_after_permission_is_information_not_an_option(coder):
    coding = _after_permission(coder, "Drinking more than fourteen units a week can raise the risk of liver disease.")
    assert coding.has("information") and not _advises(coding), coding.codes


@pytest.mark.parametrize("reply", [
    "Many people find they can manage with two alcohol-free days a week.",
    "They can keep two days a week alcohol-free to give the liver a rest.",
])
def test_something_a_person_could_do_after_permission_is_permitted_advice(coder, reply):
    assert _after_permission(coder, reply).has("advice.permitted")


@pytest.mark.parametrize("reply, advises", [
    ("That's a decision you have to make.", False),
    ("It's a choice that you've got to make for yourself.", False),
    ("You need to make a decision about it.", True),
    ("You have to ring the surgery first.", True),
])
def test_a_decision_the_person_has_to_make_hands_back_the_choice(coder, reply, advises):
    coding = coder.code(reply, previous_patient="I don't know whether to tell my boss.")
    assert _advises(coding) is advises, coding.codes


@pytest.mark.parametrize("reply, advises", [
    ("Would you be open to trying a walk after dinner?", True),
    ("I wonder whether you'd be open to just writing down each drink for a week.", True),
    ("Would you be open to talking about the evenings a bit more?", False),
    ("It sounds like you'd be open to cutting down in the week.", False),
])
def test_open_to_trying_something_puts_an_idea_forward(coder, reply, advises):
    coding = coder.code(reply, previous_patient="The evenings are the hardest.")
    assert _advises(coding) is advises, coding.codes


@pytest.mark.parametrize("reply, goal", [
    # planning: whether the change is within reach, barriers, a quit date, coping responses
    ("Do you think you could go a month without one?", True),
    ("Do you think you can quit before the summer?", True),
    ("What might get in your way?", True),
    ("When would you like your quit date to be?", True),
    ("If a friend offers you one, how could you respond?", True),
    ("How might you cope with the first morning?", True),
    ("What else could you think about doing?", True),
    ("Do you think you can remember when it started?", False),
    ("How could you tell it was getting worse?", False),
])
def test_planning_questions_elicit_a_goal(coder, reply, goal):
    coding = coder.code(reply, previous_patient="I want to stop smoking before the baby comes.")
    assert coding.has("goal") is goal, coding.codes


@pytest.mark.parametrize("reply, advises", [
    ("It's really important that you take the full course.", True),
    ("It is important that you tell the nurse about the dizziness.", True),
    ("It's really important that you were willing to keep going through the winter.", False),
    ("It's so important that you managed those first two weeks.", False),
])
def test_importance_of_something_already_done_affirms_rather_than_advises(coder, reply, advises):
    coding = coder.code(reply, previous_patient="I kept at it even when it was cold.")
    assert _advises(coding) is advises, coding.codes


@pytest.mark.parametrize("reply, advises", [
    ("One idea would be a class at the leisure centre.", True),
    ("Here are a couple of ideas: a class, or a walking group.", True),
    ("The other thing I would consider is the library's book group.", True),
    ("You've got a couple of ideas already.", False),
    ("Do you have any ideas about what might help?", False),
    ("One thing I noticed is that the evenings come up a lot.", False),
])
def test_offering_the_coaches_own_idea_is_advice(coder, reply, advises):
    coding = coder.code(reply, previous_patient="I get so bored in the evenings.")
    assert _advises(coding) is advises, coding.codes


def test_a_turn_that_carries_on_a_cut_off_sentence_does_not_start_an_instruction(coder):
    conv = coder.conversation()
    conv.patient("The childcare is the real problem.")
    conv.coach("Okay. The family centre can help you sort that, and they can-")
    conv.patient("Mm.")
    assert not _advises(conv.coach("-um, try to find something nearer your work."))
    assert _advises(coder.code("Try to find something nearer your work."))


@pytest.mark.parametrize("reply, advises", [
    ("I'm hoping you'll be able to tell me you went twice.", True),
    ("I hope that you will book the induction this week.", True),
    ("I hope you'll feel better soon.", False),
    ("I'm hoping you're going to be okay over the weekend.", False),
])
def test_the_coaches_hope_for_an_action_is_advice_but_a_good_wish_is_not(coder, reply, advises):
    coding = coder.code(reply, previous_patient="I might try the gym again.")
    assert _advises(coding) is advises, coding.codes


@pytest.mark.parametrize("reply, advises", [
    ("What you need to do is ring them today.", True),
    ("what you really need to do is ring them today", True),
    ("you're more focused on what you need to do to get this behind you", False),
    ("I can't tell you what you should do about your brother.", False),
])
def test_what_you_need_to_do_tells_only_when_it_introduces_the_instruction(coder, reply, advises):
    coding = coder.code(reply, previous_patient="I just want this behind me.")
    assert _advises(coding) is advises, coding.codes


@pytest.mark.parametrize("request_", [
    "Do you think I should ring them?",
    "Would you recommend ringing them?",
    "Is it a good idea to ring them first?",
])
def test_advice_the_person_asked_for_is_permitted(coder, request_):
    conv = coder.conversation()
    conv.patient(request_)
    coding = conv.coach("You could try ringing them first thing in the morning.")
    assert coding.has("advice.permitted") and not coding.has("advice.unsolicited"), coding.codes


def test_saying_what_one_should_do_is_not_asking_for_advice(coder):
    assert not coder.asks_for_advice("I know I should ring them.")
