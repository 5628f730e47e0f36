"""Session scoring: MITI-style counts and ratios, a 0-100 score, a band, strengths and next steps.

The score is built so that no single habit carries a session: reflections count only beside
questions (and the other way round), a goal must be elicited, and judgement and unsolicited
advice cost points both per instance and by how much of the session they fill. The scorer is
incremental and keeps a fixed amount of state, however long the session.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable

from simulator.codes import CODES, MI_ADHERENT, MI_NON_ADHERENT, QUESTIONS, REFLECTIONS
from simulator.rubric.coder import Coding
from simulator.rubric.models import Band, Rubric
from simulator.rubric.templates import fill

#: Codes that tell rather than explore: a session made of them is a lecture.
_TELLING = frozenset({"information", "advice.unsolicited", "advice.permitted"})
#: Replies remembered per kind of issue (for next steps): enough to point at, constant memory.
EXAMPLES = 5


@dataclass
class NextStep:
    """Something to work on, tied to the replies (turn numbers) that show it."""

    text: str
    turns: list[int] = field(default_factory=list)
    rewrite: str | None = None

    def to_dict(self) -> dict:
        """JSON-ready form."""
        return {"text": self.text, "turns": list(self.turns), "rewrite": self.rewrite}


@dataclass
class SessionScore:
    """A session's metrics, score (0-100), competency band, strengths and next steps."""

    metrics: dict
    score: int
    band: str
    next_steps: list[NextStep] = field(default_factory=list)
    strengths: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        """JSON-ready form."""
        return {"metrics": self.metrics, "score": self.score, "band": self.band,
                "next_steps": [s.to_dict() for s in self.next_steps], "strengths": list(self.strengths)}


@dataclass
class _Issue:
    turns: list[int] = field(default_factory=list)
    count: int = 0
    rewrite: str | None = None

    def note(self, turn: int, rewrite: str | None = None) -> None:
        self.count += 1
        if len(self.turns) < EXAMPLES:
            self.turns.append(turn)
        if self.rewrite is None and rewrite:
            self.rewrite = rewrite


class Scorer:
    """Adds up a session reply by reply; ``result()`` may be called at any time."""

    def __init__(self, rubric: Rubric) -> None:
        self.rubric = rubric
        self.replies = 0
        self.counts = dict.fromkeys(CODES, 0)
        self.questions = 0
        self.reflections = 0
        self.explored = 0
        self.telling = 0
        self.goal_turn: int | None = None
        self.explored_before_goal = 0
        self._last_turn = 0
        self._issues = {name: _Issue() for name in
                        ("judgement", "advice", "reflect_more", "open_up", "deepen", "goal_early")}

    def add(self, turn: int, coding: Coding, text: str | None = None) -> None:
        """Count one coach reply (``turn`` is its number in the transcript)."""
        self.replies += 1
        self._last_turn = turn
        codes = set(coding.codes)
        for code in codes:
            if code in self.counts:
                self.counts[code] += 1
        asked = bool(codes & QUESTIONS)
        reflected = bool(codes & REFLECTIONS)
        self.questions += asked
        self.reflections += reflected
        if codes & _TELLING and "question.open" not in codes:
            # Telling with only a closed check or a reflection after it is still a lecture;
            # asking what the person makes of it (elicit-provide-elicit) is not.
            self.telling += 1
        rewrites = {ev.code: ev.rewrite for ev in reversed(coding.evidence) if ev.rewrite}
        if "judgement" in codes:
            self._issues["judgement"].note(turn, rewrites.get("judgement"))
        if "advice.unsolicited" in codes:
            self._issues["advice"].note(turn, rewrites.get("advice.unsolicited"))
        if asked and not reflected:
            self._issues["reflect_more"].note(turn)
        if "question.closed" in codes and "question.open" not in codes:
            self._issues["open_up"].note(turn, rewrites.get("question.closed"))
        if "reflection.simple" in codes and "reflection.complex" not in codes:
            self._issues["deepen"].note(turn)
        if "goal" in codes and self.goal_turn is None:
            self.goal_turn = turn
            self.explored_before_goal = self.explored
            if self.explored < self.rubric.scoring.explore_before_goal:
                self._issues["goal_early"].note(turn)
        if asked or reflected or "summary" in codes:
            self.explored += 1

    # -- the result ---------------------------------------------------------------------------
    def metrics(self) -> dict:
        """Counts and ratios (percentages 0-100; the ratio is reflections per question)."""
        c = self.counts
        q, r = self.questions, self.reflections
        open_q = c["question.open"]
        asked = open_q + c["question.closed"]
        reflections = c["reflection.simple"] + c["reflection.complex"]
        return {
            "replies": self.replies,
            "questions": q,
            "reflections": r,
            "pct_open_questions": round(100 * open_q / asked, 1) if asked else None,
            "reflection_question_ratio": round(r / q, 2) if q else None,
            "pct_complex_reflections": round(100 * c["reflection.complex"] / reflections, 1) if reflections else None,
            "mi_adherent": sum(c[k] for k in MI_ADHERENT),
            "mi_non_adherent": sum(c[k] for k in MI_NON_ADHERENT),
            "judgement": c["judgement"],
            "advice_unsolicited": c["advice.unsolicited"],
            "telling": self.telling,
            "goal_elicited": self.goal_turn is not None,
            "goal_turn": self.goal_turn,
            "counts": dict(c),
        }

    def _shares(self) -> tuple[float, float, float]:
        c = self.counts
        asked = c["question.open"] + c["question.closed"]
        reflections = c["reflection.simple"] + c["reflection.complex"]
        ratio = self.reflections / self.questions if self.questions else 0.0
        complex_share = c["reflection.complex"] / reflections if reflections else 0.0
        open_share = c["question.open"] / asked if asked else 0.0
        return ratio, complex_share, open_share

    def score(self) -> int:
        """The 0-100 score."""
        if not self.replies:
            return 0
        s = self.rubric.scoring
        w, t = s.weights, s.targets
        ratio, complex_share, open_share = self._shares()
        n = self.replies
        adherent = sum(self.counts[k] for k in MI_ADHERENT)
        goal = 0.0
        if self.goal_turn is not None:
            goal = 1.0 if self.explored_before_goal >= s.explore_before_goal else 0.5
        # Variety: reflections and open questions must both be there, in balance.
        both = min(self.reflections, self.counts["question.open"])
        variety = min(1.0, 2 * both / max(1, max(self.reflections, self.counts["question.open"])))
        points = (w.reflection_ratio * min(1.0, ratio / t.reflection_question_ratio)
                  + w.complex_share * min(1.0, complex_share / t.complex_reflection_share)
                  + w.open_share * min(1.0, open_share / t.open_question_share)
                  + w.goal * goal
                  + w.adherent * min(1.0, adherent * 10 / n / t.adherent_per_10_replies)
                  + w.variety * variety)
        judged, advised = self.counts["judgement"], self.counts["advice.unsolicited"]
        points -= w.judgement_each * judged + w.judgement_penalty * 10 * judged / n
        points -= w.advice_each * advised + w.advice_penalty * 10 * advised / n
        points -= w.telling_penalty * 10 * self.telling / n
        return max(0, min(100, round(points)))

    def band(self, score: int) -> str:
        """The highest band whose every condition the session meets."""
        bands = sorted(self.rubric.scoring.bands.items(), key=lambda kv: -kv[1].min_score)
        for name, band in bands:
            if self._meets(band, score):
                return name
        return self.rubric.scoring.below

    def _meets(self, band: Band, score: int) -> bool:
        ratio, complex_share, open_share = self._shares()
        return (score >= band.min_score
                and self.replies >= band.min_replies
                and ratio >= band.reflection_question_ratio
                and complex_share >= band.complex_reflection_share
                and open_share >= band.open_question_share
                and self.counts["judgement"] <= band.max_judgement
                and self.counts["advice.unsolicited"] <= band.max_unsolicited_advice
                and (self.goal_turn is not None or not band.goal))

    def next_steps(self, limit: int = 3) -> list[NextStep]:
        """The most useful things to work on, most serious first, each tied to replies."""
        s = self.rubric.scoring
        texts = self.rubric.feedback.next_steps
        ratio, complex_share, open_share = self._shares()
        found: list[tuple[float, NextStep]] = []

        def add(weight: float, name: str, text: str) -> None:
            issue = self._issues.get(name, _Issue())
            found.append((weight, NextStep(fill(text, {"n": str(issue.count)}), list(issue.turns),
                                           issue.rewrite)))

        if self.counts["judgement"]:
            add(100 + self.counts["judgement"], "judgement", texts.judgement)
        if self.counts["advice.unsolicited"]:
            add(90 + self.counts["advice.unsolicited"], "advice", texts.advice)
        if self.replies >= 3 and self.goal_turn is None:
            found.append((80, NextStep(texts.goal, [self._last_turn] if self._last_turn else [],
                                       texts.goal_example)))
        if self.questions and ratio < s.targets.reflection_question_ratio:
            add(70 * (1 - ratio / s.targets.reflection_question_ratio) + 10, "reflect_more",
                texts.reflect_more)
        if self.questions and open_share < s.targets.open_question_share:
            add(60 * (1 - open_share / s.targets.open_question_share) + 10, "open_up", texts.open_up)
        if self.reflections and complex_share < s.targets.complex_reflection_share:
            add(50 * (1 - complex_share / s.targets.complex_reflection_share) + 5, "deepen", texts.deepen)
        if self._issues["goal_early"].count:
            add(20, "goal_early", texts.goal_early)
        found.sort(key=lambda item: -item[0])
        return [step for _, step in found[:limit]]

    def strengths(self) -> list[str]:
        """What went well, in the rubric's words."""
        s, texts = self.rubric.scoring, self.rubric.feedback.strengths
        ratio, complex_share, open_share = self._shares()
        out: list[str] = []
        if self.reflections and ratio >= 1:
            out.append(fill(texts.reflections, {"n": str(self.reflections)}))
        if self.counts["reflection.complex"] and complex_share >= s.targets.complex_reflection_share:
            out.append(fill(texts.complex, {"n": str(self.counts["reflection.complex"])}))
        if self.counts["question.open"] and open_share >= s.targets.open_question_share:
            out.append(fill(texts.open, {"n": str(self.counts["question.open"])}))
        if self.goal_turn is not None:
            out.append(fill(texts.goal, {"n": str(self.goal_turn)}))
        adherent = sum(self.counts[k] for k in MI_ADHERENT)
        if adherent:
            out.append(fill(texts.adherent, {"n": str(adherent)}))
        if self.replies >= 3 and not (self.counts["judgement"] or self.counts["advice.unsolicited"]):
            out.append(texts.no_judgement)
        return out

    def result(self) -> SessionScore:
        """The session's score so far."""
        score = self.score()
        return SessionScore(self.metrics(), score, self.band(score), self.next_steps(), self.strengths())


def score_session(codings: Iterable[Coding], rubric: Rubric) -> SessionScore:
    """Score a whole session from its codings, numbered 1, 2, 3... in order."""
    scorer = Scorer(rubric)
    for turn, coding in enumerate(codings, start=1):
        scorer.add(turn, coding)
    return scorer.result()
