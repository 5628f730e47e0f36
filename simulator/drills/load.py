"""Load drill files: schema validation through the positioned YAML loader, then the checks the
schema cannot express (unique item ids, scenarios that exist), each at its ``line:column``."""
from __future__ import annotations

from pathlib import Path

from simulator import paths
from simulator.drills.models import Drill
from simulator.errors import Problem
from simulator.yamlfile import load_model


def read_drill(path: str | Path) -> Drill:
    """Load and schema-validate a drill, without the reference checks (for ``validate``)."""
    drill, positions = load_model(path, Drill)
    drill._path = Path(path)
    drill._positions = positions
    return drill


def load_drill(path: str | Path) -> Drill:
    """Load a drill; raise :class:`InputError` at the first reference problem."""
    drill = read_drill(path)
    problems = check_references(drill)
    if problems:
        raise problems[0].as_error()
    return drill


def check_references(drill: Drill) -> list[Problem]:
    """Duplicate item ids and conversation items whose scenario file cannot be found."""
    problems: list[Problem] = []
    first_use: dict[str, int] = {}
    for index, item in enumerate(drill.items):
        if item.id in first_use:
            line, _ = drill.positions.where(["items", first_use[item.id], "id"])
            problems.append(drill.positions.problem(
                ["items", index, "id"], f"item id {item.id!r} is already used on line {line}"))
        first_use.setdefault(item.id, index)
        if item.scenario is not None and not scenario_path(drill, item.scenario).is_file():
            problems.append(drill.positions.problem(
                ["items", index, "scenario"],
                f"no scenario {item.scenario!r}: give an id of a file in scenarios/ "
                "or a path relative to the drill"))
    return problems


def scenario_path(drill: Drill, name: str) -> Path:
    """A scenario named by id (``scenarios/<id>.yaml``) or by a path relative to the drill."""
    if paths.is_path(name):
        base = drill.path.parent if drill.path is not None else Path.cwd()
        return (base / name).resolve()
    return paths.SCENARIOS_DIR / f"{name}.yaml"


def bundled_drills() -> list[Drill]:
    """Every drill shipped in ``drills/``, sorted by file name; a broken one raises."""
    if not paths.DRILLS_DIR.is_dir():
        return []
    return [load_drill(p) for p in sorted(paths.DRILLS_DIR.glob("*.yaml"))]
