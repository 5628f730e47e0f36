"""The store when luck is bad: another program holding the lock, a full disk, a damaged file
(issue 13, item 3). Nothing the trainee said is lost, and each failure is one line."""
from __future__ import annotations

import sqlite3

import pytest

from simulator import store as store_module
from simulator.cli import main
from simulator.scenario import load_scenario
from simulator.session import Session
from simulator.store import DB_NAME, Store, StoreDamaged, StoreUnavailable, set_aside
from tests.scenario_fixtures import WALKING

REPLIES = ["What does walking mean to you these days?",
           "You miss being out on your own two feet.",
           "What would a first small step look like?"]


@pytest.fixture
def walks():
    return load_scenario(WALKING)


@pytest.fixture(autouse=True)
def short_lock_wait(monkeypatch):
    monkeypatch.setattr(store_module, "LOCK_WAIT", 0.2)


def held_lock(data_dir) -> sqlite3.Connection:
    """Another connection (as another program would) holding the write lock."""
    other = sqlite3.connect(data_dir / DB_NAME, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    return other


def stored(data_dir) -> list[tuple[int, str, str]]:
    with sqlite3.connect(data_dir / DB_NAME) as db:
        return db.execute("SELECT turn, coach, patient FROM turns ORDER BY turn").fetchall()


def clean_run(walks, coder, replies) -> list[str]:
    session = Session(walks, coder=coder, seed=5)
    return [session.submit(r).patient.line for r in replies]


def test_a_held_lock_is_one_line_and_the_reply_goes_through_once_it_is_released(
        tmp_path, walks, coder):
    with Store(tmp_path) as store:
        session = Session(walks, coder=coder, seed=5, recorder=store)
        session.submit(REPLIES[0])
        other = held_lock(tmp_path)
        with pytest.raises(StoreUnavailable, match="locked") as info:
            session.submit(REPLIES[1])
        assert "\n" not in str(info.value)
        assert len(session.turns) == 1
        other.execute("ROLLBACK")
        session.submit(REPLIES[1])
        session.submit(REPLIES[2])
    # The failed try left no trace: the patient answers as in a run that never failed.
    assert [row[2] for row in stored(tmp_path)] == clean_run(walks, coder, REPLIES)
    assert [row[1] for row in stored(tmp_path)] == REPLIES


def test_a_full_disk_is_one_line_and_the_same_reply_is_stored_after(tmp_path, walks, coder):
    with Store(tmp_path) as store:
        session = Session(walks, coder=coder, seed=5, recorder=store)
        session.submit(REPLIES[0])
        pages = store.db.execute("PRAGMA page_count").fetchone()[0]
        store.db.execute(f"PRAGMA max_page_count = {pages}")  # SQLite's own "disk is full"
        with pytest.raises(StoreUnavailable, match="full"):
            session.submit(REPLIES[1] + " " + "and more " * 2000)
        with pytest.raises(StoreUnavailable, match="full"):
            store.save_draft("a draft " * 2000)
        store.db.execute("PRAGMA max_page_count = 1073741823")
        session.submit(REPLIES[1])
    assert [row[1] for row in stored(tmp_path)] == REPLIES[:2]


def test_a_draft_under_a_held_lock_is_one_line(tmp_path, walks, coder):
    with Store(tmp_path) as store:
        Session(walks, coder=coder, seed=5, recorder=store)
        other = held_lock(tmp_path)
        with pytest.raises(StoreUnavailable, match="locked"):
            store.save_draft("I was going to say")
        other.execute("ROLLBACK")
        store.save_draft("I was going to say")
        assert store.unfinished()[0].draft == "I was going to say"


def damaged_store(data_dir, walks, coder) -> None:
    """A store whose turns table has a page of garbage in it."""
    with Store(data_dir) as store:
        for seed in range(3):
            session = Session(walks, coder=coder, seed=seed, recorder=store)
            for reply in REPLIES * 5:
                if not session.ended:
                    session.submit(reply + " " + "so " * 200)
            session.finish()
    db = sqlite3.connect(data_dir / DB_NAME)
    root = db.execute("SELECT rootpage FROM sqlite_master WHERE name = 'turns'").fetchone()[0]
    size = db.execute("PRAGMA page_size").fetchone()[0]
    db.close()
    with open(data_dir / DB_NAME, "r+b") as handle:
        handle.seek((root - 1) * size)
        handle.write(b"\xa5" * size)


def test_a_damaged_store_is_one_line_saying_what_can_still_be_read(tmp_path, walks, coder):
    damaged_store(tmp_path, walks, coder)
    with pytest.raises(StoreDamaged) as info:
        Store(tmp_path)
    message = str(info.value)
    assert "\n" not in message and "damaged" in message
    assert "3 of 3 sessions" in message


def test_assess_on_a_damaged_store_is_one_line_exit_2(tmp_path, walks, coder, capsys):
    damaged_store(tmp_path, walks, coder)
    with pytest.raises(SystemExit) as info:
        main(["assess", str(tmp_path / DB_NAME)])
    out, err = capsys.readouterr()
    assert info.value.code == 2 and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1 and "damaged" in err


def test_a_fresh_store_is_started_beside_a_damaged_one_which_is_kept(tmp_path, walks, coder):
    damaged_store(tmp_path, walks, coder)
    before = (tmp_path / DB_NAME).read_bytes()
    kept = set_aside(tmp_path / DB_NAME)
    assert kept.parent == tmp_path and kept.name.startswith("coachsim-damaged-")
    assert kept.read_bytes() == before
    with Store(tmp_path) as store:
        assert store.finished() == [] and store.unfinished() == []


def test_the_app_command_offers_a_fresh_store_beside_a_damaged_one(tmp_path, walks, coder, capsys):
    from simulator.cli.app import open_store

    damaged_store(tmp_path, walks, coder)
    asked = []
    with open_store(tmp_path, ask=lambda *a, **k: asked.append(a) or True) as store:
        assert store.finished() == []
    err = capsys.readouterr().err
    assert asked and "damaged" in err and "kept as" in err
    assert len(list(tmp_path.glob("coachsim-damaged-*.db"))) == 1


def test_declining_a_fresh_store_leaves_the_damaged_one_and_exits_2(tmp_path, walks, coder):
    import click

    from simulator.cli.app import open_store

    damaged_store(tmp_path, walks, coder)
    before = (tmp_path / DB_NAME).read_bytes()
    with pytest.raises(click.exceptions.Exit) as info:
        open_store(tmp_path, ask=lambda *a, **k: False)
    assert info.value.exit_code == 2 and (tmp_path / DB_NAME).read_bytes() == before
