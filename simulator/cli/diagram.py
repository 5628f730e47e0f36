"""``coachsim diagram SCENARIO``: the persona's state machine as a Mermaid ``stateDiagram-v2``.

Drawn by transitions' own GraphMachine (mermaid engine) from the same transition definitions
the persona runs, with each edge labelled by its codes and condition; start and endings marked.
"""
from __future__ import annotations

import json

import click
from transitions.extensions import GraphMachine

from simulator.cli.options import SCENARIO
from simulator.persona import machine_transitions
from simulator.scenario import LoadedScenario, load_scenario


class _Model:
    """The machine's model: only its ``state``."""


def mermaid(loaded: LoadedScenario) -> str:
    """The scenario's states and transitions as Mermaid text.

    Edges read ``codes [condition]`` (``any reply`` for an empty ``on``); a ``from: "*"``
    transition is drawn from every state that is not an ending, since a session stops there.
    """
    scenario = loaded.scenario
    final = loaded.final_states
    ongoing = [name for name in scenario.states if name not in final]
    definitions = machine_transitions(loaded)
    for definition, transition in zip(definitions, scenario.transitions):
        if transition.source == "*":
            definition["source"] = ongoing
        definition["label"] = "|".join(transition.on) or "any reply"
        if transition.when is None:
            definition["conditions"] = []  # the codes in the label say it all
    machine = GraphMachine(
        model=_Model(), states=list(scenario.states), initial=scenario.start,
        transitions=definitions, auto_transitions=False, graph_engine="mermaid",
        show_conditions=True, title=scenario.title)
    lines = machine.get_graph().draw(None).splitlines()
    # transitions writes the bare title between the '---' fences; Mermaid wants 'title: ...'.
    if len(lines) > 2 and lines[0] == "---" and lines[2] == "---":
        lines[1] = f"title: {json.dumps(scenario.title, ensure_ascii=False)}"
    for kind in ("goal_agreed", "disengaged"):
        for name in getattr(scenario.endings, kind):
            lines.append(f"  {name} --> [*]: {kind.replace('_', ' ')}")
    return "\n".join(lines) + "\n"


@click.command("diagram")
@click.argument("scenario", type=SCENARIO)
def command(scenario) -> None:
    """Print SCENARIO's state machine (a bundled scenario's id or a file) as a Mermaid
    stateDiagram-v2 (paste into any Mermaid viewer)."""
    click.echo(mermaid(load_scenario(scenario)), nl=False)
