"""Tailoring to activation level: the trainee's estimate of the person's level (1-4) and what
they say they tailored, compared with the scenario's level and with what the session did.

People at levels 1-2 need one small step, their confidence built, and no lists of information;
people at 3-4 can hold a plan of their own and take information when they ask for it. The
rubric's ``tailoring`` section names the measures for each; each is worked out here from the
coded replies and the goal the appointment left.
"""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from typing import Sequence

from simulator.rubric.models import Rubric

#: Items in a list: commas, "and", "or", semicolons between clauses of one telling reply.
_ITEMS = re.compile(r",|;|\band\b|\bor\b|\balso\b", re.I)
#: A telling reply with this many items or more is a list of information.
LIST_ITEMS = 3
#: More telling replies than this in one appointment is a lecture, whatever their length.
MOST_TELLING = 2
_TELLING = ("information", "advice.unsolicited", "advice.permitted")

LEVEL_WORDS = {1: "disengaged", 2: "becoming aware", 3: "taking action", 4: "maintaining"}
MEASURE_LABELS = {
    "one_small_step": "one small step",
    "building_confidence": "building confidence",
    "no_information_lists": "no lists of information",
    "their_own_plan": "a plan of their own",
    "information_on_request": "information only when asked for",
}


@dataclass(frozen=True)
class Reply:
    """A coach reply as the tailoring measures see it."""

    text: str
    codes: tuple[str, ...]


@dataclass(frozen=True)
class MeasureResult:
    measure: str
    met: bool
    note: str

    @property
    def label(self) -> str:
        return MEASURE_LABELS[self.measure]


@dataclass(frozen=True)
class TailoringFeedback:
    """The trainee's estimate against the scenario's level, and each measure."""

    estimate: int
    level: int
    tailored: str
    verdict: str
    measures: tuple[MeasureResult, ...]

    def to_dict(self) -> dict:
        return {**asdict(self), "measures": [asdict(m) for m in self.measures]}


def measure(name: str, replies: Sequence[Reply], goal: str, goal_by: str, goal_small: bool) -> MeasureResult:
    """One tailoring measure over an appointment's coded replies and the goal it left."""
    if name == "one_small_step":
        goals = sum(1 for r in replies if "goal" in r.codes)
        met = goal_by == "person" and goal_small
        note = ("one small step of their own" if met else
                "no small step of their own yet" if goal_by != "coach" else
                "the step was your idea") + f" ({goals} goal {'question' if goals == 1 else 'questions'})"
        return MeasureResult(name, met, note)
    if name == "building_confidence":
        affirmed = sum(1 for r in replies if "affirmation" in r.codes)
        asked = any("goal" in r.codes and "confiden" in r.text.lower() for r in replies)
        met = affirmed >= 1 or asked
        note = (f"{affirmed} affirmation{'s' if affirmed != 1 else ''}"
                + ("; asked how confident they feel" if asked else "; confidence never asked about"))
        return MeasureResult(name, met, note)
    if name == "no_information_lists":
        telling = [r for r in replies if any(c in r.codes for c in _TELLING)]
        lists = [r for r in telling if len(_ITEMS.findall(r.text)) + 1 >= LIST_ITEMS]
        met = not lists and len(telling) <= MOST_TELLING
        note = ("no lists of information" if met else
                f"{len(lists)} repl{'y' if len(lists) == 1 else 'ies'} listed information"
                if lists else f"{len(telling)} replies told rather than asked")
        return MeasureResult(name, met, note)
    if name == "their_own_plan":
        met = goal_by == "person"
        return MeasureResult(name, met, "their own plan" if met else "the plan was not theirs")
    if name == "information_on_request":
        unasked = sum(1 for r in replies if "advice.unsolicited" in r.codes)
        return MeasureResult(name, unasked == 0, "information only with permission" if not unasked
                             else f"{unasked} piece{'s' if unasked != 1 else ''} of advice unasked")
    raise ValueError(f"unknown tailoring measure {name!r}")


def tailoring_feedback(rubric: Rubric, level: int, estimate: int, tailored: str,
                       replies: Sequence[Reply], goal: str, goal_by: str,
                       goal_small: bool) -> TailoringFeedback:
    """Compare the trainee's ``estimate`` with the scenario's ``level`` and hold the session to
    the rubric's measures for that level."""
    if not 1 <= estimate <= 4:
        raise ValueError(f"an activation level is 1 to 4, not {estimate}")
    if estimate == level:
        verdict = f"Right: level {level} ({LEVEL_WORDS[level]})."
    else:
        verdict = (f"You estimated level {estimate} ({LEVEL_WORDS[estimate]}); the person is at "
                   f"level {level} ({LEVEL_WORDS[level]}).")
        if (estimate <= 2) != (level <= 2):
            verdict += (" That changes what to tailor: "
                        + ("one small step, confidence, little information." if level <= 2
                           else "their own plan, information when they ask."))
    names = rubric.tailoring.low if level <= 2 else rubric.tailoring.high
    results = tuple(measure(n, replies, goal, goal_by, goal_small) for n in names)
    return TailoringFeedback(estimate, level, tailored.strip(), verdict, results)
