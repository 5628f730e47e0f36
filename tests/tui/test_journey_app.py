"""Journeys in the practice app, driven with Pilot: one picker row per journey, the care plan,
activation estimate and reflection forms after a session, the next appointment's briefing,
resume inside a journey, and History grouping a journey's appointments."""
from __future__ import annotations

from textual.widgets import DataTable, Input, RadioButton, Static

from simulator.journey import Carryover, begin_appointment, carry_over
from simulator.rubric.plans import CarePlan
from simulator.scenario import load_scenario
from simulator.session import Session
from simulator.store import Store
from simulator.tui.app import make_app
from simulator.tui.screens.briefing import BriefingScreen
from simulator.tui.screens.conversation import ConversationScreen
from simulator.tui.screens.history import HistoryScreen
from simulator.tui.screens.notes import PlanScreen, ReflectionScreen, TailoringScreen
from simulator.tui.screens.report import ReportScreen
from simulator.tui.screens.resume import ResumeScreen
from tests.tui.conftest import FIXTURES

STARTED = "2026-02-03T09:30:00+00:00"
#: Rosa's first appointment to her own step (seed 3): "Maybe the park, with my sister, on a Sunday."
FIRST = ["What does walking mean to you these days?",
         "On a scale of 0 to 10, how important is walking to you?", "What might a first step be?"]
PLAN = {"matters": "her allotment", "goal": "the park with my sister on a Sunday",
        "first_step": "walk in the park with my sister on Sunday morning",
        "obstacles": "ice on the steps", "if_then": "if it is icy, I will walk with my sister",
        "support": "a walking group", "follow_up": "in two weeks"}


def app_for(data_dir, rosa, **kwargs):
    return make_app(data_dir, scenarios=[rosa], seed=3, **kwargs)


def first_appointment(data_dir, rosa) -> int:
    """Rosa's first appointment, finished and stored as the app stores it."""
    with Store(data_dir) as store:
        session = begin_appointment(rosa, 1, None, seed=3, recorder=store, started_at=STARTED)
        session_id = store.current
        for reply in FIRST:
            session.submit(reply)
        session.finish()
        store.save_note(session_id, "carried_out", carry_over(session).to_dict())
    return session_id


async def open_form(pilot, session_id: int, key: str):
    """Open a session's report, then the form under ``key``; return the form."""
    pilot.app.show_report(session_id)
    await pilot.pause()
    await pilot.press(key)
    await pilot.pause()
    return pilot.app.screen


def picker_titles(pilot) -> list[str]:
    table = pilot.app.screen.query_one(DataTable)
    return [str(table.get_row_at(i)[0]) for i in range(table.row_count)]


async def test_a_journey_is_one_picker_row_that_names_the_next_appointment(data_dir, rosa):
    async with app_for(data_dir, rosa).run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert picker_titles(pilot) == ["[3 appts] Test: Rosa over three visits"]
    first_appointment(data_dir, rosa)
    async with app_for(data_dir, rosa).run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert picker_titles(pilot) == ["[2/3] Test: Rosa over three visits"]
        objectives = pilot.app.screen.query_one("#objectives", Static).render().plain
        assert "A journey of 3 appointments; appointment 2 is next" in objectives


async def test_after_a_session_the_trainee_writes_the_plan_estimate_and_reflection(data_dir, rosa):
    session_id = first_appointment(data_dir, rosa)
    async with app_for(data_dir, rosa, offer_resume=False).run_test(size=(100, 40)) as pilot:
        form = await open_form(pilot, session_id, "c")
        assert isinstance(form, PlanScreen)
        # Typing starts in the first field (found by hand: keys went nowhere before).
        assert pilot.app.focused is form.query_one("#matters", Input)
        for key, value in PLAN.items():
            form.query_one(f"#{key}", Input).value = value
        await pilot.press("ctrl+s")
        await pilot.pause()
        goal = form.query_one("#goal-feedback", Static).render().plain
        support = form.query_one("#support-feedback", Static).render().plain
        assert goal == "ok: their goal, in their words"
        assert support.startswith("to work on: social prescribing: they never said")
        await pilot.press("escape")
        await pilot.pause()
        report = pilot.app.screen
        assert isinstance(report, ReportScreen)
        await pilot.press("l")
        await pilot.pause()
        form = pilot.app.screen
        assert isinstance(form, TailoringScreen)
        form.query(RadioButton)[3].value = True  # level 4: Rosa is at 2
        form.query_one("#tailored", Input).value = "one thing at a time"
        await pilot.press("ctrl+s")
        await pilot.pause()
        verdict = form.query_one("#verdict", Static).render().plain
        assert verdict.startswith("You estimated level 4 (maintaining); the person is at level 2")
        await pilot.press("escape", "f")
        await pilot.pause()
        form = pilot.app.screen
        assert isinstance(form, ReflectionScreen)
        form.query_one("#supervision", Input).value = "how to size a first step"
        await pilot.press("ctrl+s", "escape")
        await pilot.pause()
    with Store(data_dir) as store:
        notes = store.session(session_id).notes
    assert notes["plan"]["fields"]["goal"] == PLAN["goal"]
    assert notes["tailoring"]["estimate"] == 4
    assert notes["reflection"]["supervision"] == "how to size a first step"
    # The plan's goal, in her words and with a day, is what she leaves with.
    assert (notes["carried_out"]["goal_by"], notes["carried_out"]["small"]) == ("person", True)


async def test_the_next_appointment_opens_from_the_plan_and_stays_in_the_journey(data_dir, rosa):
    first = first_appointment(data_dir, rosa)
    with Store(data_dir) as store:
        store.save_note(first, "plan", {"fields": PLAN, "checks": []})
        carried = carry_over_with_plan(store, rosa, first)
        store.save_note(first, "carried_out", carried)
    async with app_for(data_dir, rosa).run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        briefing = pilot.app.screen
        assert isinstance(briefing, BriefingScreen)
        text = " ".join(w.render().plain for w in briefing.query(Static))
        assert "appointment 2" in text and "From last time" in text
        assert "the park with my sister on a Sunday" in text
        await pilot.press("p")
        await pilot.pause()
        screen = pilot.app.screen
        assert isinstance(screen, ConversationScreen)
        info = screen.session.info
        assert (info.appointment, info.opened, info.journey) == (2, "partly_done", first)
        assert screen.session.opening.line == "I did the park once. Not twice. My sister had a cold."


def carry_over_with_plan(store, rosa, session_id) -> dict:
    """The record a stored appointment leaves when PLAN was written after it."""
    saved = store.session(session_id)
    session = Session.restore(rosa, saved.info, store.replies(session_id))
    return carry_over(session, CarePlan(**PLAN)).to_dict()


async def test_a_follow_up_cut_off_resumes_inside_its_journey(data_dir, rosa):
    first = first_appointment(data_dir, rosa)
    with Store(data_dir) as store:
        carried = carry_over_from(store, first)
        live = begin_appointment(rosa, 2, carried, seed=3, recorder=store, journey=first)
        live.submit("What has the fortnight been like?")
    async with app_for(data_dir, rosa).run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(pilot.app.screen, ResumeScreen)
        await pilot.press("r")
        await pilot.pause()
        screen = pilot.app.screen
        assert isinstance(screen, ConversationScreen)
        assert (screen.session.info.appointment, screen.session.info.journey) == (2, first)
        assert screen.session.persona.state == live.persona.state
        assert screen.session.opening.line == live.opening.line


def carry_over_from(store, session_id) -> Carryover:
    return Carryover.from_dict(store.session(session_id).notes["carried_out"])


async def test_history_groups_a_journeys_appointments(data_dir, rosa):
    first = first_appointment(data_dir, rosa)
    with Store(data_dir) as store:
        second = begin_appointment(rosa, 2, carry_over_from(store, first), seed=3, recorder=store,
                                   journey=first, started_at="2026-02-17T09:30:00+00:00")
        second.submit("What might a first step be?")
        second.finish()
        single = begin_appointment(load_scenario(FIXTURES / "app_test_walks.yaml"), 1, None,
                                   seed=3, recorder=store, started_at="2026-02-10T09:30:00+00:00")
        single.submit("What does walking mean to you these days?")
        single.finish()
    async with app_for(data_dir, rosa, offer_resume=False).run_test(size=(80, 24)) as pilot:
        pilot.app.show_history()
        await pilot.pause()
        assert isinstance(pilot.app.screen, HistoryScreen)
        table = pilot.app.screen.query_one("#sessions", DataTable)
        rows = [(str(table.get_row_at(i)[0]), str(table.get_row_at(i)[1])) for i in range(table.row_count)]
    assert rows == [("2026-02-03", "Test: Rosa over three visits"),
                    ("2026-02-17", "  └ 2: Two weeks later"),
                    ("2026-02-10", "Test: walking after a fall")]


async def test_leaving_a_form_with_esc_keeps_what_was_written(data_dir, rosa):
    session_id = first_appointment(data_dir, rosa)
    async with app_for(data_dir, rosa, offer_resume=False).run_test(size=(80, 24)) as pilot:
        assert isinstance(await open_form(pilot, session_id, "f"), ReflectionScreen)
        await pilot.press(*"I waited")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(pilot.app.screen, ReportScreen)
        await pilot.press("c")
        await pilot.pause()
        await pilot.press("escape")  # nothing typed: nothing saved
        await pilot.pause()
    with Store(data_dir) as store:
        notes = store.session(session_id).notes
    assert notes["reflection"]["went_well"] == "I waited"
    assert "plan" not in notes
