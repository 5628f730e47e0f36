"""Play-testers' miscodings, fixed by MITI's definitions. Sentences are our own."""
from __future__ import annotations

import pytest

PERSON = "I had to stand up in court and I couldn't stop coughing, everyone turned round."


@pytest.mark.parametrize("reply", [
    "The cough in a silent courtroom sounds mortifying.",
    "Standing there with the whole room waiting must have been excruciating.",
    "The hearing seemed utterly humiliating for a quiet man like your brother.",
])
def test_a_guess_at_how_something_felt_is_a_reflection_of_feeling_not_information(coder, reply):
    coding = coder.code(reply, previous_patient=PERSON)
    assert coding.codes == ("reflection.complex",), coding.codes
    assert coding.evidence[0].rule == "reflection.complex:feeling"


@pytest.mark.parametrize("reply", [
    "The waiting room at the clinic seemed fine to everyone in the queue today.",
    "That sounds good.",
])
def test_agreement_or_a_fact_is_not_a_guess_at_a_feeling(coder, reply):
    coding = coder.code(reply, previous_patient=PERSON)
    assert not coding.has("reflection.complex"), coding.codes


@pytest.mark.parametrize("reply", [
    "It's completely up to you what happens next.",
    "It's entirely up to you.",
])
def test_handing_back_the_choice_is_autonomy_only(coder, reply):
    coding = coder.code(reply, previous_patient="I don't know whether to ring them or not.")
    assert coding.codes == ("autonomy",), coding.codes


def test_a_question_after_handing_back_the_choice_still_asks_for_a_goal(coder):
    coding = coder.code("It's up to you. What would you like to happen next?",
                        previous_patient="I don't know whether to ring them or not.")
    assert coding.has("autonomy") and coding.has("goal") and coding.has("question.open")


@pytest.mark.parametrize("opening", [
    "Let me check I have got this right:",
    "Let me just see if I've understood:",
    "Let me make sure that I have heard it all:",
])
def test_a_check_that_gathers_what_was_heard_is_a_summary(coder, opening):
    reply = f"{opening} the damp, the bills, the heating, and nobody much to talk to."
    coding = coder.code(reply, previous_patient="And on top of that the flat is freezing.")
    assert coding.has("summary"), coding.codes
    assert not coding.has("information")


@pytest.mark.parametrize("reply", [
    "it's completely up to you what happens next",
    "its your choice what happens with the tablets",
    "it's your call how things go from here",
])
def test_unpunctuated_choice_handed_back_with_a_wh_clause_asks_nothing(coder, reply):
    coding = coder.code(reply, previous_patient="I don't know whether to ring them or not.")
    assert coding.has("autonomy"), coding.codes
    assert not coding.has("question.open") and not coding.has("goal"), coding.codes


def test_unpunctuated_question_after_handing_back_the_choice_still_asks(coder):
    coding = coder.code("its up to you what do you think",
                        previous_patient="I don't know whether to ring them or not.")
    assert coding.has("autonomy") and coding.has("question.open"), coding.codes


def test_a_promise_you_cant_keep_is_said_back_not_a_telling_off(coder):
    # Played as a new user would: a reflection of someone not ready to commit was coded as blame,
    # because "you can't keep" was a blame phrase whatever followed it.
    said = "Bit early for that, isn't it? I don't know yet."
    coding = coder.code("It's early days, and you don't want to promise something you can't keep.",
                        previous_patient=said)
    assert not coding.has("judgement") and coding.has("reflection.simple"), coding.codes


@pytest.mark.parametrize("reply", [
    "You can't keep blaming work for everything.",
    "You can't keep doing this to yourself.",
    "You cannot keep this up.",
])
def test_telling_the_person_they_cant_go_on_as_they_are_is_still_judgement(coder, reply):
    assert coder.code(reply, previous_patient=PERSON).has("judgement"), reply


def test_the_persons_own_topic_said_back_is_not_information_offered(coder):
    # Played as a new user would: "the leaflet" is an information phrase, so saying back the
    # person's own "I've seen the leaflet" was coded as giving information.
    said = "I know what you're going to say. Self-care. Long baths. I've seen the leaflet."
    back = coder.code("You've had the leaflet, and long baths aren't going to fix this.", previous_patient=said)
    assert not back.has("information") and back.has("reflection.simple"), back.codes
    asked = coder.code("What would help you, rather than the leaflet version?", previous_patient=said)
    assert asked.codes == ("question.open",), asked.codes
    # Offering what the leaflet says, when asked about it, is still information.
    told = coder.code("The leaflet explains the risks of drinking on these tablets.",
                      previous_patient="What's in the leaflet?")
    assert told.has("information"), told.codes


def test_what_the_coach_shares_after_permission_is_information_not_a_reflection(permitted):
    conv = permitted("I take the tablets when I'm at home, and miss them on the days I'm away.",
                     "Would it be OK if I shared something about how the tablets work?",
                     "Go on. I can always disagree.")
    coding = conv.coach("Blood pressure tablets work best taken every day, because a missed day "
                        "lets the pressure climb back for a while. What do you make of that?")
    assert coding.has("information") and coding.has("question.open"), coding.codes
    assert not coding.has("reflection.complex") and not coding.has("reflection.simple"), coding.codes


def test_after_permission_a_reflection_with_a_frame_still_reflects(permitted):
    conv = permitted("I miss them on the days I'm away.",
                     "Would it be OK if I shared something about how the tablets work?")
    assert conv.coach("So the days away are the ones that slip.").has("reflection.simple")
