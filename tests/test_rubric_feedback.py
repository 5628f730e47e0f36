"""Miscodings reported from play-testing, as general rules: each with our own positive and
negative sentences, so the rule (not one sentence) is what is tested."""
from __future__ import annotations

import pytest

from simulator.rubric import Coder, Coding, Conversation

PATIENT = "I keep meaning to sort it out, but the evenings are the worst, I just sit there on my own."


def code(coder: Coder, text: str, patient: str = PATIENT, **kw) -> Coding:
    return coder.code(text, previous_patient=patient, **kw)


REFLECTIONS = ("reflection.simple", "reflection.complex")


def reflects(coding: Coding) -> bool:
    return any(coding.has(c) for c in REFLECTIONS)


# -- 1. false judgement -------------------------------------------------------------------------
@pytest.mark.parametrize("text", [
    "Would it be all right if I told you what the weight management group offers?",
    "Would it help if I told you about the carers' centre?",
    "How many times a week do you manage a walk?",
    "Lots of people living with obesity find the group useful.",
    "What do you know about how alcohol affects sleep?",
    "Why would you want to make this change now?",
    "How could you get more support at home?",
])
def test_no_judgement_in_ordinary_questions_and_person_first_words(coder, text):
    assert not code(coder, text).has("judgement"), text


@pytest.mark.parametrize("text", [
    "I told you so.", "How many times have I said this?", "He's an obese person.",
    "We see a lot of the obese in this clinic.",
])
def test_the_real_blame_and_labels_still_count(coder, text):
    assert code(coder, text).has("judgement"), text


def test_a_label_the_person_used_of_themselves_is_said_back_not_pinned_on(coder):
    patient = "I'm stubborn, always have been. Once I decide something that's it."
    said_back = code(coder, "That stubborn streak got you through giving up the drink.", patient=patient)
    assert not said_back.has("judgement") and said_back.has("affirmation")
    assert code(coder, "You're being stubborn about this.").has("judgement")


# -- 2. missed judgement ------------------------------------------------------------------------
@pytest.mark.parametrize("text", [
    "You know drinking every night is bad for you.",
    "Come on, you know that's way over the safe limit?",
    "Right, Ann, you know the sugar is killing you, so why are you still buying it?",
    "Why do you keep skipping the tablets?",
    "It does look like drug-seeking to me.", "He's a bit of a drug seeker.",
    "You're being a time-waster.", "You're wasting appointments that other people need.",
    "You're just making excuses.", "You can't keep using your back as an excuse.",
    "Lying on the sofa moping won't help.", "Stop wallowing.", "You're feeling sorry for yourself.",
    "You need to pull yourself together.", "You're being a bit dramatic about a cough.",
    "Staying in bed all day isn't doing you any good, and you know it.",
])
def test_warning_arguing_labels_and_shaming_are_judgement(coder, text):
    coding = code(coder, text)
    assert coding.has("judgement"), (text, coding.codes)
    assert not reflects(coding), "a telling-off is not a reflection"


def test_an_argument_in_question_form_is_not_a_question(coder):
    coding = code(coder, "You know it's bad for you, so why are you still doing it?")
    assert coding.has("judgement")
    assert not coding.has("question.open") and not coding.has("question.closed")
    confront = code(coder, "You know that's well over the limit?")
    assert confront.codes == ("judgement",)


def test_moving_is_not_moping(coder):
    assert not code(coder, "What would help you get moving again?").has("judgement")


# -- 3. unsolicited advice ---------------------------------------------------------------------
@pytest.mark.parametrize("text", [
    "The best thing is to keep the biscuits out of the house.",
    "The best thing for you would be a walk after tea.",
    "It might be worth ringing the surgery.", "Try ringing the helpline tonight.",
    "Ring the council about the stairs.", "You could ring them tomorrow.",
    "You might find it helps to write it down.",
])
def test_suggestions_and_imperatives_are_advice(coder, text):
    coding = code(coder, text)
    assert coding.has("advice.unsolicited"), (text, coding.codes)
    assert not reflects(coding)


@pytest.mark.parametrize("text", ["Why not go back to the pool?", "Why not set a reminder on your phone?",
                                  "Why don't you ask your sister?"])
def test_why_not_is_a_suggestion_not_an_open_question(coder, text):
    coding = code(coder, text)
    assert coding.has("advice.unsolicited") and not coding.has("question.open"), coding.codes
    rewrite = [e.rewrite for e in coding.evidence if e.code == "advice.unsolicited"][0]
    assert rewrite and "why" not in rewrite.lower()


def test_a_suggestion_with_a_question_after_it_keeps_the_question(coder):
    coding = code(coder, "Why not have a rest, and how are you sleeping?")
    assert coding.has("advice.unsolicited") and coding.has("question.open")


def test_why_not_a_lower_number_is_a_scaling_question(coder):
    coding = code(coder, "Why not a two?")
    assert coding.has("goal") and not coding.has("advice.unsolicited")


def test_asking_about_past_attempts_is_not_advice(coder):
    for text in ("Have you ever tried to stop?", "Have you tried to cut down before?",
                 "Have you thought about what you'd like to do?"):
        coding = code(coder, text)
        assert coding.has("question.closed") and not coding.has("advice.unsolicited"), text
    assert code(coder, "Have you tried nicotine gum?").has("advice.unsolicited")


# -- 4. affirmations ---------------------------------------------------------------------------
@pytest.mark.parametrize("text", [
    "Eleven days without a drink, which took real determination.",
    "It takes courage to come and talk about this.",
    "You've thought about this more than people give you credit for.",
    "And yet you've kept the allotment going for years.",
    "You clearly know what you're doing with the garden.",
    "When something matters to you, you don't let go.",
    "You're really organised at work.",
])
def test_strengths_are_affirmations(coder, text):
    coding = code(coder, text)
    assert coding.has("affirmation"), (text, coding.codes)
    assert not coding.has("information"), "a strength is not a neutral fact"
    assert not coding.has("reflection.simple"), "saying back a strength adds meaning"


@pytest.mark.parametrize("text", ["What have you managed to change so far?",
                                  "When you stopped before, what helped you stick with it?"])
def test_questions_about_successes_are_open_questions(coder, text):
    coding = code(coder, text)
    assert coding.has("question.open") and not coding.has("affirmation"), coding.codes


# -- 5. reflections without a stem ---------------------------------------------------------------
@pytest.mark.parametrize("patient,text,complex_", [
    ("The mornings are fine but by about lunchtime I can't find my words.",
     "So the mornings start all right, and by lunchtime the words have gone.", False),
    ("I have a drink when work gets too much, it calms me down.",
     "So a drink has become the thing that takes the edge off the stress.", True),
    ("My daughter hasn't rung for weeks. I don't know what I've done.",
     "Her silence worries you.", True),
    ("We were married forty-eight years. Now it's just me and the telly.",
     "Forty-eight years together, and now the house has gone very quiet.", True),
    ("It's worse at night, always has been.", "So the evenings are when you notice it most.", False),
])
def test_statements_about_what_the_person_said_are_reflections(coder, patient, text, complex_):
    coding = code(coder, text, patient=patient)
    assert reflects(coding) and not coding.has("information"), coding.codes
    if complex_:
        assert coding.has("reflection.complex"), "it adds feeling or meaning"
    else:
        assert coding.has("reflection.simple")


def test_some_days_yes_some_days_no_is_a_statement(coder):
    coding = code(coder, "So some days yes, some days no.", patient="Some days I manage it. Not always.")
    assert reflects(coding) and not coding.has("question.closed")
    assert code(coder, "You've cut down, no?").has("question.closed")


# -- 6. summaries, permission, autonomy ---------------------------------------------------------
@pytest.mark.parametrize("text", [
    "So, pulling it together: you want to stop, your son worries, and mornings are hard.",
    "Let me check I've got this: the evenings are hard and weekends are easier.",
    "So far you've said the walking helps and the knees don't.",
])
def test_summary_cues(coder, text):
    assert code(coder, text).has("summary"), text


@pytest.mark.parametrize("text", [
    "Would it be ok to share something about the walking group?",
    "Would it help to hear what other people have tried?",
    "Would it be OK if we talked about your sleep?",
    "Would it be all right if I told you what the clinic offers?",
])
def test_permission_in_its_many_shapes(coder, text):
    assert code(coder, text).has("permission"), text


def test_handing_the_plan_back_is_autonomy_not_a_goal(coder):
    coding = code(coder, "It's your plan, and you can change it whenever you like.")
    assert coding.has("autonomy") and not coding.has("goal")


def test_what_made_you_decide_is_an_open_question_only(coder):
    assert code(coder, "What made you decide to come in today?").codes == ("question.open",)


def test_information_after_permission_is_permitted_advice(coder):
    conv = Conversation(coder)
    conv.patient("I can't face going cold turkey again.")
    assert conv.coach("Would it be OK if I told you what the service can offer?").has("permission")
    conv.patient("Go on then.")
    coding = conv.coach("They can combine a patch with something quick like a spray.")
    assert coding.has("advice.permitted") and not coding.has("advice.unsolicited")
    unasked = code(coder, "They can combine a patch with something quick like a spray.")
    assert not unasked.has("advice.permitted")


def test_an_idea_offered_after_permission_is_more_than_an_open_question(permitted):
    conv = permitted("The evenings are the worst for the wine.",
                     "Would it help to hear what other people have tried?", "Yeah, go on.")
    coding = conv.coach("Some people find it helps to swap the first glass for something fizzy. "
                        "What do you make of that?")
    assert coding.has("question.open") and coding.has("advice.permitted") and coding.has("information")


# -- 7. question types -------------------------------------------------------------------------
def test_question_types(coder):
    assert code(coder, "Can you tell me more about the evenings?").codes == ("question.open",)
    assert code(coder, "What sort of activity would you enjoy more?").has("question.open")
    which = code(coder, "Which days do you miss?")
    assert which.has("question.closed") and not which.has("question.open")
    assert not code(coder, "Which means you're up half the night.").has("question.closed")


@pytest.mark.parametrize("text, kind", [
    ("On a scale of 0 to 10, how important is it to you?", "question.closed"),
    ("On a scale of 0 to 10 how important is it to you?", "question.closed"),
    ("on a scale of 0 to 10 how important is it to you", "question.closed"),
    ("What makes it a six for you?", "question.open"),
    ("Why are you at a four and not a one?", "question.open"),
])
def test_scaling_questions_are_goal_however_punctuated_and_their_reasons_are_asked_openly(coder, text, kind):
    # MISC 2.5 and the AnnoMI codebook: a question that asks for a number is closed; asking
    # what puts the number there asks for reasons, so it is open.
    coding = code(coder, text)
    assert coding.has("goal") and coding.codes.count(kind) == 1 and len(
        [c for c in coding.codes if c.startswith("question.")]) == 1, coding.codes


@pytest.mark.parametrize("text", [
    "Having a friend really helps, and people who have that support are more likely to stop.",
    "It's pain which has gone on for years.",
])
def test_relative_who_and_which_do_not_make_a_question(coder, text):
    coding = code(coder, text)
    assert not coding.has("question.open") and not coding.has("question.closed"), coding.codes


# -- reflections: the shapes assessors count -----------------------------------------------------
def test_a_word_or_two_naming_what_was_heard_is_a_reflection(coder):
    patient = "I was up at five again, then the kids, then work. I'm running on empty."
    assert code(coder, "Running on empty.", patient=patient).has("reflection.simple")
    assert code(coder, "Exhausted.", patient=patient).has("reflection.complex"), "names a feeling"
    for text in ("Fantastic.", "Mm-hmm.", "Exactly.", "Thanks."):
        assert not code(coder, text, patient=patient).codes, text
    assert not code(coder, "Exhausted.", patient="").codes, "nothing heard, nothing to say back"


def test_short_statements_about_their_story_reflect_and_facts_inform(coder):
    patient = "Since the divorce the house just feels empty. The weekends drag."
    story = code(coder, "The weekends are the long bit.", patient=patient)
    assert any(story.has(c) for c in REFLECTIONS) and not story.has("information")
    fact = code(coder, "Alcohol raises blood pressure.", patient=patient)
    assert fact.has("information") and not any(fact.has(c) for c in REFLECTIONS)


@pytest.mark.parametrize("text", ["I can tell this has really knocked your confidence.",
                                  "My guess is the evenings are when it bites.",
                                  "What I'm picking up is that the job matters a lot."])
def test_first_person_reflection_stems(coder, text):
    assert reflects(code(coder, text)), text


def test_praise_is_not_a_reflection(coder):
    for text in ("That's fantastic.", "Very good.", "That's true."):
        assert not reflects(code(coder, text)), text


# -- speech-to-text: questions without a question mark -------------------------------------------
@pytest.mark.parametrize("text,kind", [
    ("what needs to happen next", "question.open"),
    ("what other things have helped before", "question.open"),
    ("how important is it to you to sort this out", "question.open"),
    ("hi sam how are you", "question.open"),
    ("things are going well for you how are the kids", "question.open"),
    ("you tried the patches and how did that go", "question.open"),
    ("you mentioned the walking group what do you think", "question.open"),
    ("the leaflet explains it is that okay", "question.closed"),
    ("any other thoughts about it", "question.open"),
])
def test_unpunctuated_questions(coder, text, kind):
    assert code(coder, text).has(kind), (text, code(coder, text).codes)


@pytest.mark.parametrize("text", [
    "what you said about your dad really stayed with me",
    "when you get home you put the kettle on",
    "what a week you've had",
    "i know what happened last time",
])
def test_unpunctuated_clauses_are_not_questions(coder, text):
    coding = code(coder, text)
    assert not coding.has("question.open") and not coding.has("question.closed"), (text, coding.codes)


def test_open_or_closed_by_what_the_question_leaves_open(coder):
    assert code(coder, "Do you have a plan for the weekend, or?").has("question.open")
    assert code(coder, "Is it the evenings or something?").has("question.open")
    assert code(coder, "Are you still smoking or not?").has("question.closed")
    assert code(coder, "Why'd you pick a six?").has("question.open")
    wonder = code(coder, "I'm wondering if you could tell me how the week went.")
    assert wonder.has("question.open") and not wonder.has("question.closed")
    assert code(coder, "Any other things that get in the way?").has("question.open")


@pytest.mark.parametrize("text", [
    "It might be helpful if you kept a note of the cravings.",
    "What I would recommend is a walk after tea.", "The next step is to book the review.",
    "Just take two paracetamol and rest.", "If the cough gets worse, let your doctor know.",
])
def test_recommendations_and_instructions_are_advice(coder, text):
    assert code(coder, text).has("advice.unsolicited"), text


def test_asking_what_they_tried_or_to_hear_more_is_not_advice(coder):
    for text in ("What have you tried?", "Maybe you could tell me how that went?"):
        coding = code(coder, text)
        assert coding.has("question.open") and not coding.has("advice.unsolicited"), (text, coding.codes)


@pytest.mark.parametrize("text,want", [
    ("The best thing for you would be to get out of the flat more.", "helps to get out of the flat more"),
    ("The best thing is not to keep any in the house.", "helps to not keep any in the house"),
    ("It might be worth ringing the council.", "helps to ring the council"),
    ("Why not go back to the pool?", "about going back to the pool"),
    ("It does look like drug-seeking to me.", "asking for pain relief"),
])
def test_new_rules_keep_evidence_and_rewrites_right(coder, text, want):
    coding = code(coder, text)
    for ev in coding.evidence:
        assert text[ev.start:ev.end] == ev.matched and ev.feedback
    rewrites = [e.rewrite for e in coding.evidence if e.code in ("advice.unsolicited", "judgement")]
    assert rewrites and all(rewrites) and any(want in r for r in rewrites), rewrites


def test_an_instruction_with_a_full_stop_is_not_a_yes_no_question(coder):
    assert not code(coder, "Do your exercises every morning.").has("question.closed")
    assert code(coder, "Do your kids know?").has("question.closed")
    assert code(coder, "do your kids know").has("question.closed")
