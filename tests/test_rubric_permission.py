"""Permission asked and given: the person's yes in its everyday forms makes the advice after it
permitted. Sentences are our own."""
from __future__ import annotations

import pytest

from simulator.rubric import Conversation

ASK = "Would it be OK if I shared something that's helped other people?"
IDEA = "You could keep the tablets next to the kettle."


@pytest.mark.parametrize("answer", ["Go on then.", "Fire away.", "Yeah, go for it.", "I'm all ears.",
                                    "Please do.", "Aye, go on.", "I don't mind."])
def test_the_persons_yes_in_any_common_form_permits_the_advice(coder, answer):
    conv = Conversation(coder)
    conv.patient("I keep forgetting them in the mornings.")
    assert conv.coach(ASK).has("permission")
    conv.patient(answer)
    coding = conv.coach(IDEA)
    assert coding.has("advice.permitted") and not coding.has("advice.unsolicited"), coding.codes


@pytest.mark.parametrize("answer", ["No thanks.", "I'd rather not.", "Not really.", "Not now."])
def test_a_no_leaves_the_advice_unsolicited(coder, answer):
    conv = Conversation(coder)
    conv.patient("I keep forgetting them in the mornings.")
    conv.coach(ASK)
    conv.patient(answer)
    assert conv.coach(IDEA).has("advice.unsolicited")


def test_advice_without_asking_is_unsolicited(coder):
    conv = Conversation(coder)
    conv.patient("I keep forgetting them in the mornings.")
    assert conv.coach(IDEA).has("advice.unsolicited")
