"""``coachsim assess``: code and score transcripts (CSV, JSONL, or the simulator's own exports),
then report on the cohort: per trainee, per skill, the spread of scores and who is below a band.
"""
from __future__ import annotations

import json
import sys
from datetime import datetime, timezone
from itertools import chain
from pathlib import Path

import click

from simulator.assessing import CodedReply, ScoredSession, assess
from simulator.codes import LABELS
from simulator.cohort import Cohort
from simulator.csvcells import write_rows
from simulator.render.cohort import csv_rows, report_tables
from simulator.render.tables import markdown, md_cell, print_tables
from simulator.review import Verdicts
from simulator.rubric import load_rubric
from simulator.sources import STORE_SUFFIXES
from simulator.words import MEASURES, plural

#: Input files that are practice stores: they carry their own trainers' verdicts.

FORMATS = ("text", "jsonl", "csv", "markdown", "html")
#: Session metrics shown in the per-session summaries, in order.
SUMMARY_METRICS = tuple((key, MEASURES[key]) for key in (
    "pct_open_questions", "reflection_question_ratio", "pct_complex_reflections", "mi_adherent",
    "mi_non_adherent", "judgement", "advice_unsolicited", "goal_turn"))


@click.command("assess")
@click.argument("paths", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--rubric", "rubric_name", default="core", show_default=True,
              help="Rubric name in rubrics/ or a path to a rubric file.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True,
              help="jsonl: every coded reply and session score, as they are made; the others: "
              "the cohort report.")
@click.option("--band", type=click.Choice(["fair", "good"]), default="fair", show_default=True,
              help="Competency band to report trainees below (the rubric's thresholds).")
@click.option("--sessions", "show_sessions", is_flag=True,
              help="Also list every session (text and Markdown); with --format csv, one row "
              "per session instead of per trainee.")
@click.option("--overrides/--no-overrides", "use_overrides", default=True, show_default=True,
              help="Apply trainers' overrides (from the practice store and any .db given) in "
              "place of the engine's codes.")
@click.pass_context
def command(ctx: click.Context, paths: tuple[str, ...], rubric_name: str, fmt: str, band: str,
            show_sessions: bool, use_overrides: bool) -> None:
    """Code every coach reply in transcripts, score each session, and report on the cohort.

    PATHS are CSV or JSONL files with columns session_id, speaker, text and optionally turn and
    trainee (speaker coach or client; therapist, counsellor, trainee, practitioner and patient
    are understood too). Sessions are grouped by the trainee column (or the saved session's
    owner); a trainee is below the band when fewer than half of their sessions reach it.
    A reply a trainer reviewed (with 'coachsim review') counts with the trainer's codes.
    """
    rubric = load_rubric(rubric_name)
    data_dir = ctx.find_root().params.get("data_dir")
    verdicts = stored_verdicts(data_dir, paths) if use_overrides else None
    events = assess(paths, rubric, verdicts)
    if fmt == "jsonl":
        _jsonl(events)
        return
    if fmt == "csv" and show_sessions:
        _csv(events)
        return
    cohort = Cohort.for_rubric(rubric, band)
    sessions = _sessions(events)
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
        click.echo(f"{s.session_id}{who}: score {s.score.score}/100, {s.score.band}, "
                   f"{plural(s.replies, 'coach reply', 'coach replies')}")
        for key, label in SUMMARY_METRICS:
            click.echo(f"  {label}: {_plain(s.score.metrics.get(key)) or '-'}")
        counts = s.score.metrics.get("counts", {})
        coded = ", ".join(f"{LABELS[c]} {n}" for c, n in counts.items() if n)
        click.echo(f"  codes: {coded or 'none'}")
        if s.overrides:
            click.echo(f"  trainer overrides counted: replies "
                       f"{', '.join(v.turn for v in s.overrides)}")
        for step in s.score.next_steps:
            click.echo(f"  next step: {step.text}" + (f" ({step.where})" if step.turns else ""))
        click.echo("")
        yield s


def _markdown(sessions):
    """A Markdown row per session as it passes, then hand it on to the cohort."""
    click.echo("## Sessions\n")
    headings = ["session", "trainee", "replies", "score", "band",
                *(label for _, label in SUMMARY_METRICS), "next steps"]
    click.echo("| " + " | ".join(headings) + " |")
    click.echo("|" + " --- |" * len(headings))
    for s in sessions:
        steps = "; ".join(step.text + (f" ({step.where})" if step.turns else "")
                          for step in s.score.next_steps)
        cells = [s.session_id, s.trainee or "", str(s.replies), str(s.score.score), s.score.band,
                 *(_plain(s.score.metrics.get(key)) for key, _ in SUMMARY_METRICS), steps]
        click.echo("| " + " | ".join(md_cell(c) for c in cells) + " |")
        yield s
    click.echo("")
