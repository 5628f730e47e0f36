"""``coachsim calibrate``: compare a trainer's coding of a transcript with a reference."""
from __future__ import annotations

from pathlib import Path

import click

from simulator.calibration import NONE, CalibrationReport, calibrate
from simulator.codes import CODES, LABELS
from simulator.terminal import printable
from simulator.cohort import Table, fmt, markdown, print_tables
from simulator.rubric.scoring import plural


@click.command("calibrate")
@click.argument("transcript", type=click.Path(dir_okay=False))
@click.option("--codes", "codes", type=click.Path(dir_okay=False),
              help="The trainer's codes: CSV with columns turn,codes (codes separated by ; or "
              "spaces) or JSONL lines {\"turn\", \"codes\"}. Without it the app opens for you "
              "to code each reply (the engine's codes hidden), then shows the same report.")
@click.option("--reference", default="engine", show_default=True,
              help="'engine' (the rubric's coding) or another trainer's codes file.")
@click.option("--rubric", "rubric_name", default="core", show_default=True,
              help="Rubric that codes the transcript (the engine reference and its evidence).")
@click.option("--format", "fmt_", type=click.Choice(["text", "markdown"]), default="text",
              show_default=True, help="markdown: the same report as tables to paste into notes.")
@click.pass_context
def command(ctx: click.Context, transcript: str, codes: str | None, reference: str,
            rubric_name: str, fmt_: str) -> None:
    """Agreement of a trainer's codes with the engine or another trainer, for one TRANSCRIPT.

    Prints percent agreement and Cohen's kappa per code and overall, a confusion table, and
    every reply coded differently beside the engine's evidence. Without --codes the app opens:
    code each reply yourself (the engine's codes stay hidden), then see the same report.
    """
    from simulator.rubric import Coder, load_rubric

    coder = Coder(load_rubric(rubric_name))
    ref = None if reference == "engine" else Path(reference)
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


def _open_app(ctx: click.Context, transcript: str, coder, reference: Path | None) -> None:
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
    make_app(ctx.find_root().params.get("data_dir"), start=screen).run()


def summary(report: CalibrationReport) -> str:
    """The headline: what was compared with what, and the overall agreement."""
    kappa = report.overall.kappa
    replies = plural(report.replies, "coach reply", "coach replies")
    return (f"{report.transcript}: {replies}, trainer against {report.reference}. "
            f"Overall agreement {report.overall.percent:.1f}% "
            f"(kappa {fmt(kappa, 2)}); {report.exact}/{report.replies} replies coded "
            f"identically ({report.exact_percent:.0f}%).")


def report_tables(report: CalibrationReport) -> list[Table]:
    """Per-code agreement, the confusion table and the differing replies."""
    per_code = Table(
        "Agreement per code",
        ("code", "reference", "trainer", "both", "agreement %", "kappa"),
        tuple((LABELS[a.code], str(a.both + a.reference_only), str(a.both + a.trainer_only),
               str(a.both), f"{a.percent:.1f}", fmt(a.kappa, 2)) for a in report.used_codes),
        frozenset(range(1, 6)),
        note="kappa '-' means undefined: one side used the code on every reply or on none.")
    return [per_code, confusion_table(report), differences_table(report)]


#: Two-letter tags (MITI style) so the confusion table fits a terminal.
SHORT = {
    "question.open": "OQ", "question.closed": "CQ", "reflection.simple": "SR",
    "reflection.complex": "CR", "affirmation": "AF", "summary": "SU", "permission": "PE",
    "autonomy": "AU", "information": "IN", "advice.permitted": "AP", "advice.unsolicited": "AD",
    "judgement": "JU", "goal": "GO", NONE: "-",
}


def confusion_table(report: CalibrationReport) -> Table:
    """Rows: the reference's codes; columns: the trainer's; (none) where one side had nothing."""
    rows_used = {r for r, _ in report.confusion}
    cols_used = {c for _, c in report.confusion}
    order = [*CODES, NONE]
    rows = [c for c in order if c in rows_used]
    cols = [c for c in order if c in cols_used]
    return Table(
        "Confusion (reference down, trainer across)",
        ("reference", *(SHORT[c] for c in cols)),
        tuple((f"{SHORT[r]} {LABELS.get(r, 'no code')}",
               *(str(report.confusion.get((r, c), "")) for c in cols)) for r in rows),
        frozenset(range(1, len(cols) + 1)),
        note="Shared codes sit on the diagonal; a code one side gave and the other did not is "
        "paired with what the other gave instead, or with '-' (no code).")


def differences_table(report: CalibrationReport) -> Table:
    """Each reply coded differently, with the engine's evidence for the codes in question."""
    rows = []
    for d in report.differences:
        # The transcript's words and turns come from outside: shown escaped.
        evidence = "; ".join(f"{e.code}: \u201c{printable(e.matched)}\u201d ({e.feedback})"
                             for e in d.evidence)
        rows.append((printable(str(d.turn), newlines=False), printable(d.text),
                     ", ".join(d.reference) or NONE, ", ".join(d.trainer) or NONE,
                     evidence or "-"))
    return Table("Replies coded differently",
                 ("turn", "reply", "reference", "trainer", "engine's evidence"), tuple(rows),
                 note="" if rows else "None: the two codings agree on every reply.")
