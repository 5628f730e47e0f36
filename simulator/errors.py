"""Errors that reach the user as one line, never as a traceback."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass
class InputError(Exception):
    """Bad input the user can fix: printed as ``file:line:column: message`` and exit code 2."""

    message: str
    path: str | Path | None = None
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        where = []
        if self.path is not None:
            where.append(str(self.path))
            if self.line is not None:
                where.append(str(self.line))
                if self.column is not None:
                    where.append(str(self.column))
        prefix = ":".join(where)
        return f"{prefix}: {self.message}" if prefix else self.message


@dataclass(frozen=True)
class Problem:
    """A problem found by a check (``coachsim validate``): reported, not raised."""

    path: str
    line: int
    column: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.message}"

    def as_error(self) -> InputError:
        """This problem as the error a loader raises (unusable input, exit 2)."""
        return InputError(self.message, self.path, self.line, self.column)
