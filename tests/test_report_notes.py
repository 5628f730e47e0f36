"""The session report carries what the trainee wrote: the care plan with its feedback per
field, the activation estimate, the reflection, and where a follow-up sits in its journey."""
from __future__ import annotations

from simulator.journey import begin_appointment, carry_over, person_turns, tailoring
from simulator.paths import SCENARIOS_DIR
from simulator.reflections import Reflection
from simulator.render.session import html_page, markdown
from simulator.rubric.plans import CarePlan, check_plan
from simulator.scenario import load_scenario
from simulator.store import Store

SMOKING = load_scenario(SCENARIOS_DIR / "smoking_ambivalent.yaml")


def test_a_follow_ups_report_shows_its_journey_plan_estimate_and_reflection(tmp_path):
    with Store(tmp_path) as store:
        first = begin_appointment(SMOKING, 1, None, seed=1, recorder=store)
        first_id = store.current
        first.submit("I think the best thing is to set a quit date for Monday and stop completely.")
        first.finish()
        second = begin_appointment(SMOKING, 2, carry_over(first), seed=1, recorder=store,
                                   journey=first_id)
        second_id = store.current
        second.submit("It's your decision what you do about smoking, not mine.")
        second.finish()
        plan = CarePlan(goal="Stop <completely>", follow_up="in two weeks")
        store.save_note(second_id, "plan", {"fields": plan.model_dump(), "checks": [
            c.to_dict() for c in check_plan(plan, person_turns(second), second.coder)]})
        store.save_note(second_id, "tailoring", tailoring(second, 3, "kept it short").to_dict())
        store.save_note(second_id, "reflection", Reflection(supervision="repairing a goal").model_dump())
        saved, turns = store.session(second_id), store.turns(second_id)
    text = markdown(saved, turns)
    assert "## Appointment 2" in text
    assert "- **Opened**: not\\_done\\_defensive" in text
    assert "your idea, not theirs" in text
    assert "## Care and support plan" in text
    assert "- **Their goal, in their words**: Stop \\<completely\\> (to work on: only 0% of these words" in text
    assert "- **Follow up**: in two weeks (ok: a time is set)" in text
    assert "## Activation level" in text and "You estimated level 3 \\(taking action\\)" in text
    assert "- **What I will take to supervision**: repairing a goal" in text
    page = html_page(saved, turns)
    assert "<h2>Care and support plan</h2>" in page and "Stop &lt;completely&gt;" in page
