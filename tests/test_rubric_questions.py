"""Question detection and open vs closed, by the AnnoMI codebook and MITI 4.2.1.

An open question allows a wide range of answers (the person's view, their own exploration); a
closed one implies a short answer: yes or no, a specific fact, a number. Sentences are our own.
"""
from __future__ import annotations

import pytest

PERSON = "I keep meaning to walk more but the evenings just disappear."


def _questions(coding) -> list[str]:
    return [e.code for e in coding.evidence if e.code.startswith("question.")]


def _last_question(coding) -> str | None:
    found = [e for e in coding.evidence if e.code.startswith("question.")]
    return max(found, key=lambda e: e.start).code if found else None


# -- one question, not two: a question word keeps its noun or adjective ------------------------
@pytest.mark.parametrize("reply", [
    "well how determined are you to get out walking again",
    "so what plans have you got for the evenings",
    "okay and what changes would you like to make to the week",
    "Right, how ready are you to give it a go-",
])
def test_a_question_word_and_its_word_stay_one_open_question(coder, reply):
    coding = coder.code(reply, previous_patient=PERSON)
    assert _questions(coding) == ["question.open"], coding.evidence


@pytest.mark.parametrize("reply, code, head", [
    ("you said the evenings disappear which walks do you still manage", "question.closed", "which"),
    ("we talked about the park what routes do you like best", "question.open", "what"),
])
def test_a_question_word_its_noun_and_an_inverted_verb_start_a_question_unpunctuated(
        coder, reply, code, head):
    coding = coder.code(reply, previous_patient=PERSON)
    asked = [e for e in coding.evidence if e.code.startswith("question.")]
    assert [(e.code, e.matched.split()[0]) for e in asked] == [(code, head)], coding.evidence


@pytest.mark.parametrize("reply", [
    "what's changed what do you do differently now",
    "when you had the time off you've walked more",
])
def test_a_contracted_question_word_or_a_clause_subject_does_not_join_the_next_question(coder, reply):
    coding = coder.code(reply, previous_patient=PERSON)
    if reply.startswith("what's"):
        assert _questions(coding) == ["question.open", "question.open"], coding.evidence
    else:
        assert not _questions(coding), coding.evidence


# -- a relative clause is not a new question ---------------------------------------------------
@pytest.mark.parametrize("reply", [
    "it helps to have friends who are walking too and it makes the evenings easier-",
    "there is a walking group which is free and it meets on tuesdays",
    "people who have tried it say the first week is the hardest",
])
def test_who_which_where_joining_a_clause_mid_run_do_not_ask(coder, reply):
    coding = coder.code(reply, previous_patient=PERSON)
    assert not _questions(coding), coding.evidence


@pytest.mark.parametrize("reply, code", [
    ("you talked about your sister so who would be there to walk with you", "question.open"),
    ("you've got the park nearby where are you with the idea of walking there", "question.open"),
])
def test_a_question_word_after_a_filler_or_inverted_still_asks(coder, reply, code):
    coding = coder.code(reply, previous_patient=PERSON)
    assert _last_question(coding) == code, coding.evidence


# -- an invitation to say more, worded yes/no, works as open -----------------------------------
@pytest.mark.parametrize("reply, code", [
    ("Can you elaborate on what makes the evenings go?", "question.open"),
    ("Could you share a bit about a typical evening?", "question.open"),
    ("Can you give me an example of an evening that went well?", "question.open"),
    ("Can you think of other times when walking fitted in?", "question.open"),
    ("Are there any other things that get in the way?", "question.open"),
    ("Is there any other part of the day that feels freer?", "question.open"),
    # a yes/no question about a fact stays closed
    ("Can you walk on Tuesdays?", "question.closed"),
    ("Is there a park near you?", "question.closed"),
    ("Are there any buses at that time?", "question.closed"),
])
def test_an_invitation_to_say_more_is_open(coder, reply, code):
    coding = coder.code(reply, previous_patient=PERSON)
    assert _questions(coding) == [code], coding.evidence


# -- the coach's curiosity, said as a statement, asks openly -----------------------------------
@pytest.mark.parametrize("reply, code", [
    ("The evenings go quickly, and I'm wondering where walking might fit?", "question.open"),
    ("I wanted to ask you how the weekends feel?", "question.open"),
    ("You've tried before and I'm wondering if you can tell me what helped then?", "question.open"),
    ("so you want more time and i'm wondering who could share the chores", "question.open"),
    # a yes/no wondering stays closed; a plain rising statement checks a fact
    ("I'm wondering whether you walked at all last week?", "question.closed"),
    ("You walked twice last week?", "question.closed"),
])
def test_curiosity_about_the_persons_view_is_an_open_question(coder, reply, code):
    coding = coder.code(reply, previous_patient=PERSON)
    assert _last_question(coding) == code, coding.evidence


# -- a question in quotation marks voices the person; it is not put to them --------------------
@pytest.mark.parametrize("reply, asks", [
    ('It\'s almost like, "How would I ever fit it in?"', False),
    ('Your partner keeps asking, "why are you always so tired?"', False),
    ('What would tell you, "this is the week to start?"', True),
    ("How would you fit it in?", True),
])
def test_a_quoted_question_is_the_persons_voice_not_a_question(coder, reply, asks):
    coding = coder.code(reply, previous_patient=PERSON)
    assert bool(_questions(coding)) is asks, coding.evidence


# -- a preface of curiosity lets the question after it decide ----------------------------------
@pytest.mark.parametrize("reply, code", [
    ("I'm curious, do you walk at the weekends?", "question.closed"),
    ("I'm curious, what gets in the way most evenings?", "question.open"),
    ("I'm curious about what gets in the way.", "question.open"),
])
def test_a_preface_of_curiosity_lets_the_question_after_it_decide(coder, reply, code):
    coding = coder.code(reply, previous_patient=PERSON)
    assert _questions(coding) == [code], coding.evidence


# -- speech-to-text: "can you tell me..." is one request, not a yes/no question and another -----
@pytest.mark.parametrize("reply", ["can you tell me a bit about your week",
                                   "could you tell me what a good day looks like"])
def test_an_unpunctuated_request_to_tell_is_one_open_question(coder, reply):
    assert _questions(coder.code(reply, previous_patient=PERSON)) == ["question.open"]


# -- asking for a name asks for one fact ------------------------------------------------------
@pytest.mark.parametrize("reply, code", [
    ("What's your partner's name?", "question.closed"),
    ("what was her name", "question.closed"),
    ("What is the name of the group you went to?", "question.closed"),
    # naming a feeling or a worry is the person's own view
    ("What name would you give to that feeling?", "question.open"),
    ("What would you name as the biggest worry?", "question.open"),
])
def test_asking_for_a_name_is_closed(coder, reply, code):
    assert _questions(coder.code(reply, previous_patient=PERSON)) == [code]


# -- a scaling question asks for a number: closed by design (AnnoMI codebook) ---------------------
@pytest.mark.parametrize("reply", [
    "On a scale of 0 to 10, how important is it to you to walk more?",
    "If ten is very ready and zero not at all, what number would you give yourself?",
    "So from 1 to 10, where 10 is completely sure, where would you put yourself? How confident are you?",
    "on a scale of one to ten how confident are you that you could walk twice a week",
])
def test_a_scaling_question_is_closed_by_design_and_not_reworked(coder, reply):
    coding = coder.code(reply, previous_patient=PERSON)
    assert coding.has("goal") and coding.has("question.closed"), coding.codes
    scale = [e for e in coding.evidence if e.code == "question.closed" and e.rule == "question.closed:scale"]
    assert scale and all(e.rewrite is None for e in scale)


@pytest.mark.parametrize("reply", [
    "What makes it a six and not a three?",                 # asks for reasons, not a number
    "How important is walking to you these days?",          # no scale: the person's view, open
    "You said a six. What would it take to get to a seven?",
])
def test_questions_about_a_rating_or_importance_without_a_scale_stay_open(coder, reply):
    assert coder.code(reply, previous_patient=PERSON).has("question.open")
