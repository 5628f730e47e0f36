"""One widget per turn of the transcript (Textual's chat pattern).

Everything shown is built as :class:`~textual.content.Content` from plain strings, so a reply
such as ``[bold]hi[/]`` or ``[link=...]`` appears exactly as typed, never as markup.
"""
from __future__ import annotations

from typing import Iterable

from textual.content import Content
from textual.widgets import Static

from simulator.codes import MI_NON_ADHERENT
from simulator.terminal import printable

#: Longer replies are folded in the transcript (the store and the report keep them whole).
FOLD_AT = 1_500
#: How evidence spans look: problems in the error colour, everything else as a skill.
PROBLEM_STYLE = "bold underline $text-error"
SKILL_STYLE = "bold underline $text-success"
PROBLEM_CODES = MI_NON_ADHERENT | {"question.closed"}


def folded(text: str, limit: int = FOLD_AT) -> tuple[str, int]:
    """The part of ``text`` to show and how many characters were folded away."""
    if len(text) <= limit:
        return text, 0
    return text[:limit], len(text) - limit


def highlighted(text: str, evidence: Iterable[dict]) -> Content:
    """``text`` as literal content, control characters shown escaped (one for one, so the
    spans still hold), with each evidence span (start, end) underlined."""
    content = Content(printable(text))
    for item in evidence:
        start, end = item.get("start"), item.get("end")
        if isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text):
            style = PROBLEM_STYLE if item.get("code") in PROBLEM_CODES else SKILL_STYLE
            content = content.stylize(style, start, end)
    return content


def _with_fold(body: Content, hidden: int) -> Content:
    if not hidden:
        return body
    note = f"\n… {hidden:,} more characters (kept whole in the store and the report)"
    return Content.assemble(body, (note, "italic $text-muted"))


class CoachTurn(Static):
    """The trainee's reply; evidence spans are highlighted unless feedback is hidden."""

    DEFAULT_CLASSES = "turn coach"

    def __init__(self, turn: int, text: str, evidence: Iterable[dict] = ()) -> None:
        shown, hidden = folded(text)
        body = highlighted(shown, evidence)
        super().__init__(Content.assemble((f"You ({turn})\n", "bold"), _with_fold(body, hidden)))
        self.turn = turn
        self.text = text


class PatientTurn(Static):
    """What the person said (the opening line or an answer)."""

    DEFAULT_CLASSES = "turn patient"

    def __init__(self, name: str, line: str) -> None:
        shown, hidden = folded(line)
        super().__init__(Content.assemble((f"{name}\n", "bold"), _with_fold(Content(shown), hidden)))
        self.line = line
