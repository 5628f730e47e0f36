"""The guarded patterns are tried only where their literal heads occur: the matches must be
exactly those of scanning every pattern over the whole text."""
import re

import pytest

from simulator.rubric import load_rubric
from simulator.rubric.patterns import PatternIndex, PhraseIndex, WordScan, compile_scan


def _scanned_whole(patterns, text):
    return [(m.start(), m.end(), owner) for p, owners in patterns
            for m in re.finditer(p, text) for owner in owners]


PATTERNS = [
    (r"(?<!\bdo )\byou know (?:it|that)\b", ["confront"]),
    (r"\bwhy (?:not|don't you)\b", ["why"]),
    (r"\bwhy not try\b", ["why_not_try"]),             # a head that extends another head
    (r"you(?<![\w']you) \w+ you\b", ["you_x_you"]),   # a match that covers the next head
    (r"\b(?:i|we) (?:would|'d) suggest\b", ["suggest", "suggest_again"]),  # two owners
    (r"\w+ing\b", ["no_head"]),                        # no literal head: scanned whole
    (r"ing\b", ["suffix"]),                             # a head inside a word
    (r"you(?<![^\w]you)", ["inside_a_word"]),           # only where no word starts
]

TEXTS = [
    "",
    "you know that",
    "do you know that you know it",
    "why not try a walk, or why don't you ring her",
    "you see you you know you",
    "your youth, you think you can",
    "i would suggest a break and we'd suggest rest, walking helps",
    "nothing here at all",
    "thankyou, you know that",
]


@pytest.mark.parametrize("text", TEXTS)
def test_guarded_patterns_find_what_scanning_each_whole_finds(text):
    index = PatternIndex(PATTERNS)
    assert list(index.find(text)) == _scanned_whole(PATTERNS, text)


def test_a_match_hides_the_places_inside_it_as_a_whole_scan_does():
    index = PatternIndex([(r"you \w+ you", ["x"])])
    assert [(s, e) for s, e, _o in index.find("you see you see you")] == [(0, 11)]


def test_a_lookbehind_before_the_head_still_sees_the_words_before_it():
    index = PatternIndex([(r"(?<!\bdo )you know", ["x"])])
    assert list(index.find("do you know")) == []
    assert [(s, e) for s, e, _o in index.find("so you know")] == [(3, 11)]


def test_a_head_inside_a_word_is_tried_where_the_pattern_allows_it():
    index = PatternIndex([(r"you(?<![^\w]you)", ["x"]), (r"\byou\b", ["y"])])
    assert list(index.find("thankyou, you")) == [(5, 8, "x"), (10, 13, "y")]


def test_the_core_rubric_patterns_find_what_scanning_each_whole_finds():
    patterns: dict[str, list] = {}
    for code, spec in load_rubric("core").codes.items():
        for rule in spec.rules:
            if rule.pattern:
                patterns.setdefault(rule.pattern, []).append(f"{code}:{rule.id}")
    entries = list(patterns.items())
    index = PatternIndex(entries)
    for text in ["you should really think about cutting down, it would help to walk more",
                 "have you tried the patches? why not give them a go, i'd suggest it",
                 "what do you think you'll do next week and how will you get started",
                 "you know that's bad for you, you need to stop, you're going to be ill",
                 "i hope you'll try it, would it be ok if i told you what others find helps"]:
        assert list(index.find(text)) == _scanned_whole(entries, text)


@pytest.mark.parametrize("pattern", [
    r"\b(?:what|how) (?:do|did)\b", r"(?<!\byou )tell me", r"\b(what|why)'?s?\s+([a-z']+)",
    r"\b(?:so|and) (?i:You)\b", r"(?i)\bhow\b", r"\w+ing",
])
def test_a_scan_led_by_its_first_letters_finds_the_same_matches_and_groups(pattern):
    text = "so what do you think, and how did it go? tell me, or you tell me. So You see. HOW. going"
    scan = compile_scan(pattern)
    assert ([(m.span(), m.groups()) for m in scan.finditer(text)]
            == [(m.span(), m.groups()) for m in re.finditer(pattern, text)])


def test_patterns_with_named_groups_are_still_tried_where_their_heads_are():
    # Named groups cannot be joined into one check: their heads are taken wherever they are.
    entries = [(r"\bwhy (?P<x>not)\b", ["a"]), (r"\bwhy (?P<x>don't)\b", ["b"]), (r"\bwhy\b", ["c"])]
    index = PatternIndex(entries)
    text = "why not, or why don't you, why"
    assert list(index.find(text)) == _scanned_whole(entries, text)


@pytest.mark.parametrize("text", TEXTS)
def test_one_scan_of_phrases_and_heads_finds_what_each_finds_alone(text):
    phrases = PhraseIndex([("you know", "p1"), ("why not", "p2"), ("why", "p3"), ("suggest", "p4")])
    patterns = PatternIndex(PATTERNS)
    found, guarded = WordScan(phrases, patterns).find(text)
    assert found == list(phrases.find(text))
    assert guarded == list(patterns.find(text)) == _scanned_whole(PATTERNS, text)
