"""The rewrites a trainee reads after each slip: grammatical, natural British English, on the
person's topic, and modelling good practice. The replies are our own slips, written for these
tests across the scenarios' topics."""
from __future__ import annotations

import pytest


def rewrites(coder, reply, said="I don't know what to do about it.", code=None):
    """The rewrites of a reply's evidence, in the order the panel reads them."""
    coding = coder.code(reply, previous_patient=said)
    return [ev.rewrite for ev in coding.evidence if ev.rewrite and (code is None or ev.code == code)]


# -- the first rewrite shown fixes the reply's worst slip ------------------------------------------
@pytest.mark.parametrize("reply", [
    "Have you tried nicotine patches?",
    "Would you consider a pain management course?",
    "Have you thought about respite care?",
])
def test_a_closed_question_that_advises_is_reworked_as_the_advice(coder, reply):
    shown = rewrites(coder, reply)
    advice = rewrites(coder, reply, code="advice.unsolicited")
    assert shown[0] == advice[0] and "Would it be OK if I told you about" in shown[0]
    assert "you've tried" not in shown[0] and "possible for you to consider" not in shown[0]
