"""Follow-up appointments as scenarios of their own, so the persona plays them unchanged.

A follow-up shares the scenario's person, variables and effects and brings its own openings,
states, transitions and endings. :func:`follow_up` builds the scenario one opening of it
plays; :func:`choose_opening` picks that opening from what carried over.
"""
from __future__ import annotations

from typing import Mapping

from simulator.scenario.load import LoadedScenario
from simulator.scenario.models import Appointment, Opening
from simulator.yamlfile import Positions

#: Between the scenario's title and the appointment's in a follow-up's title.
TITLE_SEPARATOR = " - appointment "


def base_title(title: str) -> str:
    """The scenario's own title from an appointment's (the same for a first appointment)."""
    return title.split(TITLE_SEPARATOR)[0]


def appointment(loaded: LoadedScenario, number: int) -> Appointment:
    """Follow-up ``number`` (2 is the first follow-up); an :class:`IndexError` names the range."""
    follow_ups = loaded.scenario.appointments
    if not 2 <= number <= 1 + len(follow_ups):
        raise IndexError(f"{loaded.scenario.id} has appointments 1 to {1 + len(follow_ups)}, "
                         f"not {number}")
    return follow_ups[number - 2]


def choose_opening(loaded: LoadedScenario, number: int, carried: Mapping[str, float],
                   previous_opening: str | None) -> Opening:
    """The first opening of follow-up ``number`` whose ``after`` and ``when`` hold; the last
    opening when none does (every history needs a way in)."""
    openings = appointment(loaded, number).openings
    for opening in openings:
        if opening.after and previous_opening not in opening.after:
            continue
        condition = loaded.condition(opening.when)
        if condition is None or condition(carried):
            return opening
    return openings[-1]


def follow_up(loaded: LoadedScenario, number: int, opening: Opening,
              carried: Mapping[str, float] | None = None) -> LoadedScenario:
    """The scenario follow-up ``number`` plays when it opens with ``opening``.

    Variables start where the last appointment left those ``carried`` names (else at their
    start), moved by the opening's changes; positions point into the appointment's part of
    the file.
    """
    scenario = loaded.scenario
    visit = appointment(loaded, number)
    starts = {name: v.start for name, v in scenario.variables.items()}
    starts.update({k: v for k, v in (carried or {}).items() if k in starts})
    for name, change in opening.changes.items():
        starts[name] += change
    variables = {name: v.model_copy(update={"start": min(v.max, max(v.min, starts[name]))})
                 for name, v in scenario.variables.items()}
    derived = scenario.model_copy(update={
        "title": f"{scenario.title}{TITLE_SEPARATOR}{number}: {visit.title}",
        "briefing": visit.briefing,
        "persona": scenario.persona.model_copy(update={"hidden_concerns": visit.hidden_concerns}),
        "opening": opening.lines,
        "variables": variables,
        "effects": {**scenario.effects, **visit.effects},
        "reactions": {**scenario.reactions, **visit.reactions},
        "answers": {**scenario.answers, **visit.answers},
        "start": opening.start,
        "states": visit.states,
        "transitions": visit.transitions,
        "endings": visit.endings,
        "walkthroughs": [],
        "appointments": [],
        "journey_walkthroughs": [],
    })
    positions = Positions(loaded.positions.path,
                          loaded.positions.node(["appointments", number - 2]))
    return LoadedScenario(derived, positions, loaded.path, loaded.conditions)


def appointment_count(loaded: LoadedScenario) -> int:
    """How many appointments the scenario's journey has (1 when it has no follow-ups)."""
    return 1 + len(loaded.scenario.appointments)
