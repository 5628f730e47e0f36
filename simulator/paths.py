"""Where the project's own files live (scenarios, rubrics, drills, calibration references,
schemas), and finding one of them by id.

They sit at the repository's top level. A wheel (``pip install``, ``pipx``) carries them inside
the package as ``simulator/_data/<folder>`` (``package-dir`` in ``pyproject.toml`` maps each
folder there), so the package is asked first through :mod:`importlib.resources`; a checkout or
an editable install has no ``_data`` and uses the top-level folders themselves.
"""
from __future__ import annotations

import difflib
from importlib.resources import files
from pathlib import Path

from simulator.errors import InputError

PACKAGE_DIR = Path(str(files("simulator")))
#: The checkout the package runs from (editable install, as dev.py does); in a wheel, where
#: the package was installed.
PROJECT_DIR = PACKAGE_DIR.parent
_PACKAGED = PACKAGE_DIR / "_data"
#: The folder holding the bundled data folders: in the package when installed from a wheel.
DATA_DIR = _PACKAGED if _PACKAGED.is_dir() else PROJECT_DIR
SCENARIOS_DIR = DATA_DIR / "scenarios"
RUBRICS_DIR = DATA_DIR / "rubrics"
DRILLS_DIR = DATA_DIR / "drills"
CALIBRATION_DIR = DATA_DIR / "calibration"
SCHEMAS_DIR = DATA_DIR / "schemas"

#: What each bundled folder holds, as error messages name it.
KINDS = {"scenarios": "scenario", "rubrics": "rubric", "drills": "drill",
         "calibration": "calibration reference"}
#: The suffix of each bundled folder's files (YAML unless named here).
SUFFIXES = {"calibration": ".csv"}


def is_path(name: str) -> bool:
    """Whether ``name`` is a file path rather than an id: a file suffix or a folder in it."""
    return bool(Path(name).suffix) or "/" in name or "\\" in name


def _suffix(folder: Path) -> str:
    return SUFFIXES.get(folder.name, ".yaml")


def bundled_ids(folder: Path) -> list[str]:
    """The ids (file stems) of the files in a bundled folder, sorted."""
    return sorted(p.stem for p in folder.glob(f"*{_suffix(folder)}")) if folder.is_dir() else []


def unknown_id(folder: Path, name: str) -> InputError:
    """The error for an id that names no file in ``folder``, with the nearest id or the list."""
    known = bundled_ids(folder)
    hint = difflib.get_close_matches(name, known, n=1)
    kind = KINDS.get(folder.name, folder.name)
    more = (f"; did you mean {hint[0]!r}?" if hint
            else f"; known {kind}s: {', '.join(known) or 'none'}")
    return InputError(f"no {kind} named {name!r}{more}")


def bundled_file(folder: Path, name: str) -> Path:
    """The file for ``name``: a path as given (an existing file, or anything that looks like a
    path), else the bundled ``<folder>/<name>.yaml`` (``.csv`` for calibration references); an
    unknown id raises :class:`InputError`."""
    given = Path(name)
    if is_path(name) or given.is_file():
        return given
    found = folder / f"{name}{_suffix(folder)}"
    if found.is_file():
        return found
    raise unknown_id(folder, name)


def expert_codes(transcript: Path) -> Path | None:
    """The expert coding shipped with a bundled calibration reference, if it is one."""
    codes = CALIBRATION_DIR / "codes" / transcript.name
    return codes if transcript.parent == CALIBRATION_DIR and codes.is_file() else None
