"""``coachsim assess``: code and score transcripts (CSV, JSONL, or the simulator's own exports)."""
from __future__ import annotations

import csv
import json
import sys

import click

from simulator.assessing import CodedReply, ScoredSession, assess
from simulator.codes import LABELS
from simulator.rubric import load_rubric

FORMATS = ("text", "jsonl", "csv", "markdown")
#: Session metrics shown in the text, Markdown and CSV summaries, in order.
SUMMARY_METRICS = (
    ("pct_open_questions", "% open questions"),
    ("reflection_question_ratio", "reflections per question"),
    ("pct_complex_reflections", "% complex reflections"),
    ("mi_adherent", "MI-adherent"),
    ("mi_non_adherent", "MI-non-adherent"),
    ("judgement", "judgement"),
    ("advice_unsolicited", "unsolicited advice"),
    ("goal_turn", "goal first elicited at"),
)


@click.command("assess")
@click.argument("paths", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--rubric", "rubric_name", default="core", show_default=True,
              help="Rubric name in rubrics/ or a path to a rubric file.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True)
def command(paths: tuple[str, ...], rubric_name: str, fmt: str) -> None:
    """Code every coach reply in transcripts and score each session.

    PATHS are CSV or JSONL files with columns session_id, speaker, text and optionally turn and
    trainee (speaker coach or client; therapist, counsellor, trainee, practitioner and patient
    are understood too).
    """
    rubric = load_rubric(rubric_name)
    events = assess(paths, rubric)
    {"jsonl": _jsonl, "csv": _csv, "markdown": _markdown, "text": _text}[fmt](events)


def _jsonl(events) -> None:
    out = sys.stdout
    for event in events:
        if isinstance(event, CodedReply):
            record = {"type": "utterance", "session_id": event.session_id, "turn": event.turn,
                      "text": event.text, **event.coding.to_dict()}
        else:
            record = {"type": "session", "session_id": event.session_id,
                      "trainee": event.trainee, "replies": event.replies,
                      "metrics": event.score.metrics, "score": event.score.score,
                      "band": event.score.band}
        out.write(json.dumps(record, ensure_ascii=False) + "\n")


def _sessions(events):
    return (e for e in events if isinstance(e, ScoredSession))


def _csv(events) -> None:
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(["session_id", "trainee", "replies", "score", "band",
                     *(key for key, _ in SUMMARY_METRICS)])
    for s in _sessions(events):
        writer.writerow([s.session_id, s.trainee or "", s.replies, s.score.score, s.score.band,
                         *(_plain(s.score.metrics.get(key)) for key, _ in SUMMARY_METRICS)])


def _plain(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.2f}"
    return str(value)


def _text(events) -> None:
    for s in _sessions(events):
        who = f" ({s.trainee})" if s.trainee else ""
        click.echo(f"{s.session_id}{who}: score {s.score.score}/100, {s.score.band}, "
                   f"{s.replies} coach replies")
        for key, label in SUMMARY_METRICS:
            click.echo(f"  {label}: {_plain(s.score.metrics.get(key)) or '-'}")
        counts = s.score.metrics.get("counts", {})
        coded = ", ".join(f"{LABELS[c]} {n}" for c, n in counts.items() if n)
        click.echo(f"  codes: {coded or 'none'}")
        for step in s.score.next_steps:
            turns = ", ".join(str(t) for t in step.turns)
            click.echo(f"  next step: {step.text}" + (f" (replies {turns})" if turns else ""))
        click.echo("")


def _markdown(events) -> None:
    click.echo("| session | trainee | replies | score | band | "
               + " | ".join(label for _, label in SUMMARY_METRICS) + " |")
    click.echo("|" + " --- |" * (5 + len(SUMMARY_METRICS)))
    steps = []
    for s in _sessions(events):
        cells = [s.session_id, s.trainee or "", str(s.replies), str(s.score.score), s.score.band,
                 *(_plain(s.score.metrics.get(key)) for key, _ in SUMMARY_METRICS)]
        click.echo("| " + " | ".join(_md(c) for c in cells) + " |")
        steps.append((s.session_id, s.score.next_steps))
    click.echo("\n## Next steps")
    for session_id, items in steps:
        click.echo(f"\n### {_md(session_id)}")
        for step in items:
            turns = ", ".join(str(t) for t in step.turns)
            click.echo(f"- {_md(step.text)}" + (f" (replies {turns})" if turns else ""))


def _md(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")
