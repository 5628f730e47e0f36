"""Advice, information and goal detection by the code definitions (MITI 4.2.1, the AnnoMI
codebook). Sentences are our own."""
from __future__ import annotations

import pytest

from simulator.rubric import Conversation

PERSON = "I've been thinking I'll only have a drink at the weekend from now on."
THANKS = "Thanks, that helped."
BABY = "I want to stop smoking before the baby comes."
WAKING = "I keep waking up at three."
TABLETS = "I keep forgetting the tablets."
BOSS = "I don't know whether to tell my boss."
EVENINGS = "The evenings are the hardest."
COLD = "I kept at it even when it was cold."
BORED = "I get so bored in the evenings."
GYM = "I might try the gym again."
BEHIND = "I just want this behind me."


@pytest.mark.parametrize("reply", [
    "So you've decided to keep drinking to the weekends.",
    "It sounds like you have a plan to keep the weekdays dry.",
    "So your plan is weekends only, starting this Saturday.",
])
def test_a_plan_said_back_is_a_reflection_and_a_goal(coder, reply):
    coding = coder.code(reply, previous_patient=PERSON)
    assert coding.has("goal"), coding.codes
    assert coding.has("reflection.simple") or coding.has("reflection.complex"), coding.codes


def test_a_goal_question_is_not_a_reflection(coder):
    coding = coder.code("What's your plan for the weekends?", previous_patient=PERSON)
    assert coding.has("goal"), coding.codes
    assert not (coding.has("reflection.simple") or coding.has("reflection.complex")), coding.codes


GOAL_CASES = [
    # a commitment asked for or said back
    (PERSON, "What are you willing to try first?", True),
    (PERSON, "So you're willing to leave the car at home on Fridays.", True),
    (PERSON, "Would you be willing to swap the evening drink for a walk?", True),
    (PERSON, "So you're going to ask your sister to come to the class with you.", True),
    (PERSON, "you're gonna start on monday then", True),
    # asking to talk about a topic shares the agenda; it asks for no commitment
    (PERSON, "Would you be willing to talk about the drinking for a few minutes?", False),
    (PERSON, "I'm glad you're willing to even discuss it.", False),
    # looking back at effort already made, or declining
    (PERSON, "You were willing to give up your Saturdays to train for it.", False),
    (PERSON, "It's something you're just not willing to do.", False),
    # a condition or a prediction, not a plan
    (PERSON, "If you're going to take time off work, let the office know.", False),
    (PERSON, "You're going to need some support with this.", False),
    (PERSON, "You're going to feel tired for the first few days.", False),
    # a goodbye names when we meet again; arranging what happens by then is planning
    (THANKS, "Thanks for coming in. See you next week.", False),
    (THANKS, "OK, I'll see you next time then.", False),
    (THANKS, "I look forward to talking next time", False),
    (THANKS, "Shall we meet again next week to see how the walking went?", True),
    (THANKS, "What would you like to have tried by next time?", True),
    (THANKS, "So between now and next week you'll walk to the shop twice.", True),
    # planning: whether the change is within reach, barriers, a quit date, coping responses
    (BABY, "Do you think you could go a month without one?", True),
    (BABY, "Do you think you can quit before the summer?", True),
    (BABY, "What might get in your way?", True),
    (BABY, "When would you like your quit date to be?", True),
    (BABY, "If a friend offers you one, how could you respond?", True),
    (BABY, "How might you cope with the first morning?", True),
    (BABY, "What else could you think about doing?", True),
    # eliciting what to change, where to start, what the person has in mind
    (BABY, "What's something you'd like to change about the smoking?", True),
    (BABY, "Where do you think you could start with that?", True),
    (BABY, "Which would you like to focus on first?", True),
    (BABY, "It sounds like you're ready to quit.", True),
    # goals named as a value, or not knowing where to start said back: nothing asked for
    (BABY, "Not knowing where to start makes it feel even bigger.", False),
    (BABY, "You can't keep smoking this way and reach the goals you have for the baby.", False),
    (BABY, "Do you think you can remember when it started?", False),
    (BABY, "How could you tell it was getting worse?", False),
    # a first step or what it would take; a meeting that starts asks for nothing
    (TABLETS, "What's one thing you could do this week?", True),
    (TABLETS, "How might you get started?", True),
    # the same grammar on words no rubric phrase names: a question word, "could / will you", a verb
    (TABLETS, "So what will you do differently on the weekends?", True),
    (TABLETS, "When could you fit a short walk into the day?", True),
    (TABLETS, "What are some small changes you might make at lunchtime?", True),
    (TABLETS, "How would you describe the pain?", False),
    (TABLETS, "What would you say to a friend in the same spot?", False),
    (TABLETS, "Okay, let's get started.", False),
]


@pytest.mark.parametrize("previous, reply, goal", GOAL_CASES)
def test_goal_by_the_definitions(coder, previous, reply, goal):
    coding = coder.code(reply, previous_patient=previous)
    assert coding.has("goal") is goal, coding.codes


def _advises(coding) -> bool:
    return coding.has("advice.unsolicited") or coding.has("advice.permitted")


ADVICE_CASES = [
    # a tag asks for agreement with the suggestion; a real question asks what might help
    (WAKING, "I'd suggest leaving the phone downstairs, okay?", True),
    (WAKING, "It might help to leave the phone downstairs, yeah?", True),
    (WAKING, "What might you want to try first?", False),
    (WAKING, "What do you think would help to cut down?", False),
    # after "to" a suggestion phrase is an aim; as an imperative it instructs
    (TABLETS, "We want to make sure you have everything you need before you go.", False),
    (TABLETS, "I'm ringing on Friday just to make sure that you got home all right.", False),
    (TABLETS, "So you're ready to maybe try the pill box.", False),
    (TABLETS, "Make sure you keep them by the kettle.", True),
    (TABLETS, "Maybe try keeping them by the kettle.", True),
    (TABLETS, "Take them with breakfast and make sure you drink some water.", True),
    # a decision the person has to make hands the choice back
    (BOSS, "That's a decision you have to make.", False),
    (BOSS, "It's a choice that you've got to make for yourself.", False),
    (BOSS, "You need to make a decision about it.", True),
    (BOSS, "You have to ring the surgery first.", True),
    # "open to trying" puts an idea forward; "open to talking" shares the agenda
    (EVENINGS, "Would you be open to trying a walk after dinner?", True),
    (EVENINGS, "I wonder whether you'd be open to just writing down each drink for a week.", True),
    (EVENINGS, "Would you be open to talking about the evenings a bit more?", False),
    (EVENINGS, "It sounds like you'd be open to cutting down in the week.", False),
    # the importance of something already done affirms it
    (COLD, "It's really important that you take the full course.", True),
    (COLD, "It is important that you tell the nurse about the dizziness.", True),
    (COLD, "It's really important that you were willing to keep going through the winter.", False),
    (COLD, "It's so important that you managed those first two weeks.", False),
    (COLD, "It's not important that you get every session in.", False),
    # the coach's own idea, offered
    (BORED, "One idea would be a class at the leisure centre.", True),
    (BORED, "Here are a couple of ideas: a class, or a walking group.", True),
    (BORED, "The other thing I would consider is the library's book group.", True),
    (BORED, "You've got a couple of ideas already.", False),
    (BORED, "Do you have any ideas about what might help?", False),
    (BORED, "One thing I noticed is that the evenings come up a lot.", False),
    # the coach's hope for an action, not a good wish
    (GYM, "I'm hoping you'll be able to tell me you went twice.", True),
    (GYM, "I hope that you will book the induction this week.", True),
    (GYM, "I hope you'll feel better soon.", False),
    (GYM, "I'm hoping you're going to be okay over the weekend.", False),
    # "what you need to do" tells only when it introduces the instruction
    (BEHIND, "What you need to do is ring them today.", True),
    (BEHIND, "what you really need to do is ring them today", True),
    (BEHIND, "you're more focused on what you need to do to get this behind you", False),
    (BEHIND, "I can't tell you what you should do about your brother.", False),
    # a recommendation with an adverb, and "just" before an instruction, still tell
    (GYM, "I'd really recommend the morning classes.", True),
    (BORED, "Just eat less and move more.", True),
    # a service or most people: what is on offer, said as a fact
    (BORED, "The walking group can give you company and a reason to go out.", False),
    (BORED, "Most people can find a class that suits them at the leisure centre.", False),
]


@pytest.mark.parametrize("reply", ["The walking group can give you company and a reason to go out.",
                                   "Most people can find a class that suits them at the leisure centre."])
def test_what_is_on_offer_is_information(coder, reply):
    coding = coder.code(reply, previous_patient=BORED)
    assert coding.has("information") and not coding.has("reflection.complex"), coding.codes


@pytest.mark.parametrize("reply, code", [
    ("Is it okay if we talk about the drinking for a minute?", "permission"),
    ("Do you mind if we look at the evenings?", "permission"),
    ("That's a decision you have to make.", "autonomy"),
    ("Do you think you could tell me more?", "question.open"),
    ("When is your next appointment?", "question.closed"),
])
def test_sharing_the_agenda_handing_back_and_asking(coder, reply, code):
    coding = coder.code(reply, previous_patient=EVENINGS)
    assert coding.has(code), coding.codes


@pytest.mark.parametrize("previous, reply, advises", ADVICE_CASES)
def test_advice_by_the_definitions(coder, previous, reply, advises):
    coding = coder.code(reply, previous_patient=previous)
    assert _advises(coding) is advises, coding.codes


def _after_permission(coder, reply: str):
    conv = Conversation(coder)
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


def test_a_turn_that_carries_on_a_cut_off_sentence_does_not_start_an_instruction(coder):
    conv = Conversation(coder)
    conv.patient("The childcare is the real problem.")
    conv.coach("Okay. The family centre can help you sort that, and they can-")
    conv.patient("Mm.")
    assert not _advises(conv.coach("-um, try to find something nearer your work."))
    assert _advises(coder.code("Try to find something nearer your work."))


@pytest.mark.parametrize("request_", [
    "Do you think I should ring them?",
    "Would you recommend ringing them?",
    "Is it a good idea to ring them first?",
])
def test_advice_the_person_asked_for_is_permitted(coder, request_):
    conv = Conversation(coder)
    conv.patient(request_)
    coding = conv.coach("You could try ringing them first thing in the morning.")
    assert coding.has("advice.permitted") and not coding.has("advice.unsolicited"), coding.codes


def test_saying_what_one_should_do_is_not_asking_for_advice(coder):
    assert not coder.asks_for_advice("I know I should ring them.")


@pytest.mark.parametrize("reply, advises", [
    ("We need to look again at how much you're drinking in the evenings.", True),   # about the person
    ("We have to fill in the referral form before you go.", False),                 # about the service
    ("We need to finish there for today.", False),
    ("You feel like you could make a few small changes.", False),                    # "you could" inside a clause
])
def test_we_must_advises_only_about_the_person(coder, reply, advises):
    coding = coder.code(reply, previous_patient="I've had a rough month.")
    assert _advises(coding) is advises, coding.codes


@pytest.mark.parametrize("reply, advises", [
    ("So if it were small and in the diary, you could see yourself doing it.", False),
    ("If your back is bad, you could ring the carers' centre.", True),
    ("You could always go for a walk at lunch.", True),
])
def test_you_could_advises_only_with_a_verb_of_doing(coder, reply, advises):
    # What the person could see, feel or imagine says back what they can picture.
    coding = coder.code(reply, previous_patient="Maybe. If my sister came with me.")
    assert coding.has("advice.unsolicited") == advises, coding.codes
