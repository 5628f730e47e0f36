"""Settings: who you are, how the app looks, which rubric and store, how ``serve`` listens.

Read once per run, in layers where a later one wins: defaults, the TOML config file (in the
user config folder; ``--config`` or ``COACHSIM_CONFIG`` name another), the environment
(``COACHSIM_TRAINEE``, ``COACHSIM_SERVE_PORT``...), then command-line flags. Each setting keeps
where it came from, for ``coachsim config``. The app writes back what it remembers (theme,
names) with :meth:`Config.remember`: the whole file replaced at once, owner-only, never
through a symbolic link.
"""
from __future__ import annotations

import os
import re
import tomllib
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Mapping

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError

from simulator.errors import InputError
from simulator.files import write_private

CONFIG_ENV = "COACHSIM_CONFIG"
CONFIG_NAME = "config.toml"
ENV_PREFIX = "COACHSIM_"


def _plain_text(value: str) -> str:
    """A name as typed: trimmed, one line, no control characters (it is shown in terminals)."""
    value = value.strip()
    if not value:
        raise ValueError("must not be empty")
    if any(unicodedata.category(ch) == "Cc" for ch in value):
        raise ValueError("must not contain control characters (tabs, line breaks, escapes)")
    return value


PlainText = Annotated[str, Field(max_length=200), AfterValidator(_plain_text)]


class ServeSettings(BaseModel):
    """Defaults for 'coachsim serve'."""

    model_config = ConfigDict(extra="forbid")

    host: PlainText = Field("127.0.0.1", description="Address 'coachsim serve' listens on.")
    port: int = Field(8000, ge=1, le=65535, description="Port 'coachsim serve' listens on.")


class Settings(BaseModel):
    """coachsim's settings: the config file's keys; COACHSIM_* variables and flags override
    them."""

    model_config = ConfigDict(extra="forbid")

    trainee: PlainText | None = Field(None, description="Your name, kept with each session.")
    trainer: PlainText | None = Field(
        None, description="Your name as a trainer, kept with each review verdict; asked for "
        "(and remembered) at the first verdict when not set.")
    theme: PlainText | None = Field(
        None, description="A Textual theme name (textual-dark, textual-light, nord...); the "
        "app remembers the one you switch to.")
    rubric: PlainText = Field("core", description="Rubric name or path, for every command.")
    data_dir: PlainText | None = Field(
        None, description="The practice store's folder ('~' allowed); your user data folder "
        "when not set.")
    serve: ServeSettings = Field(ServeSettings(), description="Defaults for 'coachsim serve'.")

    @property
    def data_path(self) -> Path | None:
        """``data_dir`` as a path (``~`` expanded), or None for the default folder."""
        return Path(self.data_dir).expanduser() if self.data_dir else None


def setting_keys(model: type[BaseModel] = Settings, prefix: str = "") -> list[str]:
    """Every setting as a dotted key (``serve.port``), in the model's order."""
    keys = []
    for name, info in model.model_fields.items():
        kind = info.annotation
        if isinstance(kind, type) and issubclass(kind, BaseModel):
            keys += setting_keys(kind, f"{prefix}{name}.")
        else:
            keys.append(prefix + name)
    return keys


KEYS = setting_keys()


def env_name(key: str) -> str:
    """The environment variable for a dotted key: ``serve.port`` -> ``COACHSIM_SERVE_PORT``."""
    return ENV_PREFIX + key.upper().replace(".", "_")


def default_config_path() -> Path:
    """``config.toml`` in the per-user config folder (``platformdirs.user_config_dir``)."""
    import platformdirs

    return Path(platformdirs.user_config_dir("coachsim", appauthor=False)) / CONFIG_NAME


def config_path(explicit: str | Path | None = None,
                environ: Mapping[str, str] | None = None) -> Path:
    """The config file in use: ``--config``, else ``COACHSIM_CONFIG``, else the default."""
    environ = os.environ if environ is None else environ
    chosen = explicit or environ.get(CONFIG_ENV)
    return Path(chosen).expanduser() if chosen else default_config_path()


@dataclass
class Config:
    """The settings in force, where each came from, and the file they can be remembered in."""

    settings: Settings
    #: Dotted key -> ``default``, ``config file``, ``environment NAME`` or ``flag --name``.
    sources: dict[str, str]
    path: Path

    def value(self, key: str) -> Any:
        """A setting by dotted key."""
        value: Any = self.settings
        for part in key.split("."):
            value = getattr(value, part)
        return value

    def overridden(self, flags: Mapping[str, Any],
                   flag_names: Mapping[str, str] | None = None) -> "Config":
        """These settings with a command's own flags on top (dotted key -> value; None: not
        given), validated again like the rest."""
        given = {key: value for key, value in flags.items() if value is not None}
        if not given:
            return self
        sources = {**self.sources, **{key: _flag_source(key, flag_names) for key in given}}
        merged = flatten(self.settings.model_dump()) | given
        return Config(validate(unflatten(merged), sources, self.path, ""), sources, self.path)

    def remember(self, **values: Any) -> None:
        """Write settings to the config file, keeping the others it holds (``serve__port``
        for ``serve.port``). Raises :class:`InputError` if the file cannot be read or written."""
        raw = read_file(self.path)
        flat = flatten(raw)
        flat.update({key.replace("__", "."): value for key, value in values.items()})
        nested = unflatten({k: v for k, v in flat.items() if v is not None})
        validate(nested, {k: "config file" for k in flat}, self.path, "")
        write_private(self.path, dump_toml(nested))


def load_config(flags: Mapping[str, Any] | None = None, *, config: str | Path | None = None,
                environ: Mapping[str, str] | None = None,
                flag_names: Mapping[str, str] | None = None) -> Config:
    """Read the settings once: defaults < config file < environment < ``flags`` (dotted key ->
    value; None means not given). ``flag_names`` words a flag's source (``--data-dir``).
    A bad file or value raises :class:`InputError` naming the file, line and column."""
    environ = os.environ if environ is None else environ
    path = config_path(config, environ)
    text = _read_text(path)
    layers = [("config file", flatten(parse_toml(text, path)) if text is not None else {})]
    layers.append(("environment", {key: environ[env_name(key)] for key in KEYS
                                   if environ.get(env_name(key))}))
    layers.append(("flag", {key: value for key, value in (flags or {}).items()
                            if value is not None}))
    merged: dict[str, Any] = {}
    sources = {key: "default" for key in KEYS}
    for layer, values in layers:
        for key, value in values.items():
            merged[key] = value
            if layer == "environment":
                sources[key] = f"environment {env_name(key)}"
            elif layer == "flag":
                sources[key] = _flag_source(key, flag_names)
            else:
                sources[key] = layer
    settings = validate(unflatten(merged), sources, path, text or "")
    return Config(settings, sources, path)


def _flag_source(key: str, flag_names: Mapping[str, str] | None) -> str:
    return f"flag {(flag_names or {}).get(key, '--' + key.replace('_', '-'))}"


def _read_text(path: Path) -> str | None:
    """The config file's text, or None when there is none yet."""
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except IsADirectoryError:
        raise InputError("this is a folder; give the path of a TOML file", path) from None
    except UnicodeDecodeError as exc:
        raise InputError(f"not UTF-8 text ({exc.reason})", path) from None
    except OSError as exc:
        raise InputError(f"cannot read the config file: {exc.strerror}", path) from None


def read_file(path: Path) -> dict[str, Any]:
    """The config file's tables as parsed (empty when there is no file)."""
    text = _read_text(path)
    return parse_toml(text, path) if text is not None else {}


_WHERE = re.compile(r"\s*\(at line (\d+), column (\d+)\)$")


def parse_toml(text: str, path: Path) -> dict[str, Any]:
    """Parse TOML; a syntax error raises :class:`InputError` at its line and column."""
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        where = _WHERE.search(message)
        if where is None:
            raise InputError(f"not valid TOML: {message}", path) from None
        raise InputError(f"not valid TOML: {message[:where.start()]}", path,
                         int(where.group(1)), int(where.group(2))) from None


def flatten(tables: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    """Nested tables as dotted keys: ``{"serve": {"port": 1}}`` -> ``{"serve.port": 1}``."""
    flat: dict[str, Any] = {}
    for key, value in tables.items():
        if isinstance(value, dict):
            flat.update(flatten(value, f"{prefix}{key}."))
        else:
            flat[prefix + key] = value
    return flat


def unflatten(flat: Mapping[str, Any]) -> dict[str, Any]:
    """Dotted keys back into nested tables."""
    nested: dict[str, Any] = {}
    for key, value in flat.items():
        *tables, leaf = key.split(".")
        place = nested
        for table in tables:
            place = place.setdefault(table, {})
        place[leaf] = value
    return nested


def validate(nested: dict[str, Any], sources: Mapping[str, str], path: Path,
             text: str) -> Settings:
    """The settings model from merged values; the first bad one raises :class:`InputError`
    where it came from: the file's line and column, the environment variable, or the flag."""
    try:
        return Settings.model_validate(nested)
    except ValidationError as exc:
        error = exc.errors()[0]
        key = ".".join(str(part) for part in error["loc"])
        if error["type"] == "extra_forbidden":
            message = f"unknown setting {key!r}; settings: {', '.join(KEYS)}"
        else:
            detail = error["msg"].removeprefix("Value error, ")
            message = f"{key}: {detail[0].lower()}{detail[1:]}"
        source = sources.get(key, "config file")
        if source != "config file":
            raise InputError(f"{source.split(' ', 1)[1]}: {message}") from None
        line, column = key_position(text, key)
        raise InputError(message, path, line, column) from None


def key_position(text: str, key: str) -> tuple[int, int]:
    """Line and column of a dotted key in TOML text (``[serve]`` then ``port =``, or
    ``serve.port =``); the file's start when it cannot be found."""
    *tables, leaf = key.split(".")
    table: list[str] = []
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        header = re.fullmatch(r"\[\s*([^\[\]]+?)\s*\](\s*#.*)?", stripped)
        if header:
            table = [part.strip().strip("\"'") for part in header.group(1).split(".")]
            if table == [*tables, leaf]:
                return number, line.index("[") + 2
            continue
        match = re.match(r"\s*([A-Za-z0-9_.\"' -]+?)\s*=", line)
        if match:
            parts = [part.strip().strip("\"'") for part in match.group(1).split(".")]
            if table + parts == [*tables, leaf]:
                return number, match.start(1) + 1
    return 1, 1


_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")


def toml_value(value: Any) -> str:
    """A TOML literal for a string, integer, float or boolean."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    text = str(value)
    out = []
    for ch in text:
        if ch in '"\\':
            out.append("\\" + ch)
        elif unicodedata.category(ch) == "Cc":
            out.append(f"\\u{ord(ch):04X}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def _toml_key(key: str) -> str:
    return key if _BARE_KEY.fullmatch(key) else toml_value(key)


def dump_toml(nested: Mapping[str, Any]) -> str:
    """Settings as TOML text: plain values first, then one ``[table]`` per nested table."""
    lines = ["# coachsim settings (see 'coachsim config'); the app rewrites this file when it",
             "# remembers your theme or name."]
    lines += [f"{_toml_key(k)} = {toml_value(v)}" for k, v in nested.items()
              if not isinstance(v, dict)]
    for name, table in nested.items():
        if isinstance(table, dict):
            lines += ["", f"[{_toml_key(name)}]"]
            lines += [f"{_toml_key(k)} = {toml_value(v)}" for k, v in table.items()]
    return "\n".join(lines) + "\n"
