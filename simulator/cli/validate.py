"""``coachsim validate PATH...``: check scenario files (and, as they plug in, rubrics and drills).

One line per problem, ``file:line:column: message``, then a summary on standard error. Exit 0
when clean, 1 when problems were found, 2 when any input cannot be used at all (those files'
lines go to standard error, like every other command's bad-input errors).
"""
from __future__ import annotations

import importlib
from pathlib import Path
from typing import Callable

import click

from simulator.errors import InputError, Problem
from simulator.scenario import (check_references, check_scenario, count_lines, find_scenarios,
                                read_scenario)
from simulator.scenario.checks import unanswered_kinds

Checker = Callable[[Path], list[Problem]]


def lazy(module: str, name: str) -> Checker:
    """A checker imported on first use, so validating scenarios never imports the rubric engine."""
    def check(path: Path) -> list[Problem]:
        return getattr(importlib.import_module(module), name)(path)
    return check


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
    return [*check_scenario(loaded), *_walkthrough_problems(loaded)]


def _walkthrough_problems(loaded) -> list[Problem]:
    try:
        module = importlib.import_module("simulator.walkthrough")
    except ImportError as exc:
        # Until the walkthrough runner and the rubric it codes with have landed, skip them.
        if exc.name not in ("simulator.walkthrough", "simulator.rubric"):
            raise
        return []
    return module.check_walkthroughs(loaded)


#: The checker for a file, by the name of the folder it sits in; any other file is a scenario.
#: Another kind plugs in with one line, e.g.
#: ``"rubrics": lazy("simulator.rubric.load", "validate_rubric"),``
CHECKERS: dict[str, Checker] = {
    "scenarios": validate_scenario,
    "drills": lazy("simulator.drills.check", "validate_drill"),
    "rubrics": lazy("simulator.rubric.load", "validate_rubric"),
}


def checker_for(path: Path) -> Checker:
    """The checker for ``path``: by its folder's name, else the scenario checker."""
    return CHECKERS.get(path.parent.name, validate_scenario)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


@click.command("validate")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("-v", "--verbose", is_flag=True, help="Also say how many lines each scenario has.")
@click.pass_context
def command(ctx: click.Context, paths: tuple[str, ...], verbose: bool) -> None:
    """Check scenarios, drills and rubrics (files, or every .yaml/.yml file in folders).

    A file in a folder named drills or rubrics is checked as one; any other as a scenario.

    Prints file:line:column: message for each problem. Exit 0 when clean, 1 when problems
    were found, 2 when a file could not be read or used at all (unreadable, not YAML, not
    the schema, or naming states, variables or conditions that do not exist).
    """
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
                click.echo(f"{path}: {_plural(count_lines(loaded), 'distinct patient line')}", err=True)
    summary = f"{_plural(len(files), 'file')} checked, {_plural(problems, 'problem')}"
    if unusable:
        summary += f", {unusable} unusable"
    click.echo(summary, err=True)
    ctx.exit(2 if unusable else 1 if problems else 0)
