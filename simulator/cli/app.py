"""``coachsim app`` (and ``coachsim`` alone): the practice app in the terminal."""
from __future__ import annotations

import click


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
    make_app(data_dir, seed=seed, trainee=trainee, rubric=rubric_name).run()
