"""Where transcripts come from: any path a trainer gives (CSV, JSONL or the practice store) as
utterances grouped by session. The one place that turns a path into utterances.

A session's rows must be contiguous; files are streamed, so memory stays flat however long.
"""
from __future__ import annotations

import itertools
from pathlib import Path
from typing import Iterable, Iterator

from simulator.errors import InputError
from simulator.store import read_store_utterances
from simulator.transcripts import TranscriptSession, Utterance, read_transcript

STORE_SUFFIXES = (".db", ".sqlite", ".sqlite3")


def read_utterances(path: str | Path) -> Iterator[Utterance]:
    """Stream the utterances of one transcript file or practice store, checking each row."""
    p = Path(path)
    if not p.exists():
        raise InputError("no such file; check the path", p)
    if p.is_dir():
        raise InputError("is a folder; give transcript files (.csv or .jsonl)", p)
    if p.suffix.lower() in STORE_SUFFIXES:
        return read_store_utterances(p)  # saved practice sessions
    return read_transcript(p)


def read_sessions(paths: Iterable[str | Path]) -> Iterator[TranscriptSession]:
    """Group the utterances of every file into sessions, in file order."""
    for path in paths:
        seen: set[str] = set()
        rows = read_utterances(path)
        for session_id, group in itertools.groupby(rows, key=lambda u: u.session_id):
            first = next(group)
            if session_id in seen:
                raise InputError(f"session {session_id!r} appears again after other sessions; "
                                 "keep each session's rows together", first.path, first.line)
            seen.add(session_id)
            yield TranscriptSession(session_id, first.trainee, first.path,
                                    itertools.chain([first], group))
