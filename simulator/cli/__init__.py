"""The ``coachsim`` command: a click group whose commands each sit in their own module.

Every command is a few lines over the core. Bad input raises :class:`InputError`, which
:func:`main` prints as one line and turns into exit code 2: never a traceback.
"""
from __future__ import annotations

import importlib
import sys

import click

from simulator import __version__
from simulator.errors import InputError
from simulator.terminal import printable


class LazyGroup(click.Group):
    """A group whose commands are imported on first use (see :mod:`simulator.cli.commands`)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        from simulator.cli.commands import COMMANDS

        return sorted(set(super().list_commands(ctx)) | set(COMMANDS))

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        from simulator.cli.commands import COMMANDS

        if name in COMMANDS:
            return importlib.import_module(COMMANDS[name]).command
        return super().get_command(ctx, name)


#: Group options that set a setting, by dotted key (see :mod:`simulator.config`).
SETTING_FLAGS = {"data_dir": "--data-dir", "trainee": "--trainee", "trainer": "--trainer",
                 "rubric": "--rubric", "theme": "--theme"}


@click.group(cls=LazyGroup, invoke_without_command=True,
             context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="coachsim")
@click.option("--config", "config_file", type=click.Path(dir_okay=False),
              help="Settings file to use (default: config.toml in your user config folder; "
              "see 'coachsim config'). Also COACHSIM_CONFIG.")
@click.option("--data-dir", type=click.Path(file_okay=False),
              help="Where the practice store lives (default: your user data folder). "
              "Also COACHSIM_DATA_DIR.")
@click.option("--trainee", help="Your name, kept with each session. Also COACHSIM_TRAINEE.")
@click.option("--trainer", help="Your name as a trainer, kept with each review verdict. "
              "Also COACHSIM_TRAINER.")
@click.option("--rubric", help="Rubric name or file for every command (default: core). "
              "Also COACHSIM_RUBRIC.")
@click.option("--theme", help="The app's colour theme, e.g. textual-light. Also COACHSIM_THEME.")
@click.pass_context
def cli(ctx: click.Context, config_file: str | None, **flags: str | None) -> None:
    """Practise health-coaching conversations with a simulated patient.

    Without a command, opens the practice app. Settings come from the flags, then COACHSIM_*
    variables, then the config file ('coachsim config' shows which is in force).
    """
    from simulator.config import load_config

    ctx.obj = load_config(flags, config=config_file, flag_names=SETTING_FLAGS)
    if ctx.invoked_subcommand is None:
        app = cli.get_command(ctx, "app")
        if app is None:
            click.echo(ctx.get_help())
            return
        ctx.invoke(app)


def main(argv: list[str] | None = None) -> None:
    """Entry point for the console script and ``python -m simulator``."""
    try:
        # With standalone_mode off, a command's ctx.exit(code) comes back as the return value.
        code = cli.main(args=argv, prog_name="coachsim", standalone_mode=False)
    except InputError as exc:
        # Messages quote paths and text from outside: one line, with no terminal escapes.
        click.echo(f"coachsim: {printable(str(exc), newlines=False)}", err=True)
        sys.exit(2)
    except click.exceptions.Abort:
        click.echo("coachsim: stopped", err=True)
        sys.exit(130)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.UsageError as exc:
        # One line, like every other error: what was wrong and where to read more.
        where = exc.ctx.command_path if exc.ctx else "coachsim"
        message = " ".join(exc.format_message().split())
        click.echo(f"coachsim: {message} (see '{where} --help')", err=True)
        sys.exit(2)
    except click.ClickException as exc:
        click.echo(f"coachsim: {' '.join(exc.format_message().split())}", err=True)
        sys.exit(exc.exit_code)
    except BrokenPipeError:
        sys.exit(0)
    sys.exit(code if isinstance(code, int) else 0)
