"""CSV that opens safely in a spreadsheet and reads back exactly as written.

A cell that starts with = + - @ (or a tab or carriage return) is a formula to Excel, LibreOffice
and Google Sheets: a trainee's "-ish, most days" shows as #NAME?, and a crafted reply could run
as a formula on a trainer's machine (CSV injection). Writers prefix such a cell with an
apostrophe, which spreadsheets hide; readers take it off again, so exports go back into
``coachsim assess`` and ``calibrate`` unchanged.
"""
from __future__ import annotations

import csv
from itertools import chain
from typing import IO, Iterable, Mapping, Sequence

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> object:
    """``value`` as a spreadsheet will show it: text that would start a formula is quoted."""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def read_cell(text: str) -> str:
    """A cell as it was before :func:`safe_cell` quoted it."""
    if text.startswith("'") and text[1:].startswith(_FORMULA_STARTS):
        return text[1:]
    return text


def write_rows(out: IO[str], rows: Iterable[Sequence[object]]) -> None:
    """Write rows (the first is usually the header) with every cell made safe."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerows([safe_cell(v) for v in row] for row in rows)  # streams: rows may be a generator


def write_records(out: IO[str], fields: Sequence[str], records: Iterable[Mapping[str, object]]) -> None:
    """Write a header of ``fields``, then one row per record, every cell made safe."""
    write_rows(out, chain([list(fields)], ([record.get(f, "") for f in fields] for record in records)))
