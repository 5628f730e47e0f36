"""Loading rubric files: names or paths, ``extends`` profiles, and checks beyond the schema.

Everything goes through :mod:`simulator.yamlfile`, so every error carries ``file:line:column``.
Checks that pydantic cannot express (code names, template placeholders, pattern safety) are
collected as :class:`~simulator.errors.Problem` objects: ``validate_rubric`` reports them all,
``load_rubric`` raises the first.
"""
from __future__ import annotations

import difflib
import re
from pathlib import Path

import yaml

from simulator.codes import CODES
from simulator.errors import InputError, Problem
from simulator.paths import RUBRICS_DIR
from simulator.rubric.models import Profile, Rubric
from simulator.rubric.patterns import PatternError, check_pattern
from simulator.yamlfile import Positions, compose, parse_model, read_text

#: Placeholders a rewrite or hint template may use.
PLACEHOLDERS = frozenset({"rest", "clause", "gerund", "sentence", "statement", "patient", "stem", "n", "replies",
                          "times", "ratio", "target", "complex_target", "open_target"})
_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
_MAX_DEPTH = 5


def resolve(name_or_path: str | Path, folder: Path | None = None) -> Path:
    """The file for a rubric name (``core``) or path; a name is looked up beside ``folder`` first."""
    text = str(name_or_path)
    if text.endswith((".yaml", ".yml")) or "/" in text or "\\" in text:
        return Path(text)
    for base in (folder, RUBRICS_DIR):
        if base is not None and (base / f"{text}.yaml").is_file():
            return base / f"{text}.yaml"
    known = sorted(p.stem for p in RUBRICS_DIR.glob("*.yaml"))
    hint = difflib.get_close_matches(text, known, n=1)
    more = f"; did you mean {hint[0]!r}?" if hint else f"; known rubrics: {', '.join(known) or 'none'}"
    raise InputError(f"no rubric named {text!r}{more}")


def load_rubric(name_or_path: str | Path = "core") -> Rubric:
    """Load a rubric by name (in ``rubrics/``) or path; bad files raise a positioned InputError."""
    rubric, problems = _load(resolve(name_or_path), ())
    if problems:
        first = problems[0]
        raise InputError(first.message, first.path, first.line, first.column)
    return rubric


def validate_rubric(path: str | Path) -> list[Problem]:
    """Every problem in a rubric file (for ``coachsim validate``); an empty list when it is fine."""
    try:
        _, problems = _load(Path(path), ())
    except InputError as exc:
        return [Problem(str(exc.path or path), exc.line or 1, exc.column or 1, exc.message)]
    return problems


def _load(path: Path, seen: tuple[Path, ...]) -> tuple[Rubric, list[Problem]]:
    if len(seen) >= _MAX_DEPTH or path.resolve() in seen:
        chain = " -> ".join(p.stem for p in (*seen, path))
        raise InputError(f"extends goes round in a circle or too deep: {chain}", path, 1, 1)
    text = read_text(path)
    if _extends(text, str(path)):
        profile, positions = parse_model(text, str(path), Profile)
        try:
            base, base_problems = _load(resolve(profile.extends, path.parent), (*seen, path.resolve()))
        except InputError as exc:
            line, column = positions.where(["extends"])
            raise InputError(f"extends: {exc}", path, line, column) from None
        rubric = _merge(base, profile)
        return rubric, base_problems + check(profile, positions)
    rubric, positions = parse_model(text, str(path), Rubric)
    return rubric, check(rubric, positions)


def _extends(text: str, path: str) -> bool:
    root = compose(text, path)
    return isinstance(root, yaml.MappingNode) and any(
        isinstance(k, yaml.ScalarNode) and k.value == "extends" for k, _ in root.value)


def _merge(base: Rubric, profile: Profile) -> Rubric:
    update: dict = {"id": profile.id, "title": profile.title, "description": profile.description,
                    "extends": profile.extends, "codes": {**base.codes, **profile.codes}}
    for section in ("grammar", "typos", "scoring", "hints", "feedback", "tailoring"):
        value = getattr(profile, section)
        if value is not None:
            update[section] = value
    return base.model_copy(update=update)


def check(rubric: Rubric | Profile, positions: Positions) -> list[Problem]:
    """Problems the schema cannot see: unknown codes, bad placeholders, unsafe patterns."""
    problems: list[Problem] = []
    for code, spec in rubric.codes.items():
        if code not in CODES:
            hint = difflib.get_close_matches(code, CODES, n=1, cutoff=0.5)
            more = f"; did you mean {hint[0]!r}?" if hint else f"; known codes: {', '.join(CODES)}"
            problems.append(positions.problem(["codes", code], f"unknown code {code!r}{more}", key=True))
        problems += _templates(positions, ["codes", code, "rewrite"], spec.rewrite)
        for reason, template in spec.rewrites.items():
            problems += _templates(positions, ["codes", code, "rewrites", reason], template)
        seen: set[str] = set()
        for i, rule in enumerate(spec.rules):
            loc = ["codes", code, "rules", i]
            if rule.id in seen:
                problems.append(positions.problem([*loc, "id"], f"rule id {rule.id!r} is used twice in {code}"))
            seen.add(rule.id)
            if not (rule.phrases or rule.swap or rule.pattern):
                problems.append(positions.problem(loc, "a rule needs phrases, swap or a pattern"))
            problems += _templates(positions, [*loc, "rewrite"], rule.rewrite)
            if rule.pattern is not None:
                try:
                    check_pattern(rule.pattern)
                except PatternError as exc:
                    line, column = positions.where([*loc, "pattern"])
                    problems.append(Problem(positions.path, line, column + exc.column, f"pattern: {exc}"))
    for loc, template in _messages(rubric):
        problems += _templates(positions, loc, template)
    if rubric.scoring is not None and not rubric.scoring.bands:
        problems.append(positions.problem(["scoring", "bands"], "give at least one band"))
    return problems


def _messages(rubric: Rubric | Profile):
    """``(loc, template)`` for every hint and session message in the file."""
    blocks = [(["hints"], rubric.hints)]
    if rubric.feedback is not None:
        blocks += [(["feedback", "next_steps"], rubric.feedback.next_steps),
                   (["feedback", "strengths"], rubric.feedback.strengths)]
    for loc, block in blocks:
        if block is not None:
            for name in type(block).model_fields:
                yield [*loc, name], getattr(block, name)


def _templates(positions: Positions, loc: list, template: str | None) -> list[Problem]:
    if not template:
        return []
    bad = [m.group(1) for m in _PLACEHOLDER.finditer(template) if m.group(1) not in PLACEHOLDERS]
    if not bad:
        return []
    return [positions.problem(loc, f"unknown placeholder {{{bad[0]}}}; use "
                              + ", ".join(f"{{{p}}}" for p in sorted(PLACEHOLDERS)))]
