"""The scenario language: typed, validated models of ``scenarios/*.yaml``.

A scenario is a patient persona whose behaviour is a state machine. Trainers write these
files, so the models forbid unknown keys (typos are caught) and carry descriptions that the
generated JSON Schema shows in editors.
"""
from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from simulator.codes import Code
from simulator.replies import AnswerKind

Name = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$", description="lower_snake_case name")]
Line = Annotated[str, Field(min_length=1, max_length=2000)]
Effects = dict[Code, dict[Name, float]]

#: Counters every persona keeps; conditions may use them beside the scenario's variables.
BUILTIN_COUNTERS: dict[str, str] = {
    "turn": "coach replies so far",
    "closed_streak": "closed questions in a row (any other reply starts the count again)",
    "judged": "replies coded judgement so far",
    "advised": "replies coded unsolicited advice so far",
    "explored": "replies so far that explored the person's view (open questions, reflections, summaries)",
    "reflected": "reflections and summaries so far that took up the person's own words",
    "reflected_matters": "of those, the ones that took up what matters to the person (persona.matters)",
    "formulas": "replies so far that repeated an earlier one without taking up anything new",
    "pushed_back": "times the person has answered unsolicited advice with a 'yes, but'",
}


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Variable(_Strict):
    """A number the persona tracks, kept within ``[min, max]``."""

    min: float = 0
    max: float = 10
    start: float = Field(description="value at the start of the conversation")
    description: str = ""

    @model_validator(mode="after")
    def _in_range(self) -> "Variable":
        if self.min >= self.max:
            raise ValueError(f"min ({self.min:g}) must be below max ({self.max:g})")
        if not self.min <= self.start <= self.max:
            raise ValueError(f"start ({self.start:g}) must lie between min and max")
        return self


class HiddenConcern(_Strict):
    """Something the person keeps back until trust is earned."""

    id: Name
    when: str = Field(description="condition under which the person will say it, e.g. 'trust >= 6'")
    lines: list[Line] = Field(min_length=1, description="how the person finally says it")
    effects: dict[Name, float] = Field(default_factory=dict, description="variable changes when disclosed")


class Topic(_Strict):
    """Answers to something the trainee may raise, matched fuzzily in the reply's words."""

    id: Name
    match: list[Annotated[str, Field(min_length=2)]] = Field(
        min_length=1, description="words or phrases that raise the topic (typos tolerated)")
    lines: list[Line] = Field(min_length=1)
    when: str | None = Field(default=None, description="only answered when this condition holds")
    effects: dict[Name, float] = Field(default_factory=dict,
                                       description="variable changes when the topic is raised")


Reaction = Literal["judged", "lectured", "closed_questions", "affirmed", "goal_asked", "permission_asked"]


class State(_Strict):
    """A stage of the conversation, as the person experiences it."""

    description: str = Field(description="the person's state in plain words, shown to the trainee")
    lines: list[Line] = Field(min_length=2, description="what the person says in this state")
    reactions: dict[Reaction, list[Line]] = Field(
        default_factory=dict,
        description="lines for how the last reply landed: judged, lectured (advice without "
        "permission), closed_questions (three or more in a row), affirmed, goal_asked, "
        "permission_asked")
    topics: list[Topic] = Field(default_factory=list)
    answers: dict[AnswerKind, list[Line]] = Field(
        default_factory=dict,
        description="answers to what a reply asked, in this state; they replace the scenario's "
        "answers of the same kind. Lines for scale_importance and scale_confidence may hold "
        "{number}, the person's rating from the variable")
    effects: Effects = Field(default_factory=dict, description="overrides of the scenario's effects here")


class Transition(_Strict):
    """Move between states when the reply carries one of ``on`` and ``when`` holds."""

    source: Name | Literal["*"] | list[Name] = Field(alias="from")
    to: Name
    on: list[Code] = Field(default_factory=list,
                           description="codes that trigger it; empty means any reply")
    when: str | None = Field(default=None, description="guard condition, e.g. 'trust >= 3 and importance > 5'")

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    @property
    def sources(self) -> list[str]:
        return self.source if isinstance(self.source, list) else [self.source]


class Need(_Strict):
    """What this person needs from the coach before they open up (their story heard, no
    lecture): until ``when`` holds, no transition enters the ``before`` states."""

    id: Name
    description: str = Field(min_length=1, description="the need in plain words, for trainers")
    when: str = Field(description="condition that says the need is met, e.g. 'heard >= 2 and advised <= 1'")
    before: list[Name] = Field(min_length=1, description="states the person will not enter until it is met")


class Endings(_Strict):
    """How the conversation can end."""

    goal_agreed: list[Name] = Field(min_length=1, description="states in which a goal of the person's own is agreed")
    disengaged: list[Name] = Field(min_length=1, description="states in which the person disengages")
    turn_limit: int = Field(default=20, ge=2, le=200, description="coach replies before the session closes")


#: The four Patient Activation Measure levels in plain words (Hibbard and Cunningham 2008,
#: paraphrased; the PAM questions themselves are licensed and never reproduced).
ACTIVATION_LEVELS = {1: "disengaged", 2: "becoming aware", 3: "taking action", 4: "maintaining"}


class PersonaSpec(_Strict):
    name: str = Field(min_length=1)
    age: int = Field(ge=16, le=110)
    background: str = Field(min_length=1)
    activation: int = Field(ge=1, le=4, description="Patient Activation Measure level, 1-4")
    voice: str = Field(default="", description="how they speak, for scenario authors")
    matters: list[str] = Field(min_length=1, description="what matters to them")
    people: dict[Annotated[str, Field(min_length=1)], list[Annotated[str, Field(min_length=1)]]] = Field(
        default_factory=dict,
        description="the people in their life, by name, each with what a coach may call them "
        "(partner, wife, daughter, brother): a question about what 'your wife' thinks is answered "
        "with an others_view line that names her")
    hidden_concerns: list[HiddenConcern] = Field(default_factory=list)


class Step(_Strict):
    """One trainee move in a walkthrough: words (coded by the rubric) or codes given directly."""

    say: str | None = None
    codes: list[Code] | None = None

    @model_validator(mode="after")
    def _one(self) -> "Step":
        if (self.say is None) == (self.codes is None):
            raise ValueError("give either 'say' (the trainee's words) or 'codes', not both")
        return self


class Expect(_Strict):
    state: Name | None = None
    ended: Literal["goal_agreed", "disengaged", "turn_limit"] | None = Field(
        default=None, description="how it must end; omit when it must not have ended")
    variables: dict[Name, tuple[float, float]] = Field(
        default_factory=dict, description="inclusive [low, high] for each variable named")
    said: list[str] = Field(default_factory=list, description="hidden concern or topic ids the person must have said")
    not_said: list[str] = Field(default_factory=list)


class Walkthrough(_Strict):
    """A scripted conversation with the outcome the persona must reach."""

    name: str = Field(min_length=1)
    seed: int = 0
    steps: list[Step] = Field(min_length=1)
    expect: Expect


#: What one appointment leaves for the next, as names a follow-up's opening conditions may use.
CARRIED: dict[str, str] = {
    "goal_set": "1 when the last appointment ended with a goal (the person's or the coach's idea)",
    "goal_own": "1 when that goal was the person's own, in their words",
    "goal_coach": "1 when that goal was the coach's idea",
    "goal_small": "1 when that goal was small and specific (a first step with a when)",
    "importance": "importance at the end of the last appointment",
    "confidence": "confidence at the end of the last appointment",
    "trust": "trust at the end of the last appointment",
    "judged": "replies coded judgement in the last appointment",
}


class Opening(_Strict):
    """One way a follow-up appointment can open, chosen from what happened before.

    The first opening whose ``after`` and ``when`` both hold is taken; the last one should
    hold always, so every history has a way in.
    """

    id: Name = Field(description="names this outcome; a later appointment's 'after' may name it")
    description: str = Field(min_length=1, description="what happened since, in plain words, "
                             "for trainers and the play command (e.g. 'a small goal of his own, "
                             "partly done'); the trainee hears it from the person")
    when: str | None = Field(default=None, description="condition on what carried over, e.g. "
                             "'goal_own >= 1 and goal_small >= 1'; names: " + ", ".join(CARRIED))
    after: list[Name] = Field(default_factory=list, description="the previous appointment opened "
                              "with one of these openings (ids); empty means any")
    start: Name = Field(description="the state the appointment starts in")
    lines: list[Line] = Field(min_length=1, description="how the person opens this appointment")
    changes: dict[Name, float] = Field(
        default_factory=dict, description="added to the starting values: trust, importance and "
        "confidence start where the last appointment left them, other variables at their start")


class Appointment(_Strict):
    """A follow-up appointment: its own openings, states and lines; the person and the
    variables are the scenario's."""

    title: str = Field(min_length=1, description="e.g. 'Two weeks later'")
    briefing: str = Field(min_length=1, description="shown before it, above what carried over")
    openings: list[Opening] = Field(min_length=1)
    hidden_concerns: list[HiddenConcern] = Field(
        default_factory=list, description="what the person keeps back in this appointment")
    effects: Effects = Field(default_factory=dict, description="overrides of the scenario's effects")
    reactions: dict[Reaction, list[Line]] = Field(
        default_factory=dict, description="overrides of the scenario's fallback reaction lines")
    answers: dict[AnswerKind, list[Line]] = Field(
        default_factory=dict, description="overrides of the scenario's answers for this appointment "
        "(what has happened since last time is not the first appointment's story)")
    states: dict[Name, State]
    transitions: list[Transition] = Field(min_length=1)
    endings: Endings


class JourneyExpect(Expect):
    """What an appointment of a journey walkthrough must reach, and how it must have opened."""

    opened: Name | None = Field(default=None, description="the opening id it must open with "
                                "(not for the first appointment)")
    goal_by: Literal["person", "coach", "none"] | None = Field(
        default=None, description="who chose the goal this appointment leaves behind")
    goal_small: bool | None = Field(default=None, description="whether that goal is small and specific")


class Visit(_Strict):
    """One appointment of a journey walkthrough."""

    steps: list[Step] = Field(min_length=1)
    expect: JourneyExpect


class JourneyWalkthrough(_Strict):
    """A scripted journey through every appointment, with what each must reach."""

    name: str = Field(min_length=1)
    seed: int = 0
    visits: list[Visit] = Field(min_length=2, description="the first appointment, then each follow-up")


class Scenario(_Strict):
    """A whole practice scenario."""

    id: Name
    title: str = Field(min_length=1)
    briefing: str = Field(min_length=1, description="shown to the trainee before they start")
    objectives: list[str] = Field(min_length=1)
    setting: str = Field(min_length=1)
    difficulty: int = Field(ge=1, le=5, description="1 (gentle) to 5 (hard)")
    stages: list[Literal["foundation", "refresher", "masterclass"]] = Field(
        default_factory=lambda: ["foundation"], description="course stages it suits")
    persona: PersonaSpec
    opening: list[Line] = Field(min_length=1, description="how the person opens the conversation")
    variables: dict[Name, Variable]
    effects: Effects = Field(default_factory=dict, description="how each code moves the variables")
    reactions: dict[Reaction, list[Line]] = Field(
        default_factory=dict, description="fallback reaction lines for states that have none of their own")
    answers: dict[AnswerKind, list[Line]] = Field(
        default_factory=dict, description="answers to what a reply asked, for every state without "
        "its own of that kind (see docs/scenario-language.md, 'Answers')")
    needs: list[Need] = Field(default_factory=list,
                              description="what the person needs before opening up, enforced on transitions")
    start: Name
    states: dict[Name, State]
    transitions: list[Transition] = Field(min_length=1)
    endings: Endings
    walkthroughs: list[Walkthrough] = Field(default_factory=list)
    appointments: list[Appointment] = Field(
        default_factory=list, description="follow-up appointments after this first one (a journey)")
    journey_walkthroughs: list[JourneyWalkthrough] = Field(
        default_factory=list, description="scripted journeys across every appointment")

    @field_validator("variables")
    @classmethod
    def _core_variables(cls, value: dict[str, Variable]) -> dict[str, Variable]:
        missing = {"trust", "importance", "confidence"} - value.keys()
        if missing:
            raise ValueError(f"variables must include {', '.join(sorted(missing))}")
        clash = set(value) & set(BUILTIN_COUNTERS)
        if clash:
            raise ValueError(f"{', '.join(sorted(clash))} is a built-in counter; choose another name")
        return value
