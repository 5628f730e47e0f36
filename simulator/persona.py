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
from collections import Counter
from dataclasses import dataclass, replace
from typing import Callable, Collection, Iterable, Sequence

from rapidfuzz import fuzz, process
from transitions import Machine

from simulator.codes import CODES, EXPLORING
from simulator.conditions import Condition
from simulator.replies import (INFORMING, PRONOUNS, SCALE_KINDS, Reading, adds_what_was_said, content_words,
                               incidental, line_key, normalise, number_word, polarity, read_reply)
from simulator.scenario.load import LoadedScenario
from simulator.scenario.models import BUILTIN_COUNTERS, State

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

    def find(self, reply: Sequence[str],
             skip: Callable[[Sequence[str], int, int], bool] | None = None) -> dict[int, tuple[int, int]]:
        """Each raised topic's index with the ``[start, end)`` word span that first raised it;
        ``skip`` passes over spans that only mention a phrase in passing."""
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
                    if (all(ids[k] in matches[start + k] for k in range(1, len(ids)))
                            and not (skip and skip(reply, start, end))):
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

    def _refill(self) -> None:
        self._queue = list(self.lines)
        self._rng.shuffle(self._queue)
        if len(self._queue) > 1 and self._queue[-1] == self._last:
            self._queue[-1], self._queue[0] = self._queue[0], self._queue[-1]

    def draw(self, avoid: str | None = None) -> str:
        """The next line; not ``avoid`` (the line said just before) when the pool can help it."""
        if not self._queue:
            self._refill()
        if avoid is not None and self._queue[-1] == avoid and len(self._queue) > 1:
            self._queue[-1], self._queue[-2] = self._queue[-2], self._queue[-1]
        self._last = self._queue.pop()
        return self._last

    def pick(self, accept: Callable[[str], bool]) -> str | None:
        """The next line ``accept`` allows (the conversation's memory decides), or None when
        no line of the pool is allowed."""
        for _ in range(2):
            if not self._queue:
                self._refill()
            for i in range(len(self._queue) - 1, -1, -1):
                if accept(self._queue[i]):
                    self._last = self._queue.pop(i)
                    return self._last
            self._queue = []   # none left this round: try a fresh one (lines said long ago)
        return None


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
    #: (on, when, ending) of every transition that can leave the state, in file order; ending
    #: is "goal_agreed" or "disengaged" for a transition into an ending state, else None
    leaving: tuple[tuple[frozenset[str], "Guard | None", str | None], ...]


class _AllOf:
    """Conditions that must all hold: a transition's ``when`` and the needs of its target."""

    def __init__(self, conditions: Sequence[Condition]) -> None:
        self.conditions = tuple(conditions)
        self.text = " and ".join(f"({c.text})" for c in self.conditions)

    def __call__(self, env) -> bool:
        return all(condition(env) for condition in self.conditions)


Guard = Condition | _AllOf


def transition_guard(loaded: LoadedScenario, index: int) -> Guard | None:
    """Transition ``index``'s condition joined with the needs of the state it enters: until a
    need is met, the person does not go there, however the conversation is going."""
    scenario = loaded.scenario
    t = scenario.transitions[index]
    conditions = [loaded.condition(t.when)] if t.when is not None else []
    conditions += [loaded.condition(n.when) for n in scenario.needs if t.to in n.before]
    if not conditions:
        return None
    return conditions[0] if len(conditions) == 1 else _AllOf(conditions)


#: Per loaded scenario, its states' rules, built by the first persona (scenarios are immutable).
_RULES: "weakref.WeakKeyDictionary[LoadedScenario, dict[str, _StateRules]]" = weakref.WeakKeyDictionary()


def _rules(loaded: LoadedScenario) -> dict[str, _StateRules]:
    rules = _RULES.get(loaded)
    if rules is None:
        scenario = loaded.scenario
        rules = {}
        indexes: dict[tuple[tuple[str, ...], ...], TopicIndex] = {}  # states often share topics
        guards = [transition_guard(loaded, i) for i in range(len(scenario.transitions))]
        for name, state in scenario.states.items():
            phrases = tuple(tuple(t.match) for t in state.topics)
            if phrases not in indexes:
                indexes[phrases] = TopicIndex(phrases)
            table = dict(scenario.effects)
            table.update(state.effects)  # a state's entry replaces the scenario's for that code
            rules[name] = _StateRules(
                {code: tuple(changes.items()) for code, changes in table.items()},
                indexes[phrases],
                tuple((frozenset(t.on), guards[i], _ending(scenario, t.to))
                      for i, t in enumerate(scenario.transitions)
                      if t.source == "*" or name in t.sources))
        _RULES[loaded] = rules
    return rules


class _CompiledState:
    """A state's rules with this conversation's line pools, ready for a turn."""

    def __init__(self, name: str, state: State, rules: _StateRules, loaded: LoadedScenario,
                 rng: random.Random, fallback: dict[str, LinePool], answers: dict[str, LinePool]) -> None:
        self.name = name
        self.description = state.description
        self.effects = rules.effects
        self.leaving = rules.leaving
        self.topic_index = rules.topics
        self.lines = LinePool(state.lines, rng)
        self.reactions = dict(fallback)
        self.reactions.update({k: LinePool(v, rng) for k, v in state.reactions.items() if v})
        self.answers = dict(answers)
        self.answers.update({k: LinePool(v, rng) for k, v in state.answers.items() if v})
        self.topics = tuple(
            _CompiledTopic(t.id, loaded.condition(t.when), tuple(t.effects.items()),
                           LinePool(t.lines, rng))
            for t in state.topics)


class _Model:
    """What the machine drives: only its ``state`` (kept apart so no Persona name can clash)."""

    state: str


#: "Yes, but" answers to unsolicited advice before advice alone can end the conversation:
#: a person pushes back before they walk out.
PUSHBACKS_BEFORE_LEAVING = 2


#: The ``env`` key, beside the variables and counters, saying the reply asked for a step (1) or
#: not (0): conditions cannot name it (it is no scenario name), so only the engine reads it.
ASKED_STEP = "_asked_step"


def _ending(scenario, state: str) -> str | None:
    endings = scenario.endings
    return ("goal_agreed" if state in endings.goal_agreed
            else "disengaged" if state in endings.disengaged else None)


def _fits(on: frozenset[str], when: Guard | None, codes: frozenset[str], env,
          ending: str | None = None) -> bool:
    """A transition applies: the reply carries one of ``on`` (or ``on`` is empty) and ``when``
    holds. Advice without judgement ends the conversation only after repeated "yes, but"; a
    0-10 rating question or its follow-up never agrees a goal: it gets a number or reasons."""
    if (ending == "disengaged" and "advice.unsolicited" in codes and "judgement" not in codes
            and env["pushed_back"] < PUSHBACKS_BEFORE_LEAVING):
        return False
    if ending == "goal_agreed" and not env.get(ASKED_STEP, 1):
        return False
    return (not on or not on.isdisjoint(codes)) and (when is None or when(env))


def _guard(on: frozenset[str], when: Guard | None, ending: str | None) -> Callable[[object], bool]:
    """A transition guard for the machine, over the reply's codes and the variables."""
    def guard(event) -> bool:
        return _fits(on, when, event.kwargs["codes"], event.kwargs["env"], ending)
    # Named by its condition so diagrams (and tracebacks) show what it tests.
    guard.__name__ = when.text if when is not None else "any"
    return guard


def machine_transitions(loaded: LoadedScenario) -> list[dict]:
    """The scenario's transitions as ``transitions`` definitions with Python guards, in order."""
    scenario = loaded.scenario
    result = []
    for i, t in enumerate(scenario.transitions):
        result.append({
            "trigger": TRIGGER,
            "source": t.source,
            "dest": t.to,
            "conditions": [_guard(frozenset(t.on), transition_guard(loaded, i), _ending(scenario, t.to))],
        })
    return result


#: Replies whose good effects count only when they take up the person's own words.
HEARING = frozenset({"reflection.simple", "reflection.complex", "summary"})
#: A reflection or summary that takes up what matters to the person counts this much more.
MATTERS_WEIGHT = 1.5
#: How much a gain in trust shrinks, at the top of its range, for a reply that heard nothing of
#: the person's own words (half at the top, none at the bottom).
TRUST_LEVELLING = 0.5
#: A reflection that guesses at the person's life from the briefing, not from their words.
GUESS_WEIGHT = 0.5
#: Trust lost when a reply repeats an earlier one and takes up nothing new: a script.
SCRIPT_COST = 0.25
#: Times a script is heard before the person says so ("You keep saying that.").
SCRIPT_NOTICED = 2
#: Trust an apology wins back after a slip (judgement or unsolicited advice), once per slip.
APOLOGY_TRUST = 0.5
#: Reactions that stand in for an answer kind in scenarios written before ``answers``.
KIND_REACTIONS = {"next_step": "goal_asked", "permission": "permission_asked"}
#: The openings of a visit (what they want from it, why they came): a scenario written before
#: them answers them in the state's voice, as an open question that asks nothing in particular.
OPENING_KINDS = ("today", "why_here")
#: Kinds a scenario written before them answers as before: what someone else thinks falls to
#: the topic that names them, a reaction to being told to whatever the question raises.
UNWRITTEN_AS_BEFORE = (*OPENING_KINDS, "others_view", "reaction")
#: Confidence asked without a scale: answered in words, never with a number.
WORDS_KINDS = {"confidence_words": "confidence"}
#: Kinds of reply a coach may fairly ask again (a rating later on, a step, permission).
ASKED_AGAIN_FAIRLY = frozenset({*SCALE_KINDS, *WORDS_KINDS, "scale_reasons", "scale_higher", "next_step",
                                "permission"})
#: Follow-ups to a rating: they ask for reasons, not for a plan.
SCALE_FOLLOW_UPS = frozenset({"scale_reasons", "scale_higher"})
#: The last resort when a state has nothing new to say: short, so said again without echoing.
STUCK = ("Like I said.", "Same as before, really.", "I don't know.", "Mm.")
#: The coach's own input: a question tacked onto it asks about that, not an opening.
COACH_INPUT = INFORMING
#: Who "everyone" is: an ``others_view`` answer naming no one in particular suits them.
_EVERYONE = frozenset("everyone everybody anyone anybody others people".split())
#: Times a short line ("Depends.", "Go on. I'm listening.") may be said in one conversation:
#: again once, as people do, but not on every other turn.
SHORT_LINE_TIMES = 2
#: A line with at least this many content words, all from one line said before, is not said:
#: it would only tell the same thing again, shorter.
RETOLD_WORDS = 2
#: Content words from which a line that adds only one of them to an earlier line retells it.
RETOLD_NEAR = 6
#: Words by which a question points back at what the person just said.
_BACK_REFERENCES = frozenset({"it", "that", "this", "them", "those"})
#: How close two coach replies must be (rapidfuzz ratio) to count as the same words again.
SAME_REPLY = 88


@dataclass
class _Fact:
    """A yes/no question answered: what it was about and which way the answer went."""

    words: frozenset[str]
    topic: str | None
    answer: bool | None
    line: str


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
        self.counters: dict[str, int] = {name: 0 for name in BUILTIN_COUNTERS}
        fallback = {k: LinePool(v, rng) for k, v in scenario.reactions.items() if v}
        answers = {k: LinePool(v, rng) for k, v in scenario.answers.items() if v}
        rules = _rules(loaded)
        self._states = {name: _CompiledState(name, s, rules[name], loaded, rng, fallback, answers)
                        for name, s in scenario.states.items()}
        self._concerns = tuple(
            _CompiledConcern(c.id, loaded.condition(c.when), tuple(c.effects.items()),
                             LinePool(c.lines, rng))
            for c in scenario.persona.hidden_concerns)
        self._opening = LinePool(scenario.opening, rng)
        self._stuck = LinePool(STUCK, rng)
        self._plain_rating = _scale_fallback(rng)
        self._plain_words = {kind: LinePool(lines, rng) for kind, lines in _WORDS_FALLBACK.items()}
        self._matters = content_words(" ".join(scenario.persona.matters))
        #: The people in the person's life, by name, with every word a coach may call them by.
        self._people = {name.lower(): frozenset(_singular(w) for w in normalise(" ".join([name, *calls])))
                        for name, calls in scenario.persona.people.items()}
        self._last_asked: frozenset[str] | None = None   # whom "she" or "they" means now
        #: The person's life as the trainee was briefed on it: a reflection that guesses at it
        #: before they said it earns something, less than one that heard them.
        self._world = content_words(" ".join([scenario.briefing, scenario.persona.background,
                                              *scenario.persona.matters]))
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
        # The conversation's memory: lines said, yes/no answers given, ratings, replies heard.
        self._spoken: set[tuple[str, ...]] = set()
        self._told: list[frozenset[str]] = []   # the content words of each longer line said
        self._their_words: set[str] = set()   # content words of everything they have said
        self._short_said: Counter[str] = Counter()   # short lines, which may come round again
        self._facts: list[_Fact] = []
        self.ratings: dict[str, int] = {}
        self._replies: list[str] = []
        self._slips = 0
        self._last_topic: str | None = None
        self._after_input = False   # the coach's last reply was their own information or advice

    @property
    def state(self) -> str:
        """The current state's name."""
        return self._model.state

    def open(self) -> PatientTurn:
        """The person's opening line (turn 0). Call once, before any :meth:`react`."""
        if self.history:
            raise RuntimeError("open() was already called for this persona")
        return self._say(self._opening.draw(), "opening", None)

    def react(self, codes: Collection[str], text: str = "") -> PatientTurn:
        """Answer one coach reply, given its rubric codes and its words (for what it asked,
        what it took up from the person, and topics)."""
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
        # What the person has said so far: a reflection takes up their words from any of it.
        reading = read_reply(text, codes, world=self._world, theirs=frozenset(self._their_words),
                             after_input=self._after_input)
        if reading.kind in SCALE_KINDS and "question.closed" in codes and "question.open" not in codes:
            # A scaling question is closed by design (it asks for a number), but the person hears
            # an invitation to weigh their own reasons, not a run of checks: it moves them as an
            # open question does.
            codes = codes - {"question.closed"} | {"question.open"}
        if reading.kind in SCALE_FOLLOW_UPS and not self.ratings:
            # "What would make it higher?" follows a rating; with none given, it asks no reasons.
            reading = replace(reading, kind=None)
        elif (reading.kind is None and reading.eases and "question.open" in codes
              and self.history[-1].source.startswith(("answer:scale_", "answer:next_step",
                                                       "reaction:goal_asked"))):
            # "What would make it easier?" straight after a rating, or after a step they are
            # not sure of, asks what would help.
            reading = replace(reading, kind="scale_higher")
        if {"judgement", "advice.unsolicited"} <= codes and reading.worded and not reading.moralising:
            # A directive that neither blames nor labels tells the person what to do; it is
            # heard as a lecture, not as a verdict on them.
            codes = codes - {"judgement"}
        scripted = self._scripted(text, reading)
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
        hearing = not codes.isdisjoint(HEARING)
        if hearing and reading.heard and not scripted:
            counters["reflected"] += 1
            if reading.uptake & self._matters:
                counters["reflected_matters"] += 1
        if scripted:
            counters["formulas"] += 1
        # 2. Effects of the state we are in, weighed by how well the reply heard the person.
        here = self._states[self.state]
        for code in codes:
            changes = here.effects.get(code)
            if changes:
                self._add(changes, self._weight(code, reading, scripted), self._trust_weight(reading))
        if scripted:
            self._add((("trust", -SCRIPT_COST),))
        apologised = reading.apology and self._slips > 0
        if apologised:
            self._add((("trust", APOLOGY_TRUST),))
            self._slips = 0
        if not codes.isdisjoint({"judgement", "advice.unsolicited"}):
            self._slips += 1
        # 3. Topic: the first whose phrase carries the reply (not a word in passing) and whose
        # condition holds, when the reply is about it (not praise that happens to name it).
        topic = (self._raised_topic(here, text)
                 if text and here.topics and not codes.isdisjoint(TOPIC_RAISING) else None)
        if topic is not None:
            self._add(topic.effects)
        # 4. Transition: the machine fires the first (in YAML order) whose guard passes. Most
        # replies move nothing, so ask it only when some transition applies (it is ~20x dearer).
        before = self.state
        env = self._env()
        env[ASKED_STEP] = int(reading.kind not in SCALE_KINDS and reading.kind not in SCALE_FOLLOW_UPS
                              and reading.kind not in WORDS_KINDS)
        if any(_fits(on, when, codes, env, ending) for on, when, ending in here.leaving):
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
        # 6. The line (docs/scenario-language.md, step 6).
        state = self._states[now]
        transition = (before, now) if entered else None
        if entered and now in self._ending_states:
            # The last word says how it ended: his own goal, or his goodbye.
            return self._say(self._pick(state.lines) or state.lines.draw(), "state", transition)
        line, source = self._choose(state, codes, reading, topic, scripted, entered, apologised, text)
        self._after_input = not codes.isdisjoint(COACH_INPUT)
        if source == "reaction:lectured":
            counters["pushed_back"] += 1
        return self._say(line, source, transition)

    # -- choosing the line ---------------------------------------------------------------

    def _choose(self, state: _CompiledState, codes: frozenset[str], reading: Reading,
                topic: "_CompiledTopic | None", scripted: bool, entered: bool,
                apologised: bool, text: str) -> tuple[str, str]:
        """The line and its source: the first option below that has a line memory allows."""
        fact = self._related_fact(reading, topic) if reading.yes_no else None
        for source, pool, number in self._options(state, codes, reading, topic, scripted, entered,
                                                  apologised, fact, frozenset(normalise(text))):
            # A summary is answered by adding what it left out, never what it said.
            said = text if source in ("answer:summary", "answer:summary_missed") else None
            line = self._pick(pool, fact, number, said)
            if line is None:
                continue
            if source.startswith("topic:"):
                self.said.add(source[6:])
                self._last_topic = source[6:]
            elif source.startswith("concern:"):
                concern = next(c for c in self._concerns if c.id == source[8:])
                self._add(concern.effects)
                self.said.add(concern.id)
                self._disclosed_at = self.counters["turn"]
            if number is not None and reading.scale is not None:
                self.ratings[reading.scale] = int(number[1] + 0.5)
            if reading.yes_no:
                self._facts.append(_Fact(reading.fact_words, topic.id if topic else None,
                                         polarity(line) if fact is None or fact.answer is None
                                         else fact.answer, line))
            return line, source
        return self._stuck.draw(avoid=self._last_line), "answer:stuck"

    def _options(self, state, codes, reading, topic, scripted, entered, apologised, fact, text_words):
        """Where the line may come from, in order: (source, pool, rating for a scale answer)."""
        kind = reading.kind
        reactions, answers = state.reactions, state.answers
        if kind in UNWRITTEN_AS_BEFORE and kind not in answers:
            kind = None   # written before the kind: answered in the state's voice, or by a topic

        def answer(name: str):
            if name in answers:
                yield f"answer:{name}", answers[name], None

        for name, code in PROBLEM_REACTIONS:
            if code in codes and name in reactions:
                yield f"reaction:{name}", reactions[name], None
        if scripted and self.counters["formulas"] >= SCRIPT_NOTICED and kind in (None, "reflection", "summary",
                                                                                 "summary_missed", *OPENING_KINDS):
            yield from answer("scripted")
        if apologised and kind in (None, "reflection"):   # an apology with a question gets the answer
            yield from answer("apology")
        if kind in SCALE_KINDS:
            variable = SCALE_KINDS[kind] if reading.scale != "readiness" else None
            value = (self.variables[variable] if variable is not None
                     else min(self.variables["importance"], self.variables["confidence"]))
            rating = (number_word(value), value)
            if kind in answers:
                yield f"answer:{kind}", answers[kind], rating
            # Said plainly when no written answer fits the number ("Quite high." is not a four).
            yield f"answer:{kind}", self._plain_rating, rating
            return
        if kind in WORDS_KINDS:
            # In words, sized to how they feel: the number filters the lines, never said.
            value = self.variables[WORDS_KINDS[kind]]
            rating = (number_word(value), value)
            if kind in answers:
                yield f"answer:{kind}", answers[kind], rating
            yield f"answer:{kind}", self._plain_words[kind], rating
            return
        if kind in KIND_REACTIONS:
            yield from answer(kind)
            if KIND_REACTIONS[kind] in reactions:
                yield f"reaction:{KIND_REACTIONS[kind]}", reactions[KIND_REACTIONS[kind]], None
        elif kind in ("reflection", "summary"):
            if "question.open" in codes and topic is not None:
                # "You kept an allotment. What was that like?": the question is answered first.
                yield from self._topic_options(state, topic)
            # Heard, the person goes deeper: what they kept back is the "one thing" they add.
            yield from self._concern_option(codes, reading)
            if kind == "summary":
                yield from answer("summary")
            # Deeper on what they just said, when it was a topic and the reflection took it up.
            last = self.history[-1]
            deeper = last.source.startswith("topic:") and bool(reading.uptake & content_words(last.line))
            if deeper:
                # It took up their last words: they stay on them, not on another word it used
                # ("those few minutes in the van are yours" is about the minutes, not the job).
                yield from self._topic_options(state, None, deeper=True)
            yield from self._topic_options(state, topic, deeper=deeper)
            if "affirmation" in codes and "affirmed" in reactions:
                yield "reaction:affirmed", reactions["affirmed"], None
            yield from answer("reflection")
        elif kind == "closed":
            if fact is not None and fact.words and _same_question(fact.words, reading.fact_words):
                yield "answer:asked_again", _Repeat(fact, answers.get("asked_again")), None
            yield from self._topic_options(state, topic, deeper=self._follows_on(text_words))
            if self.counters["closed_streak"] >= CLOSED_RUN and "closed_questions" in reactions:
                yield "reaction:closed_questions", reactions["closed_questions"], None
            if reading.yes_no:   # "how many?" is not answered "sometimes"
                yield from answer("closed")
        elif kind == "others_view":
            yield "answer:others_view", _About(answers[kind], self._whom(reading.others), self._everyone()), None
        elif kind is not None:
            yield from answer(kind)
        if self.counters["closed_streak"] >= CLOSED_RUN and "closed_questions" in reactions:
            yield "reaction:closed_questions", reactions["closed_questions"], None
        if "affirmation" in codes and "affirmed" in reactions and codes.isdisjoint(EXPLORING):
            # Praise alone is answered as praise (or with what it let them say), even when it
            # moves the person on.
            yield from self._concern_option(codes, reading)
            yield "reaction:affirmed", reactions["affirmed"], None
        # A topic the reply asked about is its answer; entering a state only colours it.
        if topic is not None:
            yield from self._topic_options(state, topic)
        if entered:
            yield "state", state.lines, None
        if kind is None or kind in ("summary", "matters", "feelings", "barriers", "typical_day", "recent_story"):
            yield from self._concern_option(codes, reading)
        yield from self._topic_options(state, topic, deeper=self._follows_on(text_words))
        if "affirmation" in codes and "affirmed" in reactions:
            yield "reaction:affirmed", reactions["affirmed"], None
        yield "state", state.lines, None
        yield from answer("stuck")

    def _whom(self, asked: frozenset[str]) -> frozenset[str] | None:
        """The words a line about whom the coach asked after names: their name and what the
        coach called them ("your wife": wife and Julie); empty for people at large; None when
        "she" or "they" has no one said before to stand for."""
        if asked and asked <= PRONOUNS:
            return self._last_asked
        if asked & _EVERYONE or not asked:
            return frozenset()
        asked = frozenset(_singular(w) for w in asked)
        wanted = set(asked)
        for name, words in self._people.items():
            if asked & words:
                wanted.add(name)
        self._last_asked = frozenset(wanted)
        return self._last_asked

    def _everyone(self) -> frozenset[str]:
        """Every word that names someone in the person's life."""
        return frozenset().union(*self._people.values())

    def _follows_on(self, words: frozenset[str]) -> bool:
        """A question about "it" or "that" right after the person spoke about a topic asks more
        about that topic ("How long have you had trouble with it?" after the knee)."""
        last = self.history[-1]
        return last.source.startswith("topic:") and not words.isdisjoint(_BACK_REFERENCES)

    def _concern_option(self, codes: frozenset[str], reading: Reading):
        """A hidden concern comes out after an invitation: an open question, or a reflection,
        summary or affirmation that heard the person; never twice running."""
        if codes.isdisjoint(INVITING) or not reading.heard and codes.isdisjoint({"question.open", "affirmation"}):
            return
        if not codes.isdisjoint(COACH_INPUT) or (self._after_input and reading.formula
                                                 and not codes.isdisjoint({"question.open", "question.closed"})):
            # Information, or a question straight after it that names nothing of its own ("What
            # do you make of that?"), asks about what the coach said, not for what is held back.
            return
        if self.counters["turn"] - self._disclosed_at < CONCERN_GAP:
            return
        env = self._env()
        for concern in self._concerns:
            if concern.id not in self.said and concern.when(env):
                yield f"concern:{concern.id}", concern.pool, None
                return

    def _topic_options(self, state: _CompiledState, topic, deeper: bool = False):
        if topic is not None:
            yield f"topic:{topic.id}", topic.pool, None
        if deeper and self._last_topic is not None and (topic is None or topic.id != self._last_topic):
            last = next((t for t in state.topics if t.id == self._last_topic), None)
            if last is not None:
                yield f"topic:{last.id}", last.pool, None

    def _related_fact(self, reading: Reading, topic) -> "_Fact | None":
        """The latest yes/no answer about what this question asks (same topic or a shared word)."""
        for fact in reversed(self._facts):
            if (topic is not None and fact.topic == topic.id) or fact.words & reading.fact_words:
                return fact
        return None

    def _pick(self, pool, fact: "_Fact | None" = None, rating=None, summary: str | None = None) -> str | None:
        """A line from ``pool`` that memory allows: not the line just said, no line of five
        words or more said before, no yes where the person said no (or the reverse); for the
        coach's ``summary``, nothing it already said added to it."""
        def render(line: str) -> str:
            if rating is None:
                return line
            # The number opens a sentence now and then: "{number}, I suppose." reads "Seven, ...".
            line = re.sub(r"(^|[.?!] )\{number\}", lambda m: m.group(1) + rating[0].capitalize(), line)
            if rating[0] == "eight":   # "a {number}" reads "an eight"
                line = re.sub(r"\b([aA]) \{number\}", r"\1n {number}", line)
            return line.replace("{number}", rating[0])

        def accept(line: str) -> bool:
            line = render(line)
            if line == self._last_line:
                return False
            if summary is not None and adds_what_was_said(line, summary):
                return False
            if rating is not None and not _fits_rating(line, rating[1]):
                return False
            key = line_key(line)
            if key is not None and (key in self._spoken or self._retold(line)):
                return False
            if key is None and self._short_said[line] >= SHORT_LINE_TIMES:
                return False
            if fact is not None and fact.answer is not None:
                said = polarity(line)
                if said is not None and said != fact.answer:
                    return False
            return True

        line = pool.pick(accept)
        return None if line is None else render(line)

    def _scripted(self, text: str, reading: Reading) -> bool:
        """The reply says again what the coach said before, and takes up nothing new."""
        if not reading.worded:
            return False
        said = " ".join(normalise(text))
        earlier = self._replies
        self._replies.append(said)
        if reading.kind in ASKED_AGAIN_FAIRLY:
            return False   # asking for a rating or a step again is a question, not a formula
        return process.extractOne(said, earlier[:-1], scorer=fuzz.ratio, processor=None,
                                  score_cutoff=SAME_REPLY) is not None

    def _weight(self, code: str, reading: Reading, scripted: bool) -> float:
        """How much of a code's good effect this reply earns: a reflection or summary only
        when it heard the person (more when it heard what matters to them), nothing for a
        script said again."""
        if scripted:
            return 0.0
        if code in HEARING:
            if not reading.heard:
                return GUESS_WEIGHT if reading.guessed else 0.0
            return MATTERS_WEIGHT if reading.uptake & self._matters else 1.0
        return 1.0

    def _trust_weight(self, reading: Reading) -> float:
        """Trust comes harder the more of it there is, unless the reply heard the person: a
        string of decent questions that never take up their words levels off below the top."""
        if reading.heard:
            return 1.0
        low, high = self._ranges["trust"]
        return 1.0 - TRUST_LEVELLING * (self.variables["trust"] - low) / (high - low)

    def _env(self) -> dict[str, float]:
        return {**self.variables, **self.counters}

    def _add(self, changes: tuple[tuple[str, float], ...], weight: float = 1.0,
             trust_weight: float = 1.0) -> None:
        """Add ``changes``; ``weight`` scales the gains only (a poor reply never softens a
        loss), and ``trust_weight`` scales gains in trust on top."""
        variables, ranges = self.variables, self._ranges
        for name, delta in changes:
            if delta > 0:
                delta *= weight * (trust_weight if name == "trust" else 1.0)
            low, high = ranges[name]
            # Rounded so steps like 0.1 + 0.2 land on 0.3, not 0.30000000000000004, in the UI
            # (and a levelled gain shows as 4.11, not 4.1075).
            variables[name] = round(min(high, max(low, variables[name] + delta)), 2)

    def _raised_topic(self, state: _CompiledState, text: str) -> _CompiledTopic | None:
        words = normalise(text)
        if not words:
            return None
        raised = state.topic_index.find(words, skip=incidental)
        if not raised:
            return None
        env = self._env()
        held = [state.topics[index] for index in sorted(raised)
                if state.topics[index].when is None or state.topics[index].when(env)]
        # A topic the person has said all of gives way to the next the reply raises ("the
        # evenings when Maureen was here", after both lines about the evenings): Maureen.
        return next((topic for topic in held if not self._spent(topic.pool)), held[0] if held else None)

    def _retold(self, line: str) -> bool:
        """The line tells nothing the person has not told in one line before: its content words
        (two or more) all come from that line ("Pushed through like she said. Ended up in A&E."
        after the whole story of the physio), or all but one, in a line of six or more."""
        words = content_words(line)
        if len(words) < RETOLD_WORDS:
            return False
        # A long line that adds one word to one said before is that line again, reworded ("All
        # guns blazing on the Monday, first bad day I cave" after "I go in all guns blazing, and
        # the first bad day I cave").
        spare = 1 if len(words) >= RETOLD_NEAR else 0
        return any(len(words - told) <= spare for told in self._told)

    def _spent(self, pool: LinePool) -> bool:
        """Every line of ``pool`` is one memory would not let the person say again."""
        for line in pool.lines:
            key = line_key(line)
            if key is None and self._short_said[line] < SHORT_LINE_TIMES or key is not None and key not in self._spoken:
                return False
        return True

    def _say(self, line: str, source: str, transition: tuple[str, str] | None) -> PatientTurn:
        self._last_line = line
        self._their_words.update(content_words(line))
        key = line_key(line)
        if key is not None:
            self._spoken.add(key)
            self._told.append(content_words(line))
        else:
            self._short_said[line] += 1
        state = self.state
        turn = PatientTurn(
            turn=len(self.history), line=line, state=state,
            state_description=self._states[state].description,
            variables=dict(self.variables), source=source, ended=self.ended,
            transition=transition)
        self.history.append(turn)
        return turn


def _same_question(before: frozenset[str], now: frozenset[str]) -> bool:
    """Two yes/no questions ask the same thing: most of their content words are shared."""
    return len(before & now) * 2 >= max(len(before), len(now))


class _Repeat:
    """The answer to a yes/no question asked again: the same answer, said as such."""

    def __init__(self, fact: _Fact, pool: LinePool | None) -> None:
        self._fact, self._pool = fact, pool

    def pick(self, accept: Callable[[str], bool]) -> str | None:
        earlier = self._fact.line
        if line_key(earlier) is None:   # a short answer bears saying again, with a nudge
            again = f"Like I said: {earlier[0].lower()}{earlier[1:]}"
            if accept(again):
                return again
        return self._pool.pick(accept) if self._pool is not None else None


class _About:
    """``others_view`` answers about the person the coach asked after: a line naming them, else
    one naming no one in particular (what "people" say suits anyone); with no one to go by
    (a "she" said first), any line."""

    def __init__(self, pool: LinePool, wanted: frozenset[str] | None, everyone: frozenset[str]) -> None:
        self._pool, self._wanted, self._everyone = pool, wanted, everyone

    def pick(self, accept: Callable[[str], bool]) -> str | None:
        if self._wanted is None:
            return self._pool.pick(accept)
        if self._wanted:
            line = self._pool.pick(lambda line: not _named(line).isdisjoint(self._wanted) and accept(line))
            if line is not None:
                return line
        return self._pool.pick(lambda line: _named(line).isdisjoint(self._everyone) and accept(line))


def _singular(word: str) -> str:
    """A naming word without a plural or possessive ending ("kids", "Julie's"), to compare."""
    word = stem(word) or word
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word


def _named(line: str) -> frozenset[str]:
    """The words a line names people by, compared as :func:`_singular` makes them."""
    return frozenset(_singular(w) for w in normalise(line))


_SCALE_FALLBACK = ("{number}, I suppose.", "About a {number}.", "Maybe a {number}.")
#: Confidence in words for scenarios that have written none, each sized for the rating it fits.
_WORDS_FALLBACK = {"confidence_words": ("Not very, if I'm honest.", "Not very. Not yet.", "Middling, I suppose.",
                                        "Middling. Some days more than others.", "Quite high, actually.",
                                        "Pretty high, I think.")}
#: Words that put a size on a rating, with the ratings they fit: "Quite high. Four." is no answer.
_SIZES = ((re.compile(r"\b(?:quite |pretty |very )?high\b"), 6, 10),
          (re.compile(r"\bnot very\b|\b(?:quite |pretty |very )?low\b"), 0, 5),
          (re.compile(r"\bmiddling\b"), 3, 7),
          (re.compile(r"\blower than i'd like\b"), 0, 7))


def _fits_rating(line: str, value: float) -> bool:
    """Whether the size a rating line puts into words ("quite high", "not very") fits the number."""
    lowered, number = line.lower(), int(value + 0.5)
    return all(low <= number <= high for pattern, low, high in _SIZES if pattern.search(lowered))


def _scale_fallback(rng: random.Random) -> LinePool:
    """A plain rating for scenarios that have written no scale answer in this voice."""
    return LinePool(_SCALE_FALLBACK, rng)
