"""Drills: pick one, answer its items against the clock, see feedback on each at once and the
score at the end. Conversation items play the scenario's patient on the same screen."""
from __future__ import annotations

import sqlite3
import time
from dataclasses import dataclass
from typing import Callable

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Input, Static

from simulator.render.drill import asks, item_lines, score_line
from simulator.drills import Drill, bundled_drills
from simulator.drills.run import DrillResult, DrillRun, ItemResult, TimeUp
from simulator.errors import InputError
from simulator.tui.widgets.reply import ReplyInput
from simulator.tui.widgets.turns import CoachTurn, PatientTurn
from simulator.tui.widgets.row_keys import ROW_JUMP_BINDINGS, RowJumps
from simulator.tui.widgets.title import ScreenTitle
from simulator.words import duration, labels


@dataclass
class DrillFinished(Message, bubble=False):
    """The drill was scored (every item answered, time up, or ended by the trainee)."""

    score: int
    time_up: bool


#: A drill's skill as the picker names it ("non judgement" read as a typo).
SKILLS = {"open_questions": "open questions", "non_judgement": "without judgement",
          "reflection": "reflection", "goal": "eliciting a goal"}


def clock_text(seconds: float | None) -> str:
    """Time left as m:ss (rounded up, so 0:00 means the time is over)."""
    if seconds is None:
        return ""
    whole = int(-(-seconds // 1))
    return f"{whole // 60}:{whole % 60:02d} left"


def feedback(number: int, result: ItemResult) -> Content:
    """An item's feedback, as ``coachsim drill`` prints it: the answer's codes, what was missing
    or should not be there (with the rubric's evidence), the teaching point, the model answer."""
    first, *rest = item_lines(number, result)
    style = "bold $text-success" if result.passed else "bold $text-warning"
    return Content.assemble((first, style), *("\n" + line for line in rest))


class DrillPickerScreen(RowJumps, Screen):
    """The bundled drills: skill, items and time limit."""

    SCOPED_CSS = False  # rules apply as written, not under this screen's name (see simulator.tcss)
    DEFAULT_CSS = """
    #drills {
        height: 1fr;
        min-height: 6;
    }
    #drill-about {
        height: auto;
        max-height: 8;
        padding: 0 1;
        border-top: solid $primary;
    }
    """

    BINDINGS = [
        Binding("enter", "choose", "Start", tooltip="Start the drill (the clock starts at once)",
                priority=True),
        Binding("escape", "app.pop_screen", "Back"),
        *ROW_JUMP_BINDINGS,
    ]

    def compose(self) -> ComposeResult:
        yield Static(Content("Drills: short timed exercises"), classes="screen-title")
        yield DataTable(id="drills", cursor_type="row", zebra_stripes=True)
        yield Static(id="drill-about")
        yield Footer()

    def on_mount(self) -> None:
        try:
            self.drills = bundled_drills()
        except InputError as exc:
            self.drills = []
            self.notify(str(exc), title="Drills unavailable", severity="error", markup=False)
        table = self.query_one(DataTable)
        table.add_columns("Drill", "Skill", "Items", "Time")
        for index, drill in enumerate(self.drills):
            table.add_row(Text(drill.title), Text(SKILLS.get(drill.skill, drill.skill.replace("_", " "))),
                          Text(str(len(drill.items))), Text(duration(drill.time_limit)),
                          key=str(index))
        table.focus()
        self._about()

    def on_data_table_row_highlighted(self) -> None:
        self._about()

    def _selected(self) -> Drill | None:
        table = self.query_one(DataTable)
        return self.drills[table.cursor_row] if table.row_count else None

    def _about(self) -> None:
        drill = self._selected()
        text = drill.instructions if drill else "No drills found."
        self.query_one("#drill-about", Static).update(Content(text))

    def action_choose(self) -> None:
        if (drill := self._selected()) is not None:
            self.app.push_screen(DrillScreen(drill))


class DrillScreen(Screen):
    """One drill in progress: the clock, the current item, the last feedback, the answer box."""

    SCOPED_CSS = False  # rules apply as written, not under this screen's name (see simulator.tcss)
    DEFAULT_CSS = """
    #drill {
        height: 1fr;
        padding: 0 1;
    }
    #drill-instructions {
        color: $text-muted;
    }
    #drill-conversation {
        height: auto;
        max-height: 20;
    }
    #drill-feedback {
        border-top: solid $primary;
    }
    #drill-asks {
        color: $text-accent;
    }
    #drill-next {
        margin-top: 1;
        color: $text-accent;
        text-style: bold;
    }
    """

    BINDINGS = [
        Binding("ctrl+n", "skip", "Skip item", tooltip="Give up this item (counted as skipped)"),
        Binding("ctrl+r", "finish", "Finish", tooltip="End the drill now and see the score"),
        Binding("escape", "leave", "Leave"),
        Binding("r", "again", "Try again", tooltip="Run this drill again from the first item"),
    ]

    def __init__(self, drill: Drill, clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__()
        self.drill = drill
        self.clock = clock
        self.run = DrillRun(drill, clock=clock)
        self.result: DrillResult | None = None
        self._done = 0  # items with feedback shown

    def compose(self) -> ComposeResult:
        yield ScreenTitle(id="drill-title")
        with VerticalScroll(id="drill"):
            yield Static(Content(self.drill.instructions), id="drill-instructions")
            yield Static(id="drill-item", classes="section")
            yield Static(id="drill-asks")
            yield VerticalScroll(id="drill-conversation")
            yield Static(id="drill-feedback", classes="section")
            yield Static(id="drill-next")
        yield ReplyInput(placeholder="Your answer; Enter to send", id="answer")
        yield Footer()

    def on_mount(self) -> None:
        self._ticker = self.set_interval(1.0, self.tick)
        self.show_item()
        self.query_one("#answer", Input).focus()

    # -- the clock -------------------------------------------------------------------------
    def tick(self) -> None:
        """Redraw the time left; end the drill when it has run out."""
        if self.result is None and self.run.remaining == 0.0:
            self.end(time_up=True)
            return
        self._title()

    def _title(self) -> None:
        current = self.run.current
        where = ("finished" if current is None or self.result is not None else
                 f"item {len(self.run.results) + 1} of {len(self.drill.items)}")
        clock = "" if self.result is not None else f" · {clock_text(self.run.remaining)}"
        self.query_one("#drill-title", ScreenTitle).show(self.drill.title, f"{where}{clock}")

    # -- items -----------------------------------------------------------------------------
    def show_item(self) -> None:
        """Draw the item waiting for an answer (or nothing, when all are done)."""
        self._title()
        play = self.run.current
        box = self.query_one("#drill-conversation", VerticalScroll)
        box.remove_children()
        if play is None:
            self.query_one("#drill-item", Static).update(Content(""))
            self.query_one("#drill-asks", Static).update(Content(""))
            return
        self.query_one("#drill-asks", Static).update(Content(
            f"Your answer must {asks(play.item, play.topics)}."))
        item = play.item
        if item.conversation:
            left = item.replies - len(play.answers)
            text = Content.assemble(("Conversation: ", "bold"),
                                    f"reach {labels(item.require or item.require_any)} in "
                                    f"{left} more repl{'y' if left == 1 else 'ies'}")
            name = play.session.loaded.scenario.persona.name
            widgets = []
            for index, line in enumerate(play.patient_lines):
                if index:
                    widgets.append(CoachTurn(index, play.answers[index - 1]))
                widgets.append(PatientTurn(name, line))
            box.mount_all(widgets)
        else:
            parts: list = []
            if item.patient:
                parts += [("Person: ", "bold"), item.patient]
            if item.reply:
                parts += ["\n" if parts else "", ("Reply to rewrite: ", "bold"), item.reply]
            text = Content.assemble(*parts)
        self.query_one("#drill-item", Static).update(text)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        text = event.value
        if not text.strip() or self.result is not None:
            return
        try:
            self.run.answer(text)
        except TimeUp:
            self.end(time_up=True)
            return
        event.input.value = ""
        self._after_item()

    def _after_item(self) -> None:
        """Show feedback on every item that has just finished, then the next item."""
        results = self.run.results
        for number in range(self._done + 1, len(results) + 1):
            self.query_one("#drill-feedback", Static).update(feedback(number, results[number - 1]))
        self._done = len(results)
        if self.run.current is None:
            self.end()
        else:
            self.show_item()

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        if action in ("skip", "finish"):
            return self.result is None  # a scored drill has nothing left to skip or finish
        if action == "again":
            return self.result is not None
        return True

    def action_leave(self) -> None:
        self.app.leave(self)

    def action_again(self) -> None:
        if self.result is not None:
            self.app.switch_screen(DrillScreen(self.drill, clock=self.clock))

    def action_skip(self) -> None:
        if self.result is None and self.run.current is not None:
            self.run.skip()
            self._after_item()

    def action_finish(self) -> None:
        if self.result is None:
            self.end()

    def end(self, time_up: bool = False) -> None:
        """Score the drill (items not answered score 0) and show every item's feedback."""
        self.result = self.run.finish()
        self._ticker.stop()
        answer = self.query_one("#answer", Input)
        answer.disabled = True
        answer.display = False  # a dead box invited typing that went nowhere
        self.query_one("#drill", VerticalScroll).focus()  # arrows and Page Down read the result
        self.query_one("#drill-asks", Static).update(Content(""))
        self.query_one("#drill-conversation", VerticalScroll).remove_children()
        lead = "Time is up. " if time_up else ""
        self.query_one("#drill-item", Static).update(Content.assemble(
            (lead + score_line(self.result), "bold $text-accent")))
        lines = [line for number, r in enumerate(self.result.results, start=1)
                 for line in ("", *item_lines(number, r))]
        self.query_one("#drill-feedback", Static).update(Content("\n".join(lines).strip()))
        self.query_one("#drill-next", Static).update(Content(
            "r to try the drill again, Esc to leave; arrows and Page Down scroll."))
        self._title()
        self.refresh_bindings()
        self._keep(time_up)
        self.post_message(DrillFinished(self.result.score, time_up))

    def _keep(self, time_up: bool) -> None:
        """Store the result with the trainee's sessions (History, practice log, the room's lead)."""
        store = getattr(self.app, "store", None)
        if store is None:
            return
        try:
            store.add_drill_result(self.result.outcome(self.app.trainee, time_up))
        except sqlite3.Error as exc:
            self.notify(f"The drill's result could not be stored: {exc}", severity="warning",
                        markup=False)
