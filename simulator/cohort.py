"""Cohort reports: scored sessions grouped by trainee, with the spread of scores and who is
below a competency band (``render.cohort`` turns it into tables for every output format).

Sessions arrive one at a time and only bounded state is kept per trainee (counts, sums and the
list of session scores), so a cohort of any size is summarised in flat memory.
"""
from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Iterable, Sequence

from simulator.errors import InputError

if TYPE_CHECKING:
    from simulator.assessing import ScoredSession
    from simulator.verdicts import Verdict
    from simulator.rubric import Rubric

#: The name used when a session says nothing about whose it is.
NO_TRAINEE = "(no trainee)"

#: Per-skill columns: (metric key, short heading, how to average it, what the heading means).
#: "mean" averages the session values; "per10" is a count per 10 coach replies.
SKILLS: tuple[tuple[str, str, str, str], ...] = (
    ("pct_open_questions", "open Q %", "mean", "open questions as % of questions"),
    ("reflection_question_ratio", "R:Q", "mean", "reflections per question"),
    ("pct_complex_reflections", "complex R %", "mean", "complex reflections as % of reflections"),
    ("mi_adherent", "MI+ /10", "per10", "affirmations, autonomy and permission per 10 replies"),
    ("mi_non_adherent", "MI- /10", "per10", "judgement and unsolicited advice per 10 replies"),
    ("judgement", "judge /10", "per10", "judgements per 10 replies"),
    ("advice_unsolicited", "advice /10", "per10", "unsolicited advice per 10 replies"),
)
#: Width of a histogram bin, in score points.
BIN = 10


def band_order(rubric: "Rubric") -> list[str]:
    """The rubric's competency bands from lowest to highest (the 'below' band first)."""
    bands = sorted(rubric.scoring.bands.items(), key=lambda item: item[1].min_score)
    return [rubric.scoring.below, *(name for name, _ in bands)]


@dataclass
class TraineeStats:
    """What is kept per trainee: counts and sums, plus the list of session scores."""

    trainee: str
    sessions: int = 0
    replies: int = 0
    scores: list[int] = field(default_factory=list)
    #: The session ids beside ``scores`` (their dates, for the trend over time).
    session_ids: list[str] = field(default_factory=list)
    bands: Counter = field(default_factory=Counter)
    at_band: int = 0
    goals: int = 0
    sums: dict[str, float] = field(default_factory=dict)
    counted: dict[str, int] = field(default_factory=dict)

    def skill(self, key: str, how: str) -> float | None:
        """The trainee's average for a per-skill column (``None`` when no session had it)."""
        n = self.counted.get(key, 0)
        if not n:
            return None
        if how == "per10":
            return 10 * self.sums[key] / self.replies if self.replies else None
        return self.sums[key] / n

    @property
    def mean(self) -> float:
        return statistics.fmean(self.scores)


@dataclass(frozen=True)
class Spread:
    """Five-number summary and histogram of a list of scores."""

    n: int
    minimum: int
    q1: float
    median: float
    q3: float
    maximum: int
    histogram: tuple[tuple[int, int], ...]  # (bin start, sessions in it), BIN points wide

    @classmethod
    def of(cls, scores: Sequence[int]) -> "Spread":
        """Summarise scores (0-100); quartiles by the inclusive method, as spreadsheets do."""
        if not scores:
            raise ValueError("no scores")
        if len(scores) == 1:
            q1 = median = q3 = float(scores[0])
        else:
            q1, median, q3 = statistics.quantiles(scores, n=4, method="inclusive")
        bins = Counter(min(score // BIN, 100 // BIN - 1) for score in scores)
        histogram = tuple((b * BIN, bins.get(b, 0)) for b in range(100 // BIN))
        return cls(len(scores), min(scores), q1, median, q3, max(scores), histogram)


class Cohort:
    """Accumulates scored sessions by trainee against a target competency band."""

    def __init__(self, bands: Sequence[str], target: str) -> None:
        if target not in bands:
            raise InputError(f"no competency band {target!r} in this rubric; bands: "
                             f"{', '.join(bands[1:])}")
        self.bands = list(bands)
        self.target = target
        self._rank = {name: i for i, name in enumerate(self.bands)}
        self.trainees: dict[str, TraineeStats] = {}
        #: Trainer verdicts that replaced the engine's codes in the sessions counted.
        self.overrides: list["Verdict"] = []

    @classmethod
    def for_rubric(cls, rubric: "Rubric", target: str = "fair") -> "Cohort":
        """A cohort judged against ``target``, one of the rubric profile's bands."""
        return cls(band_order(rubric), target)

    def add(self, session: "ScoredSession") -> None:
        """Count one scored session towards its trainee."""
        name = session.trainee or NO_TRAINEE
        stats = self.trainees.get(name)
        if stats is None:
            stats = self.trainees[name] = TraineeStats(name)
        score = session.score
        stats.sessions += 1
        stats.replies += session.replies
        self.overrides.extend(session.overrides)
        stats.scores.append(score.score)
        stats.session_ids.append(str(session.session_id))
        stats.bands[score.band] += 1
        if self.reaches(score.band):
            stats.at_band += 1
        metrics = score.metrics
        if metrics.get("goal_turn") is not None:
            stats.goals += 1
        for key, *_ in SKILLS:
            value = metrics.get(key)
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                stats.sums[key] = stats.sums.get(key, 0.0) + value
                stats.counted[key] = stats.counted.get(key, 0) + 1

    def rank(self, band: str) -> int:
        """A band's place from the lowest (0); a band the rubric does not name ranks below all."""
        return self._rank.get(band, -1)

    def reaches(self, band: str) -> bool:
        """Whether a session's band is the target band or above."""
        return self.rank(band) >= self._rank[self.target]

    def extend(self, sessions: Iterable["ScoredSession"]) -> "Cohort":
        """Add every session; returns the cohort."""
        for session in sessions:
            self.add(session)
        return self

    def ordered(self) -> list[TraineeStats]:
        """Trainees by name, sessions without a trainee last."""
        return [self.trainees[name] for name in
                sorted(self.trainees, key=lambda n: (n == NO_TRAINEE, n.casefold()))]

    def below(self) -> list[TraineeStats]:
        """Trainees fewer than half of whose sessions reach the target band, lowest mean first."""
        return sorted((t for t in self.trainees.values() if 2 * t.at_band < t.sessions),
                      key=lambda t: (t.mean, t.trainee))

    def spread(self) -> Spread | None:
        """The spread of every session score in the cohort."""
        scores = [s for t in self.trainees.values() for s in t.scores]
        return Spread.of(scores) if scores else None

    @property
    def sessions(self) -> int:
        return sum(t.sessions for t in self.trainees.values())

    def combined(self) -> TraineeStats:
        """Every trainee's counts and sums together (the cohort's skill averages; no scores)."""
        total = TraineeStats("all trainees")
        for t in self.trainees.values():
            total.sessions += t.sessions
            total.replies += t.replies
            total.goals += t.goals
            for key, value in t.sums.items():
                total.sums[key] = total.sums.get(key, 0.0) + value
                total.counted[key] = total.counted.get(key, 0) + t.counted[key]
        return total
