"""Read transcript files (CSV or JSONL) as a stream of utterances.

Columns: ``session_id``, ``speaker``, ``text``, optional ``turn`` and ``trainee``. Speakers are
``coach`` or ``client``, with the usual synonyms. Files are read row by row so memory stays flat
however long they are. ``sources`` groups them into sessions and reads the practice store too.
"""
from __future__ import annotations

import csv
import io
import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Literal

from simulator.csvcells import read_cell
from simulator.errors import InputError

Speaker = Literal["coach", "client"]

SPEAKERS: dict[str, Speaker] = {
    "coach": "coach", "therapist": "coach", "counsellor": "coach", "counselor": "coach",
    "trainee": "coach", "practitioner": "coach",
    "client": "client", "patient": "client",
}
#: Other names for the columns, so exports of common datasets read without editing.
_COLUMN_ALIASES = {
    "transcript_id": "session_id", "session": "session_id",
    "interlocutor": "speaker", "role": "speaker",
    "utterance_text": "text", "utterance": "text",
    "utterance_id": "turn",
    "owner": "trainee",
}
_REQUIRED = ("session_id", "speaker", "text")
# A pasted essay in one cell is legal; the csv module's default 128 KiB cap is not the place to refuse it.
csv.field_size_limit(min(sys.maxsize, 2**31 - 1))


@dataclass(frozen=True)
class Utterance:
    """One row of a transcript."""

    session_id: str
    turn: str | int
    speaker: Speaker
    text: str
    trainee: str | None
    path: str
    line: int


@dataclass(frozen=True)
class TranscriptSession:
    """A session's utterances, streamed (consume ``utterances`` before moving to the next)."""

    session_id: str
    trainee: str | None
    path: str
    utterances: Iterator[Utterance]


def read_transcript(p: Path) -> Iterator[Utterance]:
    """Stream the utterances of one CSV or JSONL file, checking each row."""
    suffix = p.suffix.lower()
    if suffix == ".csv":
        return _read_csv(p)
    if suffix in (".jsonl", ".ndjson", ".json"):
        return _read_jsonl(p)
    raise InputError("unknown transcript format; use .csv, .jsonl or the practice store (.db)", p)


def _open_text(p: Path) -> io.TextIOWrapper:
    # utf-8-sig drops a BOM, which spreadsheet exports often add.
    return open(p, encoding="utf-8-sig", newline="", errors="strict")


def _read_csv(p: Path) -> Iterator[Utterance]:
    with _open_text(p) as handle:
        try:
            reader = csv.reader(handle)
            header = next(reader, None)
            if header is None:
                raise InputError("the file is empty; it needs a header row with "
                                 "session_id, speaker, text", p, 1)
            columns = _columns(header, p)
            for number, row in enumerate(reader, start=2):
                if not any(cell.strip() for cell in row):
                    continue
                record = {name: read_cell(row[i]) if i < len(row) else "" for name, i in columns.items()}
                yield _utterance(record, p, reader.line_num or number, number - 1)
        except UnicodeDecodeError:
            raise InputError("not UTF-8 text; save the file as UTF-8 (CSV UTF-8)", p) from None
        except csv.Error as exc:
            raise InputError(f"not valid CSV: {exc}", p, reader.line_num) from None


def _columns(header: list[str], p: Path) -> dict[str, int]:
    columns: dict[str, int] = {}
    for index, raw in enumerate(header):
        name = raw.strip().lower()
        name = _COLUMN_ALIASES.get(name, name)
        columns.setdefault(name, index)
    missing = [c for c in _REQUIRED if c not in columns]
    if missing:
        found = ", ".join(h.strip() for h in header if h.strip()) or "none"
        raise InputError(f"missing column{'s' if len(missing) > 1 else ''} "
                         f"{', '.join(missing)} (found: {found}); the header needs "
                         "session_id, speaker, text and optionally turn, trainee", p, 1)
    return columns


def json_objects(p: Path, what: str = "") -> Iterator[tuple[int, dict]]:
    """Each non-blank line of a JSON-lines file as ``(line number, object)``, checked."""
    with _open_text(p) as handle:
        try:
            for number, raw in enumerate(handle, start=1):
                if not raw.strip():
                    continue
                obj = _json_line(raw, p, number)
                if not isinstance(obj, dict):
                    raise InputError(f"each line must be a JSON object{what}", p, number, 1)
                yield number, obj
        except UnicodeDecodeError:
            raise InputError("not UTF-8 text; save the file as UTF-8", p) from None


def _json_line(raw: str, p: Path, number: int) -> object:
    """One line's JSON value; over-deep nesting and over-long numbers are input errors."""
    try:
        return json.loads(raw)
    except json.JSONDecodeError as exc:
        raise InputError(f"not valid JSON: {exc.msg}", p, number, exc.colno) from None
    except RecursionError:
        # The decoder recurses once a level: Python's recursion limit is the depth limit.
        raise InputError("JSON nested too deeply; a transcript line is one flat object",
                         p, number, 1) from None
    except ValueError:  # past Python's int-digit limit
        raise InputError(f"a number has more than {sys.get_int_max_str_digits():,} digits",
                         p, number, 1) from None


def _read_jsonl(p: Path) -> Iterator[Utterance]:
    for number, obj in json_objects(p):
        if obj.get("type") == "session":
            continue  # the session summary lines of our own assess output
        record = {_COLUMN_ALIASES.get(k.lower(), k.lower()): v for k, v in obj.items()}
        if "speaker" not in record and "coach" in record:
            # A line of `coachsim play --format jsonl`: coach reply and patient answer.
            yield from _play_line(record, p, number)
            continue
        missing = [c for c in _REQUIRED if c not in record]
        if missing:
            raise InputError(f"missing key{'s' if len(missing) > 1 else ''} "
                             f"{', '.join(missing)}", p, number, 1)
        yield _utterance(record, p, number, number)


def _play_line(record: dict, p: Path, number: int) -> Iterator[Utterance]:
    session = str(record.get("session_id", p.stem))
    turn = record.get("turn", number)
    yield _utterance({"session_id": session, "speaker": "coach", "text": record["coach"],
                      "turn": turn}, p, number, number)
    if record.get("patient"):
        yield _utterance({"session_id": session, "speaker": "client", "text": record["patient"],
                          "turn": turn}, p, number, number)


def _utterance(record: dict, p: Path, line: int, position: int) -> Utterance:
    speaker_raw = str(record.get("speaker", "")).strip().lower()
    speaker = SPEAKERS.get(speaker_raw)
    if speaker is None:
        raise InputError(f"unknown speaker {record.get('speaker')!r}; use coach or client "
                         "(or therapist, counsellor, trainee, practitioner; patient)", p, line)
    session_id = str(record.get("session_id", "")).strip()
    if not session_id:
        raise InputError("empty session_id", p, line)
    text = record.get("text")
    text = "" if text is None else str(text)
    turn = record.get("turn")
    if turn is None or (isinstance(turn, str) and not turn.strip()):
        turn = position
    elif isinstance(turn, str) and turn.strip().lstrip("-").isdigit():
        try:
            turn = int(turn)
        except ValueError:  # past Python's int-digit limit, or a non-ASCII digit
            raise InputError("turn is not a usable number; give each reply's position "
                             "(1, 2, 3...)", p, line) from None
    trainee = record.get("trainee")
    trainee = str(trainee).strip() or None if trainee is not None else None
    return Utterance(session_id, turn, speaker, text, trainee, str(p), line)
