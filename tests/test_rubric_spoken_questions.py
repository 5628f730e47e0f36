"""Questions without punctuation, as speech-to-text writes them, and a question split over two
rows of the same speaker. Sentences are our own."""
from __future__ import annotations

import pytest

from simulator.rubric import Conversation


def asks(coding) -> str | None:
    if coding.has("question.open"):
        return "open"
    return "closed" if coding.has("question.closed") else None


@pytest.mark.parametrize("text, kind", [
    ("okay so i'm wondering have you noticed any change in your sleep", "closed"),   # inversion after curiosity
    ("i'm curious are there times it feels easier", "closed"),
    ("right um what's been going on with the walking", "open"),                      # wh-word after a marker
    ("yeah and who's around to help you with the kids", "open"),
    ("okay can we take a minute to look at the form", "closed"),                    # inversion after a marker
    ("so you've been on the tablets for how long", "closed"),                       # the question word left in place
    ("we'll look again in a month does that sound okay", "closed"),                 # a spoken tag
    ("you'd cut down to three nights a week is that what you're saying", "closed"),
    ("how do you feel about the drinking now", "open"),
    ("can you tell me a bit about your week", "open"),                              # a request that works as open
    ("is it the mornings or the evenings that are hardest", "closed"),             # either/or
    ("the kids were off school all week what's that been like", "open"),           # a contracted wh-word after a noun
    ("so this new job how's it going", "open"),
    ("yeah what what's the hardest part", "open"),                                  # a restart keeps the contraction
    ("that's really good what about your sleep", "open"),                           # "about", not the article "a"
    ("the walks went well what helps you keep going", "open"),                     # "helps", not the pronoun "he"
    ("okay and then what today made you want to come in", "open"),                  # "today", not "to"
    ("you've been busy with work is there any time left for you", "closed"),       # "any" after "is there"
    ("so thinking about all that are there any changes you'd want", "closed"),
    ("the kids were off school how'd that go", "open"),                            # "how'd": how did
    ("we'll look at the results next week sound okay", "closed"),                  # "does that" left out
    ("that sound alright", "closed"),
    ("cutting down at weekends is that something you'd try", "closed"),
    ("whats stopping you", "open"),                                                 # "what's" typed without its apostrophe
    ("ok hows the new job going", "open"),
])
def test_spoken_questions_are_found_without_a_question_mark(coder, text, kind):
    assert asks(coder.code(text, previous_patient="i don't know really")) == kind, text


@pytest.mark.parametrize("text", [
    "that's what's hard about the mornings",             # a wh-word inside a statement
    "the thing is that the kids come first",
    "i think what's happened is the routine went",
    "you know what you want from this",
    "it comes down to what's important to you",          # the object of a preposition
    "and that's what's kept you going",
    "you sound like someone who's been through a lot",   # "who's" joins a relative clause
    "the point is that something has to give",           # "is that something" with a verb after it
    "there isn't any time left for me",                  # "any" without the inversion
    "that sounds alright to me",                         # agreement, with the verb's -s
    "you don't want to be the bloke who's had a few at the wedding",   # "who's had": has had, in a relative clause
    "it sounds like nobody has really believed how much it hurts",     # a wh-clause after a verb in any tense
])
def test_statements_with_question_words_inside_do_not_ask(coder, text):
    assert asks(coder.code(text, previous_patient="i don't know really")) is None, text


def test_a_question_split_over_two_rows_is_read_as_one(coder):
    conv = Conversation(coder)
    conv.patient("it just gets on top of me")
    first = conv.coach("and how")
    second = conv.coach("do you feel about that now")
    assert asks(second) == "open", second.codes   # "how do you feel...", not "do you feel...?"
    assert not first.codes
    assert all(0 <= ev.start <= ev.end <= len(second.text) for ev in second.evidence)
    assert second.evidence[0].matched == second.text[second.evidence[0].start:second.evidence[0].end]


def test_rows_after_a_full_stop_or_the_persons_turn_are_read_alone(coder):
    conv = Conversation(coder)
    conv.patient("it just gets on top of me")
    conv.coach("And how.")
    assert asks(conv.coach("do you feel about that now")) == "closed"
    conv.coach("and how")
    conv.patient("mm")
    assert asks(conv.coach("do you feel about that now")) == "closed"
