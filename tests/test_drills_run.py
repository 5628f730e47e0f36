"""Running drills with the real rubric (and persona): scoring, feedback, time, validation, CLI."""
from __future__ import annotations

import textwrap

import pytest

from simulator.cli import main
from simulator.drills import Drill, bundled_drills, load_drill
from simulator.drills.check import validate_drill
from simulator.drills.run import DrillRun, TimeUp, run_answers
from simulator.render.drill import asks, item_lines, score_line
from simulator.paths import DRILLS_DIR, SCENARIOS_DIR

SINGLE = """\
id: tiny
title: A tiny drill
skill: open_questions
instructions: Rewrite each question.
time_limit: 60
scoring: {pass_mark: 50, partial_credit: PARTIAL}
items:
  - id: dog
    patient: "I walk the dog most days, it's the only exercise I get."
    reply: "Do you enjoy it?"
    require: [question.open]
    forbid: [question.closed, judgement]
    model_answer: "What do you get out of the walks?"
    feedback: Ask for her view.
  - id: reflect
    patient: "I'm worn out from the night shifts and I can't face cooking."
    require_any: [reflection.simple, reflection.complex]
    forbid: [advice.unsolicited]
    model_answer: "It sounds like the night shifts leave you with nothing left for cooking."
    feedback: Say back what you heard.
"""

CONVERSATION = f"""\
id: talk
title: A goal in three
skill: goal
instructions: Elicit a goal.
time_limit: 300
items:
  - id: pauline
    scenario: {SCENARIOS_DIR / "diabetes_overwhelmed.yaml"}
    seed: 1
    replies: 3
    require: [goal]
    forbid: [judgement]
    model_answer:
      - "What would you like to get out of our time together today?"
      - "On a scale of 0 to 10, how important is looking after your own health to you?"
    feedback: Scale importance.
  - id: after
    patient: "I might try the walking group."
    require: [goal]
    model_answer: "What might a first step be?"
    feedback: Ask for a step.
"""


def drill(tmp_path, text, partial="false") -> Drill:
    path = tmp_path / "drill.yaml"
    path.write_text(text.replace("PARTIAL", partial))
    return load_drill(path)


def test_a_good_answer_passes_and_scores_full_marks(tmp_path):
    d = drill(tmp_path, SINGLE)
    result = run_answers(d, ["What do you enjoy about the walks?",
                             "So the night shifts leave you too tired to cook."])
    assert [r.passed for r in result.results] == [True, True]
    assert result.score == 100 and result.passed


def test_a_closed_answer_names_the_missing_code_and_the_forbidden_one_with_evidence(tmp_path):
    d = drill(tmp_path, SINGLE)
    run = DrillRun(d)
    answer = run.answer("Do you like walking her?")
    result = answer.result
    assert result is not None and not result.passed
    assert result.missing == ("question.open",)
    (fired,) = result.fired
    assert fired.code == "question.closed"
    assert fired.evidence and fired.evidence[0].matched.lower().startswith("do you")
    assert run.current.item.id == "reflect"


def test_require_any_is_met_by_one_code_and_reported_as_a_group_when_not(tmp_path):
    d = drill(tmp_path, SINGLE)
    good = run_answers(d, ["", "So the night shifts leave you too tired to cook."]).results[1]
    assert good.passed and not good.missing_any
    bad = run_answers(d, ["", "Have you tried a slow cooker?"]).results[1]
    assert bad.missing_any == ("reflection.simple", "reflection.complex")
    assert [f.code for f in bad.fired] == ["advice.unsolicited"]


def test_all_or_nothing_and_partial_credit(tmp_path):
    answers = ["Do you like walking her?", "So the night shifts leave you too tired to cook."]
    strict = run_answers(drill(tmp_path, SINGLE), answers)
    assert [r.points for r in strict.results] == [0.0, 1.0] and strict.score == 50
    partial = run_answers(drill(tmp_path, SINGLE, "true"), answers)
    # item 1: open missing, closed fired, judgement avoided, on the topic (walking): 2 of 4 met
    assert partial.results[0].points == pytest.approx(2 / 4)
    assert partial.score == round(100 * (2 / 4 + 1) / 2)


def test_skipped_and_unreached_items_are_counted_apart_and_never_pass(tmp_path):
    result = run_answers(drill(tmp_path, SINGLE), [""])
    assert [r.answered for r in result.results] == [False, False]
    assert result.score == 0 and result.skipped == 2 and not result.passed
    assert score_line(result) == "No items answered (2 skipped): not passed yet."


def test_the_score_is_over_the_answered_items_with_the_skipped_beside_it(tmp_path):
    result = run_answers(drill(tmp_path, SINGLE), ["What do you get out of the walks?", ""])
    assert result.score == 100 and result.answered == 1 and result.skipped == 1
    assert not result.passed  # skipping cannot pass a drill
    line = score_line(result)
    assert line.startswith("Score 100/100 on 1 answered item (1 clean, 1 skipped")
    assert item_lines(2, result.results[1])[0] == "2. skipped (not scored)"


def test_an_answer_off_the_items_topic_does_not_pass(tmp_path):
    tablets = SINGLE.replace("I walk the dog most days, it's the only exercise I get.",
                             "The evening tablets just don't happen.")
    d = drill(tmp_path, tablets)
    off = run_answers(d, ["What do you enjoy about exercise?"]).results[0]
    assert off.codings[0].codes == ("question.open",) and not off.missing
    assert not off.passed and "tablets" in off.off_topic and "evening" in off.off_topic
    assert any(line.startswith("   Off the topic") for line in item_lines(1, off))
    on = run_answers(d, ["What makes the evening ones hard?"]).results[0]
    assert on.passed and not on.off_topic


def test_an_item_says_what_the_answer_must_address(tmp_path):
    d = drill(tmp_path, SINGLE)
    play = DrillRun(d).current
    text = asks(play.item, play.topics)
    assert text.startswith("be open question; avoid closed question, judgement; stay on what "
                           "was said (walk, dog")
    assert "question.open" not in text


def test_the_time_limit_applies_when_a_clock_is_given(tmp_path):
    now = [100.0]
    run = DrillRun(drill(tmp_path, SINGLE), clock=lambda: now[0])
    assert run.remaining == 60
    run.answer("What do you enjoy about the walks?")
    now[0] += 61
    assert run.remaining == 0
    with pytest.raises(TimeUp):
        run.answer("So you're worn out.")
    assert run.finish().seconds == pytest.approx(61)


def test_a_conversation_item_ends_once_the_goal_is_coded_and_moves_on(tmp_path):
    d = drill(tmp_path, CONVERSATION)
    run = DrillRun(d)
    opening = run.current.patient_lines[0]
    assert opening  # the persona's opening line
    first = run.answer("What would you like to get out of our time together today?")
    assert first.result is None and first.patient
    second = run.answer("On a scale of 0 to 10, how important is your health to you?")
    assert second.result is not None and second.result.passed
    assert second.result.patient_lines[0] == opening and len(second.result.patient_lines) == 3
    assert run.current.item.id == "after"


def test_a_conversation_item_without_a_goal_uses_up_its_replies(tmp_path):
    d = drill(tmp_path, CONVERSATION)
    result = run_answers(d, ["What brings you here?", "You should know better than that.",
                             "Do you take your tablets?", "What might a first step be?"])
    talk, after = result.results
    assert len(talk.answers) == 3 and talk.missing == ("goal",)
    assert [f.reply for f in talk.fired] == [2]
    assert after.passed  # the fourth line went to the next item


def test_every_shipped_model_answer_passes_its_own_item():
    for d in bundled_drills():
        assert validate_drill(d.path) == [], d.id


def test_validate_points_at_a_model_answer_that_fails(tmp_path):
    path = tmp_path / "drill.yaml"
    path.write_text(SINGLE.replace("PARTIAL", "false").replace(
        'model_answer: "What do you get out of the walks?"',
        'model_answer: "Do you get much out of the walks?"'))
    (problem,) = validate_drill(path)
    assert (problem.line, problem.column) == (13, 19)
    assert "fails its own item" in problem.message and "question.closed fired" in problem.message


def run_cli(capsys, *args):
    with pytest.raises(SystemExit) as info:
        main(list(args))
    out, err = capsys.readouterr()
    return info.value.code, out, err


def test_validate_checks_the_drills_folder(capsys):
    code, out, err = run_cli(capsys, "validate", str(DRILLS_DIR))
    assert code == 0, out + err
    assert f"{len(bundled_drills())} files checked, 0 problems" in err


def test_validate_reports_a_broken_drill_as_unusable(capsys, tmp_path):
    folder = tmp_path / "drills"
    folder.mkdir()
    (folder / "bad.yaml").write_text(textwrap.dedent(SINGLE).replace("time_limit: 60", "time_limit: 5"))
    code, _, err = run_cli(capsys, "validate", str(folder))
    assert code == 2
    assert f"{folder / 'bad.yaml'}:5:13: time_limit" in err


def test_drill_cli_prints_feedback_and_the_score(capsys, tmp_path):
    answers = tmp_path / "answers.txt"
    answers.write_text("What do you enjoy about the walks?\nYou should batch cook.\n\n")
    path = tmp_path / "drill.yaml"
    path.write_text(SINGLE.replace("PARTIAL", "false"))
    code, out, err = run_cli(capsys, "drill", str(path), "--answers", str(answers))
    assert code == 0, err
    assert "1. passed" in out and "2. not yet" in out and "dog:" not in out
    assert "Missing: one of simple reflection, complex reflection" in out
    assert "Should not be there: unsolicited advice" in out
    assert "Model answer: It sounds like the night shifts" in out
    assert out.rstrip().endswith("Score 50/100 on 2 answered items (1 clean; pass mark 50): passed.")


def test_drill_cli_names_a_single_item_in_the_singular(capsys, tmp_path):
    path = tmp_path / "one.yaml"
    path.write_text(SINGLE.replace("PARTIAL", "false").split("  - id: reflect")[0])
    answers = tmp_path / "answers.txt"
    answers.write_text("What do you get out of the walks?\n")
    code, out, err = run_cli(capsys, "drill", str(path), "--answers", str(answers))
    assert code == 0, err
    assert out.startswith("A tiny drill (1 item; time limit")


def test_drill_cli_bad_input_is_one_line(capsys, tmp_path):
    code, _, err = run_cli(capsys, "drill", str(tmp_path / "none.yaml"), "--answers", "-")
    assert code == 2 and "none.yaml: no such file" in err and len(err.strip().splitlines()) == 1
