"""Review: step through a session's coach replies with the engine's codes and evidence; agree,
or override the codes (with a reason) in a small modal. Verdicts go to the store at once."""
from __future__ import annotations

import re
from typing import Sequence

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, Footer, Input, SelectionList, Static
from textual.widgets.selection_list import Selection

from simulator.codes import CODES, LABELS
from simulator.errors import InputError
from simulator.render.session import session_files
from simulator.review import Verdicts, verdicts_csv, verdicts_jsonl
from simulator.terminal import printable
from simulator.tui.screens.glossary import GlossaryScreen
from simulator.tui.widgets.title import ScreenTitle
from simulator.tui.widgets.turns import highlighted
from simulator.verdicts import ReviewItem, Verdict, ordered
from simulator.words import labels


def file_stem(name: str) -> str:
    """``name`` made safe as part of a file name (a transcript's own suffix dropped)."""
    name = re.sub(r"\.(csv|jsonl|ndjson|json|db)$", "", name, flags=re.IGNORECASE)
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", name).strip("_")


def code_options(selected: Sequence[str]) -> list[Selection]:
    """The 13 codes as SelectionList options (their labels), ``selected`` ticked."""
    return [Selection(Content(LABELS[c]), c, c in selected) for c in CODES]


def evidence_lines(evidence: Sequence[dict], details: bool = False) -> list[Content]:
    """One line per piece of evidence: the code, what it matched, why; with ``details`` (a
    trainer asked for them) also the rule that fired, by its id."""
    lines = []
    for e in evidence:
        parts: list = [("• ", "bold"), (LABELS.get(e.get("code"), str(e.get("code"))), "bold")]
        if details and e.get("rule"):
            parts += [("  rule ", "$text-muted"), str(e["rule"])]
        if e.get("matched"):
            parts += [("  matched ", "$text-muted"), f"\u201c{printable(str(e['matched']))}\u201d"]
        if e.get("feedback"):
            parts += ["\n  ", str(e["feedback"])]
        lines.append(Content.assemble(*parts))
    return lines


def verdict_line(item: ReviewItem, verdict: Verdict | None) -> Content:
    """The trainer's verdict on a reply, or that there is none yet."""
    if verdict is None:
        return Content.assemble(("Trainer: ", "bold"), ("not reviewed yet (a agree, o override)",
                                                          "$text-muted"))
    if set(verdict.codes) == set(item.codes):
        return Content.assemble(("Trainer: ", "bold"),
                                (f"{printable(verdict.trainer)} agrees", "$text-success"))
    return Content.assemble(("Trainer: ", "bold"),
                            (f"{printable(verdict.trainer)} overrode: ", "$text-warning"),
                            labels(verdict.codes), f", because {printable(verdict.reason)}")


class OverrideScreen(ModalScreen[tuple[tuple[str, ...], str] | None]):
    """Choose the reply's codes (tick to add, untick to remove) and say why (required)."""

    SCOPED_CSS = False  # rules apply as written, not under this screen's name (see simulator.tcss)
    DEFAULT_CSS = """
    OverrideScreen {
        align: center middle;
    }
    #override-box {
        width: 72;
        max-width: 100%;
        height: auto;
        max-height: 100%;
        padding: 0 2;
        border: thick $primary;
        background: $surface;
    }
    #override-reply {
        max-height: 3;
    }
    /* The list gives way first (it scrolls), so the reason, the error and the buttons always
       stay on screen; on a tall terminal it shows every code. */
    #override-codes {
        height: 15;
    }
    .-short #override-codes {
        height: 1fr;
        min-height: 4;
    }
    .-short #override-box {
        height: 100%;
    }
    #override-error {
        color: $text-error;
        height: auto;
    }
    #override-box .buttons {
        height: auto;
    }
    #override-box Button {
        margin-right: 2;
    }
    """

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", tooltip="Store the override (a reason is required)"),
        Binding("escape", "cancel", "Cancel", tooltip="Close without changing anything"),
    ]

    def __init__(self, item: ReviewItem, current: Sequence[str]) -> None:
        super().__init__()
        self.item = item
        self.current = tuple(current)

    def compose(self) -> ComposeResult:
        with Vertical(id="override-box"):
            yield Static(Content.assemble(
                (f"Override the codes of reply {printable(str(self.item.turn))}\n", "bold"),
                printable(self.item.text[:300])), id="override-reply")
            yield SelectionList[str](*code_options(self.current), id="override-codes")
            yield Static(id="override-change")
            yield Input(placeholder="Why? (required)", id="override-reason")
            yield Static(id="override-error")
            with Horizontal(classes="buttons"):
                yield Button("Save (ctrl+s)", id="save", variant="primary")
                yield Button("Cancel (esc)", id="cancel")
        # Its own keys: the footer of the review beneath shows keys that do nothing meanwhile.
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(SelectionList).focus()
        self._show_change()

    def chosen(self) -> tuple[str, ...]:
        """The ticked codes, in the rubric's order."""
        ticked = set(self.query_one(SelectionList).selected)
        return ordered(ticked)

    def _show_change(self) -> None:
        chosen = self.chosen()
        added = [c for c in chosen if c not in self.item.codes]
        removed = [c for c in self.item.codes if c not in chosen]
        text = (f"Adds: {labels(added) if added else '-'}   "
                f"Removes: {labels(removed) if removed else '-'}")
        self.query_one("#override-change", Static).update(Content(text))

    def on_selection_list_selected_changed(self) -> None:
        self._show_change()

    def on_input_submitted(self) -> None:
        self.action_save()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save":
            self.action_save()
        else:
            self.action_cancel()

    def action_save(self) -> None:
        reason = self.query_one("#override-reason", Input).value.strip()
        codes = self.chosen()
        problem = None
        if set(codes) == set(self.item.codes):
            problem = "Change at least one code (or close this and agree with a)."
        elif not reason:
            problem = "Say why: the reason is kept with the override."
        if problem:
            self.query_one("#override-error", Static).update(Content(problem))
            return
        self.dismiss((codes, reason))

    def action_cancel(self) -> None:
        self.dismiss(None)


class TrainerNameScreen(ModalScreen[str | None]):
    """Ask who is reviewing (once: the app remembers it), rather than guess from the login."""

    SCOPED_CSS = False
    DEFAULT_CSS = """
    TrainerNameScreen {
        align: center middle;
    }
    #trainer-box {
        width: 60;
        max-width: 100%;
        height: auto;
        padding: 0 2;
        border: thick $primary;
        background: $surface;
    }
    """

    BINDINGS = [Binding("escape", "cancel", "Cancel", tooltip="Close without storing the verdict")]

    def compose(self) -> ComposeResult:
        with Vertical(id="trainer-box"):
            yield Static("Your name as the trainer: it is kept with each verdict, and "
                         "remembered for next time.")
            yield Input(placeholder="e.g. Dr Ames", max_length=80, id="trainer-name")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        name = " ".join(event.value.split())
        if name:
            self.dismiss(name)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ReviewScreen(Screen):
    """One coach reply at a time: the person's line before it, the reply with its evidence
    highlighted, the engine's codes, rules and feedback, and the trainer's verdict."""

    SCOPED_CSS = False  # rules apply as written, not under this screen's name (see simulator.tcss)
    DEFAULT_CSS = """
    #review {
        padding: 0 1;
    }
    """

    #: Rule ids are for trainers who ask for them ("d"); everyone else reads the labels.
    details = False

    BINDINGS = [
        Binding("right,n", "step(1)", "Next", tooltip="The next reply"),
        Binding("left,p", "step(-1)", "Prev", tooltip="The previous reply"),
        Binding("a", "agree", "Agree", tooltip="The engine's codes are right for this reply"),
        Binding("o", "override", "Override", tooltip="Change this reply's codes, with a reason"),
        Binding("escape", "leave", "Back"),
        Binding("question_mark", "glossary", "Words", tooltip="What MI-adherent, band... mean"),
        Binding("d", "details", "Details", tooltip="Show or hide the ids of the rules that fired"),
        # Off the footer (no room at 80 columns); the palette (ctrl+p) lists it.
        Binding("x", "export", "Export", show=False, tooltip="Save the overrides (CSV, JSONL) "
                "and, for a saved session, its report"),
    ]

    def __init__(self, items: Sequence[ReviewItem], trainer: str | None = None,
                 title: str = "", session_id: int | None = None) -> None:
        super().__init__()
        if not items:
            raise InputError("nothing to review: no coach replies")
        self.items = list(items)
        #: Who gives the verdicts: given, else the app's trainer setting, else asked for.
        self.trainer = trainer
        self.heading = printable(title or self.items[0].source, newlines=False)
        self.session_id = session_id  # a saved session: its report is exported too
        self.index = 0

    def compose(self) -> ComposeResult:
        yield ScreenTitle(id="review-title")
        with VerticalScroll(id="review"):
            yield Static(id="review-patient", classes="turn patient")
            yield Static(id="review-reply", classes="turn coach")
            yield Static(id="review-codes", classes="section")
            yield Static(id="review-evidence", classes="section")
            yield Static(id="review-verdict", classes="section")
        yield Footer()

    def on_mount(self) -> None:
        self.reload()

    @property
    def item(self) -> ReviewItem:
        return self.items[self.index]

    def reload(self) -> None:
        """Re-read the verdicts on these replies from the store and redraw."""
        sources = sorted({i.source for i in self.items})
        self.verdicts = Verdicts(self.app.store.verdicts(sources))
        self.show()

    def verdict(self, item: ReviewItem) -> Verdict | None:
        return self.verdicts.find(item.source, item.turn, item.text)

    def show(self) -> None:
        """Draw the current reply."""
        item = self.item
        overridden = sum(1 for i in self.items
                         if (v := self.verdict(i)) and set(v.codes) != set(i.codes))
        reviewed = sum(1 for i in self.items if self.verdict(i))
        self.query_one("#review-title", ScreenTitle).show(
            f"Review: {self.heading}", f"reply {self.index + 1} of {len(self.items)} · "
            f"{reviewed} reviewed, {overridden} overridden")
        self.query_one("#review-patient", Static).update(Content.assemble(
            ("Person\n", "bold"), printable(item.patient or "(no line before this reply)")))
        self.query_one("#review-reply", Static).update(Content.assemble(
            (f"Coach ({printable(str(item.turn))})\n", "bold"), highlighted(item.text, item.evidence)))
        self.query_one("#review-codes", Static).update(Content.assemble(
            ("Engine's codes: ", "bold $text-accent"), labels(item.codes)))
        lines = (evidence_lines(item.evidence, self.details)
                 or [Content("No evidence: the engine gave no code.")])
        self.query_one("#review-evidence", Static).update(
            Content.assemble(("Evidence and feedback", "bold $text-accent"),
                             *(part for line in lines for part in ("\n", line))))
        self.query_one("#review-verdict", Static).update(verdict_line(item, self.verdict(item)))

    def action_step(self, delta: int) -> None:
        self.index = max(0, min(len(self.items) - 1, self.index + delta))
        self.show()

    def action_details(self) -> None:
        self.details = not self.details
        self.show()

    def action_glossary(self) -> None:
        self.app.push_screen(GlossaryScreen())

    def action_leave(self) -> None:
        self.app.leave(self)

    def action_agree(self) -> None:
        self._store("agree", self.item.codes)
        self.action_step(1)

    def action_override(self) -> None:
        verdict = self.verdict(self.item)
        current = verdict.codes if verdict else self.item.codes
        self.app.push_screen(OverrideScreen(self.item, current), self._overridden)

    def _overridden(self, answer: tuple[tuple[str, ...], str] | None) -> None:
        if answer is not None:
            codes, reason = answer
            self._store("override", codes, reason)

    def _store(self, action: str, codes: Sequence[str], reason: str = "",
               item: ReviewItem | None = None) -> None:
        item = item or self.item  # the reply it was given on, even if the screen moved on
        self.trainer = self.trainer or getattr(self.app, "trainer", None)
        if not self.trainer:
            self.app.push_screen(TrainerNameScreen(),
                                 lambda name: self._named(name, action, codes, reason, item))
            return
        try:
            self.app.store.add_verdict(item, action, codes, self.trainer, reason)
        except InputError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        self.reload()

    def _named(self, name: str | None, action: str, codes: Sequence[str], reason: str,
               item: ReviewItem) -> None:
        if name is None:
            return  # cancelled: nothing stored
        self.trainer = name
        self.app.set_trainer(name)
        self._store(action, codes, reason, item)

    def action_export(self) -> None:
        verdicts = list(self.verdicts)
        stem = f"overrides-{file_stem(self.heading) or 'review'}"
        files = {f"{stem}.csv": verdicts_csv(verdicts), f"{stem}.jsonl": verdicts_jsonl(verdicts)}
        if self.session_id is not None:
            files.update(session_files(self.app.store, self.session_id))
        self.app.keep_files(files)
