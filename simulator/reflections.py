"""The trainee's reflection after a session, kept with it for supervision and the portfolio."""
from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

#: Longest text per answer: a few sentences, as a supervision log holds.
REFLECTION_LIMIT = 1000
#: The three questions, in order, as the app and the portfolio ask and show them.
QUESTIONS = {
    "went_well": "What went well",
    "differently": "What I would do differently",
    "supervision": "What I will take to supervision",
}


class Reflection(BaseModel):
    """A short reflection in three answers; empty answers are allowed, all three are not."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    went_well: str = Field(default="", max_length=REFLECTION_LIMIT)
    differently: str = Field(default="", max_length=REFLECTION_LIMIT)
    supervision: str = Field(default="", max_length=REFLECTION_LIMIT)

    @property
    def empty(self) -> bool:
        return not (self.went_well or self.differently or self.supervision)

    def one_line(self) -> str:
        """The answers on one line (the practice log's cell)."""
        return " | ".join(f"{QUESTIONS[k]}: {v}" for k, v in self.model_dump().items() if v)
