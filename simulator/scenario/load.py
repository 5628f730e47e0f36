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
from simulator.scenario.models import BUILTIN_COUNTERS, CARRIED, Appointment, Scenario
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
    for known, texts in _all_conditions(scenario):
        for _, text in texts:
            if text not in conditions:
                try:
                    conditions[text] = parse_condition(text, known)
                except ConditionError:
                    pass  # reported with its position by check_references
    return LoadedScenario(scenario, positions, Path(path), conditions)


def _all_conditions(scenario: Scenario) -> Iterator[tuple[frozenset[str], Iterator[tuple[Loc, str]]]]:
    """Every condition text with the names it may use: the persona's conditions over the
    variables and counters; follow-up openings' over what carried over."""
    yield _known_names(scenario), condition_texts(scenario)
    yield frozenset(CARRIED), opening_conditions(scenario)


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
    _machine_refs([], scenario.transitions, scenario.endings, state_ref)
    for i, need in enumerate(scenario.needs):
        for j, name in enumerate(need.before):
            state_ref(["needs", i, "before", j], name, "need before")
    for i, appointment in enumerate(scenario.appointments):
        _appointment_refs(scenario, i, appointment, found)

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

    _journey_walkthrough_refs(scenario, ids, found)
    problems = [positions.problem(loc, message, key=key) for loc, message, key in found]
    for known, texts in _all_conditions(scenario):
        for loc, text in texts:
            try:
                parse_condition(text, known)
            except ConditionError as exc:
                problems.append(_condition_problem(positions, loc, exc))
    problems.sort(key=lambda p: (p.line, p.column))
    return problems


def _machine_refs(prefix: Loc, transitions, endings, state_ref) -> None:
    """References to states from transitions and endings (of the scenario or an appointment)."""
    for i, t in enumerate(transitions):
        if isinstance(t.source, list):
            for j, name in enumerate(t.source):
                state_ref([*prefix, "transitions", i, "from", j], name, "from")
        elif t.source != "*":
            state_ref([*prefix, "transitions", i, "from"], t.source, "from")
        state_ref([*prefix, "transitions", i, "to"], t.to, "to")
    for kind in ("goal_agreed", "disengaged"):
        for j, name in enumerate(getattr(endings, kind)):
            state_ref([*prefix, "endings", kind, j], name, f"ending {kind}")


def _appointment_refs(scenario: Scenario, index: int, appointment: Appointment,
                      found: list[tuple[Loc, str, bool]]) -> None:
    """A follow-up's states, openings and 'after' ids resolve within the journey."""
    prefix = ["appointments", index]
    states = appointment.states

    def state_ref(loc: Loc, name: str, what: str) -> None:
        if name not in states:
            found.append((loc, f"{what} {name!r} is not a state of this appointment; states: "
                          f"{_listing(states)}", False))

    _machine_refs(prefix, appointment.transitions, appointment.endings, state_ref)
    earlier = {o.id for o in scenario.appointments[index - 1].openings} if index else set()
    for k, opening in enumerate(appointment.openings):
        here = [*prefix, "openings", k]
        state_ref([*here, "start"], opening.start, "start")
        for name in opening.changes:
            if name not in scenario.variables:
                found.append(([*here, "changes", name], f"{name!r} is not a variable; "
                              f"variables: {_listing(scenario.variables)}", True))
        for j, after in enumerate(opening.after):
            if not index:
                found.append(([*here, "after", j], "the first follow-up comes after the first "
                               "appointment, which has no openings; use 'when' instead", False))
            elif after not in earlier:
                found.append(([*here, "after", j], f"{after!r} is not an opening of appointment "
                               f"{index + 1}; openings: {_listing(earlier)}", False))


def _journey_walkthrough_refs(scenario: Scenario, ids: set[str],
                              found: list[tuple[Loc, str, bool]]) -> None:
    """Each visit's expectations name states, openings and ids of its own appointment."""
    appointments = scenario.appointments
    for i, w in enumerate(scenario.journey_walkthroughs):
        if len(w.visits) > 1 + len(appointments):
            found.append((["journey_walkthroughs", i, "visits"], f"{len(w.visits)} visits, but the "
                          f"scenario has {1 + len(appointments)} appointments", False))
            continue
        for v, visit in enumerate(w.visits):
            here = ["journey_walkthroughs", i, "visits", v, "expect"]
            expect = visit.expect
            states = scenario.states if v == 0 else appointments[v - 1].states
            if expect.state is not None and expect.state not in states:
                found.append(([*here, "state"], f"expected state {expect.state!r} is not a state "
                              f"of appointment {v + 1}; states: {_listing(states)}", False))
            openings = {o.id for o in appointments[v - 1].openings} if v else set()
            if expect.opened is not None and expect.opened not in openings:
                found.append(([*here, "opened"], f"{expect.opened!r} is not an opening of "
                              f"appointment {v + 1}; openings: {_listing(openings) or '(none)'}", False))
            for name in expect.variables:
                if name not in scenario.variables:
                    found.append(([*here, "variables", name], f"{name!r} is not a variable; "
                                  f"variables: {_listing(scenario.variables)}", True))
            for key in ("said", "not_said"):
                for j, said in enumerate(getattr(expect, key)):
                    if said not in ids:
                        found.append(([*here, key, j], f"{said!r} is not a hidden concern or "
                                      f"topic id; ids: {_listing(ids) or '(none)'}", False))


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
    for a, appointment in enumerate(scenario.appointments):
        prefix = ["appointments", a]
        for i, concern in enumerate(appointment.hidden_concerns):
            yield [*prefix, "hidden_concerns", i, "when"], concern.when
        for name, state in appointment.states.items():
            for i, topic in enumerate(state.topics):
                if topic.when is not None:
                    yield [*prefix, "states", name, "topics", i, "when"], topic.when
        for i, t in enumerate(appointment.transitions):
            if t.when is not None:
                yield [*prefix, "transitions", i, "when"], t.when


def opening_conditions(scenario: Scenario) -> Iterator[tuple[Loc, str]]:
    """Every follow-up opening's condition (over what carried over) with its location."""
    for a, appointment in enumerate(scenario.appointments):
        for k, opening in enumerate(appointment.openings):
            if opening.when is not None:
                yield ["appointments", a, "openings", k, "when"], opening.when


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
    for a, appointment in enumerate(scenario.appointments):
        prefix = ["appointments", a]
        for code, changes in appointment.effects.items():
            yield [*prefix, "effects", code], changes
        for i, concern in enumerate(appointment.hidden_concerns):
            yield [*prefix, "hidden_concerns", i, "effects"], concern.effects
        for name, state in appointment.states.items():
            for code, changes in state.effects.items():
                yield [*prefix, "states", name, "effects", code], changes
            for i, topic in enumerate(state.topics):
                yield [*prefix, "states", name, "topics", i, "effects"], topic.effects


def _said_ids(scenario: Scenario) -> set[str]:
    ids = {c.id for c in scenario.persona.hidden_concerns}
    ids.update(t.id for s in scenario.states.values() for t in s.topics)
    for appointment in scenario.appointments:
        ids.update(c.id for c in appointment.hidden_concerns)
        ids.update(t.id for s in appointment.states.values() for t in s.topics)
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
