"""Safe YAML loading that remembers where every value came from.

Scenarios, rubrics and drills are written by trainers, so every error must point at a line.
The file is composed into PyYAML's node tree with the safe loader, converted to plain data by
hand (only the standard YAML tags; a Python tag is refused before anything is built), validated
with pydantic, and each pydantic error is walked down the node tree to its ``line:column``.
"""
from __future__ import annotations

import difflib
import sys
import types
import typing
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from simulator.errors import InputError, Problem
from simulator.terminal import first_control

M = TypeVar("M", bound=BaseModel)

#: Scenario files run to a few hundred lines; anything this large is a mistake or an attack.
MAX_BYTES = 1_000_000
#: Values built from the node tree; aliases that multiply past this are an alias bomb.
MAX_VALUES = 200_000
#: Lists and mappings inside each other; real files nest a handful deep, and building a
#: deeper tree would recurse past Python's stack.
MAX_DEPTH = 40

#: libyaml's safe loader composes about ten times faster than the pure-Python one, with the
#: same node tree and marks; composing builds no Python objects, so no tag can run here.
_COMPOSER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_STD = "tag:yaml.org,2002:"
_ALLOWED_SCALAR_TAGS = {_STD + t for t in ("str", "int", "float", "bool", "null")}


class _Builder:
    """Turns a composed node tree into plain Python data, counting as it goes."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.count = 0
        self._constructor = yaml.SafeLoader("")

    def build(self, node: yaml.Node, depth: int = 0) -> Any:
        self.count += 1
        if self.count > MAX_VALUES:
            raise _error(self.path, node, "the file expands to too many values "
                         "(nested aliases?); write the values out instead")
        if depth > MAX_DEPTH:
            raise _error(self.path, node, f"lists and mappings are nested more than {MAX_DEPTH} "
                         "deep; flatten the structure")
        if isinstance(node, yaml.ScalarNode):
            if node.tag not in _ALLOWED_SCALAR_TAGS:
                raise _error(self.path, node, f"tag {node.tag!r} is not allowed; "
                             "use plain text, numbers, lists and mappings")
            try:
                value = self._constructor.construct_object(node)
            except ValueError:  # past Python's int-digit limit (4,300 digits)
                raise _error(self.path, node, f"this number has more than "
                             f"{sys.get_int_max_str_digits():,} digits; write a shorter number "
                             "or quote it as text") from None
            if isinstance(value, str) and (at := first_control(value)) is not None:
                # Escapes such as "\e[2J" in quoted text: shown in a terminal they would
                # clear the screen, retitle the window or hide what follows.
                raise _error(self.path, node, f"control character U+{ord(value[at]):04X} in "
                             "text (a terminal escape?); remove it")
            return value
        if isinstance(node, yaml.SequenceNode):
            if node.tag != _STD + "seq":
                raise _error(self.path, node, f"tag {node.tag!r} is not allowed on a list")
            return [self.build(child, depth + 1) for child in node.value]
        if isinstance(node, yaml.MappingNode):
            if node.tag != _STD + "map":
                raise _error(self.path, node, f"tag {node.tag!r} is not allowed on a mapping")
            result: dict[Any, Any] = {}
            for key_node, value_node in node.value:
                if key_node.tag == _STD + "merge":
                    raise _error(self.path, key_node, "merge keys (<<) are not supported; "
                                 "write the keys out")
                if key_node.tag == _STD + "bool":
                    # YAML 1.1 reads a plain `on:`, `yes:` or `off:` key as a boolean; as a key
                    # it is always meant as the word (transitions have an `on` key).
                    self.count += 1
                    key = key_node.value
                else:
                    key = self.build(key_node, depth + 1)
                if not isinstance(key, (str, int, float, bool)) and key is not None:
                    raise _error(self.path, key_node, "a key must be plain text")
                if key in result:
                    raise _error(self.path, key_node, f"duplicate key {key!r}")
                result[key] = self.build(value_node, depth + 1)
            return result
        raise _error(self.path, node, "unsupported YAML node")  # pragma: no cover


def _error(path: str, node: yaml.Node, message: str) -> InputError:
    mark = node.start_mark
    return InputError(message, path, mark.line + 1, mark.column + 1)


def read_text(path: str | Path, max_bytes: int = MAX_BYTES) -> str:
    """Read a UTF-8 text file, refusing missing, oversized and binary files with a clear error."""
    p = Path(path)
    try:
        size = p.stat().st_size
    except FileNotFoundError:
        raise InputError("no such file; check the path", p) from None
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", p) from None
    if p.is_dir():
        raise InputError("is a folder, not a file", p)
    if size > max_bytes:
        raise InputError(f"file is {size:,} bytes, over the {max_bytes:,}-byte limit; "
                         "split it into smaller files", p)
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", p) from None
    return decode_text(data, p)


def decode_text(data: bytes, path: str | Path) -> str:
    """UTF-8 bytes as text (a BOM dropped); UTF-16, binary and NUL bytes are refused."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError("not UTF-8 text; save the file as UTF-8", path, line) from None
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise InputError("not UTF-8 text (it holds NUL bytes: binary, or UTF-16?); save the "
                         "file as UTF-8", path, line)
    return text


def compose(text: str, path: str | Path) -> yaml.Node | None:
    """Compose YAML into a node tree with the safe loader; syntax errors name the position."""
    try:
        return yaml.compose(text, Loader=_COMPOSER)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "YAML syntax error"
        line = mark.line + 1 if mark else None
        column = mark.column + 1 if mark else None
        raise InputError(f"YAML syntax error: {problem}", path, line, column) from None
    except yaml.reader.ReaderError as exc:
        # Its own message spans two lines and gives a character offset; give line:column.
        before = text[: exc.position]
        line = before.count("\n") + 1
        column = exc.position - (before.rfind("\n") + 1) + 1
        raise InputError(f"control character U+{exc.character:04X} is not allowed in YAML; remove it",
                         path, line, column) from None
    except yaml.YAMLError as exc:
        raise InputError(f"not valid YAML: {exc}", path) from None


def load_model(path: str | Path, model: type[M], max_bytes: int = MAX_BYTES) -> tuple[M, "Positions"]:
    """Load and validate a YAML file into ``model``; return it with the file's positions."""
    text = read_text(path, max_bytes)
    return parse_model(text, str(path), model)


def parse_model(text: str, path: str, model: type[M]) -> tuple[M, "Positions"]:
    """Validate YAML ``text`` (named ``path`` in errors) into ``model``."""
    root = compose(text, path)
    if root is None:
        raise InputError("the file is empty; see the schema in schemas/ for what it holds", path, 1, 1)
    data = _Builder(path).build(root)
    if not isinstance(data, dict):
        raise _error(path, root, f"expected a mapping of keys at the top, found {type(data).__name__}")
    positions = Positions(path, root)
    try:
        return model.model_validate(data), positions
    except ValidationError as exc:
        raise positions.validation_error(exc, model) from None


class Positions:
    """Maps a path of keys and indexes into the file to its ``line:column``."""

    def __init__(self, path: str, root: yaml.Node) -> None:
        self.path = path
        self.root = root

    def node(self, loc: typing.Sequence[Any], *, key: bool = False) -> yaml.Node:
        """The deepest node along ``loc``; with ``key`` the last step's key node, not its value."""
        node = self.root
        for i, part in enumerate(loc):
            last = i == len(loc) - 1
            if isinstance(node, yaml.MappingNode):
                for k, v in node.value:
                    if isinstance(k, yaml.ScalarNode) and k.value == str(part):
                        node = k if (last and key) else v
                        break
                else:
                    return node
            elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
                if 0 <= part < len(node.value):
                    node = node.value[part]
                else:
                    return node
            else:
                return node
        return node

    def where(self, loc: typing.Sequence[Any], *, key: bool = False) -> tuple[int, int]:
        """1-based ``(line, column)`` of the value (or key) at ``loc``."""
        mark = self.node(loc, key=key).start_mark
        return mark.line + 1, mark.column + 1

    def problem(self, loc: typing.Sequence[Any], message: str, *, key: bool = False) -> Problem:
        """A :class:`~simulator.errors.Problem` at ``loc``."""
        line, column = self.where(loc, key=key)
        return Problem(self.path, line, column, message)

    def error(self, loc: typing.Sequence[Any], message: str, *, key: bool = False) -> InputError:
        """An :class:`InputError` at ``loc``."""
        line, column = self.where(loc, key=key)
        return InputError(message, self.path, line, column)

    def validation_error(self, exc: ValidationError, model: type[BaseModel]) -> InputError:
        """The first pydantic error, as ``file:line:column: field: message`` (plus a count)."""
        errors = exc.errors(include_url=False)
        # A misspelt key also shows up as a missing one: report the misspelling first.
        first = min(errors, key=lambda e: e["type"] != "extra_forbidden")
        loc = [p for p in first["loc"] if not _is_internal(p)]
        field = ".".join(str(p) for p in loc) or "(top)"
        message = _message(first, model, loc)
        more = len(errors) - 1
        if more:
            message += f" (and {more} more problem{'s' if more > 1 else ''})"
        extra = first["type"] == "extra_forbidden"
        line, column = self.where(loc, key=extra)
        return InputError(f"{field}: {message}", self.path, line, column)


def _is_internal(part: Any) -> bool:
    # pydantic adds union-member and function tags to loc; they are not keys in the file.
    return isinstance(part, str) and ("[" in part or part.startswith("function-"))


def _message(error: dict[str, Any], model: type[BaseModel], loc: list[Any]) -> str:
    kind = error["type"]
    if kind == "extra_forbidden":
        allowed = _allowed_keys(model, loc[:-1])
        hint = difflib.get_close_matches(str(loc[-1]), allowed, n=1, cutoff=0.5)
        if hint:
            return f"unknown key; did you mean {hint[0]!r}?"
        return f"unknown key; allowed here: {', '.join(sorted(allowed))}" if allowed else "unknown key"
    if kind == "missing":
        return "required key is missing"
    msg = error["msg"]
    if msg.startswith("Value error, "):
        msg = msg[len("Value error, "):]
    return msg[0].lower() + msg[1:] if msg else msg


def _allowed_keys(model: type[BaseModel], loc: list[Any]) -> list[str]:
    """The keys a model accepts at ``loc`` (following fields, lists and dicts)."""
    current: Any = model
    for part in loc:
        current = _unwrap(current)
        if isinstance(current, type) and issubclass(current, BaseModel):
            field = current.model_fields.get(str(part))
            if field is None:
                by_alias = {f.alias: f for f in current.model_fields.values() if f.alias}
                field = by_alias.get(str(part))
            if field is None:
                return []
            current = field.annotation
        else:
            current = _item_type(current)
    current = _unwrap(current)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return [f.alias or name for name, f in current.model_fields.items()]
    return []


def _unwrap(tp: Any) -> Any:
    """Strip Optional/Annotated/unions down to the first model type, if any."""
    origin = typing.get_origin(tp)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(tp)[0])
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        for a in args:
            inner = _unwrap(a)
            if isinstance(inner, type) and issubclass(inner, BaseModel):
                return inner
        return args[0] if args else tp
    return tp


def _item_type(tp: Any) -> Any:
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if origin in (list, tuple, set, frozenset) and args:
        return args[0]
    if origin is dict and len(args) == 2:
        return args[1]
    return tp
