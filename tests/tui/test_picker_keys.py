"""The scenario picker's keys: Home and End jump to the first and last scenario."""
from __future__ import annotations

from textual.widgets import DataTable

from simulator.scenario import bundled_scenarios
from simulator.tui.app import make_app
from simulator.tui.screens.picker import PickerScreen


async def test_home_and_end_move_to_the_first_and_last_scenario(data_dir):
    scenarios = bundled_scenarios()
    assert len(scenarios) >= 3
    async with make_app(data_dir, scenarios=scenarios, seed=3).run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        screen = pilot.app.screen
        assert isinstance(screen, PickerScreen)
        table = screen.query_one(DataTable)
        objectives = screen.query_one("#objectives")
        await pilot.press("down")
        assert table.cursor_row == 1

        await pilot.press("end")
        await pilot.pause()
        assert table.cursor_row == table.row_count - 1
        last = scenarios[-1].scenario.title
        assert objectives.render().plain.startswith(last)

        await pilot.press("home")
        await pilot.pause()
        assert table.cursor_row == 0
        assert objectives.render().plain.startswith(scenarios[0].scenario.title)
        # Enter still chooses the scenario the cursor is on.
        await pilot.press("end", "enter")
        await pilot.pause()
        assert pilot.app.screen.loaded.scenario.title == last


async def test_home_and_end_in_the_drill_list(data_dir):
    from simulator.tui.screens.drill import DrillPickerScreen

    async with make_app(data_dir, scenarios=bundled_scenarios(), seed=3).run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        await pilot.press("d")
        await pilot.pause()
        screen = pilot.app.screen
        assert isinstance(screen, DrillPickerScreen)
        table = screen.query_one(DataTable)
        assert table.row_count >= 3
        await pilot.press("end")
        await pilot.pause()
        assert table.cursor_row == table.row_count - 1
        await pilot.press("home")
        await pilot.pause()
        assert table.cursor_row == 0
