"""``coachsim diagram``: the persona's machine as Mermaid text."""
from __future__ import annotations

import pytest
from scenario_fixtures import WALKING

from simulator.cli import main
from simulator.cli.diagram import mermaid
from simulator.scenario import bundled_scenarios, load_scenario


@pytest.fixture(scope="module")
def text() -> str:
    return mermaid(load_scenario(WALKING))


def test_header_is_a_titled_state_diagram(text):
    assert text.splitlines()[:4] == ["---", 'title: "Blood pressure: walking more, maybe"', "---",
                                     "stateDiagram-v2"]


def test_every_state_is_declared(text):
    for name in ("guarded", "opening_up", "exploring", "own_goal", "withdrawn", "gone"):
        assert f'state "{name}" as {name}' in text


def test_edges_carry_codes_and_conditions(text):
    edges = {line.strip() for line in text.splitlines() if "-->" in line}
    assert "guarded --> opening_up: question.open|reflection.simple|reflection.complex [trust >= 4]" in edges
    assert "exploring --> own_goal: goal [importance >= 6 and confidence >= 4 and explored >= 4]" in edges
    assert "guarded --> withdrawn: judgement" in edges  # no condition: no brackets


def test_star_transitions_leave_every_ongoing_state_but_not_the_endings(text):
    edges = [line.strip() for line in text.splitlines() if "--> gone:" in line]
    assert sorted(e.split(" ")[0] for e in edges) == ["exploring", "guarded", "opening_up", "withdrawn"]


def test_start_and_endings_are_marked(text):
    lines = [line.strip() for line in text.splitlines()]
    assert "[*] --> guarded" in lines
    assert "own_goal --> [*]: goal agreed" in lines
    assert "gone --> [*]: disengaged" in lines


def test_any_reply_label(tmp_path):
    source = WALKING.read_text().replace(
        'to: guarded, on: [reflection.simple, reflection.complex], when: "trust >= 2"}', "to: guarded}")
    path = tmp_path / "s.yaml"
    path.write_text(source)
    assert "withdrawn --> guarded: any reply\n" in mermaid(load_scenario(path))


def test_command_prints_it(capsys):
    with pytest.raises(SystemExit) as info:
        main(["diagram", str(WALKING)])
    assert info.value.code == 0
    assert capsys.readouterr().out == mermaid(load_scenario(WALKING))


def test_bundled_scenarios_draw():
    for loaded in bundled_scenarios():
        text = mermaid(loaded)
        assert f"[*] --> {loaded.scenario.start}" in text
        assert text.count("-->") >= len(loaded.scenario.transitions)
