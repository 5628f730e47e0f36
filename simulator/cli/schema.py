"""``coachsim schema``: print, check or regenerate the JSON Schemas in ``schemas/``."""
from __future__ import annotations

import click

from simulator.schema import SCHEMAS, render, stale, write_all


@click.command("schema")
@click.argument("name", required=False, type=click.Choice(sorted(SCHEMAS)))
@click.option("--write", is_flag=True, help="Regenerate every schema file in schemas/.")
@click.option("--check", is_flag=True, help="Exit 1 if a committed schema differs from its model.")
@click.pass_context
def command(ctx: click.Context, name: str | None, write: bool, check: bool) -> None:
    """Print the JSON Schema NAME (default: scenario), or --write / --check them all."""
    if write:
        for path in write_all():
            click.echo(f"wrote {path}", err=True)
        return
    if check:
        drifted = stale()
        for path in drifted:
            click.echo(f"{path}: out of date; run coachsim schema --write", err=True)
        ctx.exit(1 if drifted else 0)
    click.echo(render(name or "scenario"), nl=False)
