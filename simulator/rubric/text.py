"""Normalising a reply and splitting it into sentences, keeping offsets into the original.

The coder matches lower-case text. Lower-casing and the character clean-up here keep one
character for one character, so a span in the normalised text is the same span in the reply;
only typo corrections (which may change a word's length) need the offset map in :class:`Norm`.
"""
from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass, field

#: Longest reply coded; a longer paste is coded on its first part (bounded time, bounded memory).
MAX_CHARS = 5_000
#: Sentences longer than this are cut into pieces, so no pattern ever sees a huge string.
MAX_SENTENCE = 600

_CLEAN = {c: " " for c in range(32)}
_CLEAN.update({127: " ", 0xFEFF: " ", 0x200B: " ", 0x200C: " ", 0x200D: " ", 0x00A0: " ",
               0x2028: "\n", 0x2029: "\n", 0x2018: "'", 0x2019: "'", 0x02BC: "'", 0x0060: "'",
               0x201C: '"', 0x201D: '"', 0x2013: "-", 0x2014: "-", 0x2026: ".", 0xFF1F: "?"})
_CLEAN.update({c: " " for c in range(0x80, 0xA0)})
_CLEAN[10] = "\n"
_TABLE = str.maketrans({chr(k): v for k, v in _CLEAN.items()})

# A sentence ends at . ! ? (with closing quotes), a dash that cuts the speaker off, or a line break.
_BOUNDARY = re.compile(r"""[.!?]+["')\]]*(?=\s|$)|--+|\s-\s|\n""")
_WORD = re.compile(r"[a-z][a-z']*")


def normalise(text: str) -> str:
    """Lower-case ``text`` with control characters, odd spaces and curly quotes made plain.

    The result has the same length as ``text``: index ``i`` in one is index ``i`` in the other.
    """
    norm = text.translate(_TABLE).lower()
    if len(norm) != len(text):
        # A few characters lower-case to two (the Turkish dotted I): keep those as they were.
        norm = "".join(low if len(low := ch.lower()) == 1 else ch for ch in text.translate(_TABLE))
    return norm


@dataclass
class Norm:
    """A reply's normalised text, with typo corrections and the way back to original offsets."""

    original: str
    text: str
    #: (start, end in ``text``, start, end in ``original``) of each corrected word, in order.
    fixes: list[tuple[int, int, int, int]] = field(default_factory=list)

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """The span in the original reply for the span ``start:end`` of the normalised text."""
        if not self.fixes:
            return start, end
        return self._map(start, True), self._map(end, False)

    def _map(self, pos: int, is_start: bool) -> int:
        i = bisect_right(self.fixes, (pos, 1 << 62)) - 1
        if i < 0:
            return pos
        n_start, n_end, o_start, o_end = self.fixes[i]
        if pos < n_end or (pos == n_end and not is_start):
            return o_start if (is_start or pos <= n_start) else o_end
        return pos - n_end + o_end


def correct(original: str, norm: str, fix: dict[str, str | None], min_length: int,
            lookup) -> Norm:
    """Replace misspelt key words (``lookup(word)`` gives the intended word or None).

    ``fix`` caches lookups across replies; words shorter than ``min_length`` are left alone.
    """
    pieces: list[str] = []
    fixes: list[tuple[int, int, int, int]] = []
    last = 0
    shift = 0
    for m in _WORD.finditer(norm):
        word = m.group()
        if len(word) < min_length:
            continue
        right = fix.get(word, "")
        if right == "":
            right = fix[word] = lookup(word)
        if right is None:
            continue
        pieces.append(norm[last:m.start()])
        pieces.append(right)
        start = m.start() + shift
        fixes.append((start, start + len(right), m.start(), m.end()))
        shift += len(right) - len(word)
        last = m.end()
    if not fixes:
        return Norm(original, norm)
    pieces.append(norm[last:])
    return Norm(original, "".join(pieces), fixes)


def sentences(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each sentence in normalised ``text``, trimmed, with punctuation kept."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _BOUNDARY.finditer(text):
        end = m.end() if text[m.start()] in ".!?" else m.start()
        _add(text, start, end, spans)
        start = m.end()
    _add(text, start, len(text), spans)
    return spans


def _add(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    while start < end and not text[start].isalnum():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end - start < 1:
        return
    while end - start > MAX_SENTENCE:
        cut = text.rfind(" ", start, start + MAX_SENTENCE)
        cut = cut if cut > start else start + MAX_SENTENCE
        spans.append((start, cut))
        start = cut + 1
    if start < end:
        spans.append((start, end))


def content_words(text: str, stopwords: frozenset[str]) -> set[str]:
    """Words that carry meaning, crudely stemmed, for comparing a reply with the person's words."""
    return {_stem(w) for w in _WORD.findall(text) if w not in stopwords and len(w) > 2}


def _stem(word: str) -> str:
    word = word.replace("'", "")
    for suffix in ("ing", "ed", "es", "s", "ly"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def is_letterless(text: str) -> bool:
    """True when a reply has no letters in any script (only emoji, numbers, punctuation)."""
    return not any(unicodedata.category(ch).startswith("L") for ch in text)
