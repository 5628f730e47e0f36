"""A person over several appointments: what one appointment leaves for the next.

At the end of an appointment :func:`carry_over` keeps a small record: the goal in the
person's own words (or the coach's idea, when that is what they left with), who chose it, how
small and specific it was, and trust, importance and confidence at the end. The next
appointment opens from that record (:func:`begin_appointment`): the scenario's follow-up
picks its opening by conditions on it, and the persona starts where the person left off.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING

from simulator.rubric.plans import OWN_WORDS, CarePlan, goal_shape, own_share
from simulator.rubric.tailoring import Reply, TailoringFeedback, tailoring_feedback
from simulator.scenario.appointments import choose_opening, follow_up
from simulator.session import Session

if TYPE_CHECKING:
    from simulator.scenario import LoadedScenario
    from simulator.session import SessionInfo

#: Codes of a reply that puts the coach's own idea for what to do on the table.
_COACH_IDEAS = ("advice.unsolicited", "advice.permitted")


@dataclass(frozen=True)
class Carryover:
    """What one appointment leaves for the next (stored with the appointment, JSON-ready)."""

    appointment: int
    opened: str | None          # the opening this appointment took (None for the first)
    goal: str                   # the goal as it was left, "" for none
    goal_by: str                # "person" | "coach" | "none"
    small: bool                 # small and specific
    trust: float
    importance: float
    confidence: float
    judged: int                 # replies coded judgement
    ended: str | None

    def env(self) -> dict[str, float]:
        """The names a follow-up's opening conditions test (``CARRIED`` in the scenario models)."""
        has_goal = self.goal_by != "none"
        return {
            "goal_set": float(has_goal),
            "goal_own": float(self.goal_by == "person"),
            "goal_coach": float(self.goal_by == "coach"),
            "goal_small": float(has_goal and self.small),
            "importance": self.importance,
            "confidence": self.confidence,
            "trust": self.trust,
            "judged": float(self.judged),
        }

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> "Carryover":
        return cls(**{k: data[k] for k in cls.__dataclass_fields__})

    def summary(self) -> str:
        """One line for a briefing: the goal, whose it was, and where they ended."""
        if self.goal_by == "none":
            goal = "No goal was agreed."
        else:
            whose = "their own" if self.goal_by == "person" else "your idea, not theirs"
            size = "small and specific" if self.small else "not small and specific"
            goal = f"Goal ({whose}, {size}): \"{self.goal}\""
        return (f"{goal} At the end: trust {self.trust:g}, importance {self.importance:g}, "
                f"confidence {self.confidence:g}.")


def carry_over(session: Session, plan: CarePlan | None = None) -> Carryover:
    """The record ``session`` leaves for the next appointment.

    The goal is the person's when they agreed one (their last words), or when the plan's goal
    is in their words and the coach offered no step of their own; the coach's when the person
    left with advice instead, or the plan puts the coach's words in their mouth.
    """
    person = person_turns(session)
    goal, goal_by = "", "none"
    if session.ended == "goal_agreed":
        goal, goal_by = session.last_patient.line, "person"
    else:
        for result in reversed(session.turns):
            if any(result.coding.has(code) for code in _COACH_IDEAS):
                goal, goal_by = result.coach, "coach"
                break
    if plan is not None and plan.goal:
        own = own_share(plan.goal, person, session.coder) >= OWN_WORDS
        goal = plan.goal
        # Their words make it theirs, unless the coach put a step of their own on the table.
        goal_by = "person" if own and goal_by != "coach" else "coach"
    persona = session.persona
    return Carryover(
        appointment=session.info.appointment,
        opened=session.info.opened,
        goal=goal,
        goal_by=goal_by,
        small=bool(goal) and goal_shape(goal).ok,
        trust=persona.variables["trust"],
        importance=persona.variables["importance"],
        confidence=persona.variables["confidence"],
        judged=persona.counters["judged"],
        ended=session.ended,
    )


def tailoring(session: Session, estimate: int, tailored: str = "",
              plan: CarePlan | None = None) -> TailoringFeedback:
    """The trainee's activation estimate and what they tailored, against the scenario's level
    and what the appointment did (the rubric's measures for that level)."""
    record = carry_over(session, plan)
    replies = [Reply(r.coach, r.coding.codes) for r in session.turns]
    return tailoring_feedback(session.rubric, session.loaded.scenario.persona.activation, estimate,
                              tailored, replies, record.goal, record.goal_by, record.small)


def person_turns(session: Session) -> list[str]:
    """Everything the person said in ``session``, the opening first."""
    return [session.opening.line, *(r.patient.line for r in session.turns)]


def appointment_scenario(loaded: "LoadedScenario", number: int,
                         previous: Carryover | None) -> tuple["LoadedScenario", str | None]:
    """The scenario appointment ``number`` plays after ``previous``, and its opening's id
    (``None`` for the first appointment)."""
    if number == 1:
        return loaded, None
    if previous is None:
        raise ValueError(f"appointment {number} needs the record of appointment {number - 1}")
    opening = choose_opening(loaded, number, previous.env(), previous.opened)
    carried = {"trust": previous.trust, "importance": previous.importance,
               "confidence": previous.confidence}
    return follow_up(loaded, number, opening, carried), opening.id


def begin_appointment(loaded: "LoadedScenario", number: int, previous: Carryover | None,
                      **session_options) -> Session:
    """A session for appointment ``number`` of ``loaded``'s journey, opening from ``previous``.

    ``session_options`` go to :class:`Session` (rubric, coder, seed, trainee, recorder ...).
    """
    scenario, opened = appointment_scenario(loaded, number, previous)
    return Session(scenario, appointment=number, opened=opened,
                   carried_in=previous.to_dict() if previous else None, **session_options)


def restore_scenario(loaded: "LoadedScenario", info: "SessionInfo") -> "LoadedScenario":
    """The scenario a saved appointment was played with (to resume or replay it)."""
    if info.appointment == 1 or info.carried_in is None:
        return loaded
    previous = Carryover.from_dict(info.carried_in)
    return appointment_scenario(loaded, info.appointment, previous)[0]
