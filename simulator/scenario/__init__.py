"""Scenarios: the models of ``scenarios/*.yaml``, loading with positions, and checks."""
from simulator.scenario.checks import check_scenario, count_lines
from simulator.scenario.load import (
    LoadedScenario,
    bundled_scenarios,
    check_references,
    find_scenarios,
    load_scenario,
    read_scenario,
)
from simulator.scenario.models import (
    ACTIVATION_LEVELS,
    BUILTIN_COUNTERS,
    CARRIED,
    Appointment,
    JourneyWalkthrough,
    Opening,
    Endings,
    Expect,
    HiddenConcern,
    PersonaSpec,
    Scenario,
    State,
    Step,
    Topic,
    Transition,
    Variable,
    Walkthrough,
)

__all__ = [
    "ACTIVATION_LEVELS", "BUILTIN_COUNTERS", "CARRIED", "Appointment", "JourneyWalkthrough", "Opening", "Endings", "Expect", "HiddenConcern", "LoadedScenario", "PersonaSpec",
    "Scenario", "State", "Step", "Topic", "Transition", "Variable", "Walkthrough",
    "bundled_scenarios", "check_references", "check_scenario", "count_lines", "find_scenarios", "load_scenario", "read_scenario",
]
