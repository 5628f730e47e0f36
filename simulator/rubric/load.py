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
from simulator.paths import RUBRICS_DIR, is_path, unknown_id
from simulator.rubric.models import Profile, Rubric
from simulator.rubric.patterns import PatternError, check_pattern
from simulator.yamlfile import Positions, compose, parse_model, read_text

#: Placeholders a rewrite or hint template may use.
PLACEHOLDERS = frozenset({"rest", "clause", "gerund", "sentence", "statement", "patient", "stem", "n", "replies",
                          "times", "ratio", "target", "complex_target", "open_target"})
_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
_MAX_DEPTH = 5
#: A lexicon entry: lower-case words of letters, apostrophes and hyphens, single spaces between.
_LEXICON_WORD = re.compile(r"[a-z]+(?:['-][a-z]+)*(?: [a-z]+(?:['-][a-z]+)*)*")


def resolve(name_or_path: str | Path, folder: Path | None = None) -> Path:
    """The file for a rubric name (``core``) or path; a name is looked up beside ``folder`` first."""
    text = str(name_or_path)
    if is_path(text):
        return Path(text)
    for base in (folder, RUBRICS_DIR):
        if base is not None and (base / f"{text}.yaml").is_file():
            return base / f"{text}.yaml"
    raise unknown_id(RUBRICS_DIR, text)


def load_rubric(name_or_path: str | Path = "core") -> Rubric:
    """Load a rubric by name (in ``rubrics/``) or path; bad files raise a positioned InputError."""
    rubric, problems = _load(resolve(name_or_path), ())
    if problems:
        first = problems[0]
        raise InputError(first.message, first.path, first.line, first.column)
    return rubric


def validate_rubric(path: str | Path) -> list[Problem]:
    """Every problem in a rubric file (for ``coachsim validate``); an empty list when it is fine.

    A file that cannot be used at all (unreadable, empty, not YAML, not the schema) raises
    :class:`InputError`, as scenarios and drills do: ``validate`` counts it unusable, exit 2.
    """
    _, problems = _load(Path(path), ())
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
    for section in ("grammar", "typos", "judgement_lexicon", "scoring", "hints", "feedback", "tailoring"):
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
    problems += _lexicon(rubric, positions)
    for loc, template in _messages(rubric):
        problems += _templates(positions, loc, template)
    if rubric.scoring is not None and not rubric.scoring.bands:
        problems.append(positions.problem(["scoring", "bands"], "give at least one band"))
    return problems


def _lexicon(rubric: Rubric | Profile, positions: Positions) -> list[Problem]:
    """An empty, duplicated or not-a-word lexicon entry, at its line and column."""
    problems: list[Problem] = []
    seen: dict[str, str] = {}
    for kind, group in (rubric.judgement_lexicon or {}).items():
        problems += _templates(positions, ["judgement_lexicon", kind, "rewrite"], group.rewrite)
        for i, entry in enumerate(group.entries):
            for j, word in enumerate(entry.words):
                loc = ["judgement_lexicon", kind, "entries", i, "words", j]
                key = " ".join(word.split())
                if not key:
                    problems.append(positions.problem(loc, "an empty lexicon entry; write a word or remove the entry"))
                elif not _LEXICON_WORD.fullmatch(key):
                    problems.append(positions.problem(
                        loc, f"{word!r} is not a word; write lower-case words (letters, ' and -) separated by spaces"))
                elif key in seen:
                    problems.append(positions.problem(
                        loc, f"{key!r} is already in the lexicon (under {seen[key]}); keep one copy"))
                else:
                    seen[key] = kind
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
