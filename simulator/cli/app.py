"""``coachsim app`` (and ``coachsim`` alone): the practice app in the terminal."""
from __future__ import annotations

import click

from simulator.cli.options import app_settings, current_config, rubric_option


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
    make_app(seed=seed, **app_settings(config)).run()
