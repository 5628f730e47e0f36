"""``coachsim assess``: code and score transcripts (CSV, JSONL, or the simulator's own exports),
then report on the cohort: per trainee, per skill, the spread of scores and who is below a band.
"""
from __future__ import annotations

import json
import sys
from contextlib import contextmanager, redirect_stdout
from dataclasses import replace
from datetime import datetime, timezone
from itertools import chain
from pathlib import Path
from typing import Iterator

import click

from simulator.assessing import CodedReply, ScoredSession, assess
from simulator.cli.options import current_config, rubric_for, rubric_option
from simulator.codes import LABELS
from simulator.cohort import Cohort
from simulator.csvcells import write_rows
from simulator.errors import InputError
from simulator.files import replace_private
from simulator.render.cohort import csv_rows, report_tables
from simulator.render.tables import markdown, md_cell, print_tables
from simulator.review import Verdicts
from simulator.rubric import load_rubric
from simulator.sources import STORE_SUFFIXES
from simulator.terminal import printable
from simulator.words import MEASURES, plural

#: Input files that are practice stores: they carry their own trainers' verdicts.

FORMATS = ("text", "jsonl", "csv", "markdown", "html")
#: The format an --output file's extension asks for when --format is not given.
FORMAT_OF_SUFFIX = {".txt": "text", ".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv",
                    ".md": "markdown", ".markdown": "markdown", ".html": "html", ".htm": "html"}
#: Session metrics shown in the per-session summaries, in order.
SUMMARY_METRICS = tuple((key, MEASURES[key]) for key in (
    "pct_open_questions", "reflection_question_ratio", "pct_complex_reflections", "mi_adherent",
    "mi_non_adherent", "judgement", "advice_unsolicited", "goal_turn"))


@click.command("assess")
@click.argument("paths", nargs=-1, required=True, type=click.Path(dir_okay=False))
@rubric_option()
@click.option("--format", "fmt", type=click.Choice(FORMATS), default=None,
              help="jsonl: every coded reply and session score, as they are made; the others: "
              "the cohort report. Default: from the --output file's extension, else text.")
@click.option("-o", "--output", type=click.Path(dir_okay=False),
              help="Write the report to this file (owner-only, replaced whole when complete) "
              "instead of standard output.")
@click.option("--band", type=click.Choice(["fair", "good"]), default="fair", show_default=True,
              help="Competency band to report trainees below (the rubric's thresholds).")
@click.option("--sessions", "show_sessions", is_flag=True,
              help="Also list every session (text and Markdown); with --format csv, one row "
              "per session instead of per trainee.")
@click.option("--fail-under", type=click.Choice(["fair", "good"]), default=None,
              help="Exit 1 when any trainee is below this band (fewer than half of their "
              "sessions reach it), for scripts that gate on the cohort.")
@click.option("--overrides/--no-overrides", "use_overrides", default=True, show_default=True,
              help="Apply trainers' overrides (from the practice store and any .db given) in "
              "place of the engine's codes.")
@click.pass_context
def command(ctx: click.Context, paths: tuple[str, ...], rubric_name: str | None, fmt: str | None,
            output: str | None, band: str, show_sessions: bool, fail_under: str | None,
            use_overrides: bool) -> None:
    """Code every coach reply in transcripts, score each session, and report on the cohort.

    PATHS are CSV or JSONL files with columns session_id, speaker, text and optionally turn and
    trainee (speaker coach or client; therapist, counsellor, trainee, practitioner and patient
    are understood too). Sessions are grouped by the trainee column (or the saved session's
    owner); a trainee is below the band when fewer than half of their sessions reach it.
    A reply a trainer reviewed (with 'coachsim review') counts with the trainer's codes.
    With --fail-under BAND the exit status is 1 when any trainee is below BAND.
    """
    fmt = fmt or output_format(output)
    rubric = load_rubric(rubric_for(ctx, rubric_name))
    data_dir = current_config(ctx).settings.data_path
    verdicts = stored_verdicts(data_dir, paths) if use_overrides else None
    gate = Cohort.for_rubric(rubric, fail_under) if fail_under else None
    events = assess(paths, rubric, verdicts)
    if gate is not None:
        events = _counted(events, gate)
    with _output(output, paths):
        _report(events, rubric, fmt, band, show_sessions, paths)
    if output:
        click.echo(f"coachsim: wrote {output}", err=True)
    if gate is not None and gate.below():
        names = ", ".join(t.trainee for t in gate.below())
        click.echo(f"coachsim: {plural(len(gate.below()), 'trainee')} below {fail_under}: {names}",
                   err=True)
        ctx.exit(1)


def output_format(output: str | None) -> str:
    """The format an output file's extension names (text without a file)."""
    if output is None:
        return "text"
    suffix = Path(output).suffix.lower()
    if suffix not in FORMAT_OF_SUFFIX:
        raise InputError(f"cannot tell the format from {output!r}; give --format "
                         f"({', '.join(FORMATS)}) or end the name in "
                         f"{', '.join(FORMAT_OF_SUFFIX)}")
    return FORMAT_OF_SUFFIX[suffix]


@contextmanager
def _output(output: str | None, inputs: tuple[str, ...]) -> Iterator[None]:
    """Standard output, or everything written to it going to ``output`` (whole or not at all)."""
    if output is None:
        yield
        return
    target = Path(output).resolve()
    if any(Path(p).resolve() == target for p in inputs):
        raise InputError(f"{output} is also an input; give another --output file")
    with replace_private(output) as handle, redirect_stdout(handle):
        yield


def _counted(events, gate: Cohort):
    """Pass every event on, counting each scored session towards ``gate``."""
    for event in events:
        if isinstance(event, ScoredSession):
            gate.add(event)
        yield event


def _report(events, rubric, fmt: str, band: str, show_sessions: bool,
            paths: tuple[str, ...]) -> None:
    """Write the chosen report of ``events`` to standard output."""
    if fmt == "jsonl":
        _jsonl(events)
        return
    if fmt == "csv" and show_sessions:
        _csv(events)
        return
    cohort = Cohort.for_rubric(rubric, band)
    sessions = _sessions(events)
    if fmt in ("text", "markdown"):  # for a terminal: ids and names from the files, escaped
        sessions = (replace(s, session_id=printable(s.session_id, newlines=False),
                            trainee=s.trainee and printable(s.trainee, newlines=False))
                    for s in sessions)
    if show_sessions and fmt in ("text", "markdown"):
        sessions = (_text if fmt == "text" else _markdown)(sessions)
    cohort.extend(sessions)
    if fmt == "html":
        from simulator.render.cohort_html import cohort_html

        min_score = rubric.scoring.bands[band].min_score
        sys.stdout.write(cohort_html(cohort, f"Cohort report: {rubric.title}", min_score,
                                     rubric=rubric, inputs=paths,
                                     generated=datetime.now(timezone.utc).strftime(
                                         "%Y-%m-%d %H:%M UTC")))
    elif fmt == "csv":
        write_rows(sys.stdout, csv_rows(cohort))
    elif fmt == "markdown":
        click.echo(markdown(report_tables(cohort)))
    else:
        print_tables(report_tables(cohort))


def stored_verdicts(data_dir: str | None, paths: tuple[str, ...]) -> Verdicts:
    """Trainers' verdicts from the practice store (if it exists: reading must not create it)
    and from every practice store file given as input."""
    from simulator.store import DB_NAME, default_data_dir, read_verdicts

    store = Path(data_dir) if data_dir else default_data_dir()
    files = [store / DB_NAME, *(Path(p) for p in paths if Path(p).suffix.lower() in STORE_SUFFIXES)]
    found = []
    for path in dict.fromkeys(f.resolve() for f in files if f.is_file()):
        found += read_verdicts(path)
    return Verdicts(sorted(found, key=lambda v: v.created_at))


def _jsonl(events) -> None:
    out = sys.stdout
    for event in events:
        if isinstance(event, CodedReply):
            record = {"type": "utterance", "session_id": event.session_id, "turn": event.turn,
                      "text": event.text, **event.coding.to_dict()}
            if event.override is not None:
                record |= {"overridden": True, "trainer_codes": list(event.coding.codes),
                           "engine_codes": list(event.engine.codes),
                           "trainer": event.override.trainer, "reason": event.override.reason}
        else:
            record = {"type": "session", "session_id": event.session_id,
                      "trainee": event.trainee, "replies": event.replies,
                      "metrics": event.score.metrics, "score": event.score.score,
                      "band": event.score.band}
        out.write(json.dumps(record, ensure_ascii=False) + "\n")


def _sessions(events):
    return (e for e in events if isinstance(e, ScoredSession))


def _csv(events) -> None:
    # The measures under the names the reports give them, so a spreadsheet reads the same.
    header = ["session_id", "trainee", "replies", "score", "band",
              *(label for _, label in SUMMARY_METRICS)]
    rows = ([s.session_id, s.trainee or "", s.replies, s.score.score, s.score.band,
             *(_plain(s.score.metrics.get(key)) for key, _ in SUMMARY_METRICS)] for s in _sessions(events))
    write_rows(sys.stdout, chain([header], rows))


def _plain(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.2f}"
    return str(value)


def _text(sessions):
    """Print each session's summary as it passes, then hand it on to the cohort."""
    for s in sessions:
        who = f" ({s.trainee})" if s.trainee else ""
        _echo(f"{s.session_id}{who}: score {s.score.score}/100, {s.score.band}, "
                   f"{plural(s.replies, 'coach reply', 'coach replies')}")
        for key, label in SUMMARY_METRICS:
            _echo(f"  {label}: {_plain(s.score.metrics.get(key)) or '-'}")
        counts = s.score.metrics.get("counts", {})
        coded = ", ".join(f"{LABELS[c]} {n}" for c, n in counts.items() if n)
        _echo(f"  codes: {coded or 'none'}")
        if s.overrides:
            _echo(f"  trainer overrides counted: replies "
                       f"{', '.join(str(v.turn) for v in s.overrides)}")
        for step in s.score.next_steps:
            _echo(f"  next step: {step.text}" + (f" ({step.where})" if step.turns else ""))
        _echo("")
        yield s


def _markdown(sessions):
    """A Markdown row per session as it passes, then hand it on to the cohort."""
    _echo("## Sessions\n")
    headings = ["session", "trainee", "replies", "score", "band",
                *(label for _, label in SUMMARY_METRICS), "next steps"]
    _echo("| " + " | ".join(headings) + " |")
    _echo("|" + " --- |" * len(headings))
    for s in sessions:
        steps = "; ".join(step.text + (f" ({step.where})" if step.turns else "")
                          for step in s.score.next_steps)
        cells = [s.session_id, s.trainee or "", str(s.replies), str(s.score.score), s.score.band,
                 *(_plain(s.score.metrics.get(key)) for key, _ in SUMMARY_METRICS), steps]
        _echo("| " + " | ".join(md_cell(c) for c in cells) + " |")
        yield s
    _echo("")


def _echo(line: str) -> None:
    # Session lines quote turns and ids from the files (in next steps too): escaped.
    click.echo(printable(line))
