"""``coachsim validate PATH...``: check scenario, rubric and drill files.

One line per problem, ``file:line:column: message``, then a summary on standard error. Exit 0
when clean, 1 when problems were found, 2 when any input cannot be used at all (those files'
lines go to standard error, like every other command's bad-input errors).
"""
from __future__ import annotations

from pathlib import Path
from typing import Callable

import click

from simulator import paths as bundled
from simulator.drills.check import validate_drill
from simulator.errors import InputError, Problem
from simulator.rubric import validate_rubric
from simulator.scenario import (check_references, check_scenario, count_lines, find_scenarios,
                                read_scenario)
from simulator.scenario.checks import unanswered_kinds
from simulator.walkthrough import check_walkthroughs
from simulator.words import plural

Checker = Callable[[Path], list[Problem]]


class Unusable(Exception):
    """A file that cannot be used at all, with every problem that makes it so."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(str(problems[0]))
        self.problems = problems


def validate_scenario(path: Path) -> list[Problem]:
    """Every problem in a scenario file: the structure and realism checks, then walkthroughs.

    A file that does not load raises :class:`InputError`; one whose names or conditions do
    not resolve raises :class:`Unusable` listing all of them (the other checks need them).
    """
    loaded = read_scenario(path)
    problems = check_references(loaded)
    if problems:
        raise Unusable(problems)
    return [*check_scenario(loaded), *check_walkthroughs(loaded)]


#: The checker for a file, by the name of the folder it sits in; any other file is a scenario.
CHECKERS: dict[str, Checker] = {
    "scenarios": validate_scenario,
    "drills": validate_drill,
    "rubrics": validate_rubric,
}


def checker_for(path: Path) -> Checker:
    """The checker for ``path``: by its folder's name, else the scenario checker."""
    return CHECKERS.get(path.parent.name, validate_scenario)


@click.command("validate")
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("-v", "--verbose", is_flag=True, help="Also say how many lines each scenario has.")
@click.pass_context
def command(ctx: click.Context, paths: tuple[str, ...], verbose: bool) -> None:
    """Check scenarios, drills and rubrics (files, or every .yaml/.yml file in folders);
    without PATHS, the bundled ones.

    A file in a folder named drills or rubrics is checked as one; any other as a scenario.

    Prints file:line:column: message for each problem. Exit 0 when clean, 1 when problems
    were found, 2 when a file could not be read or used at all (unreadable, not YAML, not
    the schema, or naming states, variables or conditions that do not exist).
    """
    if not paths:
        paths = tuple(map(str, (bundled.SCENARIOS_DIR, bundled.DRILLS_DIR, bundled.RUBRICS_DIR)))
    unusable = problems = 0
    files: list[Path] = []
    for item in paths:
        found = find_scenarios([item])
        if not found:
            click.echo(f"{item}: no .yaml or .yml files in this folder", err=True)
            unusable += 1
        files.extend(found)
    for path in files:
        checker = checker_for(path)
        try:
            found = checker(path)
        except (InputError, Unusable) as exc:
            for line in map(str, getattr(exc, "problems", [exc])):
                click.echo(line, err=True)
            unusable += 1
            continue
        for problem in found:
            click.echo(str(problem))
        problems += len(found)
        if checker is validate_scenario:
            loaded = read_scenario(path)
            missing = unanswered_kinds(loaded.scenario)
            # Said of every scenario that has begun writing answers, and of any with -v.
            if missing and (verbose or loaded.scenario.answers):
                click.echo(f"{path}: no answers for {', '.join(missing)} (the person falls back "
                           "on topics and state lines)", err=True)
            if verbose:
                click.echo(f"{path}: {plural(count_lines(loaded), 'distinct patient line')}", err=True)
    summary = f"{plural(len(files), 'file')} checked, {plural(problems, 'problem')}"
    if unusable:
        summary += f", {unusable} unusable"
    click.echo(summary, err=True)
    ctx.exit(2 if unusable else 1 if problems else 0)
