"""Judgement from a lexicon of the public language guides' words, read in frames aimed at the
person; the lexicon is checked on load. Sentences are our own."""
from __future__ import annotations

import shutil

import pytest

from simulator.errors import InputError
from simulator.paths import RUBRICS_DIR
from simulator.rubric import Coder, load_rubric, validate_rubric

WEEK = "I had a takeaway three nights this week and skipped my walks."

# Judgements written from the guides' kinds: labels, character, put-downs, accusing, moralising,
# warnings aimed at the person. None of these sentences is in a phrase list word for word.
JUDGEMENTS = [
    "You're a couch potato, plain and simple.",
    "Honestly, you're a heavy drinker.",
    "People like you never stick at anything.",
    "You're basically a junkie at this point.",
    "You've got no willpower when it comes to food.",
    "You clearly don't have the discipline for it.",
    "That's a really daft way to spend your evenings.",
    "You're just being lazy with the walks.",
    "You're kidding yourself about the takeaways.",
    "You ought to be ashamed of yourself.",
    "Carry on like that and you could lose your feet.",
    "The cigarettes will kill you before you're sixty.",
    "You'll probably be on insulin by Christmas.",
    "You were a bit naughty this week.",
    "Skipping the walks was a silly idea.",
    "If you keep missing them you could end up losing your licence.",    # a warning in the -ing form
    "Your sugars are really bad this time.",                            # a verdict on results (Language Matters)
    "Your numbers came back terrible.",
    "Poor control again, I see.",
    "You keep failing every diet.",
    "You're not motivated enough.",
    "You need to stay clean this time.",                                # NIDA: "clean" for abstinence
    "You refused to see the dietitian.",                                # Language Matters: "refused"
    "Do you really think you can keep this up?",                        # doubting the person (MITI confront)
    "Are you seriously telling me it's only two a night?",
    "You've got a bit of a drug problem, haven't you.",                 # NIDA: "drug problem", "drug habit"
    "You've been abusing alcohol for years.",                           # NIDA: "abuse" for use
    "Your last sample was clean, which makes a change.",                # NIDA: "clean" for a negative test
    "You obviously can't control yourself around biscuits.",           # VA weight language: self-control
    "Your sugars are high because you don't stick to the diet.",        # blame: a result put down to the person
    # accusing with the negation in the frame (MITI confront: criticising effort or care)
    "You obviously don't care about your health.",
    "You clearly aren't taking this seriously.",
    "You don't even seem to care what the numbers say.",
    "You just can't be bothered with the walks.",
    "You're wasting everyone's time with this.",
    "Your readings are a total mess this month.",                       # an intensifier inside "a mess"
    "You clearly don't take your blood pressure seriously.",            # the entry's "it" names anything
    "You're your own worst enemy with the takeaways.",
    "You just need a bit more willpower around food.",                 # a lack of character put as a need
]
# The same topics in neutral, person-first words: nothing to flag.
NEUTRAL = [
    "The takeaways happened on the busy nights.",
    "What gets in the way of the walks on those nights?",
    "Some people living with diabetes find the evenings hardest.",
    "The addiction service runs a drop-in on Mondays.",
    "It sounds like the week ran away with you.",
    "You had takeaways on three nights and missed the walks.",
    "What worries you most about where things are heading?",
    "You know yourself best.",
    "What do you really think about the walks?",           # "really" in an open question asks
    "Your sugars were higher than you'd like this time.",
    "Your knee pain is really bad at night, then.",         # the person's pain, not a verdict on results
    "You decided not to see the dietitian.",
    "Do you think you could keep the walks up?",
    "You've got a lot on with the new job.",
    "You've been using more since the summer.",
    "Your last sample was negative.",
    "You find biscuits hard to leave alone in the evenings.",
    "Your sugars are high, and the diet has been hard to keep to.",
    "I'm not sure I'm following, because you said it was only weekends.",
    "It's not that you don't care; the week ran away with you.",        # a charge denied reassures
    "If you don't care for the tablets, there are other options.",      # a case supposed
    "You aren't alone in finding the evenings hard.",
    "You're not wasting anyone's time by coming.",
    "The takeaways were a real treat after a long week.",
    "You take your blood pressure tablets seriously, even on busy days.",
    "You could do with more support on the busy nights.",
]


@pytest.mark.parametrize("reply", JUDGEMENTS)
def test_judgements_from_the_guides_are_found(coder, reply):
    assert coder.code(reply, previous_patient=WEEK).has("judgement"), reply


@pytest.mark.parametrize("reply", NEUTRAL)
def test_neutral_person_first_words_are_not_judgement(coder, reply):
    assert not coder.code(reply, previous_patient=WEEK).has("judgement"), reply


def test_a_lexicon_judgement_names_its_source(coder):
    coding = coder.code("You've got no willpower when it comes to food.", previous_patient=WEEK)
    evidence = [e for e in coding.evidence if e.code == "judgement"]
    assert evidence and evidence[0].rule.startswith("judgement.lexicon_character")
    assert "VA weight language" in evidence[0].feedback


@pytest.mark.parametrize("patient, reply", [
    ("Honestly I'm just a couch potato these days.", "So you see yourself as a couch potato these days."),
    ("I'm scared I'll lose my feet like my dad did.", "You're scared you'll lose your feet like your dad."),
    ("Everyone says I'm lazy.", "You're fed up of hearing you're lazy."),
    ("My sugars are terrible and I don't know why.", "Your sugars are terrible and you can't see why."),
    ("Honestly I just don't care anymore.", "You just don't care anymore, it's all too much."),
])
def test_the_persons_own_hard_words_said_back_are_a_reflection(coder, patient, reply):
    coding = coder.code(reply, previous_patient=patient)
    assert not coding.has("judgement"), coding.codes
    assert coding.has("reflection.simple") or coding.has("reflection.complex"), coding.codes


def test_a_label_asked_about_is_a_question_not_a_label(coder):
    coding = coder.code("Do you see yourself as a smoker?", previous_patient=WEEK)
    assert not coding.has("judgement") and coding.has("question.closed"), coding.codes


def test_a_directive_to_act_is_advice_and_judgement_only_when_it_moralises(coder):
    assert coder.code("You need to cut down on the takeaways.").codes == ("advice.unsolicited",)
    coding = coder.code("You should know better than that.")
    assert coding.has("judgement") and not coding.has("advice.unsolicited"), coding.codes


def _profile(tmp_path, lexicon: str):
    folder = tmp_path / "rubrics"
    folder.mkdir()
    shutil.copy(RUBRICS_DIR / "core.yaml", folder / "core.yaml")
    path = folder / "mine.yaml"
    path.write_text("id: mine\ntitle: Mine\nextends: core\njudgement_lexicon:\n" + lexicon, encoding="utf-8")
    return path


PUT_DOWN = "  put_down:\n    feedback: Ridicules the choice.\n    entries:\n      - source: MITI confront\n"


def test_a_profile_can_bring_its_own_lexicon(tmp_path):
    path = _profile(tmp_path, PUT_DOWN + "        words: [barmy]\n")
    coder = Coder(load_rubric(path))
    assert coder.code("That's barmy.").has("judgement")
    assert not coder.code("You're a couch potato.").has("judgement"), "the profile's lexicon replaces core's"


@pytest.mark.parametrize("words, column, message", [
    ('["", barmy]', 17, "empty lexicon entry"),
    ("[barmy, daft, barmy]", 30, "already in the lexicon"),
    ("[barmy, da*ft]", 24, "is not a word"),
    ("[Barmy]", 17, "is not a word"),
])
def test_a_bad_lexicon_entry_is_one_positioned_error(tmp_path, words, column, message):
    path = _profile(tmp_path, PUT_DOWN + f"        words: {words}\n")
    with pytest.raises(InputError) as info:
        load_rubric(path)
    assert info.value.line == 9 and info.value.column == column, (info.value.line, info.value.column)
    assert message in info.value.message and "\n" not in str(info.value)
    problems = validate_rubric(path)
    assert len(problems) == 1 and problems[0].line == 9


def test_an_unknown_source_is_refused_with_its_position(tmp_path):
    path = _profile(tmp_path, PUT_DOWN.replace("MITI confront", "my own list") + "        words: [barmy]\n")
    with pytest.raises(InputError) as info:
        load_rubric(path)
    assert info.value.line == 8


@pytest.mark.parametrize("reply", ["You do not care about the walks.", "You cannot be bothered, can you.",
                                   "You aren't really trying."])
def test_a_negation_spelled_out_or_contracted_still_names_its_entry_source(coder, reply):
    evidence = [e for e in coder.code(reply, previous_patient=WEEK).evidence if e.code == "judgement"]
    assert evidence and "MITI confront" in evidence[0].feedback, reply
