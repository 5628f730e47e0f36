"""Session scoring: MITI-style counts and ratios, a 0-100 score, a band, strengths and next steps.

The score is built so that no single habit carries a session: reflections count only beside
questions (and the other way round), and a goal must be elicited. Judgement, unsolicited advice
and lecturing scale the session's points down by the share of replies they fill, plus a small
cost per instance, so one repaired slip in a good session halves it rather than wiping it out,
and a session of telling ends near zero. A score never sits in a band whose other conditions the
session misses: it is capped just below that band. The scorer is incremental and keeps a fixed
amount of state, however long the session.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Iterable

from simulator.codes import CODES, EXPLORING, MI_ADHERENT, MI_NON_ADHERENT, QUESTIONS, REFLECTIONS
from simulator.rubric.coding import SCALE_RULE, Coding
from simulator.rubric.models import Band, Rubric
from simulator.rubric.templates import fill
from simulator.words import plural, times, where

#: Codes that tell rather than explore: a session made of them is a lecture.
_TELLING = frozenset({"information", "advice.unsolicited", "advice.permitted"})
#: What a reply after a slip does to repair it: says back what was heard, affirms, hands the
#: choice back, or asks before offering more.
_REPAIRS = REFLECTIONS | MI_ADHERENT | {"summary"}
#: Replies remembered per kind of issue (for next steps): enough to point at, constant memory.
EXAMPLES = 5
#: Replies this short or shorter can be a template; longer ones say something of their own.
FORMULA_WORDS = 10
#: Templates remembered per session (constant memory).
FORMULA_TEMPLATES = 200
#: What a formulaic reply does not earn: reflections, depth and open-question credit.
_FORMULA_CREDIT = REFLECTIONS | {"question.open", "summary"}
#: Words a reflective or open template is built of, beside the grammar's stopwords.
_FRAME_WORDS = frozenset({"it", "tell", "sounds", "seems", "feels", "feeling", "felt", "hear", "hearing",
                          "say", "said", "describe", "explain", "go", "on"})
#: Frame words of a guess at how something felt ("sounds hard", "seems tough"): a frame of one
#: word is enough to be a template.
_GUESS_WORDS = frozenset({"sounds", "sound", "seems", "seem", "feels"})
_WORDS = re.compile(r"[a-z][a-z']*")
#: Below this many replies the score is provisional: a live score moves a lot at first.
PROVISIONAL_REPLIES = 5


def _number(x: float) -> str:
    """A ratio as a trainee reads it: 2, 0.8, 1.25. Two places, as the measures beside it show
    the ratio: at one place 1.25 read "1.2" in a next step and "1.25" in the measures."""
    return f"{x:.2f}".rstrip("0").rstrip(".")


@dataclass
class NextStep:
    """Something to work on, tied to the replies (turn numbers) that show it."""

    text: str
    turns: list[int] = field(default_factory=list)
    rewrite: str | None = None

    @property
    def where(self) -> str:
        """The replies it points at, pluralised: ``reply 4``, ``replies 4, 7``."""
        return where(self.turns)

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
    #: What kept the session out of the next band up, e.g. "fair needs 1 reflection per question
    #: (0.8 so far)"; None at the top band.
    band_note: str | None = None
    #: Too few replies for the score to mean much yet (the app may show it greyed or hide it).
    provisional: bool = False

    def to_dict(self) -> dict:
        """JSON-ready form."""
        return {"metrics": self.metrics, "score": self.score, "band": self.band,
                "band_note": self.band_note, "provisional": self.provisional,
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
        #: Short replies that repeat a template already used twice (see :meth:`_formulaic`).
        self.formulaic = 0
        self._templates: dict[str, int] = {}
        self._function_words = frozenset(rubric.grammar.stopwords) | _FRAME_WORDS
        #: Closed questions that are closed by design: asking permission ("Would it be OK if I
        #: shared...?") or a scaling question ("On a scale of 0 to 10...?"). Asking is the skill,
        #: so they do not count against the share of open questions.
        self.closed_by_design = 0
        self.reflections = 0
        self.explored = 0
        self.telling = 0
        self.advised_only = 0   # unsolicited advice without judgement in the same reply
        # Slips the next reply repaired (it says back, affirms or hands the choice back).
        self.repaired = {"judgement": 0, "advice": 0}
        self._slip: str | None = None
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
        if self._formulaic(text if text is not None else coding.text):
            # The same short template a third time ("So you feel X.", "Tell me more."): it keeps
            # its codes, but earns no reflection, depth or open-question credit.
            self.formulaic += 1
            codes -= _FORMULA_CREDIT
            if coding.codes and set(coding.codes) & QUESTIONS and not codes & QUESTIONS:
                self.questions += 1  # still a question asked: it weighs against reflections
        for code in codes:
            if code in self.counts:
                self.counts[code] += 1
        asked = bool(codes & QUESTIONS)
        reflected = bool(codes & REFLECTIONS)
        if self._slip and not codes & MI_NON_ADHERENT and codes & _REPAIRS:
            self.repaired[self._slip] += 1
        self._slip = ("judgement" if "judgement" in codes
                      else "advice" if "advice.unsolicited" in codes else None)
        self.questions += asked
        self.reflections += reflected
        by_design = "question.closed" in codes and "question.open" not in codes and (
            "permission" in codes or any(ev.rule == SCALE_RULE for ev in coding.evidence))
        self.closed_by_design += by_design
        if codes & _TELLING and "question.open" not in codes and not codes & MI_NON_ADHERENT:
            # Telling with only a closed check or a reflection after it is still a lecture;
            # asking what the person makes of it (elicit-provide-elicit) is not. A reply that
            # advises unasked or judges is already costed as that.
            self.telling += 1
        rewrites = {ev.code: ev.rewrite for ev in reversed(coding.evidence) if ev.rewrite}
        if "judgement" in codes:
            self._issues["judgement"].note(turn, rewrites.get("judgement"))
        if "advice.unsolicited" in codes:
            self._issues["advice"].note(turn, rewrites.get("advice.unsolicited"))
            # One slip is one slip: a reply coded advice and judgement costs as a judgement.
            self.advised_only += "judgement" not in codes
        if asked and not reflected:
            self._issues["reflect_more"].note(turn)
        if "question.closed" in codes and "question.open" not in codes and not by_design:
            self._issues["open_up"].note(turn, rewrites.get("question.closed"))
        if "reflection.simple" in codes and "reflection.complex" not in codes:
            self._issues["deepen"].note(turn)
        if "goal" in codes and self.goal_turn is None:
            self.goal_turn = turn
            self.explored_before_goal = self.explored
            if self.explored < self.rubric.scoring.explore_before_goal:
                self._issues["goal_early"].note(turn)
        if codes & EXPLORING:
            self.explored += 1

    def _formulaic(self, text: str) -> bool:
        """Whether a short reply repeats, for the third time or more, a template of this session:
        its opening function words up to the first content word ("so you feel _", "_").
        Counts are kept for a bounded number of templates, so memory stays fixed."""
        words = _WORDS.findall((text or "").lower())
        if not words or len(words) > FORMULA_WORDS:
            return False
        shape: list[str] = []
        for word in words:
            if word not in self._function_words:
                shape.append("_")  # the frame ends at its first content word
                break
            shape.append(word)
        guess = [w for w in shape if w in _GUESS_WORDS]
        if guess:
            # "Sounds hard.", "That sounds tough.", "It sounds really hard.": one formula,
            # however the frame around its feeling word is worded.
            template = guess[0].rstrip("s")
        elif len(shape) - (shape[-1] == "_") < 2:
            return False  # no frame of two words or more: nothing to repeat
        else:
            template = " ".join(shape)
        seen = self._templates.get(template, 0)
        if seen or len(self._templates) < FORMULA_TEMPLATES:
            self._templates[template] = seen + 1
        return seen >= 2

    # -- the result ---------------------------------------------------------------------------
    def metrics(self) -> dict:
        """Counts and ratios (percentages 0-100; the ratio is reflections per question)."""
        c = self.counts
        q, r = self.questions, self.reflections
        open_q = c["question.open"]
        asked = open_q + c["question.closed"] - self.closed_by_design
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
            "formulaic": self.formulaic,
            "goal_elicited": self.goal_turn is not None,
            "goal_turn": self.goal_turn,
            "counts": dict(c),
        }

    def _shares(self) -> tuple[float, float, float]:
        c = self.counts
        asked = c["question.open"] + c["question.closed"] - self.closed_by_design
        reflections = c["reflection.simple"] + c["reflection.complex"]
        ratio = self.reflections / self.questions if self.questions else 0.0
        complex_share = c["reflection.complex"] / reflections if reflections else 0.0
        open_share = c["question.open"] / asked if asked else 0.0
        return ratio, complex_share, open_share

    def _points(self) -> float:
        """The positive points (0-100): balance, depth, open questions, goal, adherence, variety."""
        s = self.rubric.scoring
        w, t = s.weights, s.targets
        ratio, complex_share, open_share = self._shares()
        adherent = sum(self.counts[k] for k in MI_ADHERENT)
        goal = 0.0
        if self.goal_turn is not None:
            goal = 1.0 if self.explored_before_goal >= s.explore_before_goal else 0.5
        # Variety: reflections and open questions must both be there, in balance.
        both = min(self.reflections, self.counts["question.open"])
        variety = min(1.0, 2 * both / max(1, max(self.reflections, self.counts["question.open"])))
        return (w.reflection_ratio * min(1.0, ratio / t.reflection_question_ratio)
                + w.complex_share * min(1.0, complex_share / t.complex_reflection_share)
                + w.open_share * min(1.0, open_share / t.open_question_share)
                + w.goal * goal
                + w.adherent * min(1.0, adherent * 10 / self.replies / t.adherent_per_10_replies)
                + w.variety * variety)

    def raw_score(self) -> int:
        """The score before the band cap: the points, scaled down by the share of problem replies."""
        if not self.replies:
            return 0
        w = self.rubric.scoring.weights
        judged, advised = self.counts["judgement"], self.advised_only
        # A slip the next reply repaired costs less: the person was heard again at once.
        forgiven = w.repair_discount
        judged_share = judged - forgiven * self.repaired["judgement"]
        advised_share = advised - forgiven * self.repaired["advice"]
        # Each 10% of replies that judge (advise, lecture) takes that percentage of the points:
        # the whole session still counts, and a session of telling keeps almost nothing.
        lost = (w.judgement_penalty * judged_share + w.advice_penalty * advised_share
                + w.telling_penalty * self.telling) * 10 / self.replies / 100
        points = self._points() * max(0.0, 1.0 - lost)
        points -= w.judgement_each * judged + w.advice_each * advised
        return max(0, min(100, round(points)))

    def score(self) -> int:
        """The 0-100 score, capped just below the lowest band whose other conditions are missed."""
        return min(self.raw_score(), self._cap())

    def _ascending(self) -> list[tuple[str, Band]]:
        return sorted(self.rubric.scoring.bands.items(), key=lambda kv: kv[1].min_score)

    def _cap(self) -> int:
        for _name, band in self._ascending():
            if self._missed(band):
                return max(0, band.min_score - 1)
        return 100

    def band(self, score: int) -> str:
        """The highest band whose every condition the session meets."""
        for name, band in reversed(self._ascending()):
            if score >= band.min_score and not self._missed(band):
                return name
        return self.rubric.scoring.below

    def _missed(self, band: Band) -> list[str]:
        """The band's conditions (other than its score) the session misses, in a trainee's words."""
        ratio, complex_share, open_share = self._shares()
        out = []
        if self.replies < band.min_replies:
            out.append(f"at least {plural(band.min_replies, 'reply', 'replies')} "
                       f"({self.replies} so far)")
        if ratio < band.reflection_question_ratio:
            need = band.reflection_question_ratio
            out.append(f"{_number(need)} reflection{'' if need == 1 else 's'} per question "
                       f"({_number(ratio)} so far)")
        if complex_share < band.complex_reflection_share:
            out.append(f"{round(100 * band.complex_reflection_share)}% complex reflections "
                       f"({round(100 * complex_share)}% so far)")
        if open_share < band.open_question_share:
            out.append(f"{round(100 * band.open_question_share)}% open questions "
                       f"({round(100 * open_share)}% so far)")
        if self.counts["judgement"] > band.max_judgement:
            out.append(f"at most {plural(band.max_judgement, 'judgement')} "
                       f"({self.counts['judgement']} so far)")
        if self.counts["advice.unsolicited"] > band.max_unsolicited_advice:
            out.append(f"at most {plural(band.max_unsolicited_advice, 'piece')} of unsolicited advice "
                       f"({self.counts['advice.unsolicited']} so far)")
        if band.goal and self.goal_turn is None:
            out.append("a question about goals, importance, confidence or next steps")
        return out

    def band_note(self, score: int) -> str | None:
        """Why the session is not in the next band up: "fair needs ...", then the band after it
        named once ("then good: 2 reflections per question"); None at the top."""
        bands = self._ascending()
        for index, (name, band) in enumerate(bands):
            if band.min_score <= score and not self._missed(band):
                continue
            missed = self._missed(band) or [f"a score of {band.min_score}"]
            note = f"{name} needs {'; '.join(missed)}"
            if index + 1 < len(bands):
                after, above = bands[index + 1]
                need = above.reflection_question_ratio
                note += (f"; then {after}: a score of {above.min_score} and {_number(need)} "
                         f"reflection{'' if need == 1 else 's'} per question")
            return note
        return None

    def _aim(self) -> tuple[float, float, float]:
        """The targets of the band the session is aiming for (the lowest it has not reached;
        the rubric's own targets at the top): reflections per question, complex share, open
        share. Next steps and strengths use these, so a report asks for one target at a time
        ("fair needs 1 reflection per question" never sits beside "aim for 2")."""
        score = self.score()
        for _name, band in self._ascending():
            if band.min_score > score or self._missed(band):
                return (band.reflection_question_ratio, band.complex_reflection_share,
                        band.open_question_share)
        t = self.rubric.scoring.targets
        return t.reflection_question_ratio, t.complex_reflection_share, t.open_question_share

    def next_steps(self, limit: int = 3) -> list[NextStep]:
        """The most useful things to work on, most serious first, each tied to replies."""
        texts = self.rubric.feedback.next_steps
        ratio, complex_share, open_share = self._shares()
        aim_ratio, aim_complex, aim_open = self._aim()
        found: list[tuple[float, NextStep]] = []

        values = self._values()

        def add(weight: float, name: str, text: str) -> None:
            issue = self._issues.get(name, _Issue())
            found.append((weight, NextStep(
                fill(text, {**values, "n": str(issue.count),
                            "replies": plural(issue.count, "reply", "replies")}),
                list(issue.turns), issue.rewrite)))

        if self.counts["judgement"]:
            add(100 + self.counts["judgement"], "judgement", texts.judgement)
        if self.counts["advice.unsolicited"]:
            add(90 + self.counts["advice.unsolicited"], "advice", texts.advice)
        if self.replies >= 3 and self.goal_turn is None:
            found.append((80, NextStep(fill(texts.goal, values),
                                       [self._last_turn] if self._last_turn else [], texts.goal_example)))
        if self.questions and ratio < aim_ratio:
            add(70 * (1 - ratio / aim_ratio) + 10, "reflect_more", texts.reflect_more)
        if self.questions and open_share < aim_open:
            add(60 * (1 - open_share / aim_open) + 10, "open_up", texts.open_up)
        if self.reflections and complex_share < aim_complex:
            add(50 * (1 - complex_share / aim_complex) + 5, "deepen", texts.deepen)
        if self._issues["goal_early"].count:
            add(20, "goal_early", texts.goal_early)
        found.sort(key=lambda item: -item[0])
        return _first_rewrites([step for _, step in found[:limit]])

    def _values(self) -> dict[str, str]:
        """What feedback templates may name: the targets and where the session stands."""
        ratio, _, _ = self._shares()
        aim_ratio, aim_complex, aim_open = self._aim()
        return {"ratio": _number(ratio), "target": _number(aim_ratio),
                "complex_target": f"{round(100 * aim_complex)}%",
                "open_target": f"{round(100 * aim_open)}%"}

    def strengths(self) -> list[str]:
        """What went well, in the rubric's words; each uses the same target as its next step,
        so a strength never contradicts one."""
        texts = self.rubric.feedback.strengths
        ratio, complex_share, open_share = self._shares()
        aim_ratio, aim_complex, aim_open = self._aim()
        values = self._values()
        out: list[str] = []

        def add(text: str, n: int) -> None:
            out.append(fill(text, {**values, "n": str(n), "times": times(n),
                                   "replies": plural(n, "reply", "replies")}))

        if self.reflections and ratio >= aim_ratio:
            add(texts.reflections, self.reflections)
        if self.counts["reflection.complex"] and complex_share >= aim_complex:
            add(texts.complex, self.counts["reflection.complex"])
        if self.counts["question.open"] and open_share >= aim_open:
            add(texts.open, self.counts["question.open"])
        if self.goal_turn is not None:
            add(texts.goal, self.goal_turn)
        adherent = sum(self.counts[k] for k in MI_ADHERENT)
        if adherent:
            add(texts.adherent, adherent)
        if self.replies >= 3 and not (self.counts["judgement"] or self.counts["advice.unsolicited"]):
            out.append(texts.no_judgement)
        return out

    def result(self) -> SessionScore:
        """The session's score so far."""
        score = self.score()
        band = self.band(score)
        return SessionScore(self.metrics(), score, band, self.next_steps(), self.strengths(),
                            self.band_note(score), self.replies < PROVISIONAL_REPLIES)


def _first_rewrites(steps: list[NextStep]) -> list[NextStep]:
    """Each rewrite shown once, under the first (most serious) step that offers it: one reply
    that both judges and advises gave the same rewrite under two steps."""
    seen: set[str] = set()
    out = []
    for step in steps:
        if step.rewrite and step.rewrite in seen:
            step = replace(step, rewrite=None)
        if step.rewrite:
            seen.add(step.rewrite)
        out.append(step)
    return out


def score_session(codings: Iterable[Coding], rubric: Rubric) -> SessionScore:
    """Score a whole session from its codings, numbered 1, 2, 3... in order."""
    scorer = Scorer(rubric)
    for turn, coding in enumerate(codings, start=1):
        scorer.add(turn, coding)
    return scorer.result()
