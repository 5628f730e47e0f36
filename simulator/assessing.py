"""Code and score transcripts as a stream: one event per coach reply, one per session.

Nothing but the current session's scorer is held, so memory stays flat however long the input.
On a large input with more than one core, whole sessions are coded in worker processes while
this one reads the files and yields the results in input order: the events are the same as
coded here, one by one (a session's codes depend only on its own turns).
"""
from __future__ import annotations

import os
import signal
import traceback
from collections import deque
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, replace
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable, Iterator

from simulator.errors import InputError
from simulator.rubric import Coder, Coding, Conversation, Rubric, Scorer, SessionScore
from simulator.sources import read_sessions
from simulator.transcripts import TranscriptSession, Utterance

if TYPE_CHECKING:
    from simulator.review import Verdicts
    from simulator.verdicts import Verdict


@dataclass(frozen=True)
class CodedReply:
    """A coach reply and its coding, keyed by the input's own session id and turn."""

    session_id: str
    turn: str | int
    text: str
    coding: Coding
    #: The trainer's verdict when one overrode the engine (``coding`` then holds their codes).
    override: "Verdict | None" = None
    #: The engine's own coding, kept when a verdict replaced it.
    engine: Coding | None = None


@dataclass(frozen=True)
class ScoredSession:
    """A whole session's score, after all its replies."""

    session_id: str
    trainee: str | None
    path: str
    replies: int
    score: SessionScore
    #: Trainer verdicts that changed this session's codes (and so its score).
    overrides: tuple["Verdict", ...] = ()


Event = CodedReply | ScoredSession

#: Input smaller than this (bytes, all files) is coded in this process: starting workers, each
#: building its own coder, costs more than a second of coding on two cores saves.
POOL_MIN_BYTES = 2_000_000
#: Rows sent to a worker at once: enough that sending them costs little beside coding them.
BATCH_ROWS = 500
#: Batches in flight per worker: the workers never wait for work, and memory stays flat.
AHEAD_PER_WORKER = 3
#: A session longer than this is not held whole to be sent: it is coded here, streamed.
MAX_SESSION_ROWS = 20_000


def assess(paths: Iterable[str | Path], rubric: Rubric, verdicts: "Verdicts | None" = None,
           workers: int | None = None) -> Iterator[Event]:
    """Yield each coach reply as it is coded, then its session's score. A trainer's verdict
    on a reply (``verdicts``) replaces the engine's codes before scoring. ``workers``: how many
    processes code (None: one per core on a large input, else this process alone); the events
    and their order are the same however many."""
    paths = list(paths)
    if workers is None:
        workers = worker_count(paths)
    if workers > 1:
        events = _pooled(paths, rubric, verdicts, workers)
    else:
        events = _in_process(paths, rubric, verdicts)
    sessions = 0
    for event in events:
        sessions += isinstance(event, ScoredSession)
        yield event
    if sessions == 0:
        raise InputError("no transcript rows found; give CSV or JSONL files with "
                         "session_id, speaker, text")


def worker_count(paths: Iterable[str | Path]) -> int:
    """How many processes :func:`assess` codes ``paths`` with by default: one per core when the
    input is large enough to repay starting them, else one (this process)."""
    cores = os.cpu_count() or 1
    if cores < 2:
        return 1
    size = 0
    for path in paths:
        try:
            size += Path(path).stat().st_size
        except OSError:
            continue  # reading it says what is wrong, in order
    return cores if size >= POOL_MIN_BYTES else 1


def _in_process(paths: list, rubric: Rubric, verdicts: "Verdicts | None") -> Iterator[Event]:
    coder = Coder(rubric)
    for transcript in read_sessions(paths):
        yield from _session_events(coder, rubric, verdicts, transcript)


def _session_events(coder: Coder, rubric: Rubric, verdicts: "Verdicts | None",
                    transcript: TranscriptSession) -> Iterator[Event]:
    """One session's events: each coach reply coded in context, then the session's score."""
    conversation = Conversation(coder)
    scorer = Scorer(rubric)
    replies = 0
    overrides: list["Verdict"] = []
    for utterance in transcript.utterances:
        if utterance.speaker == "client":
            conversation.patient(utterance.text)
            continue
        replies += 1
        coding = conversation.coach(utterance.text)
        engine, override = coding, None
        if verdicts:
            coding, verdict = verdicts.apply(transcript.session_id, utterance.turn, engine,
                                             utterance.text)
            if coding is not engine:
                override = verdict
                overrides.append(verdict)
        scorer.add(utterance.turn, coding, utterance.text)
        yield CodedReply(transcript.session_id, utterance.turn, utterance.text, coding,
                         override, engine if override else None)
    if replies == 0:
        raise InputError(f"session {transcript.session_id!r} has no coach turns; check the "
                         "speaker column (coach, therapist, trainee...)", transcript.path)
    yield ScoredSession(transcript.session_id, transcript.trainee, transcript.path,
                        replies, scorer.result(), tuple(overrides))


# -- coding in worker processes ---------------------------------------------------------------

@dataclass(frozen=True)
class _Part:
    """A session's rows as read, to be coded elsewhere; ``complete`` is False when reading
    stopped inside it (its replies are coded, but it is not scored)."""

    session_id: str
    trainee: str | None
    path: str
    rows: list[Utterance]
    complete: bool = True


#: A batch of sessions read, and the error that stopped the reading after them (or None).
_Batch = tuple[list[_Part], "Exception | None"]


def _pooled(paths: list, rubric: Rubric, verdicts: "Verdicts | None",
            workers: int) -> Iterator[Event]:
    """Read here, code whole sessions in ``workers`` processes, yield in input order."""
    pool = _Pool(rubric, verdicts, workers)
    pending: deque[tuple[Callable[[], tuple], Exception | None]] = deque()
    try:
        for job in _jobs(paths):
            if isinstance(job, TranscriptSession):
                # Too long to send whole: everything before it first, then it, streamed.
                while pending:
                    yield from _settle(*pending.popleft())
                yield from _session_events(pool.local_coder(), rubric, verdicts, job)
                continue
            parts, error = job
            pending.append((pool.submit(parts), error))
            while len(pending) > pool.ahead:
                yield from _settle(*pending.popleft())
        while pending:
            yield from _settle(*pending.popleft())
    finally:
        pool.close()


def _settle(result: Callable[[], tuple], error: Exception | None) -> Iterator[Event]:
    """A batch's events, then the error that ended its coding or the reading after it."""
    events, failure = result()
    yield from events
    if failure is not None:
        raise failure
    if error is not None:
        raise error


def _jobs(paths: list) -> Iterator["_Batch | TranscriptSession"]:
    """The input as batches of whole sessions (about :data:`BATCH_ROWS` rows each), or a session
    too long to hold, to be streamed. An error in reading ends the batches; it is raised once
    the events of everything read before it are out, as coding here one by one would."""
    parts: list[_Part] = []
    sessions = read_sessions(paths)
    while True:
        try:
            transcript = next(sessions, None)
        except Exception as exc:  # noqa: BLE001 - raised again, in its place in the stream
            yield parts, exc
            return
        if transcript is None:
            break
        rows, rest, error = _held(transcript)
        if rest is not None:
            if parts:
                yield parts, None
                parts = []
            yield replace(transcript, utterances=chain(rows, rest))
            continue
        parts.append(_Part(transcript.session_id, transcript.trainee, transcript.path, rows,
                           complete=error is None))
        if error is not None:
            yield parts, error
            return
        if sum(len(part.rows) for part in parts) >= BATCH_ROWS:
            yield parts, None
            parts = []
    if parts:
        yield parts, None


def _held(transcript: TranscriptSession) -> tuple[list[Utterance], Iterator[Utterance] | None,
                                                  Exception | None]:
    """A session's rows as read, the rows still to read when it is too long to hold whole (else
    None), and the error that stopped the reading inside it (or None)."""
    rows: list[Utterance] = []
    utterances = iter(transcript.utterances)
    try:
        for utterance in utterances:
            rows.append(utterance)
            if len(rows) >= MAX_SESSION_ROWS:
                return rows, utterances, None
    except Exception as exc:  # noqa: BLE001 - raised again, in its place in the stream
        return rows, None, exc
    return rows, None, None


class _Cut(Exception):
    """The end of the rows of a session whose reading stopped inside it."""


def _rows_then_cut(rows: list[Utterance]) -> Iterator[Utterance]:
    yield from rows
    raise _Cut


def _code_parts(coder: Coder, rubric: Rubric, verdicts: "Verdicts | None",
                parts: list[_Part]) -> tuple[list[Event], Exception | None]:
    """The events of a batch of sessions, and the error that stopped them (or None): the error
    is handed back, not raised, so the events before it are yielded first."""
    events: list[Event] = []
    try:
        for part in parts:
            rows = iter(part.rows) if part.complete else _rows_then_cut(part.rows)
            transcript = TranscriptSession(part.session_id, part.trainee, part.path, rows)
            events.extend(_session_events(coder, rubric, verdicts, transcript))
    except _Cut:
        pass
    except Exception as exc:  # noqa: BLE001 - raised again by the reading process
        if not isinstance(exc, InputError):
            exc.add_note("".join(traceback.format_exception(exc)))  # the worker's traceback
        return events, exc
    return events, None


#: The worker process's coder and what it codes with (set by :func:`_start_worker`).
_WORKER: tuple[Coder, Rubric, "Verdicts | None"] | None = None


def _start_worker(rubric: Rubric, verdicts: "Verdicts | None") -> None:
    global _WORKER
    # Ctrl-C is the reading process's to handle: it stops the workers.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _WORKER = (Coder(rubric), rubric, verdicts)


def _code_in_worker(parts: list[_Part]) -> tuple[list[Event], Exception | None]:
    assert _WORKER is not None, "a worker codes only after _start_worker"
    return _code_parts(*_WORKER, parts)


class _Pool:
    """Worker processes that code batches, or this process when they cannot start or break."""

    def __init__(self, rubric: Rubric, verdicts: "Verdicts | None", workers: int) -> None:
        self._rubric, self._verdicts = rubric, verdicts
        self._coder: Coder | None = None
        self.ahead = workers * AHEAD_PER_WORKER
        try:
            self._executor: ProcessPoolExecutor | None = ProcessPoolExecutor(
                workers, initializer=_start_worker, initargs=(rubric, verdicts))
        except (OSError, NotImplementedError, ImportError):
            self._executor = None  # no processes or semaphores here: code in this one

    def local_coder(self) -> Coder:
        """This process's own coder (built the first time it is needed)."""
        if self._coder is None:
            self._coder = Coder(self._rubric)
        return self._coder

    def submit(self, parts: list[_Part]) -> Callable[[], tuple[list[Event], Exception | None]]:
        """Start coding ``parts``; the returned call gives their events and error."""
        if self._executor is not None:
            try:
                future = self._executor.submit(_code_in_worker, parts)
            except (OSError, BrokenProcessPool, RuntimeError):
                self.close()
            else:
                return lambda: self._result(future, parts)
        return lambda: self._here(parts)

    def _result(self, future, parts: list[_Part]) -> tuple[list[Event], Exception | None]:
        try:
            return future.result()
        except BrokenProcessPool:
            self.close()  # a worker died (killed, out of memory): code the rest here
            return self._here(parts)

    def _here(self, parts: list[_Part]) -> tuple[list[Event], Exception | None]:
        return _code_parts(self.local_coder(), self._rubric, self._verdicts, parts)

    def close(self) -> None:
        """Stop the workers (batches not yet started are dropped)."""
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None
