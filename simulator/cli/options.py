"""What several commands share: the settings read once by the group and the ``--rubric``
option."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable

import click

if TYPE_CHECKING:
    from simulator.config import Config


def current_config(ctx: click.Context) -> "Config":
    """The settings the group read once for this run (read now for a command run on its own)."""
    from simulator.config import load_config

    root = ctx.find_root()
    if root.obj is None:
        root.obj = load_config()
    return root.obj


def app_settings(config: "Config") -> dict[str, Any]:
    """``make_app``'s keyword arguments from the settings: store, names, rubric, theme, and the
    config file where the app remembers theme and name changes."""
    settings = config.settings
    return {"data_dir": settings.data_path, "trainee": settings.trainee,
            "rubric": settings.rubric, "theme": settings.theme, "config": config}


def rubric_option(help: str = "Rubric name in rubrics/ or a path to a rubric file") -> Callable:
    """``--rubric NAME`` on a command; not given, the ``rubric`` setting (core) applies."""
    return click.option("--rubric", "rubric_name", default=None,
                        help=f"{help} (default: the 'rubric' setting, core).")


def rubric_for(ctx: click.Context, rubric_name: str | None) -> str:
    """The command's ``--rubric`` if given, else the setting in force."""
    return rubric_name or current_config(ctx).settings.rubric
