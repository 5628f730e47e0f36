"""A request to talk worded as a yes/no question works as an open question (AnnoMI codebook),
also when the speaker restarts its first two words. Sentences are our own."""
from __future__ import annotations

import pytest


@pytest.mark.parametrize("reply", [
    "Can you talk to me about the evenings?",
    "Could you talk a bit about what happened at work?",
    "Um, can you talk a little about what a good day looks like?",
    "Can you- can you tell me a bit about the weekends?",
    "Could you walk me through a typical morning?",
])
def test_a_request_to_talk_is_an_open_question(coder, reply):
    coding = coder.code(reply)
    assert coding.has("question.open") and not coding.has("question.closed"), coding.codes


@pytest.mark.parametrize("reply", [
    "Can you talk to your sister tonight?",
    "Can you- can you get there by bus?",
    "Could you talk to the pharmacist before Friday?",
])
def test_a_yes_no_question_about_doing_something_stays_closed(coder, reply):
    coding = coder.code(reply)
    assert coding.has("question.closed") and not coding.has("question.open"), coding.codes
