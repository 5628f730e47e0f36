"""80x24 snapshots of the journey screens: the picker's journey row, the next appointment's
briefing, the care plan form with its feedback, the activation estimate, the reflection, and
History with a journey's appointments together.

Update after an intended change with ``pytest tests/tui --snapshot-update`` and look at the
new SVGs before committing them.
"""
from __future__ import annotations

import pytest
from textual.widgets import Input, RadioButton

from simulator.journey import Carryover, begin_appointment
from simulator.store import Store
from tests.tui.test_app_snapshots import still
from tests.tui.test_every_screen_fits import SIZES
from tests.tui.test_journey_app import PLAN, app_for, carry_over_with_plan, first_appointment



def with_plan(data_dir, rosa) -> int:
    session_id = first_appointment(data_dir, rosa)
    with Store(data_dir) as store:
        store.save_note(session_id, "plan", {"fields": PLAN, "checks": []})
        store.save_note(session_id, "carried_out", carry_over_with_plan(store, rosa, session_id))
    return session_id


@pytest.mark.parametrize("size", SIZES)
def test_picker_with_a_journey(snap_compare, data_dir, rosa, size):
    first_appointment(data_dir, rosa)
    assert snap_compare(app_for(data_dir, rosa), terminal_size=size, run_before=still)


@pytest.mark.parametrize("size", SIZES)
def test_next_appointment_briefing(snap_compare, data_dir, rosa, size):
    with_plan(data_dir, rosa)

    async def run_before(pilot):
        await pilot.pause()
        await pilot.press("enter")
        await still(pilot)
    assert snap_compare(app_for(data_dir, rosa), terminal_size=size, run_before=run_before)


def form(key: str, fill=None):
    async def run_before(pilot):
        await pilot.pause()
        pilot.app.show_report(1)
        await pilot.pause()
        await pilot.press(key)
        await pilot.pause()
        if fill:
            fill(pilot.app.screen)
            await pilot.press("ctrl+s")
        await still(pilot)
    return run_before


def fill_plan(screen) -> None:
    for key, value in PLAN.items():
        screen.query_one(f"#{key}", Input).value = value
    screen.query_one("#goal", Input).focus()


def fill_estimate(screen) -> None:
    screen.query(RadioButton)[1].value = True
    screen.query_one("#tailored", Input).value = "one small step, no leaflets"


@pytest.mark.parametrize("size", SIZES)
def test_care_plan_form_with_feedback(snap_compare, data_dir, rosa, size):
    first_appointment(data_dir, rosa)
    assert snap_compare(app_for(data_dir, rosa, offer_resume=False), terminal_size=size,
                        run_before=form("c", fill_plan))


@pytest.mark.parametrize("size", SIZES)
def test_activation_estimate(snap_compare, data_dir, rosa, size):
    first_appointment(data_dir, rosa)
    assert snap_compare(app_for(data_dir, rosa, offer_resume=False), terminal_size=size,
                        run_before=form("l", fill_estimate))


@pytest.mark.parametrize("size", SIZES)
def test_reflection_form(snap_compare, data_dir, rosa, size):
    first_appointment(data_dir, rosa)
    assert snap_compare(app_for(data_dir, rosa, offer_resume=False), terminal_size=size,
                        run_before=form("f"))


@pytest.mark.parametrize("size", SIZES)
def test_history_with_a_journey(snap_compare, data_dir, rosa, size):
    first = first_appointment(data_dir, rosa)
    with Store(data_dir) as store:
        carried = Carryover.from_dict(store.session(first).notes["carried_out"])
        second = begin_appointment(rosa, 2, carried, seed=3, recorder=store, journey=first,
                                   started_at="2026-02-17T09:30:00+00:00")
        second.submit("What might a first step be?")
        second.finish()

    async def run_before(pilot):
        await pilot.pause()
        pilot.app.show_history()
        await still(pilot)
    assert snap_compare(app_for(data_dir, rosa, offer_resume=False), terminal_size=size,
                        run_before=run_before)
