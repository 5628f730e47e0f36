"""History's trends: a fixed scale (the same score always draws the same bar) and no trend
from a single point."""
from __future__ import annotations

from simulator.tui.widgets.trend import LEVELS, Trend, trend_text


def test_values_draw_on_a_fixed_scale_not_their_own_range():
    assert trend_text([41, 43], 100, 10) == trend_text([41], 100, 10) * 2
    assert trend_text([0, 50, 100], 100, 10) == LEVELS[0] + LEVELS[4] + LEVELS[-1]
    assert trend_text([150, -5], 100, 10) == LEVELS[-1] + LEVELS[0]  # kept within the scale


def test_only_the_latest_values_that_fit_are_drawn():
    assert trend_text([0, 0, 100, 100], 100, 2) == LEVELS[-1] * 2


def test_one_point_is_not_a_trend():
    assert str(Trend([40], 100).render()) == "a trend after two sessions"
    assert str(Trend([], 100).render()) == "no data yet"
