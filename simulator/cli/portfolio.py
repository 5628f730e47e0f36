"""``coachsim portfolio``: a supervisor-ready document of a trainee's practice over a period."""
from __future__ import annotations

from datetime import date

import click

from simulator.errors import InputError
from simulator.portfolio import build
from simulator.render.portfolio import render
from simulator.rubric import load_rubric
from simulator.scenario import bundled_scenarios
from simulator.scenario.appointments import appointment_count
from simulator.files import write_private
from simulator.store import Store

SUFFIX = {"markdown": "md", "html": "html"}


def _day(value: str | None, option: str) -> str | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise InputError(f"{option} {value!r} is not a date; write it as YYYY-MM-DD") from None


@click.command("portfolio")
@click.option("--from", "start", metavar="DATE", help="First day to include (YYYY-MM-DD).")
@click.option("--to", "end", metavar="DATE", help="Last day to include (YYYY-MM-DD).")
@click.option("--format", "fmt", type=click.Choice(list(SUFFIX)), default="markdown",
              show_default=True, help="Markdown, or one self-contained HTML page.")
@click.option("--trainee", help="Your name, for the document's title.")
@click.option("--rubric", "rubric_name", default="core", show_default=True,
              help="Rubric whose band targets the skills are shown against.")
@click.pass_context
def command(ctx: click.Context, start: str | None, end: str | None, fmt: str,
            trainee: str | None, rubric_name: str) -> None:
    """Write a supervision portfolio: practice hours by month and scenario, journeys
    completed, skills over time against the band targets, reflections, the best and the most
    instructive replies with rewrites, and the care plans written. The file goes to the
    exports folder (owner-only); its path is printed."""
    start, end = _day(start, "--from"), _day(end, "--to")
    if start and end and start > end:
        raise InputError(f"--from {start} is after --to {end}; swap them")
    rubric = load_rubric(rubric_name)
    appointments = {s.scenario.id: appointment_count(s) for s in bundled_scenarios()}
    with Store(ctx.find_root().params.get("data_dir")) as store:
        portfolio = build(store, rubric, appointments, start=start, end=end)
        name = f"portfolio-{start or 'start'}-to-{end or 'now'}.{SUFFIX[fmt]}"
        path = write_private(store.exports_dir() / name, render(portfolio, fmt, trainee))
    click.echo(str(path))
