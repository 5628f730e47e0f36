"""``coachsim play``: play a scripted conversation (one coach reply per line) and print each turn.

Several ``--script`` files play a journey: one script per appointment, each follow-up opening
from what the one before left (the goal, whose it was, how the person ended).
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from simulator.cli.options import SCENARIO, rubric_for, rubric_option
from simulator.codes import LABELS
from simulator.errors import InputError
from simulator.journey import Carryover, begin_appointment, carry_over, person_turns, tailoring
from simulator.rubric.plans import CarePlan, check_plan, load_plan
from simulator.scenario import load_scenario
from simulator.scenario.appointments import appointment, appointment_count
from simulator.session import Session
from simulator.terminal import printable
from simulator.words import plural
from simulator.yamlfile import decode_text, read_text

#: A script is typed replies; a larger file is a mistake, and reading it whole would cost
#: many times its size in memory.
MAX_SCRIPT_BYTES = 1_000_000


@click.command("play")
@click.argument("scenario", type=SCENARIO)
@click.option("--script", "scripts", required=True, multiple=True,
              type=click.Path(dir_okay=False, allow_dash=True),
              help="Text file with one coach reply per line ('-' for standard input). Give one "
              "per appointment to play a journey.")
@click.option("--plan", "plans", multiple=True, type=click.Path(dir_okay=False),
              help="The care plan written after an appointment (YAML: matters, goal, first_step, "
              "obstacles, if_then, support, follow_up), one per --script in order; it is checked "
              "against the conversation and its goal carries over.")
@click.option("--activation", "estimates", multiple=True, type=click.IntRange(1, 4),
              help="Your estimate of the person's activation level (1-4) after an appointment, "
              "one per --script in order: compared with the scenario's and with what you did.")
@click.option("--seed", default=0, show_default=True, help="Makes the patient's lines repeatable.")
@rubric_option()
@click.option("--format", "fmt", type=click.Choice(["text", "jsonl"]), default="text",
              show_default=True, help="jsonl: one object a turn (codes, patient line, state, "
              "variables), for scripts.")
@click.pass_context
def command(ctx: click.Context, scenario: Path, scripts: tuple[str, ...], plans: tuple[str, ...],
            estimates: tuple[int, ...], seed: int, rubric_name: str | None, fmt: str) -> None:
    """Play SCENARIO (a bundled scenario's id, e.g. alcohol_cutting_down, or a file) with the
    replies in --script, printing codes and the patient's answers."""
    loaded = load_scenario(scenario)
    if len(scripts) > appointment_count(loaded):
        raise InputError(f"{plural(len(scripts), 'script')} given, but this scenario has "
                         f"{plural(appointment_count(loaded), 'appointment')}; give one script "
                         "per appointment", scenario)
    for given, what in ((plans, "plan"), (estimates, "activation estimate")):
        if len(given) > len(scripts):
            raise InputError(f"{plural(len(given), what)} for {plural(len(scripts), 'script')}; "
                             f"give at most one {what} per appointment")
    written = [load_plan(path) for path in plans]  # every file checked before anything plays
    previous: Carryover | None = None
    coder = None
    for number, script in enumerate(scripts, start=1):
        replies = [line.strip() for line in read_script(script).splitlines() if line.strip()]
        session = begin_appointment(loaded, number, previous, rubric=rubric_for(ctx, rubric_name),
                                    seed=seed,
                                    coder=coder)
        coder = session.coder  # compiled once for the whole journey
        if len(scripts) > 1 and fmt == "text":
            _heading(number, session, loaded)
        _play(session, replies, fmt, number if len(scripts) > 1 else None)
        plan = written[number - 1] if number <= len(written) else None
        if plan is not None:
            _show_plan(session, plan, fmt, number)
        if number <= len(estimates):
            _show_tailoring(session, estimates[number - 1], plan, fmt, number)
        previous = carry_over(session, plan)
        if len(scripts) > 1 and fmt == "text":
            click.echo(f"\nCarried over: {previous.summary()}")


def _show_plan(session: Session, plan: CarePlan, fmt: str, number: int) -> None:
    checks = check_plan(plan, person_turns(session), session.coder)
    if fmt == "jsonl":
        click.echo(json.dumps({"appointment": number, "plan": plan.model_dump(),
                               "checks": [c.to_dict() for c in checks]}, ensure_ascii=False))
        return
    click.echo("\nCare plan:")
    for check in checks:
        click.echo(f"  {'ok  ' if check.ok else 'work'} {check.label}: {check.note}")


def _show_tailoring(session: Session, estimate: int, plan: CarePlan | None, fmt: str,
                    number: int) -> None:
    feedback = tailoring(session, estimate, plan=plan)
    if fmt == "jsonl":
        click.echo(json.dumps({"appointment": number, "tailoring": feedback.to_dict()},
                              ensure_ascii=False))
        return
    click.echo(f"\nActivation level: {feedback.verdict}")
    for result in feedback.measures:
        click.echo(f"  {'ok  ' if result.met else 'work'} {result.label}: {result.note}")


def _heading(number: int, session: Session, loaded) -> None:
    title = session.loaded.scenario.title
    opened = ""
    if session.info.opened:
        opening = next(o for o in appointment(loaded, number).openings if o.id == session.info.opened)
        opened = f" (opened: {opening.id}, {opening.description.lower()})"
    click.echo(f"{'' if number == 1 else chr(10)}== Appointment {number}: {title}{opened}")


def _play(session: Session, replies: list[str], fmt: str, appointment: int | None) -> None:
    name = session.loaded.scenario.persona.name
    if fmt == "text":
        click.echo(f"{name}: {session.opening.line}")
    for reply in replies:
        if session.ended:
            left = plural(len(replies) - len(session.turns), "reply", "replies")
            click.echo(f"coachsim: the conversation ended before the remaining {left}", err=True)
            break
        result = session.submit(reply)
        patient = result.patient
        if fmt == "jsonl":
            record = {
                "turn": result.turn, "coach": result.coach, "codes": list(result.coding.codes),
                "patient": patient.line, "state": patient.state,
                "variables": patient.variables, "ended": patient.ended,
            }
            if appointment is not None:
                record = {"appointment": appointment, "opened": session.info.opened, **record}
            click.echo(json.dumps(record, ensure_ascii=False))
            continue
        codes = ", ".join(LABELS[c] for c in result.coding.codes) or "no code"
        variables = " ".join(f"{k}={v:g}" for k, v in patient.variables.items())
        click.echo(f"\n[{result.turn}] coach: {printable(result.coach, newlines=False)}\n"
                   f"    codes: {codes}")
        click.echo(f"{name}: {patient.line}")
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
