"""A score a trainee can trust, and the codes it counts. Example sessions are our own
sentences, coded by the real coder; none come from the measuring data."""
from __future__ import annotations

import random

import pytest

from simulator.codes import CODES
from simulator.rubric import Coding, Conversation, Scorer, load_rubric, score_session
from simulator.words import where


# (what the person said, what the coach replied): a good session of ten replies.
GOOD = [
    ("The nurse said I should come and see you about my sugars.",
     "What would you like to get out of our time today?"),
    ("I'm tired all the time and I can't keep up with the grandkids.",
     "Keeping up with the grandchildren matters a lot to you."),
    ("I took them to the park last week and I had to sit down after ten minutes.",
     "Having to sit down while they played was hard to watch from the bench."),
    ("It was. I felt old. I'm only sixty-one.",
     "Part of you feels far older than sixty-one, and part of you isn't ready to accept that."),
    ("Exactly. I used to walk everywhere.",
     "You used to walk everywhere, and now even the park wears you out."),
    ("I had the dog then. He got me out twice a day.",
     "The dog gave you a reason to get out, rain or shine."),
    ("He did. Since he died I just sit in front of the telly.",
     "Losing him took away more than a companion; it took the shape out of your day."),
    ("Yes. I hadn't thought of it like that.",
     "On a scale of 0 to 10, how important is it to you to get some of that back?"),
    ("About an eight, I'd say.", "An eight. What makes it an eight and not a five?"),
    ("The grandkids. I want to see them grow up.",
     "Seeing them grow up is what this is really about for you."),
]
JUDGEMENT = "You should know better than to sit in all day."
ADVICE = "You should get another dog."
LECTURE = [
    "Sugar levels rise when you sit for long periods.", "You need to walk for thirty minutes a day.",
    "The guidelines say five portions of fruit and vegetables.", "You should cut out the biscuits.",
    "Have you tried the walking group at the library?", "Most people who walk after meals see lower readings.",
    "Make sure you take the tablets with food.", "The clinic runs a course on Tuesdays.",
    "You must check your feet every day.", "Do you understand?",
]


def run(coder, rubric, replies: list[str], patient=None) -> tuple[Scorer, list[Coding]]:
    conv, scorer, codings = Conversation(coder), Scorer(rubric), []
    for turn, reply in enumerate(replies, start=1):
        conv.patient(patient[turn - 1] if patient else GOOD[(turn - 1) % len(GOOD)][0])
        codings.append(conv.coach(reply))
        scorer.add(turn, codings[-1], reply)
    return scorer, codings


def good_replies() -> list[str]:
    return [coach for _, coach in GOOD]


def test_a_good_session_lands_in_the_good_range(coder, rubric):
    score = run(coder, rubric, good_replies())[0].result()
    assert 70 <= score.score <= 90 and score.band == "good", (score.score, score.band_note)
    assert not score.provisional


@pytest.mark.parametrize("slip", [JUDGEMENT, ADVICE])
def test_one_repaired_slip_in_a_good_session_halves_the_score_not_zeroes_it(coder, rubric, slip):
    replies = good_replies()
    replies[5] = slip  # the next reply says back what the person said: a repair
    scorer, codings = run(coder, rubric, replies)
    assert codings[5].has("judgement") or codings[5].has("advice.unsolicited")
    score = scorer.result()
    assert 35 <= score.score <= 55, score.score
    assert score.band != "good"
    assert not any("No judgement" in s for s in score.strengths)


def test_a_repaired_slip_costs_less_than_one_left_standing(rubric):
    good = [Coding("", ("question.open",)), Coding("", ("reflection.complex",))] * 5
    slip = Coding("", ("advice.unsolicited",))
    repaired = [*good[:4], slip, Coding("", ("reflection.complex",)), *good[5:]]
    pressed_on = [*good[:4], slip, Coding("", ("question.closed",)), *good[5:]]
    assert score_session(repaired, rubric).score > score_session(pressed_on, rubric).score


def test_one_reply_coded_advice_and_judgement_is_one_slip(rubric):
    good = [Coding("", ("question.open",)), Coding("", ("reflection.complex",))] * 5
    both = Coding("", ("advice.unsolicited", "judgement"))
    two = [*good[:4], both, *good[5:]]
    only = [*good[:4], Coding("", ("judgement",)), *good[5:]]
    assert score_session(two, rubric).score == score_session(only, rubric).score


def test_a_mostly_lecturing_session_scores_near_zero(coder, rubric):
    score = run(coder, rubric, LECTURE)[0].result()
    assert score.score <= 15, score.score
    assert score.band == rubric.scoring.below


def test_a_session_of_problems_keeps_nothing(rubric):
    session = [Coding("", ("judgement", "advice.unsolicited"))] * 6 + [Coding("", ("reflection.complex",))] * 4
    assert score_session(session, rubric).score == 0


# -- the band and the score agree -------------------------------------------------------------
def random_sessions(seed: int, count: int):
    rng = random.Random(seed)
    pool = [c for c in CODES]
    for _ in range(count):
        yield [Coding("", tuple(sorted(set(rng.sample(pool, rng.randint(1, 2))))))
               for _ in range(rng.randint(1, 16))]


@pytest.mark.parametrize("profile", ["core", "foundation", "assessment"])
def test_the_score_never_sits_in_a_band_the_session_misses(profile):
    rubric = load_rubric(profile)
    bands = rubric.scoring.bands
    for session in random_sessions(7, 400):
        result = score_session(session, rubric)
        reached = [name for name, b in bands.items() if result.score >= b.min_score]
        top = max(reached, key=lambda n: bands[n].min_score) if reached else rubric.scoring.below
        assert result.band == top, (result.score, result.band, result.band_note)


def test_a_high_scoring_session_that_misses_a_band_condition_is_capped_and_told_why(rubric):
    # Open questions and reflections in balance but one reflection short per question for fair.
    session = ([Coding("", ("question.open",)), Coding("", ("question.open", "reflection.complex"))] * 3
               + [Coding("", ("question.open", "goal")), Coding("", ("affirmation", "reflection.complex"))])
    scorer = Scorer(rubric)
    for turn, coding in enumerate(session, start=1):
        scorer.add(turn, coding)
    assert scorer.raw_score() >= rubric.scoring.bands["fair"].min_score
    result = scorer.result()
    assert result.score == rubric.scoring.bands["fair"].min_score - 1
    assert result.band == rubric.scoring.below
    # The ratio as the measures show it (4 reflections to 7 questions: 0.57).
    assert result.metrics["reflection_question_ratio"] == 0.57
    assert result.band_note == ("fair needs 1 reflection per question (0.57 so far); then good: "
                                "a score of 70 and 2 reflections per question")


def test_a_short_session_is_provisional_and_capped(coder, rubric):
    scorer = run(coder, rubric, good_replies()[:3])[0]
    result = scorer.result()
    assert result.provisional and result.band == rubric.scoring.below
    assert result.score < rubric.scoring.bands["fair"].min_score
    assert "at least 4 replies (3 so far)" in result.band_note
    assert result.to_dict()["provisional"] is True


# -- strengths and next steps agree -------------------------------------------------------------
@pytest.mark.parametrize("profile", ["core", "foundation", "assessment"])
def test_a_strength_never_contradicts_a_next_step(profile):
    rubric = load_rubric(profile)
    texts = rubric.feedback
    pairs = [(texts.strengths.reflections.split(":")[0], texts.next_steps.reflect_more.split(":")[0]),
             (texts.strengths.open.split(":")[0], texts.next_steps.open_up.split("(")[0]),
             (texts.strengths.complex.split(":")[0], texts.next_steps.deepen.split("(")[0])]
    for session in random_sessions(11, 400):
        scorer = Scorer(rubric)
        for turn, coding in enumerate(session, start=1):
            scorer.add(turn, coding)
        strengths = scorer.strengths()
        steps = [step.text for step in scorer.next_steps(limit=10)]
        for strength, step in pairs:
            assert not (any(s.startswith(strength) for s in strengths)
                        and any(s.startswith(step) for s in steps)), (strengths, steps)


def test_the_reflection_strength_and_step_name_the_same_target(rubric):
    # A fair session aims for good: 2 reflections per question.
    reflective = [Coding("", ("question.open",))] + [Coding("", ("reflection.complex",))] * 3
    strengths = score_session(reflective, rubric).strengths
    assert "You reflected often: 3 reflections, 3 for every question (the aim is 2)." in strengths
    # One below fair aims for fair: its step, its band note and its strengths all say 1; good's
    # target is named once, in the band note.
    asking = [Coding("", ("question.open",)), Coding("", ("question.open", "reflection.simple"))] * 3
    result = score_session(asking, rubric)
    steps = [s.text for s in result.next_steps]
    assert any(s.startswith("Reflect more, ask less: reflections per question so far: 0.5; aim for 1.")
               for s in steps)
    assert result.band_note.startswith("fair needs 1 reflection per question (0.5 so far)")
    assert result.band_note.count("2 reflections per question") == 1
    assert not any("aim for 2" in s for s in steps)
    assert not any(s.startswith("You reflected often") for s in result.strengths)


def test_one_rewrite_is_shown_once_across_the_next_steps(rubric):
    # A reply that both judges and advises: both steps point at it, only the first rewrites it.
    from simulator.rubric import Evidence

    both = Coding("You should just get out more.", ("advice.unsolicited", "judgement"), (
        Evidence("judgement", 0, 10, "judgement:you_should", "You should", "Blames.",
                 "What would help you get out more?"),
        Evidence("advice.unsolicited", 0, 10, "advice:you_should", "You should", "Tells.",
                 "What would help you get out more?")))
    scorer = Scorer(rubric)
    for turn, coding in enumerate([Coding("", ("question.open",)), both], start=1):
        scorer.add(turn, coding, coding.text)
    steps = scorer.next_steps()
    rewrites = [s.rewrite for s in steps if s.rewrite]
    assert len(rewrites) == len(set(rewrites))
    assert steps[0].text.startswith("Drop the judgement") and steps[0].rewrite


def test_the_goal_strength_says_what_was_asked(coder, rubric):
    strengths = run(coder, rubric, good_replies())[0].strengths()
    assert "You asked about importance, confidence or next steps (reply 8)." in strengths


def test_counts_are_pluralised(coder, rubric):
    replies = good_replies()
    replies[5] = JUDGEMENT
    score = run(coder, rubric, replies)[0].result()
    judgement = next(s for s in score.next_steps if s.text.startswith("Drop the judgement"))
    assert "(1 reply)" in judgement.text and judgement.where == "reply 6"
    assert where([2, 5]) == "replies 2, 5" and where([]) == ""
    once = score_session([Coding("", ("affirmation",))] + [Coding("", ("question.open",))] * 3, rubric)
    assert "emphasised the person's choice once." in " ".join(once.strengths)


# -- hints and rewrites ---------------------------------------------------------------------------
def test_before_any_reply_the_hint_is_an_opening_question(coder):
    conv = Conversation(coder)
    conv.patient("So what's left to talk about? The doctor's already told me everything.")
    hint = conv.hint()
    assert "No reflection" not in hint and "?" in hint
    assert hint == coder.rubric.hints.opening


def test_a_reflection_hint_is_never_built_from_a_question_or_doubles_its_stem(coder):
    conv = Conversation(coder)
    conv.patient("I've come about my chest.")
    conv.coach("What brings you in today?")
    conv.patient("So I've been coughing every morning since the winter.")
    conv.coach("Do you smoke?")
    conv.patient("So what's left to talk about?")
    hint = conv.hint()
    assert "what's left" not in hint and "So so" not in hint
    conv = Conversation(coder)
    conv.patient("I've come about my chest.")
    conv.coach("What brings you in today?")
    conv.patient("So, the cough keeps me up at night. Why does it matter?")
    conv.coach("What else is going on?")
    hint = conv.hint()
    assert '"So the cough keeps you up at night..."' in hint


@pytest.mark.parametrize("reply, rewrite", [
    ("Are you taking the metformin?", "What's it like taking the metformin?"),
    ("Are you worried about the results?", "What's it like being worried about the results?"),
    ("It might be worth asking your brother.",
     "Would it be OK if I shared an idea? Some people find it helps to ask your brother. "
     "What do you make of that?"),
    ("You could try swapping the biscuits for fruit.",
     "Would it be OK if I shared an idea? Some people find it helps to swap the biscuits for fruit. "
     "What do you make of that?"),
])
def test_rewrites_read_as_english(coder, reply, rewrite):
    coding = coder.code(reply, previous_patient="I don't know what to do about it.")
    assert rewrite in [ev.rewrite for ev in coding.evidence]


@pytest.mark.parametrize("word, expected", [
    ("asking", "ask"), ("taking", "take"), ("stopping", "stop"), ("giving", "give"), ("trying", "try"),
    ("opening", "open"), ("practising", "practise"), ("ringing", "ring"), ("cycling", "cycle"),
    ("eating", "eat"), ("walking", "walk"), ("sing", "sing"), ("fruit", "fruit")])
def test_base_form_of_an_ing_word(word, expected):
    from simulator.rubric.templates import base
    assert base(word) == expected


# -- miscodings play-testing found (our own sentences) ---------------------------------------------
STORY = ("I'm looking after mum, working full time, and I barely sleep. "
         "My dad had a heart attack at fifty.")


def codes_of(coder, text, patient=STORY, **context) -> tuple[str, ...]:
    return coder.code(text, previous_patient=patient, **context).codes


def test_a_long_summary_in_one_sentence_is_a_summary(coder):
    codes = codes_of(coder, "So, there's the job, your mum's care and hardly any sleep, and "
                            "underneath it you're worried about your own heart.")
    assert "summary" in codes and "reflection.complex" in codes


@pytest.mark.parametrize("text", [
    "You can be very determined when something matters.", "That took grit.",
    "That's someone who makes things happen.", "You've got a plan-making brain."])
def test_naming_a_quality_is_an_affirmation_not_a_goal(coder, text):
    codes = codes_of(coder, text)
    assert "affirmation" in codes and "goal" not in codes, codes


@pytest.mark.parametrize("text", [
    "You can be very determined when something matters.",
    "That came out wrong. Losing the dog took the shape out of your day.",
    "So you're tired. And underneath that, you're frightened it's your heart too."])
def test_a_reply_carries_at_most_one_reflection_code(coder, text):
    codes = codes_of(coder, text)
    assert not ("reflection.simple" in codes and "reflection.complex" in codes), codes


@pytest.mark.parametrize("text, patient", [
    ("Everyone else's needs come first, and there's not much left over for you.", STORY),
    ("Something shifted, and it's not just about the drink.", "After the fall I poured it all away."),
    ("So the doctor booked it and you're here, even though it wasn't your idea.",
     "The doctor booked this, not me."),
])
def test_reflections_about_the_persons_world(coder, text, patient):
    codes = codes_of(coder, text, patient)
    assert "reflection.complex" in codes and "information" not in codes, codes


@pytest.mark.parametrize("text, codes", [
    ("You should think about telling the doctor.", {"advice.unsolicited"}),
    ("You should really tell the doctor.", {"advice.unsolicited"}),
    ("You need to book a blood test.", {"advice.unsolicited"}),
    ("You really just need to book a blood test.", {"advice.unsolicited"}),
    ("You shouldn't skip the evening dose.", {"advice.unsolicited"}),
    ("You should know better.", {"judgement"}),
    ("You need to stop making excuses.", {"judgement"}),
    ("You have to take this seriously.", {"judgement"}),
    ("You should have come in months ago.", {"judgement"}),
])
def test_a_directive_to_act_advises_and_telling_off_only_judges(coder, text, codes):
    found = set(codes_of(coder, text)) & {"advice.unsolicited", "judgement"}
    assert found == codes, found


def test_a_permission_request_is_permission_not_information(coder):
    codes = codes_of(coder, "Would it be OK if I told you a bit about what helps some people?")
    assert "permission" in codes and "information" not in codes
    assert set(codes) <= {"permission", "question.closed"}


def test_information_after_permission_is_not_a_question_or_reflection(coder):
    for text in ("Some people find it helps to take a short walk after meals.",
                 "Many people find keeping a sleep diary shows them a pattern."):
        codes = codes_of(coder, text, "Yes, go on.", permission_granted=True)
        assert "information" in codes
        assert not {"question.open", "reflection.complex", "reflection.simple"} & set(codes), codes


@pytest.mark.parametrize("text", ["What might you try first?",
                                  "What might you want to do before we next meet?"])
def test_next_step_questions_elicit_a_goal(coder, text):
    assert "goal" in codes_of(coder, text)


def test_a_symptom_rating_is_not_a_goal_but_importance_is(coder):
    assert "goal" not in codes_of(coder, "How bad is the pain, out of ten?", "My back is agony.")
    assert "goal" in codes_of(coder, "Out of ten, how important is it to you to sleep better?")


def test_handing_back_the_choice_and_greetings_are_not_reflections(coder):
    assert codes_of(coder, "It's your decision. Sorry, I jumped ahead.") == ("autonomy",)
    codes = codes_of(coder, "Morning Keith. What would you like to get out of our half hour?", "Morning.")
    assert codes == ("question.open",)


def test_the_hint_reads_the_last_reply_and_never_suggests_it_again(coder):
    from rapidfuzz import fuzz

    conv = Conversation(coder)
    conv.patient("The nurse sent me, I don't really know why I'm here.")
    conv.coach("What would make today worth it for you?")
    conv.patient("I'd like to stop feeling so tired all the time.")
    hint = conv.hint()
    # The person has answered the question: the hint is to say back their words...
    assert "you'd like to stop feeling so tired" in hint
    # ...not another question like the one just asked (the default's "worth doing" example).
    assert "worth doing for you" not in hint
    for example in hint.split('"')[1::2]:
        assert fuzz.ratio(example.lower(), "what would make today worth it for you?") < 70


def test_a_hint_whose_example_is_the_reply_just_sent_gives_way_to_another(coder):
    conv = Conversation(coder)
    conv.patient("Hello.")
    conv.coach("What would you like to get out of our time together?")  # the opening's example
    conv.patient("Why?")  # a question: nothing to say back
    assert "What would you like to get out of our time together" not in conv.hint()
    conv2 = Conversation(coder)
    conv2.patient("Maybe.")
    conv2.coach("What would make this worth doing for you?")  # the default's own example
    conv2.patient("Is it?")
    assert "What would make this worth doing for you?" not in conv2.hint()
