"""The personalised care and support plan a trainee writes at the end of an appointment, and
its check against the conversation it came from.

The check asks what a supervisor would: is the goal one the person said (its words taken
from their turns), is it small and specific, is the support something the person agreed to,
and is there a plan for what might get in the way and a time to follow up. Feedback is per
field, in plain words.
"""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Sequence

from pydantic import BaseModel, ConfigDict, Field

from simulator.rubric.coder import Coder
from simulator.yamlfile import load_model

#: Longest text per field: a plan is a short record, not an essay.
FIELD_LIMITS = {"matters": 300, "goal": 200, "first_step": 200, "obstacles": 300,
                "if_then": 300, "support": 300, "follow_up": 120}
#: Share of a goal's content words the person must have said for it to be in their words.
OWN_WORDS = 0.5


class CarePlan(BaseModel):
    """A personalised care and support plan, as the trainee writes it."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    matters: str = Field(default="", max_length=FIELD_LIMITS["matters"],
                         description="what matters to the person")
    goal: str = Field(default="", max_length=FIELD_LIMITS["goal"], description="their goal, in their words")
    first_step: str = Field(default="", max_length=FIELD_LIMITS["first_step"], description="the first step")
    obstacles: str = Field(default="", max_length=FIELD_LIMITS["obstacles"],
                           description="what might get in the way")
    if_then: str = Field(default="", max_length=FIELD_LIMITS["if_then"],
                         description="what they will do if it does")
    support: str = Field(default="", max_length=FIELD_LIMITS["support"], description="support: "
                         "social prescribing, a peer group, self-management education, a service")
    follow_up: str = Field(default="", max_length=FIELD_LIMITS["follow_up"], description="when to follow up")


def load_plan(path: str | Path) -> CarePlan:
    """A plan written as YAML (one key per field); a field over its length, an unknown key or
    a file that is not YAML raises :class:`InputError` naming the line and column."""
    return load_model(path, CarePlan)[0]


#: Field names in the order a plan is written and shown, with their labels.
PLAN_FIELDS = {
    "matters": "What matters to them",
    "goal": "Their goal, in their words",
    "first_step": "First step",
    "obstacles": "What might get in the way",
    "if_then": "What they will do then",
    "support": "Support",
    "follow_up": "Follow up",
}

#: Named services and the words a plan or a person uses for them (matched as whole words).
SUPPORT_KINDS = {
    "social prescribing": r"social prescrib\w*|link worker|community (?:group|garden|activit\w*)|walking group|"
                          r"green gym|befriend\w*|lunch club|men'?s shed",
    "peer group": r"peer\w*|support group|group of (?:people|others)|others (?:like|in the same)|"
                  r"people (?:like|who)|breathe easy|meet(?:ing)? others",
    "self-management education": r"course|education|programme|program|desmond|class(?:es)?|workshop|"
                                 r"self[- ]management",
    "a service": r"stop smoking (?:service|lot|clinic|support|team|adviser)|pharmac\w*|chemist|"
                 r"clinic|physio\w*|talking therap\w*|counsell\w*|carers? (?:centre|service|support)",
}
_SUPPORT = {kind: re.compile(rf"\b(?:{pattern})\b", re.I) for kind, pattern in SUPPORT_KINDS.items()}

#: A goal too big for a first step: stopping outright, absolutes, big amounts.
_BIG = re.compile(
    r"\b(?:stop(?:ping)?|quit(?:ting)?|give up|giving up|cut(?:ting)? out|never (?:again|smoke|drink|eat|touch)|"
    r"always|complete(?:ly)?|"
    r"for good|altogether|every (?:single )?(?:day|night|meal)(?! (?:next|this) week)|lose (?:a |\d+ |two |three )?"
    r"(?:stone|kilos?|pounds|weight)|all the time|totally|entirely)\b", re.I)
#: Names of services that contain a "big" word but are a small step to contact.
_SERVICE_NAMES = re.compile(r"\bstop smoking (?:service|lot|clinic|support|team|adviser|people)\b", re.I)
#: When it will happen: a day, a time, a part of the day, or "after"/"before" something.
_WHEN = re.compile(
    r"\b(?:mon|tues|wednes|thurs|fri|satur|sun)days?\b|\b(?:today|tonight|tomorrow|weekend|"
    r"mornings?|afternoons?|evenings?|nights?|dinner ?time|lunch ?time|tea ?time|breakfast|lunch)\b|"
    r"\b(?:this|next) (?:week|month)\b|\b(?:after|before|when) (?:my|the|i|work|tea|dinner|lunch|school)\b|"
    r"\bat \d|\b\d{1,2}(?::\d\d)? ?(?:am|pm|o'clock)\b|\b(?:once|twice|\w+ times) (?:a|this|next) week\b|"
    r"\b(?:one|two|three|four|five|\d) (?:days?|mornings?|evenings?|afternoons?) a week\b",
    re.I)
#: A follow-up time: a date, a number of days or weeks, a day.
_FOLLOW_UP = re.compile(r"\d|\b(?:week|weeks|fortnight|month|days?|tomorrow|(?:mon|tues|wednes|"
                        r"thurs|fri|satur|sun)day)\b", re.I)
#: An if-then plan names the situation and what they will do.
_IF_THEN = re.compile(r"\b(?:if|when|whenever)\b.*\b(?:i'll|i will|then|she'll|he'll|they'll|will)\b",
                      re.I | re.S)


@dataclass(frozen=True)
class GoalShape:
    """Whether a goal is a small, specific first step, and why not when it is not."""

    small: bool
    specific: bool
    why: str

    @property
    def ok(self) -> bool:
        return self.small and self.specific


def goal_shape(text: str) -> GoalShape:
    """How small and specific a goal or step is: small (nothing outright, absolute or big)
    and specific (it says when)."""
    plain = _SERVICE_NAMES.sub("service", text)
    big = _BIG.search(plain)
    specific = bool(_WHEN.search(plain))
    reasons = []
    if big:
        reasons.append(f"'{big.group(0)}' makes it big; a first step is something they could do "
                       "this week")
    if not specific:
        reasons.append("it does not say when; a specific step names a day or a time")
    return GoalShape(big is None, specific, "; ".join(reasons) or "small and specific")


def own_share(text: str, person_turns: Sequence[str], coder: Coder) -> float:
    """The share of ``text``'s content words that the person said in ``person_turns``."""
    words = coder.patient_words(text)
    if not words:
        return 0.0
    said: set[str] = set()
    for turn in person_turns:
        said |= coder.patient_words(turn)
    return len(words & said) / len(words)


def support_kinds(text: str) -> list[str]:
    """The kinds of support ``text`` names (social prescribing, a peer group, ...)."""
    return [kind for kind, pattern in _SUPPORT.items() if pattern.search(text)]


@dataclass(frozen=True)
class FieldCheck:
    """Feedback on one field of the plan."""

    field: str
    ok: bool
    note: str

    @property
    def label(self) -> str:
        return PLAN_FIELDS[self.field]

    def to_dict(self) -> dict:
        return asdict(self)


def check_plan(plan: CarePlan, person_turns: Sequence[str], coder: Coder) -> list[FieldCheck]:
    """Feedback per field of ``plan`` against what the person said (``person_turns``)."""
    checks = []
    heard = " ".join(person_turns)

    def add(field: str, ok: bool, note: str) -> None:
        checks.append(FieldCheck(field, ok, note))

    if not plan.matters:
        add("matters", False, "write what matters to them: it is what the goal serves")
    else:
        share = own_share(plan.matters, person_turns, coder)
        add("matters", share >= OWN_WORDS, "in their words" if share >= OWN_WORDS else
            "little of this came from them; write what they said matters")
    if not plan.goal:
        add("goal", False, "no goal yet; if none was agreed, say so and plan to return to it")
    else:
        share = own_share(plan.goal, person_turns, coder)
        shape = goal_shape(plan.goal)
        if share < OWN_WORDS:
            add("goal", False, f"only {share:.0%} of these words are theirs: a goal in your words "
                "is your idea; use what they said")
        else:
            add("goal", shape.ok, "their goal, in their words" + ("" if shape.ok else f"; but {shape.why}"))
    if not plan.first_step:
        add("first_step", False, "write the first step: what, and when")
    else:
        shape = goal_shape(plan.first_step)
        add("first_step", shape.ok, shape.why)
    add("obstacles", bool(plan.obstacles), "named" if plan.obstacles else
        "what might get in the way? People at low activation expect setbacks; plan for one")
    if_then = bool(_IF_THEN.search(plan.if_then))
    add("if_then", if_then, "an if-then plan" if if_then else
        "say what they will do when it happens: 'if ..., I will ...'")
    kinds = support_kinds(plan.support)
    if not plan.support:
        add("support", True, "none offered: fine if they did not want any")
    else:
        offered = ", ".join(kinds) or "support"
        # A named kind of support must be one they talked about; other support, in their words.
        agreed = (set(support_kinds(heard)) >= set(kinds) if kinds
                  else own_share(plan.support, person_turns, coder) >= OWN_WORDS)
        add("support", agreed, f"{offered}: they talked about it" if agreed else
            f"{offered}: they never said they wanted this; ask before it goes in their plan")
    follow = bool(_FOLLOW_UP.search(plan.follow_up))
    add("follow_up", follow, "a time is set" if follow else "say when you will follow up (a day, "
        "or in how many weeks)")
    return checks
