"""Guard conditions such as ``trust >= 3 and importance > 5``, parsed here and never run as code.

Grammar (whitelisted; anything else is a parse error naming the column)::

    expr    := and ("or" and)*
    and     := not ("and" not)*
    not     := "not" not | "(" expr ")" | compare
    compare := operand (">=" | "<=" | ">" | "<" | "==" | "!=") operand
    operand := NAME | NUMBER

Names are checked against the variables a scenario declares (plus built-in counters).
"""
from __future__ import annotations

import operator
import re
from dataclasses import dataclass
from typing import Callable, Mapping

_TOKEN = re.compile(r"\s*(?:(?P<num>\d+(?:\.\d+)?)|(?P<op>>=|<=|==|!=|>|<|\(|\))|(?P<name>[A-Za-z_][A-Za-z0-9_]*)|(?P<bad>\S))")
_OPS: dict[str, Callable[[float, float], bool]] = {
    ">=": operator.ge, "<=": operator.le, ">": operator.gt,
    "<": operator.lt, "==": operator.eq, "!=": operator.ne,
}
_KEYWORDS = {"and", "or", "not"}
#: Brackets and ``not`` inside each other: the parser (and the test it builds) recurses once a
#: level, so thousands would overflow Python's stack; real conditions nest two or three deep.
MAX_NESTING = 20

Env = Mapping[str, float]


class ConditionError(ValueError):
    """A condition that cannot be parsed; ``column`` is 1-based within the condition text."""

    def __init__(self, message: str, column: int) -> None:
        super().__init__(message)
        self.column = column


@dataclass(frozen=True)
class Condition:
    """A parsed condition: call it with the variables to test it."""

    text: str
    names: frozenset[str]
    _fn: Callable[[Env], bool]

    def __call__(self, env: Env) -> bool:
        return self._fn(env)

    def __str__(self) -> str:
        return self.text


def parse_condition(text: str, known: frozenset[str] | set[str] | None = None) -> Condition:
    """Parse ``text``; with ``known``, every name must be one of them."""
    tokens: list[tuple[str, str, int]] = []
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup
        value = m.group(kind)
        col = m.start(kind) + 1
        if kind == "bad":
            raise ConditionError(f"unexpected character {value!r} in condition", col)
        if kind == "name" and value in _KEYWORDS:
            kind = value
        tokens.append((kind, value, col))
    parser = _Parser(text, tokens, known)
    fn = parser.parse()
    return Condition(text, frozenset(parser.names), fn)


class _Parser:
    def __init__(self, text: str, tokens: list[tuple[str, str, int]], known) -> None:
        self.text = text
        self.tokens = tokens
        self.pos = 0
        self.known = known
        self.names: set[str] = set()
        self.depth = 0

    def parse(self) -> Callable[[Env], bool]:
        if not self.tokens:
            raise ConditionError("empty condition", 1)
        fn = self._or()
        if self.pos < len(self.tokens):
            _, value, col = self.tokens[self.pos]
            raise ConditionError(f"unexpected {value!r}; join comparisons with 'and' or 'or'", col)
        return fn

    def _peek(self) -> tuple[str, str, int] | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def _end_col(self) -> int:
        return len(self.text.rstrip()) + 1

    def _or(self) -> Callable[[Env], bool]:
        parts = [self._and()]
        while (tok := self._peek()) and tok[0] == "or":
            self.pos += 1
            parts.append(self._and())
        if len(parts) == 1:
            return parts[0]
        return lambda env: any(p(env) for p in parts)

    def _and(self) -> Callable[[Env], bool]:
        parts = [self._not()]
        while (tok := self._peek()) and tok[0] == "and":
            self.pos += 1
            parts.append(self._not())
        if len(parts) == 1:
            return parts[0]
        return lambda env: all(p(env) for p in parts)

    def _not(self) -> Callable[[Env], bool]:
        tok = self._peek()
        if tok is None:
            raise ConditionError("condition ends too early", self._end_col())
        if tok[0] != "not" and tok[1] != "(":
            return self._compare()
        self.depth += 1
        if self.depth > MAX_NESTING:
            raise ConditionError(f"condition nested more than {MAX_NESTING} deep (brackets or "
                                 "'not'); write it more simply", tok[2])
        self.pos += 1
        if tok[0] == "not":
            inner = self._not()
            self.depth -= 1
            return lambda env: not inner(env)
        inner = self._or()
        close = self._peek()
        if close is None or close[1] != ")":
            raise ConditionError("missing ')'", close[2] if close else self._end_col())
        self.pos += 1
        self.depth -= 1
        return inner

    def _operand(self) -> Callable[[Env], float]:
        tok = self._peek()
        if tok is None:
            raise ConditionError("condition ends too early; expected a name or a number", self._end_col())
        kind, value, col = tok
        self.pos += 1
        if kind == "num":
            number = float(value)
            return lambda env: number
        if kind == "name":
            if self.known is not None and value not in self.known:
                raise ConditionError(
                    f"unknown name {value!r}; known: {', '.join(sorted(self.known))}", col)
            self.names.add(value)
            return lambda env: env[value]
        raise ConditionError(f"expected a name or a number, found {value!r}", col)

    def _compare(self) -> Callable[[Env], bool]:
        left = self._operand()
        tok = self._peek()
        if tok is None or tok[1] not in _OPS:
            col = tok[2] if tok else self._end_col()
            raise ConditionError("expected a comparison such as >=, <=, >, <, == or !=", col)
        self.pos += 1
        op = _OPS[tok[1]]
        right = self._operand()
        return lambda env: op(left(env), right(env))
