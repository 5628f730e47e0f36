"""What the trainee writes after a session: the care and support plan (checked per field
against what the person said), an estimate of the person's activation level (compared with
the scenario's and with what the session did), and a short reflection for supervision.

Each form saves to the store with Ctrl+S and shows its feedback at once; leaving with Esc saves
what was written since, so a trainee's words are not lost to a missed key.
"""
from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Input, Label, RadioButton, RadioSet, Static

from simulator.journey import carry_over, person_turns, tailoring
from simulator.reflections import QUESTIONS, REFLECTION_LIMIT, Reflection
from simulator.rubric.plans import FIELD_LIMITS, PLAN_FIELDS, CarePlan, check_plan
from simulator.rubric.tailoring import LEVEL_WORDS
from simulator.store import SavedSession

_CSS = """
NoteScreen .form {
    padding: 0 2;
}
NoteScreen Label {
    margin-top: 1;
    text-style: bold;
}
NoteScreen .feedback {
    color: $text-muted;
    padding-left: 1;
}
NoteScreen .feedback.-work {
    color: $text-warning;
}
"""


def _feedback(ok: bool, note: str) -> Content:
    return Content.assemble(("ok: " if ok else "to work on: ", "bold"), note)


class NoteScreen(Screen):
    """A form about one saved session; subclasses say what it holds and how it is checked."""

    DEFAULT_CSS = _CSS
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", tooltip="Save and see the feedback"),
        Binding("escape", "close", "Back"),
    ]
    TITLE_TEXT = ""

    def __init__(self, saved: SavedSession) -> None:
        super().__init__()
        self.saved = saved

    def compose(self) -> ComposeResult:
        yield Static(Content(f"{self.TITLE_TEXT}: {self.saved.info.scenario_title}"),
                     classes="screen-title")
        with VerticalScroll(classes="form"):
            yield from self.fields()
        yield Footer()

    def on_mount(self) -> None:
        # Typing starts in the first field, not in the scrolling container around them.
        self.query("RadioSet, Input").first().focus()

    def action_close(self) -> None:
        if self.unsaved():
            self.action_save()
        self.dismiss(None)

    def unsaved(self) -> bool:
        """Whether the fields hold words the store does not have yet."""
        typed = {i.id: i.value.strip() for i in self.query(Input)}
        stored = self.stored_values()
        return any(typed.values()) and any(v != stored.get(k, "") for k, v in typed.items())

    def stored_values(self) -> dict:  # each form's stored text, by field
        return {}

    def fields(self) -> ComposeResult:  # each form's labels and inputs
        yield from ()

    def value(self, key: str) -> str:
        return self.query_one(f"#{key}", Input).value

    def saved_note(self, kind: str) -> dict:
        """A note as stored now (another form may have saved since this one opened)."""
        return self.app.store.session(self.saved.id).notes.get(kind) or {}


class PlanScreen(NoteScreen):
    """The personalised care and support plan, a field at a time."""

    TITLE_TEXT = "Care and support plan"

    def stored_values(self) -> dict:
        return self.saved_note("plan").get("fields", {})

    def fields(self) -> ComposeResult:
        before = self.saved_note("plan").get("fields", {})
        for key, label in PLAN_FIELDS.items():
            yield Label(Content(label))
            yield Input(before.get(key, ""), id=key, max_length=FIELD_LIMITS[key])
            yield Static("", id=f"{key}-feedback", classes="feedback")

    def action_save(self) -> None:
        plan = CarePlan(**{key: self.value(key) for key in PLAN_FIELDS})
        session = self.app.replay(self.saved)
        checks = check_plan(plan, person_turns(session), session.coder)
        store = self.app.store
        store.save_note(self.saved.id, "plan", {"fields": plan.model_dump(),
                                                "checks": [c.to_dict() for c in checks]})
        # The plan's goal is what the person leaves with: the next appointment opens from it.
        store.save_note(self.saved.id, "carried_out", carry_over(session, plan).to_dict())
        for check in checks:
            box = self.query_one(f"#{check.field}-feedback", Static)
            box.update(_feedback(check.ok, check.note))
            box.set_class(not check.ok, "-work")
        met = sum(c.ok for c in checks)
        self.notify(f"Plan saved: {met} of {len(checks)} fields meet the check", markup=False)


class TailoringScreen(NoteScreen):
    """The trainee's estimate of the person's activation level, and what they tailored."""

    TITLE_TEXT = "Activation level"

    def unsaved(self) -> bool:
        # Without a level chosen there is nothing to compare; the text alone waits for one.
        pressed = self.query_one(RadioSet).pressed_index
        stored = self.saved_note("tailoring")
        return pressed >= 0 and (pressed + 1 != stored.get("estimate")
                                 or self.value("tailored").strip() != stored.get("tailored", ""))

    def fields(self) -> ComposeResult:
        before = self.saved_note("tailoring")
        yield Label(Content("Your estimate of their activation level"))
        with RadioSet(id="level"):
            for level, words in LEVEL_WORDS.items():
                yield RadioButton(f"{level} {words}", value=before.get("estimate") == level)
        yield Label(Content("What you tailored to it"))
        yield Input(before.get("tailored", ""), id="tailored", max_length=300)
        yield Static("", id="verdict", classes="feedback")

    def action_save(self) -> None:
        pressed = self.query_one(RadioSet).pressed_index
        if pressed < 0:
            self.notify("Choose a level from 1 to 4 first", severity="warning", markup=False)
            return
        plan = self.saved_note("plan").get("fields")
        session = self.app.replay(self.saved)
        feedback = tailoring(session, pressed + 1, self.value("tailored"),
                             CarePlan(**plan) if plan else None)
        self.app.store.save_note(self.saved.id, "tailoring", feedback.to_dict())
        lines = [feedback.verdict, *(f"{'ok' if m.met else 'to work on'}: {m.label}: {m.note}"
                                     for m in feedback.measures)]
        self.query_one("#verdict", Static).update(Content("\n".join(lines)))


class ReflectionScreen(NoteScreen):
    """Three short answers for supervision, kept with the session."""

    TITLE_TEXT = "Reflection"

    def stored_values(self) -> dict:
        return self.saved_note("reflection")

    def fields(self) -> ComposeResult:
        before = self.saved_note("reflection")
        for key, question in QUESTIONS.items():
            yield Label(Content(question))
            yield Input(before.get(key, ""), id=key, max_length=REFLECTION_LIMIT)

    def action_save(self) -> None:
        reflection = Reflection(**{key: self.value(key) for key in QUESTIONS})
        if reflection.empty:
            self.notify("Write at least one answer first", severity="warning", markup=False)
            return
        self.app.store.save_note(self.saved.id, "reflection", reflection.model_dump())
        self.notify("Reflection saved with the session", markup=False)
