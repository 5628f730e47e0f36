"""MI-inconsistent talk found by grammar, not by the exact phrase: instructions at a sentence's
start (softened, negative, or with a phrasal verb's object inside), questioning honesty, warnings
worded as a condition, concern raised about the person, and accusations with an adverb inside the
negation. Their look-alikes (reassurance, invitations, the person's own fear said back, a label
the coach denies) stay clean. Every sentence is written by the project from the MISC 2.5 and
MITI 4.2.1 definitions; each is checked as written and as speech-to-text would give it."""
from __future__ import annotations

import re

import pytest

from simulator.codes import MI_NON_ADHERENT

PERSON = "I've been drinking a bit more since the job went. I know it's not great."


def spoken(text: str) -> str:
    return " ".join(re.sub(r"[^\w' ]+", " ", text.lower()).split())


def codes(coder, reply: str, person: str = PERSON) -> set[str]:
    return set(coder.code(reply, previous_patient=person).codes)


def both_forms(replies: list[str]) -> list[str]:
    return replies + [spoken(r) for r in replies]


INSTRUCTIONS = [
    "Just bin the lot tonight.",
    "Maybe cut the sugar in your tea.",
    "Don't keep any wine in the fridge.",
    "Never have more than two on a work night.",
    "Cut it down to a couple of pints.",
    "Write it down every time you have one.",
    "I'd say start with the weekends.",
    "So, just skip the second glass.",
    "Just don't go to the pub straight from work.",     # "just" before a negative instruction
]
NOT_INSTRUCTIONS = [
    "Take your time.",
    "Don't worry, there's no rush.",
    "Just to check I've understood, it's mainly the evenings?",
    "Don't put words in my mouth, I mean what matters is what you think.",
    "Start wherever feels right for you.",
    "Maybe talk me through a typical evening.",
    "Have you been able to cut down at all?",
    "Take care, see you next week.",
    "You don't have to decide anything today.",
    "Just don't worry about getting it perfect.",
]


@pytest.mark.parametrize("reply", both_forms(INSTRUCTIONS))
def test_an_instruction_by_grammar_is_unsolicited_advice(coder, reply):
    assert "advice.unsolicited" in codes(coder, reply), reply


@pytest.mark.parametrize("reply", both_forms(NOT_INSTRUCTIONS))
def test_reassurance_invitations_and_questions_that_start_with_a_verb_advise_nothing(coder, reply):
    assert not codes(coder, reply) & MI_NON_ADHERENT, reply


def test_an_instruction_pattern_holds_only_where_a_sentence_starts(coder):
    assert "advice.unsolicited" in codes(coder, "Okay. Just skip the second glass.")
    assert not codes(coder, "Your mate said you could just skip the second glass.") & MI_NON_ADHERENT


def test_the_best_thing_you_could_do_names_the_step_for_the_person(coder):
    assert "advice.unsolicited" in codes(coder, "The best thing you could do is stop completely.")
    assert "advice.unsolicited" in codes(coder, "The sensible thing would be to see the nurse.")
    assert not codes(coder, "The main thing is you're here today.") & MI_NON_ADHERENT


CONFRONTING = [
    "I don't think you're being honest with me.",
    "I'm not sure you're being straight with me here.",
    "I don't believe you.",
    "Really? I find that hard to believe.",
    "That's not going to work.",
    "Let's face it, you've been saying that for years.",
    "You're not really taking this seriously.",
    "You're not even trying to cut down.",
    "Honestly, you're not doing yourself any favours.",
]


@pytest.mark.parametrize("reply", both_forms(CONFRONTING))
def test_questioning_honesty_disputing_and_accusing_are_judgement(coder, reply):
    assert "judgement" in codes(coder, reply), reply


WARNINGS = [
    "Unless you cut down, your liver won't cope.",
    "Unless something changes, you won't see your grandkids grow up.",
    "If you keep smoking like this, you'll struggle to breathe.",
    "Keep this up and you'll be in hospital by Christmas.",
    "It'll catch up with you in the end.",
]
NOT_WARNINGS = [
    "If you keep going with the walks, how do you think you'll feel?",
    "Unless you'd rather talk about something else?",
    "You're frightened you'll end up in hospital like your dad.",
    "You're scared it'll catch up with you.",
    "Part of you worries you won't cope if you stop.",
]


@pytest.mark.parametrize("reply", both_forms(WARNINGS))
def test_a_condition_on_what_the_person_does_with_harm_to_follow_warns(coder, reply):
    assert "judgement" in codes(coder, reply), reply


@pytest.mark.parametrize("reply", both_forms(NOT_WARNINGS))
def test_the_persons_own_fear_said_back_and_an_open_condition_do_not_warn(coder, reply):
    assert not codes(coder, reply) & MI_NON_ADHERENT, reply


@pytest.mark.parametrize("reply", both_forms([
    "I'm worried that your drinking is affecting your liver.",
    "I'm a bit concerned your sugars are so high.",
]))
def test_concern_about_the_person_raised_without_permission_is_unsolicited(coder, reply):
    assert "advice.unsolicited" in codes(coder, reply), reply


@pytest.mark.parametrize("reply", both_forms([
    "I don't think you're lazy at all; it sounds like you're exhausted.",
    "You're not lazy, you're worn out.",
    "That's not stupid at all.",
]))
def test_a_label_the_coach_denies_reassures(coder, reply):
    assert "judgement" not in codes(coder, reply), reply


def test_a_label_the_coach_asserts_still_judges(coder):
    assert "judgement" in codes(coder, "You're just lazy.")
    assert "judgement" in codes(coder, "Honestly, you're a smoker, that's the problem.")


def test_an_accusation_with_an_adverb_names_its_public_source(coder):
    evidence = coder.code("You're not really taking this seriously.", previous_patient=PERSON).evidence
    judged = [e for e in evidence if e.code == "judgement"]
    assert judged and "MITI confront" in judged[0].feedback
