"""Calibration for train-the-trainer: how closely a trainer's coding agrees with a reference.

The trainer codes every coach reply of one transcript; the reference is the rubric engine's
coding or another trainer's saved codes. Each code is treated as a binary label (present or
absent on a reply), so agreement and Cohen's kappa are computed per code, and pooled over all
codes for an overall figure. Replies where the two differ are listed beside the engine's
evidence, which is what a trainer discusses in a calibration session.
"""
from __future__ import annotations

import csv
import difflib
import re
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Iterator, Mapping

from simulator.codes import CODES
from simulator.csvcells import read_cell
from simulator.errors import InputError
from simulator.sources import read_sessions
from simulator.transcripts import json_objects
from simulator.verdicts import ordered, turn_key
from simulator.rubric import Conversation

if TYPE_CHECKING:
    from simulator.rubric import Coder, Coding, Evidence

#: Row and column label for "no code" in the confusion table.
NONE = "(none)"
_SEPARATORS = re.compile(r"[;,|\s]+")
_TURN_COLUMNS = ("turn", "utterance_id", "reply")
_CODE_COLUMNS = ("codes", "code", "labels")


# ---------------------------------------------------------------- reading codes files

@dataclass(frozen=True)
class CodedTurn:
    """The codes someone gave one reply, and where they wrote them."""

    turn: str
    codes: frozenset[str]
    line: int


@dataclass(frozen=True)
class CodeSheet:
    """A codes file: turn -> codes, in file order."""

    path: str
    turns: dict[str, CodedTurn]


def read_codes(path: str | Path) -> CodeSheet:
    """Read a trainer's codes file: CSV (``turn,codes``) or JSONL (``{"turn", "codes"}``).

    Codes in a CSV cell are separated by ``;``, ``,``, ``|`` or spaces. The JSONL output of
    ``coachsim assess`` is a valid codes file too, so one trainer's saved coding can be the
    reference for another.
    """
    p = Path(path)
    if not p.exists():
        raise InputError("no such file; check the path", p)
    if p.is_dir():
        raise InputError("is a folder; give a codes file (.csv or .jsonl)", p)
    suffix = p.suffix.lower()
    if suffix == ".csv":
        rows = _codes_csv(p)
    elif suffix in (".jsonl", ".ndjson", ".json"):
        rows = _codes_jsonl(p)
    else:
        raise InputError("unknown codes file format; use .csv (turn,codes) or .jsonl", p)
    turns: dict[str, CodedTurn] = {}
    try:
        for row in rows:
            if row.turn in turns:
                raise InputError(f"turn {row.turn} is coded twice (first on line "
                                 f"{turns[row.turn].line}); give each reply one row", p, row.line)
            turns[row.turn] = row
    except UnicodeDecodeError:
        raise InputError("not UTF-8 text; save the file as UTF-8", p) from None
    if not turns:
        raise InputError("the codes file has no rows; write one row per coach reply "
                         "(turn, codes)", p, 1)
    return CodeSheet(str(p), turns)


def _codes_csv(p: Path) -> Iterator[CodedTurn]:
    with open(p, encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle)
        try:
            header = next(reader, None)
            if header is None:
                raise InputError("the file is empty; it needs a header row: turn,codes", p, 1)
            names = [h.strip().lower() for h in header]
            turn_col = _column(names, _TURN_COLUMNS)
            codes_col = _column(names, _CODE_COLUMNS)
            if turn_col is None or codes_col is None:
                raise InputError(f"the header needs columns turn and codes (found: "
                                 f"{', '.join(h for h in names if h) or 'none'})", p, 1)
            for row in reader:
                line = reader.line_num
                if not any(cell.strip() for cell in row):
                    continue
                turn = turn_key(read_cell(row[turn_col])) if turn_col < len(row) else ""
                if not turn:
                    raise InputError("empty turn", p, line)
                cell = read_cell(row[codes_col]) if codes_col < len(row) else ""
                yield CodedTurn(turn, _parse_codes(_SEPARATORS.split(cell), p, line), line)
        except csv.Error as exc:
            raise InputError(f"not valid CSV: {exc}", p, reader.line_num) from None


def _column(names: list[str], wanted: tuple[str, ...]) -> int | None:
    for name in wanted:
        if name in names:
            return names.index(name)
    return None


def _codes_jsonl(p: Path) -> Iterator[CodedTurn]:
    for line, obj in json_objects(p, " with turn and codes"):
        if obj.get("type") == "session" or obj.get("speaker") in ("client", "patient"):
            continue  # session summaries and patient lines carry no reply codes
        if "turn" not in obj or "codes" not in obj:
            raise InputError("each line needs keys turn and codes", p, line, 1)
        codes = obj["codes"]
        if isinstance(codes, str):
            codes = _SEPARATORS.split(codes)
        if not isinstance(codes, list):
            raise InputError("codes must be a list of code names", p, line, 1)
        yield CodedTurn(turn_key(obj["turn"]), _parse_codes(codes, p, line), line)


def _parse_codes(raw: Iterable[object], p: Path, line: int) -> frozenset[str]:
    codes = set()
    for item in raw:
        code = str(item).strip()
        if not code:
            continue
        if code not in CODES:
            hint = difflib.get_close_matches(code, CODES, n=1, cutoff=0.6)
            suggestion = f"; did you mean {hint[0]!r}?" if hint else f"; codes: {', '.join(CODES)}"
            raise InputError(f"unknown code {code!r}{suggestion}", p, line)
        codes.add(code)
    return frozenset(codes)


# ---------------------------------------------------------------- the transcript

@dataclass(frozen=True)
class Reply:
    """A coach reply of the transcript, with the engine's coding of it."""

    turn: str
    text: str
    line: int
    engine: "Coding"


def code_transcript(path: str | Path, coder: "Coder") -> list[Reply]:
    """The coach replies of a one-session transcript, each coded by the engine in context."""
    replies: list[Reply] = []
    conversation = Conversation(coder)
    seen: dict[str, int] = {}
    for number, session in enumerate(read_sessions([path])):
        if number:
            first = next(session.utterances)
            raise InputError(f"a calibration transcript holds one session; found a second, "
                             f"{session.session_id!r}: split the file", first.path, first.line)
        for utterance in session.utterances:
            if utterance.speaker == "client":
                conversation.patient(utterance.text)
                continue
            turn = turn_key(utterance.turn)
            if turn in seen:
                raise InputError(f"coach turn {turn} appears twice (first on line {seen[turn]}); "
                                 "number the replies uniquely", utterance.path, utterance.line)
            seen[turn] = utterance.line
            replies.append(Reply(turn, utterance.text, utterance.line,
                                 conversation.coach(utterance.text)))
    if not replies:
        raise InputError("the transcript has no coach turns to calibrate on; check the speaker "
                         "column (coach, therapist, trainee...)", path)
    return replies


def engine_sheet(replies: Iterable[Reply], name: str = "engine") -> CodeSheet:
    """The engine's codes as a codes sheet (the default reference)."""
    return CodeSheet(name, {r.turn: CodedTurn(r.turn, frozenset(r.engine.codes), r.line)
                            for r in replies})


def match_turns(replies: list[Reply], sheet: CodeSheet, transcript: str | Path) -> None:
    """Raise unless ``sheet`` codes exactly the transcript's coach replies."""
    known = {r.turn for r in replies}
    for coded in sheet.turns.values():
        if coded.turn not in known:
            sample = ", ".join(r.turn for r in replies[:8]) + (", ..." if len(replies) > 8 else "")
            raise InputError(f"turn {coded.turn} is not a coach reply in {transcript} "
                             f"(coach turns: {sample})", sheet.path, coded.line)
    for reply in replies:
        if reply.turn not in sheet.turns:
            raise InputError(f"coach turn {reply.turn} has no row in {sheet.path}; add one "
                             "(leave codes empty if none apply)", transcript, reply.line)


# ---------------------------------------------------------------- agreement

@dataclass(frozen=True)
class Agreement:
    """A 2x2 table of one binary label across replies: reference vs trainer."""

    code: str
    both: int = 0
    reference_only: int = 0
    trainer_only: int = 0
    neither: int = 0

    @property
    def n(self) -> int:
        return self.both + self.reference_only + self.trainer_only + self.neither

    @property
    def either(self) -> int:
        """Replies at least one side gave the code to."""
        return self.both + self.reference_only + self.trainer_only

    @property
    def reference_uses(self) -> int:
        """Replies the reference gave the code to."""
        return self.both + self.reference_only

    @property
    def trainer_uses(self) -> int:
        """Replies the trainer gave the code to."""
        return self.both + self.trainer_only

    @property
    def prevalence(self) -> float:
        """Percent of replies the reference gave the code to."""
        return 100.0 * self.reference_uses / self.n if self.n else 0.0

    @property
    def percent(self) -> float | None:
        """Percent of the replies either side gave the code to on which both gave it.

        Replies both left without the code are not counted as agreement: with them, a coding
        that ticks one code everywhere scored near 90% because every other code was "agreed"
        blank. ``None`` when neither side used the code.
        """
        return 100.0 * self.both / self.either if self.either else None

    @property
    def kappa(self) -> float | None:
        """Cohen's kappa; ``None`` when chance agreement is total (both constant: undefined)."""
        n = self.n
        ref_yes, tr_yes = self.both + self.reference_only, self.both + self.trainer_only
        chance = ref_yes * tr_yes + (n - ref_yes) * (n - tr_yes)  # pe times n^2, exact
        if chance == n * n:
            return None
        observed = n * (self.both + self.neither)  # po times n^2
        return float(Fraction(observed - chance, n * n - chance))

    def __add__(self, other: "Agreement") -> "Agreement":
        return Agreement("all codes", self.both + other.both,
                         self.reference_only + other.reference_only,
                         self.trainer_only + other.trainer_only, self.neither + other.neither)


@dataclass(frozen=True)
class Difference:
    """A reply the two codings disagree on, with the engine's evidence beside it."""

    turn: str
    text: str
    reference: tuple[str, ...]
    trainer: tuple[str, ...]
    evidence: tuple["Evidence", ...]

    @property
    def missed(self) -> tuple[str, ...]:
        """Codes the reference gives that the trainer left out."""
        return tuple(c for c in self.reference if c not in self.trainer)

    @property
    def added(self) -> tuple[str, ...]:
        """Codes the trainer gave that the reference does not."""
        return tuple(c for c in self.trainer if c not in self.reference)


@dataclass(frozen=True)
class CalibrationReport:
    """Everything a calibration session looks at."""

    transcript: str
    reference: str
    replies: int
    per_code: tuple[Agreement, ...]
    overall: Agreement
    exact: int
    confusion: Mapping[tuple[str, str], int]
    differences: tuple[Difference, ...]

    @property
    def exact_percent(self) -> float:
        """Percent of replies given exactly the same set of codes."""
        return 100.0 * self.exact / self.replies if self.replies else 0.0

    @property
    def used_codes(self) -> tuple[Agreement, ...]:
        """Per-code rows for the codes either side used (the rest agree trivially)."""
        return tuple(a for a in self.per_code if a.both or a.reference_only or a.trainer_only)


def compare(replies: list[Reply], reference: CodeSheet, trainer: CodeSheet,
            transcript: str = "") -> CalibrationReport:
    """Agreement of ``trainer`` with ``reference`` over the transcript's coach replies."""
    tables = {code: [0, 0, 0, 0] for code in CODES}  # both, reference only, trainer only, neither
    confusion: dict[tuple[str, str], int] = {}
    differences: list[Difference] = []
    exact = 0
    for reply in replies:
        ref = reference.turns[reply.turn].codes
        mine = trainer.turns[reply.turn].codes
        for code, cell in tables.items():
            cell[_cell(code in ref, code in mine)] += 1
        for pair in confusion_pairs(ref, mine):
            confusion[pair] = confusion.get(pair, 0) + 1
        if ref == mine:
            exact += 1
            continue
        differing = ref ^ mine
        differences.append(Difference(
            reply.turn, reply.text, ordered(ref), ordered(mine),
            tuple(e for e in reply.engine.evidence if e.code in differing)))
    per_code = tuple(Agreement(code, *cells) for code, cells in tables.items())
    overall = sum(per_code, Agreement("all codes"))
    return CalibrationReport(str(transcript), reference.path, len(replies), per_code, overall,
                             exact, confusion, tuple(differences))


def _cell(in_reference: bool, in_trainer: bool) -> int:
    if in_reference:
        return 0 if in_trainer else 1
    return 2 if in_trainer else 3


def confusion_pairs(reference: frozenset[str], trainer: frozenset[str]) -> list[tuple[str, str]]:
    """(reference code, trainer code) pairs for one reply.

    Shared codes sit on the diagonal. Codes only one side gave are paired with every code only
    the other side gave (what was coded *instead*), or with ``(none)`` when the other side gave
    nothing extra.
    """
    pairs = [(c, c) for c in ordered(reference & trainer)]
    ref_only, tr_only = ordered(reference - trainer), ordered(trainer - reference)
    if ref_only and tr_only:
        pairs.extend((r, t) for r in ref_only for t in tr_only)
    else:
        pairs.extend((r, NONE) for r in ref_only)
        pairs.extend((NONE, t) for t in tr_only)
    if not reference and not trainer:
        pairs.append((NONE, NONE))
    return pairs


def calibrate(transcript: str | Path, trainer_codes: str | Path, coder: "Coder",
              reference: str | Path | None = None) -> CalibrationReport:
    """Compare a trainer's codes file with the engine (``reference=None``) or another file."""
    replies = code_transcript(transcript, coder)
    trainer = read_codes(trainer_codes)
    match_turns(replies, trainer, transcript)
    if reference is None:
        ref = engine_sheet(replies)
    else:
        ref = read_codes(reference)
        match_turns(replies, ref, transcript)
    return compare(replies, ref, trainer, str(transcript))
