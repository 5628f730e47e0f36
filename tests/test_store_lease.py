"""A session is live in one place only: a lease row taken atomically on start and resume,
refused while its holder lives, taken over once it is dead or silent (issue 13, item 2).
Other holders are real processes."""
from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from simulator import store as store_module
from simulator.scenario import load_scenario
from simulator.session import Session
from simulator.store import DB_NAME, SessionOpenElsewhere, Store
from tests.scenario_fixtures import WALKING

ROOT = Path(__file__).resolve().parents[1]
REPLIES = ["What does walking mean to you these days?", "You miss being out on your own."]


@pytest.fixture
def walks():
    return load_scenario(WALKING)


def holder(data_dir: Path, script: str) -> subprocess.Popen:
    """Another coachsim process running ``script`` against the store; it prints 'ready'."""
    code = textwrap.dedent("""
        import sys, time
        from simulator.scenario import load_scenario
        from simulator.session import Session
        from simulator.store import Store
        from tests.scenario_fixtures import WALKING
        store = Store(sys.argv[1])
    """) + textwrap.dedent(script)
    process = subprocess.Popen([sys.executable, "-c", code, str(data_dir)], cwd=ROOT,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    line = process.stdout.readline().strip()
    assert line.startswith("ready"), process.stderr.read()
    return process


HOLD_A_NEW_SESSION = """
    session = Session(load_scenario(WALKING), rubric="core", seed=5, recorder=store)
    session.submit("What does walking mean to you these days?")
    print("ready", store.current, flush=True)
    time.sleep(120)
"""


def unfinished_id(data_dir: Path) -> int:
    with sqlite3.connect(data_dir / DB_NAME) as db:
        return db.execute("SELECT id FROM sessions WHERE status = 'open'").fetchone()[0]


def test_a_session_live_in_another_process_is_refused_then_taken_over_once_it_dies(tmp_path):
    process = holder(tmp_path, HOLD_A_NEW_SESSION)
    try:
        session_id = unfinished_id(tmp_path)
        with Store(tmp_path) as store:
            with pytest.raises(SessionOpenElsewhere, match="open in another window") as info:
                store.attach(session_id)
            assert f"process {process.pid}" in str(info.value)
            assert store.lease_holder(session_id) is not None
            process.send_signal(signal.SIGKILL)  # a crash: no chance to let go
            process.wait()
            store.attach(session_id)  # a dead process on this machine holds nothing
            assert store.lease_holder(session_id) is None  # ours now, not someone else's
    finally:
        process.kill()
        process.wait()


def test_a_second_process_cannot_write_into_a_live_session(tmp_path, walks, coder):
    process = holder(tmp_path, HOLD_A_NEW_SESSION)
    try:
        session_id = unfinished_id(tmp_path)
        with Store(tmp_path) as store:
            restored = Session.restore(walks, store.session(session_id).info, REPLIES[:1],
                                       coder=coder)
            with pytest.raises(SessionOpenElsewhere):
                store.attach(session_id)
            assert store.current is None  # so nothing of this process reaches that session
            with pytest.raises(RuntimeError):
                store.record(restored.submit(REPLIES[1]))
    finally:
        process.kill()
        process.wait()


def test_a_lease_whose_heartbeat_is_old_is_taken_over_even_from_another_machine(
        tmp_path, walks, coder):
    with Store(tmp_path) as first:
        Session(walks, coder=coder, seed=5, recorder=first).submit(REPLIES[0])
        session_id = first.current
    with sqlite3.connect(tmp_path / DB_NAME) as db:  # as a store on another machine left it
        db.execute("INSERT INTO leases VALUES (?, 'theirs', 1, 'another-machine', ?)",
                   (session_id, time.time()))
    with Store(tmp_path) as second:
        with pytest.raises(SessionOpenElsewhere, match="another-machine"):
            second.attach(session_id)  # a fresh heartbeat: it may well be alive over there
        stale = time.time() - store_module.LEASE_STALE - 1
        second.db.execute("UPDATE leases SET heartbeat = ?", (stale,))
        second.attach(session_id)
        assert second.current == session_id


def test_only_one_of_two_processes_racing_for_a_stale_session_gets_it(tmp_path, walks, coder):
    with Store(tmp_path) as first:
        Session(walks, coder=coder, seed=5, recorder=first).submit(REPLIES[0])
        session_id = first.current
    with sqlite3.connect(tmp_path / DB_NAME) as db:
        db.execute("INSERT INTO leases VALUES (?, 'theirs', 1, 'gone', 0)", (session_id,))
    race = f"""
        from simulator.store import SessionOpenElsewhere
        print("ready", flush=True)
        time.sleep(max(0.0, {time.time() + 1.5} - time.time()))  # both start together
        try:
            store.attach({session_id})
            print("took", flush=True)
        except SessionOpenElsewhere:
            print("refused", flush=True)
        time.sleep(120)
    """
    racers = [holder(tmp_path, race) for _ in range(2)]
    try:
        outcomes = sorted(p.stdout.readline().strip() for p in racers)
    finally:
        for p in racers:
            p.kill()
            p.wait()
    assert outcomes == ["refused", "took"]


def test_the_lease_is_let_go_on_close_and_on_finish(tmp_path, walks, coder):
    with Store(tmp_path) as store:
        session = Session(walks, coder=coder, seed=5, recorder=store)
        session.submit(REPLIES[0])
        session_id = store.current
    with Store(tmp_path) as store:
        assert store.lease_holder(session_id) is None
        store.attach(session_id)
        store.end(Session.restore(walks, store.session(session_id).info, REPLIES[:1],
                                  coder=coder).finish())
        count = store.db.execute("SELECT COUNT(*) FROM leases").fetchone()[0]
    assert count == 0


def test_a_copy_of_a_session_has_its_turns_and_is_a_session_of_its_own(tmp_path, walks, coder):
    with Store(tmp_path) as store:
        session = Session(walks, coder=coder, seed=5, recorder=store)
        for reply in REPLIES:
            session.submit(reply)
        original = store.current
        copy = store.copy_session(original)
        assert copy != original
        assert store.replies(copy) == store.replies(original) == REPLIES
        assert store.session(copy).info == store.session(original).info
        assert store.session(copy).status == "open"
