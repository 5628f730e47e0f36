"""MI-inconsistent talk in speech-to-text turns (lower case, no punctuation), as the MISC 2.5
codes name it: advise without permission, confront, direct, raise concern without permission,
warn. Each turn is written by the project from those definitions; the MI-consistent turns on the
same topics must not be flagged."""
from __future__ import annotations

import pytest

from simulator.codes import MI_NON_ADHERENT

PERSON = "i know i should cut down but it's the only thing that helps me switch off after work"

INCONSISTENT = [
    # advise without permission
    "yeah well you really need to think about cutting down because it's affecting your liver",
    "mm hmm and honestly the best thing would be to stop altogether",
    "so my advice would be to throw the cigarettes away tonight",
    "you should try the patches they work for most people",
    # direct
    "okay so what i want you to do this week is write down every drink you have",
    "listen you have to stop eating after eight o'clock",
    "so basically cut out the sugar and you'll feel much better",
    # confront
    "well that's not really true is it you said last week you'd stopped",
    "i'm going to be honest with you i think you're kidding yourself",
    "you've been told this before and you're still not doing it",
    "do you really think you can keep this up",
    # raise concern without permission
    "i'm really worried about how much you're drinking",
    "as your doctor i'm concerned about your blood pressure",
    # warn
    "right so if you don't get your sugars under control you're looking at losing your eyesight",
    "i'm worried that if you carry on like this you'll end up back in hospital",
]

CONSISTENT = [
    "so what would you like to do about the drinking",
    "you've been thinking about cutting down for a while now",
    "some people find the patches help would you like to hear a bit about them",
    "it's up to you what you do next",
    "so part of you wants to stop and part of you needs something to switch off with",
    "you said last week you'd stopped how's that been",
    "what do you make of the blood pressure reading",
    "what worries you most about the drinking",
]


def flagged(coder, turn: str) -> set[str]:
    return set(coder.code(turn, previous_patient=PERSON).codes) & MI_NON_ADHERENT


@pytest.mark.parametrize("turn", INCONSISTENT)
def test_mi_inconsistent_speech_is_flagged(coder, turn):
    assert flagged(coder, turn), turn


@pytest.mark.parametrize("turn", CONSISTENT)
def test_mi_consistent_speech_on_the_same_topics_is_not_flagged(coder, turn):
    assert not flagged(coder, turn), turn
