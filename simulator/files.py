"""Owner-only files and folders, never through a symbolic link, written whole or not at all.

The data folder holds a trainee's own transcripts. A link planted in it must not redirect a
write (and its chmod) to a file elsewhere, so links are refused; what the owner made stricter
(a read-only folder or store) is reported, never loosened back; new folders are created 0700
and new files 0600; and a file is written beside its target and renamed over it, so a full disk
or a crash leaves the old file or the new one, never part of one.
"""
from __future__ import annotations

import os
import stat
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Iterator

from simulator.errors import InputError

FOLDER_MODE = 0o700
FILE_MODE = 0o600
#: O_NOFOLLOW where the platform has it: opening a link fails instead of following it.
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


def refuse_link(path: Path) -> None:
    """An input error if ``path`` itself is a symbolic link."""
    if path.is_symlink():
        raise InputError("is a symbolic link; coachsim does not read or write its files through "
                         "links: remove the link, or choose another folder with --data-dir", path)


def private_dir(path: Path) -> Path:
    """Create ``path`` (0700) if needed; an existing one is checked and only ever tightened."""
    refuse_link(path)
    try:
        path.mkdir(parents=True, mode=FOLDER_MODE)
        os.chmod(path, FOLDER_MODE)  # mkdir's mode passes through the umask: set it exactly
        return path
    except FileExistsError:
        pass
    info = os.lstat(path)
    if not stat.S_ISDIR(info.st_mode):
        raise InputError("is not a folder; choose another with --data-dir", path)
    _keep_private(path, info.st_mode, "folder", writable=stat.S_IWUSR | stat.S_IXUSR)
    return path


def private_file(path: Path) -> Path:
    """Create an empty owner-only file at ``path`` if none is there (never through a link);
    an existing one is checked and only ever tightened."""
    refuse_link(path)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW, FILE_MODE)
    except FileExistsError:
        info = os.lstat(path)
        if not stat.S_ISREG(info.st_mode):
            raise InputError("is not a regular file; move it away", path) from None
        _keep_private(path, info.st_mode, "file", writable=stat.S_IWUSR)
        return path
    os.fchmod(fd, FILE_MODE)
    os.close(fd)
    return path


def _keep_private(path: Path, mode: int, what: str, writable: int) -> None:
    if mode & writable != writable:
        # The owner made it read-only: say so, never chmod it back and write anyway.
        raise InputError(f"this {what} is read-only (mode {stat.S_IMODE(mode):04o}), and coachsim "
                         f"leaves it so; make it writable (chmod u+w) or choose another folder "
                         "with --data-dir", path)
    if mode & 0o077:
        os.chmod(path, stat.S_IMODE(mode) & 0o700)  # take away group and others; add nothing


@contextmanager
def replace_private(path: str | Path) -> Iterator[IO[str]]:
    """A text handle on a fresh 0600 file beside ``path`` that replaces it in one step when the
    block ends cleanly; on any failure (a full disk, an unencodable character, an error in the
    block) the temporary file goes and ``path`` is as it was. A missing folder is made 0700; an
    existing one is left alone."""
    target = Path(path)
    refuse_link(target)
    if not target.parent.exists():
        private_dir(target.parent)
    try:
        # mkstemp opens with O_EXCL and mode 0600: a new file no one else can have prepared.
        fd, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as exc:
        raise InputError(f"cannot write: {exc.strerror}; nothing was written", target) from None
    try:
        with open(fd, "w", encoding="utf-8", newline="") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, target)
    except (OSError, UnicodeError) as exc:
        Path(temp).unlink(missing_ok=True)
        reason = exc.strerror if isinstance(exc, OSError) else "a character cannot be saved as UTF-8"
        raise InputError(f"cannot write: {reason}; the file was left as it was", target) from None
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def write_private(path: str | Path, text: str) -> Path:
    """Write ``text`` to ``path`` whole or not at all (see :func:`replace_private`)."""
    with replace_private(path) as handle:
        handle.write(text)
    return Path(path)
