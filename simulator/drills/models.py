"""The drill language: typed, validated models of ``drills/*.yaml``.

A drill is a short timed exercise. Each item shows what the person said and/or a coach reply to
rewrite; the trainee's answer is coded by the real rubric and must carry the required codes and
none of the forbidden ones. A conversation item instead plays a scenario: the trainee has a few
replies to reach what is required (typically a goal).
"""
from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, model_validator

from simulator.codes import Code
from simulator.yamlfile import Positions

Name = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$", description="lower_snake_case name")]
Line = Annotated[str, Field(min_length=1, max_length=1000)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Item(_Strict):
    """One exercise: a prompt, what the answer must and must not do, a model answer, feedback."""

    id: Name
    patient: Line | None = Field(default=None, description="what the person just said (the context)")
    reply: Line | None = Field(default=None, description="a coach reply to rewrite")
    scenario: str | None = Field(
        default=None, description="a scenario id (scenarios/<id>.yaml) or a path relative to the "
        "drill: makes this a conversation item played against the persona")
    seed: int = Field(default=0, description="conversation items: makes the persona repeatable")
    replies: int = Field(default=5, ge=1, le=20,
                         description="conversation items: how many replies the trainee has")
    require: list[Code] = Field(default_factory=list, description="codes the answer must carry "
                                "(conversation items: in some reply; goal is also met by "
                                "reaching the scenario's goal state)")
    require_any: list[Code] = Field(default_factory=list,
                                    description="the answer must carry at least one of these")
    forbid: list[Code] = Field(default_factory=list,
                               description="codes the answer must not carry (in any reply)")
    model_answer: Line | list[Line] = Field(
        description="a good answer; conversation items: the list of replies")
    feedback: Line = Field(description="the teaching point, shown after the answer")

    @property
    def conversation(self) -> bool:
        """True when the item is played against a scenario."""
        return self.scenario is not None

    @property
    def model_replies(self) -> list[str]:
        """The model answer as a list of replies (one for a single-reply item)."""
        return [self.model_answer] if isinstance(self.model_answer, str) else list(self.model_answer)

    @model_validator(mode="after")
    def _shape(self) -> "Item":
        if not self.require and not self.require_any:
            raise ValueError("say what the answer must do: require, require_any or both")
        clash = (set(self.require) | set(self.require_any)) & set(self.forbid)
        if clash:
            raise ValueError(f"{', '.join(sorted(clash))} is both required and forbidden")
        if self.conversation:
            if self.patient is not None or self.reply is not None:
                raise ValueError("a conversation item takes its prompt from the scenario; "
                                 "drop patient and reply")
            if not isinstance(self.model_answer, list):
                raise ValueError("a conversation item's model_answer is a list of replies")
            if len(self.model_answer) > self.replies:
                raise ValueError(f"the model answer has {len(self.model_answer)} replies, "
                                 f"more than the {self.replies} allowed")
        else:
            if self.patient is None and self.reply is None:
                raise ValueError("give the prompt: what the person said (patient), a reply to "
                                 "rewrite (reply), or both; or a scenario")
            if not isinstance(self.model_answer, str):
                raise ValueError("model_answer is one reply (a list is for conversation items)")
        return self


class Scoring(_Strict):
    """How answers turn into a score out of 100."""

    pass_mark: int = Field(default=70, ge=0, le=100, description="score needed to pass")
    partial_credit: bool = Field(
        default=False, description="each required code present and each forbidden code avoided "
        "earns a share of the item; otherwise an item scores only when all hold")


class Drill(_Strict):
    """A whole drill file."""

    id: Name
    title: str = Field(min_length=1)
    skill: Literal["open_questions", "non_judgement", "reflection", "goal", "tailoring"] = Field(
        description="the skill practised")
    instructions: Line = Field(description="shown to the trainee before the first item")
    stages: list[Literal["foundation", "refresher", "masterclass"]] = Field(
        default_factory=lambda: ["foundation"], description="course stages it suits")
    rubric: str = Field(default="core", description="rubric name in rubrics/ that codes the answers")
    time_limit: int = Field(ge=30, le=3600, description="seconds for the whole drill")
    scoring: Scoring = Field(default_factory=Scoring)
    items: list[Item] = Field(min_length=1)

    _path: Path | None = PrivateAttr(default=None)
    _positions: Positions | None = PrivateAttr(default=None)

    @property
    def path(self) -> Path | None:
        """The file it was loaded from (``None`` when built in code)."""
        return self._path

    @property
    def positions(self) -> Positions | None:
        """Where each value sits in the file, for positioned problems."""
        return self._positions
