"""The end-of-session report: score, band, strengths, next steps, replies worth reworking,
the measures, and the transcript with its codes (assessment mode reveals them here)."""
from __future__ import annotations

from typing import Sequence

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Static

from simulator.render.notes import sections
from simulator.render.session import (METRICS, coded_line, part, plain, report_kind,
                                      reviewed_line, reviewed_score, session_verdicts, summary)
from simulator.store import SavedSession, SavedTurn
from simulator.tui.screens.glossary import GlossaryScreen
from simulator.tui.widgets.title import ScreenTitle
from simulator.tui.widgets.turns import highlighted
from simulator.words import labels, where


def _section(title: str, *lines: Content | str) -> Static:
    parts: list = [(title, "bold $text-accent")]
    for line in lines:
        parts += ["\n", line]
    return Static(Content.assemble(*parts), classes="section")


class ReportScreen(Screen):
    """A saved session's report, with export."""

    SCOPED_CSS = False  # rules apply as written, not under this screen's name (see simulator.tcss)
    DEFAULT_CSS = """
    #report {
        padding: 0 2;
    }
    .facts {
        color: $text-muted;
    }
    #score {
        margin-top: 1;
    }
    """

    BINDINGS = [
        Binding("x", "export", "Export", tooltip="Save the report (Markdown, HTML) and transcript (CSV, JSONL)"),
        Binding("c", "note('plan')", "Care plan", tooltip="Write the person's care and support plan"),
        Binding("l", "note('tailoring')", "Activation",
                tooltip="Estimate their activation level and say what you tailored"),
        Binding("f", "note('reflection')", "Reflect", tooltip="A short reflection for supervision"),
        Binding("h", "history", "History"),
        Binding("n", "new", "New session", tooltip="Back to the scenarios"),
        Binding("escape", "app.pop_screen", "Back"),
        Binding("question_mark", "glossary", "Words", tooltip="What MI-adherent, band... mean"),
    ]

    def __init__(self, saved: SavedSession, turns: Sequence[SavedTurn]) -> None:
        super().__init__()
        self.saved = saved
        self.turns = turns

    def compose(self) -> ComposeResult:
        s = self.saved
        report = s.report or {}
        # Trainers may have reviewed the session since: show their codes and the score they give.
        self.verdicts = session_verdicts(self.app.store, s, self.turns)
        yield ScreenTitle(s.info.scenario_title, report_kind(s))
        with VerticalScroll(id="report"):
            yield Static(Content(" · ".join(f"{k}: {v}" for k, v in summary(s)[1:])), classes="facts")
            if s.score is not None:
                yield Static(Content.assemble(("Score ", "bold"), (f"{s.score}/100", "bold $text-accent"),
                                              f"  {s.band or ''}"), id="score")
                if report.get("band_note"):
                    yield Static(Content(report["band_note"]), classes="facts")
                if reviewed := reviewed_score(s, self.turns, self.verdicts):
                    yield Static(Content(reviewed_line(reviewed)), id="reviewed-score")
            if strengths := part(report, "strengths"):
                yield _section("Strengths", *(f"• {x}" for x in strengths))
            if steps := part(report, "next_steps"):
                lines = []
                for step in steps:
                    at = f" ({where(step['turns'])})" if step.get("turns") else ""
                    lines.append(f"• {step['text']}{at}")
                    if step.get("rewrite"):
                        lines.append(Content.assemble(("  Try: ", "bold $text-success"), step["rewrite"]))
                yield _section("Next steps", *lines)
            if rework := part(report, "rework"):
                lines = []
                for r in rework:
                    lines += [Content.assemble((f"Reply {r['turn']} ({labels(r['codes'])}): ", "bold"), r["text"]),
                              f"  Why: {r['why']}",
                              Content.assemble(("  Try instead: ", "bold $text-success"), r["rewrite"])]
                yield _section("Replies worth reworking", *lines)
            if metrics := report.get("metrics"):
                yield _section("Measures", *(f"{label}: {plain(metrics.get(key))}" for key, label in METRICS))
            for heading, rows in sections(s):
                yield _section(heading, *(f"{name}: {value}" + (f" ({note})" if note else "")
                                          for name, value, note in rows))
            yield _section("Transcript and codes", *self._transcript())
        yield Footer()

    def _transcript(self) -> list[Content | str]:
        lines: list[Content | str] = []
        for t in self.turns:
            evidence = [e for e in t.coding.get("evidence", []) if isinstance(e, dict)]
            lines += [Content.assemble((f"{t.turn}. ", "bold"), highlighted(t.coach[:600], evidence)),
                      Content(f"   {coded_line(t, self.verdicts)}").stylize("italic $text-muted")]
        return lines or ["No replies."]

    def action_export(self) -> None:
        self.app.export_session(self.saved.id)

    def action_glossary(self) -> None:
        self.app.push_screen(GlossaryScreen())

    def action_note(self, kind: str) -> None:
        from simulator.tui.screens.notes import PlanScreen, ReflectionScreen, TailoringScreen

        screen = {"plan": PlanScreen, "tailoring": TailoringScreen,
                  "reflection": ReflectionScreen}[kind]
        self.app.push_screen(screen(self.saved), lambda _: self._reload())

    def _reload(self) -> None:
        # Back from a form: show what was written, in the report as in its export.
        self.app.show_report(self.saved.id, replace=True)

    def action_history(self) -> None:
        self.app.show_history()

    def action_new(self) -> None:
        self.app.back_to_picker()
