"""The simulated patient: a scenario's state machine, its variables, and how it picks a line.

Each coach reply runs the steps of docs/scenario-language.md ("What happens on each coach
reply"): counters, effects, topic, transition, ending, line; the line answers what was asked
before anything else the person might say. The state machine is a ``transitions.Machine``
whose guards are Python callables built here from the parsed scenario, so nothing from YAML
ever reaches the library as a string callback. Everything that can be worked out before the
conversation (effect tables, topic matchers, guards) is, at construction.
"""
from __future__ import annotations

import random
import re
import weakref
from dataclasses import dataclass
from typing import Callable, Collection, Iterable, Sequence

from rapidfuzz import fuzz, process
from transitions import Machine

from simulator.codes import CODES, EXPLORING
from simulator.conditions import Condition
from simulator.scenario.load import LoadedScenario
from simulator.scenario.models import State

#: Replies after which a hidden concern may come out.
INVITING = EXPLORING | {"affirmation"}
#: Coach replies from one hidden concern to the next at least: disclosures back to back read
#: as a dam breaking, not as a person choosing what to tell a stranger.
CONCERN_GAP = 2
#: Replies that can raise a topic: they ask about it, reflect it, sum it up, inform, advise or
#: judge. Praise, a permission or goal question and autonomy talk only mention it in passing
#: ("you kept the van going": an affirmation, not a question about the van).
TOPIC_RAISING = EXPLORING | {"question.closed", "information", "advice.permitted",
                             "advice.unsolicited", "judgement"}
#: Problem reactions, in the order they win, with the code that triggers each.
PROBLEM_REACTIONS = (("judged", "judgement"), ("lectured", "advice.unsolicited"))
#: Reactions that answer what was asked, before anything else the person might say.
ANSWERS = (("permission_asked", "permission"), ("goal_asked", "goal"))
#: A run of this many closed questions draws the ``closed_questions`` reaction.
CLOSED_RUN = 3

TRIGGER = "respond"
_KNOWN_CODES = frozenset(CODES)


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


#: A word: letters and digits, with apostrophes inside ("she'd" is not "shed").
_WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)*")


def normalise(text: str) -> tuple[str, ...]:
    """The words of ``text``: lowercased, curly apostrophes made straight, split on anything
    else that is not a letter or digit."""
    return tuple(_WORD.findall(text.lower().replace("\u2019", "'")))


#: A possessive or contraction ending, and the stem before it ("work's", "they've", "isn't").
_ENDING = re.compile(r"(.+?)(?:'s|'ll|'re|'ve|'d|n't)")
#: Negatives whose stem is not the word before "n't".
_NEGATIVE_STEMS = {"ca": "can", "wo": "will", "sha": "shall"}


def stem(word: str) -> str | None:
    """The word a possessive or contraction is built on ("work's" -> "work", "can't" -> "can"),
    or None when ``word`` has no such ending. Only whole endings after an apostrophe count,
    so "she'd" is "she", never "shed"."""
    found = _ENDING.fullmatch(word)
    if found is None:
        return None
    base = found.group(1)
    return _NEGATIVE_STEMS.get(base, base) if word.endswith("n't") else base


#: Words this short match exactly (or as a plural): a one-letter change makes another word.
SHORT = 5


def _cutoff(word: str) -> float:
    """The ``fuzz.ratio`` a reply word needs to count as ``word`` misspelt.

    Tuned against the words scenario authors found confused: 6-7 letters allow one letter
    more or less ("smokin", "tablet"), not one changed ("looking" is not "booking": 85.7);
    from 8 letters the same ("sweeping" is not "sleeping": 87.5), and from 9 one changed or
    swapped pair too ("medicatoin": 90).
    """
    if len(word) <= SHORT:
        return 101  # never: exact forms only
    return 90 if len(word) <= 7 else LOWEST_CUTOFF


LOWEST_CUTOFF = 88


def _exact_forms(word: str) -> set[str]:
    """Forms of a short phrase word that count as exact: the plural or singular, and the
    word without its apostrophe ("don't" typed as "dont")."""
    forms = {word, word.replace("'", "")}
    if len(word) <= SHORT and word.isalpha():
        forms.add(word[:-1] if word.endswith("s") and len(word) > 3 else word + "s")
    return forms


#: Reply words remembered per state (a bound, so a long-running server cannot grow without end).
MEMO_SIZE = 50_000


class TopicIndex:
    """Finds which of a state's topics a reply raises: any of a topic's phrases appearing as
    whole words, each word allowed a small typo.

    Matching is word by word, so a phrase never matches part of a word ("ok" is not in
    "took") and a phrase of several words must find them consecutive. A misspelt word must
    keep its first letter (as nearly all typos do), which keeps "other" from "mother".
    Each distinct reply word is compared (one rapidfuzz call against the state's phrase words
    of a plausible length) once, then remembered: replies reuse most of their words.
    """

    def __init__(self, phrase_lists: Sequence[Iterable[str]]) -> None:
        self._ids: dict[str, int] = {}             # phrase word -> id
        self._exact: dict[str, set[int]] = {}      # exact form -> ids
        self._fuzzy: list[str] = []                # phrase words that tolerate a typo...
        self._fuzzy_ids: list[int] = []            # ...their ids
        #: first word id -> (the phrase's word ids, its topic) for every phrase starting with it
        self._phrases: dict[int, list[tuple[tuple[int, ...], int]]] = {}
        for index, phrases in enumerate(phrase_lists):
            for phrase in phrases:
                ids = tuple(self._word_id(w) for w in normalise(phrase))
                if ids:
                    self._phrases.setdefault(ids[0], []).append((ids, index))
        self._by_shape: dict[tuple[str, int], tuple[list[str], list[int]]] = {}
        self._memo: dict[str, frozenset[int]] = {}

    def _word_id(self, word: str) -> int:
        found = self._ids.get(word)
        if found is None:
            found = self._ids[word] = len(self._ids)
            for form in _exact_forms(word):
                self._exact.setdefault(form, set()).add(found)
            if len(word) > SHORT:
                self._fuzzy.append(word)
                self._fuzzy_ids.append(found)
        return found

    def _candidates(self, word: str) -> tuple[list[str], list[int]]:
        """Typo-tolerant phrase words that ``word`` could be a misspelling of.

        Same first letter; and since ``fuzz.ratio`` is at most 2*shorter/(sum of lengths),
        lengths too far apart to reach the lowest cutoff are left out.
        """
        key = (word[0], len(word))
        found = self._by_shape.get(key)
        if found is None:
            share = LOWEST_CUTOFF / 100
            low, high = len(word) * share / (2 - share), len(word) * (2 - share) / share
            keep = [j for j, w in enumerate(self._fuzzy) if w[0] == word[0] and low <= len(w) <= high]
            found = self._by_shape[key] = ([self._fuzzy[j] for j in keep],
                                           [self._fuzzy_ids[j] for j in keep])
        return found

    def _matches(self, word: str) -> frozenset[int]:
        """Ids of the phrase words ``word`` stands for: itself, its stem ("work's" is "work"),
        or within a typo of them."""
        found = self._memo.get(word)
        if found is None:
            ids = set(self._exact.get(word, ()))
            base = stem(word)
            if base is not None:
                ids.update(self._matches(base))
            words, word_ids = self._candidates(word)
            if words:
                for match, score, j in process.extract(word, words, scorer=fuzz.ratio, processor=None,
                                                       score_cutoff=LOWEST_CUTOFF, limit=None):
                    if score >= _cutoff(match):
                        ids.add(word_ids[j])
            if len(self._memo) >= MEMO_SIZE:
                self._memo.clear()
            found = self._memo[word] = frozenset(ids)
        return found

    def find(self, reply: Sequence[str]) -> dict[int, tuple[int, int]]:
        """Each raised topic's index with the ``[start, end)`` word span that first raised it."""
        found: dict[int, tuple[int, int]] = {}
        if not self._phrases:
            return found
        matches = [self._matches(w) for w in reply]
        for start, here in enumerate(matches):
            for first in here:
                for ids, index in self._phrases.get(first, ()):
                    end = start + len(ids)
                    if index in found or end > len(matches):
                        continue
                    if all(ids[k] in matches[start + k] for k in range(1, len(ids))):
                        found[index] = (start, end)
        return found


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

    def repeats(self, line: str | None) -> bool:
        """Whether the next :meth:`draw` avoiding ``line`` must still give ``line`` (a pool of
        that one line, or a round down to it)."""
        if line is None:
            return False
        if self._queue:
            return len(self._queue) == 1 and self._queue[0] == line
        return all(each == line for each in self.lines)


@dataclass(frozen=True)
class _CompiledTopic:
    id: str
    when: Condition | None
    effects: tuple[tuple[str, float], ...]
    pool: LinePool


@dataclass(frozen=True)
class _CompiledConcern:
    id: str
    when: Condition
    effects: tuple[tuple[str, float], ...]
    pool: LinePool


@dataclass(frozen=True)
class _StateRules:
    """What a state does that never changes in a conversation: shared by every persona."""

    effects: dict[str, tuple[tuple[str, float], ...]]
    topics: TopicIndex
    #: (on, when) of every transition that can leave the state, in file order
    leaving: tuple[tuple[frozenset[str], Condition | None], ...]


#: Per loaded scenario, its states' rules, built by the first persona (scenarios are immutable).
_RULES: "weakref.WeakKeyDictionary[LoadedScenario, dict[str, _StateRules]]" = weakref.WeakKeyDictionary()


def _rules(loaded: LoadedScenario) -> dict[str, _StateRules]:
    rules = _RULES.get(loaded)
    if rules is None:
        scenario = loaded.scenario
        rules = {}
        indexes: dict[tuple[tuple[str, ...], ...], TopicIndex] = {}  # states often share topics
        for name, state in scenario.states.items():
            phrases = tuple(tuple(t.match) for t in state.topics)
            if phrases not in indexes:
                indexes[phrases] = TopicIndex(phrases)
            table = dict(scenario.effects)
            table.update(state.effects)  # a state's entry replaces the scenario's for that code
            rules[name] = _StateRules(
                {code: tuple(changes.items()) for code, changes in table.items()},
                indexes[phrases],
                tuple((frozenset(t.on), loaded.condition(t.when)) for t in scenario.transitions
                      if t.source == "*" or name in t.sources))
        _RULES[loaded] = rules
    return rules


class _CompiledState:
    """A state's rules with this conversation's line pools, ready for a turn."""

    def __init__(self, name: str, state: State, rules: _StateRules, loaded: LoadedScenario,
                 rng: random.Random, fallback: dict[str, LinePool]) -> None:
        self.name = name
        self.description = state.description
        self.effects = rules.effects
        self.leaving = rules.leaving
        self.topic_index = rules.topics
        self.lines = LinePool(state.lines, rng)
        self.reactions = dict(fallback)
        self.reactions.update({k: LinePool(v, rng) for k, v in state.reactions.items() if v})
        self.topics = tuple(
            _CompiledTopic(t.id, loaded.condition(t.when), tuple(t.effects.items()),
                           LinePool(t.lines, rng))
            for t in state.topics)


class _Model:
    """What the machine drives: only its ``state`` (kept apart so no Persona name can clash)."""

    state: str


def _fits(on: frozenset[str], when: Condition | None, codes: frozenset[str], env) -> bool:
    """A transition applies: the reply carries one of ``on`` (or ``on`` is empty) and ``when`` holds."""
    return (not on or not on.isdisjoint(codes)) and (when is None or when(env))


def _guard(on: frozenset[str], when: Condition | None) -> Callable[[object], bool]:
    """A transition guard for the machine, over the reply's codes and the variables."""
    def guard(event) -> bool:
        return _fits(on, when, event.kwargs["codes"], event.kwargs["env"])
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
        rules = _rules(loaded)
        self._states = {name: _CompiledState(name, s, rules[name], loaded, rng, fallback)
                        for name, s in scenario.states.items()}
        self._concerns = tuple(
            _CompiledConcern(c.id, loaded.condition(c.when), tuple(c.effects.items()),
                             LinePool(c.lines, rng))
            for c in scenario.persona.hidden_concerns)
        self._opening = LinePool(scenario.opening, rng)
        self._goal_states = frozenset(scenario.endings.goal_agreed)
        self._gone_states = frozenset(scenario.endings.disengaged)
        self._ending_states = self._goal_states | self._gone_states
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
        self._disclosed_at = -CONCERN_GAP  # the turn of the last hidden concern said

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
        if isinstance(codes, str):
            raise TypeError(f"codes must be a collection of codes, not the string {codes!r}")
        codes = frozenset(codes)
        if not codes <= _KNOWN_CODES:
            raise ValueError(f"unknown codes: {', '.join(sorted(codes - _KNOWN_CODES))}")
        counters = self.counters
        # 1. Counters.
        counters["turn"] += 1
        exploring = not codes.isdisjoint(EXPLORING)
        if exploring:
            counters["explored"] += 1
        # Any other reply (an apology with no code at all, too) breaks a run of closed questions.
        if "question.closed" in codes and not exploring:
            counters["closed_streak"] += 1
        else:
            counters["closed_streak"] = 0
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
        # 3. Topic: the first whose phrase is in the reply and whose condition holds, when the
        # reply is about it (not praise or a permission question that happens to name it).
        topic = (self._raised_topic(here, text)
                 if text and here.topics and not codes.isdisjoint(TOPIC_RAISING) else None)
        if topic is not None:
            self._add(topic.effects)
        # 4. Transition: the machine fires the first (in YAML order) whose guard passes. Most
        # replies move nothing, so ask it only when some transition applies (it is ~20x dearer).
        before = self.state
        env = self._env()
        if any(_fits(on, when, codes, env) for on, when in here.leaving):
            self._respond(codes=codes, env=env)
        now = self.state
        entered = now != before
        # 5. Ending.
        if now in self._goal_states:
            self.ended = "goal_agreed"
        elif now in self._gone_states:
            self.ended = "disengaged"
        elif counters["turn"] >= self._turn_limit:
            self.ended = "turn_limit"
        # 6. The line: the first rule below that applies (docs/scenario-language.md, step 6).
        state = self._states[now]
        transition = (before, now) if entered else None
        if entered and now in self._ending_states:
            # The last word says how it ended: his own goal, or his goodbye.
            return self._say(state.lines, "state", transition)
        reaction = self._problem_reaction(state, codes) or self._answer(state, codes)
        if reaction is not None:
            return self._say(state.reactions[reaction], f"reaction:{reaction}", transition)
        if entered:
            return self._say(state.lines, "state", transition)
        concern = self._concern(codes)
        if concern is not None:
            self._add(concern.effects)
            self.said.add(concern.id)
            self._disclosed_at = counters["turn"]
            return self._say(concern.pool, f"concern:{concern.id}", transition)
        # A topic of one line asked about twice running falls through rather than repeat itself.
        if topic is not None and not topic.pool.repeats(self._last_line):
            self.said.add(topic.id)
            return self._say(topic.pool, f"topic:{topic.id}", transition)
        if "affirmation" in codes and "affirmed" in state.reactions:
            return self._say(state.reactions["affirmed"], "reaction:affirmed", transition)
        return self._say(state.lines, "state", transition)

    def _env(self) -> dict[str, float]:
        return {**self.variables, **self.counters}

    def _add(self, changes: tuple[tuple[str, float], ...]) -> None:
        variables, ranges = self.variables, self._ranges
        for name, delta in changes:
            low, high = ranges[name]
            # Rounded so steps like 0.1 + 0.2 land on 0.3, not 0.30000000000000004, in the UI.
            variables[name] = round(min(high, max(low, variables[name] + delta)), 6)

    def _raised_topic(self, state: _CompiledState, text: str) -> _CompiledTopic | None:
        words = normalise(text)
        if not words:
            return None
        raised = state.topic_index.find(words)
        if not raised:
            return None
        env = self._env()
        for index in sorted(raised):
            topic = state.topics[index]
            if topic.when is None or topic.when(env):
                return topic
        return None

    def _concern(self, codes: frozenset[str]) -> _CompiledConcern | None:
        """The hidden concern this reply brings out: the first not yet said whose ``when`` holds,
        if the reply invites it and the last disclosure was at least CONCERN_GAP replies ago."""
        if codes.isdisjoint(INVITING) or self.counters["turn"] - self._disclosed_at < CONCERN_GAP:
            return None
        env = self._env()
        for concern in self._concerns:
            if concern.id not in self.said and concern.when(env):
                return concern
        return None

    @staticmethod
    def _answer(state: _CompiledState, codes: frozenset[str]) -> str | None:
        """The reaction that answers what the reply asked (permission first, then a goal)."""
        for name, code in ANSWERS:
            if code in codes and name in state.reactions:
                return name
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
