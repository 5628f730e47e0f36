"""The person answers what was asked, remembers what they said, and reacts in proportion:
the persona's answers, memory, needs and reactions, on walking.yaml with answers written in."""
from __future__ import annotations

import pytest
from scenario_fixtures import variant

from simulator.persona import Persona
from simulator.replies import content_words, line_key, number_word, polarity
from simulator.scenario import load_scenario

ANSWERS = """
answers:
  scale_importance: ["About a {number}, I'd say.", "{number}. Don't hold me to it."]
  scale_confidence: ["Could I? {number}, maybe."]
  scale_reasons: ["Because of the grandson, mainly. He wants me at his matches."]
  scale_higher: ["Somebody to walk with would help."]
  closed: ["Sometimes.", "Not really.", "Now and then."]
  scripted: ["You keep saying that."]
  apology: ["Fair enough."]
  stuck: ["We're going round in circles."]
  next_step: ["I don't know yet. Give me a minute."]
needs:
  - id: heard_first
    description: he opens up only once something he said has been heard back
    when: "reflected >= 1"
    before: [opening_up]
start:"""
OPENING_UP_ANSWERS = """  opening_up:
    description: Starting to talk about what matters to him
    answers:
      scale_importance: ["Higher than when I rang. {number}."]
"""
GONE_ON_ADVICE = """transitions:
  - {from: "*", to: gone, on: [advice.unsolicited], when: "advised >= 1"}
"""
DOWN_TOPIC = """      - id: low
        match: [down]
        lines: ["I do get down. Since I stopped driving.", "Most afternoons, if I'm honest. After lunch."]
      - id: tablets"""
OPEN, GOAL, CLOSED = ["question.open"], ["question.open", "goal"], ["question.closed"]
REFLECT = ["reflection.complex"]
SCALE = "On a scale of 0 to 10, how important is walking more to you?"


@pytest.fixture
def loaded(tmp_path):
    return load_scenario(variant(
        tmp_path, ("\nstart:", ANSWERS),
        ("  opening_up:\n    description: Starting to talk about what matters to him\n", OPENING_UP_ANSWERS),
        ("transitions:\n", GONE_ON_ADVICE), ("      - id: tablets", DOWN_TOPIC)))


def started(loaded, seed=0) -> Persona:
    persona = Persona(loaded, seed)
    persona.open()
    return persona


def told_about_the_nurse(loaded) -> Persona:
    """A persona whose opening line was "The nurse said I had to ring you. Not sure why."."""
    persona = next(p for p in (started(loaded, seed) for seed in range(20))
                   if "nurse" in p.history[0].line)
    return persona


HEARD = "So the nurse sent you, and you're not sure why."


def test_a_scaling_question_gets_the_person_s_own_number(loaded):
    persona = started(loaded)
    turn = persona.react(GOAL, SCALE)
    assert turn.source == "answer:scale_importance"
    assert number_word(persona.variables["importance"]) in turn.line.lower()
    turn = persona.react(GOAL, "And how confident are you, 0 to 10, that you could?")
    assert turn.source == "answer:scale_confidence"
    assert number_word(persona.variables["confidence"]) in turn.line.lower()


def test_its_follow_up_gets_reasons_not_a_new_number(loaded):
    persona = started(loaded)
    persona.react(GOAL, SCALE)
    turn = persona.react(GOAL, "What makes it that number and not a lower one?")
    assert turn.source == "answer:scale_reasons"
    assert not any(word in turn.line.lower().split() for word in map(number_word, range(11)))


def test_a_rating_question_never_agrees_a_goal(loaded):
    persona = started(loaded)
    persona.variables.update(importance=8, confidence=6, trust=6)
    persona.counters["explored"] = 5
    persona._model.state = "exploring"
    assert persona.react(GOAL, SCALE).ended is None
    assert persona.react(GOAL, "What might a first step be?").ended == "goal_agreed"


def test_entering_a_state_colours_the_answer_instead_of_replacing_it(loaded):
    persona = told_about_the_nurse(loaded)
    persona.react(REFLECT, HEARD)   # heard: the need is met
    persona.variables["trust"] = 5
    turn = persona.react(GOAL, SCALE)
    assert turn.transition == ("guarded", "opening_up")
    assert turn.source == "answer:scale_importance" and turn.line.startswith("Higher than when I rang.")


def test_a_topic_asked_about_is_the_answer_even_when_the_reply_moves_the_person_on(loaded):
    persona = started(loaded)
    persona.variables["trust"] = 4
    persona.counters["reflected"] = 1
    turn = persona.react(OPEN, "Tell me about the tablets.")
    assert turn.transition == ("guarded", "opening_up") and turn.source == "topic:tablets"


def test_what_would_make_it_easier_after_a_rating_asks_what_would_move_it_up(loaded):
    persona = started(loaded)
    assert persona.react(OPEN, "What would make it easier?").source != "answer:scale_higher"
    persona.react(GOAL, "How confident are you, 0 to 10, that you could walk more?")
    assert persona.react(OPEN, "What would make it easier?").source == "answer:scale_higher"


def test_what_would_make_him_more_sure_after_a_rating_or_a_step_asks_what_would_help(loaded):
    persona = started(loaded)
    persona.react(GOAL, "How confident are you, 0 to 10, that you could walk more?")
    assert persona.react(OPEN, "What would make you a bit more confident?").source == "answer:scale_higher"
    other = started(loaded)
    assert other.react(GOAL, "What might a first step be?").source == "answer:next_step"
    assert other.react(OPEN, "What would make that easier to stick to?").source == "answer:scale_higher"


def test_the_question_straight_after_information_is_about_the_information(loaded):
    persona = started(loaded)
    persona.variables["trust"] = 7
    persona.react(["information"], "The walking group meets at the church hall on Tuesdays.")
    assert persona.react(OPEN, "What do you make of that?").source != "concern:money"
    assert persona.react(OPEN, "What's on your mind about it?").source == "concern:money"


def test_a_line_that_adds_one_word_to_one_said_before_is_not_said(loaded):
    persona = started(loaded)
    persona._told.append(content_words("Every time it's the same. I go in all guns blazing, "
                                       "and the first bad day I cave."))
    assert persona._retold("Every time it's the same. All guns blazing on the Monday, first bad day I cave.")
    assert not persona._retold("Three goes. Cold turkey was nine days. Patches gave me mad dreams.")


def test_a_summary_is_not_told_to_add_what_it_said(tmp_path):
    loaded = load_scenario(variant(tmp_path, ("\nstart:", '\nanswers:\n  summary: ["That\'s it. And the nurse, '
                                              'don\'t forget the nurse.", "Yes. About the size of it."]\nstart:')))
    for seed in range(4):
        persona = started(loaded, seed)
        turn = persona.react(["summary"], "So the nurse said you had to ring, and you're not sure why.")
        assert (turn.source, turn.line) == ("answer:summary", "Yes. About the size of it."), seed


def test_a_hidden_concern_waits_for_an_invitation_not_a_direct_question(loaded):
    persona = started(loaded)
    persona.variables["trust"] = 7
    assert persona.react(GOAL, SCALE).source == "answer:scale_importance"
    assert persona.react(OPEN, "What's on your mind about it?").source == "concern:money"


def test_no_line_of_five_words_or_more_is_said_twice_and_a_stuck_person_says_so(loaded):
    persona = started(loaded)
    persona._model.state = "opening_up"     # two lines, both long enough to be remembered
    questions = ["What else?", "How so?", "And then?", "Go on.", "Anything else?", "Meaning?"] * 2
    turns = [persona.react(OPEN, text) for text in questions]
    keys = [line_key(t.line) for t in turns if line_key(t.line)]
    assert len(keys) == len(set(keys))
    assert any(t.source == "answer:stuck" for t in turns)


def test_a_short_line_comes_round_again_once_not_on_every_turn(loaded):
    from collections import Counter

    from simulator.persona import STUCK

    persona = started(loaded)
    questions = [f"Do you {verb} much?" for verb in
                 ("cook", "read", "garden", "swim", "drive", "travel", "sing", "paint", "fish", "dance")]
    said = Counter(persona.react(CLOSED, q).line for q in questions)
    assert all(n <= 2 for line, n in said.items() if line not in STUCK)


def test_yes_and_no_stay_true_and_a_question_asked_again_gets_the_same_answer(loaded):
    persona = started(loaded)
    first = persona.react(CLOSED, "Do you walk the dog?")
    answer = polarity(first.line)
    related = [persona.react(CLOSED, text) for text in
               ("Do you walk much in the week?", "Would you walk further if you could?")]
    assert all(polarity(t.line) in (None, answer) for t in related)
    again = persona.react(CLOSED, "Do you walk the dog?")
    assert again.source == "answer:asked_again"
    assert again.line.startswith("Like I said") or again.line == first.line


def test_a_formula_moves_nothing_and_said_again_reads_as_a_script(loaded):
    persona = started(loaded)
    turns = [persona.react(REFLECT, "So you feel worried.") for _ in range(3)]
    assert persona.variables["trust"] < 2
    assert turns[-1].line == "You keep saying that."
    assert persona.counters["reflected"] == 0


def test_a_reflection_of_the_person_s_words_moves_them(loaded):
    persona = told_about_the_nurse(loaded)
    before = persona.variables["trust"]
    persona.react(REFLECT, HEARD)
    assert persona.variables["trust"] == before + 1.5 and persona.counters["reflected"] == 1


def test_a_need_holds_the_person_back_until_it_is_met(loaded):
    persona = told_about_the_nurse(loaded)
    persona.variables["trust"] = 5
    turn = persona.react(OPEN, "What would you like to talk about?")
    assert turn.state == "guarded"                       # trust enough, but nothing heard yet
    assert persona.react(REFLECT, HEARD).state == "opening_up"


def test_lecturing_draws_yes_but_and_only_repeated_pressure_ends_it(loaded):
    persona = started(loaded)
    turns = [persona.react(["advice.unsolicited"], "You should walk every day.") for _ in range(3)]
    assert [t.source for t in turns[:2]] == ["reaction:lectured"] * 2
    assert turns[0].ended is None and turns[1].ended is None
    assert turns[2].ended == "disengaged"


def test_a_directive_that_does_not_moralise_is_a_lecture_not_a_verdict(loaded):
    persona = started(loaded)
    turn = persona.react(["advice.unsolicited", "judgement"], "You need to walk more.")
    assert turn.source == "reaction:lectured" and persona.counters["judged"] == 0
    # Blame is judgement: with it, a walk-out needs no "yes, but" first.
    turn = persona.react(["advice.unsolicited", "judgement"], "You should know better at your age.")
    assert persona.counters["judged"] == 1 and turn.ended == "disengaged"


def test_an_apology_after_a_slip_wins_a_little_back(loaded):
    persona = started(loaded)
    persona.react(["advice.unsolicited"], "Have you tried walking every day?")
    before = persona.variables["trust"]
    turn = persona.react([], "Sorry, I jumped in there.")
    assert turn.source == "answer:apology" and persona.variables["trust"] == before + 0.5
    # Only once per slip.
    persona.react([], "Sorry again.")
    assert persona.variables["trust"] == before + 0.5


def test_an_apology_with_a_question_still_gets_the_answer(loaded):
    persona = started(loaded)
    persona.react(["advice.unsolicited"], "Have you tried walking every day?")
    turn = persona.react(GOAL, "Sorry, I jumped in. On a scale of 0 to 10, how important is walking to you?")
    assert turn.source == "answer:scale_importance"


def test_a_topic_is_raised_by_words_that_carry_it_not_by_a_word_in_passing(loaded):
    persona = started(loaded)
    assert persona.react(OPEN, "Do you spend much of the day lying down?").source != "topic:low"
    assert persona.react(OPEN, "Do you ever feel down?").source == "topic:low"


def test_a_question_about_it_follows_the_thread_of_what_was_just_said(loaded):
    persona = started(loaded)
    assert persona.react(OPEN, "Do you ever feel down?").source == "topic:low"
    assert persona.react(CLOSED, "How often does that happen?").source == "topic:low"


def test_moves_given_as_codes_alone_still_play(loaded):
    persona = started(loaded)
    turns = [persona.react(codes) for codes in (OPEN, REFLECT, ["summary"], GOAL)]
    assert turns[-1].source in ("answer:next_step", "reaction:goal_asked")


def test_a_rating_said_in_words_fits_its_number(tmp_path):
    # Importance starts low: "Quite high. Three." would contradict itself, so it is not said.
    sized = load_scenario(variant(tmp_path, ("\nstart:", ANSWERS.replace(
        'scale_importance: ["About a {number}, I\'d say.", "{number}. Don\'t hold me to it."]',
        'scale_importance: ["Quite high. {number}, call it.", "Not very. {number}."]'))))
    for seed in range(6):
        persona = started(sized, seed)
        line = persona.react(GOAL, SCALE).line
        assert line.startswith("Not very."), line
        persona.variables["importance"] = 8
        line = persona.react(GOAL, "Where would you put it now, 0 to 10, how important?").line
        assert line.startswith("Quite high."), line


#: The openings of a visit: (kind, how it is first asked, another way of asking it, the guarded
#: answer, the answer once opened up).
OPENINGS = [
    ("today", "What would you like to get out of today?", "What are you hoping for from this call?",
     "Not sure. The nurse said ring, so I rang.", "Honestly? To work out if the walking's worth it."),
    ("why_here", "What brings you in today?", "What made you decide to come along?",
     "The nurse rang. I said yes before I thought.", "If I'm honest? The stairs at the station."),
]


@pytest.mark.parametrize("kind, asked, again, guarded, opened", OPENINGS)
def test_an_opening_of_the_visit_is_answered_in_the_state_they_are_in(tmp_path, kind, asked, again,
                                                                      guarded, opened):
    loaded = load_scenario(variant(
        tmp_path, ("\nstart:", f'\nanswers:\n  {kind}: ["{guarded}"]\nstart:'),
        ("  opening_up:\n    description: Starting to talk about what matters to him\n",
         "  opening_up:\n    description: Starting to talk about what matters to him\n"
         f"    answers:\n      {kind}: [\"{opened}\"]\n")))
    persona = started(loaded)
    turn = persona.react(OPEN, asked)
    assert (turn.source, turn.line) == (f"answer:{kind}", guarded)
    persona._model.state = "opening_up"
    turn = persona.react(OPEN, again)
    assert (turn.source, turn.line) == (f"answer:{kind}", opened)


@pytest.mark.parametrize("asked", [opening[1] for opening in OPENINGS])
def test_without_answers_for_it_an_opening_is_answered_as_before(loaded, asked):
    # A scenario written before the kind: the state's voice, exactly as for an open question
    # that asks nothing in particular.
    asked_it, plain = started(loaded), started(loaded)
    turn = asked_it.react(OPEN, asked)
    assert not turn.source.startswith("answer:")
    assert (turn.source, turn.line) == (lambda t: (t.source, t.line))(plain.react(OPEN, "What would you like?"))
