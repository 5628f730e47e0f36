"""Judgement read from a lexicon of words the public language guides name, in sentence frames.

The rubric's ``judgement_lexicon`` lists words by kind, each entry naming its source (Language
Matters 2018, NIDA "Words matter", the VA's weight language, Dickinson 2017, MITI's confront).
A word alone is not a judgement: "the addiction service" names a service. Each kind is read in
the frames that aim it at the person: a label in "you're a/an ..." or "people like you", a
character word in "you're (being) ..." or "you've got no ...", a put-down in "that's ...", an
accusation in "you're (just) ...", moralising in "you should ...", a warning in "you'll ...".
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from simulator.rubric.models import LexiconGroup
from simulator.rubric.patterns import compile_scan, trie_source

#: Adverbs and hedges that may sit inside a frame ("you're just so lazy").
_SOFT = r"(?:just|so|really|such|a bit|a little|bit of|quite|very|too|always|completely|totally|basically|" \
        r"clearly|obviously|kind of|sort of|being|still|simply|pretty|plain|utterly|absolutely|like|only)"
_BE = rf"you(?:'re| are|re| were|'ve been| have been| seem| sound| look)(?: {_SOFT}){{0,3}}"
#: A "be" that carries its own "not" ("you aren't trying"): the prefilter's key for the negated
#: entries read without their "not".
_CONTRACTED_BE = ("aren't", "weren't", "haven't been")
#: The negations an entry may hold, each with its spelling in full ("do not care").
_NEGATORS = {"not": "not", "don't": "do not", "doesn't": "does not", "can't": "cannot|can not",
             "couldn't": "could not", "won't": "will not", "didn't": "did not"}
#: Negated auxiliaries an accusation may start with ("you don't care", "you can't be bothered"):
#: the entries' negations in either spelling, and "never".
_NEGATED_AUX = "|".join([*(form.replace("'", "'?") for short, full in _NEGATORS.items() if short != "not"
                           for form in (short, *full.split("|"))), "never"])
#: What a person's results are called: the nouns a verdict on results is passed on.
_RESULTS = (r"(?:blood )?sugars?|(?:blood )?(?:sugar |glucose )?(?:levels?|readings?|results?|numbers)|glucose|hba1c|"
            r"control|diabetic control|blood pressure|cholesterol|test results?|urine(?: sample| test)?|"
            r"sample|weigh-in|weight")
#: Where each kind's words are aimed at the person; ``{w}`` is the kind's words.
_FRAMES = {
    # "you're a heavy drinker", "you are diabetic", "smokers like you", "you diabetics"
    "label": (rf"\b{_BE} (?:an? |the )?(?:[a-z]+ )?(?:{{w}})s?\b|\b(?:{{w}})s? like you\b|\byou (?:{{w}})s\b"
              r"|\byou(?:'ve got| have got| have|'ve) (?:an? |this |that )?(?:bit of a |real |serious |big )?(?:{w})\b"),
    # "you're being lazy", "you've got no willpower", "you don't have the discipline", "it's selfish to"
    "character": (rf"\b{_BE} (?:an? )?(?:{{w}})\b|\byou(?:'ve got| have got| have|'ve|'ve just got)"
                  r"(?: just)? (?:no|zero|not much|not enough|so little|little) (?:{w})\b"
                  r"|\b(?:your|a) lack of (?:{w})\b|\byou lack (?:the )?(?:{w})\b"
                  r"|\byou(?: just| clearly| really| obviously| simply)? (?:can't|cannot|can not|couldn't) (?:{w})\b"
                  r"|\byou(?: just| clearly| really| obviously| simply)? (?:(?:don't|do not|didn't) (?:have|got)|haven't got)"
                  r" (?:the |any |enough )?(?:{w})\b"
                  rf"|\b(?:it's|it is|that's|that is|it was|that was)(?: {_SOFT}){{0,2}} (?:{{w}}) (?:to|of you)\b"
                  # "you just need a bit more willpower": the lack of it, put as a need
                  r"|\byou(?: just| really| simply| clearly)? (?:need|could do with|could use)"
                  r"(?: a bit| a little| a lot| a bit of| some| much)? (?:more|better) (?:{w})\b"),
    # "that's ridiculous", "a silly idea", "don't be daft", "you'd be a fool to"
    "put_down": (rf"\b(?:that's|that is|thats|it's|it is|that was|it was|how|so|what an?|sounds|you're|you are|"
                 rf"you'd be|you would be|don't be|dont be|being|an?|such an?|bit)(?: {_SOFT}){{0,2}} (?:{{w}})\b"),
    # "you're making excuses", "you keep cheating", "stop kidding yourself"; a negated deed with
    # the negation contracted ("you aren't trying", "you obviously don't care")
    "accusing": (rf"\b(?:{_BE}|you keep|you(?: just)? keep on|stop|quit|you're always|you always|you never stop)"
                 r"(?: (?:just|always|still|really|clearly|obviously|simply|only))* (?:{w})\b"
                 rf"|\byou(?: {_SOFT}){{0,2}} (?:aren'?t|weren'?t|haven'?t been)"
                 r"(?: (?:just|always|still|really|even|clearly|obviously|simply))* (?:{unnegated})\b"
                 rf"|\byou(?: {_SOFT}){{0,2}} (?=(?:{_NEGATED_AUX})\b)(?:{{w}})\b"),
    # "you should know better", "you ought to be ashamed", "you've been naughty"
    "moralising": (r"\byou(?: really| just| of all people)? (?:should|ought to|must|need to|have to)(?: really| just)?"
                   rf" (?:{{w}})\b|\b{_BE} (?:a |an )?(?:{{w}})\b"),
    # "you'll end up on insulin", "you could lose your feet", "it'll kill you"
    "warning": (r"\byou(?:'ll| will|'re going to|'re gonna| are going to| could| might| may|'re likely to|"
                r"'re looking at| are looking at|'re at risk of| are at risk of)"
                r"(?: (?:well|probably|definitely|really|soon|eventually|easily|actually|just|end up|wind up|be)){0,3}"
                r" (?:{w})\b|\b(?:it|this|that|they|these|those|smoking|drinking|the drink|the smoking|cigarettes|"
                r"alcohol|sugar|the sugar|your weight)(?:'ll| will|'s going to| is going to| are going to| could| can| might)"
                r"(?: (?:really|eventually|slowly|well|probably|definitely))? (?:{w}) (?:you|your)\b"),
    # "your sugars are really bad", "your numbers came back terrible", "poor control": a verdict
    # on the person's results (Language Matters 2018: numbers are information, not good or bad).
    "results": (rf"\byour(?: (?:last|latest|recent|most recent|new|first|next|other))? (?:{_RESULTS})(?: [a-z]+)? (?:is|are|was|were|look|looks|looked|have been|has been|"
                rf"came back|come back|seem|seems)(?: {_SOFT}){{0,3}} (?:{{w}})\b|\b(?:{{w}}) (?:{_RESULTS})\b"),
}
#: A person labelled by a group they are put in, whatever the word (MITI confront: labelling).
_GROUP_LABEL = compile_scan(r"\b(?:people like you|the likes of you|your sort|your type|you people)\b")
#: Kinds a real question leaves standing ("do you see yourself as a smoker?" asks the person's
#: own view); a put-down or warning in question form still lands.
ASKABLE = frozenset({"label", "character"})


@dataclass(frozen=True, slots=True)
class LexiconHit:
    """A lexicon word in one of its frames: the span, the word, its kind and its source."""

    start: int
    end: int
    kind: str
    word: str
    source: str


class JudgementLexicon:
    """The rubric's judgement words compiled into one frame pattern per kind."""

    def __init__(self, groups: dict[str, LexiconGroup]) -> None:
        self.groups = groups
        self._sources: dict[tuple[str, str], str] = {}
        self._patterns: list[tuple[str, re.Pattern[str], re.Pattern[str]]] = []
        for kind, group in groups.items():
            words = []
            for entry in group.entries:
                for word in entry.words:
                    key = " ".join(word.lower().split())
                    if key:
                        words.append(key)
                        self._sources[(kind, key)] = entry.source
            if not words:
                continue
            alternation = _alternation(words)
            # The negated entries without their "not", for a frame that carries the negation
            # itself ("you aren't trying" is the entry "not trying").
            unnegated = _alternation([w[4:] for w in words if w.startswith("not ")]) or "(?!)"
            frame = re.compile(_FRAMES[kind].replace("{w}", alternation).replace("{unnegated}", unnegated))
            self._patterns.append((kind, frame, re.compile(rf"\b(?:{alternation}|{unnegated})")))
        every = sorted({_fixed_part(w) for _kind, w in self._sources})
        negators = {token for w in every for token in w.split(" ") if token in _NEGATORS}
        # A negated entry may have an adverb after its negation ("not really trying", "don't
        # even care"), and "not" may be contracted into the frame ("aren't trying").
        every += [f"{n} {adverb}" for n in sorted(negators) for adverb in _NOT_ADVERBS]
        if any(w.startswith("not ") for w in every):
            every += list(_CONTRACTED_BE)  # the frame that carries an entry's "not" itself
        every += [w.replace(n, full, 1) for w in list(every) for n in negators
                  if n != "not" and f"{n} " in w for full in _NEGATORS[n].split("|")]
        #: One scan for any lexicon word at all (a trie, so it stays fast): most replies have
        #: none, and skip every frame.
        self._any = compile_scan(rf"\b(?:{trie_source(every)})") if every else None

    def find(self, text: str) -> list[LexiconHit]:
        """Every lexicon word aimed at the person in normalised ``text``."""
        hits = []
        if "label" in self.groups and "you" in text:
            for m in _GROUP_LABEL.finditer(text):
                hits.append(LexiconHit(m.start(), m.end(), "label", m.group(), "MITI confront"))
        if self._any is None or self._any.search(text) is None:
            return hits
        for kind, frame, word in self._patterns:
            if len(self._patterns) > 1 and word.search(text) is None:
                continue  # the words are rarer than the frames: no word, no scan
            for m in frame.finditer(text):
                found = None
                for w in word.finditer(text, m.start(), m.end()):
                    found = w  # the last one: the frame's own words come first
                said = _KEY.sub(" ", found.group()).strip() if found else m.group()
                source = self._source(kind, said)
                hits.append(LexiconHit(m.start(), m.end(), kind, said, source))
        return hits

    def _source(self, kind: str, said: str) -> str:
        said = _NOT_ADVERB.sub(r"\1 ", said)  # "not really trying" is the entry "not trying"
        said = _SPELLED_OUT.sub(lambda m: _CONTRACTED[m.group()], said)  # "do not care": "don't care"
        source = self._sources.get((kind, said)) or self._sources.get((kind, f"not {said}"))
        if source is None:  # matched with a hyphen or apostrophe left out
            flat = said.replace("-", " ").replace("'", "")
            source = next((s for (k, w), s in self._sources.items()
                           if k == kind and w.replace("-", " ").replace("'", "") == flat), "")
        return source


_KEY = re.compile(r"[\s]+")


#: Adverbs a negation takes before its verb ("not really taking it seriously", "don't even
#: care", "don't seem to care"): the entry names the negated deed once, and these may sit inside.
_NOT_ADVERBS = ("really", "even", "always", "actually", "properly", "exactly", "quite", "just", "ever",
                "seem to")
_NOT_ADVERB = re.compile(rf"(?<![a-z])({'|'.join(_NEGATORS)})(?: (?:{'|'.join(_NOT_ADVERBS)})){{1,2}} ")
_CONTRACTED = {full: short for short, fulls in _NEGATORS.items() if short != "not" for full in fulls.split("|")}
_SPELLED_OUT = re.compile(rf"\b(?:{'|'.join(_CONTRACTED)})\b")
_AFTER_NOT = rf"(?:\s+(?:{'|'.join(_NOT_ADVERBS)})){{0,2}}"


def _word(word: str) -> str:
    """A lexicon word as a regex: spaces flexible, hyphens and apostrophes optional, a negation
    contracted or spelled out with up to two adverbs after it, an intensifier after "a", and an
    inner "it" standing for any object."""
    tokens = []
    words = word.split(" ")
    for i, token in enumerate(words):
        out = "".join("[ -]?" if ch == "-" else "'?" if ch == "'" else re.escape(ch) for ch in token)
        if token in ("a", "an"):
            out += _INTENSIFIER  # "a complete disaster" is the entry "a disaster"
        elif token == "it" and 0 < i < len(words) - 1:
            # "not taking your diabetes seriously" is the entry "not taking it seriously"; a
            # final "it" ("regret it", "not doing it") stays itself: anything may follow it.
            out = _OBJECT
        if token in _NEGATORS:
            full = _NEGATORS[token].replace(" ", r"\s+")
            out = (f"(?:{out}|{full})" if full != token else out) + _AFTER_NOT
        tokens.append(out)
    return r"\s+".join(tokens)


#: Words that make a verdict stronger without changing it ("a total mess", "a real failure").
_INTENSIFIER = r"(?:\s+(?:complete|total|real|absolute|proper|right|utter|bit of an?))?"
#: What an entry's "it" stands for: the thing the person does or has, however it is named.
_OBJECT = r"(?:it|this|that|(?:your|the|these|those) [a-z]+(?: [a-z]+)?)"


def _fixed_part(word: str) -> str:
    """The part of an entry every match of it contains, for the prefilter: the words before its
    "it" slot, and without a leading article that may take an intensifier."""
    tokens = word.split(" ")
    if "it" in tokens[1:-1]:
        tokens = tokens[:tokens.index("it", 1)]
    if tokens[0] in ("a", "an") and len(tokens) > 1:
        tokens = tokens[1:]
    return " ".join(tokens)


def _alternation(words: list[str]) -> str:
    """Lexicon words as one regex alternation, longest first (so the longer entry wins)."""
    return "|".join(_word(w) for w in sorted(set(words), key=lambda w: (-len(w), w)))
