"""The simulated patient: a scenario's state machine, its variables, and how it picks a line.

Each coach reply runs the steps of docs/scenario-language.md ("What happens on each coach
reply"): counters, effects, topic, transition, ending, line. The state machine is a
``transitions.Machine`` whose guards are Python callables built here from the parsed scenario,
so nothing from YAML ever reaches the library as a string callback. Everything that can be
worked out before the conversation (effect tables, topic matchers, guards) is, at construction.
"""
from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from typing import Callable, Collection, Iterable, Sequence

from rapidfuzz import fuzz, process
from transitions import Machine

from simulator.conditions import Condition
from simulator.scenario.load import LoadedScenario
from simulator.scenario.models import Scenario, State, Transition

#: Codes that count as exploring the person's view (the ``explored`` counter; they also end a
#: run of closed questions).
EXPLORING = frozenset({"question.open", "reflection.simple", "reflection.complex", "summary"})
#: Replies after which a hidden concern may come out.
INVITING = EXPLORING | {"affirmation"}
#: Problem reactions, in the order they win, with the code that triggers each.
PROBLEM_REACTIONS = (("judged", "judgement"), ("lectured", "advice.unsolicited"))
#: Warm reactions, in the order they win, with the code that triggers each.
WARM_REACTIONS = (("permission_asked", "permission"), ("goal_asked", "goal"), ("affirmed", "affirmation"))
#: A run of this many closed questions draws the ``closed_questions`` reaction.
CLOSED_RUN = 3

TRIGGER = "respond"


class SessionOver(RuntimeError):
    """``react`` was called after the conversation ended."""


@dataclass(frozen=True)
class PatientTurn:
    """What the person said on one turn, and where the conversation stands after it."""

    turn: int                     # 0 for the opening line, then 1, 2, ... per coach reply
    line: str
    state: str
    state_description: str
    variables: dict[str, float]   # a copy, after this turn
    source: str                   # "opening" | "state" | "reaction:<name>" | "topic:<id>" | "concern:<id>"
    ended: str | None             # None | "goal_agreed" | "disengaged" | "turn_limit"
    transition: tuple[str, str] | None  # (from, to) when the state changed


_WORD = re.compile(r"[^\W_]+")
_APOSTROPHES = str.maketrans("", "", "'\u2019")


@dataclass
class Words:
    """A reply normalised once (lowercase, no punctuation) with its word n-grams cached."""

    words: tuple[str, ...]
    _ngrams: dict[int, list[str]] = field(default_factory=dict)

    def ngrams(self, size: int) -> list[str]:
        """Every run of ``size`` consecutive words, joined by single spaces."""
        found = self._ngrams.get(size)
        if found is None:
            w = self.words
            found = self._ngrams[size] = [" ".join(w[i:i + size]) for i in range(len(w) - size + 1)]
        return found


def normalise(text: str) -> Words:
    """Lowercase, drop apostrophes ("don't" -> "dont"), and split on anything not a letter or digit."""
    return Words(tuple(_WORD.findall(text.lower().translate(_APOSTROPHES))))


def _cutoff(phrase: str) -> float:
    # Short words must match exactly ("ok" is not "oh"); longer ones forgive a typo or a
    # plural ("medicaton", "tablet"), not a different word ("walk" vs "talk" scores 75).
    if len(phrase) <= 3:
        return 100
    return 88 if len(phrase) <= 5 else 85


class PhraseMatcher:
    """Finds any of a topic's phrases in a reply as whole words, tolerating small typos.

    Each phrase is compared with the reply's runs of as many words (never with part of a
    word), so "ok" does not match inside "took".
    """

    def __init__(self, phrases: Iterable[str]) -> None:
        self.phrases: list[tuple[int, str, float]] = []
        for phrase in phrases:
            words = normalise(phrase).words
            if words:
                joined = " ".join(words)
                self.phrases.append((len(words), joined, _cutoff(joined)))

    def find(self, reply: Words) -> tuple[int, int] | None:
        """The ``[start, end)`` word span of the first phrase found in ``reply``, or ``None``."""
        for size, phrase, cutoff in self.phrases:
            grams = reply.ngrams(size)
            if not grams:
                continue
            if phrase in grams:
                start = grams.index(phrase)
                return start, start + size
            if cutoff < 100:
                best = process.extractOne(phrase, grams, scorer=fuzz.ratio, processor=None,
                                          score_cutoff=cutoff)
                if best is not None:
                    return best[2], best[2] + size
        return None


class LinePool:
    """Lines drawn in a shuffled order without repeats until the pool runs out, then
    reshuffled so that the first line of the new round is not the last of the old one."""

    def __init__(self, lines: Sequence[str], rng: random.Random) -> None:
        self.lines = tuple(lines)
        self._rng = rng
        self._queue: list[str] = []   # drawn from the end
        self._last: str | None = None

    def draw(self, avoid: str | None = None) -> str:
        """The next line; not ``avoid`` (the line said just before) when the pool can help it."""
        if not self._queue:
            self._queue = list(self.lines)
            self._rng.shuffle(self._queue)
            if len(self._queue) > 1 and self._queue[-1] == self._last:
                self._queue[-1], self._queue[0] = self._queue[0], self._queue[-1]
        if avoid is not None and self._queue[-1] == avoid and len(self._queue) > 1:
            self._queue[-1], self._queue[-2] = self._queue[-2], self._queue[-1]
        self._last = self._queue.pop()
        return self._last


@dataclass(frozen=True)
class _CompiledTopic:
    id: str
    matcher: PhraseMatcher
    when: Condition | None
    effects: tuple[tuple[str, float], ...]
    pool: LinePool


@dataclass(frozen=True)
class _CompiledConcern:
    id: str
    when: Condition
    effects: tuple[tuple[str, float], ...]
    pool: LinePool


class _CompiledState:
    """A state's effect table, topics and line pools, ready for a turn."""

    def __init__(self, name: str, state: State, scenario: Scenario, loaded: LoadedScenario,
                 rng: random.Random, fallback: dict[str, LinePool]) -> None:
        self.name = name
        self.description = state.description
        table = {code: changes for code, changes in scenario.effects.items()}
        table.update(state.effects)  # a state's entry replaces the scenario's for that code
        self.effects = {code: tuple(changes.items()) for code, changes in table.items()}
        self.lines = LinePool(state.lines, rng)
        self.reactions = dict(fallback)
        self.reactions.update({k: LinePool(v, rng) for k, v in state.reactions.items() if v})
        self.topics = tuple(
            _CompiledTopic(t.id, PhraseMatcher(t.match), loaded.condition(t.when),
                           tuple(t.effects.items()), LinePool(t.lines, rng))
            for t in state.topics)


class _Model:
    """What the machine drives: only its ``state`` (kept apart so no Persona name can clash)."""

    state: str


def _guard(on: frozenset[str], when: Condition | None) -> Callable[[object], bool]:
    """A transition guard: the reply carries one of ``on`` (or ``on`` is empty) and ``when`` holds."""
    def guard(event) -> bool:
        kwargs = event.kwargs
        if on and on.isdisjoint(kwargs["codes"]):
            return False
        return when is None or when(kwargs["env"])
    # Named by its condition so diagrams (and tracebacks) show what it tests.
    guard.__name__ = when.text if when is not None else "any"
    return guard


def machine_transitions(loaded: LoadedScenario) -> list[dict]:
    """The scenario's transitions as ``transitions`` definitions with Python guards, in order."""
    result = []
    for t in loaded.scenario.transitions:
        result.append({
            "trigger": TRIGGER,
            "source": t.source,
            "dest": t.to,
            "conditions": [_guard(frozenset(t.on), loaded.condition(t.when))],
        })
    return result


class Persona:
    """The patient in one conversation; deterministic for a scenario and a seed."""

    def __init__(self, loaded: LoadedScenario, seed: int = 0) -> None:
        scenario = loaded.scenario
        self.loaded = loaded
        self.seed = seed
        self._rng = random.Random(seed)
        rng = self._rng
        self._ranges = {name: (v.min, v.max) for name, v in scenario.variables.items()}
        self.variables: dict[str, float] = {name: float(v.start) for name, v in scenario.variables.items()}
        self.counters: dict[str, int] = {"turn": 0, "closed_streak": 0, "judged": 0,
                                         "advised": 0, "explored": 0}
        fallback = {k: LinePool(v, rng) for k, v in scenario.reactions.items() if v}
        self._states = {name: _CompiledState(name, s, scenario, loaded, rng, fallback)
                        for name, s in scenario.states.items()}
        self._concerns = tuple(
            _CompiledConcern(c.id, loaded.condition(c.when), tuple(c.effects.items()),
                             LinePool(c.lines, rng))
            for c in scenario.persona.hidden_concerns)
        self._opening = LinePool(scenario.opening, rng)
        self._goal_states = frozenset(scenario.endings.goal_agreed)
        self._gone_states = frozenset(scenario.endings.disengaged)
        self._turn_limit = scenario.endings.turn_limit
        self._model = _Model()
        self._machine = Machine(
            model=self._model, states=list(scenario.states), initial=scenario.start,
            transitions=machine_transitions(loaded), auto_transitions=False, send_event=True,
            ignore_invalid_triggers=True)
        self._respond = getattr(self._model, TRIGGER)
        self.ended: str | None = None
        self.said: set[str] = set()
        self.history: list[PatientTurn] = []
        self._last_line: str | None = None

    @property
    def state(self) -> str:
        """The current state's name."""
        return self._model.state

    def open(self) -> PatientTurn:
        """The person's opening line (turn 0). Call once, before any :meth:`react`."""
        if self.history:
            raise RuntimeError("open() was already called for this persona")
        return self._say(self._opening, "opening", None)

    def react(self, codes: Collection[str], text: str = "") -> PatientTurn:
        """Answer one coach reply, given its rubric codes and (for topics) its words."""
        if not self.history:
            raise RuntimeError("call open() for the opening line before react()")
        if self.ended is not None:
            raise SessionOver(f"the conversation has ended ({self.ended.replace('_', ' ')}); "
                              "start a new persona to practise again")
        codes = frozenset(codes)
        counters = self.counters
        # 1. Counters.
        counters["turn"] += 1
        if not codes.isdisjoint(EXPLORING):
            counters["closed_streak"] = 0
            counters["explored"] += 1
        elif "question.closed" in codes:
            counters["closed_streak"] += 1
        if "judgement" in codes:
            counters["judged"] += 1
        if "advice.unsolicited" in codes:
            counters["advised"] += 1
        # 2. Effects of the state we are in.
        here = self._states[self.state]
        for code in codes:
            changes = here.effects.get(code)
            if changes:
                self._add(changes)
        # 3. Topic: the first whose phrase is in the reply and whose condition holds.
        topic = self._raised_topic(here, text) if text and here.topics else None
        if topic is not None:
            self._add(topic.effects)
        # 4. Transition: transitions fires the first (in YAML order) whose guard passes.
        before = self.state
        self._respond(codes=codes, env=self._env())
        now = self.state
        entered = now != before
        # 5. Ending.
        if now in self._goal_states:
            self.ended = "goal_agreed"
        elif now in self._gone_states:
            self.ended = "disengaged"
        elif counters["turn"] >= self._turn_limit:
            self.ended = "turn_limit"
        # 6. The line.
        state = self._states[now]
        transition = (before, now) if entered else None
        reaction = self._problem_reaction(state, codes)
        if reaction is not None:
            return self._say(state.reactions[reaction], f"reaction:{reaction}", transition)
        if entered:
            return self._say(state.lines, "state", transition)
        if not codes.isdisjoint(INVITING):
            env = self._env()
            for concern in self._concerns:
                if concern.id not in self.said and concern.when(env):
                    self._add(concern.effects)
                    self.said.add(concern.id)
                    return self._say(concern.pool, f"concern:{concern.id}", transition)
        if topic is not None:
            self.said.add(topic.id)
            return self._say(topic.pool, f"topic:{topic.id}", transition)
        for name, code in WARM_REACTIONS:
            if code in codes and name in state.reactions:
                return self._say(state.reactions[name], f"reaction:{name}", transition)
        return self._say(state.lines, "state", transition)

    def _env(self) -> dict[str, float]:
        return {**self.variables, **self.counters}

    def _add(self, changes: tuple[tuple[str, float], ...]) -> None:
        variables, ranges = self.variables, self._ranges
        for name, delta in changes:
            low, high = ranges[name]
            variables[name] = min(high, max(low, variables[name] + delta))

    def _raised_topic(self, state: _CompiledState, text: str) -> _CompiledTopic | None:
        words = normalise(text)
        if not words.words:
            return None
        env = None
        for topic in state.topics:
            if topic.when is not None:
                env = env or self._env()
                if not topic.when(env):
                    continue
            if topic.matcher.find(words) is not None:
                return topic
        return None

    def _problem_reaction(self, state: _CompiledState, codes: frozenset[str]) -> str | None:
        for name, code in PROBLEM_REACTIONS:
            if code in codes and name in state.reactions:
                return name
        if self.counters["closed_streak"] >= CLOSED_RUN and "closed_questions" in state.reactions:
            return "closed_questions"
        return None

    def _say(self, pool: LinePool, source: str, transition: tuple[str, str] | None) -> PatientTurn:
        line = pool.draw(avoid=self._last_line)
        self._last_line = line
        state = self.state
        turn = PatientTurn(
            turn=len(self.history), line=line, state=state,
            state_description=self._states[state].description,
            variables=dict(self.variables), source=source, ended=self.ended,
            transition=transition)
        self.history.append(turn)
        return turn
