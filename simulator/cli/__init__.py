"""The ``coachsim`` command: a click group whose commands each sit in their own module.

Every command is a few lines over the core. Bad input raises :class:`InputError`, which
:func:`main` prints as one line and turns into exit code 2: never a traceback.
"""
from __future__ import annotations

import sys

import click

from simulator import __version__
from simulator.errors import InputError


@click.group(invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="coachsim")
@click.pass_context
def cli(ctx: click.Context) -> None:
    """Practise health-coaching conversations with a simulated patient."""
    if ctx.invoked_subcommand is None:
        app = cli.get_command(ctx, "app")
        if app is None:
            click.echo(ctx.get_help())
            return
        ctx.invoke(app)


def _register() -> None:
    # Imported here so that each command module can import the core freely.
    from simulator.cli import commands  # noqa: F401


def main(argv: list[str] | None = None) -> None:
    """Entry point for the console script and ``python -m simulator``."""
    _register()
    try:
        # With standalone_mode off, a command's ctx.exit(code) comes back as the return value.
        code = cli.main(args=argv, prog_name="coachsim", standalone_mode=False)
    except InputError as exc:
        click.echo(f"coachsim: {exc}", err=True)
        sys.exit(2)
    except click.exceptions.Abort:
        click.echo("coachsim: stopped", err=True)
        sys.exit(130)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.ClickException as exc:
        exc.show()
        sys.exit(2 if isinstance(exc, click.UsageError) else exc.exit_code)
    except BrokenPipeError:
        sys.exit(0)
    sys.exit(code if isinstance(code, int) else 0)
