"""A screen's title bar: the part that may shorten (a scenario's or file's name) on the left,
the part that must stay whole (the mode, "reply n of m") on the right.

At 80 columns a long scenario title used to push "practice mode" and "reply 3 of 12" off the
edge; now the name is cut with an ellipsis instead.
"""
from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Static


class ScreenTitle(Horizontal):
    """``name`` on the left, ``kept`` on the right of one line; only ``name`` is ever shortened."""

    DEFAULT_CSS = """
    ScreenTitle {
        height: 1;
        padding: 0 1;
        background: $panel;
        color: $text;
        text-style: bold;
    }
    ScreenTitle > .title-name {
        width: 1fr;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    ScreenTitle > .title-kept {
        width: auto;
        padding-left: 2;
        text-wrap: nowrap;
    }
    """

    def __init__(self, name: str = "", kept: str = "", **kwargs) -> None:
        super().__init__(**kwargs)
        self._name, self._kept = name, kept

    def compose(self) -> ComposeResult:
        yield Static(Content(self._name), classes="title-name")
        yield Static(Content(self._kept), classes="title-kept")

    def show(self, name: str, kept: str = "") -> None:
        """Change the title; ``kept`` is never shortened."""
        self._name, self._kept = name, kept
        if self.is_mounted and self.children:
            self.query_one(".title-name", Static).update(Content(name))
            self.query_one(".title-kept", Static).update(Content(kept))

    @property
    def text(self) -> str:
        """The whole title, as it reads unshortened."""
        return f"{self._name} · {self._kept}" if self._kept else self._name
