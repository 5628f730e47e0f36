"""``coachsim config``: the settings in force and where each came from."""
from __future__ import annotations

import click

from simulator.cli.options import current_config
from simulator.config import KEYS


@click.command("config")
@click.option("--path", "path_only", is_flag=True,
              help="Print only the config file's path (e.g. to open it in an editor).")
@click.pass_context
def command(ctx: click.Context, path_only: bool) -> None:
    """Print every setting in force, its value and where it came from: a flag, a COACHSIM_*
    variable, the config file or the default.

    The config file is TOML, for example:

    \b
        trainee = "Ana Lopez"
        trainer = "Dr Ames"
        theme = "textual-light"
        rubric = "core"
        data_dir = "~/coaching"
        [serve]
        port = 8000
    """
    config = current_config(ctx)
    if path_only:
        click.echo(str(config.path))
        return
    state = "" if config.path.is_file() else " (not there yet: the defaults apply)"
    click.echo(f"config file: {config.path}{state}")
    rows = [(key, _shown(key, config.value(key)), config.sources[key]) for key in KEYS]
    width = max(len(key) for key in KEYS)
    value_width = min(40, max(len(value) for _, value, _ in rows))
    for key, value, source in rows:
        click.echo(f"{key:<{width}}  {value:<{value_width}}  {source}")


def _shown(key: str, value: object) -> str:
    """A setting's value as printed; an unset one says what happens instead."""
    if value is not None:
        return str(value)
    if key == "data_dir":
        from simulator.store import default_data_dir

        return f"{default_data_dir()} (user data folder)"
    if key == "trainer":
        return "(not set: asked at the first review verdict)"
    return "(not set)"
