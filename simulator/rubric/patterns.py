"""Turning rubric phrases and patterns into compiled regular expressions, safely.

Phrases become one alternation per rule set, with word boundaries, optional apostrophes and
hyphens, and flexible spaces. Patterns written by trainers are parsed first and refused when
their worst case is not linear: a repeat or alternatives inside a repeat (bounded ones too,
unless each repetition can match in one way only), neighbouring repeats of
overlapping characters, a back-reference, or a lookaround that can scan far.
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
    _walk(parsed)
    return re.compile(pattern)


def literal_heads(pattern: str) -> tuple[str, ...] | None:
    """Literal text one of which every match of ``pattern`` starts with, or None if unknown.

    A reply without any of them cannot match, so the scan can be skipped with a plain
    substring test (a pattern led by ``\\b`` gets no help from the regex engine's own prefix
    search). Assertions are skipped (they take no text); alternatives give one head each,
    after the literal text before them ("you(?:'re| are)": "you're", "you are").
    """
    try:
        heads = _heads(list(_parser.parse(pattern)))
    except re.error:
        return None
    return tuple(sorted(set(heads))) if heads and all(heads) else None


def compile_scan(source: str) -> re.Pattern[str]:
    """Compile a regex that is searched through text, led by a lookahead for the characters its
    matches can start with (from :func:`literal_heads`): the engine then passes over every other
    place at once, where a pattern led by ``\\b`` gets no help from its own prefix search. The
    matches and groups are the same."""
    heads = literal_heads(source)
    if not heads or _GLOBAL_FLAGS.match(source):
        return re.compile(source)
    first = "".join(sorted({re.escape(head[0]) for head in heads}))
    return re.compile(f"(?=[{first}])(?:{source})")


_GLOBAL_FLAGS = re.compile(r"\(\?[aiLmsux]+\)")


def _heads(items) -> list[str] | None:
    prefix = ""
    for op, arg in items:
        if op is _c.LITERAL:
            prefix += chr(arg)
            continue
        if op in (_c.AT, _c.ASSERT, _c.ASSERT_NOT):
            continue  # zero-width: the text goes on after it
        if op is _c.SUBPATTERN and arg[1] & re.IGNORECASE:
            break  # "(?i:...)": its letters may come in either case
        if op is _c.SUBPATTERN or op is _c.BRANCH:
            out: list[str] = []
            for group in ([arg[-1]] if op is _c.SUBPATTERN else arg[1]):
                heads = _heads(list(group))
                if not heads:
                    # An alternative that may start with anything: only the text before it.
                    return [prefix] if prefix else None
                out.extend(prefix + head for head in heads)
            return out
        break
    return [prefix] if prefix else None


def starts_a_word(pattern: str) -> bool:
    """Whether every match of ``pattern`` starts where a word starts: it opens with ``\\b``
    (after other zero-width assertions), or its literal head is followed at once by a lookbehind
    that refuses a word character before that head (``you(?<![\\w']you)``). False when unsure."""
    try:
        return _starts_word(list(_parser.parse(pattern)))
    except re.error:
        return False


def _starts_word(items) -> bool:
    for i, (op, arg) in enumerate(items):
        if op is _c.AT:
            if arg is _c.AT_BOUNDARY:
                return True
            continue
        if op in (_c.ASSERT, _c.ASSERT_NOT):
            continue
        if op is _c.SUBPATTERN:
            return _starts_word(list(arg[-1]))
        if op is _c.BRANCH:
            return all(_starts_word(list(branch)) for branch in arg[1])
        if op is _c.LITERAL:
            head = []
            for op2, arg2 in items[i:]:
                if op2 is not _c.LITERAL:
                    break
                head.append((op2, arg2))
            after = items[i + len(head)] if i + len(head) < len(items) else (None, None)
            if after[0] is _c.ASSERT_NOT and after[1][0] == -1:
                body = list(after[1][1])
                refused = body[0] if body else (None, None)
                return (refused[0] is _c.IN and (_c.CATEGORY, _c.CATEGORY_WORD) in refused[1]
                        and all(kind is not _c.NEGATE for kind, _ in refused[1]) and body[1:] == head)
            return False
        return False
    return False


def _walk(items) -> None:
    """Refuse nested repeats, overlapping neighbours, back-references and scanning lookarounds."""
    _check_neighbours(_flat(items))
    for op, arg in items:
        if op in _REPEATS:
            low, high, body = arg
            if high > 1 and not (_simple(body) or _unambiguous(body)):
                raise PatternError("a repeat is nested in a repeat, or alternatives are (like "
                                   "(a+)+, (?:\\w{1,50}){1,50} or (a|ab)*); this can take "
                                   "exponential time, so write it without nesting")
            _walk(body)
        elif op is _c.SUBPATTERN:
            _walk(arg[-1])
        elif op is _c.BRANCH:
            for branch in arg[1]:
                _walk(branch)
        elif op in (_c.GROUPREF, getattr(_c, "GROUPREF_EXISTS", _c.GROUPREF)):
            raise PatternError("back-references are not allowed in rubric patterns")
        elif op in (_c.ASSERT, _c.ASSERT_NOT):
            if _scans(arg[1]):
                raise PatternError("a lookaround holds a repeat of more than "
                                   f"{_LOOKAROUND_REACH} characters (like (?=.*x)); tried at "
                                   "every position it makes the match quadratic, so bound it, "
                                   "e.g. \\W{0,9}")
            _walk(arg[1])


#: How far a repeat inside a lookaround may reach: a constant cost per position tried.
_LOOKAROUND_REACH = 20


def _scans(items) -> bool:
    """Whether ``items`` hold a repeat that can run past :data:`_LOOKAROUND_REACH`."""
    for op, arg in items:
        if op in _REPEATS and (arg[1] > _LOOKAROUND_REACH or _scans(arg[2])):
            return True
        if op is _c.SUBPATTERN and _scans(arg[-1]):
            return True
        if op is _c.BRANCH and any(_scans(b) for b in arg[1]):
            return True
        if op in (_c.ASSERT, _c.ASSERT_NOT) and _scans(arg[1]):
            return True
    return False


def _flat(items) -> list:
    """``items`` with plain groups opened up, so their contents count as neighbours."""
    out = []
    for op, arg in items:
        if op is _c.SUBPATTERN:
            out += _flat(arg[-1])
        else:
            out.append((op, arg))
    return out


def _check_neighbours(items) -> None:
    """Refuse two variable repeats of overlapping characters with nothing mandatory and
    disjoint between them (``\\w*\\w*``, ``.*.*``, ``\\w+\\s*\\w+``): every way of sharing
    a run between them is tried, polynomial in the run's length."""
    open_sets: list[frozenset[str]] = []  # repeats that can still take the next character
    for op, arg in items:
        if op in (_c.AT, _c.ASSERT, _c.ASSERT_NOT):
            continue  # zero-width: parts nothing
        chars = _one_char_set(op, arg)
        if op in _REPEATS and arg[0] != arg[1] and _one_char_set(*_single(arg[2])) is not None:
            chars = _one_char_set(*_single(arg[2]))
            if any(chars & other for other in open_sets):
                raise PatternError("two repeats of overlapping characters stand side by side "
                                   "(like \\w*\\w* or .*.*); this takes polynomial time, so "
                                   "merge them or put a character only one of them takes "
                                   "between them (overlap)")
            open_sets = open_sets + [chars] if arg[0] == 0 else [chars]
        elif op in _REPEATS and arg[0] == arg[1] and _one_char_set(*_single(arg[2])) is not None:
            chars = _one_char_set(*_single(arg[2]))
            if not any(chars & other for other in open_sets):
                open_sets = []
        elif chars is not None:
            if not any(chars & other for other in open_sets):
                open_sets = []  # a character none of them takes ends them
        else:
            open_sets = []  # alternatives or nested groups: checked on their own


def _single(body) -> tuple:
    """The one item of a repeat body, or a pair that has no single character set."""
    items = _flat(body)
    return items[0] if len(items) == 1 else (None, None)


def _unambiguous(body) -> bool:
    """A body each repetition of which can match a text in one way only, ending where the next
    cannot go on: single characters, runs of one character class followed (the last one by the
    body's start, as the next repetition follows) by a class they cannot take, and alternatives
    of fixed words none of which begins another (``(?: (?:really|just))``, ``(?:[\\w']+ )``,
    ``(?:\\s+[a-z']+)``). ``(a|ab)``, ``(?:\\w{1,50})`` and ``(a+)`` are not: a repeat of them
    tries every way of sharing the text between repetitions."""
    parts: list[tuple[frozenset[str], frozenset[str], bool]] = []  # first, last, variable
    for op, arg in _flat(body):
        if op is _c.AT:
            continue
        chars = _one_char_set(op, arg)
        if chars is not None:
            parts.append((chars, chars, False))
        elif op in _REPEATS:
            inner = _one_char_set(*_single(arg[2]))
            if inner is None or arg[0] < 1:
                return False
            parts.append((inner, inner, arg[0] != arg[1]))
        elif op is _c.BRANCH:
            words = _words(arg[1])
            if not words or any(a != b and b.startswith(a) for a in words for b in words):
                return False
            parts.append((_cased(w[0] for w in words), _cased(w[-1] for w in words), False))
        else:
            return False
    for i, (_, last, variable) in enumerate(parts):
        if variable and (len(parts) == 1 or last & parts[(i + 1) % len(parts)][0]):
            return False
    return bool(parts)


def _words(branches) -> list[str] | None:
    """The alternatives as plain words, or None if any is more than literal characters."""
    words = []
    for branch in branches:
        items = _flat(branch)
        if not items or any(op is not _c.LITERAL for op, _ in items):
            return None
        words.append("".join(chr(arg) for _, arg in items).lower())
    return words


def _cased(chars) -> frozenset[str]:
    return frozenset(c for ch in chars for c in (ch, ch.lower(), ch.upper()))


def _simple(body) -> bool:
    """A repeat body that matches a fixed run of single characters (safe to repeat)."""
    for op, arg in body:
        if op is _c.SUBPATTERN:
            if not _simple(arg[-1]):
                return False
        elif op not in _SINGLE and op not in (_c.AT,):
            return False
    return True


#: The characters sets are compared over: enough to tell any two classes a rubric uses apart.
_SAMPLE = "".join(map(chr, range(0x250))) + "\u2019\u2013\u00a0\u3000\u4e2d\u0416\u03b1"
_CATEGORIES = {
    _c.CATEGORY_DIGIT: r"\d", _c.CATEGORY_NOT_DIGIT: r"\D", _c.CATEGORY_SPACE: r"\s",
    _c.CATEGORY_NOT_SPACE: r"\S", _c.CATEGORY_WORD: r"\w", _c.CATEGORY_NOT_WORD: r"\W",
}


def _category(category) -> frozenset[str]:
    regex = re.compile(_CATEGORIES.get(category, r"[\s\S]"))
    return frozenset(ch for ch in _SAMPLE if regex.fullmatch(ch))


def _one_char_set(op, arg) -> frozenset[str] | None:
    """The characters one single-character item matches (both cases), or None if it is not one."""
    everything = frozenset(_SAMPLE)
    if op is _c.LITERAL:
        return frozenset({chr(arg), chr(arg).lower(), chr(arg).upper()})
    if op is _c.NOT_LITERAL:
        return everything - {chr(arg)}
    if op is _c.ANY:
        return everything
    if op is _c.CATEGORY:
        return _category(arg)
    if op is _c.IN:
        chars: set[str] = set()
        negate = False
        for kind, value in arg:
            if kind is _c.NEGATE:
                negate = True
            elif kind is _c.LITERAL:
                chars |= {chr(value), chr(value).lower(), chr(value).upper()}
            elif kind is _c.RANGE:
                chars |= {ch for ch in _SAMPLE if value[0] <= ord(ch) <= value[1]}
                chars |= {ch.swapcase() for ch in list(chars)}
            elif kind is _c.CATEGORY:
                chars |= _category(value)
            else:
                return everything
        return everything - chars if negate else frozenset(chars)
    return None


def _piece(char: str) -> str:
    # Apostrophes and hyphens are optional and any spacing will do: "dont", "non compliant".
    if char == "'":
        return "'?"
    if char == "-":
        return "[ -]?"
    if char == " ":
        return r"\s+"
    return re.escape(char)


def trie_source(phrases: list[str], piece=_piece) -> str:
    """A regex for many phrases with shared prefixes factored out, so matching stays fast.
    ``piece`` writes one character (by default apostrophes and hyphens optional, any spacing)."""
    trie: dict = {}
    for phrase in phrases:
        node = trie
        for char in phrase:
            node = node.setdefault(char, {})
        node[""] = {}

    def emit(node: dict) -> str:
        end = "" in node
        branches = [piece(char) + emit(child) for char, child in sorted(node.items()) if char]
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


def first_chars(texts) -> str:
    """A lookahead for the first characters of ``texts`` (matched as written), or nothing when a
    text may start otherwise. A scan led by ``\\b`` stops at every word; this lets the regex
    engine pass over a word none of them starts with before it enters the longer pattern."""
    firsts = {text[0] for text in texts if text}
    if not firsts or not all(ch.isalnum() for ch in firsts):
        return ""
    return "(?=[" + "".join(sorted(re.escape(ch) for ch in firsts)) + "])"


class PhraseIndex:
    """Many rules' phrases in one matcher, so a reply is scanned once, not once per code.

    The scan finds, at every word, the longest phrase starting there; the shorter phrases it
    begins with are found from its word prefixes, so phrases that overlap across codes all count.
    """

    def __init__(self, entries, *, start: bool = False) -> None:
        self.owners: dict[str, list] = {}
        self._known: dict[str, tuple] = {}
        for phrase, owner in entries:
            self.owners.setdefault(phrase_key(phrase), []).append(owner)
        #: The phrases as matched, and the regex source of all of them (for :class:`WordScan`).
        self.phrases = sorted({normal_phrase(p) for p, _ in entries if p.strip()})
        self.source = trie_source(self.phrases) if self.phrases else r"(?!x)x"
        self.regex = (re.compile(rf"({self.source})(?![\w'])") if start
                      else re.compile(rf"\b{first_chars(self.phrases)}(?=({self.source})(?![\w']))"))

    def hits_at(self, start: int, matched: str):
        """``(start, end, owner)`` for the phrases of a span the scan matched at ``start``."""
        if " " not in matched:
            for owner in self.owners.get(phrase_key(matched), ()):
                yield start, start + len(matched), owner
            return
        # Longest first: the most specific phrase of a rule speaks for it ("the best thing is to"
        # before "the best thing is").
        for end, owners in self._prefixes(matched):
            for owner in owners:
                yield start, start + end, owner

    def _prefixes(self, matched: str) -> tuple[tuple[int, list], ...]:
        """``(end, owners)`` of the phrases a matched span begins with, longest first. Kept per
        span: the spans are the rubric's own phrases, so few, and they come back in every reply."""
        known = self._known.get(matched)
        if known is None:
            known = tuple((w.end(), owners) for w in reversed(list(_WORD_END.finditer(matched)))
                          if (owners := self.owners.get(phrase_key(matched[:w.end()]))))
            if len(self._known) < 10_000:  # bounded: odd spacing could vary them without end
                self._known[matched] = known
        return known

    def find(self, text: str):
        """``(start, end, owner)`` for every phrase anywhere in ``text``."""
        for m in self.regex.finditer(text):
            yield from self.hits_at(m.start(1), m.group(1))

    def at(self, text: str, pos: int, end: int):
        """``(start, end, owner)`` for phrases starting exactly at ``pos``."""
        m = self.regex.match(text, pos, end)
        if m:
            yield from self.hits_at(m.start(1), m.group(1))


class PatternIndex:
    """Many guarded patterns, each tried only where one of its matches can start.

    Every match of a pattern starts with one of its literal heads (:func:`literal_heads`), so a
    pattern is tried only where one of its heads is. A pattern led by ``\\b`` or a lookbehind
    gets no help from the regex engine's own prefix search, and scanning each over the whole
    text cost more than all the rest of the phrase scan. The heads of patterns that start a word
    (:func:`starts_a_word`, nearly all) are found in one scan of the word starts; the others by
    substring search. The matches are those of ``finditer``: left to right, and a match hides
    the places inside it. A pattern without known heads is scanned whole. Where a head is found,
    one alternation of the patterns after it is tried first: most heads are common words ("you",
    "it", "what") and nothing matches after them.
    """

    def __init__(self, entries) -> None:
        #: (compiled, heads or None, owners), in the order the patterns were given.
        self._patterns: list[tuple[re.Pattern[str], tuple[str, ...] | None, list]] = []
        index: dict[str, list] = {}
        for pattern, owners in entries:
            index.setdefault(pattern, []).extend(owners)
        at_word: dict[str, list[int]] = {}   # head -> patterns that start a word with it
        anywhere: dict[str, list[int]] = {}  # head -> patterns that may start inside a word
        for i, (pattern, owners) in enumerate(index.items()):
            heads = literal_heads(pattern)
            self._patterns.append((re.compile(pattern), heads, owners))
            word = starts_a_word(pattern)
            for head in heads or ():
                # \b before a word character: the character before it is none.
                (at_word if word and _WORD_CHAR.match(head) else anywhere).setdefault(head, []).append(i)
        #: Per longest head at a place, the patterns to try there: those with that head or one
        #: it begins with.
        self._tried_after = {longest: tuple(sorted({i for head, ids in at_word.items()
                                                    if longest.startswith(head) for i in ids}))
                             for longest in at_word}
        #: Per head, one alternation of the patterns tried after it: at most places none of
        #: them matches (one try in seventy matches on long speech), and one match call tells.
        joined = {ids: _any_of([self._patterns[i][0].pattern for i in ids])
                  for ids in set(self._tried_after.values())}  # heads often share their patterns
        self._any_after = {longest: joined[ids] for longest, ids in self._tried_after.items()}
        #: The word-start heads as a regex, for one scan of the word starts (alone, or with the
        #: phrases in a :class:`WordScan`).
        self.heads = sorted(at_word)
        self.head_source = trie_source(self.heads, piece=re.escape) if at_word else None
        self._word_heads = (re.compile(rf"\b{first_chars(self.heads)}(?=({self.head_source}))")
                            if at_word else None)
        self._other_heads = tuple((head, tuple(ids)) for head, ids in anywhere.items())
        self._whole = tuple(i for i, (_p, heads, _o) in enumerate(self._patterns) if heads is None)

    def find(self, text: str, places: list[tuple[int, str]] | None = None) -> list[tuple[int, int, object]]:
        """``(start, end, owner)`` for every match, pattern by pattern, each left to right.
        ``places``: the ``(place, head)`` of each word-start head in ``text``, when a
        :class:`WordScan` found them with its phrases (else this scans for them)."""
        tries = [(i, -1) for i in self._whole]  # (pattern, place); -1: scan it whole
        if places is None:
            places = ([(m.start(), m.group(1)) for m in self._word_heads.finditer(text)]
                      if self._word_heads is not None else [])
        for at, head in places:
            any_of = self._any_after[head]
            if any_of is None or any_of.match(text, at):
                tries += [(i, at) for i in self._tried_after[head]]
        find = text.find
        for head, ids in self._other_heads:
            at = find(head)
            while at >= 0:
                tries += [(i, at) for i in ids]
                at = find(head, at + 1)
        tries.sort()
        found: list[tuple[int, int, object]] = []
        last, end = -1, 0
        for i, at in tries:
            if i != last:
                last, end = i, 0
            elif at < end:
                continue  # inside the last match, which finditer would have stepped over
            pattern, _heads, owners = self._patterns[i]
            if at < 0:
                matches = list(pattern.finditer(text))
            else:
                matches = [m] if (m := pattern.match(text, at)) else []
            for m in matches:
                end = m.end()
                found += [(m.start(), end, owner) for owner in owners]
        return found


class WordScan:
    """The phrases of a :class:`PhraseIndex` anywhere and the word-start heads of a
    :class:`PatternIndex`, found in one pass over a text's word starts.

    Each is led by ``\\b``, which the regex engine cannot skip ahead to: every scan walks every
    character, and on long speech two scans cost nearly twice one. The matches are those of
    :meth:`PhraseIndex.find` and :meth:`PatternIndex.find`.
    """

    def __init__(self, phrases: PhraseIndex, patterns: PatternIndex) -> None:
        self.phrases, self.patterns = phrases, patterns
        heads = patterns.head_source or r"(?!x)x"
        # At a word start, the longest phrase and the longest head there, each if any; the match
        # fails (and the place is passed over) when neither is.
        self.regex = re.compile(rf"\b{first_chars([*phrases.phrases, *patterns.heads])}"
                                rf"(?=(?P<phrase>{phrases.source})(?![\w'])|)(?=(?P<head>{heads})|)"
                                r"(?(phrase)|(?(head)|(?!)))")

    def find(self, text: str) -> tuple[list, list]:
        """``(start, end, owner)`` of every phrase anywhere in ``text``, and of every match of the
        guarded patterns."""
        found: list = []
        places: list[tuple[int, str]] = []
        hits_at = self.phrases.hits_at
        for m in self.regex.finditer(text):
            phrase, head = m.group("phrase", "head")
            if phrase is not None:
                found.extend(hits_at(m.start(), phrase))
            if head is not None:
                places.append((m.start(), head))
        return found, self.patterns.find(text, places)


_WORD_CHAR = re.compile(r"\w")


def _any_of(sources: list[str]) -> re.Pattern[str] | None:
    """One regex that matches at a place where any of ``sources`` does (each is linear, so their
    alternation is too; rubric patterns hold no back-references, which joining would renumber),
    or None when they cannot be joined (global flags, a group name used twice) or there is one."""
    if len(sources) < 2 or any(_GLOBAL_FLAGS.match(source) for source in sources):
        return None
    try:
        return re.compile("|".join(f"(?:{source})" for source in sources))
    except re.error:
        return None
