"""Side panels of the conversation: the patient's gauges and state, running metrics, and
feedback on the last reply. All text is literal :class:`Content`, never markup."""
from __future__ import annotations

from typing import TYPE_CHECKING, Mapping, Sequence

from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Static

from simulator.codes import LABELS
from simulator.render.session import METRICS, plain
from simulator.tui.widgets.turns import PROBLEM_CODES, PROBLEM_STYLE, SKILL_STYLE, highlighted

if TYPE_CHECKING:
    from simulator.rubric import SessionScore

GAUGE_CELLS = 10
GAUGES = ("trust", "importance", "confidence")


#: A bar's cell: a solid block three quarters high, so stacked bars keep a gap between them
#: and the browser draws it solid (its shade characters, such as light shade, come out dotted).
BAR_CELL = "▆"


def bar(value: float, low: float, high: float, cells: int = GAUGE_CELLS) -> tuple[str, str]:
    """A text bar: ``value`` between ``low`` and ``high`` as (filled, empty) runs of cells,
    drawn in two colours."""
    share = 0.0 if high <= low else (min(max(value, low), high) - low) / (high - low)
    filled = int(share * cells + 0.5)  # half up, as the number beside it is rounded
    return BAR_CELL * filled, BAR_CELL * (cells - filled)


class Gauge(Static):
    """One of the person's variables as a labelled bar (e.g. trust 4/10)."""

    def __init__(self, name: str, low: float, high: float, **kwargs) -> None:
        super().__init__(**kwargs)
        self.label, self.low, self.high = name, low, high
        self.value = low

    def show(self, value: float) -> None:
        """Redraw the bar for a new value."""
        self.value = value
        filled, empty = bar(value, self.low, self.high)
        self.update(Content.assemble(
            (f"{self.label:<11}", "bold"), (filled, "$accent"), (empty, "$foreground 20%"),
            # Whole numbers: a trainee reads "4/10" at a glance, and "3.75/10" wrapped the panel.
            f" {int(value + 0.5)}/{self.high:g}"))


class PatientPanel(Vertical):
    """Who the person is, how they are now (in words), and the trust/importance/confidence gauges."""

    def __init__(self, name: str, ranges: Mapping[str, tuple[float, float]], **kwargs) -> None:
        super().__init__(**kwargs)
        self.person = name
        self.ranges = ranges

    def compose(self) -> ComposeResult:
        yield Static(Content(self.person), classes="panel-title")
        yield Static(Content(""), id="state")
        for name in GAUGES:
            low, high = self.ranges.get(name, (0, 10))
            yield Gauge(name, low, high, id=f"gauge-{name}")

    def show(self, description: str, variables: Mapping[str, float]) -> None:
        """Show the person's current state and variables."""
        self.query_one("#state", Static).update(Content(description))
        for name in GAUGES:
            if name in variables:
                self.query_one(f"#gauge-{name}", Gauge).show(variables[name])


class MetricsPanel(Static):
    """The running score and session measures."""

    def show(self, score: "SessionScore", replies: int) -> None:
        """Redraw for the latest score; early on it is marked as settling, not final."""
        parts: list[Content | tuple[str, str] | str] = [("Session so far\n", "bold")]
        if score.provisional:
            parts.append((f"Score {score.score}/100, early days\n", "dim"))
        else:
            parts.append(f"Score {score.score}/100 ({score.band})\n")
            if score.band_note:
                parts.append((f"{score.band_note}\n", "italic"))
        parts.append(f"Replies {replies}\n")
        for key, label in METRICS:
            parts.append(f"{label:<22}{plain(score.metrics.get(key)):>6}\n")
        self.update(Content.assemble(*parts).rstrip())


class FeedbackPanel(VerticalScroll, can_focus=False):
    """The last reply's codes, its evidence highlighted, and a suggested rewrite.

    It scrolls (ctrl+up/down from the reply box, or the mouse) rather than cutting the text
    mid-sentence at 80x24; its border says when there is more below.
    """

    def __init__(self, content: Content, **kwargs) -> None:
        super().__init__(**kwargs)
        self._first = content

    def compose(self) -> ComposeResult:
        yield Static(self._first, id="feedback-text")

    def _update(self, content: Content) -> None:
        self.query_one("#feedback-text", Static).update(content)
        self.scroll_home(animate=False)
        self.call_after_refresh(self._mark_more)

    def _mark_more(self) -> None:
        if self.max_scroll_y <= 0:
            self.border_title = None
        else:
            self.border_title = ("more: ctrl+↓" if self.scroll_y < self.max_scroll_y
                                 else "the end · ctrl+↑ back")

    def on_resize(self) -> None:
        self._mark_more()

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        self._mark_more()

    def show(self, text: str, codes: Sequence[str], evidence: Sequence[dict]) -> None:
        """Explain how the reply was coded."""
        parts: list[Content | tuple[str, str] | str] = [("Last reply: ", "bold")]
        if not codes:
            parts.append("no code")
        for i, code in enumerate(codes):
            style = PROBLEM_STYLE if code in PROBLEM_CODES else SKILL_STYLE
            parts += [", " if i else "", (LABELS.get(code, code), style)]
        parts += ["\n", highlighted(text[:300], evidence)]
        # The rewrite before the explanations: in a short panel it is what must stay visible.
        rewrite = next((e["rewrite"] for e in evidence if e.get("rewrite")), None)
        if rewrite:
            parts += ["\n", ("Try: ", "bold $text-success"), str(rewrite)]
        seen: set[str] = set()
        for item in evidence:
            feedback = item.get("feedback")
            if feedback and item.get("code") not in seen:
                seen.add(item.get("code"))
                parts += ["\n• ", str(feedback)]
        self._update(Content.assemble(*parts))

    def show_hint(self, hint: str) -> None:
        """Offer a better next move."""
        self._update(Content.assemble(("Hint: ", "bold $text-accent"), hint))
