"""What several commands share: the settings read once by the group, the ``--rubric`` option,
and scenario or drill arguments given by id or path (with shell completion of the ids)."""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

import click
from click.shell_completion import CompletionItem

from simulator import paths

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


class BundledFile(click.ParamType):
    """A scenario or drill: the id of a bundled one (``alcohol_cutting_down``) or a file path.
    Completes the bundled ids, and file names once it looks like a path."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.name = paths.KINDS.get(folder.name, folder.name)

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Path:
        return value if isinstance(value, Path) else paths.bundled_file(self.folder, str(value))

    def shell_complete(self, ctx: click.Context, param: click.Parameter,
                       incomplete: str) -> list[CompletionItem]:
        ids = [name for name in paths.bundled_ids(self.folder) if name.startswith(incomplete)]
        if ids and not paths.is_path(incomplete):
            return [CompletionItem(name) for name in ids]
        return [CompletionItem(incomplete, type="file")]

    def get_metavar(self, param: click.Parameter, ctx: click.Context | None = None) -> str:
        return f"{self.name.split()[-1].upper()}_ID|FILE"


SCENARIO = BundledFile(paths.SCENARIOS_DIR)
DRILL = BundledFile(paths.DRILLS_DIR)
CALIBRATION_REFERENCE = BundledFile(paths.CALIBRATION_DIR)
