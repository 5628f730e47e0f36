"""Loading a scenario resolves every reference at its line:column; the checks catch scenarios
that would play badly."""
from __future__ import annotations

from pathlib import Path

import pytest
from scenario_fixtures import FIXTURES, WALKING, line_col, variant

from simulator import paths
from simulator.errors import InputError
from simulator.scenario import (bundled_scenarios, check_references, check_scenario, count_lines,
                                find_scenarios, load_scenario, read_scenario)
from simulator.conditions import parse_condition
from simulator.scenario.checks import satisfiable

GOAL_T = '  - {from: exploring, to: own_goal, on: [goal], when: "importance >= 6 and confidence >= 4 and explored >= 4"}'


def error_at(path) -> InputError:
    with pytest.raises(InputError) as info:
        load_scenario(path)
    return info.value


def test_fixture_loads_with_parsed_conditions():
    loaded = load_scenario(WALKING)
    assert loaded.scenario.id == "walking_blood_pressure"
    assert loaded.path == WALKING
    assert set(loaded.conditions) == {"trust >= 6", "trust >= 4", "judged >= 2", "trust >= 2",
                                      "importance >= 5",
                                      "importance >= 6 and confidence >= 4 and explored >= 4"}
    assert loaded.conditions["trust >= 4"]({"trust": 4}) is True
    assert loaded.final_states == {"own_goal", "gone"}
    assert check_references(loaded) == [] and check_scenario(loaded) == []


@pytest.mark.parametrize("old, new, needle, fragment", [
    ("to: withdrawn, on: [judgement]}", "to: withdrawm, on: [judgement]}", "withdrawm",
     "to 'withdrawm' is not a state"),
    ("{from: withdrawn, to: guarded", "{from: withdrawnn, to: guarded", "withdrawnn",
     "from 'withdrawnn' is not a state"),
    ("[guarded, opening_up, exploring]", "[guarded, opening, exploring]", "opening,",
     "from 'opening' is not a state"),
    ("start: guarded", "start: guardd", "guardd", "start 'guardd' is not a state"),
    ("disengaged: [gone]", "disengaged: [went]", "went", "ending disengaged 'went' is not a state"),
    ("  judgement: {trust: -3}", "  judgement: {trusst: -3}", "trusst", "'trusst' is not a variable"),
    ("effects: {importance: 2}", "effects: {importnce: 2}", "importnce", "'importnce' is not a variable"),
    ("      state: own_goal", "      state: own_gaol", "own_gaol", "expected state 'own_gaol'"),
    ("variables: {trust: [6, 10]}", "variables: {mood: [6, 10]}", "mood", "'mood' is not a variable"),
    ("\nstart: guarded", "\nneeds:\n  - {id: heard, description: x, when: 'reflected >= 1', before: [nowhere]}"
     "\nstart: guarded", "nowhere", "need before 'nowhere' is not a state"),
    ("\nstart: guarded", "\nneeds:\n  - {id: heard, description: x, when: 'reflectd >= 1', before: [opening_up]}"
     "\nstart: guarded", "reflectd", "reflectd"),
])
def test_reference_errors_point_at_the_value(tmp_path, old, new, needle, fragment):
    path = variant(tmp_path, (old, new))
    error = error_at(path)
    assert fragment in error.message
    assert (error.path, error.line, error.column) == (str(path), *line_col(path, needle))


def test_said_ids_must_exist(tmp_path):
    path = variant(tmp_path, ("variables: {trust: [6, 10]}", "variables: {trust: [6, 10]}\n      said: [monney]"))
    error = error_at(path)
    assert "'monney' is not a hidden concern or topic id" in error.message
    assert (error.line, error.column) == line_col(path, "monney")


@pytest.mark.parametrize("old, new, needle, offset, fragment", [
    # quoted: the column points inside the quotes at the bad character
    ('when: "judged >= 2"', 'when: "judged >= 2 &"', 'judged >= 2 &', 12, "unexpected character '&'"),
    ('when: "trust >= 2"', 'when: "trust >= 2 and mood > 1"', 'mood > 1', 0, "unknown name 'mood'"),
    # plain scalar
    ("when: trust >= 6", "when: trust >=", "trust >=", 8, "ends too early"),
    ("when: trust >= 4", "when: (trust >= 4", "(trust >= 4", 11, "missing ')'"),
])
def test_condition_errors_point_inside_the_text(tmp_path, old, new, needle, offset, fragment):
    path = variant(tmp_path, (old, new))
    error = error_at(path)
    assert fragment in error.message and error.message.startswith("condition:")
    line, column = line_col(path, needle)
    assert (error.line, error.column) == (line, column + offset)


def test_check_references_lists_every_problem_in_file_order(tmp_path):
    path = variant(tmp_path, ("start: guarded", "start: nowhere"),
                   ("to: withdrawn, on: [judgement]}", "to: away, on: [judgement]}"),
                   ('when: "judged >= 2"', 'when: "judged >>= 2"'))
    loaded = read_scenario(path)
    problems = check_references(loaded)
    assert [p.message.split(" ")[0] for p in problems] == ["start", "condition:", "to"]
    assert [p.line for p in problems] == sorted(p.line for p in problems)
    assert "judged >>= 2" not in loaded.conditions  # the others parsed


def test_schema_errors_come_first(tmp_path):
    path = variant(tmp_path, ("difficulty: 2", "difficulty: 9"))
    error = error_at(path)
    assert error.message.startswith("difficulty:") and (error.line, error.column) == line_col(path, "9")


def test_find_scenarios_expands_folders_sorted(tmp_path):
    for name in ("b.yml", "a.yaml", "c.txt"):
        (tmp_path / name).write_text("x: 1\n")
    (tmp_path / "sub.yaml").mkdir()
    # a file is passed through as given, even if missing: loading it reports that
    assert find_scenarios([tmp_path, "given.yaml"]) == [tmp_path / "a.yaml", tmp_path / "b.yml",
                                                         Path("given.yaml")]


def test_bundled_scenarios_load_and_pass_their_checks():
    loaded = bundled_scenarios()
    assert len(loaded) == len(find_scenarios([paths.SCENARIOS_DIR]))
    for scenario in loaded:
        assert check_scenario(scenario) == [], scenario.path


def test_count_lines():
    assert count_lines(load_scenario(WALKING)) == 33


def problems_of(path) -> list[str]:
    return [f"{p.line}:{p.column} {p.message}" for p in check_scenario(load_scenario(path))]


def test_unreachable_state(tmp_path):
    path = variant(tmp_path, ("  gone:\n", '  lost:\n    description: Nobody gets here\n'
                                          '    lines: ["One.", "Two."]\n  gone:\n'))
    line, col = line_col(path, "lost:")
    assert problems_of(path) == [f"{line}:{col} state 'lost' cannot be reached from 'guarded'; "
                                 "add a transition to it"]


def test_state_without_a_way_out(tmp_path):
    path = variant(tmp_path, ('{from: "*", to: gone', "{from: [guarded, withdrawn], to: gone"),
                   ("  gone:\n", '  stuck:\n    description: Nowhere to go\n'
                                 '    lines: ["One.", "Two."]\n  gone:\n'),
                   ("transitions:\n", "transitions:\n  - {from: guarded, to: stuck, on: [information]}\n"))
    line, col = line_col(path, "stuck:")
    assert problems_of(path) == [f"{line}:{col} state 'stuck' has no transition out and is not an "
                                 "ending; the person would be stuck in it"]


@pytest.mark.parametrize("when", ["trust >= 11", "trust > 6 and trust < 3", "turn > 12",
                                  "not (trust >= 0)", "importance > 10 or confidence < 0"])
def test_conditions_that_can_never_hold(tmp_path, when):
    path = variant(tmp_path, ("when: trust >= 6", f'when: "{when}"'))
    found = problems_of(path)
    assert len(found) == 1 and "can never hold" in found[0]
    assert found[0].startswith("%d:%d " % line_col(path, f'"{when}"'))


@pytest.mark.parametrize("when", ["trust >= 10", "trust > 2.5 and trust < 3", "turn >= 12",
                                  "importance > confidence", "closed_streak == 3"])
def test_conditions_that_can_hold(when):
    ranges = {"trust": (0, 10), "importance": (0, 10), "confidence": (0, 10), "turn": (0, 12),
              "closed_streak": (0, 12)}
    assert satisfiable(parse_condition(when), ranges)


def test_repeated_and_empty_pools(tmp_path):
    path = variant(tmp_path, ('lines: ["Mm.", "I suppose.", "Couldn\'t say really."]',
                              'lines: ["Mm.", "I suppose.", "i  suppose."]'),
                   ('  affirmed: ["Well, I do try.", "Nice of you to say."]', "  affirmed: []"))
    found = problems_of(path)
    assert len(found) == 2
    assert found[0].startswith("%d:%d " % line_col(path, "[]")) and "no lines here" in found[0]
    assert found[1].startswith("%d:%d " % line_col(path, '"i  suppose."')) and "repeats" in found[1]


@pytest.mark.parametrize("when, ok", [("", False), (', when: "explored >= 4"', False),
                                      (', when: "confidence >= 4"', True)])
def test_goal_must_follow_importance_or_confidence(tmp_path, when, ok):
    path = variant(tmp_path, (GOAL_T, "  - {from: exploring, to: own_goal, on: [goal]%s}" % when))
    found = problems_of(path)
    assert (found == []) is ok
    if not ok:
        assert len(found) == 1 and "a goal should follow exploring importance and confidence" in found[0]


def test_every_fixture_scenario_is_clean():
    for path in find_scenarios([FIXTURES]):
        assert problems_of(path) == []
