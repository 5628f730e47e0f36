"""The SQLite practice store: schema migrations, permissions, overrides (no Session needed)."""
from __future__ import annotations

import sqlite3
import stat

import pytest

from simulator import store as store_module
from simulator.errors import InputError
from simulator.store import MIGRATIONS, SCHEMA_VERSION, Store, migrate


def mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def tables(db: sqlite3.Connection) -> set[str]:
    return {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


def test_a_new_store_is_migrated_from_version_0_to_the_latest(tmp_path):
    db = sqlite3.connect(tmp_path / "x.db", isolation_level=None)
    assert db.execute("PRAGMA user_version").fetchone()[0] == 0
    assert migrate(db) == 0
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == len(MIGRATIONS)
    assert {"sessions", "turns", "overrides"} <= tables(db)
    columns = {r[1] for r in db.execute("PRAGMA table_info(overrides)")}
    assert {"session_id", "turn", "code", "action", "new_codes", "reason", "trainer",
            "created_at"} <= columns
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
        assert (old.scenario_id, old.seed, old.draft) == ("s", 3, "")
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
    store_module.write_private(target, "new")
    assert target.read_text() == "new"
    assert mode(target) == 0o600


def test_trainer_overrides_are_kept_per_turn(tmp_path):
    with Store(tmp_path) as store:
        store.db.execute("INSERT INTO sessions (scenario_id, scenario_title, rubric, seed, "
                         "assessment, started_at, opening) VALUES ('s', 'S', 'c', 0, 0, 'x', 'y')")
        store.add_override(1, 2, "question.closed", "override", "Dr Ames",
                           new_codes=["question.open"], reason="works as an open invitation")
        store.add_override(1, 3, "judgement", "agree", "Dr Ames")
        found = store.overrides(1)
        assert [(o["turn"], o["action"], o["new_codes"]) for o in found] == [
            (2, "override", ["question.open"]), (3, "agree", [])]
        with pytest.raises(InputError, match="unknown override action"):
            store.add_override(1, 2, "judgement", "maybe", "Dr Ames")
