"""Scenario walkthroughs: scripted conversations with the outcome a persona must reach.

Steps written as trainee text go through the real rubric, exactly as in the practice app, so a
walkthrough checks the scenario and the rubric together.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from simulator.errors import Problem
from simulator.rubric import Coder, Coding, load_rubric
from simulator.session import Session

if TYPE_CHECKING:
    from simulator.scenario import LoadedScenario
    from simulator.scenario.models import Walkthrough


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
    failures: list[str] = []
    for number, step in enumerate(walkthrough.steps, start=1):
        if session.ended:
            failures.append(f"the conversation ended ({session.ended}) before step {number}")
            break
        if step.say is not None:
            session.submit(step.say)
        else:
            session.apply(Coding(text="", codes=tuple(step.codes or ()), evidence=()))
    failures.extend(_compare(session, walkthrough))
    return WalkthroughRun(session, tuple(failures))


def check_walkthroughs(loaded: "LoadedScenario", coder: Coder | None = None) -> list[Problem]:
    """Run every walkthrough of a scenario; one problem per walkthrough that fails."""
    problems = []
    for index, walkthrough in enumerate(loaded.scenario.walkthroughs):
        run = run_walkthrough(loaded, walkthrough, coder)
        if not run.passed:
            problems.append(loaded.positions.problem(
                ["walkthroughs", index, "name"],
                f"walkthrough {walkthrough.name!r} fails: {'; '.join(run.failures)}"))
    return problems


def _compare(session: Session, walkthrough: "Walkthrough") -> list[str]:
    expect = walkthrough.expect
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
