"""The condition language: a small whitelisted grammar, never run as code."""
from __future__ import annotations

import pytest

from simulator.conditions import ConditionError, parse_condition

ENV = {"trust": 4.0, "importance": 6.0, "confidence": 1.0, "turn": 3}
KNOWN = frozenset(ENV)


@pytest.mark.parametrize("text, expected", [
    ("trust >= 4", True),
    ("trust > 4", False),
    ("trust == 4 and importance != 5", True),
    ("trust < 2 or importance > 5", True),
    ("not trust < 2", True),
    ("trust >= 3 and (importance > 7 or not confidence < 2)", False),
    ("(trust >= 3 and importance > 5) or confidence > 9", True),
    ("not not trust >= 4", True),
    ("turn <= 3", True),
    ("4 <= trust", True),
    ("importance > confidence", True),
    ("trust >= 3.5", True),
])
def test_grammar_evaluates(text, expected):
    assert parse_condition(text, KNOWN)(ENV) is expected


def test_and_binds_tighter_than_or():
    # false or (true and true): with or first it would be (false or true) and ... = false.
    cond = parse_condition("trust > 9 or importance > 5 and confidence < 2", KNOWN)
    assert cond(ENV) is True
    assert cond({**ENV, "confidence": 5}) is False


def test_names_are_collected():
    assert parse_condition("trust >= 1 and (turn > 2 or trust < 9)", KNOWN).names == {"trust", "turn"}


@pytest.mark.parametrize("text, column, fragment", [
    ("", 1, "empty"),
    ("trust >=", 9, "ends too early"),
    ("trust", 6, "expected a comparison"),
    ("trust >= 4 importance > 2", 12, "join comparisons"),
    ("(trust >= 4", 12, "missing ')'"),
    ("trust >= 4 and", 15, "ends too early"),
    ("trust => 4", 7, "unexpected character '='"),
    ("trust >= >= 4", 10, "expected a name or a number"),
    ("trust >= 4 && importance > 2", 12, "unexpected character '&'"),
    ("mood >= 4", 1, "unknown name 'mood'"),
    ("trust >= 'x'", 10, "unexpected character"),
])
def test_errors_name_the_column(text, column, fragment):
    with pytest.raises(ConditionError) as info:
        parse_condition(text, KNOWN)
    assert info.value.column == column
    assert fragment in str(info.value)


@pytest.mark.parametrize("text", [
    "__import__('os').system('true')",
    "trust.__class__ >= 1",
    "open('x') > 0",
    "trust >= 4; import os",
    "[c for c in ()] == 1",
    "lambda: 1",
])
def test_code_never_parses(text):
    with pytest.raises(ConditionError):
        parse_condition(text, KNOWN)


def test_unknown_names_allowed_without_a_known_set():
    assert parse_condition("anything >= 1").names == {"anything"}
