"""Plain tables of text cells, and their renderings: the terminal (Rich), Markdown.

Every report that is a set of tables (cohort, calibration) builds :class:`Table` values once and
hands them to whichever renderer the front end needs.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Iterable


@dataclass(frozen=True)
class Table:
    """A titled table of text cells, rendered alike by every output format."""

    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    #: Columns to right-align (numbers).
    numeric: frozenset[int] = frozenset()
    note: str = ""
    #: Preformatted lines shown after the table (a text chart).
    figure: tuple[str, ...] = ()


def fmt(value: float | int | None, digits: int = 1) -> str:
    """A number for a table cell: integers as they are, others rounded; ``-`` for none."""
    if value is None:
        return "-"
    if isinstance(value, int) or float(value).is_integer():
        return str(int(value))
    return f"{value:.{digits}f}"


def markdown(tables: Iterable[Table]) -> str:
    """Tables as GitHub-flavoured Markdown; cell text is escaped so it cannot break the table."""
    out: list[str] = []
    for table in tables:
        out += [f"## {md_cell(table.title)}", ""]
        if table.rows:
            out.append("| " + " | ".join(md_cell(c) for c in table.columns) + " |")
            out.append("|" + "".join(" ---: |" if i in table.numeric else " --- |"
                                     for i in range(len(table.columns))))
            out += ["| " + " | ".join(md_cell(c) for c in row) + " |" for row in table.rows]
            out.append("")
        if table.note:
            out += [md_cell(table.note), ""]
        if table.figure:
            out += ["```", *table.figure, "```", ""]
    return "\n".join(out)


def md_cell(text: str) -> str:
    """Text for a Markdown table cell: specials escaped, one line."""
    # Pipes split cells; other Markdown specials would format a trainee's name or reply text.
    text = str(text).replace("\\", "\\\\").replace("\n", " ").replace("\r", " ")
    for ch in "|*_`[]<>#":
        text = text.replace(ch, "\\" + ch)
    return text


def rich_tables(tables: Iterable[Table]) -> list:
    """Tables as Rich renderables for the terminal (text is never read as markup)."""
    from rich import box
    from rich.table import Table as RichTable
    from rich.text import Text

    out: list = []
    for table in tables:
        if table.rows:
            # No vertical rules: nine columns still fit in 80 characters.
            rich = RichTable(title=Text(table.title, style="bold"), title_justify="left",
                             box=box.SIMPLE_HEAD, pad_edge=False)
            for i, column in enumerate(table.columns):
                # The first column (names) keeps room for a short name when space is tight.
                rich.add_column(Text(column), justify="right" if i in table.numeric else "left",
                                min_width=12 if i == 0 else None)
            for row in table.rows:
                rich.add_row(*(Text(cell) for cell in row))
            out.append(rich)
        else:
            out.append(Text(table.title, style="bold"))
        if table.note:
            out.append(Text(table.note, style="italic"))
        if table.figure:
            out.append(Text("\n".join(table.figure)))
        out.append(Text(""))
    return out


def print_tables(tables: Iterable[Table], lead: str = "") -> None:
    """Print tables to standard output with Rich: the terminal's width, or 120 columns when
    the output goes to a file or pipe (80 would squeeze the nine-column tables)."""
    from rich.console import Console
    from rich.text import Text

    console = Console(highlight=False)
    if not console.is_terminal and "COLUMNS" not in os.environ:
        console.width = 120
    if lead:
        console.print(Text(lead), soft_wrap=True)
        console.print(Text(""))
    for renderable in rich_tables(tables):
        console.print(renderable)
