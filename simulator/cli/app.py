"""``coachsim app`` (and ``coachsim`` alone): the practice app in the terminal."""
from __future__ import annotations

from pathlib import Path
from typing import Callable

import click

from simulator.cli.options import app_settings, current_config, rubric_option
from simulator.store import Store, StoreDamaged, set_aside


@click.command("app")
@click.option("--trainee", help="Your name, kept with each session (for portfolios and trainers); "
              "remembered for next time.")
@click.option("--seed", type=int, default=None,
              help="Make every patient's lines repeatable (demos, teaching).")
@rubric_option()
@click.pass_context
def command(ctx: click.Context, trainee: str | None, seed: int | None,
            rubric_name: str | None) -> None:
    """Open the practice app: pick a scenario, talk to the patient, see your report."""
    from simulator.tui.app import make_app

    config = current_config(ctx).overridden({"trainee": trainee, "rubric": rubric_name})
    settings = app_settings(config)
    open_store(settings["data_dir"]).close()
    make_app(seed=seed, **settings).run()


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
