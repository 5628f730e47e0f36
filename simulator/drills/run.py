"""Run a drill: take answers one at a time, code each with the real rubric, score the items.

A single-reply item is coded in the context of what the person said. A conversation item plays
its scenario through :class:`~simulator.session.Session`, exactly as the practice app does, and
ends as soon as everything required has happened, the conversation ends, or the replies run out.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Callable, Iterable

from simulator.codes import EXPLORING
from simulator.drills.load import scenario_path
from simulator.drills.models import Drill, Item
from simulator.rubric import Coder, Coding, Conversation, Evidence, load_rubric
from simulator.scenario import load_scenario
from simulator.session import Session
from simulator.store import DrillOutcome


class TimeUp(RuntimeError):
    """An answer came after the drill's time limit."""


@dataclass(frozen=True)
class Fired:
    """A forbidden code that an answer carried, with the rubric's evidence for it."""

    code: str
    reply: int  # 1-based reply within the item
    evidence: tuple[Evidence, ...]


@dataclass(frozen=True)
class ItemResult:
    """How one item went."""

    item: Item
    answers: tuple[str, ...]
    codings: tuple[Coding, ...]
    patient_lines: tuple[str, ...]
    missing: tuple[str, ...]
    #: ``require_any`` when none of its codes came up, else empty.
    missing_any: tuple[str, ...]
    fired: tuple[Fired, ...]
    points: float  # 0 to 1
    goal_state: bool = False
    #: The item's topic words, when the answer touched none of them (see :func:`topic_words`).
    off_topic: tuple[str, ...] = ()

    @property
    def answered(self) -> bool:
        return bool(self.answers)

    @property
    def passed(self) -> bool:
        return self.answered and not (self.missing or self.missing_any or self.fired
                                      or self.off_topic)


@dataclass(frozen=True)
class Answer:
    """What one answer did: its coding, the person's reply in a conversation, and the item's
    result once the item is over."""

    item: Item
    coding: Coding
    patient: str | None
    result: ItemResult | None


@dataclass(frozen=True)
class DrillResult:
    """The whole drill: per-item results and the score out of 100."""

    drill: Drill
    results: tuple[ItemResult, ...]
    #: Out of 100, over the items answered (a skipped item is not a wrong one).
    score: int
    seconds: float | None

    @property
    def answered(self) -> int:
        """Items with at least one answer."""
        return sum(1 for r in self.results if r.answered)

    @property
    def skipped(self) -> int:
        """Items skipped or not reached."""
        return len(self.results) - self.answered

    @property
    def passed(self) -> bool:
        """At the pass mark with every item answered: skipping cannot pass a drill."""
        return self.score >= self.drill.scoring.pass_mark and not self.skipped

    def outcome(self, trainee: str | None, time_up: bool = False) -> DrillOutcome:
        """What the store keeps of it: score and items, not the answers' words."""
        seconds = None if self.seconds is None else round(self.seconds, 1)
        return DrillOutcome(self.drill.id, self.drill.title, self.drill.skill, trainee, self.score,
                            self.passed, len(self.results), sum(r.passed for r in self.results),
                            seconds, time_up)


class ItemPlay:
    """One item in progress: answers go in one at a time until it is over."""

    def __init__(self, drill: Drill, item: Item, coder: Coder) -> None:
        self.drill = drill
        self.item = item
        self.coder = coder
        self.answers: list[str] = []
        self.codings: list[Coding] = []
        self.patient_lines: list[str] = []
        self.session: Session | None = None
        self.topics = topic_words(item, coder)
        if item.conversation:
            loaded = load_scenario(scenario_path(drill, item.scenario))
            self.session = Session(loaded, rubric=coder.rubric, coder=coder, seed=item.seed)
            self.patient_lines.append(self.session.opening.line)
        else:
            self._conversation = Conversation(coder)
            if item.patient:
                self._conversation.patient(item.patient)
        self.done = False

    def answer(self, text: str) -> tuple[Coding, str | None]:
        """Code one answer; return its coding and, in a conversation, the person's reply."""
        if self.done:
            raise RuntimeError("this item is over")
        self.answers.append(text)
        if self.session is None:
            coding = self._conversation.coach(text)
            self.codings.append(coding)
            self.done = True
            return coding, None
        turn = self.session.submit(text)
        self.codings.append(turn.coding)
        self.patient_lines.append(turn.patient.line)
        self.done = (self._met() or self.session.ended is not None
                     or len(self.answers) >= self.item.replies)
        return turn.coding, turn.patient.line

    def _goal_state(self) -> bool:
        return self.session is not None and self.session.ended == "goal_agreed"

    def _coded(self) -> set[str]:
        coded = {code for coding in self.codings for code in coding.codes}
        if self._goal_state():
            coded.add("goal")  # reaching the persona's goal state is the goal, whatever the codes
        return coded

    def _missing(self) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """Required codes not yet coded, and the any-of group if none of it was."""
        coded = self._coded()
        missing = tuple(code for code in self.item.require if code not in coded)
        group = self.item.require_any
        return missing, (() if coded.intersection(group) or not group else tuple(group))

    def _met(self) -> bool:
        missing, missing_any = self._missing()
        return not missing and not missing_any

    def result(self) -> ItemResult:
        """Score the item as it stands (unanswered items score nothing)."""
        item = self.item
        fired = tuple(
            Fired(code, index, tuple(e for e in coding.evidence if e.code == code))
            for index, coding in enumerate(self.codings, start=1)
            for code in item.forbid if coding.has(code))
        missing, missing_any = self._missing()
        off_topic = self._off_topic()
        points = (_points(item, len(missing) + bool(missing_any) + bool(off_topic), fired,
                          self.drill.scoring.partial_credit, bool(self.topics))
                  if self.answers else 0.0)
        return ItemResult(item, tuple(self.answers), tuple(self.codings),
                          tuple(self.patient_lines), missing, missing_any, fired, points,
                          self._goal_state(), off_topic)

    def _off_topic(self) -> tuple[str, ...]:
        """The topic words, when an answer was given and touched none of them."""
        if not self.topics or not self.answers:
            return ()
        said = set().union(*(self.coder.patient_words(a) for a in self.answers))
        touched = any(_same_word(topic, word) for topic in
                      set().union(*(self.coder.patient_words(w) for w in self.topics))
                      for word in said)
        return () if touched else self.topics


def _points(item: Item, unmet: int, fired: tuple[Fired, ...], partial: bool,
            has_topic: bool) -> float:
    """1 for a clean item; with partial credit, the share of conditions met."""
    broken = unmet + len({f.code for f in fired})
    if not partial:
        return 0.0 if broken else 1.0
    total = len(item.require) + bool(item.require_any) + len(item.forbid) + has_topic
    return (total - broken) / total


def _same_word(a: str, b: str) -> bool:
    """Two stems of one word ("lectur" and "lecture"): the stemmer is crude, so five shared
    letters are enough."""
    return a == b or (min(len(a), len(b)) >= 5 and a[:5] == b[:5])


#: Topic words shown for an item (the check uses them all).
TOPIC_SHOWN = 4


def topic_words(item: Item, coder: Coder) -> tuple[str, ...]:
    """What a one-reply item's answer must stay on: the person's own content words (or the
    reply's, when there is no person's line), as they wrote them.

    Only for items that ask for an open question or a reflection: those must be about what
    the person said, and an answer about exercise must not pass an item about evening tablets.
    A goal question ("what might a first step be?") rightly leaves the topic unnamed.
    """
    wanted = set(item.require) | set(item.require_any)
    if item.conversation or not wanted & EXPLORING:
        return ()
    source = item.patient or item.reply or ""
    words: dict[str, str] = {}
    for word in source.replace("\u2019", "'").split():
        word = word.strip(".,;:!?\"'()").lower()
        stems = coder.patient_words(word)
        if stems and not stems <= set(words):
            words[next(iter(stems))] = word
    return tuple(words.values())


class DrillRun:
    """A drill in progress. ``answer`` takes the trainee's replies in order; ``finish`` scores.

    With a ``clock`` (e.g. ``time.monotonic``) the time limit applies: an answer after it raises
    :class:`TimeUp`. Without one (answers from a file) time is not kept.
    """

    def __init__(self, drill: Drill, coder: "Coder | None" = None,
                 clock: Callable[[], float] | None = None) -> None:
        self.drill = drill
        self.coder = coder or coder_for(drill.rubric)
        self._clock = clock
        self._started = clock() if clock else None
        self._results: list[ItemResult] = []
        self._play: ItemPlay | None = None
        self._next()

    def _next(self) -> None:
        index = len(self._results)
        self._play = (ItemPlay(self.drill, self.drill.items[index], self.coder)
                      if index < len(self.drill.items) else None)

    @property
    def current(self) -> ItemPlay | None:
        """The item waiting for an answer, or ``None`` when all are done."""
        return self._play

    @property
    def results(self) -> tuple[ItemResult, ...]:
        """The items finished so far."""
        return tuple(self._results)

    @property
    def elapsed(self) -> float | None:
        return None if self._clock is None else self._clock() - self._started

    @property
    def remaining(self) -> float | None:
        """Seconds left, or ``None`` when time is not kept."""
        elapsed = self.elapsed
        return None if elapsed is None else max(0.0, self.drill.time_limit - elapsed)

    def answer(self, text: str) -> Answer:
        """Code one answer to the current item; the result is set when the item is over."""
        play = self._play
        if play is None:
            raise RuntimeError("the drill is over; every item has been answered")
        if self.remaining == 0.0:
            raise TimeUp(f"the time limit of {self.drill.time_limit} seconds has passed")
        coding, patient = play.answer(text)
        result = None
        if play.done:
            result = play.result()
            self._results.append(result)
            self._next()
        return Answer(play.item, coding, patient, result)

    def skip(self) -> ItemResult:
        """Give up the current item (or the rest of a conversation) and move on."""
        play = self._play
        if play is None:
            raise RuntimeError("the drill is over; every item has been answered")
        result = play.result()
        self._results.append(result)
        self._next()
        return result

    def finish(self) -> DrillResult:
        """Score the drill on the items answered; skipped and unreached ones are counted
        beside the score, not as zeros (one clean item of twelve read "Score 8/100")."""
        while self._play is not None:
            self.skip()
        answered = [r for r in self._results if r.answered]
        score = round(100 * sum(r.points for r in answered) / len(answered)) if answered else 0
        return DrillResult(self.drill, tuple(self._results), score, self.elapsed)


def run_answers(drill: Drill, answers: Iterable[str], coder: "Coder | None" = None) -> DrillResult:
    """Run a drill over answers given in advance; an empty answer skips its item."""
    run = DrillRun(drill, coder)
    for text in answers:
        if run.current is None:
            break
        if text.strip():
            run.answer(text)
        else:
            run.skip()
    return run.finish()


@functools.lru_cache(maxsize=8)
def coder_for(rubric: str) -> Coder:
    """A compiled coder per rubric name, shared by every drill that uses it in this process."""
    return Coder(load_rubric(rubric))
