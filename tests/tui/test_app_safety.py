"""The practice app under attack and bad luck: links, locks, a full disk, a second window, a
damaged store (issue 13). Driven with Pilot over a real SQLite store."""
from __future__ import annotations

from simulator.tui.screens.report import ReportScreen
from tests.tui.test_app_flow import OPEN, app_for, say, start


def messages(app) -> list[str]:
    return [str(n.message) for n in app._notifications]


async def test_an_export_into_a_linked_folder_is_refused_in_one_line_and_the_app_carries_on(
        data_dir, walks, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    async with app_for(data_dir, walks).run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        await start(pilot)
        await say(pilot, OPEN)
        await pilot.press("ctrl+r")
        await pilot.pause()
        (data_dir / "exports").symlink_to(outside)
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(pilot.app.screen, ReportScreen)
        assert any("symbolic link" in m and "\n" not in m for m in messages(pilot.app))
    assert list(outside.iterdir()) == []
