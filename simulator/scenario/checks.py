"""Checks that a loaded scenario will play well: every state reachable, no dead ends, no
condition that can never hold, no repeated lines, goals only after importance and confidence.

These run after :func:`~simulator.scenario.load.check_references` found nothing, so every name
resolves. Each returns :class:`~simulator.errors.Problem` objects for ``coachsim validate``.
"""
from __future__ import annotations

import itertools
import re
from collections import deque
from typing import Any, Iterator, Sequence

from simulator.conditions import Condition
from simulator.errors import Problem
from simulator.replies import ANSWER_KINDS, SCALE_KINDS
from simulator.scenario.appointments import follow_up
from simulator.scenario.load import LoadedScenario, condition_texts
from simulator.scenario.models import BUILTIN_COUNTERS, Scenario

#: Above this many value combinations the satisfiability check gives the benefit of the doubt.
MAX_COMBINATIONS = 50_000
_NUMBER = re.compile(r"(?<![\w.])\d+(?:\.\d+)?")


def check_scenario(loaded: LoadedScenario) -> list[Problem]:
    """Every realism and structure problem in a scenario whose references resolve."""
    problems = [
        *check_reachable(loaded),
        *check_ways_out(loaded),
        *check_pools(loaded),
        *check_conditions(loaded),
        *check_goal_paths(loaded),
        *check_numbers(loaded),
        *check_appointments(loaded),
    ]
    problems.sort(key=lambda p: (p.line, p.column))
    return problems


def successors(scenario: Scenario, state: str) -> Iterator[tuple[int, str]]:
    """``(transition index, target)`` for every transition that can leave ``state``."""
    for i, t in enumerate(scenario.transitions):
        if t.source == "*" or state in t.sources:
            yield i, t.to


def reachable_states(loaded: LoadedScenario) -> set[str]:
    """States reachable from ``start`` ignoring conditions (a session stops at a final state)."""
    scenario, final = loaded.scenario, loaded.final_states
    seen = {scenario.start}
    queue = deque(seen)
    while queue:
        state = queue.popleft()
        if state in final:
            continue
        for _, target in successors(scenario, state):
            if target not in seen:
                seen.add(target)
                queue.append(target)
    return seen


def check_reachable(loaded: LoadedScenario) -> list[Problem]:
    """A state nothing leads to is lines nobody will hear."""
    seen = reachable_states(loaded)
    return [loaded.positions.problem(["states", name], f"state {name!r} cannot be reached from "
                                     f"{loaded.scenario.start!r}; add a transition to it", key=True)
            for name in loaded.scenario.states if name not in seen]


def check_ways_out(loaded: LoadedScenario) -> list[Problem]:
    """A state that is not an ending needs a transition out, or the person is stuck in it."""
    scenario = loaded.scenario
    return [loaded.positions.problem(["states", name], f"state {name!r} has no transition out "
                                     "and is not an ending; the person would be stuck in it", key=True)
            for name in scenario.states
            if name not in loaded.final_states and not any(successors(scenario, name))]


def line_pools(scenario: Scenario) -> Iterator[tuple[list[Any], Sequence[str]]]:
    """Every pool of lines with its location."""
    yield ["opening"], scenario.opening
    for kind, lines in scenario.reactions.items():
        yield ["reactions", kind], lines
    for kind, lines in scenario.answers.items():
        yield ["answers", kind], lines
    for i, concern in enumerate(scenario.persona.hidden_concerns):
        yield ["persona", "hidden_concerns", i, "lines"], concern.lines
    for name, state in scenario.states.items():
        yield ["states", name, "lines"], state.lines
        for kind, lines in state.reactions.items():
            yield ["states", name, "reactions", kind], lines
        for kind, lines in state.answers.items():
            yield ["states", name, "answers", kind], lines
        for i, topic in enumerate(state.topics):
            yield ["states", name, "topics", i, "lines"], topic.lines


def check_pools(loaded: LoadedScenario) -> list[Problem]:
    """Empty pools have nothing to say; a repeated line defeats the no-repeat draw."""
    problems = []
    for loc, lines in line_pools(loaded.scenario):
        if not lines:
            problems.append(loaded.positions.problem(loc, "no lines here; give at least one or "
                                                     "remove the key"))
        seen: set[str] = set()
        for j, line in enumerate(lines):
            key = " ".join(line.split()).lower()
            if key in seen:
                problems.append(loaded.positions.problem(
                    [*loc, j], "this line repeats an earlier one in the same list"))
            seen.add(key)
    return problems


def count_lines(loaded: LoadedScenario) -> int:
    """How many distinct lines the person can say."""
    return len({line for _, lines in line_pools(loaded.scenario) for line in lines})


def satisfiable(condition: Condition, ranges: dict[str, tuple[float, float]]) -> bool:
    """Whether some values within ``ranges`` make ``condition`` hold.

    A comparison with a number changes truth only at that number, so trying each range end,
    each number in range and a point between each neighbouring pair covers every case
    (comparisons between two names are covered as far as these points reach).
    """
    numbers = [float(n) for n in _NUMBER.findall(condition.text)]
    names = sorted(condition.names)
    candidates = []
    for name in names:
        low, high = ranges[name]
        points = sorted({low, high, *(n for n in numbers if low <= n <= high)})
        candidates.append(points + [(a + b) / 2 for a, b in zip(points, points[1:])])
    total = 1
    for values in candidates:
        total *= len(values)
    if total > MAX_COMBINATIONS:
        return True
    return any(condition(dict(zip(names, combo))) for combo in itertools.product(*candidates))


def _ranges(scenario: Scenario) -> dict[str, tuple[float, float]]:
    ranges = {name: (v.min, v.max) for name, v in scenario.variables.items()}
    limit = float(scenario.endings.turn_limit)
    ranges.update({name: (0.0, limit) for name in BUILTIN_COUNTERS})
    return ranges


def check_conditions(loaded: LoadedScenario) -> list[Problem]:
    """A condition that no values in range satisfy means a concern, topic or transition that
    can never happen (``trust >= 11`` when trust stops at 10)."""
    ranges = _ranges(loaded.scenario)
    problems = []
    for loc, text in condition_texts(loaded.scenario):
        condition = loaded.conditions[text]
        if not satisfiable(condition, ranges):
            spans = ", ".join(f"{n} {ranges[n][0]:g}..{ranges[n][1]:g}" for n in sorted(condition.names))
            problems.append(loaded.positions.problem(
                loc, f"condition {text!r} can never hold ({spans})"))
    return problems


def check_goal_paths(loaded: LoadedScenario) -> list[Problem]:
    """A goal should follow exploring importance and confidence, so every way into a goal
    state must test one of them."""
    goals = set(loaded.scenario.endings.goal_agreed)
    problems = []
    for i, t in enumerate(loaded.scenario.transitions):
        if t.to not in goals:
            continue
        names = loaded.conditions[t.when].names if t.when is not None else frozenset()
        if not names & {"importance", "confidence"}:
            loc = ["transitions", i, "when"] if t.when is not None else ["transitions", i, "to"]
            problems.append(loaded.positions.problem(
                loc, "a goal should follow exploring importance and confidence; test importance "
                "or confidence in this transition's 'when'"))
    return problems


#: Reactions that already answer a kind of reply, in scenarios written before ``answers``.
ANSWERING_REACTIONS = {"next_step": "goal_asked", "permission": "permission_asked"}


def unanswered_kinds(scenario: Scenario) -> list[str]:
    """Kinds of reply the scenario has no answer for anywhere: the person falls back on a
    topic or a state line for them (``coachsim validate`` lists these per scenario)."""
    written = set(scenario.answers)
    written.update(kind for state in scenario.states.values() for kind in state.answers)
    reactions = set(scenario.reactions).union(*(s.reactions for s in scenario.states.values()))
    written.update(kind for kind, reaction in ANSWERING_REACTIONS.items() if reaction in reactions)
    return [kind for kind in ANSWER_KINDS if kind not in written]


def check_numbers(loaded: LoadedScenario) -> list[Problem]:
    """``{number}`` is the person's own rating, so it belongs only in scale answers."""
    scenario = loaded.scenario
    tables = [(["answers"], scenario.answers)]
    tables += [(["states", name, "answers"], state.answers) for name, state in scenario.states.items()]
    return [loaded.positions.problem([*loc, kind, j], f"{{number}} is a 0-10 rating and only "
                                     f"belongs in {' or '.join(SCALE_KINDS)} answers")
            for loc, table in tables for kind, lines in table.items() if kind not in SCALE_KINDS
            for j, line in enumerate(lines) if "{number}" in line]


def check_appointments(loaded: LoadedScenario) -> list[Problem]:
    """Each follow-up plays well too: the checks above, per opening, keeping the problems
    every opening shares (a state one opening skips may be where another starts); and the
    last opening must hold always, so every history has a way in."""
    problems: list[Problem] = []
    for index, appointment in enumerate(loaded.scenario.appointments):
        number = index + 2
        shared: set[str] | None = None
        found: dict[str, Problem] = {}
        for opening in appointment.openings:
            here = {str(p): p for p in check_scenario(follow_up(loaded, number, opening))}
            found.update(here)
            shared = set(here) if shared is None else shared & set(here)
        problems.extend(found[key] for key in sorted(shared or ()))
        last = appointment.openings[-1]
        if last.when is not None or last.after:
            problems.append(loaded.positions.problem(
                ["appointments", index, "openings", len(appointment.openings) - 1, "id"],
                "the last opening should have no 'when' or 'after', so that every history "
                "has a way into this appointment"))
    return problems
