"""Normalising a reply and splitting it into sentences, keeping offsets into the original.

The coder matches lower-case text. Lower-casing and the character clean-up here keep one
character for one character, so a span in the normalised text is the same span in the reply;
only typo corrections (which may change a word's length) need the offset map in :class:`Norm`.
"""
from __future__ import annotations

import re
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
#: A character every boundary holds.
_MAY_END = re.compile(r"[.!?\n-]")
_WORD = re.compile(r"[a-z][a-z']*")
#: Transcribers' notes on what is not speech ("[laughs]", "[inaudible 00:01:18]", "[crosstalk]").
_NOT_SPEECH = re.compile(r"\[[^\[\]\n]{0,80}\]")


def normalise(text: str) -> str:
    """Lower-case ``text`` with control characters, odd spaces and curly quotes made plain, and
    transcribers' notes ("[laughs]") blanked out.

    The result has the same length as ``text``: index ``i`` in one is index ``i`` in the other.
    """
    norm = text.translate(_TABLE).lower()
    if len(norm) != len(text):
        # A few characters lower-case to two (the Turkish dotted I): keep those as they were.
        norm = "".join(low if len(low := ch.lower()) == 1 else ch for ch in text.translate(_TABLE))
    if "[" in norm:
        # Not words anyone said: blank them (same length, so offsets still hold).
        norm = _NOT_SPEECH.sub(lambda m: " " * len(m.group()), norm)
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


def correct(original: str, norm: str, fixer: "TypoFixer") -> Norm:
    """Replace misspelt key words in ``norm`` with the rubric words they stand for."""
    words = set(fixer.candidates.findall(norm))
    unseen = words - fixer.clean
    if unseen:
        for word in unseen:
            if word not in fixer.wrong:
                fixer.resolve(word)
    if not fixer.wrong or not (words & fixer.wrong.keys()):
        return Norm(original, norm)
    pieces: list[str] = []
    fixes: list[tuple[int, int, int, int]] = []
    last = shift = 0
    for m in fixer.candidates.finditer(norm):
        right = fixer.wrong.get(m.group())
        if right is None:
            continue
        pieces.append(norm[last:m.start()])
        pieces.append(right)
        start = m.start() + shift
        fixes.append((start, start + len(right), m.start(), m.end()))
        shift += len(right) - (m.end() - m.start())
        last = m.end()
    pieces.append(norm[last:])
    return Norm(original, "".join(pieces), fixes)


class TypoFixer:
    """Maps a misspelt word to the rubric word it stands for, remembering every answer.

    Only words of ``min_length`` letters or more, starting with the same letter and one edit
    (OSA: insert, delete, substitute, swap two letters) from a rubric word count; real words
    that sit one edit from a rubric word are listed in the rubric's ``not_typos``. Answers are
    cached (bounded), so a long transcript pays for each distinct word once.
    """

    LIMIT = 200_000

    def __init__(self, vocabulary: set[str], min_length: int, not_typos) -> None:
        from rapidfuzz import process
        from rapidfuzz.distance import OSA

        self._extract = process.extractOne
        self._scorer = OSA.distance
        self.candidates = re.compile(rf"[a-z][a-z']{{{max(0, min_length - 1)},}}")
        self.clean: set[str] = set(vocabulary) | set(not_typos)
        self._fixed = frozenset(self.clean)
        self.wrong: dict[str, str] = {}
        self._by_letter: dict[str, list[str]] = {}
        for word in sorted(vocabulary):
            if len(word) >= min_length and "'" not in word:
                self._by_letter.setdefault(word[0], []).append(word)

    def resolve(self, word: str) -> str | None:
        """The rubric word ``word`` is a typo of, or None (and remember which)."""
        if len(self.clean) > self.LIMIT:
            self.clean = set(self._fixed)
        choices = self._by_letter.get(word[0]) if "'" not in word else None
        best = self._extract(word, choices, scorer=self._scorer, score_cutoff=1) if choices else None
        if best is not None and _inflection(word, best[0]):
            best = None
        if best is None:
            self.clean.add(word)
            return None
        self.wrong[word] = best[0]
        return best[0]


def _inflection(word: str, known: str) -> bool:
    """Whether two words differ only in their last letter or by letters added at the end.

    That is how English inflects (drink/drinks, smoked/smoker, tablet/tablets), so such a pair
    is two real words, not a typo.
    """
    if word.startswith(known) or known.startswith(word):
        return True
    return len(word) == len(known) and word[:-1] == known[:-1]


def sentences(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each sentence in normalised ``text``, trimmed, with punctuation kept."""
    spans: list[tuple[int, int]] = []
    start = 0
    # Speech-to-text has none of the characters a boundary needs: the scan for one, led by
    # none of them, is tried at every character (a character class leads the regex engine).
    boundaries = _BOUNDARY.finditer(text) if _MAY_END.search(text) else ()
    for m in boundaries:
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


def word_at(t: str, pos: int) -> int:
    """Where the word at ``pos`` starts: a pattern that ends one letter into its verb backs up."""
    if 0 < pos < len(t) and t[pos - 1].isalpha() and t[pos].isalpha():
        while pos > 0 and t[pos - 1].isalpha():
            pos -= 1
        return pos
    while pos < len(t) and t[pos] == " ":
        pos += 1
    return pos


def content_words(text: str, stopwords: frozenset[str]) -> set[str]:
    """Words that carry meaning, crudely stemmed, for comparing a reply with the person's words."""
    words = set(_WORD.findall(text))
    words -= stopwords
    stems = _STEMS
    out = {stems[w] if w in stems else _kept_stem(w) for w in words}
    out.discard("")
    return out


def _kept_stem(word: str) -> str:
    stem = _stem(word)
    if len(_STEMS) < 100_000:  # bounded: a long run of new words cannot grow it
        _STEMS[word] = stem
    return stem


_STEMS: dict[str, str] = {}


def _stem(word: str) -> str:
    # A possessive is its noun: "Alfie's" is "Alfie" ("alfies" would lose the "e" as "-es").
    word = word.removesuffix("'s").replace("'", "")
    if len(word) < 3:
        return ""
    for suffix in ("ing", "ed", "es", "s", "ly"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


#: A number or an amount: what a rising "twice a week?" checks rather than says back.
AMOUNT = re.compile(r"\d|\b(?:two|three|four|five|six|seven|eight|nine|ten|twenty|once|twice|daily|"
                     r"weekly|how (?:much|many|long|often)|(?:a|per|every|each) (?:day|night|week|month|year))\b")
