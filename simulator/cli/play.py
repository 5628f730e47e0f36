"""``coachsim play``: play a scripted conversation (one coach reply per line) and print each turn."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from simulator.cli.options import SCENARIO, rubric_for, rubric_option
from simulator.codes import LABELS
from simulator.errors import InputError
from simulator.scenario import load_scenario
from simulator.session import Session
from simulator.terminal import printable
from simulator.words import plural
from simulator.yamlfile import decode_text, read_text

#: A script is typed replies; a larger file is a mistake, and reading it whole would cost
#: many times its size in memory.
MAX_SCRIPT_BYTES = 1_000_000


@click.command("play")
@click.argument("scenario", type=SCENARIO)
@click.option("--script", "script", required=True, type=click.Path(dir_okay=False, allow_dash=True),
              help="Text file with one coach reply per line ('-' for standard input).")
@click.option("--seed", default=0, show_default=True, help="Makes the patient's lines repeatable.")
@rubric_option()
@click.option("--format", "fmt", type=click.Choice(["text", "jsonl"]), default="text",
              show_default=True, help="jsonl: one object a turn (codes, patient line, state, "
              "variables), for scripts.")
@click.pass_context
def command(ctx: click.Context, scenario: Path, script: str, seed: int, rubric_name: str | None,
            fmt: str) -> None:
    """Play SCENARIO (a bundled scenario's id, e.g. alcohol_cutting_down, or a file) with the
    replies in --script, printing codes and the patient's answers."""
    loaded = load_scenario(scenario)
    text = read_script(script)
    replies = [line.strip() for line in text.splitlines() if line.strip()]
    session = Session(loaded, rubric=rubric_for(ctx, rubric_name), seed=seed)
    if fmt == "text":
        click.echo(f"{loaded.scenario.persona.name}: {session.opening.line}")
    for reply in replies:
        if session.ended:
            left = plural(len(replies) - len(session.turns), "reply", "replies")
            click.echo(f"coachsim: the conversation ended before the remaining {left}", err=True)
            break
        result = session.submit(reply)
        patient = result.patient
        if fmt == "jsonl":
            click.echo(json.dumps({
                "turn": result.turn, "coach": result.coach, "codes": list(result.coding.codes),
                "patient": patient.line, "state": patient.state,
                "variables": patient.variables, "ended": patient.ended,
            }, ensure_ascii=False))
            continue
        codes = ", ".join(LABELS[c] for c in result.coding.codes) or "no code"
        variables = " ".join(f"{k}={v:g}" for k, v in patient.variables.items())
        click.echo(f"\n[{result.turn}] coach: {printable(result.coach, newlines=False)}\n"
                   f"    codes: {codes}")
        click.echo(f"{loaded.scenario.persona.name}: {patient.line}")
        click.echo(f"    state: {patient.state} ({patient.state_description}); {variables}")
        if patient.ended:
            click.echo(f"\nThe conversation ended: {patient.ended.replace('_', ' ')}.")
    if fmt == "text" and session.turns:
        score = session.score()
        click.echo(f"\nScore {score.score}/100 ({score.band}).")


def read_script(source: str) -> str:
    """The script's text (a file, or ``-`` for standard input), UTF-8 and capped in size."""
    if source != "-":
        return read_text(source, MAX_SCRIPT_BYTES)
    data = sys.stdin.buffer.read(MAX_SCRIPT_BYTES + 1)
    if len(data) > MAX_SCRIPT_BYTES:
        raise InputError(f"the script on standard input is over the {MAX_SCRIPT_BYTES:,}-byte "
                         "limit; split it into smaller scripts", "<stdin>")
    return decode_text(data, "<stdin>")
