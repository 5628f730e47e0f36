"""Questions a new user asks that the person must hear: how sure they are, asked with no 0-10
scale. Played turn by turn on walking.yaml with answers written in, and on every bundled
scenario."""
from __future__ import annotations

import re

import pytest
from scenario_fixtures import WALKING, variant

from simulator import paths
from simulator.persona import Persona
from simulator.replies import number_word
from simulator.scenario import find_scenarios, load_scenario
from simulator.scenario.checks import check_scenario, unanswered_kinds

ANSWERS = """
answers:
  confidence_words: ["Not very. My knees, you see.", "Middling, I'd say.", "Quite high, actually."]
start:"""
OPEN = ["question.open"]


@pytest.fixture
def loaded(tmp_path):
    return load_scenario(variant(tmp_path, ("\nstart:", ANSWERS)))


def started(loaded, seed=0) -> Persona:
    persona = Persona(loaded, seed)
    persona.open()
    return persona


@pytest.mark.parametrize("confidence, fitting", [
    (1, {"Not very. My knees, you see."}),
    (5, {"Not very. My knees, you see.", "Middling, I'd say."}),
    (9, {"Quite high, actually."}),
])
def test_confidence_asked_without_a_scale_is_answered_in_words_that_fit_how_sure_they_are(loaded, confidence, fitting):
    for seed in range(4):
        persona = started(loaded, seed)
        persona.variables["confidence"] = confidence
        turn = persona.react(OPEN, "How sure are you that you could walk a bit more?")
        assert turn.source == "answer:confidence_words" and turn.line in fitting
        assert not persona.ratings   # nothing to ask the reasons of


def test_confidence_in_words_never_agrees_a_goal(loaded):
    persona = started(loaded)
    persona.variables.update(importance=8, confidence=6, trust=6)
    persona.counters["explored"] = 5
    persona._model.state = "exploring"
    assert persona.react(["question.open", "goal"], "How confident do you feel about doing that?").ended is None


def test_a_scenario_without_confidence_words_answers_plainly_and_never_says_a_number():
    loaded = load_scenario(WALKING)
    persona = Persona(loaded, 0)
    persona.open()
    turn = persona.react(OPEN, "How sure are you that you could do it?")
    assert turn.source == "answer:confidence_words"
    assert not any(re.search(rf"\b{number_word(n)}\b", turn.line.lower()) for n in range(11))
    assert "confidence_words" in unanswered_kinds(loaded.scenario)
    assert check_scenario(loaded) == []


BUNDLED = {path.stem: load_scenario(path) for path in find_scenarios([paths.SCENARIOS_DIR])}
#: A 0-10 number said as a rating ("a six", "seven out of ten", "Four."): never in words answers.
RATING = re.compile(r"\b(?:out of (?:ten|10)|(?:a|an|about|maybe) (?:zero|one|two|three|four|five|six|seven|"
                    r"eight|nine|ten|\d+)\b)|(?:^|[.!?] )(?:one|two|three|four|five|six|seven|eight|nine|ten|\d+)[.,!?]",
                    re.IGNORECASE)


@pytest.mark.parametrize("name", sorted(BUNDLED))
def test_every_scenario_answers_confidence_in_words_without_a_rating(name):
    scenario = BUNDLED[name].scenario
    tables = [scenario.answers, *(s.answers for s in scenario.states.values())]
    lines = [line for table in tables for line in table.get("confidence_words", [])]
    assert lines and not [line for line in lines if RATING.search(line)]
