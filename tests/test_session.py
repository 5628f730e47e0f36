"""Session: one submit path that codes, drives the persona, records, and reports."""
from __future__ import annotations

import pytest

from simulator.errors import InputError
from simulator.scenario import load_scenario
from simulator.rubric import MAX_CHARS
from simulator.session import Session, SessionEnded, worth_reworking
from tests.scenario_fixtures import WALKING


class Recorder:
    """Remembers what the session handed over, and when."""

    def __init__(self):
        self.events = []

    def begin(self, info, opening):
        self.events.append(("begin", info.scenario_id, opening.line))

    def record(self, result):
        self.events.append(("record", result.turn, result.coach))

    def end(self, report):
        self.events.append(("end", len(report.turns)))


@pytest.fixture(scope="module")
def loaded():
    return load_scenario(WALKING)


def test_submit_codes_the_reply_and_the_patient_answers(loaded):
    session = Session(loaded, seed=1)
    result = session.submit("What matters most to you at the moment?")
    assert result.turn == 1
    assert "question.open" in result.coding.codes
    assert result.patient.turn == 1 and result.patient.line
    assert session.persona.variables["trust"] > loaded.scenario.variables["trust"].start


def test_each_turn_is_recorded_before_submit_returns(loaded):
    recorder = Recorder()
    session = Session(loaded, recorder=recorder, seed=1)
    assert recorder.events == [("begin", loaded.scenario.id, session.opening.line)]
    session.submit("How are things?")
    assert recorder.events[-1] == ("record", 1, "How are things?")
    session.finish()
    assert recorder.events[-1] == ("end", 1)


def test_same_seed_same_conversation(loaded):
    replies = ["How are things?", "You're not sure why you're here.", "What would help?"]
    lines = []
    for _ in range(2):
        session = Session(loaded, seed=7)
        lines.append([session.opening.line] + [session.submit(r).patient.line for r in replies])
    assert lines[0] == lines[1]


def test_empty_reply_is_refused_and_nothing_moves(loaded):
    session = Session(loaded)
    with pytest.raises(InputError, match="empty"):
        session.submit("   ")
    assert session.turns == [] and session.persona.counters["turn"] == 0


def test_judgement_lands_and_is_worth_reworking(loaded):
    session = Session(loaded, seed=2)
    session.submit("You need to stop being so lazy about your blood pressure.")
    report = session.finish()
    assert "judgement" in report.turns[0].coding.codes
    assert report.rework and report.rework[0].turn == 1
    assert report.rework[0].rewrite
    assert report.to_dict()["rework"][0]["turn"] == 1


def test_a_huge_paste_is_kept_whole_but_coded_on_its_first_part(loaded):
    session = Session(loaded)
    text = "What matters to you? " + "blah " * 30_000
    result = session.submit(text)
    assert result.coach == text
    assert len(result.coding.text) == MAX_CHARS


def test_no_reply_after_the_end(loaded):
    session = Session(loaded)
    for _ in range(loaded.scenario.endings.turn_limit):
        if session.ended:
            break
        session.submit("Do you walk much?")
    assert session.ended
    turns_coded = session._conversation.turns
    with pytest.raises(SessionEnded):
        session.submit("One more thing?")
    # Refused before coding: the rubric's context does not count a reply that was never sent.
    assert session._conversation.turns == turns_coded


def test_restore_replays_to_the_same_place_without_recording_twice(loaded):
    replies = ["How are things?", "It's been a worry.", "What would you like to change?"]
    first = Session(loaded, seed=5)
    for reply in replies:
        first.submit(reply)
    recorder = Recorder()
    again = Session.restore(loaded, first.info, replies, recorder=recorder)
    assert [t.patient.line for t in again.turns] == [t.patient.line for t in first.turns]
    assert again.persona.variables == first.persona.variables
    assert recorder.events == []
    again.submit("Tell me more.")
    assert recorder.events == [("record", 4, "Tell me more.")]


def test_worth_reworking_orders_problems_and_limits(loaded):
    session = Session(loaded, seed=3)
    for reply in ["Do you walk?", "You should walk more.", "You must try harder, honestly.",
                  "Do you smoke?", "You need to see sense."]:
        if not session.ended:
            session.submit(reply)
    rework = worth_reworking(session.turns)
    assert len(rework) <= 3
    assert all(r.rewrite for r in rework)
    codes = [r.codes for r in rework]
    assert "judgement" in codes[0]
