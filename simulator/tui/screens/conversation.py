"""The conversation: transcript, reply box, feedback, running metrics and the patient's gauges.

A thin shell over :class:`~simulator.session.Session`: a reply goes to ``Session.submit``
(which codes it and has the store commit it) and only the returned turn is drawn. What is
being typed is saved as a draft, at most every :data:`DRAFT_DELAY` seconds.
"""
from __future__ import annotations

from contextlib import suppress
from dataclasses import dataclass

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual import events
from textual.message import Message
from textual.reactive import reactive
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Input, Static

from simulator.errors import InputError
from simulator.words import plural
from simulator.session import Session, SessionEnded, TurnResult
from simulator.store import LEASE_BEAT, SessionOpenElsewhere, StoreUnavailable
from simulator.tui.widgets.reply import ReplyInput
from simulator.tui.widgets.panels import FeedbackPanel, MetricsPanel, PatientPanel
from simulator.tui.widgets.title import ScreenTitle
from simulator.tui.widgets.turns import CoachTurn, PatientTurn

#: Seconds between draft saves while typing (a throttle: the latest text is always saved).
DRAFT_DELAY = 0.5
#: Turn widgets kept in the transcript (coach and patient each count); older ones fold away.
KEPT_TURNS = 80


@dataclass
class ReplySubmitted(Message, bubble=False):
    """The trainee sent a reply (before it is coded)."""

    text: str


@dataclass
class TurnShown(Message, bubble=False):
    """A turn was coded, committed and drawn."""

    turn: int
    codes: tuple[str, ...]
    patient: str


@dataclass
class SessionFinished(Message, bubble=False):
    """The session was scored and stored."""

    session_id: int


class Transcript(VerticalScroll):
    """The turns. It follows new ones (Textual's anchor) until the trainee scrolls up, and
    ``following`` says which, so the screen can tell them."""

    following: reactive[bool] = reactive(True)

    def release_anchor(self) -> None:
        super().release_anchor()
        self.following = False

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        # Scrolled back to the bottom: Textual re-anchors, and the note goes.
        self.following = not self._anchor_released


class ConversationScreen(Screen):
    """Talk to the simulated patient."""

    SCOPED_CSS = False  # rules apply as written, not under this screen's name (see simulator.tcss)
    DEFAULT_CSS = """
    #main {
        height: 1fr;
    }
    #left {
        width: 1fr;
    }
    #transcript {
        height: 1fr;
        padding: 0 1;
    }
    .folded {
        color: $text-muted;
        text-style: italic;
        padding: 0 1;
    }
    .ended {
        margin: 1 0;
        padding: 0 1;
        color: $text-warning;
        text-style: bold;
    }
    #feedback {
        height: auto;
        max-height: 40%;
        padding: 0 1;
        border-top: solid $primary;
        border-title-align: right;
        scrollbar-size-vertical: 1;
    }
    #focus-note, #follow-note {
        height: 1;
        padding: 0 1;
        background: $warning 20%;
        color: $text-warning;
        display: none;
    }
    #reply:blur {
        border: tall $warning;
    }
    #reply {
        margin: 0;
    }
    #side {
        width: 31;
        padding: 0 1;
        border-left: solid $primary;
        scrollbar-size-vertical: 1;
    }
    #patient {
        height: auto;
    }
    .panel-title {
        text-style: bold;
        color: $text-accent;
    }
    #state {
        color: $text-muted;
        margin-bottom: 1;
    }
    #metrics {
        height: auto;
        margin-top: 1;
    }
    /* Assessment mode: nothing live; the report reveals it all at the end. */
    .assessment #side, .assessment #feedback {
        display: none;
    }
    """

    BINDINGS = [
        Binding("ctrl+g", "hint", "Hint", tooltip="Suggest a better next move"),
        Binding("ctrl+r", "finish", "Finish", tooltip="End the session and see the report"),
        Binding("escape", "leave", "Leave", tooltip="Back to the scenarios; resume on next start"),
        # Scrolling from the reply box, so reading never takes the focus away from it.
        Binding("pageup", "scroll_transcript(-1)", "Scroll up", show=False),
        Binding("pagedown", "scroll_transcript(1)", "Scroll down", show=False),
        Binding("ctrl+up,alt+up", "scroll_feedback(-1)", "Feedback up", show=False),
        Binding("ctrl+down,alt+down", "scroll_feedback(1)", "Feedback down", show=False),
    ]

    def __init__(self, session: Session, session_id: int, draft: str = "") -> None:
        super().__init__(classes="assessment" if session.info.assessment else "practice")
        self.session = session
        self.session_id = session_id
        self.draft = draft
        self.person = session.loaded.scenario.persona.name
        self._draft_timer: Timer | None = None
        self.finished = False
        self._folded = 0
        self._fold_note: Static | None = None
        self._draft_failing = False
        self._lost = False

    def compose(self) -> ComposeResult:
        scenario = self.session.loaded.scenario
        mode = "assessment mode: feedback at the end" if self.session.info.assessment else "practice mode"
        yield ScreenTitle(scenario.title, mode, id="topbar")
        with Horizontal(id="main"):
            with Vertical(id="left"):
                yield Transcript(id="transcript")
                yield Static(Content("Scrolled up: new turns are below (page down to follow "
                                     "again)"), id="follow-note")
                yield FeedbackPanel(Content("Your reply's codes and feedback appear here."),
                                    id="feedback")
                yield Static(Content("Your reply box is not selected: type, or press tab, to "
                                     "go back to it"), id="focus-note")
                # Coming back to the box must not select the draft: the next key would replace it.
                yield ReplyInput(placeholder="Your reply; Enter to send", id="reply",
                                 select_on_focus=False)
            # Scrolls: at 80x24 a band note can push the last measures below the edge.
            with VerticalScroll(id="side", can_focus=False):
                ranges = {k: (v.min, v.max) for k, v in scenario.variables.items()}
                yield PatientPanel(self.person, ranges, id="patient")
                yield MetricsPanel(id="metrics")
        yield Footer()

    def on_mount(self) -> None:
        transcript = self.query_one(Transcript)
        transcript.anchor()
        self.watch(transcript, "following", self._show_following, init=False)
        widgets = [PatientTurn(self.person, self.session.opening.line)]
        for result in self.session.turns:
            widgets += self._turn_widgets(result)
        self._show_turns(widgets)
        self._show_state()
        if self.session.turns:
            self._show_feedback(self.session.turns[-1])
        reply = self.query_one("#reply", Input)
        reply.value = self.draft
        reply.focus()
        self.set_interval(LEASE_BEAT, self.heartbeat)
        if self.session.ended:
            self._close()

    # -- replies -----------------------------------------------------------------------------
    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.post_message(ReplySubmitted(event.value))
        try:
            result = self.session.submit(event.value)
        except StoreUnavailable as exc:
            # Not stored, so not sent: the reply stays in the box for the next Enter.
            self.notify(str(exc), title="Not sent", severity="error", markup=False, timeout=10)
            return
        except (InputError, SessionEnded) as exc:
            self.notify(str(exc), severity="warning", markup=False)
            return
        self._cancel_draft()
        with self.app.batch_update():  # one layout pass for the new turn and every panel
            event.input.value = ""
            self._show_turns(self._turn_widgets(result))
            self._show_state()
            self._show_feedback(result)
        self.post_message(TurnShown(result.turn, result.coding.codes, result.patient.line))
        if result.ended:
            self._close()

    def _show_turns(self, widgets: list[Static]) -> None:
        """Add turns to the transcript, keeping at most :data:`KEPT_TURNS` on screen: every
        reply re-lays out the transcript, so a 200-turn session must not cost 200 turns."""
        transcript = self.query_one("#transcript", VerticalScroll)
        turns = list(transcript.query(".turn")) + widgets
        drop = turns[:max(0, len(turns) - KEPT_TURNS)]
        self._folded += len(drop)
        widgets = [w for w in widgets if w not in drop]
        for widget in drop:
            if widget.is_mounted:
                widget.remove()
        if self._folded:
            are = "is" if self._folded == 1 else "are"
            note = Content(f"{plural(self._folded, 'earlier turn')} {are} in the report (ctrl+r).")
            if self._fold_note is None:
                self._fold_note = Static(note, classes="folded")
                transcript.mount(self._fold_note, before=0)
            else:
                self._fold_note.update(note)
        transcript.mount_all(widgets)

    # -- focus and scrolling -----------------------------------------------------------------
    def _show_following(self, following: bool) -> None:
        self.query_one("#follow-note").display = not following

    def on_descendant_focus(self) -> None:
        self._show_focus()

    def on_descendant_blur(self) -> None:
        self.call_after_refresh(self._show_focus)

    def _show_focus(self) -> None:
        """A cue whenever the reply box has lost the focus (Shift+Tab, a click elsewhere)."""
        reply = self.query_one("#reply", Input)
        self.query_one("#focus-note").display = not (reply.has_focus or reply.disabled)

    def on_key(self, event: events.Key) -> None:
        # Typing while the transcript has the focus would go nowhere: it goes to the reply.
        reply = self.query_one("#reply", Input)
        if event.is_printable and not reply.disabled and not isinstance(self.focused, Input):
            event.stop()
            event.prevent_default()
            reply.focus()
            reply.insert_text_at_cursor(event.character or "")

    def action_scroll_transcript(self, pages: int) -> None:
        transcript = self.query_one(Transcript)
        if pages < 0:
            transcript.scroll_page_up()
        else:
            transcript.scroll_page_down()

    def action_scroll_feedback(self, lines: int) -> None:
        feedback = self.query_one(FeedbackPanel)
        feedback.scroll_relative(y=lines * 3, animate=False)

    def _turn_widgets(self, result: TurnResult) -> list:
        evidence = [] if self.session.info.assessment else _evidence(result)
        return [CoachTurn(result.turn, result.coach, evidence),
                PatientTurn(self.person, result.patient.line)]

    def _show_state(self) -> None:
        patient = self.session.last_patient
        self.query_one(PatientPanel).show(patient.state_description, patient.variables)
        score = self.session.score() if self.session.turns else None
        if score is not None:
            self.query_one(MetricsPanel).show(score, len(self.session.turns))
        else:
            self.query_one(MetricsPanel).update(Content("Session so far\nNo replies yet."))

    def _show_feedback(self, result: TurnResult) -> None:
        self.query_one(FeedbackPanel).show(result.coach, result.coding.codes, _evidence(result))

    # -- drafts ------------------------------------------------------------------------------
    def on_input_changed(self, event: Input.Changed) -> None:
        self.draft = event.value
        if self._draft_timer is None and not self.finished:
            self._draft_timer = self.set_timer(DRAFT_DELAY, self.save_draft)

    def save_draft(self) -> None:
        """Write the reply being typed to the store now."""
        if self._draft_timer is not None:
            self._draft_timer.stop()
            self._draft_timer = None
        if self.finished:
            return
        try:
            self.app.store.save_draft(self.draft)
        except StoreUnavailable as exc:
            # The draft stays in memory (and in the box); the next keystroke or Enter tries again.
            if not self._draft_failing:
                self.notify(f"Your draft is kept here but not saved: {exc}", title="Draft",
                            severity="warning", markup=False, timeout=10)
            self._draft_failing = True
            return
        self._draft_failing = False

    def _cancel_draft(self) -> None:
        if self._draft_timer is not None:
            self._draft_timer.stop()
            self._draft_timer = None
        self.draft = ""

    def on_unmount(self) -> None:
        # Leaving or quitting mid-sentence: keep what was typed, then let another window
        # resume the session.
        if self._draft_timer is not None:
            self.save_draft()
        if not self.finished and self.app.store.current == self.session_id:
            with suppress(StoreUnavailable):  # locked or full: the lease goes stale instead
                self.app.store.leave()

    # -- the lease ---------------------------------------------------------------------------
    def heartbeat(self) -> None:
        """Renew this window's hold on the session; say so once if another window took it."""
        if self.finished:
            return
        try:
            self.app.store.heartbeat()
        except SessionOpenElsewhere as exc:
            if not self._lost:
                self.notify(str(exc), title="Session open elsewhere", severity="error",
                            markup=False, timeout=15)
            self._lost = True
        except StoreUnavailable:
            pass  # a lock or a full disk: the next beat tries again

    # -- ending ------------------------------------------------------------------------------
    def _close(self) -> None:
        """The conversation ended: score and store it, and offer the report."""
        self._finish_once()
        how = (self.session.ended or "finished").replace("_", " ")
        self.query_one("#transcript", VerticalScroll).mount(
            Static(Content(f"The conversation has ended ({how}). Press ctrl+r for your report."),
                   classes="ended"))
        reply = self.query_one("#reply", Input)
        reply.disabled = True
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        if action == "hint":
            # Assessment mode offers no help; nor does a finished conversation.
            return not (self.session.info.assessment or self.finished)
        return True

    def action_hint(self) -> None:
        self.query_one(FeedbackPanel).show_hint(self.session.hint())

    def _finish_once(self) -> bool:
        """Score and store the session once; False (and a notice) if the store cannot take it."""
        if not self.finished:
            try:
                # Scored, stored, and what it leaves the next appointment kept.
                self.app.finish_session(self.session, self.session_id)
            except StoreUnavailable as exc:
                self.notify(str(exc), title="Not finished", severity="error", markup=False,
                            timeout=10)
                return False
            self.finished = True
            self._cancel_draft()
            self.post_message(SessionFinished(self.session_id))
        return True

    def action_finish(self) -> None:
        if self._finish_once():
            self.app.show_report(self.session_id, replace=True)

    def action_leave(self) -> None:
        self.app.pop_screen()


def _evidence(result: TurnResult) -> list[dict]:
    return [e for e in result.coding.to_dict().get("evidence", []) if isinstance(e, dict)]
