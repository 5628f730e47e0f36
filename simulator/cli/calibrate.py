"""``coachsim calibrate``: compare a trainer's coding of a transcript with a reference."""
from __future__ import annotations

from pathlib import Path

import click

from simulator.calibration import calibrate
from simulator.cli.options import (CALIBRATION_REFERENCE, app_settings, current_config, rubric_for,
                                   rubric_option)
from simulator.errors import InputError
from simulator.paths import expert_codes
from simulator.render.calibration import report_tables, summary
from simulator.render.tables import markdown, print_tables


@click.command("calibrate")
@click.argument("transcript", type=CALIBRATION_REFERENCE)
@click.option("--codes", "codes", type=click.Path(dir_okay=False),
              help="The trainer's codes: CSV with columns turn,codes (codes separated by ; or "
              "spaces) or JSONL lines {\"turn\", \"codes\"}. Without it the app opens for you "
              "to code each reply (the engine's codes hidden), then shows the same report.")
@click.option("--reference", default="engine", show_default=True,
              help="'engine' (the rubric's coding), 'expert' (the coding shipped with a bundled "
              "reference transcript) or another trainer's codes file.")
@rubric_option("Rubric that codes the transcript (the engine reference and its evidence)")
@click.option("--format", "fmt_", type=click.Choice(["text", "markdown"]), default="text",
              show_default=True, help="markdown: the same report as tables to paste into notes.")
@click.pass_context
def command(ctx: click.Context, transcript: Path, codes: str | None, reference: str,
            rubric_name: str | None, fmt_: str) -> None:
    """Agreement of a trainer's codes with the engine or another trainer, for one TRANSCRIPT
    (a file, or a bundled reference's id: skilled_night_shifts, mixed_smoking, ...).

    Prints percent agreement and Cohen's kappa per code and overall, a confusion table, and
    every reply coded differently beside the engine's evidence. Without --codes the app opens:
    code each reply yourself (the engine's codes stay hidden), then see the same report.
    """
    from simulator.rubric import Coder, load_rubric

    coder = Coder(load_rubric(rubric_for(ctx, rubric_name)))
    ref = None if reference == "engine" else reference_codes(transcript, reference)
    if codes is None:
        _open_app(ctx, transcript, coder, ref)
        return
    report = calibrate(transcript, codes, coder, ref)
    tables = report_tables(report)
    if fmt_ == "markdown":
        click.echo(f"# Calibration\n\n{summary(report)}\n")
        click.echo(markdown(tables))
        return
    print_tables(tables, lead=summary(report))


def reference_codes(transcript: Path, reference: str) -> Path:
    """The codes file to compare with: a path, or 'expert' for a bundled reference's own."""
    if reference != "expert":
        return Path(reference)
    expert = expert_codes(transcript)
    if expert is None:
        raise InputError(f"--reference expert needs a bundled reference transcript (give its "
                         f"id); {transcript} has no expert coding shipped with it")
    return expert


def _open_app(ctx: click.Context, transcript: Path, coder, reference: Path | None) -> None:
    """The calibration screen; a bad transcript or reference file fails before it opens."""
    from simulator.calibration import code_transcript, match_turns, read_codes
    from simulator.review import patient_before
    from simulator.tui.app import make_app
    from simulator.tui.screens.calibrate import CalibrateScreen

    replies = code_transcript(transcript, coder)
    sheet = None
    if reference is not None:
        sheet = read_codes(reference)
        match_turns(replies, sheet, transcript)
    screen = CalibrateScreen(transcript, replies, patient_before(transcript), sheet)
    make_app(start=screen, **app_settings(current_config(ctx))).run()
