"""Scenario walkthroughs: scripted conversations with the outcome a persona must reach.

Steps written as trainee text go through the real rubric, exactly as in the practice app, so a
walkthrough checks the scenario and the rubric together.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from simulator.errors import Problem
from simulator.journey import Carryover, begin_appointment, carry_over
from simulator.rubric import Coder, Coding, load_rubric
from simulator.session import Session

if TYPE_CHECKING:
    from simulator.scenario import LoadedScenario
    from simulator.scenario.models import Expect, JourneyExpect, JourneyWalkthrough, Step, Walkthrough


@dataclass(frozen=True)
class WalkthroughRun:
    """What a walkthrough did, and how it fell short of its expectations."""

    session: Session
    failures: tuple[str, ...]

    @property
    def passed(self) -> bool:
        return not self.failures


def run_walkthrough(loaded: "LoadedScenario", walkthrough: "Walkthrough",
                    coder: Coder | None = None) -> WalkthroughRun:
    """Play ``walkthrough`` against a fresh persona and compare the end with its ``expect``."""
    session = Session(loaded, coder=coder or _default_coder(), seed=walkthrough.seed)
    failures = _play(session, walkthrough.steps)
    failures.extend(_compare(session, walkthrough.expect))
    return WalkthroughRun(session, tuple(failures))


def _play(session: Session, steps: "list[Step]") -> list[str]:
    """Take each step in turn; a failure if the conversation ends before the last."""
    for number, step in enumerate(steps, start=1):
        if session.ended:
            return [f"the conversation ended ({session.ended}) before step {number}"]
        if step.say is not None:
            session.submit(step.say)
        else:
            session.apply(Coding(text="", codes=tuple(step.codes or ()), evidence=()))
    return []


@dataclass(frozen=True)
class JourneyRun:
    """What a journey walkthrough did in each appointment, and where it fell short."""

    sessions: tuple[Session, ...]
    records: tuple[Carryover, ...]
    failures: tuple[str, ...]

    @property
    def passed(self) -> bool:
        return not self.failures


def run_journey_walkthrough(loaded: "LoadedScenario", walkthrough: "JourneyWalkthrough",
                            coder: Coder | None = None) -> JourneyRun:
    """Play each visit as the next appointment, opening from the record of the one before."""
    coder = coder or _default_coder()
    sessions: list[Session] = []
    records: list[Carryover] = []
    failures: list[str] = []
    previous: Carryover | None = None
    for number, visit in enumerate(walkthrough.visits, start=1):
        session = begin_appointment(loaded, number, previous, coder=coder, seed=walkthrough.seed)
        found = _play(session, visit.steps)
        previous = carry_over(session)
        found.extend(_compare(session, visit.expect))
        found.extend(_compare_journey(session, previous, visit.expect))
        failures.extend(f"appointment {number}: {failure}" for failure in found)
        sessions.append(session)
        records.append(previous)
    return JourneyRun(tuple(sessions), tuple(records), tuple(failures))


def _compare_journey(session: Session, record: Carryover, expect: "JourneyExpect") -> list[str]:
    failures = []
    if expect.opened is not None and expect.opened != session.info.opened:
        failures.append(f"expected it to open with {expect.opened}, got {session.info.opened}")
    if expect.goal_by is not None and expect.goal_by != record.goal_by:
        failures.append(f"expected the goal to be chosen by {expect.goal_by}, got {record.goal_by}"
                        f" ({record.goal!r})")
    if expect.goal_small is not None and expect.goal_small != record.small:
        failures.append(f"expected the goal {'' if expect.goal_small else 'not '}to be small and "
                        f"specific: {record.goal!r}")
    return failures


def check_walkthroughs(loaded: "LoadedScenario", coder: Coder | None = None) -> list[Problem]:
    """Run every walkthrough of a scenario, single appointments and journeys; one problem per
    walkthrough that fails."""
    scenario = loaded.scenario
    runs = [("walkthroughs", "walkthrough", w, run_walkthrough) for w in scenario.walkthroughs]
    runs += [("journey_walkthroughs", "journey walkthrough", w, run_journey_walkthrough)
             for w in scenario.journey_walkthroughs]
    problems = []
    counted: dict[str, int] = {}
    for key, kind, walkthrough, run_one in runs:
        index = counted[key] = counted.get(key, -1) + 1
        run = run_one(loaded, walkthrough, coder)
        if not run.passed:
            problems.append(loaded.positions.problem(
                [key, index, "name"],
                f"{kind} {walkthrough.name!r} fails: {'; '.join(run.failures)}"))
    return problems


def _compare(session: Session, expect: "Expect") -> list[str]:
    persona = session.persona
    failures = []
    if expect.ended != persona.ended:
        failures.append(f"expected it to end {expect.ended or 'not at all'}, "
                        f"but it ended {persona.ended or 'not at all'} (state {persona.state})")
    if expect.state is not None and expect.state != persona.state:
        failures.append(f"expected state {expect.state}, got {persona.state}")
    for name, (low, high) in expect.variables.items():
        value = persona.variables[name]
        if not low <= value <= high:
            failures.append(f"expected {name} in [{low:g}, {high:g}], got {value:g}")
    for said in expect.said:
        if said not in persona.said:
            failures.append(f"expected the person to have said {said!r}")
    for said in expect.not_said:
        if said in persona.said:
            failures.append(f"expected the person not to have said {said!r}")
    return failures


_CODER: Coder | None = None


def _default_coder() -> Coder:
    # Compiling the rubric once serves every walkthrough in a validate run or test session.
    global _CODER
    if _CODER is None:
        _CODER = Coder(load_rubric("core"))
    return _CODER
