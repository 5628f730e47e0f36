"""Three questions a new user asks that the person must hear: what someone in their life
thinks, what they make of what the coach just told them, and how sure they are, asked with no
0-10 scale. Played turn by turn on walking.yaml with answers written in, and on every bundled
scenario."""
from __future__ import annotations

import re

import pytest
from scenario_fixtures import WALKING, variant

from simulator import paths
from simulator.persona import Persona
from simulator.replies import number_word
from simulator.rubric import Coder, load_rubric
from simulator.scenario import find_scenarios, load_scenario
from simulator.scenario.checks import check_scenario, unanswered_kinds
from simulator.session import Session

PEOPLE = """  matters: [his grandson, his allotment]
  people:
    Jen: [daughter, kids]
    Leo: [grandson, grandkid]
"""
ANSWERS = """
answers:
  others_view:
    - "Jen? She nags. Nicely, but she nags."
    - "Leo thinks I'm the fastest man alive. He's six."
    - "People always think they know best."
  reaction: ["Heard it all before, on the radio."]
  confidence_words: ["Not very. My knees, you see.", "Middling, I'd say.", "Quite high, actually."]
start:"""
OPEN, CLOSED, REFLECT, INFO = ["question.open"], ["question.closed"], ["reflection.complex"], ["information"]
TOLD = "Walking briskly for twenty minutes most days can bring blood pressure down."


@pytest.fixture
def loaded(tmp_path):
    return load_scenario(variant(tmp_path, ("  matters: [his grandson, his allotment]\n", PEOPLE),
                                 ("\nstart:", ANSWERS)))


def started(loaded, seed=0) -> Persona:
    persona = Persona(loaded, seed)
    persona.open()
    return persona


@pytest.mark.parametrize("asked, named", [
    ("What does Jen worry about?", "Jen"),
    ("How does your daughter feel about the walking?", "Jen"),     # called by what she is to him
    ("What would your grandson say if he saw you out walking?", "Leo"),
    ("what does leo make of it", "Leo"),                            # spoken: no capitals
])
def test_a_question_about_someone_in_their_life_is_answered_about_that_person(loaded, asked, named):
    turn = started(loaded).react(OPEN, asked)
    assert turn.source == "answer:others_view" and named in turn.line


def test_someone_they_have_not_mentioned_gets_an_answer_about_people_in_general(loaded):
    turn = started(loaded).react(OPEN, "What does your neighbour think?")
    assert turn.line == "People always think they know best."


def test_she_is_whoever_the_coach_asked_about_last(loaded):
    persona = started(loaded)
    persona.react(OPEN, "What does your grandson think?")
    assert persona.react(OPEN, "And what does your daughter say?").line.startswith("Jen")
    persona2 = started(loaded)
    persona2.react(OPEN, "What does your daughter think?")
    turn = persona2.react(OPEN, "What would she say about the walking?")
    # Jen's line is said; the pool has nothing more of her, so people in general answer.
    assert turn.source == "answer:others_view" and "Leo" not in turn.line


def test_the_person_s_own_feelings_about_someone_else_s_worry_are_still_their_feelings(loaded):
    turn = started(loaded).react(OPEN, "How do you feel about your daughter's worry?")
    assert turn.source != "answer:others_view"


def test_after_information_what_do_you_make_of_that_asks_their_reaction(loaded):
    persona = started(loaded)
    persona.react(INFO, TOLD)
    turn = persona.react(OPEN, "What do you make of that?")
    assert (turn.source, turn.line) == ("answer:reaction", "Heard it all before, on the radio.")


def test_after_a_reflection_the_same_question_is_no_reaction(loaded):
    persona = started(loaded)
    persona.react(REFLECT, "So the nurse sent you, and you're not sure why.")
    assert persona.react(OPEN, "What do you make of that?").source != "answer:reaction"


def test_a_reaction_question_two_replies_after_the_information_is_no_reaction(loaded):
    persona = started(loaded)
    persona.react(INFO, TOLD)
    persona.react(REFLECT, "You're not sure why the nurse sent you.")
    assert persona.react(OPEN, "How does that sound to you?").source != "answer:reaction"


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


def test_a_scenario_without_the_new_kinds_answers_as_before_and_never_says_a_number():
    loaded = load_scenario(WALKING)
    persona = Persona(loaded, 0)
    persona.open()
    persona.react(INFO, TOLD)
    assert not persona.react(OPEN, "What do you make of that?").source.startswith("answer:")
    assert not persona.react(OPEN, "What does your daughter think?").source.startswith("answer:")
    turn = persona.react(OPEN, "How sure are you that you could do it?")
    assert turn.source == "answer:confidence_words"
    assert not any(re.search(rf"\b{number_word(n)}\b", turn.line.lower()) for n in range(11))
    assert {"others_view", "reaction", "confidence_words"} <= set(unanswered_kinds(loaded.scenario))
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


@pytest.fixture(scope="module")
def coder():
    return Coder(load_rubric("core"))


NEW_USER = ["What would you like to get out of today?",
            "How does your partner feel about it?",
            "What would your daughter say?",
            "Would it be OK if I shared something that others have found helpful?",
            "Some people find it easier to start with one small change rather than everything at once.",
            "What do you make of that?",
            "How sure are you that you could manage something like that?"]


@pytest.mark.parametrize("name", sorted(BUNDLED))
def test_played_as_a_new_user_each_bundled_person_answers_all_three(name, coder):
    session = Session(BUNDLED[name], coder=coder, seed=0)
    sources = [session.submit(reply).patient.source for reply in NEW_USER if not session.ended]
    assert "answer:reaction" in sources and "answer:confidence_words" in sources
    assert sources.count("answer:others_view") >= 1
