"""``coachsim drill``: run a drill over answers from a file and print feedback and the score,
or, without ``--answers``, in the app against the clock."""
from __future__ import annotations

import click

from simulator.cli.options import DRILL, app_settings, current_config
from simulator.codes import LABELS
from simulator.drills import Drill
from simulator.drills.run import DrillResult, ItemResult, run_answers
from simulator.rubric.scoring import plural
from simulator.yamlfile import read_text


@click.command("drill")
@click.argument("drill", type=DRILL)
@click.option("--answers", "answers", default=None,
              type=click.Path(dir_okay=False, allow_dash=True),
              help="Text file with one answer per line ('-' for standard input). An empty line "
              "skips an item; a conversation item takes one line per reply until it is over. "
              "Without it the drill opens in the app, timed.")
@click.pass_context
def command(ctx: click.Context, drill, answers: str | None) -> None:
    """Run DRILL (a bundled drill's id, e.g. closed_to_open, or a file) with the answers in
    --answers; print each item's feedback and the score.

    The drill's time limit is shown but not kept when answers come from a file; without
    --answers the app runs the drill against its time limit.
    """
    loaded = Drill.load(drill)
    if answers is None:
        from simulator.tui.app import make_app
        from simulator.tui.screens.drill import DrillScreen

        make_app(start=DrillScreen(loaded), **app_settings(current_config(ctx))).run()
        return
    if answers == "-":
        text = click.get_text_stream("stdin").read()
    else:
        text = read_text(answers)
    lines = text.splitlines()
    while lines and not lines[-1].strip():
        lines.pop()  # a trailing blank line is the end of the file, not a skipped item
    result = run_answers(loaded, lines)
    click.echo(f"{loaded.title} ({plural(len(loaded.items), 'item')}; time limit "
               f"{duration(loaded.time_limit)}, not kept for answers from a file)")
    for number, item_result in enumerate(result.results, start=1):
        click.echo("")
        for line in item_lines(number, item_result):
            click.echo(line)
    used = sum(len(r.answers) for r in result.results) + sum(
        1 for r in result.results if not r.answered)
    if len(lines) > used:
        click.echo(f"\ncoachsim: {len(lines) - used} answer line(s) left over after the last item",
                   err=True)
    click.echo("")
    click.echo(score_line(result))


def duration(seconds: int) -> str:
    """Seconds in words: ``7 min``, ``1 min 30 s``, ``45 s``."""
    minutes, rest = divmod(seconds, 60)
    return f"{minutes} min" + (f" {rest} s" if rest else "") if minutes else f"{rest} s"


def _labels(codes) -> str:
    return ", ".join(LABELS.get(c, c) for c in codes) or "no code"


def _named(code: str) -> str:
    label = LABELS[code]
    return label if label == code else f"{label} ({code})"


def item_lines(number: int, result: ItemResult) -> list[str]:
    """Feedback for one item: the prompt, the answer and its codes, what was missing or
    forbidden (with the rubric's evidence), the teaching point and the model answer."""
    item = result.item
    verdict = "passed" if result.passed else ("skipped" if not result.answered else "not yet")
    lines = [f"{number}. {item.id}: {verdict} ({result.points:.2g} of 1)"]
    if item.patient:
        lines.append(f"   Person: {item.patient}")
    if item.reply:
        lines.append(f"   Reply to rewrite: {item.reply}")
    for index, answer in enumerate(result.answers):
        if item.conversation:
            lines.append(f"   Person: {result.patient_lines[index]}")
        lines.append(f"   You: {answer}")
        lines.append(f"      coded: {_labels(result.codings[index].codes)}")
    if item.conversation and result.answered:
        lines.append(f"   Person: {result.patient_lines[len(result.answers)]}")
        if result.goal_state:
            lines.append("   The person reached a goal of their own.")
    if result.answered:
        for code in result.missing:
            lines.append(f"   Missing: {_named(code)}")
        if result.missing_any:
            lines.append(f"   Missing: one of {_labels(result.missing_any)}")
    for fired in result.fired:
        where = f" in reply {fired.reply}" if item.conversation else ""
        lines.append(f"   Should not be there{where}: {_named(fired.code)}")
        for evidence in fired.evidence:
            lines.append(f"      \u201c{evidence.matched}\u201d: {evidence.feedback}")
            if evidence.rewrite:
                lines.append(f"      try: {evidence.rewrite}")
    lines.append(f"   Teaching point: {item.feedback}")
    lines.append("   Model answer: " + " / ".join(item.model_replies))
    return lines


def score_line(result: DrillResult) -> str:
    """The final line: score, pass mark and whether it was passed."""
    passed = sum(1 for r in result.results if r.passed)
    verdict = "passed" if result.passed else "not passed yet"
    return (f"Score {result.score}/100 ({passed} of {len(result.results)} items clean; "
            f"pass mark {result.drill.scoring.pass_mark}): {verdict}.")
