"""Widgets the screens share: transcript turns, gauges, the feedback and metrics panels."""
