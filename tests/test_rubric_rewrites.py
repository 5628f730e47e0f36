"""The rewrites a trainee reads after each slip: grammatical, natural British English, on the
person's topic, and modelling good practice. The replies are our own slips, written for these
tests across the scenarios' topics."""
from __future__ import annotations

import pytest

from simulator.rubric import Conversation


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


# -- advice: the suggestion fits the template's grammar ---------------------------------------------
@pytest.mark.parametrize("reply, rewrite", [
    # a bare verb after "why don't you", "can't you just", "can you try to": told about as -ing
    ("Why don't you switch to low alcohol wine?",
     "Would it be OK if I told you about switching to low alcohol wine? You can see whether it fits for you."),
    ("Why don't you join a gym?",
     "Would it be OK if I told you about joining a gym? You can see whether it fits for you."),
    ("Why don't you try vaping?",
     "Would it be OK if I told you about vaping? You can see whether it fits for you."),
    ("Can you try to cut down?",
     "Would it be OK if I told you about cutting down? You can see whether it fits for you."),
    ("Why not just try the patches?",
     "Would it be OK if I told you about the patches? You can see whether it fits for you."),
    ("Have you considered physio?",
     "Would it be OK if I told you about physio? You can see whether it fits for you."),
    # a thing to try, and advice after the speaker's "if I were you, I'd"
    ("You could try a carers' group.",
     "Would it be OK if I shared an idea? Some people find it helps to try a carers' group. "
     "What do you make of that?"),
    ("I'd suggest a home monitor.",
     "Would it be OK if I shared an idea? Some people find it helps to try a home monitor. "
     "What do you make of that?"),
    ("If I were you, I'd go back.",
     "Would it be OK if I shared an idea? Some people find it helps to go back. What do you make of that?"),
    ("You could try swapping to diet drinks.",
     "Would it be OK if I shared an idea? Some people find it helps to swap to diet drinks. "
     "What do you make of that?"),
    # an instruction without its lead-in, names kept as written
    ("Don't forget to book your next session.",
     "If you wanted to, how might you book your next session? It's your call."),
    ("Try to walk to the shops.", "If you wanted to, how might you walk to the shops? It's your call."),
    ("Just eat less.", "If you wanted to, how might you eat less? It's your call."),
    ("Ring the GP and ask for a review.",
     "If you wanted to, how might you ring the GP and ask for a review? It's your call."),
    ("Try not to keep any in the house.",
     "If you wanted to, how might you try not to keep any in the house? It's your call."),
    ("Try a hot water bottle.", "If you wanted to, how might you try a hot water bottle? It's your call."),
])
def test_advice_rewrites_read_as_english(coder, reply, rewrite):
    assert rewrites(coder, reply, code="advice.unsolicited") == [rewrite]


def test_verbs_stressed_on_the_last_syllable_double_before_ing(coder):
    assert rewrites(coder, "Did you forget to take them?") == ["What was it like forgetting to take them?"]


# -- closed questions: a rewrite that keeps who was asked about ------------------------------------
@pytest.mark.parametrize("said, reply, rewrite", [
    ("I snapped at her yesterday and I feel awful.", "Did she notice?",
     "What happened, and what was that like for you?"),
    ("The doctor keeps going on about my weight.", "Does that upset you?", "What's that like for you?"),
    ("The doctor keeps going on about my weight.", "does that upset you", "What's that like for you?"),
    ("My wife says I drink too much.", "Has she said that before?", "How has that been for you?"),
    ("I think it's the tablets.", "Am I right?", "How does that fit with how you see it?"),
    # when and how long ask for one fact, not about a typical week
    ("Since my husband died I don't really see anyone.", "How long ago did he die?",
     "What has that been like for you?"),
    ("I stopped the tablets because they made me dizzy.", "When did you stop them?",
     "What has that been like for you?"),
    # "is there" asks the person to name something: ask about it openly
    ("I've tried every diet going and nothing works.", "Is there a diet you liked?",
     "Tell me about a diet you liked."),
    ("I've tried every diet going and nothing works.", "Are there things you enjoy eating?",
     "Tell me about things you enjoy eating."),
])
def test_closed_question_rewrites_fit_what_was_asked(coder, said, reply, rewrite):
    assert rewrites(coder, reply, said, code="question.closed") == [rewrite]


def test_a_closed_question_about_the_persons_own_doing_still_uses_their_verb(coder):
    assert rewrites(coder, "Did you drink on Saturday?") == ["What was it like drinking on Saturday?"]
    assert rewrites(coder, "How many do you smoke a day?") == [
        "Tell me about a typical week, and where that fits into it for you."]


@pytest.mark.parametrize("reply", [
    "You'll end up with liver damage if you carry on like this.",
    "It's killing you, you know.",
    "You'll regret it when you're older.",
])
def test_a_warning_is_reworked_as_asking_for_the_persons_own_concern(coder, reply):
    assert set(rewrites(coder, reply, code="judgement")) == {
        "What, if anything, concerns you about where things are heading?"}


# -- labels: the person-first words fit the sentence they go into ----------------------------------
@pytest.mark.parametrize("reply, rewrite", [
    # what went with the label ("being", "a bit of a", "so") does not go with what replaces it
    ("You're being non-compliant.", "You're taking the tablets some of the time."),
    ("You're being stubborn.", "You're clear about what you want."),
    ("You're a bit drug-seeking, to be honest.", "You're asking for pain relief, to be honest."),
    ("You're a bit of a frequent flyer.", "You're a person who comes in often."),
    ("You're so lazy.", "You're finding it hard to get going."),
    # a tag makes the label a question to agree with: said back, it is a statement
    ("You're a heavy smoker, aren't you?", "You're a person who smokes a lot."),
    ("You've been cheating on your diet, haven't you?", "You've been eating what you enjoy."),
    ("You failed because it was too much at once.", "It didn't work out because it was too much at once."),
    ("Are you in denial about it?", "Are you unsure about it?"),
    ("Your blood pressure is out of control.", "Your blood pressure is higher than you'd like."),
])
def test_label_swaps_read_as_english(coder, reply, rewrite):
    assert rewrites(coder, reply, "I don't see the point.", code="judgement") == [rewrite]


def test_a_swapped_label_that_leaves_blame_behind_also_shows_the_blame(coder):
    # The swap fixes "you failed"; "because you didn't stick to it" still blames the person.
    assert rewrites(coder, "You failed because you didn't stick to it.", "I don't see the point.",
                    code="judgement") == ["It didn't work out because you didn't stick to it.",
                                          "What gets in the way of it for you?"]


def test_a_label_inside_a_longer_label_gets_one_rewrite(coder):
    # "compliant" inside "non-compliant", "lazy" inside "being lazy"
    assert rewrites(coder, "So you're non-compliant with your medication.", code="judgement") == [
        "You're taking your medication some of the time."]
    assert rewrites(coder, "You're being lazy about exercise.", code="judgement") == [
        "You're finding it hard to get going about exercise."]


# -- yes/no questions whose verb would garble the template -----------------------------------------
@pytest.mark.parametrize("said, reply, rewrite", [
    # wanting and liking: how the person feels about it, not "what's it like wanting"
    ("I know I should stop smoking.", "Do you want to quit?", "How do you feel about quitting?"),
    ("I've been in four times this month.", "Do you want a referral?", "How do you feel about a referral?"),
    ("I've been in four times this month.", "do you want a referral", "How do you feel about a referral?"),
    ("I've tried every diet going.", "Don't you want to be healthier?", "How do you feel about being healthier?"),
    ("The doctor keeps going on about my weight.", "Do you like walking?", "How do you feel about walking?"),
    # having: tell me about it, not "what's it like having any help"
    ("I never get a break.", "Do you have any help?", "Tell me about any help you have."),
    ("I don't really see anyone.", "do you have any friends you could ring",
     "Tell me about any friends you could ring."),
    ("I don't really see anyone.", "Do you have family nearby?", "Tell me about your family nearby."),
    ("I think it's the tablets.", "Do you think it's the tablets?", "What are your thoughts on that?"),
    # a state of mind, and a doing asked about with nothing after it
    ("I never get a break.", "Are you coping?", "How have you been coping?"),
    ("I'm exhausted after just making a cup of tea.", "Are you resting enough?", "How have you been resting?"),
    ("I'm exhausted after just making a cup of tea.", "are you sleeping at the moment",
     "How have you been sleeping?"),
    ("I refuse to go to that group again.", "Are you sure?", "How do you feel about that?"),
])
def test_yes_no_questions_get_an_open_question_that_fits(coder, said, reply, rewrite):
    assert rewrites(coder, reply, said, code="question.closed") == [rewrite]


def test_the_verb_templates_still_serve_ordinary_doings(coder):
    assert rewrites(coder, "Do you have to work?") == ["What's it like for you having to work?"]
    assert rewrites(coder, "Do you take the tablets every day?") == [
        "What's it like for you taking the tablets every day?"]
    assert rewrites(coder, "Are you taking the metformin?") == ["What's it like taking the metformin?"]


# -- a statement checked with a tag or a rising tone: said back, it is a reflection ----------------
@pytest.mark.parametrize("said, reply, rewrite", [
    ("I'm looking after Mum full time and I never get a break.", "That must be exhausting, isn't it?",
     "That must be exhausting."),
    ("I can't sleep.", "It's hard, isn't it?", "It's hard."),
    ("The doctor keeps going on about my weight.", "That upsets you, doesn't it?", "That upsets you."),
    ("It's the only thing that calms me down.", "Smoking calms you down?", "Smoking calms you down."),
    ("I've tried every diet going and nothing works.", "Nothing works?", "Nothing works."),
    # a detail to confirm, or a claim about what the person does, keeps the general rewrite
    ("I had a takeaway three times last week.", "Three times?",
     "Tell me more about that. What's it like for you?"),
    ("I have a few glasses of wine most nights.", "You're drinking too much, aren't you?",
     "Tell me more about that. What's it like for you?"),
    ("The new tablets haven't helped at all.", "You did take them as prescribed, didn't you?",
     "Tell me more about that. What's it like for you?"),
])
def test_tagged_and_rising_questions_are_reworked_as_reflections(coder, said, reply, rewrite):
    assert rewrites(coder, reply, said, code="question.closed") == [rewrite]


def test_a_rewrite_for_a_reason_is_checked_like_any_template(tmp_path):
    from simulator.paths import RUBRICS_DIR
    from simulator.rubric import validate_rubric

    text = (RUBRICS_DIR / "core.yaml").read_text(encoding="utf-8")
    path = tmp_path / "core.yaml"
    path.write_text(text.replace("tag: '{statement}.'", "tag: '{statment}.'"), encoding="utf-8")
    problems = validate_rubric(path)
    assert problems and "unknown placeholder {statment}" in problems[0].message


# -- second pass over the corpus: more shapes of closed question and advice ------------------------
@pytest.mark.parametrize("said, reply, rewrite", [
    ("I only drink at weekends really.", "have you ever tried to stop",
     "What has it been like when you've tried to stop?"),
    ("My sugars have been all over the place.", "Have you been taking the metformin?",
     "What has it been like taking the metformin?"),
    ("I'm exhausted after just making a cup of tea.", "Have you been back to work?",
     "What has it been like when you've been back to work?"),
    ("The evenings are the worst, it's so quiet.", "Have you got anyone to talk to?", "Who do you have to talk to?"),
    ("I comfort eat when I'm stressed.", "Would you like to lose weight?", "How do you feel about losing weight?"),
    ("I used to run marathons.", "Are you able to work?", "How are you getting on with working?"),
    ("I only drink at weekends really.", "Is that because you're bored?", "What do you think is behind that?"),
    ("Some days I can't get out of bed with my back.", "Is it a sharp pain or a dull ache?",
     "How would you describe it?"),
    ("I've tried every diet going and nothing works.", "Was it hard?", "What was that like for you?"),
    ("I snapped at her yesterday and I feel awful.", "Were you tired?", "What was it like being tired?"),
    ("I'm looking after Mum full time.", "Is that hard?", "What's that like for you?"),
    # an inverted question with a rising tone is not a statement to say back
    ("I comfort eat when I'm stressed.", "Does work stress you out?",
     "Tell me more about that. What's it like for you?"),
])
def test_more_closed_questions_get_a_fitting_rewrite(coder, said, reply, rewrite):
    assert rewrites(coder, reply, said, code="question.closed") == [rewrite]


@pytest.mark.parametrize("reply, rewrite", [
    ("One thing you could do is ring the council.",
     "Would it be OK if I shared an idea? Some people find it helps to ring the council. What do you make of that?"),
    ("You could get a cat.", "Would it be OK if I shared an idea? Some people find it helps to get a cat. "
                             "What do you make of that?"),
])
def test_more_advice_gets_a_fitting_rewrite(coder, reply, rewrite):
    assert rewrites(coder, reply, code="advice.unsolicited") == [rewrite]


def test_a_question_cut_off_to_its_tag_gets_the_general_rewrite(coder):
    # unpunctuated "...aren't you" split off alone: no "What's it like being that?"
    shown = rewrites(coder, "you're doing the exercises aren't you", "Some days I can't get out of bed.",
                     code="question.closed")
    assert shown == ["Tell me more about that. What's it like for you?"]


# -- the reflection hint says back the person's words as they would be said back -----------------
@pytest.mark.parametrize("said, stem", [
    # names and initials keep their capitals
    ("I'm looking after Mum full time and I never get a break.",
     "you're looking after Mum full time and you never get a break"),
    ("My GP says my blood pressure is high.", "your GP says your blood pressure is high"),
    # a long sentence is cut where a clause starts, not mid-clause
    ("I know I should stop smoking but it's the only thing that calms me down.",
     "it's the only thing that calms you down"),
    ("I used to run marathons and now I can't walk to the end of the road.",
     "now you can't walk to the end of the road"),
    ("We've tried everything, me and my husband.", "you've tried everything, you and your husband"),
])
def test_the_persons_words_are_said_back_in_the_coachs_voice(said, stem):
    assert flip(said) == stem


def test_the_reflection_hint_keeps_names_and_the_persons_grammar(coder):
    conv = Conversation(coder)
    conv.patient("I'm here about my mum.")
    conv.coach("Do you live with her?")
    conv.patient("I'm looking after Mum full time and I never get a break.")
    conv.coach("What is that like?")
    conv.patient("My GP says I should get a carer's assessment.")
    conv.coach("What did you think?")
    conv.patient("I went to the GP on Tuesday and she was nice about it.")
    conv.coach("Who else knows?")
    # "she was" stays "she was"; only "I was" becomes "you were"
    assert '"So you went to the GP on Tuesday and she was nice about it..."' in conv.hint()
    assert flip("I was tired and he was out.") == "you were tired and he was out"


def flip(text):
    from simulator.rubric.templates import flip_pronouns

    return flip_pronouns(text)


def test_a_should_question_is_not_reworked_into_endorsing_it(coder):
    assert rewrites(coder, "Should you be eating that much?", code="question.closed") == [
        "How do you feel about how things are going with that?"]


def test_directive_feedback_says_what_to_do_instead(coder):
    coding = coder.code("You need to quit.", previous_patient="I smoke twenty a day.")
    feedback = next(ev.feedback for ev in coding.evidence if ev.code == "advice.unsolicited")
    assert feedback == 'A directive ("you need to...") tells the person what to do; ask what they think would help.'


@pytest.mark.parametrize("reply", [
    "You're wasting appointments.",
    "There's nothing really wrong with you.",
    "you're being a bit dramatic",
])
def test_dismissing_a_worry_is_reworked_as_asking_about_it(coder, reply):
    said = "I've been in four times this month about my chest."
    assert rewrites(coder, reply, said, code="judgement") == [
        "It sounds like this has really been worrying you. What worries you most about it?"]
    coding = coder.code(reply, previous_patient=said)
    assert coding.codes == ("judgement",)
    assert "not believed" in coding.evidence[0].feedback


@pytest.mark.parametrize("reply", ["Come on, it wasn't that bad.", "That's not true.",
                                   "Don't you realise how serious this is?"])
def test_arguing_is_reworked_as_asking_for_the_persons_view(coder, reply):
    assert rewrites(coder, reply, "I refuse to go to that group again.", code="judgement") == [
        "It sounds like you see it differently. Tell me more about how it looks to you."]


def test_an_instruction_rewrite_leaves_out_what_it_promises(coder):
    assert rewrites(coder, "Just skip the second can and you'll be fine.", code="advice.unsolicited") == [
        "If you wanted to, how might you skip the second can? It's your call."]
