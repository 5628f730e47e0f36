"""A score that cannot be gamed: formulaic reflections and "tell me more" that never explore
importance, confidence or a goal stay below "fair"; skilled sessions score above it. Every
session here is written by the project and coded by the real rubric, turn by turn."""
from __future__ import annotations

import pytest

from simulator.rubric import Conversation, Scorer


def play(coder, rubric, turns):
    conv = Conversation(coder)
    scorer = Scorer(rubric)
    for n, (patient, coach) in enumerate(turns, start=1):
        conv.patient(patient)
        scorer.add(n, conv.coach(coach))
    return scorer.result()


TABLETS = ["I keep forgetting my tablets.", "The mornings are chaos with the kids.",
           "My husband says I'm hopeless with them.", "I just get tired of it all.",
           "The doctor keeps going on at me.", "I suppose it does worry me a bit.",
           "My mum had a stroke at sixty.", "Yeah.", "I want to be around for the kids.", "It's hard."]
SMOKING = ["I've smoked since I was fifteen.", "It's the only break I get at work.",
           "My partner hates the smell.", "I tried patches once and they itched.",
           "I get really short of breath on the stairs now.", "My dad had emphysema.",
           "I don't know if I could do it.", "Maybe if I had some help.", "The kids ask me to stop.", "Mm."]
WALKING = ["My knees have been bad since the winter.", "I used to walk the dog every day.",
           "Now my daughter walks him.", "I miss the fresh air to be honest.",
           "The doctor says losing weight would help my knees.", "I've tried diets, they never last.",
           "I'm not a gym person.", "I suppose I could try short walks.", "The park is just round the corner.",
           "Maybe in the mornings."]

GAMED = [
    # a feeling formula on the person's own topic, and "tell me more"
    list(zip(TABLETS, ["So you feel frustrated about the tablets.", "Tell me more.",
                       "So you feel stressed about the mornings with the kids.", "Tell me more about that.",
                       "So you feel annoyed about your husband.", "Tell me more.",
                       "So you feel worried about the doctor.", "Tell me more.",
                       "So you feel sad about your mum.", "Tell me more about that."])),
    # "it sounds like" and "go on" on every turn
    list(zip(SMOKING, ["It sounds like you're fed up.", "Go on.", "It sounds like you're annoyed with the smell.",
                       "Go on.", "It sounds like you're scared.", "Go on.",
                       "It sounds like you're unsure.", "Go on.", "It sounds like you're sad.", "Go on."])),
    # one-word-frame feeling guesses, worded a little differently each time, and "tell me more"
    list(zip(TABLETS, ["Sounds hard.", "That sounds tough.", "Tell me more.", "Sounds difficult.",
                       "Tell me more about that.", "Sounds exhausting.", "That sounds really hard.",
                       "Tell me more.", "Sounds frustrating.", "Seems hard."])),
    # "it sounds like <their topic> is hard" on every other turn
    list(zip(WALKING, ["It sounds like your knees are hard.", "Tell me more.", "It sounds like the dog is hard.",
                       "Tell me more.", "It sounds like the doctor is hard.", "Tell me more.",
                       "It sounds like the gym is hard.", "Tell me more.", "It sounds like the park is hard.",
                       "Tell me more."])),
    # bare feeling echoes with "can you say more"
    list(zip(WALKING, ["You feel sore.", "Can you say more?", "You feel sad.", "Can you say more?",
                       "You feel pressured.", "Can you say more?", "You feel hopeless.", "Can you say more?",
                       "You feel unsure.", "Can you say more?"])),
]

SKILLED = [
    list(zip(TABLETS, [
        "What gets in the way of taking them?",
        "So the mornings are a rush with the kids, and the tablets slip through the gaps.",
        "Being called hopeless stings, especially when you're juggling so much.",
        "You're worn down by having to think about it every single day.",
        "What do you make of what the doctor's been saying?",
        "Part of you would rather not think about it, and part of you is quietly worried.",
        "Your mum's stroke is never far from your mind when you think about your own health.",
        "On a scale of 0 to 10, how important is it to you to take them every day?",
        "Being there for the kids is what this is really about for you.",
        "What might be one small step you could try this week?"])),
    list(zip(SMOKING, [
        "What does smoking do for you?",
        "So the cigarette is the one break at work that belongs to you.",
        "What are the less good things about it, for you?",
        "You gave the patches a go, and the itching put you off rather than the wanting to stop.",
        "Getting breathless on the stairs has started to worry you, given what happened to your dad.",
        "On a scale of 0 to 10, how confident are you that you could stop, if you decided to?",
        "You're not sure you could do it on your own, and yet some help might make the difference.",
        "Would it be OK if I told you what the stop smoking service can offer?",
        "The kids asking you to stop matters a great deal to you.",
        "What would you like to do next?"])),
    list(zip(WALKING, [
        "How have your knees been affecting your day?",
        "Walking the dog every day was a big part of your life.",
        "It's hard watching your daughter take him out when you used to love doing it.",
        "So the fresh air is what you miss most, not just the exercise.",
        "What do you think about what the doctor said?",
        "Diets haven't lasted, and the gym isn't you, so you want something that fits your life.",
        "How important is it to you to get walking again, on a scale of 0 to 10?",
        "Short walks feel more doable than anything else you've tried.",
        "With the park so close, a short walk could fit round your mornings.",
        "When would you like to start?"])),
]


@pytest.mark.parametrize("turns", GAMED)
def test_formulaic_reflections_and_tell_me_more_stay_below_fair(coder, rubric, turns):
    result = play(coder, rubric, turns)
    assert result.band == rubric.scoring.below, (result.score, result.band, result.band_note)
    assert result.score < rubric.scoring.bands["fair"].min_score
    assert result.metrics["formulaic"] > 0


@pytest.mark.parametrize("turns", SKILLED)
def test_skilled_sessions_score_above_fair(coder, rubric, turns):
    result = play(coder, rubric, turns)
    assert result.score > rubric.scoring.bands["fair"].min_score, (result.score, result.band_note)
    assert result.band != rubric.scoring.below, result.band_note
    assert result.metrics["formulaic"] == 0


def test_a_template_used_twice_is_not_yet_a_formula(coder, rubric):
    turns = list(zip(TABLETS[:4], ["So you feel frustrated about the tablets.", "What happens in the mornings?",
                                   "So you feel stretched between the kids and the tablets.",
                                   "What would help?"]))
    assert play(coder, rubric, turns).metrics["formulaic"] == 0


def test_a_permission_question_does_not_count_against_open_questions(coder, rubric):
    asks = list(zip(TABLETS[:3], ["What gets in the way?", "Would it be OK if I shared what helps some people?",
                                  "How does that sound?"]))
    result = play(coder, rubric, asks)
    assert result.metrics["pct_open_questions"] == 100.0, result.metrics
    assert not any("closed" in step.text for step in result.next_steps)
