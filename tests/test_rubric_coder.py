"""The coder: each code with positive and negative examples (our own sentences), the hard cases
from the skills guide, evidence spans, rewrites, unpunctuated text, typos and hostile input."""
from __future__ import annotations

import pytest

from simulator.rubric import Coder, Coding, Conversation
from simulator.rubric.text import MAX_CHARS

PATIENT = "I've tried to cut down on the biscuits before but it never lasts, I just end up back where I started"


def code(coder: Coder, text: str, patient: str = PATIENT, **kw) -> Coding:
    return coder.code(text, previous_patient=patient, **kw)


def evidence(coding: Coding, code_name: str):
    return [e for e in coding.evidence if e.code == code_name]


# -- each code: positive and negative --------------------------------------------------------
CASES = {
    "question.open": (
        ["What would you like to be different?", "How does that fit with what matters to you?",
         "Why is now the time, for you?", "Can you tell me more about that?",
         "Tell me about a normal day for you."],
        ["Do you take the tablets every day?", "The clinic is on Tuesdays.",
         "How many cigarettes a day?"]),
    "question.closed": (
        ["Do you take the tablets every day?", "How many a day?", "How much do you drink a week?",
         "Are you still walking to work?", "Did the patches help?", "That was last week, wasn't it?"],
        ["What would you like to be different?", "Can you tell me more about that?",
         "You're fed up with being told what to do."]),
    "reflection.simple": (
        ["So you've tried to cut down before.", "You end up back where you started."],
        ["What have you tried?", "Thank you for coming in today."]),
    "reflection.complex": (
        ["Part of you wants to stop, and part of you worries what you'd lose.",
         "It sounds like you're really fed up with starting again.",
         "It never lasts, and yet you keep coming back to it."],
        ["How often do you eat biscuits?", "The group meets on Thursdays."]),
    "affirmation": (
        ["You kept going with the walks even in a hard week.", "That took a lot of courage.",
         "You clearly care about your grandchildren."],
        ["Well, here we are.", "What time is it?"]),
    "summary": (
        ["So far you've told me the biscuits help at night, that you've tried before, and that "
         "your daughter worries. What have I missed?",
         "You've tried before. You end up where you started. You want this time to be different."],
        ["So you've tried before."]),
    "permission": (
        ["Would it be OK if I shared what others have found helpful?",
         "Do you mind if I tell you about the walking group?"],
        ["You should join the walking group.", "Would you like to be more active?"]),
    "autonomy": (
        ["It's entirely your call what, if anything, you change.",
         "You're the expert on your own life.", "Whatever you decide is fine with me."],
        ["You need to decide today.", "Tell me about your week."]),
    "information": (
        ["The clinic runs on Tuesdays.", "Research shows that walking after meals lowers blood sugar."],
        ["What do you think about that?", "You feel tired all the time."]),
    "judgement": (
        ["You should know better.", "Your sugars are out of control.", "You're non-compliant.",
         "I'm just worried you're being lazy about it.", "You need to stop making excuses.",
         "As a diabetic, this matters.", "Well, that's clearly working for you.",
         "If you carry on like this you'll end up in hospital."],
        ["What would you like to do?", "You don't have to decide anything today.",
         "Diabetes can feel like a lot to manage.", "What do you need to feel ready?"]),
    "goal": (
        ["On a scale of 0 to 10, how important is this to you?", "What might a first step be?",
         "What would you like to do between now and next time?", "How confident are you that you could do it?"],
        ["How long have you had diabetes?", "You went to the gym last year."]),
}


@pytest.mark.parametrize("code_name,text", [(c, t) for c, (pos, _) in CASES.items() for t in pos])
def test_positive_examples_get_the_code(coder, code_name, text):
    coding = code(coder, text)
    assert coding.has(code_name), (text, coding.codes)
    assert evidence(coding, code_name), "every code carries evidence"


@pytest.mark.parametrize("code_name,text", [(c, t) for c, (_, neg) in CASES.items() for t in neg])
def test_negative_examples_do_not(coder, code_name, text):
    coding = code(coder, text)
    assert not coding.has(code_name), (text, coding.codes)


# -- advice: permitted or unsolicited depends on the conversation -----------------------------
def test_unsolicited_advice(coder):
    for text in ("You could try nicotine patches.", "Have you tried nicotine patches?",
                 "Cut down on the biscuits at night.", "I'd suggest a walk after dinner."):
        coding = code(coder, text)
        assert coding.has("advice.unsolicited") and not coding.has("advice.permitted"), text


def test_advice_is_permitted_when_asked_for_or_agreed(coder):
    text = "You could try nicotine patches."
    assert code(coder, text, advice_requested=True).has("advice.permitted")
    assert code(coder, text, permission_granted=True).has("advice.permitted")
    # Permission asked, or the choice handed back, in the same reply (MITI: with permission).
    same = code(coder, "It's entirely up to you, but you could try nicotine patches.")
    assert same.has("advice.permitted") and not same.has("advice.unsolicited")


def test_conversation_tracks_permission_and_requests(coder):
    conv = Conversation(coder)
    conv.patient("I just don't know how to stop snacking.")
    conv.coach("Would it be OK if I shared what others have found helpful?")
    conv.patient("Yes, go on.")
    assert conv.coach("Some people find it helps to keep fruit in sight.").codes  # coded in context
    conv.patient("Hmm.")
    later = Conversation(coder)
    later.patient("What should I do about the evenings?")
    assert later.coach("You could try a walk after dinner.").has("advice.permitted")
    declined = Conversation(coder)
    declined.patient("My back hurts.")
    declined.coach("Would it be OK if I shared an idea?")
    declined.patient("No, not really.")
    assert declined.coach("You could try a walk after dinner.").has("advice.unsolicited")


# -- hard cases --------------------------------------------------------------------------------
def test_form_versus_function(coder):
    assert code(coder, "Can you tell me more about that?").codes == ("question.open",)
    closed = code(coder, "How much do you drink a week?")
    assert closed.has("question.closed") and not closed.has("question.open")
    assert "number" in evidence(closed, "question.closed")[0].rule


def test_reflection_needs_the_previous_patient_turn(coder):
    reflections = ("reflection.simple", "reflection.complex")
    # With nothing said yet there is nothing to reflect.
    statement = "The biscuits never last as a change."
    assert not any(code(coder, statement, patient="").has(c) for c in reflections)
    assert any(code(coder, statement).has(c) for c in reflections)
    # A few words say back what was heard only when they are the person's words.
    short = "Never lasts, then."
    assert any(code(coder, short, patient="Whatever I try, it never lasts").has(c) for c in reflections)
    assert not any(code(coder, short, patient="My knees hurt on the stairs").has(c) for c in reflections)


def test_person_first_language_is_flagged_with_the_alternative(coder):
    for text, better in [("He's a diabetic.", "person living with diabetes"),
                         ("She is non-compliant with her tablets.", "taking the tablets"),
                         ("Patients who are obese find it hard.", "higher weight")]:
        coding = code(coder, text)
        ev = evidence(coding, "judgement")
        assert ev and better in ev[0].rewrite, (text, ev)


def test_judgement_in_warm_words(coder):
    coding = code(coder, "I'm just worried you're being lazy about it.")
    ev = evidence(coding, "judgement")
    assert ev and all(e.rewrite for e in ev)
    assert any("lazy" in e.matched for e in ev)


def test_directives_aimed_at_the_person_only(coder):
    # Telling the person what to do is advice, and MI-non-adherent, but not judgement (the
    # skills guide: counting it twice makes a lecturing trainee look like one who insulted the
    # person); telling them off (what they should know, feel or have done) is judgement only.
    # Neither fires on a question or on handing the choice back.
    for text in ("You have to stop drinking.", "You must take them every day.",
                 "You should really tell the doctor."):
        coding = code(coder, text)
        assert coding.has("advice.unsolicited") and not coding.has("judgement"), text
    for text in ("You should know better.", "You have to take this seriously.",
                 "You should have asked for help sooner."):
        coding = code(coder, text)
        assert coding.has("judgement") and not coding.has("advice.unsolicited"), text
    for text in ("What do you have to do at work tomorrow?", "You don't have to change anything."):
        coding = code(coder, text)
        assert not coding.has("judgement") and not coding.has("advice.unsolicited"), text


# -- evidence and rewrites ---------------------------------------------------------------------
def test_evidence_spans_point_at_the_words_in_the_original_text(coder):
    text = "Okay. You NEED to cut down, honestly."
    coding = code(coder, text)
    for ev in coding.evidence:
        assert text[ev.start:ev.end] == ev.matched
    directive = [e for e in evidence(coding, "advice.unsolicited") if "directive" in e.rule][0]
    assert directive.matched == "You NEED to"
    assert directive.rewrite == "What would it take for you to cut down, if you decided to?"


def test_problems_carry_a_rewrite_of_this_reply(coder):
    closed = evidence(code(coder, "Do you take the tablets every day?"), "question.closed")[0]
    assert closed.rewrite == "What's it like for you taking the tablets every day?"
    advice = evidence(code(coder, "Have you tried nicotine patches?"), "advice.unsolicited")[0]
    assert "nicotine patches" in advice.rewrite
    for text in ("You should know better.", "You need to cut down.", "Cut out sugar."):
        coding = code(coder, text)
        problems = [e for e in coding.evidence if e.code in ("judgement", "advice.unsolicited")]
        assert problems and all(e.rewrite for e in problems), text
    assert all(e.rewrite is None for e in code(coder, "Tell me more about that.").evidence)


def test_to_dict_is_json_ready(coder):
    import json

    data = code(coder, "You need to cut down.").to_dict()
    assert set(data) == {"codes", "evidence"}
    assert json.loads(json.dumps(data)) == data
    assert {"code", "start", "end", "rule", "matched", "feedback", "rewrite"} <= set(data["evidence"][0])


# -- speech-to-text, typos --------------------------------------------------------------------
def test_unpunctuated_lowercase_questions(coder):
    assert code(coder, "what would you like to do about it").has("question.open")
    assert code(coder, "do you take them every day").has("question.closed")
    mixed = code(coder, "so you feel tired all the time what would help")
    assert mixed.has("question.open")
    assert mixed.has("reflection.simple") or mixed.has("reflection.complex")
    tag = code(coder, "that was hard for you wasnt it")
    assert tag.has("question.closed")
    assert not code(coder, "i know what you mean").has("question.open")


def test_typos_are_tolerated_on_key_words(coder):
    coding = code(coder, "you shoud cut down")
    ev = evidence(coding, "advice.unsolicited")
    assert ev and ev[0].matched == "you shoud"
    assert code(coder, "she is non-complient").has("judgement")
    assert code(coder, "on a scael of 0 to 10 how importnt is it").has("goal")


def test_matches_respect_word_boundaries(coder):
    # "ok" must not be found inside "took", nor "fat" inside "father".
    assert not code(coder, "My father took the bus.", patient="").codes
    assert not code(coder, "Fatigue is common with this condition.", patient="").has("judgement")


# -- hostile input -----------------------------------------------------------------------------
@pytest.mark.parametrize("text", [
    "", "   ", "\ufeffWhat would help?", "😀😀😀", "你想改变什么？", "What\x00 would\x1b[31m help?\x07",
    "\u202eWhat would help?", "İstanbul is where you grew up.", "?" * 1000, "a" * 10_000,
])
def test_odd_input_is_coded_without_error(coder, text):
    coding = code(coder, text)
    assert coding.text == text[:MAX_CHARS]
    for ev in coding.evidence:
        assert coding.text[ev.start:ev.end] == ev.matched


def test_bom_and_control_characters_do_not_hide_a_question(coder):
    assert code(coder, "\ufeffWhat would help?").has("question.open")
    assert code(coder, "What\x00 would help?").has("question.open")


def test_a_huge_paste_is_coded_on_its_first_part(coder):
    text = ("You need to cut down. " + "so what would help you " * 6000)
    assert len(text) > 100_000
    coding = code(coder, text)
    assert coding.has("advice.unsolicited")
    assert len(coding.text) == MAX_CHARS
    assert all(ev.end <= MAX_CHARS for ev in coding.evidence)


def test_non_text_is_refused(coder):
    with pytest.raises(TypeError):
        coder.code(None)  # type: ignore[arg-type]


# -- sentence grammar --------------------------------------------------------------------------
def test_questions_inside_later_clauses_and_wondering(coder):
    assert code(coder, "Well, Sam, tell me about the last time it went well.").has("question.open")
    assert code(coder, "I wonder what you make of that.").has("question.open")
    assert code(coder, "I wonder if we could talk about your sleep.").has("question.closed")
    scale = code(coder, "On a scale of 0 to 10, how important is this to you?")
    # The question after the scale's comma carries it; asking for a number, it is closed.
    assert scale.has("goal") and scale.has("question.closed") and not scale.has("question.open")


def test_rising_statements(coder):
    # At the end of a reply a statement with "?" asks the person to confirm...
    end = code(coder, "So the evenings are the hardest part?")
    assert end.has("question.closed")
    assert end.has("reflection.simple") or end.has("reflection.complex")
    # ...mid-reply it only checks, and a double-sided one holds both sides without asking.
    mid = code(coder, "So the evenings are the hardest part? It sounds exhausting.")
    assert not mid.has("question.closed")
    both = code(coder, "On one hand you love the biscuits, and on the other hand they worry you?")
    assert both.has("reflection.complex") and not both.has("question.closed")


def test_backchannels_are_not_questions(coder):
    for text in ("Yeah?", "Mm-hmm.", "Right?", "Okay. Yeah?"):
        assert not code(coder, text).codes, text


def test_rubric_folder_is_checked_by_validate():
    from pathlib import Path

    from simulator.cli.validate import checker_for
    from simulator.paths import RUBRICS_DIR

    assert checker_for(Path(RUBRICS_DIR / "core.yaml"))(RUBRICS_DIR / "core.yaml") == []


def test_permission_and_scaling_questions_need_no_rewrite(coder):
    asking = code(coder, "Would it be OK if I shared what others have found helpful?")
    assert asking.has("question.closed")
    assert all(e.rewrite is None for e in evidence(asking, "question.closed"))
    scaling = code(coder, "On a scale of 0 to 10, how confident are you?")
    assert scaling.has("question.closed") and all(e.rewrite is None for e in scaling.evidence)


def test_unpunctuated_heads_mid_reply_and_restarts(coder):
    run_on = code(coder, "so you smoke in the evenings mostly how many would that be on a bad day")
    assert run_on.has("question.closed")
    assert code(coder, "what what might be some of the benefits").has("question.open")


@pytest.mark.parametrize("text", [
    "You could ask your brother to do more.", "Why don't you try a carers' group?",
    "You might find it helps to go swimming again.", "Have you thought about respite care?",
])
def test_suggestions_in_many_shapes_are_advice(coder, text):
    assert code(coder, text).has("advice.unsolicited"), text


def test_handing_back_the_choice_is_not_eliciting_a_goal(coder):
    coding = code(coder, "It's entirely your decision what, if anything, you'd like to do next.")
    assert coding.has("autonomy") and not coding.has("goal")


@pytest.mark.parametrize("patient, text", [
    ("I want to be off the tablets by next year.", "So your goal is to be off the tablets by next year."),
    ("I suppose I could walk more, I keep saying that.", "So walking more is the plan you keep coming back to."),
])
def test_saying_back_a_goal_is_still_a_reflection(coder, patient, text):
    # The goal words mark the topic; the sentence says back what the person wants.
    coding = code(coder, text, patient=patient)
    assert coding.has("reflection.simple") or coding.has("reflection.complex"), coding.codes


@pytest.mark.parametrize("patient, text, sarcastic", [
    ("I forgot the tablets again this week.", "Oh great.", True),
    ("I haven't walked once since we last met.", "Well done you.", True),
    ("I walked every day this week, even in the rain.", "Oh brilliant!", False),
    ("I walked every day this week, even in the rain.", "Oh really? Every day?", False),
    ("I've cut down to two pints on a Friday.", "Well done you!", False),
    ("I haven't smoked for a week!", "Oh brilliant!", False),
    ("I had a binge at the weekend.", "Oh great.", True),
    # a "not" or "never" is no slip: "they've never smoked, it's not the same"
    ("Everyone who tells me to stop has never smoked. It's not the same.", "Oh brilliant, that's honest.", False),
])
def test_sarcasm_needs_a_setback_to_mock(coder, patient, text, sarcastic):
    # The same words are delight after good news and mockery after a slip.
    assert code(coder, text, patient=patient).has("judgement") is sarcastic


@pytest.mark.parametrize("text", ["Well done.", "Good for you.", "Good stuff.", "Fair play to you.",
                                  "Nice one, thanks.", "Well done for coming in today."])
def test_praise_formulas_are_neither_reflections_nor_affirmations(coder, text):
    # The skills guide: praise such as "well done" is not an affirmation; and the "done" or
    # "for you" left after the filler "well"/"good" is not a word said back.
    assert code(coder, text).codes == (), text


def test_a_general_claim_using_the_persons_words_informs(coder):
    patient = "My sugars are all over the place and my feet tingle."
    claim = code(coder, "High sugar over the years can damage the nerves in the feet.", patient=patient)
    assert claim.has("information") and not claim.has("reflection.simple")
    # Said back about the person, or with a feeling, the same words reflect.
    assert code(coder, "Your feet tingle when the sugars are all over the place.",
                patient=patient).has("reflection.simple")
    assert code(coder, "The sugars can feel like they run your day.", patient=patient).has(
        "reflection.complex")


def test_confronting_with_what_will_happen_is_judgement(coder):
    assert code(coder, "You know that's going to lead to complications.").has("judgement")
    assert not code(coder, "Some people find the complications worry them.").has("judgement")


def test_choice_handed_back_at_the_end_of_a_sentence_is_autonomy(coder):
    coding = code(coder, "Whether you stop, cut down or carry on is up to you.")
    assert coding.has("autonomy") and not coding.has("reflection.simple")


def test_a_why_that_scolds_is_judgement(coder):
    assert code(coder, "why would you do that to yourself").has("judgement")
    assert not code(coder, "Why did you decide to come in today?").has("judgement")


def test_a_reframe_is_a_complex_reflection(coder):
    coding = code(coder, "So it's less about the cigarettes and more about having five minutes to yourself.",
                  patient="Honestly the smoke break is the only time anyone leaves me alone.")
    assert coding.has("reflection.complex"), coding.codes


@pytest.mark.parametrize("text", ["You refuse to engage with the service.", "You can't keep eating like that.",
                                  "That's a terrible idea."])
def test_service_labels_and_put_downs_are_judgement(coder, text):
    assert code(coder, text, patient="I had a takeaway every night this week.").has("judgement"), text


def test_refusing_to_engage_gets_a_person_first_rewrite(coder):
    coding = code(coder, "You refuse to engage with the service.")
    assert [e.rewrite for e in evidence(coding, "judgement")] == ["You haven't connected with the service."]


@pytest.mark.parametrize("patient, text", [
    ("I can't keep going like this.", "You can't keep going like this."),
    ("I know, it's my own fault really.", "You feel it's your own fault."),
])
def test_the_persons_own_hard_words_said_back_are_not_judgement(coder, patient, text):
    coding = code(coder, text, patient=patient)
    assert not coding.has("judgement") and (coding.has("reflection.simple") or coding.has("reflection.complex"))


def test_knowing_their_own_body_is_the_persons_call(coder):
    coding = code(coder, "You know your body better than anyone.")
    assert coding.has("autonomy") and not coding.has("reflection.simple")


def test_telling_someone_to_stop_how_they_think_is_judgement(coder):
    coding = code(coder, "You need to stop catastrophising.")
    assert coding.has("judgement") and not coding.has("advice.unsolicited")


def test_what_is_good_for_people_informs_and_a_short_general_echo_reflects(coder):
    claim = code(coder, "Have you tried swimming? It's good for backs.", patient="My back's killing me.")
    assert claim.has("information") and not claim.has("reflection.simple"), claim.codes
    echo = code(coder, "Evenings can drag.", patient="The evenings drag.")
    assert echo.has("reflection.simple"), echo.codes


def test_naming_what_it_took_affirms(coder):
    coding = code(coder, "You came in anyway. That took some doing.", patient="I nearly didn't come.")
    assert coding.has("affirmation"), coding.codes


@pytest.mark.parametrize("patient, text, codes", [
    # "yes"/"yeah" are fillers, but "yes but" at the start argues
    ("The group was useless.", "Yes but the group helps people.", {"judgement"}),
    ("I did try, honestly.", "yeah but you said you'd try", {"judgement"}),
    ("I'm fed up.", "But you've kept going.", {"affirmation"}),
    ("I'm fed up.", "Well you're obviously not trying hard enough are you", {"judgement"}),
    # instructions in the imperative advise
    ("I can't face the evenings.", "Get out of the house every day.", {"advice.unsolicited"}),
    ("It didn't work last time.", "Give it another chance.", {"advice.unsolicited"}),
    ("I don't know what sets it off.", "Keep an activity diary.", {"advice.unsolicited"}),
    ("I don't know.", "What's one small thing you could try this week?", {"goal", "question.open"}),
])
def test_slips_and_goals_found_when_replies_were_tried(coder, patient, text, codes):
    coding = code(coder, text, patient=patient)
    assert codes <= set(coding.codes), coding.codes
    if "judgement" not in codes:
        assert not coding.has("judgement"), coding.codes


@pytest.mark.parametrize("text", ["Twice this week is a step up, you should be proud.",
                                  "You should be really proud of yourself.",
                                  "Good on you for giving it a go."])
def test_pride_in_what_the_person_did_affirms_and_directs_nothing(coder, text):
    coding = code(coder, text, patient="I walked to the shop twice this week.")
    assert coding.has("affirmation") and not coding.has("advice.unsolicited"), coding.codes
