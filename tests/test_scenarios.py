"""The shipped scenario library: every scenario is rich enough, and every walkthrough passes
through the real rubric and persona, as a trainee's words would."""
from __future__ import annotations

import pytest

from simulator.paths import SCENARIOS_DIR
from simulator.scenario import check_scenario, count_lines, find_scenarios, load_scenario
from simulator.walkthrough import run_walkthrough

SCENARIO_FILES = find_scenarios([SCENARIOS_DIR])
LOADED = {path.stem: load_scenario(path) for path in SCENARIO_FILES}
WALKTHROUGHS = [
    pytest.param(name, index, id=f"{name}-{index}-{w.name[:40]}")
    for name, loaded in LOADED.items()
    for index, w in enumerate(loaded.scenario.walkthroughs)
]
#: The four kinds of coach every scenario must show the patient's answer to.
KINDS = ("skilled", "judgemental", "closed", "advice")


def test_the_library_covers_what_health_coaches_meet():
    assert len(LOADED) >= 10, sorted(LOADED)
    assert {l.scenario.persona.activation for l in LOADED.values()} >= {1, 2}
    stages = {s for l in LOADED.values() for s in l.scenario.stages}
    assert stages == {"foundation", "refresher", "masterclass"}


@pytest.mark.parametrize("name", sorted(LOADED))
def test_scenario_is_rich_and_clean(name):
    loaded = LOADED[name]
    scenario = loaded.scenario
    assert loaded.path.read_text(encoding="utf-8").startswith(
        "# yaml-language-server: $schema=../schemas/scenario.schema.json")
    assert check_scenario(loaded) == []
    assert len(scenario.states) >= 6
    assert count_lines(loaded) >= 60
    assert scenario.persona.hidden_concerns
    assert any(state.topics for state in scenario.states.values())
    reactions = set(scenario.reactions) | {r for s in scenario.states.values() for r in s.reactions}
    assert {"judged", "lectured", "closed_questions"} <= reactions
    assert len(scenario.walkthroughs) >= 7
    # Every walkthrough is written as trainee text, coded by the real rubric.
    assert all(step.say for w in scenario.walkthroughs for step in w.steps)
    ends = {w.expect.ended for w in scenario.walkthroughs}
    assert "goal_agreed" in ends


@pytest.mark.parametrize("name, index", WALKTHROUGHS)
def test_walkthrough_passes_through_the_real_rubric(name, index):
    loaded = LOADED[name]
    walkthrough = loaded.scenario.walkthroughs[index]
    run = run_walkthrough(loaded, walkthrough)
    assert run.passed, "; ".join(run.failures)
    if walkthrough.expect.ended != "goal_agreed":
        assert not any(t.patient.ended == "goal_agreed" for t in run.session.turns)


#: Every scenario shows the person's answer to these coaches, named in its walkthroughs.
STYLES = ("skilled coach", "judgemental", "closed", "advice-giving", "generic", "gamer", "slips once")


@pytest.mark.parametrize("name", sorted(LOADED))
def test_scenario_shows_every_coaching_style_and_writes_an_answer_for_every_kind(name):
    from simulator.scenario.checks import unanswered_kinds

    scenario = LOADED[name].scenario
    names = [w.name.lower() for w in scenario.walkthroughs]
    assert all(any(style in n for n in names) for style in STYLES), names
    assert scenario.needs
    assert unanswered_kinds(scenario) == []


@pytest.mark.parametrize("name", sorted(LOADED))
def test_the_rubric_gamer_reaches_no_goal_and_ends_less_trusted_than_the_skilled_coach(name):
    loaded = LOADED[name]
    runs = {style: run_walkthrough(loaded, w) for w in loaded.scenario.walkthroughs
            for style in ("skilled coach who slips", "gamer", "skilled") if style in w.name
            and not ("skilled" == style and "slips" in w.name)}
    gamer, skilled = runs["gamer"].session.persona, runs["skilled"].session.persona
    assert gamer.ended != "goal_agreed" and skilled.ended == "goal_agreed"
    assert gamer.variables["trust"] < skilled.variables["trust"]
    slip = runs["skilled coach who slips"].session
    assert any(t.patient.source == "reaction:lectured" for t in slip.turns)
    assert slip.persona.ended == "goal_agreed"


@pytest.mark.parametrize("name", sorted(LOADED))
def test_lecturing_draws_yes_but_before_any_walk_out(name):
    loaded = LOADED[name]
    walkthrough = next(w for w in loaded.scenario.walkthroughs if "advice-giving" in w.name)
    turns = run_walkthrough(loaded, walkthrough).session.turns
    assert turns[0].patient.source == "reaction:lectured" or turns[1].patient.source == "reaction:lectured"
    gone = [t.turn for t in turns if t.patient.ended == "disengaged"]
    pushed = [t.turn for t in turns if t.patient.source == "reaction:lectured"]
    assert not gone or len([p for p in pushed if p < gone[0]]) >= 2


@pytest.mark.parametrize("name", sorted(LOADED))
def test_every_person_tells_what_has_been_happening_when_asked(name):
    # A question about the recent story gets the story, in every scenario, not a stock line.
    from simulator.persona import Persona

    persona = Persona(LOADED[name], seed=0)
    persona.open()
    turn = persona.react({"question.open"}, "What's been happening since you were last seen?")
    assert turn.source == "answer:recent_story", turn


@pytest.mark.parametrize("name", sorted(LOADED))
def test_every_person_says_what_they_want_from_today_when_asked(name):
    # The commonest opening, through the real rubric: an answer to it, in the voice of the state
    # they start in, not the state's stock line ("I take them. Some days.").
    from simulator.session import Session

    loaded = LOADED[name]
    session = Session(loaded, seed=0)
    turn = session.submit("What would you like to get out of today?").patient
    start = loaded.scenario.states[loaded.scenario.start]
    written = start.answers.get("today") or loaded.scenario.answers["today"]
    assert turn.source == "answer:today" and turn.line in written, turn


@pytest.mark.parametrize("name", sorted(LOADED))
def test_every_person_says_why_they_came_when_asked(name):
    # Through the real rubric: their own reason, in the voice of the state they start in, and
    # never a line of their opening said again.
    from simulator.session import Session

    loaded = LOADED[name]
    start = loaded.scenario.states[loaded.scenario.start]
    written = start.answers.get("why_here") or loaded.scenario.answers["why_here"]
    for seed in range(3):
        session = Session(loaded, seed=seed)
        turn = session.submit("So what brings you in today?").patient
        assert turn.source == "answer:why_here" and turn.line in written, turn
        assert turn.line not in loaded.scenario.opening


@pytest.mark.parametrize("name", sorted(LOADED))
def test_no_stock_line_answers_a_question_that_was_not_asked(name):
    # A state's lines are said whatever the reply was; one that opens by echoing a question
    # ("What matters? Reuben.") answers the coach as if they had asked it.
    import re

    scenario = LOADED[name].scenario
    states = list(scenario.states.items())
    states += [(f"{a.title}: {n}", st) for a in scenario.appointments or () for n, st in a.states.items()]
    echoes = [(where, line) for where, state in states for line in state.lines
              if re.match(r"(?:What|How|Who|Why|Where|When)\b[^.?!]{0,40}\?", line)]
    assert not echoes


def test_pauline_tells_her_story_her_way_in_each_state():
    from simulator.persona import Persona

    loaded = LOADED["diabetes_overwhelmed"]
    guarded = Persona(loaded, seed=0)
    guarded.open()
    first = guarded.react({"question.open"}, "What's been happening since the diagnosis?")
    assert first.state == "guarded" and first.line in loaded.scenario.states["guarded"].answers["recent_story"]
    # Asked something else, she does not tell the story.
    other = Persona(loaded, seed=0)
    other.open()
    assert other.react({"question.open"}, "What would you like to talk about?").source != "answer:recent_story"


def _answered_in_the_second_appointment(name: str, reply: str, kind: str) -> None:
    """``reply``, the first words of a second appointment, gets that appointment's own answer of
    ``kind`` (its state's, else the appointment's), never the first visit's."""
    from simulator.journey import Carryover, begin_appointment

    loaded = LOADED[name]
    previous = Carryover(appointment=1, opened=None, goal="", goal_by="none", small=False, trust=5,
                         importance=5, confidence=5, judged=0, ended="turn_limit")
    session = begin_appointment(loaded, 2, previous, seed=0)
    line = session.submit(reply).patient
    written = loaded.scenario.appointments[0]
    mine = written.states[line.state].answers.get(kind) or written.answers[kind]
    assert line.source == f"answer:{kind}" and line.line in mine
    assert line.line not in loaded.scenario.answers[kind]


def test_a_follow_up_appointment_tells_what_happened_since_last_time():
    _answered_in_the_second_appointment("smoking_ambivalent", "What have the last two weeks been like?",
                                        "recent_story")


@pytest.mark.parametrize("name", ["diabetes_overwhelmed", "long_covid_fatigue", "smoking_ambivalent"])
def test_a_follow_up_appointment_says_why_they_came_back(name):
    _answered_in_the_second_appointment(name, "What's brought you back in today?", "why_here")


def test_a_follow_up_appointment_is_asked_what_they_want_from_it():
    _answered_in_the_second_appointment("diabetes_overwhelmed", "What would you like from today?", "today")


#: A trainee's first replies to Dennis, as played: his evenings, Maureen, then the allotment.
DENNIS = [
    "Hello Dennis. The doctor didn't quite say what this was about, so you've come in not knowing.",
    'How have things been since you lost Maureen?',
    'The house has gone very quiet since Maureen.',
    "What's a usual day like for you now?",
    "The days are all right. It's the evenings that are long.",
    'Long afternoons, and longer evenings, in a quiet house.',
    'What were the evenings like when Maureen was here?',
    'Dinner at twelve, like you always did, and then the day loses its shape.',
    'What did you and Maureen used to do of an evening?',
    "Six o'clock was when she'd put the kettle on and tell you about her day. Now it's just quiet.",
    'What matters most to you these days?',
    'You used to have an allotment, the doctor mentioned. What was that like?',
]


def _dennis_after(replies, seed=1):
    from simulator.session import Session

    session = Session(LOADED["loneliness_bereavement"], seed=seed)
    for reply in replies:
        turn = session.submit(reply).patient
    return turn


def test_a_topic_with_nothing_new_to_say_gives_way_to_the_next_the_reply_raises():
    # Both lines about his evenings said, a question about the evenings with Maureen is about her.
    assert DENNIS[6] == "What were the evenings like when Maureen was here?"
    turn = _dennis_after(DENNIS[:7])
    assert turn.source.startswith("topic:maureen"), turn


def test_a_reflection_that_asks_about_a_topic_is_answered_before_anything_kept_back():
    # "You used to have an allotment... What was that like?": the allotment, not a hidden concern.
    turn = _dennis_after(DENNIS)
    assert turn.source == "topic:garden", turn


def test_the_person_does_not_retell_in_short_what_they_told_in_full():
    from simulator.replies import content_words
    from simulator.session import Session

    # Steve tells the physio story ("push through... ended up on a trolley in A&E"); a later
    # reflection naming the physio does not get the same story again, shorter.
    session = Session(LOADED["chronic_pain_disbelieved"], seed=7)
    lines = [session.opening.line]
    for reply in ["Hello Steve. Where would you like to start?",
                  "She told you to push through, you did exactly that, and you ended up on a trolley in A&E.",
                  "What happened after that?",
                  "A pallet slipped, you caught it, and something went. Nine years ago, and you've been carrying it ever since.",
                  "Pallet slipped, you caught it, and nine years later nobody believes what it did to you.",
                  "What's been the hardest part of all of it?",
                  "The fear that you'll do something and it'll snap. After the physio and A&E, that makes sense."]:
        lines.append(session.submit(reply).patient.line)
    told = [content_words(line) for line in lines]
    for i, words in enumerate(told):
        assert not (len(words) >= 2 and any(words <= before for before in told[:i])), lines[i]
