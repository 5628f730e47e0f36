"""The app remembers theme and names in the config file; the reviewer is asked for, never
taken silently from the login name."""
from __future__ import annotations

import tomllib

from textual.widgets import Input

from simulator.config import load_config
from simulator.tui.app import make_app
from simulator.tui.screens.review import ReviewScreen, TrainerNameScreen
from tests.tui.test_review_screen import open_review


def remembered(path) -> dict:
    return tomllib.loads(path.read_text()) if path.exists() else {}


async def test_a_theme_change_is_remembered_and_applied_next_time(data_dir, walks, own_settings):
    async with make_app(data_dir, scenarios=[walks], offer_resume=False,
                        config=load_config()).run_test() as pilot:
        await pilot.press("ctrl+t")
        await pilot.pause()
        chosen = pilot.app.theme
    assert remembered(own_settings) == {"theme": chosen}
    settings = load_config().settings
    app = make_app(data_dir, scenarios=[walks], offer_resume=False, theme=settings.theme,
                   config=load_config())
    async with app.run_test() as pilot:
        assert pilot.app.theme == chosen


async def test_the_theme_from_the_settings_is_not_written_back(data_dir, walks, own_settings,
                                                               monkeypatch):
    monkeypatch.setenv("COACHSIM_THEME", "textual-light")
    config = load_config()
    async with make_app(data_dir, scenarios=[walks], offer_resume=False, theme="textual-light",
                        config=config).run_test() as pilot:
        await pilot.pause()
        assert pilot.app.theme == "textual-light"
    assert not own_settings.exists()


async def test_an_unknown_theme_is_said_and_the_app_still_opens(data_dir, walks):
    app = make_app(data_dir, scenarios=[walks], offer_resume=False, theme="no-such-theme",
                   config=load_config())
    async with app.run_test() as pilot:
        await pilot.pause()
        assert any("No theme named 'no-such-theme'" in n.message for n in pilot.app._notifications)


async def test_a_trainee_given_as_a_flag_is_remembered(data_dir, walks, own_settings):
    config = load_config({"trainee": "Ana"})
    async with make_app(data_dir, scenarios=[walks], offer_resume=False, trainee="Ana",
                        config=config).run_test() as pilot:
        await pilot.pause()
    assert remembered(own_settings) == {"trainee": "Ana"}


async def test_the_first_verdict_asks_for_the_trainers_name_and_remembers_it(data_dir, walks,
                                                                         own_settings):
    async with make_app(data_dir, scenarios=[walks], seed=3, offer_resume=False,
                        config=load_config()).run_test(size=(100, 32)) as pilot:
        screen = await open_review(pilot, walks)
        assert screen.trainer is None
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(pilot.app.screen, TrainerNameScreen)
        pilot.app.screen.query_one(Input).value = "Dr Ames"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(pilot.app.screen, ReviewScreen)
        verdicts = pilot.app.store.verdicts()
        assert [(v.turn, v.action, v.trainer) for v in verdicts] == [("1", "agree", "Dr Ames")]
        await pilot.press("a")  # the name is asked for once
        await pilot.pause()
        assert [(v.turn, v.trainer) for v in pilot.app.store.verdicts()] == [
            ("1", "Dr Ames"), ("2", "Dr Ames")]
    assert remembered(own_settings) == {"trainer": "Dr Ames"}


async def test_cancelling_the_name_stores_no_verdict(data_dir, walks):
    async with make_app(data_dir, scenarios=[walks], seed=3, offer_resume=False,
                        config=load_config()).run_test(size=(100, 32)) as pilot:
        await open_review(pilot, walks)
        await pilot.press("a")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(pilot.app.screen, ReviewScreen)
        assert pilot.app.store.verdicts() == []


async def test_a_remembered_trainer_is_not_asked_for(data_dir, walks, own_settings):
    own_settings.write_text('trainer = "Dr Lee"\n')
    async with make_app(data_dir, scenarios=[walks], seed=3, offer_resume=False,
                        config=load_config()).run_test(size=(100, 32)) as pilot:
        await open_review(pilot, walks)
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(pilot.app.screen, ReviewScreen)
        assert [v.trainer for v in pilot.app.store.verdicts()] == ["Dr Lee"]
