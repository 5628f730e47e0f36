"""The practice store: SQLite (standard library) in the user's data folder.

Every coach reply is committed before the patient's answer is shown (``Store.record`` is the
session's recorder), the reply being typed is kept as a draft, and a session that was never
finished (a crash, ``kill -9``, a closed terminal) is offered for resume on the next start.
The folder is 0700 and the files 0600: transcripts are the trainee's own.

The schema carries a version (``PRAGMA user_version``); :data:`MIGRATIONS` holds every step
from the first release on, applied in order.
"""
from __future__ import annotations

import json
import os
import socket
import sqlite3
import time
import uuid
from contextlib import contextmanager
from dataclasses import astuple, dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Iterator, Sequence

from simulator.errors import InputError
from simulator.files import private_dir, private_file
from simulator.session import SessionInfo
from simulator.transcripts import Utterance
from simulator.verdicts import ReviewItem, Verdict, check_verdict, ordered, text_hash

if TYPE_CHECKING:
    from simulator.persona import PatientTurn
    from simulator.session import SessionReport, TurnResult

DB_NAME = "coachsim.db"
EXPORTS_DIR = "exports"
#: Seconds a write waits for another program's lock (SQLite retries meanwhile) before the
#: trainee is told; short, as the app waits on the event loop.
LOCK_WAIT = 2.0


class StoreUnavailable(InputError):
    """A write the store could not take now (locked, disk full, I/O error): the caller keeps
    what was being written and tries again later."""


class SessionOpenElsewhere(StoreUnavailable):
    """The session is live in another window, tab or process (its lease is held)."""


#: Seconds between an open session's heartbeats, and after which a silent lease is stale
#: (its holder asleep, frozen or on a machine that went away).
LEASE_BEAT = 15.0
LEASE_STALE = 90.0


@dataclass(frozen=True)
class Lease:
    """Who holds a session: process, machine and the time of its last heartbeat."""

    pid: int
    host: str
    heartbeat: float

    def live(self, now: float | None = None) -> bool:
        """Whether the holder may still be using the session."""
        if (now or time.time()) - self.heartbeat > LEASE_STALE:
            return False
        return self.host != _HOST or _process_alive(self.pid)

    def describe(self) -> str:
        ago = max(0, round(time.time() - self.heartbeat))
        return f"process {self.pid} on {self.host}, last active {ago} s ago"


_HOST = socket.gethostname()


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process: alive
    return True


class StoreDamaged(InputError):
    """The store file fails SQLite's integrity check."""


_SQLITE_BUSY, _SQLITE_LOCKED, _SQLITE_READONLY, _SQLITE_IOERR, _SQLITE_CORRUPT, _SQLITE_FULL = (
    5, 6, 8, 10, 11, 13)


@contextmanager
def _writing(path: Path) -> Iterator[None]:
    """Turn SQLite's write failures into one line the front end can show."""
    try:
        yield
    except sqlite3.DatabaseError as exc:
        code = (getattr(exc, "sqlite_errorcode", 0) or 0) & 0xFF
        if code in (_SQLITE_BUSY, _SQLITE_LOCKED):
            why = (f"is locked by another program (waited {LOCK_WAIT:g} s); nothing was lost: "
                   "try again in a moment")
        elif code == _SQLITE_FULL:
            why = "could not be written: the disk is full; free some space and try again"
        elif code == _SQLITE_READONLY:
            why = "is read-only now; make it writable and try again"
        elif code == _SQLITE_CORRUPT:
            why = "is damaged; restart coachsim to set it aside and start a fresh one"
        else:
            why = f"could not be written ({exc}); check the disk and try again"
        raise StoreUnavailable(f"the practice store {why}", path) from None

#: Schema steps from version 0 (an empty file). Append, never edit: users' files hold the past.
MIGRATIONS: tuple[str, ...] = (
    # 1: sessions and their turns.
    """
    CREATE TABLE sessions (
        id INTEGER PRIMARY KEY,
        scenario_id TEXT NOT NULL,
        scenario_title TEXT NOT NULL,
        rubric TEXT NOT NULL,
        seed INTEGER NOT NULL,
        assessment INTEGER NOT NULL,
        trainee TEXT,
        started_at TEXT NOT NULL,
        opening TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'finished', 'discarded')),
        finished_at TEXT,
        ended TEXT,
        minutes REAL,
        score INTEGER,
        band TEXT,
        report TEXT
    );
    CREATE TABLE turns (
        session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
        turn INTEGER NOT NULL,
        coach TEXT NOT NULL,
        codes TEXT NOT NULL,
        coding TEXT NOT NULL,
        patient TEXT NOT NULL,
        state TEXT NOT NULL,
        state_description TEXT NOT NULL,
        variables TEXT NOT NULL,
        ended TEXT,
        created_at TEXT NOT NULL,
        PRIMARY KEY (session_id, turn)
    );
    CREATE INDEX sessions_by_status ON sessions(status, started_at);
    """,
    # 2: the reply being typed, so an interrupted sentence comes back on resume.
    """
    ALTER TABLE sessions ADD COLUMN draft TEXT NOT NULL DEFAULT '';
    """,
    # 3: trainers' verdicts on the rubric's codes (agree, or override with other codes).
    """
    CREATE TABLE overrides (
        id INTEGER PRIMARY KEY,
        session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
        turn INTEGER NOT NULL,
        code TEXT NOT NULL,
        action TEXT NOT NULL CHECK (action IN ('agree', 'override')),
        new_codes TEXT NOT NULL DEFAULT '[]',
        reason TEXT NOT NULL DEFAULT '',
        trainer TEXT NOT NULL,
        created_at TEXT NOT NULL
    );
    CREATE INDEX overrides_by_turn ON overrides(session_id, turn);
    """,
    # 4: verdicts keyed by the reply itself (session id as `assess` reports it, turn, text hash),
    # not by the engine's code nor the sessions row: they outlive rubric changes and cover
    # transcript files too. Step 3's per-code table was never written by any front end.
    """
    CREATE TABLE reply_overrides (
        id INTEGER PRIMARY KEY,
        source TEXT NOT NULL,
        turn TEXT NOT NULL,
        text_hash TEXT NOT NULL,
        action TEXT NOT NULL CHECK (action IN ('agree', 'override')),
        engine_codes TEXT NOT NULL,
        codes TEXT NOT NULL,
        reason TEXT NOT NULL DEFAULT '',
        trainer TEXT NOT NULL,
        created_at TEXT NOT NULL
    );
    CREATE INDEX reply_overrides_by_reply ON reply_overrides(source, turn, text_hash);
    """,
    # 5: step 3's per-code table is superseded by step 4's and was never written: drop it, so
    # there is one place a trainer's verdict can live.
    """
    DROP INDEX IF EXISTS overrides_by_turn;
    DROP TABLE IF EXISTS overrides;
    """,
    # 6: who has a session open (process, machine, last sign of life), so a second window
    # or tab cannot write into it.
    """
    CREATE TABLE leases (
        session_id INTEGER PRIMARY KEY REFERENCES sessions(id) ON DELETE CASCADE,
        token TEXT NOT NULL,
        pid INTEGER NOT NULL,
        host TEXT NOT NULL,
        heartbeat REAL NOT NULL
    );
    """,
    # 7: drill results kept with the trainee (history, practice log, the room's lead), and
    # sessions their owner shares with the lead of a browser room.
    """
    CREATE TABLE drill_results (
        id INTEGER PRIMARY KEY,
        drill_id TEXT NOT NULL,
        title TEXT NOT NULL,
        skill TEXT NOT NULL,
        trainee TEXT,
        score INTEGER NOT NULL,
        passed INTEGER NOT NULL,
        items INTEGER NOT NULL,
        items_passed INTEGER NOT NULL,
        seconds REAL,
        time_up INTEGER NOT NULL,
        finished_at TEXT NOT NULL
    );
    ALTER TABLE sessions ADD COLUMN shared INTEGER NOT NULL DEFAULT 0;
    """,
    # 8: journeys over several appointments, and what the trainee writes after each: the
    # journey is its first appointment's row; carried_in/out are the records one appointment
    # leaves the next (simulator/journey.py); plan, tailoring and reflection are JSON objects.
    """
    ALTER TABLE sessions ADD COLUMN appointment INTEGER NOT NULL DEFAULT 1;
    ALTER TABLE sessions ADD COLUMN journey_id INTEGER;
    ALTER TABLE sessions ADD COLUMN opened TEXT;
    ALTER TABLE sessions ADD COLUMN carried_in TEXT;
    ALTER TABLE sessions ADD COLUMN carried_out TEXT;
    ALTER TABLE sessions ADD COLUMN plan TEXT;
    ALTER TABLE sessions ADD COLUMN tailoring TEXT;
    ALTER TABLE sessions ADD COLUMN reflection TEXT;
    UPDATE sessions SET journey_id = id;
    CREATE INDEX sessions_by_journey ON sessions(journey_id, appointment);
    """,
)
SCHEMA_VERSION = len(MIGRATIONS)


def default_data_dir() -> Path:
    """The per-user data folder (``platformdirs.user_data_dir("coachsim")``)."""
    import platformdirs

    return Path(platformdirs.user_data_dir("coachsim", appauthor=False))


def migrate(db: sqlite3.Connection) -> int:
    """Bring the schema up to :data:`SCHEMA_VERSION`; return the version found."""
    found = db.execute("PRAGMA user_version").fetchone()[0]
    if found > SCHEMA_VERSION:
        raise InputError(f"the practice store was written by a newer coachsim (schema {found}, "
                         f"this one knows {SCHEMA_VERSION}); upgrade coachsim")
    for version in range(found, SCHEMA_VERSION):
        # One transaction per step, the version bump included, so a crash leaves a whole step.
        db.execute("BEGIN IMMEDIATE")
        try:
            for statement in _statements(MIGRATIONS[version]):
                db.execute(statement)
            db.execute(f"PRAGMA user_version = {version + 1}")
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
    return found


def _statements(script: str) -> Iterator[str]:
    # executescript() would commit behind our back; the scripts hold no ';' inside strings.
    return (s.strip() for s in script.split(";") if s.strip())


def check_integrity(db: sqlite3.Connection, path: Path) -> None:
    """Raise :class:`StoreDamaged` (one line, saying what can still be read) unless SQLite's
    ``quick_check`` finds the file sound."""
    # A file that is not a database at all raises here, and is reported as such by the caller.
    found = [row[0] for row in db.execute("PRAGMA quick_check(1)")]
    if found == ["ok"]:
        return
    detail = " ".join(found[0].replace("*** in database main ***", "").split())
    raise StoreDamaged(f"the practice store is damaged ({detail}); {_readable(db)} can "
                       "still be read; coachsim can set it aside and start a fresh store "
                       "beside it", path)


def _readable(db: sqlite3.Connection) -> str:
    """How many sessions and turns of a damaged store can still be read, in words."""
    counts = []
    for table in ("sessions", "turns"):
        readable = 0
        try:
            total = db.execute(f"SELECT MAX(rowid) FROM {table}").fetchone()[0] or 0
        except sqlite3.DatabaseError:
            counts.append(f"no {table}")
            continue
        try:
            for _ in db.execute(f"SELECT * FROM {table}"):
                readable += 1
        except sqlite3.DatabaseError:
            pass
        counts.append(f"{readable} of {total} {table}" if table == "sessions"
                      else f"{readable} {table}")
    return " and ".join(counts)


def set_aside(path: Path) -> Path:
    """Rename a damaged store (and its -wal and -shm) beside itself, kept for recovery; the
    next :class:`Store` starts a fresh file. Returns the kept file's path."""
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S")
    kept = path.with_name(f"{path.stem}-damaged-{stamp}{path.suffix}")
    for suffix in ("-wal", "-shm", ""):
        source = path.with_name(path.name + suffix)
        if source.exists():
            os.replace(source, kept.with_name(kept.name + suffix))
    return kept


def session_key(started_at: str, scenario_id: str, row: int) -> str:
    """A stored session's id in exports and ``assess`` input: its date, scenario and row."""
    return f"{started_at[:10]}-{scenario_id}-{row}"


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


@dataclass(frozen=True)
class SavedTurn:
    """A coach reply and the patient's answer, as stored."""

    turn: int
    coach: str
    codes: tuple[str, ...]
    coding: dict
    patient: str
    state: str
    state_description: str
    variables: dict[str, float]
    ended: str | None


@dataclass(frozen=True)
class DrillOutcome:
    """What the store keeps of a finished drill: which, and how it went (not the answers)."""

    drill_id: str
    title: str
    skill: str
    trainee: str | None
    score: int
    passed: bool
    items: int
    items_passed: int
    seconds: float | None
    time_up: bool


@dataclass(frozen=True)
class SavedDrill(DrillOutcome):
    """A finished drill as stored: its outcome, its row and when it finished."""

    id: int
    finished_at: str


@dataclass(frozen=True)
class SavedSession:
    """A session row: what it was (``info``), where it got to, and its report once finished."""

    id: int
    info: "SessionInfo"
    opening: str
    status: str
    finished_at: str | None
    ended: str | None
    minutes: float | None
    score: int | None
    band: str | None
    report: dict | None
    draft: str
    turns: int = 0
    codes: dict[str, int] = field(default_factory=dict)
    #: What the trainee wrote after it (JSON objects, or None): see :data:`NOTES`.
    notes: dict[str, dict] = field(default_factory=dict)

    @property
    def key(self) -> str:
        """The session id used in exports and by ``coachsim assess`` (date, scenario, row)."""
        return session_key(self.info.started_at, self.info.scenario_id, self.id)


_SESSION_COLUMNS = ("id, scenario_id, scenario_title, rubric, seed, assessment, trainee, "
                    "started_at, opening, status, finished_at, ended, minutes, score, band, "
                    "report, draft, appointment, journey_id, opened, carried_in, carried_out, "
                    "plan, tailoring, reflection")
#: What is kept with a session after it ends, each a JSON object in its own column: the record
#: it leaves the next appointment, the care plan, the activation estimate, the reflection.
NOTES = ("carried_out", "plan", "tailoring", "reflection")


class Store:
    """A trainee's sessions in one SQLite file; also the :class:`~simulator.session.Recorder`.

    One session is recorded at a time: :meth:`begin` (or :meth:`attach` on resume) sets
    :attr:`current`, and :meth:`record`, :meth:`save_draft` and :meth:`end` write to it.
    """

    def __init__(self, data_dir: str | Path | None = None) -> None:
        folder = Path(data_dir) if data_dir else default_data_dir()
        self.path = folder / DB_NAME
        try:
            self.data_dir = private_dir(folder)
            private_file(self.path)
            self._protect_files()  # before SQLite opens a linked -wal or -shm
        except OSError as exc:
            raise InputError(f"cannot use this folder for the practice store: {exc.strerror}; "
                             "choose another with --data-dir", folder) from None
        try:
            # Autocommit mode: transactions are explicit (BEGIN ... COMMIT) below.
            self.db = sqlite3.connect(self.path, isolation_level=None, timeout=LOCK_WAIT)
            check_integrity(self.db, self.path)
            self.db.execute("PRAGMA journal_mode = WAL")
            # NORMAL in WAL mode survives a crash, kill -9 or closed terminal (each commit is in
            # the log before record() returns); only a power cut may lose the last commit.
            self.db.execute("PRAGMA synchronous = NORMAL")
            self.db.execute("PRAGMA foreign_keys = ON")
            migrate(self.db)
        except StoreDamaged:
            self.db.close()
            raise
        except sqlite3.DatabaseError as exc:
            raise InputError(f"cannot open the practice store: {exc}", self.path) from None
        self._protect_files()
        self.current: int | None = None
        #: This store's mark on the leases it holds (one per open app, window or tab).
        self.token = uuid.uuid4().hex

    @classmethod
    def read_only(cls, data_dir: str | Path) -> "Store":
        """An existing store opened for reading only (the room's lead reads each participant's);
        every write raises."""
        store = cls.__new__(cls)
        store.data_dir = Path(data_dir)
        store.path = store.data_dir / DB_NAME
        store.current = None
        try:
            store.db = sqlite3.connect(f"{store.path.resolve().as_uri()}?mode=ro", uri=True,
                                       isolation_level=None)
            found = store.db.execute("PRAGMA user_version").fetchone()[0]
        except sqlite3.DatabaseError as exc:
            raise InputError(f"cannot read the practice store: {exc}", store.path) from None
        if found != SCHEMA_VERSION:
            store.db.close()
            raise InputError(f"the practice store has schema {found}, not {SCHEMA_VERSION}",
                             store.path)
        return store

    def _protect_files(self) -> None:
        # SQLite gives -wal and -shm the database's mode; check them too in case they predate us.
        for suffix in ("-wal", "-shm"):
            p = self.path.with_name(self.path.name + suffix)
            if p.exists() or p.is_symlink():
                private_file(p)

    def close(self) -> None:
        """Let go of the open session (it stays open for resume) and close the connection
        (the WAL is checkpointed by SQLite)."""
        if self.current is not None:
            try:
                self._release(self.current)
            except StoreUnavailable:
                pass  # locked or full: the lease goes stale with this process instead
        self.db.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- the Recorder protocol ---------------------------------------------------------------
    def begin(self, info: "SessionInfo", opening: "PatientTurn") -> None:
        """Start a session row (status ``open`` until :meth:`end`), leased to this store."""
        with _writing(self.path), self._transaction():
            cursor = self.db.execute(
                "INSERT INTO sessions (scenario_id, scenario_title, rubric, seed, assessment, "
                "trainee, started_at, opening, appointment, journey_id, opened, carried_in) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (info.scenario_id, info.scenario_title, info.rubric, info.seed,
                 int(info.assessment), info.trainee, info.started_at, opening.line,
                 info.appointment, info.journey, info.opened,
                 None if info.carried_in is None else json.dumps(info.carried_in)))
            if info.journey is None:  # a first appointment starts its own journey
                self.db.execute("UPDATE sessions SET journey_id = id WHERE id = ?",
                                (cursor.lastrowid,))
            self._lease(cursor.lastrowid)
        self.current = cursor.lastrowid
        self._protect_files()

    def record(self, result: "TurnResult") -> None:
        """Commit one turn (and clear the draft it came from) before returning."""
        session_id = self._require()
        patient = result.patient
        with _writing(self.path), self._transaction():
            self._beat(session_id)  # still ours: another window has not taken it over
            self.db.execute(
                "INSERT INTO turns (session_id, turn, coach, codes, coding, patient, state, "
                "state_description, variables, ended, created_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (session_id, result.turn, result.coach, json.dumps(list(result.coding.codes)),
                 json.dumps(result.coding.to_dict(), ensure_ascii=False), patient.line,
                 patient.state, patient.state_description, json.dumps(patient.variables),
                 patient.ended, _now()))
            self.db.execute("UPDATE sessions SET draft = '' WHERE id = ?", (session_id,))

    def end(self, report: "SessionReport") -> None:
        """Mark the session finished and keep its report."""
        session_id = self._require()
        with _writing(self.path), self._transaction():
            self._beat(session_id)
            self.db.execute(
                "UPDATE sessions SET status = 'finished', finished_at = ?, ended = ?, "
                "minutes = ?, score = ?, band = ?, report = ?, draft = '' WHERE id = ?",
                (_now(), report.ended, round(report.minutes, 2), report.score.score,
                 report.score.band, json.dumps(report_json(report), ensure_ascii=False),
                 session_id))
            self.db.execute("DELETE FROM leases WHERE session_id = ?", (session_id,))
        self.current = None

    # -- drafts and resume -------------------------------------------------------------------
    def save_draft(self, text: str) -> None:
        """Keep what the trainee is typing (the app calls this debounced)."""
        if self.current is not None:
            with _writing(self.path), self._transaction():
                self._beat(self.current)
                self.db.execute("UPDATE sessions SET draft = ? WHERE id = ?", (text, self.current))

    def attach(self, session_id: int) -> None:
        """Continue recording an unfinished session (after ``Session.restore``); raises
        :class:`SessionOpenElsewhere` while another live process holds it."""
        with _writing(self.path), self._transaction():
            self._lease(session_id)
        self.current = session_id

    def heartbeat(self) -> None:
        """Say the open session is still in use here (the app calls this every
        :data:`LEASE_BEAT` seconds); raises :class:`SessionOpenElsewhere` if it was taken over."""
        if self.current is not None:
            with _writing(self.path), self._transaction():
                self._beat(self.current)

    def leave(self) -> None:
        """Stop recording the open session and let others resume it (it stays unfinished)."""
        if self.current is not None:
            self._release(self.current)
            self.current = None

    def lease_holder(self, session_id: int) -> Lease | None:
        """Who else has ``session_id`` open and alive, or None (free, stale, or ours)."""
        row = self.db.execute("SELECT token, pid, host, heartbeat FROM leases "
                              "WHERE session_id = ?", (session_id,)).fetchone()
        if row is None or row[0] == self.token:
            return None
        lease = Lease(*row[1:])
        return lease if lease.live() else None

    def copy_session(self, session_id: int) -> int:
        """A new unfinished session with another's turns and draft (to carry on from where a
        session open elsewhere got to); returns its id."""
        # A copy stays in the original's journey, at the same appointment and opening.
        columns = ("scenario_id, scenario_title, rubric, seed, assessment, trainee, started_at, "
                   "opening, draft, appointment, journey_id, opened, carried_in")
        with _writing(self.path), self._transaction():
            cursor = self.db.execute(f"INSERT INTO sessions ({columns}) SELECT {columns} "
                                     "FROM sessions WHERE id = ?", (session_id,))
            copy = cursor.lastrowid
            self.db.execute(
                "INSERT INTO turns (session_id, turn, coach, codes, coding, patient, state, "
                "state_description, variables, ended, created_at) SELECT ?, turn, coach, codes, "
                "coding, patient, state, state_description, variables, ended, created_at "
                "FROM turns WHERE session_id = ?", (copy, session_id))
        return copy

    def _lease(self, session_id: int) -> None:
        # Inside a BEGIN IMMEDIATE transaction: no other process can read-then-write between
        # the check and the take, so of two racing for a stale lease one gets it.
        holder = self.lease_holder(session_id)
        if holder is not None:
            raise SessionOpenElsewhere(f"this session is open in another window ({holder.describe()}); "
                                       "open a copy or start a new session", self.path)
        self.db.execute("INSERT OR REPLACE INTO leases (session_id, token, pid, host, heartbeat) "
                        "VALUES (?, ?, ?, ?, ?)",
                        (session_id, self.token, os.getpid(), _HOST, time.time()))

    def _beat(self, session_id: int) -> None:
        updated = self.db.execute("UPDATE leases SET heartbeat = ? WHERE session_id = ? "
                                  "AND token = ?", (time.time(), session_id, self.token))
        if updated.rowcount == 0:
            raise SessionOpenElsewhere("this session was taken over by another window while "
                                       "this one was silent; leave it (Esc) and resume a copy",
                                       self.path)

    def _release(self, session_id: int) -> None:
        with _writing(self.path):
            self.db.execute("DELETE FROM leases WHERE session_id = ? AND token = ?",
                            (session_id, self.token))

    def discard(self, session_id: int) -> None:
        """Drop an unfinished session from the resume offer (its turns stay for the record)."""
        with _writing(self.path), self._transaction():
            if self.lease_holder(session_id) is not None:
                raise SessionOpenElsewhere("this session is open in another window; it cannot "
                                           "be discarded from here", self.path)
            self.db.execute("UPDATE sessions SET status = 'discarded' WHERE id = ? "
                            "AND status = 'open'", (session_id,))
            self.db.execute("DELETE FROM leases WHERE session_id = ?", (session_id,))
        if self.current == session_id:
            self.current = None

    def unfinished(self) -> list[SavedSession]:
        """Sessions cut off before their end, most recent first."""
        return self._sessions("WHERE status = 'open' ORDER BY started_at DESC, id DESC")

    def replies(self, session_id: int) -> list[str]:
        """The coach's replies in order (what ``Session.restore`` replays)."""
        return [row[0] for row in self.db.execute(
            "SELECT coach FROM turns WHERE session_id = ? ORDER BY turn", (session_id,))]

    def practised_minutes(self, session_id: int) -> float:
        """Minutes from a session's start to its last recorded turn (its practice so far)."""
        row = self.db.execute(
            "SELECT s.started_at, MAX(t.created_at) FROM sessions s "
            "LEFT JOIN turns t ON t.session_id = s.id WHERE s.id = ?", (session_id,)).fetchone()
        if row is None or row[1] is None:
            return 0.0
        started, last = (datetime.fromisoformat(v) for v in row)
        return max(0.0, (last - started).total_seconds() / 60)

    # -- reading -----------------------------------------------------------------------------
    def session(self, session_id: int) -> SavedSession:
        """One session by row id."""
        # Past SQLite's 64-bit integers there is no such row (and the query would overflow).
        found = self._sessions("WHERE id = ?", (session_id,)) if session_id < 2**63 else []
        if not found:
            raise InputError(f"no session {session_id} in the practice store", self.path)
        return found[0]

    def finished(self, scenario_id: str | None = None) -> list[SavedSession]:
        """Finished sessions, oldest first (the history and its trends)."""
        if scenario_id is None:
            return self._sessions("WHERE status = 'finished' ORDER BY started_at, id")
        return self._sessions("WHERE status = 'finished' AND scenario_id = ? "
                              "ORDER BY started_at, id", (scenario_id,))

    def last_scores(self) -> dict[str, int]:
        """Each scenario's most recent finished score (for the scenario picker)."""
        rows = self.db.execute(
            "SELECT scenario_id, score FROM sessions WHERE id IN (SELECT MAX(id) FROM sessions "
            "WHERE status = 'finished' AND score IS NOT NULL GROUP BY scenario_id)")
        return {scenario: score for scenario, score in rows}

    def turns(self, session_id: int) -> list[SavedTurn]:
        """A session's turns in order."""
        rows = self.db.execute(
            "SELECT turn, coach, codes, coding, patient, state, state_description, variables, "
            "ended FROM turns WHERE session_id = ? ORDER BY turn", (session_id,))
        return [SavedTurn(turn, coach, tuple(json.loads(codes)), json.loads(coding), patient,
                          state, description, json.loads(variables), ended)
                for turn, coach, codes, coding, patient, state, description, variables, ended
                in rows]

    def _sessions(self, where: str, params: Sequence = ()) -> list[SavedSession]:
        rows = self.db.execute(f"SELECT {_SESSION_COLUMNS} FROM sessions {where}", params).fetchall()
        counts = self._turn_counts([row[0] for row in rows])
        return [_saved(row, *counts.get(row[0], (0, {}))) for row in rows]

    def _turn_counts(self, ids: list[int]) -> dict[int, tuple[int, dict[str, int]]]:
        found: dict[int, tuple[int, dict[str, int]]] = {}
        if not ids:
            return found
        marks = ",".join("?" * len(ids))
        for session_id, codes in self.db.execute(
                f"SELECT session_id, codes FROM turns WHERE session_id IN ({marks})", ids):
            turns, tally = found.get(session_id, (0, {}))
            for code in json.loads(codes):
                tally[code] = tally.get(code, 0) + 1
            found[session_id] = (turns + 1, tally)
        return found

    # -- journeys and what the trainee writes after a session ---------------------------------
    def save_note(self, session_id: int, kind: str, data: dict) -> None:
        """Keep one of :data:`NOTES` (a JSON object) with a session, replacing any before."""
        if kind not in NOTES:
            raise ValueError(f"unknown note {kind!r}; notes: {', '.join(NOTES)}")
        # The column is one of NOTES, never text from outside.
        self.db.execute(f"UPDATE sessions SET {kind} = ? WHERE id = ?",
                        (json.dumps(data, ensure_ascii=False), session_id))

    def finished_between(self, start: str | None = None,
                         before: str | None = None) -> Iterator[SavedSession]:
        """Finished sessions started from ``start`` up to (not including) ``before`` (ISO
        dates or times), oldest first, read one at a time so a long log takes little memory."""
        where, params = "WHERE status = 'finished'", []
        if start:
            where += " AND started_at >= ?"
            params.append(start)
        if before:
            where += " AND started_at < ?"
            params.append(before)
        rows = self.db.execute(f"SELECT {_SESSION_COLUMNS} FROM sessions {where} "
                               "ORDER BY started_at, id", params)
        for row in rows:
            yield _saved(row, *self._turn_counts([row[0]]).get(row[0], (0, {})))

    def journey(self, journey_id: int) -> list[SavedSession]:
        """A journey's appointments (not discarded ones), in order."""
        return self._sessions("WHERE journey_id = ? AND status != 'discarded' "
                              "ORDER BY appointment, id", (journey_id,))

    def journeys_to_continue(self) -> list[SavedSession]:
        """For each journey, its last appointment when that one is finished and has left a
        record for the next (the picker offers the next appointment), most recent first."""
        return self._sessions(
            "WHERE id IN (SELECT MAX(id) FROM sessions WHERE status != 'discarded' "
            "GROUP BY journey_id) AND status = 'finished' AND carried_out IS NOT NULL "
            "ORDER BY started_at DESC, id DESC")

    # -- trainer overrides -------------------------------------------------------------------
    def add_verdict(self, item: ReviewItem, action: str, codes: Sequence[str], trainer: str,
                    reason: str = "") -> Verdict:
        """Record a trainer's verdict on one reply (agree: the engine's codes stand; override:
        ``codes`` replace them, with a reason) and return it."""
        codes = item.codes if action == "agree" else tuple(codes)
        check_verdict(action, item.codes, codes, reason)
        codes = ordered(codes)
        verdict = Verdict(item.source, item.turn, text_hash(item.text), action, tuple(item.codes),
                          tuple(codes), reason.strip(), trainer, _now())
        with _writing(self.path):
            self.db.execute(
                "INSERT INTO reply_overrides (source, turn, text_hash, action, engine_codes, "
                "codes, reason, trainer, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (verdict.source, verdict.turn, verdict.text_hash, action,
                 json.dumps(list(verdict.engine_codes)), json.dumps(list(verdict.codes)),
                 verdict.reason, trainer, verdict.created_at))
        return verdict

    def verdicts(self, sources: Sequence[str] | None = None) -> list[Verdict]:
        """Trainers' verdicts on replies, oldest first (all, or those of ``sources``)."""
        return _verdicts(self.db, sources)

    # -- drills and sharing ------------------------------------------------------------------
    def add_drill_result(self, outcome: DrillOutcome) -> SavedDrill:
        """Keep a scored drill (its score and items, not the answers' words)."""
        finished_at = _now()
        cursor = self.db.execute(
            "INSERT INTO drill_results (drill_id, title, skill, trainee, score, passed, items, "
            "items_passed, seconds, time_up, finished_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (*astuple(outcome), finished_at))
        return SavedDrill(*astuple(outcome), id=cursor.lastrowid, finished_at=finished_at)

    def drill_results(self) -> list[SavedDrill]:
        """Every finished drill, oldest first."""
        return [SavedDrill(drill, title, skill, trainee, score, bool(passed), items, items_passed,
                           seconds, bool(time_up), id=id_, finished_at=finished_at)
                for id_, drill, title, skill, trainee, score, passed, items, items_passed,
                seconds, time_up, finished_at in self.db.execute(
                    "SELECT id, drill_id, title, skill, trainee, score, passed, items, "
                    "items_passed, seconds, time_up, finished_at FROM drill_results "
                    "ORDER BY finished_at, id")]

    def share(self, session_id: int, shared: bool = True) -> None:
        """Let (or stop letting) the lead of a browser room open this session."""
        self.session(session_id)  # a clear error for an unknown id
        self.db.execute("UPDATE sessions SET shared = ? WHERE id = ?", (int(shared), session_id))

    def shared_ids(self) -> set[int]:
        """The sessions their owner has shared."""
        return {row[0] for row in self.db.execute("SELECT id FROM sessions WHERE shared = 1")}

    # -- helpers -----------------------------------------------------------------------------
    def _require(self) -> int:
        if self.current is None:
            raise RuntimeError("no session is being recorded; call begin() or attach() first")
        return self.current

    def _transaction(self) -> "_Transaction":
        return _Transaction(self.db)

    def exports_dir(self) -> Path:
        """The owner-only folder exports are written to."""
        return private_dir(self.data_dir / EXPORTS_DIR)


class _Transaction:
    """BEGIN ... COMMIT, or ROLLBACK on error (the connection is in autocommit mode)."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    def __enter__(self) -> None:
        self.db.execute("BEGIN IMMEDIATE")

    def __exit__(self, kind: object, *rest: object) -> None:
        if not kind:
            try:
                self.db.execute("COMMIT")
                return
            except sqlite3.DatabaseError:
                # A failed COMMIT (busy, full) can leave the transaction open: end it, so
                # the next write starts clean, and let the error through.
                if self.db.in_transaction:
                    self.db.execute("ROLLBACK")
                raise
        if self.db.in_transaction:  # SQLite may have rolled back already (full disk, I/O)
            self.db.execute("ROLLBACK")


def _saved(row: tuple, turns: int, codes: dict[str, int]) -> SavedSession:
    (id_, scenario_id, title, rubric, seed, assessment, trainee, started_at, opening, status,
     finished_at, ended, minutes, score, band, report, draft, appointment, journey_id, opened,
     carried_in, *notes) = row
    info = SessionInfo(scenario_id, title, rubric, seed, bool(assessment), trainee, started_at,
                       appointment, opened, json.loads(carried_in) if carried_in else None,
                       journey_id)
    return SavedSession(id_, info, opening, status, finished_at, ended, minutes, score, band,
                        json.loads(report) if report else None, draft, turns, codes,
                        {kind: json.loads(text) for kind, text in zip(NOTES, notes) if text})


def report_json(report: "SessionReport") -> dict:
    """What the store keeps of a finished session's report (enough to render it again)."""
    score = report.score
    return {
        "score": score.score,
        "band": score.band,
        # Why the session is not in the next band up: the report screen and exports show it.
        "band_note": score.band_note,
        "metrics": score.metrics,
        "strengths": [str(s) for s in score.strengths],
        "next_steps": [{"text": s.text, "turns": list(s.turns), "rewrite": s.rewrite}
                       for s in score.next_steps],
        "rework": [{"turn": r.turn, "text": r.text, "codes": list(r.codes), "why": r.why,
                    "rewrite": r.rewrite} for r in report.rework],
        "ended": report.ended,
        "minutes": round(report.minutes, 2),
    }


def _verdicts(db: sqlite3.Connection, sources: Sequence[str] | None = None) -> list[Verdict]:
    query = ("SELECT source, turn, text_hash, action, engine_codes, codes, reason, trainer, "
             "created_at FROM reply_overrides")
    params: Sequence[str] = ()
    if sources is not None:
        query += f" WHERE source IN ({','.join('?' * len(sources))})"
        params = list(sources)
    return [Verdict(source, turn, digest, action, tuple(json.loads(engine)),
                    tuple(json.loads(codes)), reason, trainer, created)
            for source, turn, digest, action, engine, codes, reason, trainer, created
            in db.execute(query + " ORDER BY id", params)]


def read_verdicts(path: str | Path) -> list[Verdict]:
    """Every trainer verdict in a store file, opened read-only (none from an older schema)."""
    p = Path(path)
    try:
        db = sqlite3.connect(f"{p.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.DatabaseError as exc:
        raise InputError(f"cannot read the practice store: {exc}", p) from None
    try:
        found = db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' "
                           "AND name = 'reply_overrides'").fetchone()
        return _verdicts(db) if found else []
    except sqlite3.DatabaseError as exc:
        raise InputError(f"not a coachsim practice store: {exc}", p) from None
    finally:
        db.close()


def read_store_utterances(path: str | Path) -> Iterator[Utterance]:
    """Stream a store file's sessions in the ``assess`` format (opened read-only).

    Each session's opening is the client's turn 0; then each coach reply and its answer.
    Discarded sessions and sessions without replies are left out.
    """
    p = Path(path)
    try:
        db = sqlite3.connect(f"{p.resolve().as_uri()}?mode=ro", uri=True)
        version = db.execute("PRAGMA user_version").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        raise InputError(f"not a coachsim practice store: {exc}", p) from None
    try:
        check_integrity(db, p)
    except sqlite3.DatabaseError as exc:
        db.close()
        raise InputError(f"not a coachsim practice store: {exc}", p) from None
    except StoreDamaged:
        db.close()
        raise
    if not 1 <= version <= SCHEMA_VERSION:
        db.close()
        raise InputError(f"not a coachsim practice store this version reads (schema {version})", p)
    return _utterances(db, str(p))


def _utterances(db: sqlite3.Connection, path: str) -> Iterator[Utterance]:
    try:
        sessions = db.execute(
            "SELECT id, scenario_id, started_at, trainee, opening FROM sessions "
            "WHERE status != 'discarded' AND EXISTS (SELECT 1 FROM turns WHERE session_id = id) "
            "ORDER BY started_at, id").fetchall()
        for id_, scenario_id, started_at, trainee, opening in sessions:
            key = session_key(started_at, scenario_id, id_)
            yield Utterance(key, 0, "client", opening, trainee, path, id_)
            for turn, coach, patient in db.execute(
                    "SELECT turn, coach, patient FROM turns WHERE session_id = ? ORDER BY turn",
                    (id_,)):
                yield Utterance(key, turn, "coach", coach, trainee, path, id_)
                yield Utterance(key, turn, "client", patient, trainee, path, id_)
    except sqlite3.DatabaseError as exc:  # damage quick_check did not reach
        raise InputError(f"the practice store is damaged ({exc})", path) from None
    finally:
        db.close()
