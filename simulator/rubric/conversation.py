"""A conversation: the context the coder needs across turns, and the hint for a next move.

Reflections are judged against the person's last turn, and advice is permitted only when the
person asked for it or agreed to hear it, so both depend on what came before.
"""
from __future__ import annotations

import re

from rapidfuzz import fuzz

from simulator.codes import CODES, EXPLORING, REFLECTIONS
from simulator.rubric.coder import Coder
from simulator.rubric.coding import Coding, Context, Evidence
from simulator.rubric.templates import fill, flip_pronouns

#: The person's turns whose words a reflection may pick up.
RECENT_TURNS = 3
#: Coach replies for which a "yes" to a permission question still covers advice.
PERMISSION_TURNS = 2
#: A row that ends a sentence: the next row of the same speaker starts a new one.
_FINISHED = re.compile(r"[.?!][\"')\]]*\s*$")
#: How much of an unfinished row is carried into the next (bounded work per row).
_CARRIED = 300
#: A reply that stops mid-sentence, as a transcript marks a speaker cut off ("and you're-").
_CUT_OFF = re.compile(r"[\w,]\s*-+\s*$")


class Conversation:
    """Feed it the person's turns (``patient``) and the coach's (``coach``) in order."""

    def __init__(self, coder: Coder) -> None:
        self.coder = coder
        self.last_patient = ""
        self._patient_words: frozenset[str] = frozenset()
        self._recent: tuple[frozenset[str], ...] = ()
        self._said = ""
        self._reflection_cut = False
        self._other_cut = False
        #: The coach's last row when it ended without a full stop and nobody spoke since.
        self._unfinished = ""
        self._asked_permission = False
        self.permission_turns = 0
        self.advice_requested = False
        #: The person's last turn asked the coach a question (cleared once the coach replies).
        self.person_asked = False
        self.turns = 0
        self.since_reflection = 0
        self.closed_streak = 0
        self.explored = 0
        self.goal_turn: int | None = None
        self.last_codes: tuple[str, ...] = ()
        self.last_reply = ""

    @property
    def permission_granted(self) -> bool:
        """Whether the person has just agreed to hear the coach's ideas."""
        return self.permission_turns > 0

    def patient(self, text: str) -> None:
        """Record what the person said (the context for the next coach reply)."""
        text = text or ""
        norm, words, asks, answer, questions = self.coder.read_patient(text)
        # A bare "mm-hmm" between two coach turns keeps the person's last real words in view.
        if words or not self.last_patient:
            self.last_patient = text
            self._said = norm
            # A reflection may pick up words from the last few turns, not only the last one.
            self._recent = (*self._recent[-(RECENT_TURNS - 1):], words)
            self._patient_words = frozenset().union(*self._recent)
        self.advice_requested = asks
        self.person_asked = questions
        self._unfinished = ""
        if self._asked_permission:
            self.permission_turns = PERMISSION_TURNS if answer else 0
        self._asked_permission = False

    def coach(self, text: str) -> Coding:
        """Code the coach's reply in context and remember it."""
        context = Context(self.last_patient, self.permission_granted, self.advice_requested,
                          self._patient_words, said=self._said, reflection_cut=self._reflection_cut,
                          other_cut=self._other_cut, person_asked=self.person_asked)
        text = text or ""
        before = self._unfinished
        if before:
            # The same speaker's turn cut into two rows ("and how" / "do you feel about that"):
            # read as one for context; this row keeps the codes of what ends in it.
            joined = f"{before} {text}"
            coding = _row_part(self.coder.code_in(joined, context), len(joined) - len(text), text)
        else:
            coding = self.coder.code_in(text, context)
        self._unfinished = text[-_CARRIED:] if text.strip() and not _FINISHED.search(text) else ""
        # Only a row ending in a dash can be cut off: the search tries every place in the row.
        cut = text.rstrip().endswith("-") and _CUT_OFF.search(text) is not None
        self._reflection_cut = cut and bool(set(coding.codes) & REFLECTIONS)
        self._other_cut = cut and bool(coding.codes) and not set(coding.codes) & REFLECTIONS
        self.record(coding)
        return coding

    def record(self, coding: Coding) -> None:
        """Remember a coach reply coded elsewhere (codes given directly, replays)."""
        self.turns += 1
        codes = set(coding.codes)
        self.last_codes = coding.codes
        self.last_reply = coding.text
        self.since_reflection = 0 if codes & (REFLECTIONS | {"summary"}) else self.since_reflection + 1
        if "question.closed" in codes and not codes & ({"question.open"} | REFLECTIONS):
            self.closed_streak += 1
        elif codes & ({"question.open"} | REFLECTIONS):
            self.closed_streak = 0
        if codes & EXPLORING:
            self.explored += 1
        if "goal" in codes and self.goal_turn is None:
            self.goal_turn = self.turns
        self._asked_permission = "permission" in codes
        self.permission_turns = max(0, self.permission_turns - 1)
        self.advice_requested = self.person_asked = False

    def hint(self) -> str:
        """A hint for a better next move, from the rubric's hint templates and this conversation."""
        return suggest(self.coder, self)

def _row_part(whole: Coding, offset: int, text: str) -> "Coding":
    """The codes of the part of a joined turn from ``offset`` on: what ends in this row."""
    kept = []
    for ev in whole.evidence:
        if ev.end <= offset:
            continue  # said in the row before, and coded there
        start, end = max(0, ev.start - offset), ev.end - offset
        kept.append(Evidence(ev.code, start, end, ev.rule, text[start:end], ev.feedback, ev.rewrite))
    codes = tuple(c for c in CODES if any(ev.code == c for ev in kept))
    return Coding(text, codes, tuple(kept))


def suggest(coder: Coder, conv: Conversation) -> str:
    """A hint for the next move: the most pressing of the rubric's hint templates that does not
    suggest what the coach has just said (after "What would make today worth it for you?" the
    person's answer is there to reflect, not another question like it)."""
    hints = coder.rubric.hints
    said = _heard(conv.last_patient)
    stem = f"So {said}..." if said else "So what matters to you is..."
    values = {"stem": stem, "patient": stem, "rest": "", "clause": "", "gerund": "", "sentence": ""}
    asked = conv.last_reply.rstrip().endswith("?") or "question.open" in conv.last_codes
    candidates = []
    if conv.turns == 0 and not conv.advice_requested:
        candidates.append(hints.opening)  # nothing to reflect yet: open the conversation
    if "judgement" in conv.last_codes:
        candidates.append(hints.repair)
    if conv.advice_requested:
        candidates.append(hints.advice_asked)
    if conv.closed_streak >= 2:
        candidates.append(hints.open)
    # The person has just answered a question: what they said is there to be said back.
    if said and (conv.since_reflection >= 2 or asked):
        candidates.append(hints.reflect)
    if conv.goal_turn is None and conv.explored >= coder.rubric.scoring.explore_before_goal + 1:
        candidates.append(hints.scale)
    if conv.explored >= 8 and "summary" not in conv.last_codes:
        candidates.append(hints.summary)
    candidates += [hints.default, hints.summary]
    filled = [fill(template, values) for template in candidates]
    fresh = [text for text in filled if not _repeats(text, conv.last_reply)]
    return (fresh or filled)[0]


#: How alike (0-100) a hint's example and the reply just sent may be before it counts as the same.
SAME_REPLY = 70


def _repeats(hint: str, reply: str) -> bool:
    """Whether an example the hint quotes is, near enough, the reply just sent."""
    if not reply.strip():
        return False
    examples = re.findall(r"\"([^\"]+)\"", hint)
    return any(fuzz.ratio(example.lower(), reply.lower()) >= SAME_REPLY for example in examples)


_LEAD = re.compile(r"^(?:(?:so|and|but|well|um|erm|er|uh|oh|okay|ok|yeah|right|like)\b[\s,.-]*)+",
                   re.IGNORECASE)


def _heard(text: str) -> str:
    """The person's last statement said back ("I've tried" -> "you've tried"), without the
    "so"/"well" it opened with; empty when they only asked a question (a question is not
    something to reflect)."""
    statements = [s for s in re.split(r"(?<=[.!?])\s+", " ".join(text.split())) if s and not s.endswith("?")]
    if not statements:
        return ""
    return _LEAD.sub("", flip_pronouns(statements[-1])).strip()
