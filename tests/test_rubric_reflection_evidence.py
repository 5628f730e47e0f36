"""A reflection needs evidence that it reflects: a reflective frame, or the person's own words
from their last few turns. Complex means meaning added to what they said. Sentences are our own."""
from __future__ import annotations

import pytest

from simulator.codes import REFLECTIONS
from simulator.rubric import Conversation

VAN = "The van broke down again on the motorway and I lost a whole day's work."


def reflects(coding) -> bool:
    return bool(set(coding.codes) & REFLECTIONS)


@pytest.mark.parametrize("reply", [
    "You're a couch potato.",                       # labels
    "You'll end up on insulin if this carries on.",  # warns
    "You need to get the van serviced.",            # obliges: advice
    "Your sort never listens.",                      # character
    "Great, well done.",                             # praise, nothing said back
    "You people always say that.",
])
def test_second_person_statements_are_not_reflections_by_default(coder, reply):
    coding = coder.code(reply, previous_patient=VAN)
    assert not reflects(coding), coding.codes


@pytest.mark.parametrize("reply", [
    "So the van let you down again.",                         # a "so..." frame
    "It sounds like the motorway breakdown cost you a day.",  # a reflective frame
    "Losing a whole day's work hits hard.",                   # the person's own words
    "You really feel the van is letting you down.",           # a frame with adverbs inside
    "You're still fed up with it.",                            # ...after "you're" too
    "so you're really sick of the motorway",                  # spoken
    "You don't want to be stuck on a hard shoulder again.",   # a negated wish is still a frame
    "Evenings sound lonely.",                                 # a short guess at how it felt
    "you never really wanted a diesel",
])
def test_a_frame_or_the_persons_words_make_a_reflection(coder, reply):
    coding = coder.code(reply, previous_patient=VAN)
    assert reflects(coding), coding.codes


@pytest.mark.parametrize("reply", [
    "We can look at getting the van serviced before it lets you down again.",   # the coach's plan
    "Technically, we'd call a whole day's work lost a serious setback.",      # the coach's definition
    "I'd want to help you find a garage near the motorway.",                  # the coach's wish
])
def test_the_coach_speaking_of_themselves_is_not_a_reflection_even_in_the_persons_words(coder, reply):
    coding = coder.code(reply, previous_patient=VAN)
    assert not reflects(coding), coding.codes


@pytest.mark.parametrize("reply, reflection", [
    ("Yet you're sitting here with me today.", True),         # what the person is doing now
    ("You're still carrying it around with you.", True),
    ("You're drinking too much.", False),                     # excess: a judgement, not said back
    ("You're putting your health at risk.", False),           # a warning
    ("You're going to regret it.", False),                    # a prediction
])
def test_what_the_person_is_doing_now_said_back_is_a_reflection_unless_it_warns(coder, reply, reflection):
    said = "I keep telling myself I'll sort it out, and then the weekend comes."
    assert reflects(coder.code(reply, previous_patient=said)) is reflection, reply


@pytest.mark.parametrize("reply", ["So you feel worried.", "Sounds hard.", "That sounds really exhausting."])
def test_a_feeling_formula_with_no_link_to_what_was_said_is_at_most_simple(coder, reply):
    coding = coder.code(reply, previous_patient=VAN)
    assert coding.codes == ("reflection.simple",), coding.codes
    assert coding.evidence[0].rule == "reflection.simple:unlinked"
    assert "links" in coding.evidence[0].feedback


@pytest.mark.parametrize("reply", [
    "Losing the day's work on top of the breakdown really worries you.",     # feeling on their words
    "It's less about the van and more about whether you can keep the job.",  # a reframe
    "Part of you wants a new van, and part of you can't face the cost.",     # double-sided
    "You miss the old van more than anyone realises.",                       # what lies under the words
])
def test_complex_adds_meaning_to_what_the_person_said(coder, reply):
    coding = coder.code(reply, previous_patient=VAN)
    assert coding.has("reflection.complex"), coding.codes


def test_the_persons_words_from_two_turns_back_still_count(coder):
    conv = Conversation(coder)
    conv.patient("My knees have been agony since the winter.")
    conv.coach("What have you tried so far?")
    conv.patient("Not much really.")
    conv.coach("Okay.")
    conv.patient("Mm.")
    assert reflects(conv.coach("Agony in both knees since winter.")), "words from two turns back"


def test_the_persons_words_four_turns_back_are_out_of_reach(coder):
    conv = Conversation(coder)
    conv.patient("My knees have been agony since the winter.")
    for said in ("The car is fine.", "Work is busy.", "The dog needs walking."):
        conv.coach("What else is going on?")
        conv.patient(said)
    assert not reflects(conv.coach("Agony in both knees since winter.")), "too far back to be said back"


def test_the_rest_of_a_cut_off_reflection_is_still_a_reflection(coder):
    conv = Conversation(coder)
    conv.patient("I just can't see the point of the walks any more.")
    assert reflects(conv.coach("So the walks feel pointless, and-"))
    conv.patient("Yeah.")
    assert reflects(conv.coach("-and that makes the whole plan harder to keep going."))


def test_a_dash_after_a_question_does_not_make_a_reflection(coder):
    conv = Conversation(coder)
    conv.patient("I just can't see the point of the walks any more.")
    conv.coach("What would help-")
    conv.patient("Dunno.")
    assert not reflects(conv.coach("-the council leaflet is on the table."))


@pytest.mark.parametrize("patient, reply", [
    ("I'm such a lazy lump, I never move off the sofa.", "You feel like a lazy lump."),
    ("Honestly I'm hopeless with tablets.", "You see yourself as hopeless with tablets."),
])
def test_the_persons_own_hard_words_said_back_stay_a_reflection(coder, patient, reply):
    coding = coder.code(reply, previous_patient=patient)
    assert reflects(coding) and not coding.has("judgement"), coding.codes


def test_the_rest_of_a_cut_off_explanation_is_not_a_reflection(coder):
    conv = Conversation(coder)
    conv.patient("I didn't know drinking did anything to your mouth.")
    conv.coach("Heavy drinking can cause gum problems and-")
    conv.patient("Right.")
    coding = conv.coach("-mouth and throat problems over the years.")
    assert not coding.has("reflection.simple") and not coding.has("reflection.complex"), coding.codes


@pytest.mark.parametrize("reply", ["You sound fed up with the whole thing.", "You look worn out by it all.",
                                   "I'm sure it's exhausting, keeping all that going."])
def test_how_the_person_comes_across_is_a_reflective_frame(coder, reply):
    coding = coder.code(reply, previous_patient="Work's been mad and the kids are off school.")
    assert reflects(coding), coding.codes


@pytest.mark.parametrize("reply", [
    "well i'm wondering like it sounds like the forms are what's really stopping you",
    "okay i see you wanna be the kind of dad who's around more",
])
def test_a_frame_inside_a_long_spoken_sentence_still_reflects(coder, reply):
    coding = coder.code(reply, previous_patient="the forms just do my head in and i want to be around for the kids")
    assert reflects(coding), coding.codes


def test_a_name_said_back_in_the_possessive_is_the_persons_own_word(coder):
    # "Alfie's" is "Alfie": the possessive must not hide the word the person used.
    coding = coder.code("You're missing Alfie's matches.",
                        previous_patient="Alfie. The football. Not being a burden on my wife.")
    assert reflects(coding), coding.codes


GRANDCHILDREN = "I want to be around to see my grandchildren grow up, that's why I come at all."


@pytest.mark.parametrize("reply", [
    "Your grandchildren matter so much to you.",
    "Being there for them is really important to you.",
    "Seeing them grow up means everything to you.",
    "Family comes first for you.",
])
def test_a_value_named_as_the_persons_is_a_complex_reflection(coder, reply):
    # Reflecting a value adds the meaning underneath what was said (TIP 35).
    assert coder.code(reply, previous_patient=GRANDCHILDREN).has("reflection.complex"), reply


@pytest.mark.parametrize("reply", [
    "It sounds like we need to talk more about the tablets.",
    "Sounds like I should explain a bit more about how the clinic works.",
    "It sounds like we'll have to book a longer appointment.",
])
def test_a_frame_followed_by_the_coachs_own_plan_is_not_a_reflection(coder, reply):
    assert not reflects(coder.code(reply, previous_patient=GRANDCHILDREN)), reply
    assert reflects(coder.code("It sounds like the tablets have been a worry.",
                               previous_patient="I keep forgetting the tablets."))


def test_a_statement_answering_the_persons_question_informs_rather_than_reflects(coder):
    reply = "With those tablets the weight usually settles after a few months."
    answered = Conversation(coder)
    answered.patient("Will the tablets make me put on weight?")
    assert answered.coach(reply).codes == ("information",)
    # The same words after the person's worry, said as a statement, say back what was heard.
    heard = Conversation(coder)
    heard.patient("I worry the tablets will make me put on weight.")
    assert reflects(heard.coach(reply))


@pytest.mark.parametrize("reply, reflection", [
    ("They work on getting more of your life back, not just on the pain.", False),   # about the clinic
    ("They said it was nothing, and it sounds like that really hurt.", True),      # a strong frame still reflects
])
def test_after_permission_a_third_party_with_your_inside_informs(coder, reply, reflection):
    conv = Conversation(coder)
    conv.patient("Nobody has ever explained the pain to me.")
    conv.coach("Would it be OK if I told you a bit about the pain clinic here?")
    conv.patient("Go on then.")
    coding = conv.coach(reply)
    assert reflects(coding) is reflection, coding.codes
    assert coding.has("information") is not reflection, coding.codes
