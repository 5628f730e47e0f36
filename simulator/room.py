"""A masterclass room served to browsers: one store per participant, and what the lead sees.

Each participant's sessions, reviews, drills and exports live in their own store, in a folder
named by a hash of their browser's random cookie and the name they typed: nobody else's tab
ever opens it, so no query can leak another participant's words. A participant's tab also
writes a small status file (what they are doing, their live score) for the lead's view.

The lead's view reads the stores read-only and shows names, activities, scores, drill results
and a per-skill table for the room: never anyone's words, except a session its owner shared.
Folders are 0700 and files 0600; a folder or file that is a symbolic link is refused.
"""
from __future__ import annotations

import hashlib
import json
import os
import stat
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Iterator, Mapping

from simulator.codes import CODES, LABELS
from simulator.errors import InputError
from simulator.store import DB_NAME, SavedDrill, SavedSession, SavedTurn, Store

if TYPE_CHECKING:
    from simulator.review import Verdict

PARTICIPANTS = "participants"
PARTICIPANT_FILE = "participant.json"
STATUS_FILE = "status.json"
#: Longest name kept (a name is shown in one row of the lead's table).
NAME_LENGTH = 40


def clean_name(text: str) -> str:
    """A participant's name as typed, without control characters or runs of spaces."""
    name = " ".join("".join(c for c in text if unicodedata.category(c)[0] != "C").split())
    if not name:
        raise InputError("type your name (as the session lead should see it)")
    return name[:NAME_LENGTH]


def participant_key(token: str, name: str) -> str:
    """The folder name for one browser and one name: two people sharing a laptop, or two
    people with the same name on two laptops, get two stores."""
    return hashlib.sha256(f"{token}\0{name.casefold()}".encode()).hexdigest()[:24]


def owner_only_dir(path: Path) -> Path:
    """Create ``path`` as an owner-only folder; refuse it if it is a symbolic link."""
    try:
        os.mkdir(path, 0o700)
    except FileExistsError:
        pass
    info = os.lstat(path)
    if stat.S_ISLNK(info.st_mode) or not stat.S_ISDIR(info.st_mode):
        raise InputError("is a symbolic link or not a folder; the room keeps its files only in "
                         "a real folder", path)
    if info.st_mode & 0o077:
        os.chmod(path, 0o700)  # never looser than owner-only; stricter is the owner's choice
    return path


def write_json(path: Path, data: dict) -> None:
    """Replace ``path`` with ``data`` at once (a reader never sees half a file), owner-only,
    never writing through a symbolic link."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW, 0o600)
    with open(fd, "w", encoding="utf-8") as handle:
        json.dump(data, handle, ensure_ascii=False)
    os.replace(temporary, path)


def read_json(path: Path) -> dict | None:
    """A small JSON file of the room, or ``None`` if it is missing, a link or unreadable."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
        with open(fd, encoding="utf-8") as handle:
            data = json.loads(handle.read(65536))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def process_alive(pid: object) -> bool:
    """True while process ``pid`` runs (a tab's, or the server's)."""
    if not isinstance(pid, int) or pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@dataclass(frozen=True)
class Participant:
    """Someone in the room: their name and the folder of their own store."""

    key: str
    name: str
    folder: Path

    def store(self) -> Store:
        """Their own store (created on first use)."""
        return Store(self.folder)


@dataclass(frozen=True)
class Presence:
    """What the lead sees of one participant now (no words)."""

    key: str
    name: str
    here: bool
    activity: str
    score: int | None
    band: str | None
    replies: int


@dataclass(frozen=True)
class SkillRow:
    """One skill across the room: how many replies showed it, and how many people used it."""

    code: str
    label: str
    replies: int
    share: float
    people: int


@dataclass(frozen=True)
class DrillRow:
    """A participant's finished drill."""

    name: str
    drill: SavedDrill


@dataclass(frozen=True)
class SharedRow:
    """A session its owner shared with the lead."""

    key: str
    name: str
    session: SavedSession


class Room:
    """The room's folder: ``participants/<key>/`` holds each one's store and status."""

    def __init__(self, folder: str | Path) -> None:
        self.folder = owner_only_dir(Path(folder))
        self.participants_dir = owner_only_dir(self.folder / PARTICIPANTS)

    # -- a participant's tab -----------------------------------------------------------------
    def join(self, token: str, name: str) -> Participant:
        """Enter the room as ``name`` from the browser holding ``token``."""
        name = clean_name(name)
        key = participant_key(token, name)
        folder = owner_only_dir(self.participants_dir / key)
        write_json(folder / PARTICIPANT_FILE, {"name": name})
        return Participant(key, name, folder)

    def report(self, participant: Participant, activity: str, score: int | None = None,
               band: str | None = None, replies: int = 0) -> None:
        """Say what the participant is doing now, for the lead's view."""
        write_json(participant.folder / STATUS_FILE, {
            "pid": os.getpid(), "activity": activity, "score": score, "band": band,
            "replies": replies})

    # -- the lead's view ---------------------------------------------------------------------
    def _members(self) -> list[tuple[str, str, Path]]:
        found = []
        for entry in os.scandir(self.participants_dir):
            if not entry.is_dir(follow_symlinks=False):
                continue
            about = read_json(Path(entry.path) / PARTICIPANT_FILE)
            if about and isinstance(about.get("name"), str):
                found.append((entry.name, clean_name(about["name"]), Path(entry.path)))
        return sorted(found, key=lambda m: (m[1].casefold(), m[0]))

    def _stores(self) -> Iterator[tuple[str, str, Store]]:
        """Each participant's store, opened read-only one at a time (the caller closes it)."""
        for key, name, folder in self._members():
            if (folder / DB_NAME).is_file():
                try:
                    yield key, name, Store.read_only(folder)
                except InputError:
                    continue  # a store being created: the next refresh reads it

    def presence(self) -> list[Presence]:
        """Everyone who has joined, with what they are doing (``here`` while their tab is open)."""
        rows = []
        for key, name, folder in self._members():
            status = read_json(folder / STATUS_FILE) or {}
            here = process_alive(status.get("pid"))
            score = status.get("score")
            rows.append(Presence(
                key, name, here, str(status.get("activity") or "joining") if here else "left",
                score if isinstance(score, int) else None,
                str(status["band"]) if here and status.get("band") else None,
                int(status.get("replies") or 0)))
        return rows

    def drills(self) -> list[DrillRow]:
        """Every participant's finished drills, by name then time."""
        rows = []
        for _, name, store in self._stores():
            with store:
                rows += [DrillRow(name, d) for d in store.drill_results()]
        return rows

    def debrief(self) -> list[SkillRow]:
        """Each skill across the room's sessions (finished or in progress): replies showing it,
        their share of all replies, and how many participants used it at least once."""
        replies = 0
        counts = {code: 0 for code in CODES}
        people = {code: 0 for code in CODES}
        for _, _, store in self._stores():
            with store:
                sessions = [*store.finished(), *store.unfinished()]
            used = set()
            for session in sessions:
                replies += session.turns
                for code, n in session.codes.items():
                    if code in counts:
                        counts[code] += n
                        used.add(code)
            for code in used:
                people[code] += 1
        return [SkillRow(code, LABELS[code], counts[code],
                         counts[code] / replies if replies else 0.0, people[code])
                for code in CODES]

    def shared(self) -> list[SharedRow]:
        """Sessions their owners shared with the lead, newest first."""
        rows = []
        for key, name, store in self._stores():
            with store:
                ids = store.shared_ids()
                rows += [SharedRow(key, name, s) for s in store.finished() if s.id in ids]
        return sorted(rows, key=lambda r: r.session.info.started_at, reverse=True)

    def open_shared(self, key: str, session_id: int
                    ) -> tuple[SavedSession, list[SavedTurn], Mapping[str, "Verdict"]]:
        """A shared session, its turns and the trainers' verdicts on them by turn; an error
        unless its owner shared it."""
        from simulator.review import Verdicts, by_turn

        folder = self.participants_dir / key
        if not (key.isalnum() and (folder / DB_NAME).is_file()):
            raise InputError("no such participant in this room")
        with Store.read_only(folder) as store:
            if session_id not in store.shared_ids():
                raise InputError("this session has not been shared by its owner")
            session = store.session(session_id)
            turns = store.turns(session_id)
            verdicts = by_turn(Verdicts(store.verdicts([session.key])), session.key,
                               ((t.turn, t.coach) for t in turns))
            return session, turns, verdicts
