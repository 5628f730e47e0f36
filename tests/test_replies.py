"""The reply reader: what a coach reply asks of the person, and what of theirs it took up."""
from __future__ import annotations

import pytest

from simulator.replies import (adds_what_was_said, content_words, fact_words, incidental, line_key,
                               normalise, number_word, polarity, read_reply)

OPEN, GOAL, CLOSED = ["question.open"], ["question.open", "goal"], ["question.closed"]
HEARD = ["I drink four cans a night on the sofa, then I can't sleep."]


@pytest.mark.parametrize("text, codes, kind, scale", [
    ("On a scale of 0 to 10, how important is cutting down to you?", GOAL, "scale_importance", "importance"),
    ("If 0 is not at all and 10 is very, how confident are you that you could?", GOAL,
     "scale_confidence", "confidence"),
    ("How would you rate it out of ten?", GOAL, "scale_importance", "readiness"),
    ("How confident are you, from 0 to 10, that you could?", GOAL, "scale_confidence", "confidence"),
    ("How sure are you about that?", OPEN, None, None),      # a question, not a rating
    ("What makes it a seven and not a three?", GOAL, "scale_reasons", None),
    ("Why that high rather than lower?", OPEN, "scale_reasons", None),
    ("Why didn't you pick a lower number, like a three?", GOAL, "scale_reasons", None),
    ("Why did you say seven?", GOAL, "scale_reasons", None),
    ("What would it take to get you from a four to a six?", OPEN, "scale_higher", None),
    ("What might a first step be?", GOAL, "next_step", None),
    ("Where would you like to start?", GOAL, None, None),   # an open door, not a plan
    ("Would it be OK if I shared something about the clinic?", ["question.closed", "permission"],
     "permission", None),
    ("Talk me through a typical day.", OPEN, "typical_day", None),
    ("What's a shift like, on your knee?", OPEN, "typical_day", None),
    ("What have you tried before?", OPEN, "past_attempts", None),
    ("Who could help you with this?", OPEN, "support", None),
    ("What gets in the way?", OPEN, "barriers", None),
    ("What matters most to you?", OPEN, "matters", None),
    ("How do you feel about that?", OPEN, "feelings", None),
    ("Do you drink in the mornings?", CLOSED, "closed", None),
    ("What's been happening since the diagnosis?", OPEN, "recent_story", None),
    ("How have things been since you were told?", OPEN, "recent_story", None),
    ("What happened when you went back to work?", OPEN, "recent_story", None),
    ("What have the last two weeks been like?", OPEN, "recent_story", None),
    ("What would happen if you stopped?", OPEN, None, None),          # a guess ahead, not the story
    ("What happens when you try to cut down?", OPEN, None, None),
    ("What happened last time you tried?", OPEN, "past_attempts", None),
    ("What happened after that?", OPEN, None, None),                  # the story told goes on
    ("How has that been for you?", OPEN, "feelings", None),
    ("How is all of that for you?", OPEN, "feelings", None),
    ("What would you want for yourself, if there was room for it?", GOAL, "matters", None),
    ("What did you used to enjoy, before all this?", OPEN, "matters", None),
    # Someone else's feelings are not theirs: what Jade feels is her view, not a feelings answer.
    ("How does Jade feel about it?", OPEN, "others_view", None),
    ("What are Jade's feelings about it?", OPEN, "others_view", None),
    ("How do you really feel about it?", OPEN, "feelings", None),
    ("What have you already tried?", OPEN, "past_attempts", None),   # an adverb before the trying
    ("What did you actually try?", OPEN, "past_attempts", None),
    ("What got in the way last time?", OPEN, "barriers", None),     # the obstacle, not the attempt
    ("What stopped you last time?", OPEN, "barriers", None),
    ("That must have been frightening.", ["reflection.complex"], "feelings", None),   # a guessed feeling
    ("I imagine that was hard.", ["reflection.complex"], "feelings", None),
    ("That must have been frightening, sat on the sofa with four cans.", ["reflection.complex"],
     "reflection", None),                                            # took up their words: go on
    ("It must be nearly time for your bus.", ["question.closed"], "closed", None),   # not a reflection
    ("Tell me about a typical working day.", OPEN, "typical_day", None),   # a word says which day
    ("And what would be better?", OPEN, "matters", None),
    ("Would it be better to cut down first?", CLOSED, "closed", None),   # a yes/no, not what matters
    ("If you did decide to stop, how would you go about it?", GOAL, "next_step", None),
    ("What's stopping it being lower?", OPEN, "scale_reasons", None),   # after a rating: its reasons
    ("What's that been like for you?", OPEN, "feelings", None),
])
def test_a_reply_is_read_for_the_answer_it_calls_for(text, codes, kind, scale):
    reading = read_reply(text, codes, HEARD)
    assert (reading.kind, reading.scale) == (kind, scale)


@pytest.mark.parametrize("text, codes", [
    ("What would you like to get out of today?", OPEN),
    ("Thanks for coming in. What would you like to get out of our time together?", OPEN),
    ("What would make this morning worth it for you?", OPEN),
    ("What are you hoping for from today?", GOAL),
    ("What would you like us to focus on today?", OPEN),
    ("What would make this time useful for you?", OPEN),
    ("what do you want from this appointment", GOAL),          # spoken: no capitals, no mark
    ("What are you hoping to get from this session?", GOAL),
    ("What would make today worth your while?", OPEN),
    ("What would you like to talk about today?", OPEN),        # an opening, not what matters
    ("Where would you like to start today?", GOAL),            # the visit's start, not a plan
    ("What would you like to start with today?", OPEN),
    ("How could we use this time?", OPEN),
    ("How can I help you today?", OPEN),                       # not who could help them
    ("What would a good outcome be for today?", OPEN),
    ("What do you hope to get from coming here?", GOAL),
    ("What are you hoping for from this call?", OPEN),          # a telephone appointment
    ("Is there anything you'd like to get out of today?", CLOSED),   # closed in form, open in use
])
def test_what_the_person_wants_from_this_appointment_is_asked_by_its_own_kind(text, codes):
    assert read_reply(text, codes, HEARD).kind == "today"


@pytest.mark.parametrize("text, codes, kind", [
    ("What would you like to change?", GOAL, None),          # a change, not this visit
    ("What are you hoping for?", GOAL, "matters"),
    ("What would you want for yourself?", GOAL, "matters"),
    ("What do you want out of life?", GOAL, "matters"),
    ("What would you like to get out of the tablets?", OPEN, None),
    ("What will you do first?", GOAL, "next_step"),
    # 'Today' says when, and the tablets are named: it asks what they would do about them, as
    # "what do you want" asked before, not what they want from the visit.
    ("What do you want to do today about the tablets?", GOAL, "matters"),
    ("Can we talk about your drinking today?", ["question.closed", "permission"], "permission"),
    ("What would you like to do differently from today on?", GOAL, "next_step"),
    ("What did you talk about with the doctor today?", OPEN, None),
    ("What would make it worth it for you to take them?", OPEN, None),
    ("What did you get out of coming in today?", OPEN, None),          # looking back
    ("Is there anything else you'd like to talk about today?", OPEN, None),   # a closing check
    ("You want something out of today.", ["reflection.simple"], None),     # said back, not asked
])
def test_what_is_not_a_question_about_this_appointment(text, codes, kind):
    assert read_reply(text, codes, HEARD).kind == kind


@pytest.mark.parametrize("text, codes", [
    ("What brings you in today?", OPEN),
    ("What's brought you here today?", OPEN),
    ("So what brings you along?", OPEN),
    ("what made you come in", OPEN),                           # spoken: no capitals, no mark
    ("Tell me what brings you here.", OPEN),
    ("What brought you to see me?", OPEN),
    ("What made you decide to come along today?", OPEN),
    ("What prompted you to book this appointment?", OPEN),
    ("What made you want to come and see me?", OPEN),
    ("okay so what brought you in", OPEN),
    ("So, what's led you to coaching?", OPEN),
    ("What brings you back today?", OPEN),                     # a follow-up appointment
    ("Who sent you?", OPEN),
    ("Why have you come in today?", OPEN),
    ("Why are you here?", OPEN),
    ("How come you're here today?", OPEN),
    ("How did you end up here?", OPEN),
    ("What's the reason for your visit?", OPEN),
    ("What made you come?", OPEN),
    ("Why did the doctor send you?", OPEN),
    ("What's prompted the visit?", OPEN),
    ("What did you come in for?", OPEN),
    ("What's led to you coming in?", OPEN),
    ("hi keith, whats brought you in today", OPEN),           # typed without the apostrophe
])
def test_why_the_person_came_is_asked_by_its_own_kind(text, codes):
    assert read_reply(text, codes, HEARD).kind == "why_here"


@pytest.mark.parametrize("text, codes, kind", [
    ("What brings you joy?", OPEN, None),                      # no place after it: not a visit
    ("What brings you down?", OPEN, None),
    ("What brings you comfort on a bad day?", OPEN, None),
    ("What made you come off the tablets?", OPEN, None),       # 'come' with no visit
    ("What made you come to that number?", OPEN, None),
    ("What made you decide to stop smoking?", OPEN, None),
    ("What made you book the stop smoking clinic?", OPEN, None),   # their step, not this visit
    ("What led you back to smoking?", OPEN, None),
    ("Why do you come in so often?", OPEN, None),              # a habit, not this visit
    ("What led to the diagnosis?", OPEN, None),
    ("What did you come off the tablets for?", OPEN, None),
    ("What made you want to stop last time?", OPEN, "past_attempts"),
    ("What would you like to get out of today?", OPEN, "today"),   # what they want, not why they came
    ("You came in today even though it was hard.", ["affirmation"], None),   # said, not asked
])
def test_what_is_not_a_question_about_why_they_came(text, codes, kind):
    assert read_reply(text, codes, HEARD).kind == kind


def test_a_summary_or_reflection_is_answered_as_one_only_when_it_heard_the_person():
    assert read_reply("So the four cans help you sleep.", ["reflection.simple"], HEARD).kind == "reflection"
    assert read_reply("So you feel worried.", ["reflection.complex"], HEARD).kind is None
    assert read_reply("So: cans, the sofa, no sleep.", ["summary"], HEARD).kind == "summary"
    # A summary of nothing they said is one they put right.
    assert read_reply("So there's a lot going on for you.", ["summary"], HEARD).kind == "summary_missed"


def test_uptake_is_the_person_s_own_words_and_a_formula_takes_up_none():
    took = read_reply("The cans on the sofa are how you wind down.", ["reflection.complex"], HEARD)
    assert content_words("cans sofa") <= took.uptake and took.heard
    for formula in ("So you feel worried.", "Tell me more.", "It sounds like there's a lot going on."):
        reading = read_reply(formula, ["reflection.complex"], HEARD)
        assert not reading.uptake and not reading.heard


def test_a_guess_from_the_briefing_is_not_hearing():
    reading = read_reply("Your daughter's wedding is on your mind.", ["reflection.complex"], HEARD,
                         world=content_words("his daughter's wedding in June"))
    assert not reading.heard and content_words("wedding") <= reading.guessed


def test_moves_given_as_codes_alone_are_taken_as_heard():
    reading = read_reply("", ["reflection.simple"])
    assert reading.heard and reading.kind == "reflection" and not reading.worded


def test_a_directive_moralises_only_when_it_blames_or_labels():
    assert not read_reply("You need to cut down.", ["advice.unsolicited", "judgement"]).moralising
    assert read_reply("You should know better.", ["judgement"]).moralising
    assert read_reply("Stop making excuses and cut down.", ["advice.unsolicited"]).moralising


def test_an_apology_is_heard():
    assert read_reply("Sorry, I jumped in there.", []).apology
    assert not read_reply("What would you like to do?", OPEN).apology


@pytest.mark.parametrize("text, phrase, passing", [
    ("do you spend much time lying down", "down", True),
    ("do you feel down", "down", False),
    ("what works for you", "works", True),
    ("how is work", "work", False),
    ("could we work on that", "work", True),
    ("you want something that actually works", "works", True),   # a verb after its adverb
    ("so you miss the works", "works", False),                   # the works: a place
    ("every time you push you pay for it", "pay", True),          # what it costs them
    ("do you get sick pay for it", "pay", False),                 # the money
])
def test_a_topic_word_in_passing_is_not_the_topic(text, phrase, passing):
    words = normalise(text)
    at = words.index(phrase)
    assert incidental(words, at, at + 1) is passing


def test_polarity():
    assert polarity("Yes, most days.") is True
    assert polarity("Not really.") is False
    assert polarity("I don't know.") is None
    assert polarity("Depends.") is None


def test_lines_of_five_words_or_more_have_a_key_and_short_ones_none():
    assert line_key("Like I said.") is None
    assert line_key("I walk the dog every day.") == ("i", "walk", "the", "dog", "every", "day")


def test_number_words():
    assert [number_word(v) for v in (0, 3.4, 3.5, 10, 12)] == ["nought", "three", "four", "ten", "ten"]


def test_yes_no_questions_about_the_same_thing_share_a_fact_word():
    assert fact_words("Do you eat late?") & fact_words("Do you eat breakfast?")
    assert fact_words("Do you want to change things?") & fact_words("Is this something you want to work on?")
    assert not fact_words("Do you live on your own?") & fact_words("Do you drink?")


@pytest.mark.parametrize("said, reply", [
    ("There isn't a gap to put anything in.", "There just isn't a gap anywhere for you."),
    ("My mum needs me all day.", "It's your mum, all day."),
    ("I lost the job in March.", "Losing the job hit hard."),
    ("The dog gets me out, I suppose.", "So it's the dog."),
])
def test_a_short_word_of_the_persons_life_is_taken_up(said, reply):
    # Three letters carry a life too (mum, job, gap, dog): saying them back is hearing.
    reading = read_reply(reply, {"reflection.simple"}, [said])
    assert reading.kind == "reflection" and reading.uptake, reading


@pytest.mark.parametrize("said, reply", [
    ("I can't see how I'd fit it in.", "You can't see how you would."),
    ("It was all too much for her, and for me.", "It was all too much for you."),
    ("Yes, I did try, but it was no use.", "You did try, but it was no use."),
])
def test_short_function_words_said_back_are_still_a_formula(said, reply):
    # "can", "see", "how", "all", "for", "her", "did", "try", "use" fit anyone: no uptake.
    reading = read_reply(reply, {"reflection.simple"}, [said])
    assert not reading.uptake and reading.kind != "reflection", reading


@pytest.mark.parametrize("line, summary, adds", [
    ("That's right. And the A&E. Don't leave out the A&E.",
     "So the physio said push through, and you ended up in A&E.", True),
    ("That's right. And the A&E. Don't leave out the A&E.", "So nine years, and the scans are clear.", False),
    ("Sort of. You've left out the job. That's the thing keeping me up.", "So the job, and the crashes.", True),
    ("Yeah. That's it. That's the first time anyone's said it back to me right.",
     "So the physio said push through, and you ended up in A&E.", False),   # confirms, adds nothing
])
def test_a_summary_answer_adds_only_what_the_summary_left_out(line, summary, adds):
    assert adds_what_was_said(line, summary) is adds


@pytest.mark.parametrize("text, codes, whom", [
    ("What does Julie worry about?", OPEN, {"julie"}),
    ("How does your wife feel about your drinking?", OPEN, {"wife"}),
    ("What would your daughter say if she saw you now?", OPEN, {"daughter"}),
    ("What does your husband make of it?", OPEN, {"husband"}),
    ("what would mick have said", OPEN, {"mick"}),                  # spoken: no capitals, no mark
    ("What do you think your other half would say?", OPEN, {"other", "half"}),
    ("How worried is your daughter about you?", OPEN, {"daughter"}),
    ("What's her take on it?", OPEN, {"her"}),                      # "her": whoever was named last
    ("How do they feel about it at home?", OPEN, {"they"}),
    ("What did the doctor actually say?", OPEN, {"doctor"}),
    ("What do the kids think?", OPEN, {"kids"}),
    ("Does your wife worry about you?", CLOSED, {"wife"}),          # the same asked as a yes or no
    ("I wonder what your mum would make of it.", OPEN, {"mum"}),
])
def test_a_question_about_what_someone_else_thinks_feels_or_says_is_asked_by_its_own_kind(text, codes, whom):
    reading = read_reply(text, codes, HEARD)
    assert (reading.kind, set(reading.others)) == ("others_view", whom)


@pytest.mark.parametrize("text, codes, kind", [
    ("How do you feel about your wife's worry?", OPEN, "feelings"),   # the person's own feelings
    ("What does the leaflet say?", OPEN, None),                      # a thing, not a person
    ("What does it say on the box?", OPEN, None),
    ("What does research say about it?", OPEN, None),
    ("How does walking feel on your knee?", OPEN, None),              # a gerund does not think
    ("What does diabetes feel like?", OPEN, None),                    # what it is like
    ("How is your wife?", OPEN, None),                                # after her, not her view
    ("Does your wife drink?", CLOSED, "closed"),                      # a fact about her
    ("You're worried what Julie thinks.", ["reflection.complex"], None),   # said back, not asked
    ("Who could help you with this?", OPEN, "support"),
])
def test_what_is_not_a_question_about_someone_else_s_view(text, codes, kind):
    assert read_reply(text, codes, HEARD).kind == kind


INFORMED = ["information"]


@pytest.mark.parametrize("text", [
    "What do you make of that?",
    "How does that sound to you?",
    "What are your thoughts on what I've said?",
    "Does any of that fit for you?",
    "how does that sound",
    "What do you think about the idea?",
    "How do you feel about that?",                  # after being told, it asks what they make of it
    "Any thoughts?",
])
def test_a_question_straight_after_information_asks_for_the_person_s_reaction(text):
    assert read_reply(text, OPEN, HEARD, after_input=True).kind == "reaction"


def test_a_question_tacked_onto_advice_in_the_same_reply_asks_for_a_reaction():
    text = "Some people find set nights off easier than cutting down every night. What do you make of that?"
    assert read_reply(text, ["advice.permitted", "question.open"], HEARD).kind == "reaction"


@pytest.mark.parametrize("text, kind", [
    ("What do you make of that?", None),             # after a reflection: about what they said
    ("How does that sound to you?", None),
    ("How do you feel about that?", "feelings"),
    ("Does any of that fit for you?", "closed"),
])
def test_the_same_question_with_nothing_told_before_it_is_no_reaction(text, kind):
    codes = CLOSED if text.startswith("Does") else OPEN
    assert read_reply(text, codes, HEARD, after_input=False).kind == kind


def test_after_information_a_question_about_something_else_is_still_that_question():
    assert read_reply("What gets in the way?", OPEN, HEARD, after_input=True).kind == "barriers"
    assert read_reply("How sure are you that you could do it?", OPEN, HEARD,
                      after_input=True).kind == "confidence_words"


@pytest.mark.parametrize("text, codes", [
    ("How sure are you that you could manage it?", OPEN),
    ("How confident do you feel about doing that?", OPEN),
    ("How confident are you?", OPEN),
    ("How certain are you that you'd be able to keep it up?", OPEN),
    ("how sure are you about trying that this week", OPEN),
])
def test_confidence_asked_without_a_scale_is_answered_in_words(text, codes):
    reading = read_reply(text, codes, HEARD)
    assert (reading.kind, reading.scale) == ("confidence_words", None)


@pytest.mark.parametrize("text, kind, scale", [
    ("How confident are you, from 0 to 10, that you could?", "scale_confidence", "confidence"),
    ("On a scale of 0 to 10, how sure are you that you could manage it?", "scale_confidence", "confidence"),
    ("How sure are you about that?", None, None),        # whether something is so, not if they can
    ("How sure are you that Julie will help?", None, None),
])
def test_confidence_with_a_scale_named_is_a_rating_and_sure_about_a_fact_is_neither(text, kind, scale):
    reading = read_reply(text, GOAL if scale else OPEN, HEARD)
    assert (reading.kind, reading.scale) == (kind, scale)
