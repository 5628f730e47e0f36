"""What a trainer judges and what they decide: a reply to review, and the verdict on it.

A verdict is keyed by the reply itself (source, turn, a hash of its words), never by the
engine's codes, so it outlives any change to the rubric. These are plain records that the store
keeps and the trainer tools read; how verdicts are applied to a coding lives in ``review``.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Iterable, Sequence

from simulator.codes import CODES
from simulator.errors import InputError

ACTIONS = ("agree", "override")


def text_hash(text: str) -> str:
    """The reply's identity: SHA-256 of its words (spacing and line breaks do not count, so a
    transcript that went through a spreadsheet still matches)."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()


def turn_key(turn: object) -> str:
    """Turns compare as text: ``7`` from JSON, ``"7"`` from CSV and the store's 7 are one reply."""
    return str(turn).strip()


def ordered(codes: Iterable[str]) -> tuple[str, ...]:
    """Codes in the rubric's fixed order (unknown names dropped)."""
    wanted = set(codes)
    return tuple(c for c in CODES if c in wanted)


@dataclass(frozen=True)
class Verdict:
    """A trainer's verdict on one reply: the codes they judge right, and why."""

    source: str
    turn: str
    text_hash: str
    action: str
    engine_codes: tuple[str, ...]
    codes: tuple[str, ...]
    reason: str
    trainer: str
    created_at: str = ""

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.source, self.turn, self.text_hash)

    def row(self) -> dict:
        """The verdict as an export row (codes joined with ``;``, the ``--codes`` format)."""
        return {"session_id": self.source, "turn": self.turn, "text_hash": self.text_hash,
                "action": self.action, "engine_codes": ";".join(self.engine_codes),
                "codes": ";".join(self.codes), "reason": self.reason, "trainer": self.trainer,
                "created_at": self.created_at}


def check_verdict(action: str, engine_codes: Sequence[str], codes: Sequence[str],
                  reason: str) -> None:
    """Raise :class:`InputError` unless the verdict makes sense."""
    if action not in ACTIONS:
        raise InputError(f"unknown review action {action!r}; use agree or override")
    unknown = [c for c in codes if c not in CODES]
    if unknown:
        raise InputError(f"unknown code {unknown[0]!r}; codes: {', '.join(CODES)}")
    if action == "override":
        if set(codes) == set(engine_codes):
            raise InputError("the override changes no code; add or remove one, or agree")
        if not reason.strip():
            raise InputError("an override needs a reason (what the engine missed)")


@dataclass(frozen=True)
class ReviewItem:
    """One coach reply to review: the person's line before it, and how the engine coded it."""

    source: str
    turn: str
    patient: str
    text: str
    codes: tuple[str, ...]
    evidence: tuple[dict, ...]

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.source, self.turn, text_hash(self.text))
