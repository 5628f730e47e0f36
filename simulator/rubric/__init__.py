"""The rubric engine: load a rubric, code replies with evidence, and score a session.

The core of the app: it never imports Textual. Typical use::

    rubric = load_rubric("core")
    coder = Coder(rubric)
    conv = Conversation(coder)
    conv.patient("I've tried to stop before, it never lasts")
    coding = conv.coach("It never lasts, and yet you keep coming back to it.")
"""
from simulator.rubric.coder import Coder
from simulator.rubric.coding import Coding, Context, Evidence
from simulator.rubric.conversation import Conversation
from simulator.rubric.load import load_rubric, validate_rubric
from simulator.rubric.models import Rubric
from simulator.rubric.scoring import NextStep, Scorer, SessionScore, score_session
from simulator.rubric.text import MAX_CHARS

__all__ = [
    "MAX_CHARS", "Coder", "Coding", "Context", "Conversation", "Evidence", "NextStep", "Rubric", "Scorer",
    "SessionScore", "load_rubric", "score_session", "validate_rubric",
]
