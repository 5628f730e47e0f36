"""A trend on a fixed scale: one bar per session, oldest first, so a score of 40 always looks
the same height (a sparkline scaled to its own minimum and maximum made 41 -> 43 look like a leap)."""
from __future__ import annotations

from typing import Sequence

from textual.content import Content
from textual.widgets import Static

#: Eighths of a cell, lowest to highest (block elements draw solid in terminals and browsers).
LEVELS = "▁▂▃▄▅▆▇█"
#: Fewer points than this show no trend, only a note.
MIN_POINTS = 2


def trend_text(values: Sequence[float], top: float, width: int) -> str:
    """The last ``width`` values as bars on the scale 0..``top``."""
    bars = []
    for value in list(values)[-width:] if width > 0 else []:
        share = min(max(value / top, 0.0), 1.0) if top > 0 else 0.0
        bars.append(LEVELS[min(len(LEVELS) - 1, int(share * (len(LEVELS) - 1) + 0.5))])
    return "".join(bars)


class Trend(Static):
    """Values over time on 0..``top``; a note until there are :data:`MIN_POINTS` of them."""

    def __init__(self, values: Sequence[float], top: float, **kwargs) -> None:
        super().__init__(**kwargs)
        self.values = list(values)
        self.top = top

    def render(self) -> Content:
        if len(self.values) < MIN_POINTS:
            return Content("a trend after two sessions" if self.values else "no data yet")
        return Content(trend_text(self.values, self.top, self.size.width)).stylize("$accent")
