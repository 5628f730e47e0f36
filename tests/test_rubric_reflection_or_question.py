"""What is and is not a reflection or a question, with our own sentences (none from the
measuring data)."""
from __future__ import annotations

import pytest

from simulator.rubric import Coder
from simulator.rubric.text import normalise

PATIENT = "If I had a steady job I think I'd stop drinking so much, it's the boredom that gets me"


def reflects(coder: Coder, text: str, patient: str = PATIENT) -> bool:
    coding = coder.code(text, previous_patient=patient)
    return coding.has("reflection.simple") or coding.has("reflection.complex")


def test_transcribers_notes_are_not_words(coder):
    text = "Okay. [laughs] [inaudible 00:02:11]"
    assert normalise(text).strip() == "okay."
    assert len(normalise(text)) == len(text)
    assert not reflects(coder, "[laughter]")
    assert not reflects(coder, "[crosstalk]")


@pytest.mark.parametrize("text", [
    "You're welcome.", "Good luck with the interview.", "It's very nice to meet you.",
    "That sounds good.", "All the very best then."])
def test_manners_are_not_reflections(coder, text):
    assert not reflects(coder, text)


@pytest.mark.parametrize("text", [
    "I-it seems like the evenings are the hardest part.",
    "You-you'd like something to fill the time.",
    "So-so what would help with the evenings?"])
def test_false_starts_do_not_hide_what_follows(coder, text):
    coding = coder.code(text, previous_patient=PATIENT)
    if text.endswith("?"):
        assert coding.has("question.open")
    else:
        assert coding.has("reflection.simple") or coding.has("reflection.complex")


@pytest.mark.parametrize("text", [
    "I get the impression the boredom is what drives it.",
    "I'm sure that feels like a trap some days.",
    "I know you've been trying hard to find work.",
    "I also am hearing that the drinking fills the empty hours."])
def test_first_person_stems_that_say_back_are_reflections(coder, text):
    assert reflects(coder, text)


def test_a_conditional_about_the_person_reflects_an_offer_does_not(coder):
    assert reflects(coder, "So if you had steady work, you'd drink a lot less.")
    assert not reflects(coder, "If you want, we can look at some job clubs next time.")
    assert not reflects(coder, "If you'd like to ring me before then, that's fine.")


def test_a_rising_detail_asks_for_a_fact_a_rising_statement_still_reflects(coder):
    for text in ("Twice a week?", "About ten pints on a Saturday?", "A five?"):
        coding = coder.code(text, previous_patient="Maybe a five, I drink ten pints twice a week")
        assert coding.has("question.closed"), text
        assert not (coding.has("reflection.simple") or coding.has("reflection.complex")), text
    coding = coder.code("So the boredom is what gets you drinking?", previous_patient=PATIENT)
    assert coding.has("question.closed") and (
        coding.has("reflection.simple") or coding.has("reflection.complex"))
    coding = coder.code("You'd drink less if the days had more in them?", previous_patient=PATIENT)
    assert coding.has("reflection.simple") or coding.has("reflection.complex")


def test_a_long_explanation_is_input_not_a_string_of_reflections(coder):
    explanation = ("Alcohol is a depressant, so it can make low moods worse the next day. "
                   "Most people notice their sleep gets lighter after a few drinks. Your liver "
                   "needs two days off a week to recover. It gets harder to shake off as you get older.")
    coding = coder.code(explanation, previous_patient=PATIENT)
    assert coding.has("information")
    assert not (coding.has("reflection.simple") or coding.has("reflection.complex"))
    # A sentence opened as a reflection still says back, even inside a long explanation.
    opened = "It sounds like the evenings are the hardest part for you. " + explanation
    coding = coder.code(opened, previous_patient=PATIENT)
    assert coding.has("reflection.simple") or coding.has("reflection.complex")
    # Short, the same "you" statement is said back.
    assert reflects(coder, "Your liver needs a rest from it.", "My liver's not great, the doctor said")


def advises(coder: Coder, text: str) -> bool:
    coding = coder.code(text, previous_patient=PATIENT)
    return coding.has("advice.unsolicited") or coding.has("advice.permitted")


@pytest.mark.parametrize("text", [
    "I think cutting down to weekends only would make a real difference.",
    "We need to look at how much you're having in the evenings.",
    "I want you to cut back before the next appointment."])
def test_a_change_the_clinician_backs_is_advice(coder, text):
    assert advises(coder, text)


def test_saying_where_the_coach_stands_is_not_advice(coder):
    assert not advises(coder, "I want you to know that whatever you decide is fine with me.")
    assert not advises(coder, "I'd like you to feel you can be honest with me here.")


def test_an_unasked_request_gets_a_rewrite_that_hands_it_back(coder):
    coding = coder.code("I want you to cut back before the next appointment.", previous_patient=PATIENT)
    rewrite = next(e.rewrite for e in coding.evidence if e.code == "advice.unsolicited")
    assert rewrite == ("If you wanted to cut back before the next appointment, how might you go "
                       "about it? It's your call.")
    coding = coder.code("I think cutting down to weekends would help.", previous_patient=PATIENT)
    rewrite = next(e.rewrite for e in coding.evidence if e.code == "advice.unsolicited")
    assert rewrite == ("Would it be OK if I shared a thought? I think cutting down to weekends "
                       "would help. What do you make of that?")


@pytest.mark.parametrize("reply, kind", [
    ("You're worn out.", "reflection.simple"),                     # the feeling, named in other words
    ("You're drained, and the evenings are the worst of it.", None),
    ("It must feel like there's no end to it.", "reflection.complex"),  # a guess at how it feels
])
def test_a_feeling_named_back_in_other_words_is_a_reflection(coder, reply, kind):
    said = "I've been so tired since the baby came, I can't think straight."
    coding = coder.code(reply, previous_patient=said)
    assert reflects(coder, reply, said), coding.codes
    if kind:
        assert coding.has(kind), coding.codes
