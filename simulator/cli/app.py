"""``coachsim app`` (and ``coachsim`` alone): the practice app in the terminal."""
from __future__ import annotations

from pathlib import Path
from typing import Callable

import click

from simulator.store import Store, StoreDamaged, set_aside


@click.command("app")
@click.option("--trainee", help="Your name, kept with each session (for portfolios and trainers).")
@click.option("--seed", type=int, default=None,
              help="Make every patient's lines repeatable (demos, teaching).")
@click.option("--rubric", "rubric_name", default="core", show_default=True,
              help="Rubric name in rubrics/ or a path to a rubric file.")
@click.pass_context
def command(ctx: click.Context, trainee: str | None, seed: int | None, rubric_name: str) -> None:
    """Open the practice app: pick a scenario, talk to the patient, see your report."""
    from simulator.tui.app import make_app

    data_dir = ctx.find_root().params.get("data_dir")
    open_store(data_dir).close()
    make_app(data_dir, seed=seed, trainee=trainee, rubric=rubric_name).run()


def open_store(data_dir: str | Path | None, ask: Callable[..., bool] = click.confirm) -> Store:
    """Open the practice store; a damaged one is reported in one line and, if the person
    agrees, set aside (kept, renamed beside it) for a fresh store. Declining exits 2."""
    try:
        return Store(data_dir)
    except StoreDamaged as exc:
        click.echo(f"coachsim: {exc}", err=True)
        if not ask("Set the damaged store aside (it is kept) and start a fresh one?",
                   default=False, err=True):
            raise click.exceptions.Exit(2) from None
        kept = set_aside(Path(exc.path))
        click.echo(f"coachsim: the damaged store is kept as {kept}", err=True)
        return Store(data_dir)
