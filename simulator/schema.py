"""JSON Schemas generated from the pydantic models, committed in ``schemas/`` for editors.

Scenario authors get autocomplete and inline errors through the schema modeline; a test
regenerates every schema and fails when the committed file has drifted from its model.
"""
from __future__ import annotations

import importlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from pydantic import BaseModel

from simulator import paths
from simulator.errors import InputError


@dataclass(frozen=True)
class SchemaSpec:
    """One schema: its title and the model it comes from (imported only when generated)."""

    title: str
    model: Callable[[], type[BaseModel]]


def model_at(module: str, name: str) -> Callable[[], type[BaseModel]]:
    """A model imported when first needed, so this registry imports no engine eagerly."""
    return lambda: getattr(importlib.import_module(module), name)


#: Every schema by file stem (``schemas/<name>.schema.json``). Add one line per model, e.g.
#: ``"rubric": SchemaSpec("coachsim rubric", model_at("simulator.rubric.models", "Rubric")),``
SCHEMAS: dict[str, SchemaSpec] = {
    "scenario": SchemaSpec("coachsim scenario", model_at("simulator.scenario.models", "Scenario")),
    "drill": SchemaSpec("coachsim drill", model_at("simulator.drills.models", "Drill")),
    "rubric": SchemaSpec("coachsim rubric", model_at("simulator.rubric.models", "RubricFile")),
    "config": SchemaSpec("coachsim settings", model_at("simulator.config", "Settings")),
}


def schema_path(name: str, folder: Path | None = None) -> Path:
    """Where the schema ``name`` is committed."""
    return (folder or paths.SCHEMAS_DIR) / f"{name}.schema.json"


def generate(name: str) -> dict:
    """The JSON Schema for ``name``, with a title and ``$id`` for editors."""
    spec = SCHEMAS[name]
    schema = spec.model().model_json_schema(by_alias=True)
    schema["title"] = spec.title
    schema["$id"] = f"urn:coachsim:schema:{name}"
    return schema


def render(name: str) -> str:
    """The schema as the committed text: sorted keys, two-space indent, final newline."""
    return json.dumps(generate(name), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def write_all(folder: Path | None = None) -> list[Path]:
    """Write every schema; return the files whose content changed."""
    changed = []
    for name in SCHEMAS:
        path = schema_path(name, folder)
        text = render(name)
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(text, encoding="utf-8")
            except OSError as exc:
                raise InputError(f"cannot write: {exc.strerror}; check the folder is yours "
                                 "and writable", path) from None
            changed.append(path)
    return changed


def stale(folder: Path | None = None) -> list[Path]:
    """The committed schemas that differ from what their models generate (or are missing)."""
    result = []
    for name in SCHEMAS:
        path = schema_path(name, folder)
        if not path.exists() or path.read_text(encoding="utf-8") != render(name):
            result.append(path)
    return result
