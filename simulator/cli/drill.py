"""``coachsim drill``: run a drill over answers from a file and print feedback and the score,
or, without ``--answers``, in the app against the clock."""
from __future__ import annotations

import click

from simulator.cli.options import DRILL, app_settings, current_config
from simulator.drills import load_drill
from simulator.drills.run import run_answers
from simulator.render.drill import item_lines, score_line
from simulator.words import duration, plural
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
    loaded = load_drill(drill)
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
