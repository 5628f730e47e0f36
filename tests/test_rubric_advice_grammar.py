"""Advice found by its grammar rather than by phrases (issue 11, item 4): obligations in the
future and the negative, suggestions put as questions, softened recommendations, the coach's
hopes for a deed, what others find helps. Each shape has sentences that advise and sentences
of the same shape that do not. Sentences are our own."""
from __future__ import annotations

import pytest

ADVICE = ("advice.unsolicited", "advice.permitted")
WEEK = "I've had a drink most nights this week and forgot the tablets twice."


def advises(coder, reply: str, said: str = "") -> bool:
    coding = coder.code(reply, previous_patient=said)
    return any(coding.has(code) for code in ADVICE)


@pytest.mark.parametrize("reply", [
    "You're going to need to cut down on the takeaways.",
    "You'll have to take the tablets with food.",
    "You'll really need to keep an eye on your sugars.",
    "You're gonna have to ring the surgery first thing.",
    "You don't need a second coffee in the afternoon.",
    "You do not need to drive to the shop at the end of the road.",
])
def test_obligations_in_the_future_or_the_negative_are_advice(coder, reply):
    assert advises(coder, reply), reply


@pytest.mark.parametrize("reply", [
    "You'll have to tell me more about that.",
    "You don't need to decide anything today.",
    "You don't need to worry about saying the wrong thing here.",
    "What do you think you're going to need to do first?",
    "If you'll have to work late, how will the evenings go?",
    "There's no reason why you shouldn't be able to manage it.",
    "You should be able to get a lift from your sister.",
])
def test_reassurance_questions_and_predictions_of_ability_are_not_directives(coder, reply):
    assert not advises(coder, reply), reply


@pytest.mark.parametrize("reply", [
    "How about walking to work on the dry days?",
    "How about you ring the pharmacy in the morning?",
    "How about just swapping the biscuits for fruit?",
])
def test_a_suggestion_put_as_how_about_is_advice(coder, reply):
    assert advises(coder, reply), reply


@pytest.mark.parametrize("reply", [
    "What about the evenings?",
    "And what about cycling, how has that been?",
    "How about telling me what a good week looks like?",
    "How about we talk about the weekend?",
    "How about drinking do you miss most?",
])
def test_topics_and_invitations_after_how_about_are_not_advice(coder, reply):
    assert not advises(coder, reply), reply


@pytest.mark.parametrize("reply", [
    "It might not be a bad idea to book a review with the nurse.",
    "It wouldn't be a bad idea if you kept a food diary.",
    "That would not be such a bad idea to try before the wedding.",
])
def test_a_recommendation_softened_as_not_a_bad_idea_is_advice(coder, reply):
    assert advises(coder, reply), reply


@pytest.mark.parametrize("reply", [
    "It might not be a bad idea to talk about what you want from today.",
    "That wasn't a bad idea of yours at all.",
])
def test_not_a_bad_idea_about_talking_or_their_own_idea_is_not_advice(coder, reply):
    assert not advises(coder, reply), reply


@pytest.mark.parametrize("reply", [
    "I hope you consider switching to the nicotine patch.",
    "I really hope you try the walking group next week.",
    "I hope you keep taking the inhaler every morning.",
])
def test_the_coachs_hope_for_a_deed_is_advice(coder, reply):
    assert advises(coder, reply), reply


@pytest.mark.parametrize("reply", [
    "I hope you feel better soon.",
    "I hope you had a good weekend.",
    "I hope you know how much you've done already.",
    "I hope you don't mind me asking.",
    "I hope you enjoyed the wedding.",
])
def test_hopes_for_the_person_that_ask_for_no_deed_are_not_advice(coder, reply):
    assert not advises(coder, reply), reply


@pytest.mark.parametrize("reply", [
    "A lot of people find it helps to keep a diary of the cravings.",
    "Some people have found it useful to have the first cigarette later each day.",
    "Many people find that helps with the evenings.",
])
def test_what_others_find_helps_is_advice(coder, reply):
    assert advises(coder, reply), reply


@pytest.mark.parametrize("reply", [
    "A lot of people find the first week the hardest.",
    "Some people find it hard to talk about.",
])
def test_what_others_find_hard_is_not_advice(coder, reply):
    assert not advises(coder, reply), reply


@pytest.mark.parametrize("reply", [
    "We have to charge you for the letter, I'm afraid.",
    "We need to ask you a few questions for the form.",
    "You could envision yourself on the start line.",
    "You might just learn a lot about what sets it off.",
])
def test_the_service_acting_on_the_person_and_what_they_might_picture_or_learn_are_not_advice(coder, reply):
    assert not advises(coder, reply), reply


def test_we_still_advise_when_the_plan_is_about_the_person(coder):
    assert advises(coder, "We need to get your drinking down before the operation, you know.")


@pytest.mark.parametrize("reply, advice", [
    ("I think you could ring the surgery tomorrow.", True),
    ("I think you might try the patch again.", True),
    ("Do you think you could ring the surgery tomorrow?", False),
    ("I don't think you could have done more.", False),
    ("You think you could manage the stairs by summer.", False),
])
def test_the_coachs_own_i_think_you_could_suggests_where_another_think_does_not(coder, reply, advice):
    assert advises(coder, reply) is advice, reply


@pytest.mark.parametrize("reply, advice", [
    ("I think walking after tea would really help.", True),
    ("I believe keeping a diary could make a big difference.", True),
    ("I think cutting out the last glass each night and leaving the bottle in the garage would be the best thing.", True),
    ("I think having a drink helps you relax, from what you say.", False),   # the person's view, said back
    ("I think talking about it would help.", False),                         # an invitation to talk
    ("I think coming here today took courage, and that will help.", False),  # an affirmation
])
def test_the_coachs_view_that_a_deed_would_help_is_advice(coder, reply, advice):
    assert advises(coder, reply) is advice, reply


@pytest.mark.parametrize("reply, advice", [
    ("Give it a go.", True),
    ("Well, give it a shot and see how you get on.", True),
    ("Would you want to give it a go?", False),     # asks what the person wants
])
def test_telling_the_person_to_give_it_a_go_is_advice_and_asking_is_not(coder, reply, advice):
    assert advises(coder, reply) is advice, reply


# -- raising a concern (MISC 2.5): advice without permission, permitted with it -----------------
@pytest.mark.parametrize("reply", [
    "I'm really worried about how much you're drinking.",
    "as your nurse i'm concerned about your blood pressure",
    "My main concern is your sugar levels.",
    "What worries me is how often you're skipping the tablets.",
    "It concerns me that you're driving home after a few.",
])
def test_raising_a_concern_unasked_is_advice_without_permission(coder, reply):
    coding = coder.code(reply, previous_patient=WEEK)
    assert coding.has("advice.unsolicited"), coding.codes
    assert any(e.rule.startswith("advice.raise_concern:") for e in coding.evidence)


def test_a_concern_raised_after_the_person_agreed_to_hear_it_is_permitted(coder):
    coding = coder.code("I'm a bit worried about your blood pressure.", previous_patient="Go on then.",
                        permission_granted=True)
    assert coding.has("advice.permitted") and not coding.has("advice.unsolicited")


@pytest.mark.parametrize("reply", [
    "So you're worried about your drinking.",               # the person's worry, said back
    "Are you worried about your sugar levels?",              # asks about theirs
    "I was worried about you after the fall. How have you been?",  # care for the person, no behaviour
    "I'm not worried about that at all.",
    "I'm concerned that you feel so alone with it.",         # concern for a feeling, not a behaviour
])
def test_the_persons_own_worry_and_care_for_them_are_not_a_concern_raised(coder, reply):
    assert not advises(coder, reply, WEEK), reply


@pytest.mark.parametrize("reply", [
    "You'd be better off switching to smaller glasses.",
    "Honestly, you would probably be far better off leaving the car at home.",
    "It'd be worth keeping a note of what you eat for a fortnight.",
    "That might really be worth trying after the school run.",
])
def test_the_persons_gain_or_a_deed_worth_doing_is_advice(coder, reply):
    assert advises(coder, reply, WEEK), reply


@pytest.mark.parametrize("reply, said", [
    ("It's worth knowing that the clinic is open late on Thursdays.", WEEK),     # informs
    ("That's worth talking about a bit more.", WEEK),                           # invites talk
    ("You think you'd be better off on your own for a while.", "I think I'd be better off on my own."),
    ("Don't you think it'd be worth a look?", WEEK),                            # no deed named
    ("Have you tried cutting down before?", WEEK),                              # the person's history
    ("Have you tried the patches at any point?", WEEK),
])
def test_views_history_and_facts_of_the_same_shape_are_not_advice(coder, reply, said):
    assert not advises(coder, reply, said), reply
