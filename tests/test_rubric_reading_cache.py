"""The coder keeps what a reply's words alone decide, per text, and decides the rest in context
each time (or keeps the whole coding when it never read what the person said): a reply coded
again, after another person's turn, codes as it would the first time."""
from __future__ import annotations

from dataclasses import fields

from simulator.rubric import Coder, Context
from simulator.rubric import coder as coder_module

TIRED = "I'm so tired all the time, I never get a proper night's sleep"
VAN = "The van broke down again on Monday and I missed the delivery"
REPLIES = [
    "so you are tired, why not try the patches",      # reflects after TIRED only
    "you could try going to bed earlier",              # advice: permitted only when agreed
    "You know that's bad for you?",                    # a question that confronts
    "you feel tired all the time",
    "Okay.",
]


def test_a_reply_coded_again_in_another_context_codes_as_a_fresh_coder_would(rubric):
    kept = Coder(rubric)
    for patient, permission in [(TIRED, False), (VAN, True), ("", False), (TIRED, True), (VAN, False)]:
        for reply in REPLIES:
            again = kept.code(reply, previous_patient=patient, permission_granted=permission)
            fresh = Coder(rubric).code(reply, previous_patient=patient, permission_granted=permission)
            assert again == fresh, (reply, patient, permission)


def test_a_reflection_decided_after_one_turn_does_not_stay_for_the_next(rubric):
    kept = Coder(rubric)
    reply = "so you are tired, why not try the patches"
    assert kept.code(reply, previous_patient=TIRED).has("reflection.simple")
    assert not kept.code(reply, previous_patient=VAN).has("reflection.simple")


def test_the_replies_kept_stay_bounded_however_many_distinct_ones_are_coded(rubric, monkeypatch):
    monkeypatch.setattr(coder_module, "_KEPT_READINGS", 8)
    kept = Coder(rubric)
    for n in range(50):
        kept.code(f"you have walked {n} miles this week", previous_patient=TIRED)
        kept.read_patient(f"I walked {n} miles")
    assert len(kept._readings) == 8 and len(kept._patient_readings) == 8
    # The most recent are the ones kept.
    assert "you have walked 49 miles this week" in kept._readings
    assert "I walked 49 miles" in kept._patient_readings


def test_a_coding_kept_for_its_flags_is_not_given_for_other_flags(rubric):
    kept = Coder(rubric)
    reply = "you could try going to bed earlier"
    assert kept.code(reply, previous_patient=VAN).has("advice.unsolicited")
    assert kept.code(reply, previous_patient=VAN, permission_granted=True).has("advice.permitted")
    assert kept.code(reply, previous_patient=VAN).has("advice.unsolicited")


def test_every_context_field_but_the_persons_words_keys_a_kept_coding():
    # A field added to the context later must key the coding too, or a coding kept for one
    # value would be given for another.
    heard = {"previous_patient", "patient_words", "said", "closed_ok", "heard_person"}
    others = [f.name for f in fields(Context) if f.name not in heard]
    assert len(Context().flags()) == len(others)
    context = Context("I'm tired")
    assert not context.heard_person
    context.flags()
    assert not context.heard_person  # the flags do not read what the person said
    context.heard()
    assert context.heard_person
