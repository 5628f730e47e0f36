"""Turning rubric phrases and patterns into compiled regular expressions, safely.

Phrases become one alternation per rule set, with word boundaries, optional apostrophes and
hyphens, and flexible spaces. Patterns written by trainers are parsed first and refused when
they could backtrack catastrophically: a repeat inside an unbounded repeat, alternatives
inside one, or a back-reference.
"""
from __future__ import annotations

import re

try:  # Python 3.11+
    import re._constants as _c
    import re._parser as _parser
except ImportError:  # pragma: no cover - older interpreters
    import sre_constants as _c  # type: ignore[no-redef]
    import sre_parse as _parser  # type: ignore[no-redef]

_REPEATS = {_c.MAX_REPEAT, _c.MIN_REPEAT, getattr(_c, "POSSESSIVE_REPEAT", None)} - {None}
#: Items that consume exactly one character: safe to repeat.
_SINGLE = {_c.LITERAL, _c.NOT_LITERAL, _c.IN, _c.ANY, _c.CATEGORY}


class PatternError(ValueError):
    """A pattern that is invalid or could take exponential time; ``column`` is 0-based."""

    def __init__(self, message: str, column: int = 0) -> None:
        super().__init__(message)
        self.column = column


def check_pattern(pattern: str) -> re.Pattern[str]:
    """Compile a trainer's pattern, refusing ones that could backtrack catastrophically."""
    try:
        parsed = _parser.parse(pattern)
    except re.error as exc:
        raise PatternError(f"not a valid regular expression: {exc.msg}", exc.pos or 0) from None
    _walk(parsed, inside_unbounded=False)
    return re.compile(pattern)


def literal_heads(pattern: str) -> tuple[str, ...] | None:
    """Literal text one of which every match of ``pattern`` starts with, or None if unknown.

    A reply without any of them cannot match, so the scan can be skipped with a plain
    substring test (a pattern led by ``\\b`` gets no help from the regex engine's own prefix
    search). Leading assertions are skipped; alternatives give one head each.
    """
    try:
        heads = _heads(list(_parser.parse(pattern)))
    except re.error:
        return None
    return tuple(sorted(set(heads))) if heads and all(heads) else None


def _heads(items) -> list[str] | None:
    prefix = ""
    for op, arg in items:
        if op is _c.LITERAL:
            prefix += chr(arg)
            continue
        if prefix:
            return [prefix]
        if op in (_c.AT, _c.ASSERT, _c.ASSERT_NOT):
            continue
        if op is _c.SUBPATTERN:
            return _heads(list(arg[-1]))
        if op is _c.BRANCH:
            out: list[str] = []
            for branch in arg[1]:
                heads = _heads(list(branch))
                if not heads:
                    return None
                out.extend(heads)
            return out
        return None
    return [prefix] if prefix else None


def _walk(items, inside_unbounded: bool) -> None:
    for op, arg in items:
        if op in _REPEATS:
            low, high, body = arg
            unbounded = high == _c.MAXREPEAT or high > 50
            if (inside_unbounded or unbounded) and not _simple(body):
                raise PatternError("a repeated group contains another repeat or alternatives "
                                   "(like (a+)+ or (a|ab)*); this can take exponential time, so "
                                   "write it without nesting")
            _walk(body, inside_unbounded or unbounded)
        elif op is _c.SUBPATTERN:
            _walk(arg[-1], inside_unbounded)
        elif op is _c.BRANCH:
            for branch in arg[1]:
                _walk(branch, inside_unbounded)
        elif op in (_c.GROUPREF, getattr(_c, "GROUPREF_EXISTS", _c.GROUPREF)):
            raise PatternError("back-references are not allowed in rubric patterns")
        elif op in (_c.ASSERT, _c.ASSERT_NOT):
            _walk(arg[1], inside_unbounded)


def _simple(body) -> bool:
    """A repeat body that matches a fixed run of single characters (safe to repeat)."""
    for op, arg in body:
        if op is _c.SUBPATTERN:
            if not _simple(arg[-1]):
                return False
        elif op not in _SINGLE and op not in (_c.AT,):
            return False
    return True


def _piece(char: str) -> str:
    # Apostrophes and hyphens are optional and any spacing will do: "dont", "non compliant".
    if char == "'":
        return "'?"
    if char == "-":
        return "[ -]?"
    if char == " ":
        return r"\s+"
    return re.escape(char)


def trie_source(phrases: list[str]) -> str:
    """A regex for many phrases with shared prefixes factored out, so matching stays fast."""
    trie: dict = {}
    for phrase in phrases:
        node = trie
        for char in phrase:
            node = node.setdefault(char, {})
        node[""] = {}

    def emit(node: dict) -> str:
        end = "" in node
        branches = [_piece(char) + emit(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if end:
            body = (body if len(branches) > 1 else "(?:" + body + ")") + "?"
        return body

    return emit(trie)


def normal_phrase(phrase: str) -> str:
    """A phrase as it is matched: lower case, straight apostrophes, single spaces."""
    return " ".join(phrase.lower().replace("\u2019", "'").split())


def union(phrases, *, start: bool = False) -> re.Pattern[str] | None:
    """One compiled matcher for many phrases: whole words only (so "ok" never matches "took")."""
    unique = sorted({normal_phrase(p) for p in phrases if p.strip()})
    if not unique:
        return None
    body = trie_source(unique)
    left = "" if start else r"\b"
    return re.compile(rf"{left}(?:{body})(?![\w'])")


def phrase_key(matched: str) -> str:
    """The form a phrase or a matched span is looked up by: letters and digits only."""
    key = _KEYS.get(matched)
    if key is None:
        key = _NOT_ALNUM.sub("", matched.lower())
        if len(_KEYS) < 50_000:  # matched spans repeat; bounded so a long run cannot grow it
            _KEYS[matched] = key
    return key


_KEYS: dict[str, str] = {}


_NOT_ALNUM = re.compile(r"[^a-z0-9]+")


_WORD_END = re.compile(r"\S+")


class PhraseIndex:
    """Many rules' phrases in one matcher, so a reply is scanned once, not once per code.

    The scan finds, at every word, the longest phrase starting there; the shorter phrases it
    begins with are found from its word prefixes, so phrases that overlap across codes all count.
    """

    def __init__(self, entries, *, start: bool = False) -> None:
        self.owners: dict[str, list] = {}
        for phrase, owner in entries:
            self.owners.setdefault(phrase_key(phrase), []).append(owner)
        unique = sorted({normal_phrase(p) for p, _ in entries if p.strip()})
        source = trie_source(unique) if unique else r"(?!x)x"
        self.regex = (re.compile(rf"({source})(?![\w'])") if start
                      else re.compile(rf"(?=\b({source})(?![\w']))"))

    def _hits(self, m: re.Match[str]):
        start, end = m.span(1)
        matched = m.group(1)
        if " " not in matched:
            for owner in self.owners.get(phrase_key(matched), ()):
                yield start, end, owner
            return
        # Longest first: the most specific phrase of a rule speaks for it ("the best thing is to"
        # before "the best thing is").
        for w in reversed(list(_WORD_END.finditer(matched))):
            for owner in self.owners.get(phrase_key(matched[:w.end()]), ()):
                yield start, start + w.end(), owner

    def find(self, text: str):
        """``(start, end, owner)`` for every phrase anywhere in ``text``."""
        for m in self.regex.finditer(text):
            yield from self._hits(m)

    def at(self, text: str, pos: int, end: int):
        """``(start, end, owner)`` for phrases starting exactly at ``pos``."""
        m = self.regex.match(text, pos, end)
        if m:
            yield from self._hits(m)
