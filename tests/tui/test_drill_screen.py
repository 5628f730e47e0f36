"""The drills screen: pick a drill from the picker, answer items against the clock, feedback at
once, the score at the end; time running out ends the drill; `coachsim drill` opens it."""
from __future__ import annotations

import pytest
from textual.widgets import DataTable, Input

from simulator.cli import main
from simulator.drills import load_drill
from simulator.tui.app import make_app
from simulator.tui.screens.drill import DrillFinished, DrillPickerScreen, DrillScreen
from simulator.tui.widgets.turns import CoachTurn, PatientTurn
from tests.test_drills_run import SINGLE
from tests.tui.conftest import FIXTURES, footer_keys
from tests.tui.test_app_cli import opened  # noqa: F401  (the fixture: make_app recorded, not run)

#: The drill tests' two single-reply items (markup in the instructions), then a conversation.
DRILL = SINGLE.replace("PARTIAL", "false").replace(
    "Rewrite each question.", "Rewrite it so it invites the [bold]person's[/bold] view.") + f"""\
  - id: rosa
    scenario: {FIXTURES / "app_test_walks.yaml"}
    replies: 2
    require: [goal]
    model_answer: ["What would you like to be different about walking?",
                   "What might a first step be?"]
    feedback: Ask what she wants.
"""


class FakeClock:
    """Seconds that pass only when the test says so."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def drill(tmp_path):
    path = tmp_path / "tiny.yaml"
    path.write_text(DRILL)
    return load_drill(path)


def app_with(data_dir, walks, screen):
    return make_app(data_dir, scenarios=[walks], seed=3, start=screen)


def plain(screen, selector: str) -> str:
    return screen.query_one(selector).render().plain


async def answer(pilot, text: str) -> None:
    pilot.app.screen.query_one("#answer", Input).value = text
    await pilot.press("enter")
    await pilot.pause()


async def test_answers_get_feedback_at_once_and_a_final_score(data_dir, walks, drill):
    finished: list[DrillFinished] = []
    clock = FakeClock()
    screen = DrillScreen(drill, clock=clock)
    app = app_with(data_dir, walks, screen)
    async with app.run_test(size=(100, 32), message_hook=lambda m: isinstance(
            m, DrillFinished) and finished.append(m)) as pilot:
        await pilot.pause()
        assert screen.query_one("#drill-title").text == "A tiny drill · item 1 of 3 · 1:00 left"
        assert "[bold]person's[/bold]" in plain(screen, "#drill-instructions")  # literal
        assert "Reply to rewrite: Do you enjoy it?" in plain(screen, "#drill-item")
        # What the answer must do, topic included, before it is written.
        assert plain(screen, "#drill-asks").startswith(
            "Your answer must be open question; avoid closed question")
        assert "stay on what was said (walk, dog" in plain(screen, "#drill-asks")
        clock.now += 15
        screen.tick()
        assert screen.query_one("#drill-title").text.endswith("item 1 of 3 · 0:45 left")

        await answer(pilot, "What do you enjoy about the walks?")
        shown = plain(screen, "#drill-feedback")
        assert shown.startswith("1. passed") and "coded: open question" in shown
        assert "Model answer: What do you get out of the walks?" in shown
        assert "item 2 of 3" in screen.query_one("#drill-title").text

        await answer(pilot, "You should batch cook at the weekend.")
        shown = plain(screen, "#drill-feedback")
        assert shown.startswith("2. not yet")
        assert "Missing: one of simple reflection, complex reflection" in shown
        assert "Should not be there: unsolicited advice" in shown

        # The conversation item plays the scenario's patient on the same screen.
        await answer(pilot, "What would you like to be different about walking?")
        assert [type(w) for w in screen.query("#drill-conversation > *")] == [
            PatientTurn, CoachTurn, PatientTurn]
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert [(m.score, m.time_up) for m in finished] == [(33, False)]
        assert plain(screen, "#drill-item").startswith("Score 33/100 on 3 answered items (1 clean")
        # No dead reply box: the result, and the keys to go on.
        assert not screen.query_one("#answer", Input).display
        assert "r to try the drill again, Esc to leave" in plain(screen, "#drill-next")
        # Nothing is left to skip or finish: the footer stops offering it.
        assert footer_keys(screen)[:2] == ["Leave", "Try again"]
        await pilot.press("r")
        await pilot.pause()
        again = pilot.app.screen
        assert isinstance(again, DrillScreen) and again is not screen
        assert again.query_one("#answer", Input).has_focus


async def test_when_time_runs_out_the_drill_ends_and_unanswered_items_score_0(
        data_dir, walks, drill):
    clock = FakeClock()
    screen = DrillScreen(drill, clock=clock)
    async with app_with(data_dir, walks, screen).run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        await answer(pilot, "What do you enjoy about the walks?")
        clock.now += 61
        screen.tick()
        await pilot.pause()
        assert plain(screen, "#drill-item").startswith(
            "Time is up. Score 100/100 on 1 answered item (1 clean, 2 skipped")
        assert [r.points for r in screen.result.results] == [1.0, 0.0, 0.0]
        assert "2. skipped (not scored)" in plain(screen, "#drill-feedback")
        assert screen.query_one("#drill-title").text == "A tiny drill · finished"
        assert not screen.query_one("#answer", Input).display


async def test_an_answer_after_the_limit_is_not_counted(data_dir, walks, drill):
    clock = FakeClock()
    screen = DrillScreen(drill, clock=clock)
    async with app_with(data_dir, walks, screen).run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        clock.now += 60
        await answer(pilot, "What do you enjoy about the walks?")
        assert screen.result is not None and screen.result.score == 0
        assert plain(screen, "#drill-item").startswith("Time is up.")


async def test_skip_moves_on_and_the_skipped_item_scores_0(data_dir, walks, drill):
    screen = DrillScreen(drill, clock=FakeClock())
    async with app_with(data_dir, walks, screen).run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert plain(screen, "#drill-feedback").startswith("1. skipped (not scored)")
        assert "item 2 of 3" in screen.query_one("#drill-title").text


async def test_the_picker_opens_the_bundled_drills(data_dir, walks):
    async with make_app(data_dir, scenarios=[walks], seed=3,
                        offer_resume=False).run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        await pilot.press("d")
        await pilot.pause()
        picker = pilot.app.screen
        assert isinstance(picker, DrillPickerScreen)
        titles = [str(picker.query_one(DataTable).get_row_at(i)[0])
                  for i in range(picker.query_one(DataTable).row_count)]
        assert "Eliciting a goal within five replies" in titles
        skills = {str(picker.query_one(DataTable).get_row_at(i)[1])
                  for i in range(picker.query_one(DataTable).row_count)}
        assert "without judgement" in skills and "non judgement" not in skills
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(pilot.app.screen, DrillScreen)
        assert pilot.app.screen.drill.title == titles[0]


def run(capsys, *args: str) -> tuple[int, str]:
    with pytest.raises(SystemExit) as info:
        main(list(args))
    return info.value.code, capsys.readouterr().err


def test_drill_without_answers_opens_the_drill_screen(opened, tmp_path, drill, capsys):
    assert run(capsys, "--data-dir", str(tmp_path), "drill", str(drill.path))[0] == 0
    screen = opened[0]["start"]
    assert isinstance(screen, DrillScreen) and screen.drill.id == "tiny"


def test_a_drill_file_with_errors_is_one_line_and_exit_2(opened, tmp_path, capsys):
    path = tmp_path / "bad.yaml"
    path.write_text(DRILL.replace("time_limit: 60", "time_limit: 5"))
    code, err = run(capsys, "--data-dir", str(tmp_path), "drill", str(path))
    assert code == 2 and f"{path}:5:13: time_limit" in err
    assert len(err.strip().splitlines()) == 1 and not opened


def test_drill_snapshot(snap_compare, data_dir, walks, drill):
    async def run_before(pilot):
        await pilot.pause()
        await answer(pilot, "What do you enjoy about the walks?")
        pilot.app.screen.query_one("#answer", Input).cursor_blink = False
        await pilot.pause()
    screen = DrillScreen(drill, clock=FakeClock())
    assert snap_compare(app_with(data_dir, walks, screen), terminal_size=(100, 32),
                        run_before=run_before)
