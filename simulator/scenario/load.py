"""Load a scenario file: schema validation, then every name and condition resolved once.

Pydantic checks the shape of the file; this module checks what the schema cannot: that states,
variables and ids named in one place exist in another, and that every ``when`` parses. Each
problem points at the exact ``line:column`` of the offending value.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator, Sequence

import yaml

from simulator import paths
from simulator.conditions import Condition, ConditionError, parse_condition
from simulator.errors import Problem
from simulator.scenario.models import BUILTIN_COUNTERS, Scenario
from simulator.yamlfile import Positions, load_model

Loc = Sequence[Any]


@dataclass(frozen=True, eq=False)  # compared and hashed by identity: personas cache per scenario
class LoadedScenario:
    """A validated scenario, where its values sit in the file, and its parsed conditions."""

    scenario: Scenario
    positions: Positions
    path: Path
    #: Every ``when`` text in the file, parsed once (only those that parse).
    conditions: dict[str, Condition] = field(default_factory=dict)

    def condition(self, text: str | None) -> Condition | None:
        """The parsed condition for a ``when`` text (``None`` for no condition)."""
        return None if text is None else self.conditions[text]

    @property
    def final_states(self) -> frozenset[str]:
        """States that end the session (goal agreed or disengaged)."""
        endings = self.scenario.endings
        return frozenset(endings.goal_agreed) | frozenset(endings.disengaged)


def load_scenario(path: str | Path) -> LoadedScenario:
    """Load a scenario file; raise :class:`InputError` at the first bad reference or condition."""
    loaded = read_scenario(path)
    problems = check_references(loaded)
    if problems:
        raise problems[0].as_error()
    return loaded


def read_scenario(path: str | Path) -> LoadedScenario:
    """Load and schema-validate a scenario without checking references (for ``validate``)."""
    scenario, positions = load_model(path, Scenario)
    conditions: dict[str, Condition] = {}
    known = _known_names(scenario)
    for _, text in condition_texts(scenario):
        if text not in conditions:
            try:
                conditions[text] = parse_condition(text, known)
            except ConditionError:
                pass  # reported with its position by check_references
    return LoadedScenario(scenario, positions, Path(path), conditions)


def check_references(loaded: LoadedScenario) -> list[Problem]:
    """Every reference problem in the file, in file order: unknown states, variables, ids,
    and conditions that do not parse."""
    scenario, positions = loaded.scenario, loaded.positions
    found: list[tuple[Loc, str, bool]] = []  # (loc, message, at the key rather than the value)
    states = scenario.states
    variables = scenario.variables

    def state_ref(loc: Loc, name: str, what: str) -> None:
        if name not in states:
            found.append((loc, f"{what} {name!r} is not a state; states: {_listing(states)}", False))

    state_ref(["start"], scenario.start, "start")
    for i, t in enumerate(scenario.transitions):
        if isinstance(t.source, list):
            for j, name in enumerate(t.source):
                state_ref(["transitions", i, "from", j], name, "from")
        elif t.source != "*":
            state_ref(["transitions", i, "from"], t.source, "from")
        state_ref(["transitions", i, "to"], t.to, "to")
    for kind in ("goal_agreed", "disengaged"):
        for j, name in enumerate(getattr(scenario.endings, kind)):
            state_ref(["endings", kind, j], name, f"ending {kind}")
    for i, need in enumerate(scenario.needs):
        for j, name in enumerate(need.before):
            state_ref(["needs", i, "before", j], name, "need before")

    for loc, names in _effect_tables(scenario):
        for name in names:
            if name not in variables:
                found.append(([*loc, name], f"{name!r} is not a variable; variables: "
                              f"{_listing(variables)}", True))

    ids = _said_ids(scenario)
    for i, w in enumerate(scenario.walkthroughs):
        if w.expect.state is not None:
            state_ref(["walkthroughs", i, "expect", "state"], w.expect.state, "expected state")
        for name in w.expect.variables:
            if name not in variables:
                found.append((["walkthroughs", i, "expect", "variables", name],
                              f"{name!r} is not a variable; variables: {_listing(variables)}", True))
        for key in ("said", "not_said"):
            for j, said in enumerate(getattr(w.expect, key)):
                if said not in ids:
                    found.append((["walkthroughs", i, "expect", key, j],
                                  f"{said!r} is not a hidden concern or topic id; ids: "
                                  f"{_listing(ids) or '(none)'}", False))

    problems = [positions.problem(loc, message, key=key) for loc, message, key in found]
    known = _known_names(scenario)
    for loc, text in condition_texts(scenario):
        if text in loaded.conditions:
            continue
        try:
            parse_condition(text, known)
        except ConditionError as exc:
            problems.append(_condition_problem(positions, loc, exc))
    problems.sort(key=lambda p: (p.line, p.column))
    return problems


def find_scenarios(items: Iterable[str | Path]) -> list[Path]:
    """Files as given; folders expand to their ``*.yaml`` and ``*.yml`` files, sorted."""
    found: list[Path] = []
    for item in items:
        p = Path(item)
        if p.is_dir():
            found.extend(sorted(f for f in p.iterdir()
                                if f.suffix in (".yaml", ".yml") and f.is_file()))
        else:
            found.append(p)
    return found


def bundled_scenarios() -> list[LoadedScenario]:
    """Every scenario shipped in ``scenarios/``; a broken one raises its :class:`InputError`."""
    if not paths.SCENARIOS_DIR.is_dir():
        return []
    return [load_scenario(p) for p in find_scenarios([paths.SCENARIOS_DIR])]


def _known_names(scenario: Scenario) -> frozenset[str]:
    return frozenset(scenario.variables) | frozenset(BUILTIN_COUNTERS)


def condition_texts(scenario: Scenario) -> Iterator[tuple[Loc, str]]:
    """Every condition text in the file with its location."""
    for i, concern in enumerate(scenario.persona.hidden_concerns):
        yield ["persona", "hidden_concerns", i, "when"], concern.when
    for name, state in scenario.states.items():
        for i, topic in enumerate(state.topics):
            if topic.when is not None:
                yield ["states", name, "topics", i, "when"], topic.when
    for i, t in enumerate(scenario.transitions):
        if t.when is not None:
            yield ["transitions", i, "when"], t.when
    for i, need in enumerate(scenario.needs):
        yield ["needs", i, "when"], need.when


def _effect_tables(scenario: Scenario) -> Iterator[tuple[Loc, Iterable[str]]]:
    """Every mapping of variable names to changes, with its location."""
    for code, changes in scenario.effects.items():
        yield ["effects", code], changes
    for i, concern in enumerate(scenario.persona.hidden_concerns):
        yield ["persona", "hidden_concerns", i, "effects"], concern.effects
    for name, state in scenario.states.items():
        for code, changes in state.effects.items():
            yield ["states", name, "effects", code], changes
        for i, topic in enumerate(state.topics):
            yield ["states", name, "topics", i, "effects"], topic.effects


def _said_ids(scenario: Scenario) -> set[str]:
    ids = {c.id for c in scenario.persona.hidden_concerns}
    ids.update(t.id for s in scenario.states.values() for t in s.topics)
    return ids


def _listing(names: Iterable[str]) -> str:
    return ", ".join(sorted(names))


def _condition_problem(positions: Positions, loc: Loc, exc: ConditionError) -> Problem:
    """Point at the offending character inside the condition when the value is on one line."""
    node = positions.node(loc)
    line, column = node.start_mark.line + 1, node.start_mark.column + 1
    if isinstance(node, yaml.ScalarNode) and node.start_mark.line == node.end_mark.line:
        quoted = node.style in ("'", '"')
        column += exc.column - 1 + (1 if quoted else 0)
    return Problem(positions.path, line, column, f"condition: {exc}")
