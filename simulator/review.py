"""Trainers' reviews of coded replies: agree with the engine, or override its codes with a reason.

A verdict is keyed by the reply itself, never by the engine's codes: the session id that
``coachsim assess`` reports (a saved session's key, or a transcript's ``session_id``), the
turn, and a hash of the reply's text. So a verdict outlives any change to the rubric, and it is
applied wherever that reply is read again: the session report, ``assess`` and the exports. The
latest verdict on a reply is the one that holds; earlier ones stay in the store as the record.
"""
from __future__ import annotations

import io
import json
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Mapping, Sequence

from simulator.csvcells import write_records
from simulator.errors import InputError
from simulator.sources import read_sessions
from simulator.verdicts import ReviewItem, Verdict, ordered, text_hash, turn_key
from simulator.rubric import Conversation

if TYPE_CHECKING:
    from simulator.rubric import Coder, Coding
    from simulator.store import SavedSession, SavedTurn

EXPORT_FIELDS = ("session_id", "turn", "text_hash", "action", "engine_codes", "codes", "reason",
                 "trainer", "created_at")


class Verdicts:
    """The verdict that holds for each reply (the latest), looked up by the reply itself."""

    def __init__(self, verdicts: Iterable[Verdict] = ()) -> None:
        self._latest: dict[tuple[str, str, str], Verdict] = {}
        for verdict in verdicts:
            self._latest[verdict.key] = verdict  # oldest first: later ones replace

    def __len__(self) -> int:
        return len(self._latest)

    def __iter__(self):
        return iter(self._latest.values())

    def find(self, source: object, turn: object, text: str) -> Verdict | None:
        """The verdict on this reply, if a trainer gave one."""
        return self._latest.get((str(source), turn_key(turn), text_hash(text)))

    def apply(self, source: object, turn: object, coding: "Coding",
              text: str | None = None) -> tuple["Coding", Verdict | None]:
        """The coding with the trainer's codes in place of the engine's (evidence for codes the
        trainer removed is dropped), and the verdict; the coding as it is when there is none."""
        verdict = self.find(source, turn, coding.text if text is None else text)
        if verdict is None or set(verdict.codes) == set(coding.codes):
            return coding, verdict
        kept = tuple(e for e in coding.evidence if e.code in verdict.codes)
        return replace(coding, codes=ordered(verdict.codes), evidence=kept), verdict


def verdicts_csv(verdicts: Iterable[Verdict]) -> str:
    """Verdicts as CSV; the ``turn`` and ``codes`` columns make it a ``--codes`` file as well."""
    out = io.StringIO()
    write_records(out, EXPORT_FIELDS, (v.row() for v in verdicts))
    return out.getvalue()


def verdicts_jsonl(verdicts: Iterable[Verdict]) -> str:
    """Verdicts as JSON lines, codes as lists."""
    return "".join(json.dumps(v.row() | {"engine_codes": list(v.engine_codes),
                                         "codes": list(v.codes)}, ensure_ascii=False) + "\n"
                   for v in verdicts)


def transcript_items(path: str | Path, coder: "Coder") -> list[ReviewItem]:
    """Every coach reply of a transcript file (CSV or JSONL), coded in context by ``coder``."""
    items: list[ReviewItem] = []
    for session in read_sessions([path]):
        conversation = Conversation(coder)
        patient = ""
        for utterance in session.utterances:
            if utterance.speaker == "client":
                conversation.patient(utterance.text)
                patient = utterance.text
                continue
            coding = conversation.coach(utterance.text)
            items.append(ReviewItem(session.session_id, turn_key(utterance.turn), patient,
                                    utterance.text, coding.codes,
                                    tuple(e.to_dict() for e in coding.evidence)))
            patient = ""
    if not items:
        raise InputError("the transcript has no coach turns to review; check the speaker "
                         "column (coach, therapist, trainee...)", path)
    return items


def patient_before(path: str | Path) -> dict[str, str]:
    """For each coach turn of a transcript, what the person said just before it."""
    found: dict[str, str] = {}
    for session in read_sessions([path]):
        patient = ""
        for utterance in session.utterances:
            if utterance.speaker == "client":
                patient = utterance.text
            else:
                found[turn_key(utterance.turn)], patient = patient, ""
    return found


def session_items(saved: "SavedSession", turns: Sequence["SavedTurn"]) -> list[ReviewItem]:
    """A saved session's replies as the engine coded them when they were made."""
    if not turns:
        raise InputError(f"session {saved.id} has no replies to review")
    items, patient = [], saved.opening
    for t in turns:
        evidence = tuple(e for e in t.coding.get("evidence", []) if isinstance(e, dict))
        items.append(ReviewItem(saved.key, turn_key(t.turn), patient, t.coach, tuple(t.codes),
                                evidence))
        patient = t.patient
    return items


def by_turn(verdicts: Verdicts, source: str,
            replies: Iterable[tuple[object, str]]) -> Mapping[str, Verdict]:
    """The verdicts on ``replies`` ((turn, text) pairs) of one session, by turn."""
    found = {}
    for turn, text in replies:
        verdict = verdicts.find(source, turn, text)
        if verdict is not None:
            found[turn_key(turn)] = verdict
    return found
