"""Owner-only files written whole or not at all, never through a symbolic link.

A settings file or a report a script reads must not be left half-written by a crash or a full
disk, nor readable by others, nor redirect a write elsewhere through a planted symlink.
"""
from __future__ import annotations

import os
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Iterator

from simulator.errors import InputError


@contextmanager
def replace_private(path: str | Path) -> Iterator[IO[str]]:
    """Yield a text handle on a 0600 temporary file beside ``path``; on a clean exit it
    replaces ``path`` in one step (a symlink at ``path`` is refused); on an error it is removed
    and ``path`` is as it was. A missing parent folder is created owner-only (0700)."""
    target = Path(path)
    if target.is_symlink():
        raise InputError(f"{target} is a symbolic link; not writing through it (give the real "
                         "file's path or remove the link)")
    target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    # mkstemp opens with O_EXCL and mode 0600: a fresh file no one else can have prepared.
    fd, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with open(fd, "w", encoding="utf-8", newline="") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def write_replacing(path: str | Path, text: str) -> Path:
    """Write ``text`` to ``path`` with :func:`replace_private`; return the path."""
    with replace_private(path) as handle:
        handle.write(text)
    return Path(path)
