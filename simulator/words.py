"""Counts, lists and durations in words: the one place the project words a number for a reader."""
from __future__ import annotations

from typing import Iterable

from simulator.codes import LABELS


#: One name per session measure, wherever a person reads it: the app, Markdown, HTML, CSV.
MEASURES: dict[str, str] = {
    "pct_open_questions": "open questions %",
    "reflection_question_ratio": "reflections/question",
    "pct_complex_reflections": "complex reflections %",
    "mi_adherent": "MI-adherent",
    "mi_non_adherent": "MI-non-adherent",
    "judgement": "judgement",
    "advice_unsolicited": "unsolicited advice",
    "goal_turn": "goal first asked at",
}


def plural(n: int, one: str, many: str | None = None) -> str:
    """``1 reply``, ``3 replies``: a count with its noun."""
    return f"{n} {one if n == 1 else (many or one + 's')}"


def times(n: int) -> str:
    """``once``, ``twice``, ``3 times``."""
    return {1: "once", 2: "twice"}.get(n, f"{n} times")


def where(turns: list[int]) -> str:
    """The replies a step points at, for a reader: ``reply 4`` or ``replies 4, 7``."""
    if not turns:
        return ""
    return f"{'reply' if len(turns) == 1 else 'replies'} {', '.join(map(str, turns))}"


def labels(codes: Iterable[str]) -> str:
    """Codes in plain words, comma-separated ("no code" for none)."""
    return ", ".join(LABELS.get(c, c) for c in codes) or "no code"


def duration(seconds: int) -> str:
    """Seconds in words: ``7 min``, ``1 min 30 s``, ``45 s``."""
    minutes, rest = divmod(seconds, 60)
    return f"{minutes} min" + (f" {rest} s" if rest else "") if minutes else f"{rest} s"
