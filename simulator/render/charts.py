"""Chart geometry for the HTML reports: numbers in, SVG coordinates out.

The templates draw the shapes; this module only works out where they go, so every chart is
testable as data and no markup is built in Python.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping, Sequence

import statistics


@dataclass(frozen=True)
class Tick:
    """A labelled position along an axis."""

    at: float
    label: str


@dataclass(frozen=True)
class Series:
    """One line of a line chart: its name, CSS class and points (x, y, the value shown)."""

    name: str
    css: str
    points: tuple[tuple[float, float, str], ...]

    @property
    def path(self) -> str:
        """The points as an SVG ``points`` attribute."""
        return " ".join(f"{x:.1f},{y:.1f}" for x, y, _ in self.points)


@dataclass(frozen=True)
class LineChart:
    """Lines over numbered steps (turns, sessions), on one y scale."""

    width: int
    height: int
    left: int
    top: int
    bottom: float
    right: float
    series: tuple[Series, ...]
    x_ticks: tuple[Tick, ...]
    y_ticks: tuple[Tick, ...]
    #: Horizontal reference lines (a band's score): (y, label).
    rules: tuple[Tick, ...] = ()
    #: Draw each line's last point larger (this session, among earlier ones).
    mark_last: bool = False


def line_chart(series: Mapping[str, Sequence[float | None]], labels: Sequence[str],
               y_max: float, *, width: int = 560, height: int = 200,
               rules: Mapping[str, float] | None = None, css: Mapping[str, str] | None = None,
               y_step: float | None = None, mark_last: bool = False) -> LineChart:
    """Each series' values at the steps named by ``labels`` (``None``: no point there)."""
    left, top, right_pad, bottom_pad = 40, 12, 12, 26
    plot_w, plot_h = width - left - right_pad, height - top - bottom_pad
    count = max(len(labels), 1)
    step = plot_w / max(count - 1, 1)

    def x(i: int) -> float:
        return left + (i * step if count > 1 else plot_w / 2)

    def y(value: float) -> float:
        return top + plot_h * (1 - min(max(value, 0), y_max) / y_max)

    drawn = tuple(
        Series(name, (css or {}).get(name, f"s{n}"),
               tuple((x(i), y(v), f"{v:g}") for i, v in enumerate(values) if v is not None))
        for n, (name, values) in enumerate(series.items()))
    room = max(2, int(plot_w // (7 * max(len(label) for label in labels) + 12))) if labels else 1
    every = -(-count // room)  # as many labels along the bottom as fit without touching
    x_ticks = tuple(Tick(x(i), label) for i, label in enumerate(labels) if i % every == 0)
    y_step = y_step or y_max / 4
    y_ticks = tuple(Tick(y(v), f"{v:g}") for v in _steps(y_max, y_step))
    return LineChart(width, height, left, top, top + plot_h, left + plot_w, drawn, x_ticks,
                     y_ticks, tuple(Tick(y(v), name) for name, v in (rules or {}).items()),
                     mark_last)


def _steps(top: float, step: float) -> list[float]:
    values, v = [], 0.0
    while v <= top + 1e-9:
        values.append(round(v, 6))
        v += step
    return values


@dataclass(frozen=True)
class Bar:
    """One bar: its label, the value as text, and its box."""

    label: str
    value: str
    x: float
    y: float
    width: float
    height: float


@dataclass(frozen=True)
class BarChart:
    """Vertical bars (a histogram)."""

    width: int
    height: int
    left: int
    baseline: float
    bars: tuple[Bar, ...]
    peak: int


def bar_chart(counts: Sequence[tuple[str, int]], *, width: int = 520,
              height: int = 180) -> BarChart:
    """Counts as vertical bars, labelled underneath."""
    left, top, bottom = 36, 10, 24
    plot_w, plot_h = width - left - 8, height - bottom - top
    peak = max((c for _, c in counts), default=0) or 1
    step = plot_w / max(len(counts), 1)
    bars = tuple(Bar(label, str(count), left + i * step + 2, top + plot_h - plot_h * count / peak,
                     step - 4, plot_h * count / peak)
                 for i, (label, count) in enumerate(counts))
    return BarChart(width, height, left, top + plot_h, bars, peak)


@dataclass(frozen=True)
class Row:
    """One trainee's row of a per-trainee chart: a bar (a skill) or a spread (scores)."""

    label: str
    y: float
    #: A bar's end (skills) or the whiskers (min, max) of a box.
    end: float | None = None
    value: str = ""
    box: tuple[float, float, float] | None = None  # q1, median, q3
    whiskers: tuple[float, float] | None = None
    dots: tuple[tuple[float, str], ...] = ()


@dataclass(frozen=True)
class RowChart:
    """Horizontal rows on a shared x scale, with vertical band lines."""

    title: str
    width: int
    height: int
    label_width: int
    axis_y: float
    rows: tuple[Row, ...]
    x_ticks: tuple[Tick, ...]
    lines: tuple[Tick, ...] = field(default=())
    row_height: int = 26


#: Below this many sessions a box plot's quartiles mean little: the scores are drawn as dots.
BOX_MIN = 5


def _row_scale(x_max: float, width: int, label_width: int):
    plot_w = width - label_width - 16
    return lambda v: label_width + plot_w * min(max(v, 0), x_max) / x_max


def skill_chart(title: str, values: Sequence[tuple[str, float | None]], x_max: float,
                lines: Mapping[str, float], *, fmt: str = "{:g}", width: int = 640,
                label_width: int = 170) -> RowChart:
    """One skill: a bar per trainee, with a vertical line at each band's threshold."""
    x = _row_scale(x_max, width, label_width)
    row_h, top = 26, 8
    rows = tuple(Row(_short(name), top + i * row_h, None if v is None else x(v),
                     "-" if v is None else fmt.format(v))
                 for i, (name, v) in enumerate(values))
    axis_y = top + row_h * len(values) + 4
    ticks = tuple(Tick(x(v), f"{v:g}") for v in _steps(x_max, x_max / 4))
    return RowChart(title, width, int(axis_y + 24), label_width, axis_y, rows, ticks,
                    tuple(Tick(x(v), f"{name} {fmt.format(v)}") for name, v in lines.items()))


def spread_chart(title: str, scores: Sequence[tuple[str, Sequence[int]]],
                 lines: Mapping[str, float], *, width: int = 640,
                 label_width: int = 170) -> RowChart:
    """Scores per trainee on 0-100: a box plot from :data:`BOX_MIN` sessions, dots below it."""
    x = _row_scale(100, width, label_width)
    row_h, top = 26, 8
    rows = []
    for i, (name, values) in enumerate(scores):
        y = top + i * row_h
        if len(values) >= BOX_MIN:
            q1, median, q3 = statistics.quantiles(values, n=4, method="inclusive")
            rows.append(Row(_short(name), y, box=(x(q1), x(median), x(q3)),
                            whiskers=(x(min(values)), x(max(values))),
                            value=f"median {median:g}"))
        else:
            rows.append(Row(_short(name), y, dots=tuple((x(v), str(v)) for v in values),
                            value=", ".join(map(str, values))))
    axis_y = top + row_h * len(scores) + 4
    ticks = tuple(Tick(x(v), str(v)) for v in range(0, 101, 20))
    return RowChart(title, width, int(axis_y + 24), label_width, axis_y, tuple(rows), ticks,
                    tuple(Tick(x(v), f"{name} {v:g}+") for name, v in lines.items()))


def _short(name: str, limit: int = 24) -> str:
    return name if len(name) <= limit else name[:limit - 1] + "\u2026"
