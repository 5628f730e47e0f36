"""Calibration: the trainer codes each coach reply of a transcript themselves, with the
engine's codes hidden, then sees the agreement report (per-code agreement and kappa, the
confusion table, and each reply coded differently beside the engine's evidence)."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Mapping, Sequence

from rich.console import Group
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, SelectionList, Static

from simulator.calibration import (CalibrationReport, CodedTurn, CodeSheet, Reply, compare,
                                   engine_sheet)
from simulator.files import write_private
from simulator.render.calibration import report_tables, summary
from simulator.render.tables import rich_tables
from simulator.tui.screens.review import code_options, file_stem
from simulator.tui.widgets.title import ScreenTitle
from simulator.verdicts import ordered


@dataclass
class CalibrationDone(Message, bubble=False):
    """The trainer finished coding and the agreement was computed."""

    report: CalibrationReport


def codes_csv(replies: Sequence[Reply], coded: Mapping[str, Sequence[str]]) -> str:
    """The trainer's coding in the ``--codes`` format: ``turn,codes`` with codes joined by ``;``."""
    rows = [f"{r.turn},{';'.join(ordered(coded.get(r.turn, ())))}" for r in replies]
    return "turn,codes\n" + "\n".join(rows) + "\n"


class CalibrateScreen(Screen):
    """Code every reply (the engine's codes stay hidden), then compare."""

    SCOPED_CSS = False  # rules apply as written, not under this screen's name (see simulator.tcss)
    DEFAULT_CSS = """
    #calibrate-main {
        height: 1fr;
    }
    #calibrate-reply {
        width: 1fr;
        padding: 0 1;
    }
    #calibrate-side {
        width: 40;
        border-left: solid $primary;
    }
    #calibrate-codes {
        height: 1fr;
    }
    .hint {
        margin-top: 1;
        color: $text-muted;
    }
    #calibrate-report {
        height: 1fr;
        padding: 0 1;
    }
    """

    BINDINGS = [
        Binding("right,n", "step(1)", "Next", tooltip="Keep these codes and go to the next reply"),
        Binding("left,p", "step(-1)", "Previous", tooltip="Back to the previous reply"),
        Binding("f", "finish", "Compare", tooltip="Show the agreement with the reference"),
        Binding("s", "save", "Save codes", tooltip="Save your coding as a --codes CSV file"),
        Binding("escape", "leave", "Back"),
        # The result scrolls wherever the focus is (it was stuck until Tab reached it).
        Binding("pagedown", "scroll_report(1)", "Page down", show=False, priority=True),
        Binding("pageup", "scroll_report(-1)", "Page up", show=False, priority=True),
    ]

    def __init__(self, transcript: str | Path, replies: Sequence[Reply],
                 patients: Mapping[str, str], reference: CodeSheet | None = None) -> None:
        super().__init__()
        self.transcript = str(transcript)
        self.replies = list(replies)
        self.patients = patients
        self.reference = reference or engine_sheet(self.replies)
        self.coded: dict[str, tuple[str, ...]] = {}
        self.index = 0
        self.report: CalibrationReport | None = None

    def compose(self) -> ComposeResult:
        yield ScreenTitle(id="calibrate-title")
        with Horizontal(id="calibrate-main"):
            with VerticalScroll(id="calibrate-reply"):
                yield Static(id="calibrate-patient", classes="turn patient")
                yield Static(id="calibrate-coach", classes="turn coach")
                yield Static(Content("Tick every code the reply carries (space or enter); "
                                     "n for the next reply. The engine's codes are shown only "
                                     "when you compare."), classes="hint")
            with Vertical(id="calibrate-side"):
                yield SelectionList[str](*code_options(()), id="calibrate-codes")
        yield VerticalScroll(Static(id="calibrate-report-body"), id="calibrate-report")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#calibrate-report").display = False
        self.show()
        self.query_one(SelectionList).focus()

    @property
    def reply(self) -> Reply:
        return self.replies[self.index]

    def show(self) -> None:
        """Draw the current reply (plain: no evidence, no codes) and the trainer's ticks."""
        reply = self.reply
        self.query_one("#calibrate-title", ScreenTitle).show(
            f"Calibration: {Path(self.transcript).name}",
            f"reply {self.index + 1} of {len(self.replies)} · {len(self.coded)} coded")
        self.query_one("#calibrate-patient", Static).update(Content.assemble(
            ("Person\n", "bold"), self.patients.get(reply.turn) or "(no line before this reply)"))
        self.query_one("#calibrate-coach", Static).update(Content.assemble(
            (f"Coach ({reply.turn})\n", "bold"), reply.text))
        codes = self.query_one(SelectionList)
        codes.deselect_all()
        for code in self.coded.get(reply.turn, ()):
            codes.select(code)

    def keep(self) -> None:
        """Record the ticks for the current reply."""
        self.coded[self.reply.turn] = ordered(self.query_one(SelectionList).selected)

    def action_step(self, delta: int) -> None:
        if self.report is not None:
            return
        self.keep()
        if self.index + delta >= len(self.replies):
            self.action_finish()
            return
        self.index = max(0, self.index + delta)
        self.show()

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        if action in ("step", "finish"):
            return self.report is None
        if action == "scroll_report":
            return self.report is not None
        return True

    def action_scroll_report(self, pages: int) -> None:
        report = self.query_one("#calibrate-report", VerticalScroll)
        if pages < 0:
            report.scroll_page_up()
        else:
            report.scroll_page_down()

    def action_leave(self) -> None:
        self.app.leave(self)

    def sheet(self) -> CodeSheet:
        """The trainer's coding as a codes sheet (replies not reached: no codes)."""
        return CodeSheet("you", {r.turn: CodedTurn(r.turn, frozenset(self.coded.get(r.turn, ())),
                                                    r.line) for r in self.replies})

    def action_finish(self) -> None:
        if self.report is not None:
            return
        self.keep()
        missing = len(self.replies) - len(self.coded)
        if missing:
            self.notify(f"{missing} repl{'y' if missing == 1 else 'ies'} not coded yet; "
                        "step through every reply first", severity="warning")
            return
        self.report = compare(self.replies, self.reference, self.sheet(), self.transcript)
        self.query_one("#calibrate-main").display = False
        self.query_one("#calibrate-report").display = True
        self.query_one("#calibrate-report").focus()  # arrows and Home/End scroll it too
        # Rich tables from the CLI's own report; Text cells, so reply text is never markup.
        body = Group(Text(summary(self.report)), Text(""), *rich_tables(report_tables(self.report)))
        self.query_one("#calibrate-report-body", Static).update(body)
        self.query_one("#calibrate-title", ScreenTitle).show(
            f"Calibration: {Path(self.transcript).name} against {self.reference.path}", "agreement")
        self.refresh_bindings()
        self.post_message(CalibrationDone(self.report))

    def action_save(self) -> None:
        if self.report is None:
            self.keep()
        stem = file_stem(Path(self.transcript).name) or "transcript"
        with self.app.reporting("Not saved"):
            path = self.app.store.exports_dir() / f"codes-{stem}.csv"
            write_private(path, codes_csv(self.replies, self.coded))
            self.app.notify_saved([path])
