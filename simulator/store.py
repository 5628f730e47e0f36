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
import sqlite3
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Iterator, Sequence

from simulator.errors import InputError
from simulator.transcripts import Utterance
from simulator.verdicts import ReviewItem, Verdict, check_verdict, ordered, text_hash

from simulator.session import SessionInfo

if TYPE_CHECKING:
    from simulator.persona import PatientTurn
    from simulator.session import SessionReport, TurnResult

DB_NAME = "coachsim.db"
EXPORTS_DIR = "exports"

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
    # 6: journeys over several appointments, and what the trainee writes after each: the
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


def private_dir(path: Path) -> Path:
    """Create ``path`` (and parents) if needed and make it owner-only (0700)."""
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.chmod(path, 0o700)
    return path


def write_private(path: Path, text: str) -> Path:
    """Write ``text`` to ``path`` readable by the owner only (0600, even if it existed)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with open(fd, "w", encoding="utf-8", newline="") as handle:
        os.fchmod(handle.fileno(), 0o600)
        handle.write(text)
    return path


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
            if not self.path.exists():
                os.close(os.open(self.path, os.O_WRONLY | os.O_CREAT, 0o600))
        except OSError as exc:
            raise InputError(f"cannot use this folder for the practice store: {exc.strerror}; "
                             "choose another with --data-dir", folder) from None
        try:
            # Autocommit mode: transactions are explicit (BEGIN ... COMMIT) below.
            self.db = sqlite3.connect(self.path, isolation_level=None)
            self.db.execute("PRAGMA journal_mode = WAL")
            # NORMAL in WAL mode survives a crash, kill -9 or closed terminal (each commit is in
            # the log before record() returns); only a power cut may lose the last commit.
            self.db.execute("PRAGMA synchronous = NORMAL")
            self.db.execute("PRAGMA foreign_keys = ON")
            migrate(self.db)
        except sqlite3.DatabaseError as exc:
            raise InputError(f"cannot open the practice store: {exc}", self.path) from None
        self._protect_files()
        self.current: int | None = None

    def _protect_files(self) -> None:
        # SQLite gives -wal and -shm the database's mode; chmod anyway in case they predate us.
        for suffix in ("", "-wal", "-shm"):
            p = self.path.with_name(self.path.name + suffix)
            if p.exists():
                os.chmod(p, 0o600)

    def close(self) -> None:
        """Close the connection (the WAL is checkpointed by SQLite)."""
        self.db.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- the Recorder protocol ---------------------------------------------------------------
    def begin(self, info: "SessionInfo", opening: "PatientTurn") -> None:
        """Start a session row (status ``open`` until :meth:`end`)."""
        with self._transaction():
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
        self.current = cursor.lastrowid
        self._protect_files()

    def record(self, result: "TurnResult") -> None:
        """Commit one turn (and clear the draft it came from) before returning."""
        session_id = self._require()
        patient = result.patient
        with self._transaction():
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
        self.db.execute(
            "UPDATE sessions SET status = 'finished', finished_at = ?, ended = ?, minutes = ?, "
            "score = ?, band = ?, report = ?, draft = '' WHERE id = ?",
            (_now(), report.ended, round(report.minutes, 2), report.score.score,
             report.score.band, json.dumps(report_json(report), ensure_ascii=False), session_id))
        self.current = None

    # -- drafts and resume -------------------------------------------------------------------
    def save_draft(self, text: str) -> None:
        """Keep what the trainee is typing (the app calls this debounced)."""
        if self.current is not None:
            self.db.execute("UPDATE sessions SET draft = ? WHERE id = ?", (text, self.current))

    def attach(self, session_id: int) -> None:
        """Continue recording an unfinished session (after ``Session.restore``)."""
        self.current = session_id

    def discard(self, session_id: int) -> None:
        """Drop an unfinished session from the resume offer (its turns stay for the record)."""
        self.db.execute("UPDATE sessions SET status = 'discarded' WHERE id = ? AND status = 'open'",
                        (session_id,))
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
        found = self._sessions("WHERE id = ?", (session_id,))
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
        self.db.execute(
            "INSERT INTO reply_overrides (source, turn, text_hash, action, engine_codes, codes, "
            "reason, trainer, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (verdict.source, verdict.turn, verdict.text_hash, action,
             json.dumps(list(verdict.engine_codes)), json.dumps(list(verdict.codes)),
             verdict.reason, trainer, verdict.created_at))
        return verdict

    def verdicts(self, sources: Sequence[str] | None = None) -> list[Verdict]:
        """Trainers' verdicts on replies, oldest first (all, or those of ``sources``)."""
        return _verdicts(self.db, sources)

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
        self.db.execute("ROLLBACK" if kind else "COMMIT")


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
    finally:
        db.close()
