"""The SQLite practice store: migrations, permissions, overrides, recording sessions, resume."""
from __future__ import annotations

import sqlite3
import stat
from pathlib import Path

import pytest

from simulator import store as store_module
from simulator.errors import InputError
from simulator.files import write_private
from simulator.scenario import load_scenario
from simulator.session import Session
from simulator.store import MIGRATIONS, SCHEMA_VERSION, Store, migrate
from simulator.sources import read_utterances


def mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def tables(db: sqlite3.Connection) -> set[str]:
    return {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


def test_a_new_store_is_migrated_from_version_0_to_the_latest(tmp_path):
    db = sqlite3.connect(tmp_path / "x.db", isolation_level=None)
    assert db.execute("PRAGMA user_version").fetchone()[0] == 0
    assert migrate(db) == 0
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == len(MIGRATIONS)
    assert {"sessions", "turns", "reply_overrides"} <= tables(db)
    assert "overrides" not in tables(db)  # step 3's table, superseded and dropped by step 5
    columns = {r[1] for r in db.execute("PRAGMA table_info(reply_overrides)")}
    assert {"source", "turn", "text_hash", "action", "engine_codes", "codes", "reason",
            "trainer", "created_at"} <= columns
    assert migrate(db) == SCHEMA_VERSION  # a second run does nothing


def test_a_first_release_store_keeps_its_sessions_through_the_later_steps(tmp_path):
    path = tmp_path / store_module.DB_NAME
    db = sqlite3.connect(path, isolation_level=None)
    for statement in store_module._statements(MIGRATIONS[0]):
        db.execute(statement)
    db.execute("PRAGMA user_version = 1")
    db.execute("INSERT INTO sessions (scenario_id, scenario_title, rubric, seed, assessment, "
               "started_at, opening) VALUES ('s', 'S', 'core', 3, 0, '2026-01-02T03:04:05+00:00', "
               "'Hello.')")
    db.close()
    with Store(tmp_path) as store:
        [old] = store.unfinished()
        assert (old.info.scenario_id, old.info.seed, old.draft) == ("s", 3, "")
        assert store.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_a_store_from_a_newer_coachsim_is_refused_with_a_message(tmp_path):
    db = sqlite3.connect(tmp_path / store_module.DB_NAME)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    db.close()
    with pytest.raises(InputError, match="newer coachsim"):
        Store(tmp_path)


def test_a_file_that_is_not_a_database_is_an_input_error(tmp_path):
    (tmp_path / store_module.DB_NAME).write_bytes(b"not sqlite at all, just some bytes " * 40)
    with pytest.raises(InputError, match="cannot open the practice store"):
        Store(tmp_path)


def test_the_folder_and_every_file_are_owner_only(tmp_path):
    data = tmp_path / "data"
    with Store(data) as store:
        store.db.execute("INSERT INTO sessions (scenario_id, scenario_title, rubric, seed, "
                         "assessment, started_at, opening) VALUES ('s', 'S', 'c', 0, 0, 'x', 'y')")
        files = [data / n for n in ("coachsim.db", "coachsim.db-wal", "coachsim.db-shm")]
        assert all(f.exists() for f in files)
        assert mode(data) == 0o700
        assert [mode(f) for f in files] == [0o600] * 3
        assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert mode(store.exports_dir()) == 0o700


def test_loose_permissions_left_by_an_older_tool_are_tightened(tmp_path):
    tmp_path.chmod(0o755)
    Store(tmp_path).close()
    (tmp_path / "coachsim.db").chmod(0o644)
    Store(tmp_path).close()
    assert mode(tmp_path) == 0o700
    assert mode(tmp_path / "coachsim.db") == 0o600


def test_write_private_replaces_a_world_readable_file_with_an_owner_only_one(tmp_path):
    target = tmp_path / "out.md"
    target.write_text("old")
    target.chmod(0o644)
    write_private(target, "new")
    assert target.read_text() == "new"
    assert mode(target) == 0o600


# -- with a real session ----------------------------------------------------------------------
SCENARIO = Path(__file__).parent / "tui" / "fixtures" / "app_test_walks.yaml"
OPEN = "What does walking mean to you these days?"


@pytest.fixture
def walks():
    return load_scenario(SCENARIO)


def other_connection(tmp_path) -> sqlite3.Connection:
    return sqlite3.connect(tmp_path / store_module.DB_NAME)


def test_each_turn_is_committed_before_submit_returns(tmp_path, walks):
    with Store(tmp_path) as store:
        session = Session(walks, seed=2, recorder=store)
        store.save_draft("What does")
        result = session.submit(OPEN)
        # Another connection (another process, the next start) already sees it, draft cleared.
        with other_connection(tmp_path) as db:
            assert db.execute("SELECT turn, coach, patient FROM turns").fetchall() == [
                (1, OPEN, result.patient.line)]
            assert db.execute("SELECT draft, status FROM sessions").fetchone() == ("", "open")
        [saved] = store.unfinished()
        assert (saved.turns, saved.codes) == (1, {c: 1 for c in result.coding.codes})
        assert store.turns(saved.id)[0].state == result.patient.state


def test_a_finished_session_keeps_its_report_and_last_score(tmp_path, walks):
    with Store(tmp_path) as store:
        session = Session(walks, seed=2, recorder=store)
        session.submit(OPEN)
        session.submit("You should just get out more.")
        report = session.finish()
        assert store.current is None and store.unfinished() == []
        [saved] = store.finished()
        assert (saved.score, saved.band) == (report.score.score, report.score.band)
        assert saved.report["rework"][0]["turn"] == report.rework[0].turn
        # What kept it out of the next band, for the report screen and the exports to show.
        assert report.score.band_note and saved.report["band_note"] == report.score.band_note
        assert store.last_scores() == {"app_test_walks": report.score.score}
        store.save_draft("typed after the end")  # goes nowhere: no session is open
        assert store.session(saved.id).draft == ""


def test_restore_replays_the_saved_replies_to_the_same_place(tmp_path, walks):
    with Store(tmp_path) as store:
        session = Session(walks, seed=5, recorder=store)
        for text in (OPEN, "You miss being out and about."):
            session.submit(text)
        saved = store.unfinished()[0]
        again = Session.restore(walks, saved.info, store.replies(saved.id))
        assert [t.patient for t in again.turns] == [t.patient for t in session.turns]


def test_a_resumed_session_counts_the_practice_before_the_cut_not_the_gap(tmp_path, walks):
    with Store(tmp_path) as store:
        session = Session(walks, seed=5, recorder=store, started_at="2026-02-03T09:00:00+00:00")
        session.submit(OPEN)
        saved = store.unfinished()[0]
        # The only turn was recorded twelve minutes in; the crash came long before the resume.
        store.db.execute("UPDATE turns SET created_at = '2026-02-03T09:12:00+00:00'")
        assert store.practised_minutes(saved.id) == pytest.approx(12.0)
        again = Session.restore(walks, saved.info, store.replies(saved.id), recorder=store,
                                minutes_before=store.practised_minutes(saved.id))
        store.attach(saved.id)
        report = again.finish()
        assert 12.0 <= report.minutes < 12.5
        assert store.session(saved.id).minutes == pytest.approx(report.minutes, abs=0.01)


def test_assess_reads_saved_sessions_from_the_store_file(tmp_path, walks):
    with Store(tmp_path) as store:
        session = Session(walks, seed=2, recorder=store, started_at="2026-02-03T09:30:00+00:00")
        first = session.submit(OPEN)
        session.finish()
        throwaway = Session(walks, seed=2, recorder=store)
        throwaway.submit(OPEN)
        store.discard(store.current)
    rows = list(read_utterances(tmp_path / store_module.DB_NAME))
    assert [(u.session_id, u.turn, u.speaker) for u in rows] == [
        ("2026-02-03-app_test_walks-1", 0, "client"), ("2026-02-03-app_test_walks-1", 1, "coach"),
        ("2026-02-03-app_test_walks-1", 1, "client")]
    assert rows[2].text == first.patient.line
    with pytest.raises(InputError, match="not a coachsim practice store"):
        sqlite3.connect(tmp_path / "other.db").execute("CREATE TABLE t (x)").connection.close()
        list(read_utterances(tmp_path / "other.db"))
