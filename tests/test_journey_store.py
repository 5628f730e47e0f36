"""A journey in the practice store: each appointment a session row tied to the first, the
record it leaves and what the trainee writes kept with it, resume inside a journey."""
from __future__ import annotations

import sqlite3

import pytest

from simulator import store as store_module
from simulator.journey import Carryover, begin_appointment, carry_over, restore_scenario
from simulator.paths import SCENARIOS_DIR
from simulator.scenario import load_scenario
from simulator.session import Session
from simulator.store import MIGRATIONS, Store

SMOKING = load_scenario(SCENARIOS_DIR / "smoking_ambivalent.yaml")
COACHS_IDEA = "I think the best thing is to set a quit date for Monday and stop completely."


def first_appointment(store: Store) -> int:
    session = begin_appointment(SMOKING, 1, None, seed=1, recorder=store)
    session_id = store.current
    session.submit(COACHS_IDEA)
    session.finish()
    store.save_note(session_id, "carried_out", carry_over(session).to_dict())
    return session_id


def test_the_next_appointment_is_offered_and_stored_in_the_same_journey(tmp_path):
    with Store(tmp_path) as store:
        first = first_appointment(store)
        [waiting] = store.journeys_to_continue()
        assert (waiting.id, waiting.info.journey, waiting.info.appointment) == (first, first, 1)
        carried = waiting.notes["carried_out"]
        assert carried["goal_by"] == "coach"
        second = begin_appointment(SMOKING, 2, Carryover.from_dict(carried), seed=1, recorder=store,
                                   journey=waiting.info.journey)
        second.submit("It's your decision what you do about smoking, not mine.")
        assert store.journeys_to_continue() == []  # appointment 2 is under way
        rows = store.journey(first)
        assert [(s.info.appointment, s.info.opened) for s in rows] == [
            (1, None), (2, "not_done_defensive")]
        assert rows[1].info.carried_in == carried


def test_a_follow_up_cut_off_resumes_where_it_stopped(tmp_path):
    with Store(tmp_path) as store:
        first = first_appointment(store)
        carried = Carryover.from_dict(store.session(first).notes["carried_out"])
        live = begin_appointment(SMOKING, 2, carried, seed=4, recorder=store, journey=first)
        live.submit("It's your decision what you do about smoking, not mine.")
        [cut] = store.unfinished()
        scenario = restore_scenario(SMOKING, cut.info)
        resumed = Session.restore(scenario, cut.info, store.replies(cut.id))
        assert resumed.persona.state == live.persona.state
        assert resumed.persona.variables == live.persona.variables
        assert resumed.info.opened == "not_done_defensive"


def test_what_the_trainee_writes_is_kept_with_the_session(tmp_path):
    with Store(tmp_path) as store:
        first = first_appointment(store)
        store.save_note(first, "plan", {"goal": "ring the chemist on Monday"})
        store.save_note(first, "reflection", {"went_well": "I listened"})
        notes = store.session(first).notes
        assert notes["plan"] == {"goal": "ring the chemist on Monday"}
        assert notes["reflection"] == {"went_well": "I listened"}
        with pytest.raises(ValueError, match="unknown note 'score'"):
            store.save_note(first, "score", {})


def test_sessions_from_before_journeys_become_one_appointment_journeys(tmp_path):
    db = sqlite3.connect(tmp_path / store_module.DB_NAME, isolation_level=None)
    for version in range(5):
        for statement in store_module._statements(MIGRATIONS[version]):
            db.execute(statement)
    db.execute("PRAGMA user_version = 5")
    db.execute("INSERT INTO sessions (scenario_id, scenario_title, rubric, seed, assessment, "
               "started_at, opening) VALUES ('s', 'S', 'core', 3, 0, '2026-01-02T03:04:05+00:00', "
               "'Hello.')")
    db.close()
    with Store(tmp_path) as store:
        [old] = store.unfinished()
        assert (old.info.appointment, old.info.journey, old.notes) == (1, old.id, {})
