"""The supervision portfolio: a trainee's practice over a period, gathered for the monthly
supervision conversation and an accreditation portfolio.

Practice hours by month and scenario, journeys completed, skills month by month against the
rubric's band targets, the reflections, the best replies and the most instructive ones with
their rewrites, and the care plans written. Sessions are read one at a time and only bounded
lists are kept (the most recent reflections and plans, the top replies), so memory stays flat
however long the log.
"""
from __future__ import annotations

import heapq
from collections import defaultdict, deque
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Iterable, Mapping

from simulator.reflections import QUESTIONS
from simulator.rubric.models import Rubric
from simulator.scenario.appointments import base_title
from simulator.store import SavedSession, Store

#: How many of each list the document shows (the most recent, or the best).
SHOWN = 20
TOP_REPLIES = 5
#: How much each code makes a reply worth showing as one of the best.
REPLY_WORTH = {"reflection.complex": 3, "summary": 2, "affirmation": 2, "autonomy": 2,
               "permission": 1, "reflection.simple": 1, "question.open": 1}
#: Codes that spoil a reply for the best list.
SPOILERS = frozenset({"judgement", "advice.unsolicited"})
#: Problem codes ranked for the instructive list, most serious first (as the report ranks them).
INSTRUCTIVE = ("judgement", "advice.unsolicited", "question.closed")
#: Skills tracked month by month: (metric in the report, band field, scale from band to metric).
SKILLS = (
    ("reflection_question_ratio", "reflection_question_ratio", 1, "reflections per question"),
    ("pct_complex_reflections", "complex_reflection_share", 100, "complex reflections %"),
    ("pct_open_questions", "open_question_share", 100, "open questions %"),
)


@dataclass(frozen=True)
class Reply:
    """A reply worth showing: where it was, what was said and (for instructive ones) why and how."""

    date: str
    scenario: str
    turn: int
    text: str
    codes: tuple[str, ...]
    why: str = ""
    rewrite: str = ""


@dataclass
class JourneyProgress:
    scenario: str
    appointments: set[int] = field(default_factory=set)
    total: int = 1
    last: str = ""

    @property
    def complete(self) -> bool:
        return self.appointments >= set(range(1, self.total + 1))


@dataclass
class Portfolio:
    """Everything the document shows, gathered in one pass over the sessions."""

    start: str | None
    end: str | None
    rubric: str
    sessions: int = 0
    minutes: dict[tuple[str, str], float] = field(default_factory=lambda: defaultdict(float))
    journeys: dict[int, JourneyProgress] = field(default_factory=dict)
    #: month -> metric -> (sum, count)
    skills: dict[str, dict[str, list[float]]] = field(default_factory=dict)
    targets: dict[str, dict[str, float]] = field(default_factory=dict)
    reflections: deque = field(default_factory=lambda: deque(maxlen=SHOWN))
    reflection_count: int = 0
    plans: deque = field(default_factory=lambda: deque(maxlen=SHOWN))
    plan_count: int = 0
    _best: list = field(default_factory=list)       # heap of (worth, order, Reply)
    _instructive: list = field(default_factory=list)  # heap of (-rank, order, Reply)
    _order: int = 0

    # -- views the templates use ---------------------------------------------------------------
    @property
    def months(self) -> list[str]:
        return sorted({month for month, _ in self.minutes})

    @property
    def scenarios(self) -> list[str]:
        return sorted({scenario for _, scenario in self.minutes})

    def hours(self, month: str, scenario: str | None = None) -> float:
        """Practice hours in a month (for one scenario, or all)."""
        return round(sum(m for (mo, sc), m in self.minutes.items()
                         if mo == month and (scenario is None or sc == scenario)) / 60, 1)

    @property
    def total_hours(self) -> float:
        return round(sum(self.minutes.values()) / 60, 1)

    @property
    def journeys_completed(self) -> list[JourneyProgress]:
        return [j for j in self.journeys.values() if j.total > 1 and j.complete]

    @property
    def journeys_under_way(self) -> list[JourneyProgress]:
        return [j for j in self.journeys.values() if j.total > 1 and not j.complete]

    def skill(self, month: str, metric: str) -> float | None:
        total, count = self.skills.get(month, {}).get(metric, (0.0, 0))
        return round(total / count, 2) if count else None

    @property
    def best(self) -> list[Reply]:
        return [r for _, _, r in sorted(self._best, key=lambda e: (-e[0], -e[1]))]

    @property
    def instructive(self) -> list[Reply]:
        return [r for _, _, r in sorted(self._instructive, key=lambda e: (-e[0], -e[1]))]


def month_of(started_at: str) -> str:
    return started_at[:7]


def next_day(day: str) -> str:
    """The ISO date after ``day`` (``--to`` is inclusive)."""
    return (date.fromisoformat(day) + timedelta(days=1)).isoformat()


def build(store: Store, rubric: Rubric, appointments: Mapping[str, int], *,
          start: str | None = None, end: str | None = None) -> Portfolio:
    """Gather the portfolio of the sessions started from ``start`` to ``end`` (inclusive ISO
    dates); ``appointments`` gives each scenario's number of appointments."""
    portfolio = Portfolio(start, end, rubric.name)
    for name, band in rubric.scoring.bands.items():
        portfolio.targets[name] = {metric: getattr(band, field_) * scale
                                   for metric, field_, scale, _ in SKILLS}
    for session in store.finished_between(start, next_day(end) if end else None):
        add(portfolio, session, store.turns(session.id) if session.turns else [], appointments)
    return portfolio


def add(portfolio: Portfolio, session: SavedSession, turns: Iterable, appointments: Mapping[str, int]) -> None:
    """Count one finished session into the portfolio."""
    info = session.info
    title = base_title(info.scenario_title)
    day = info.started_at[:10]
    month = month_of(info.started_at)
    portfolio.sessions += 1
    portfolio.minutes[(month, title)] += session.minutes or 0.0
    journey = portfolio.journeys.setdefault(
        info.journey or session.id, JourneyProgress(title, total=appointments.get(info.scenario_id, 1)))
    journey.appointments.add(info.appointment)
    journey.last = day
    metrics = (session.report or {}).get("metrics") or {}
    month_skills = portfolio.skills.setdefault(month, {})
    for metric, *_ in SKILLS:
        if metrics.get(metric) is not None:
            total = month_skills.setdefault(metric, [0.0, 0])
            total[0] += metrics[metric]
            total[1] += 1
    notes = session.notes
    if reflection := notes.get("reflection"):
        portfolio.reflection_count += 1
        portfolio.reflections.append((day, title, info.appointment,
                                      [(QUESTIONS[k], v) for k, v in reflection.items()
                                       if k in QUESTIONS and v]))
    if plan := notes.get("plan"):
        portfolio.plan_count += 1
        checks = plan.get("checks", [])
        portfolio.plans.append((day, title, info.appointment, plan.get("fields", {}),
                                sum(1 for c in checks if c["ok"]), len(checks)))
    for turn in turns:
        codes = tuple(turn.codes)
        worth = sum(REPLY_WORTH.get(c, 0) for c in codes)
        if worth and SPOILERS.isdisjoint(codes):
            portfolio._order += 1
            _keep(portfolio._best, (worth, portfolio._order,
                                    Reply(day, title, turn.turn, turn.coach, codes)))
    for rework in (session.report or {}).get("rework", []):
        codes = tuple(rework.get("codes", ()))
        rank = next((len(INSTRUCTIVE) - i for i, c in enumerate(INSTRUCTIVE) if c in codes), 0)
        portfolio._order += 1
        _keep(portfolio._instructive, (rank, portfolio._order, Reply(
            day, title, rework["turn"], rework["text"], codes, rework.get("why", ""),
            rework.get("rewrite", ""))))


def _keep(heap: list, entry: tuple) -> None:
    """Keep the TOP_REPLIES largest entries (by worth, then most recent)."""
    if len(heap) < TOP_REPLIES:
        heapq.heappush(heap, entry)
    elif entry[:2] > heap[0][:2]:
        heapq.heapreplace(heap, entry)
