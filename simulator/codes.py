"""The rubric codes: fixed names shared by scenarios, rubrics, reports and the persona.

Definitions live in the rubric files; the skills guide explains them.
"""
from __future__ import annotations

from typing import Literal, get_args

Code = Literal[
    "question.open",
    "question.closed",
    "reflection.simple",
    "reflection.complex",
    "affirmation",
    "summary",
    "permission",
    "autonomy",
    "information",
    "advice.permitted",
    "advice.unsolicited",
    "judgement",
    "goal",
]

CODES: tuple[str, ...] = get_args(Code)

#: Plain-word labels for the UI and reports.
LABELS: dict[str, str] = {
    "question.open": "open question",
    "question.closed": "closed question",
    "reflection.simple": "simple reflection",
    "reflection.complex": "complex reflection",
    "affirmation": "affirmation",
    "summary": "summary",
    "permission": "asking permission",
    "autonomy": "emphasising autonomy",
    "information": "information",
    "advice.permitted": "advice with permission",
    "advice.unsolicited": "unsolicited advice",
    "judgement": "judgement",
    "goal": "goal elicitation",
}



def _short_tags(codes: tuple[str, ...]) -> dict[str, str]:
    """Two-letter tags in the MITI manner, derived so a new code never needs one written by hand:
    ``question.open`` -> OQ (kind, then family), ``affirmation`` -> AF; a clash takes one more
    letter."""
    tags: dict[str, str] = {}
    for code in codes:
        family, _, kind = code.partition(".")
        letters = (kind[0] + family) if kind else family
        size = 2
        while (tag := letters[:size].upper()) in tags.values() and size < len(letters):
            size += 1
        tags[code] = tag if tag not in tags.values() else code.upper()
    return tags


#: Short tags (OQ, CR, AD...) where a table must fit a terminal.
SHORT: dict[str, str] = _short_tags(CODES)

QUESTIONS = frozenset({"question.open", "question.closed"})
REFLECTIONS = frozenset({"reflection.simple", "reflection.complex"})
#: Replies that explore the person's view: open questions, reflections and summaries. A closed
#: question gathers a fact, so it does not count. The persona's trust, the rubric's "explore
#: before a goal" and the hints all count this one thing.
EXPLORING = frozenset({"question.open", "reflection.simple", "reflection.complex", "summary"})
#: MITI: behaviours consistent with MI, and those that are not.
MI_ADHERENT = frozenset({"affirmation", "autonomy", "permission"})
MI_NON_ADHERENT = frozenset({"judgement", "advice.unsolicited"})
PROBLEMS = MI_NON_ADHERENT
