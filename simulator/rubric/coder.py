"""The coder: codes a coach reply like a trained assessor, with evidence for every code.

Everything is compiled once from the rubric: one trie-shaped regex per code for its phrases,
guarded patterns, and the sentence grammar (fillers, question words, auxiliaries, tags,
reflection stems). A reply is normalised once, typo-corrected word by word through a cache,
split into sentences, and each sentence is classified by its grammar and by what the person
just said (the previous patient turn), because a reflection only makes sense against it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterable

from simulator.codes import CODES, QUESTIONS
from simulator.rubric import english as en
from simulator.rubric.coding import Coding, Context, Evidence, Sentence
from simulator.rubric.lexicon import ASKABLE, JudgementLexicon, LexiconHit
from simulator.rubric.models import CodeSpec, Rubric, Rule
from simulator.rubric.patterns import (PatternIndex, PhraseIndex, WordScan, compile_scan, normal_phrase,
                                       phrase_key, union)
from simulator.rubric.rewriting import Rewriter, worst_slip_first
from simulator.rubric.text import (AMOUNT, MAX_CHARS, Norm, TypoFixer, content_words, correct,
                                   normalise, sentences, word_at)

_ORDER = {code: i for i, code in enumerate(CODES)}
_ADVICE = ("advice.unsolicited", "advice.permitted")
#: Codes whose evidence carries a rewrite: the problems a trainer asks to see reworked.
#: A sentence with one of these is doing something else than saying back what was heard.
_NOT_REFLECTION = frozenset({"advice.unsolicited", "advice.permitted", "judgement", "permission",
                             "information"})
#: Codes for the coach's own input (AnnoMI's "therapist input"): facts and suggestions.
_INPUT = frozenset({"information", "advice.unsolicited", "advice.permitted"})
#: Words from which a turn that gives input reads as an explanation, not a reflection.
_EXPLANATION_WORDS = 40
_REWRITTEN = frozenset({"judgement", "advice.unsolicited", "question.closed"})
#: Codes that hand something back to the person; a goal or fact phrase inside one is part of it.
_HANDS_BACK = frozenset({"autonomy", "permission", "affirmation", "summary"})
#: Advice rules that offer a fix as "have you tried...?".
_TRIED = frozenset({"tried", "tried_remedy"})
#: Judgement rules that warn of what will happen to the person.
_WARNINGS = frozenset({"warning", "conditional_warning"})
#: Lexicon kinds a coach can deny ("you're not lazy", "it's not that you don't care").
_DENIABLE = frozenset({"label", "character", "put_down", "accusing"})


@dataclass
class _Code:
    """One code's rubric entry and its sentence-start matcher."""

    code: str
    spec: CodeSpec
    start: re.Pattern[str] | None = None
    lookup: dict[str, Rule] = field(default_factory=dict)


def _alt(words: Iterable[str]) -> str:
    """Regex alternation of word lists, longest first (no nesting, so no backtracking blow-up)."""
    unique = sorted({normal_phrase(w) for w in words}, key=lambda w: (-len(w), w))
    return "|".join(re.escape(w).replace(r"\ ", r"\s+").replace("'", "'?").replace(r"\-", "[ -]?")
                    for w in unique)


def _frames(stems: Iterable[str]) -> str:
    """The reflective frames as an alternation; one opened by "you" may carry up to two adverbs
    after it ("you really feel", "you kind of want"), and after "you're" or "you've" too
    ("you're still concerned", "you've really had enough"). After a bare "you" the verb may be
    negated: "you don't want to be a burden" says back a wish as surely as "you want"."""
    adverbs = rf"(?:{en.FRAME_ADVERBS}\s+){{0,2}}"
    framed = re.sub(r"(^|\|)(you'\?(?:re|ve))\\s\+", lambda m: rf"{m.group(1)}{m.group(2)}\s+{adverbs}",
                    _alt(stems))
    negated = rf"{adverbs}(?:(?:don'?t|do not|didn'?t|did not|never|no longer)\s+{adverbs})?"
    return re.sub(r"(^|\|)you\\s\+", lambda m: rf"{m.group(1)}you\s+{negated}", framed)


@dataclass(frozen=True)
class _Reading:
    """A reply as its words alone decide it (see :meth:`Coder._read`). Shared between calls:
    its sentences are copied before anything is decided in context."""

    norm: Norm
    sents: tuple[Sentence, ...]
    hits: tuple[tuple[_Code, Rule, int, int], ...]
    judged: tuple[LexiconHit, ...]
    #: Context flags -> (coding, closed_ok) for codings that never read what the person said.
    codings: dict = field(default_factory=dict)


#: Readings kept per coder (of replies, and of the person's turns), and the longest text kept.
_KEPT_READINGS = 4096
_KEPT_CHARS = 1000


class _Recent:
    """What was read from the texts used most recently, at most ``size`` of them, so memory
    stays bounded; the one unused for longest goes first. Texts longer than :data:`_KEPT_CHARS`
    are not kept: a long paste does not come back."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._kept: dict = {}

    def __len__(self) -> int:
        return len(self._kept)

    def __contains__(self, text: str) -> bool:
        return text in self._kept

    def get(self, text: str):
        """What was kept for ``text``, or None."""
        value = self._kept.pop(text, None)
        if value is not None:
            self._kept[text] = value  # to the back of the queue: used most recently
        return value

    def keep(self, text: str, value) -> None:
        """Remember ``value`` for ``text``."""
        if len(text) > _KEPT_CHARS:
            return
        if len(self._kept) >= self.size:
            # Tolerant of another thread having just taken it (a coder may be shared).
            self._kept.pop(next(iter(self._kept), None), None)
        self._kept[text] = value


class Coder:
    """Codes coach replies against a rubric. Build once; ``code`` is safe to call repeatedly."""

    def __init__(self, rubric: Rubric) -> None:
        self.rubric = rubric
        g = rubric.grammar
        self._fillers = re.compile(rf"(?:(?:{_alt(g.fillers)})(?![\w'])[\s,.;:!-]*)*")
        self._backchannel = re.compile(
            rf"(?:(?:{_alt(g.backchannels)})(?![\w'])[\s,.;:!?-]*)+")
        # "what-what might..." (a restart) counts as one question word; "why'd", "how'd" too.
        self._wh = re.compile(rf"(?:{_alt(g.wh_words)})(?:'d)?(?:[\s-]+(?:{_alt(g.wh_words)}))?(?![\w'])\s*([a-z']*)")
        self._aux = frozenset(normal_phrase(w) for w in g.auxiliaries)
        self._yes_no = re.compile(rf"(?:{_alt(g.auxiliaries)})\s+(?:{_alt(g.subjects)})(?![\w'])")
        self._tag = re.compile(rf"(?:^|,|\s)\s*({_alt(g.tags)})\s*[?.!]*$")
        self._rewriter = Rewriter(self._tag, self._aux)
        # "you really feel", "you kind of want": a frame may carry up to two adverbs after "you".
        self._stem = re.compile(rf"(?:{_frames(g.reflection_stems)})(?![\w'])")
        # A frame of two words or more may also open a later clause: "okay so if you had a job
        # you feel pretty confident", "and it sounds like...".
        later = [w for w in g.reflection_stems if " " in w.strip() and not w.startswith(("so ", "and ", "but "))]
        # Frames that say back whatever comes before them ("well i'm wondering like it sounds
        # like...", "because it seems..."): unpunctuated speech runs them into a longer sentence.
        strong = [w for w in later if en.STRONG_FRAME.search(w) and not w.startswith(("you", "for you", "because"))]
        self._later_stem = re.compile(rf"(?:[,;:-]\s*|\b(?:and|but|so|then|now|okay|ok)\s+)(?:{_frames(later)})(?![\w'])"
                                      rf"|\b(?:{_alt(strong)})(?![\w'])")
        self._complex = compile_scan(rf"\b(?:{_alt(g.complex_markers)})(?![\w'])")
        self._double = compile_scan(r"\b(?:on (?:the )?one hand|part of you|and yet|at the same time|"
                                  r"on the other|but also|torn|mixed feelings)\b")
        self._asks_advice = compile_scan(rf"\b(?:{_alt(g.advice_requests)})(?![\w'])")
        self._yes = re.compile(rf"(?:(?:{_alt(g.fillers)})\W+)*(?:{_alt(g.yes_words)})(?![\w'])")
        self._no = re.compile(rf"(?:(?:{_alt(g.fillers)})\W+)*(?:{_alt(g.no_words)})(?![\w'])")
        self._stopwords = frozenset(normal_phrase(w) for w in g.stopwords)
        self._not_reflection = re.compile(rf"(?:{_alt(g.not_reflections)})(?![\w'])")
        self._min_words = g.reflection_min_words
        # A clause after a comma or dash may carry the question; a question head may start a
        # new sentence in unpunctuated text unless the word before binds it ("know what you").
        self._clause = re.compile(r"[,;:-]\s*")
        self._head = compile_scan(rf"\b(?:(?:{_alt(g.wh_words)})\s+(?:{_alt(g.auxiliaries)})|"
                                rf"(?:{_alt(g.wh_words)})(?:[\s-]+(?:{_alt(g.wh_words)}))?\s+[a-z']+\s+"
                                rf"{self._yes_no.pattern}|"
                                rf"(?:{_alt(g.auxiliaries)})\s+you|(?<!\byou )tell me|on a scale|how (?:much|many|often|long)|"
                                rf"i'?m wondering|i wonder|anything else|any (?:other|thoughts|ideas|questions)|"
                                rf"(?:is|would) (?:it|that|this) (?:be )?(?:ok|okay|alright|all right|"
                                rf"something (?:that |which )?(?:you|we|i|they|he|she)[a-z']*)|does that (?:sound|make)|"
                                rf"(?:is|are|was|were) there (?:any|anything|anyone|anybody|something|someone)|"
                                rf"what do you think|(?:what|why) (?!(?:{_alt(en.CLAUSE_SUBJECTS)})\b)[a-z']+|"
                                rf"how (?:come|important|confident|ready|difficult|hard|easy|likely|things))(?![\w'])")
        # Heads that start a question only after a discourse marker or a word of curiosity
        # ("okay can we take a minute", "um what's going on", "i'm curious are there any"):
        # mid-clause they are statements ("the thing is that...", "that's what's hard").
        self._weak_head = compile_scan(rf"\b(?:(?:{_alt(g.auxiliaries)})\s+(?:{_alt(g.subjects)})|"
                                     rf"(?:{_alt(en.CONTRACTED_WH)}|who's|whos)\s+[a-z']+)(?![\w'])")
        self._filler_words = frozenset(normal_phrase(w) for w in g.fillers if " " not in w)
        self._wh_set = frozenset(normal_phrase(w) for w in g.wh_words)
        self._no_cut = frozenset(normal_phrase(w) for w in (*g.wh_words, *g.auxiliaries, *en.BINDING))
        # "it's up to you what happens next": the question word starts the object of the choice
        # handed back, not a new question (speech-to-text has no full stop to tell them apart).
        choice = [normal_phrase(p) for r in (rubric.codes["autonomy"].rules if "autonomy" in rubric.codes
                                             else ()) for p in r.phrases]
        self._preface = re.compile(r"(?:i'?m |i am )?(?:just )?(?:curious|wondering|interested)\s*,")
        self._choice_tail = compile_scan(rf"\b(?:{_alt(choice)})\W*$") if choice else None
        self._inverted = re.compile(rf"(?:{_alt(g.wh_words)})\s+{self._yes_no.pattern}")
        # "what ideas do you have", "which one would you pick": a question word and its noun,
        # then the inverted auxiliary and subject that make it a question even unpunctuated.
        self._inverts = re.compile(rf"\s+{self._yes_no.pattern}")
        self._codes: list[_Code] = [self._compile(code, spec) for code, spec in rubric.codes.items()]
        self._by_code = {c.code: c for c in self._codes}
        # One scan for every code's phrases, one for sentence starts, one for the heads of the
        # guarded patterns (each pattern is then tried only where its head is).
        anywhere, starts, patterns = [], [], {}
        start_patterns: list[tuple[re.Pattern[str], tuple[_Code, Rule]]] = []
        for compiled in self._codes:
            for rule in compiled.spec.rules:
                owner = (compiled, rule)
                phrases = [(p, owner) for p in (*rule.phrases, *rule.swap)]
                if rule.at == "start":
                    if compiled.code not in QUESTIONS:
                        starts.extend(phrases)
                        if rule.pattern:
                            # Grammar that holds only where a sentence starts ("just bin them").
                            start_patterns.append((re.compile(rule.pattern), owner))
                else:
                    anywhere.extend(phrases)
                    if rule.pattern:
                        patterns.setdefault(rule.pattern, []).append(owner)
        anywhere_index = PhraseIndex(anywhere)
        # Start phrases whose first word is a filler ("yes but"): tried from the sentence's
        # very first word as well, since the body starts after the fillers.
        fillers = {normal_phrase(f) for f in g.fillers}
        self._filler_starts = tuple(sorted({first for first in (normal_phrase(p).split(" ")[0] for p, _o in starts)
                                            if first in fillers}))
        self._starts = PhraseIndex(starts, start=True)
        self._start_patterns = tuple(start_patterns)
        # The phrases anywhere and the guarded patterns' heads: one pass over the word starts.
        self._anywhere = WordScan(anywhere_index, PatternIndex(patterns.items()))
        self._lexicon = JudgementLexicon(rubric.judgement_lexicon) if "judgement" in self._by_code else None
        self._lexicon_rules: dict[tuple[str, str], Rule] = {}
        self._readings = _Recent(_KEPT_READINGS)
        self._patient_readings = _Recent(_KEPT_READINGS)
        self._typos = TypoFixer(self._vocabulary(), rubric.typos.min_length,
                                {normal_phrase(w) for w in rubric.typos.not_typos})

    # -- compiling ----------------------------------------------------------------------------
    @staticmethod
    def _compile(code: str, spec: CodeSpec) -> _Code:
        # Each code keeps its own sentence-start matcher: the question grammar checks them in order.
        compiled = _Code(code, spec)
        starts: list[str] = []
        for rule in spec.rules:
            if rule.at == "start":
                phrases = [*rule.phrases, *rule.swap]
                starts.extend(phrases)
                for phrase in phrases:
                    compiled.lookup.setdefault(phrase_key(phrase), rule)
        compiled.start = union(starts, start=True)
        return compiled

    def _vocabulary(self) -> set[str]:
        words: set[str] = set()
        for spec in self.rubric.codes.values():
            for rule in spec.rules:
                for phrase in (*rule.phrases, *rule.swap):
                    words.update(re.findall(r"[a-z][a-z']*", normal_phrase(phrase)))
        g = self.rubric.grammar
        for phrase in (*g.reflection_stems, *g.complex_markers, *g.wh_words, *g.auxiliaries):
            words.update(re.findall(r"[a-z][a-z']*", normal_phrase(phrase)))
        return words

    # -- the public API -----------------------------------------------------------------------
    def code(self, text: str, previous_patient: str = "", permission_granted: bool = False,
             advice_requested: bool = False) -> Coding:
        """Code one reply. ``previous_patient`` is what the person said just before it."""
        return self.code_in(text, Context(previous_patient, permission_granted, advice_requested))

    def patient_words(self, text: str) -> frozenset[str]:
        """The content words of the person's turn (what a reflection may pick up)."""
        return self.read_patient(text)[1]

    def asks_for_advice(self, text: str) -> bool:
        """Whether the person's turn asks the coach what to do."""
        return self.read_patient(text)[2]

    def answer(self, text: str) -> bool | None:
        """Whether the person's turn starts with yes (True), no (False), or neither (None)."""
        return self.read_patient(text)[3]

    def read_patient(self, text: str) -> tuple[str, frozenset[str], bool, bool | None, bool]:
        """One pass over the person's turn: its normalised text, content words, whether it asks
        for advice, whether it starts with yes or no, and whether it ends by asking the coach a
        question (the text is normalised once, and the answer kept: "Yes.", "Mm." and "I don't
        know" come back again and again)."""
        read = self._patient_readings.get(text)
        if read is None:
            norm = normalise(text[:MAX_CHARS])
            start = norm[:200].lstrip(" \"'")
            answer = False if self._no.match(start) else True if self._yes.match(start) else None
            read = (norm, frozenset(content_words(norm, self._stopwords)),
                    self._asks_advice.search(norm) is not None, answer,
                    en.PERSON_ASKS.search(norm[-300:]) is not None)
            self._patient_readings.keep(text, read)
        return read

    # -- coding -------------------------------------------------------------------------------
    def code_in(self, text: str, context: Context) -> Coding:
        """Code ``text`` in ``context`` (what :class:`Conversation` calls)."""
        if not isinstance(text, str):
            raise TypeError("a reply must be text")
        text = text[:MAX_CHARS]
        reading = self._read(text)
        if not reading.sents:
            return Coding(text, (), ())
        flags = context.flags()
        known = reading.codings.get(flags)
        if known is not None:
            # Coded before in these flags, and the person's words played no part.
            coding, context.closed_ok = known
            return coding
        if context.patient_words is None:
            context.patient_words = self.patient_words(context.previous_patient)
        context.heard_person = False  # from here on, a read of the person's words decides
        coding = self._code_reading(text, reading, context)
        if not context.heard_person:
            reading.codings[flags] = (coding, context.closed_ok)
        return coding

    def _code_reading(self, text: str, reading: "_Reading", context: Context) -> Coding:
        """Decide in ``context`` what the reply's sentences and hits do, with evidence."""
        norm = reading.norm
        t = norm.text
        found: list[Evidence] = []
        # Copies: what follows decides in context, and the reading is kept for the next time.
        sents = [sent.copy() for sent in reading.sents]
        hits = list(reading.hits)
        if reading.judged:
            # A label the swap list already names keeps its person-first rewrite.
            swapped = [(s, e) for c, r, s, e in hits if r.swap]
            hits.extend(h for h in self._lexicon_hits(t, reading.judged, sents, context)
                        if not any(s < h[3] and h[2] < e for s, e in swapped))
        hits = self._reconcile(t, sents, hits, context)
        for compiled, _rule, start, _end in hits:
            if compiled.code == "affirmation":
                sents[_index(sents, start)].affirms = True
            elif compiled.code == "information":
                sents[_index(sents, start)].tells = True
            elif compiled.code == "autonomy":
                sent = sents[_index(sents, start)]
                sent.hands_back = True
                sent.opens_handing_back = sent.opens_handing_back or start <= sent.start
        blocked = self._blocked(sents, hits)
        # Asking permission or a scaling question is closed by design: nothing to rework.
        context.closed_ok = any(c.code in ("permission", "goal") for c, *_ in hits)
        last = len(sents) - 1
        for i, sent in enumerate(sents):
            if sent.reason == "rising" and i != last:
                # A statement with a rising tone mid-reply is a check, not a question to answer.
                sent.question = None
            if i == 0 and context.other_cut and en.CONTINUES.match(t):
                continue  # "-oral diseases.": the rest of the explanation the person cut into
            if i not in blocked and (sent.question is None or (
                    sent.reason == "rising" and not _checks_a_detail(t, sent))):
                self._classify_reflection(t, sent, context)
                if sent.reason == "rising" and sent.complex_reason == "double_sided":
                    sent.question = None  # "on one hand... on the other?" holds; it does not ask
        first = sents[0]
        if (context.reflection_cut and en.CONTINUES.match(t) and not first.reflective
                and first.question is None and 0 not in blocked):
            # "-and get you into trouble.": the rest of the reflection the person cut into.
            first.reflective, first.basis = True, "continued"
        if t.count(" ") + 1 >= _EXPLANATION_WORDS and (
                any(s.informs for s in sents) or any(c.code in _INPUT for c, *_ in hits)):
            # A long turn that informs or advises is an explanation: its loose "you" statements
            # are part of it. Only a sentence opened as a reflection ("it sounds like", "so you")
            # says back; a bare "you"/"your" opens explanations too ("your liver needs...").
            for sent in sents:
                if sent.reflective and not sent.stemmed:
                    sent.reflective = False
        for sent in sents:
            self._sentence_evidence(norm, sent, context, found)
        self._hit_evidence(norm, sents, hits, context, found)
        self._summary(norm, sents, found)
        if any(ev.code == "reflection.complex" for ev in found):
            # A reply carries one reflection code: the deeper one says what it did.
            found = [ev for ev in found if ev.code != "reflection.simple"]
        found = worst_slip_first(found)
        found.sort(key=lambda ev: (_ORDER.get(ev.code, 99), ev.start))
        codes = tuple(sorted({ev.code for ev in found}, key=_ORDER.__getitem__))
        return Coding(text, codes, tuple(found))

    def _read(self, text: str) -> "_Reading":
        """What the reply's words alone decide, before any context: the normalised text, its
        sentences with their questions, the phrase and pattern hits, and the lexicon's words.

        Kept per text (bounded): short replies come back again and again ("Okay.", "Mm-hmm.",
        "Tell me more."), and this is most of the work of coding one."""
        reading = self._readings.get(text)
        if reading is not None:
            return reading
        norm = correct(text, normalise(text), self._typos)
        t = norm.text
        spans = sentences(t)
        sents = tuple(self._sentence(t, s, e) for s, e in self._split(t, spans)) if spans else ()
        hits = tuple(self._phrase_hits(t, sents)) if sents else ()
        judged = tuple(self._lexicon.find(t)) if sents and self._lexicon is not None else ()
        reading = _Reading(norm, sents, hits, judged)
        self._readings.keep(text, reading)
        return reading

    def _split(self, t: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
        """Cut unpunctuated runs (speech-to-text) before a question's head: "...what would help"."""
        out: list[tuple[int, int]] = []
        for s, e in spans:
            if e - s < 12 or t[e - 1] in ".?!":
                out.append((s, e))
                continue
            heads = [(m, False) for m in self._head.finditer(t, s + 1, e)]
            strong = {m.start() for m, _weak in heads}
            heads += [(m, True) for m in self._weak_head.finditer(t, s + 1, e) if m.start() not in strong]
            heads.sort(key=lambda h: h[0].start())
            for m, weak in heads:
                if m.start() <= s:
                    continue
                head = m.group().split()
                previous = t[max(s, m.start() - 24):m.start()].split()
                marker = bool(previous) and (previous[-1] in en.DISCOURSE or previous[-1] in en.WONDERING
                                             or (previous[-2:] == ["you", "know"]
                                                 and (len(previous) < 3 or previous[-3] not in self._aux)))
                if weak and not marker and not (head[0] in en.CONTRACTED_WH and previous
                                                and previous[-1] not in self._no_cut):
                    continue
                if (head[0] in en.RELATIVE_WH and len(head) > 1 and head[1] in self._aux
                        and previous and previous[-1] not in self._filler_words
                        and not self._inverted.match(t, m.start())):
                    continue  # "people who are drinking": a relative clause, not a question
                if head[0] in ("who's", "whos") and previous and previous[-1] not in self._filler_words and not marker:
                    continue  # "the bloke who's had a few": "who's" after a noun starts a relative clause
                direct = (previous and previous[-1] in en.WONDERING and head[0] in self._aux
                          and self._yes_no.match(t, m.start()) is not None)
                if previous and (previous[-1] not in self._no_cut or direct or marker) and not (
                        # "how confident | are you", "what ideas | have you": one question
                        len(previous) > 1 and previous[-2] in self._wh_set
                        and "'" not in previous[-2]) and (
                        self._choice_tail is None or self._inverted.match(t, m.start())
                        or not self._choice_tail.search(t, s, m.start())):
                    out.append((s, m.start() - 1))
                    s = m.start()
            out.append((s, e))
        return out

    def _reconcile(self, t: str, sents: list[Sentence], hits, context: Context):
        """Settle what a sentence does when its grammar and its phrases pull different ways."""
        if not hits:
            return hits
        # "Why didn't you pick a lower number?" asks for the reasons behind a rating, not why
        # something was not done: it does not argue, and the question stands.
        reasons = [(s, e) for c, r, s, e in hits if c.code == "goal" and r.id == "scale_reason"]
        if reasons:
            hits = [(c, r, s, e) for c, r, s, e in hits if not (
                r.id == "arguing" and any(rs <= e and s <= rend for rs, rend in reasons))]
        where = [_index(sents, start) for _c, _r, start, _e in hits]
        judged = {i for (c, *_), i in zip(hits, where) if c.code == "judgement"}
        # A question that argues or blames ("why are you still...?") is rhetorical, not asked;
        # a label inside a real question leaves the question standing.
        argued = {i for (c, r, *_), i in zip(hits, where) if c.code == "judgement" and not r.swap}
        soft = [(s, e) for c, _r, s, e in hits if c.code in _HANDS_BACK]
        soft_choice = [(s, e) for c, _r, s, e in hits if c.code == "autonomy"]
        # A directive to act is advice (the skills guide); only a telling-off advises nothing.
        blamed = [(s, e) for c, r, s, e in hits if c.code == "judgement" and not r.swap]
        kept = []
        for (compiled, rule, start, end), i in zip(hits, where):
            code, sent = compiled.code, sents[i]
            asks = sent.question == "question.open" and sent.reason != "rising"
            if code in _ADVICE and any(s < end and start < e for s, e in blamed):
                continue  # "you should know better" tells the person off; it advises nothing
            if code in _ADVICE and en.REPORTED.search(t, max(sent.opens, start - 40), start):
                continue  # "the doctor said you should...": someone else's advice, reported
            if code in _ADVICE and rule.id == "could" and en.IN_A_CLAUSE.search(t, max(0, start - 16), start):
                continue  # "if you could", "not sure you could", "things you could": not telling
            if code in _ADVICE and rule.id in _TRIED and sent.question and en.IN_THE_PAST.search(t, end, sent.end):
                continue  # "Have you tried cutting down before?" asks about the person's own history
            if code in _ADVICE and rule.id in _INVITING and en.INVITES.match(t, word_at(t, end)):
                continue  # "why don't you tell me about it" invites the person to talk
            if code in _ADVICE and rule.at == "start" and i == 0 and en.CONTINUES.match(t):
                continue  # "-try to tackle it with some help": the rest of a cut-off sentence, not its start
            if code in _ADVICE and en.CHOICE_BEFORE.search(t, max(0, start - 24), start):
                continue  # "that's a decision you have to make" hands the choice back; it tells nothing
            if code in _ADVICE and not rule.pattern and en.TO_BEFORE.search(t, max(0, start - 8), start):
                continue  # "we want to make sure you...", "willing to maybe try": an aim, not an instruction
            if code == "goal" and rule.id == "scaling" and not en.MOTIVE.search(t, sent.start, sent.end):
                continue  # "How bad is the pain, out of ten?" rates a symptom, not a goal
            if code in _ADVICE and asks and sent.reason == "rule":
                continue  # "Maybe you could tell me..." asks the person to talk; it advises nothing
            if code in _ADVICE and asks and start <= sent.start + 1 and (rule.pattern or rule.at == "start"):
                # "Why not ring them?" suggests; it does not ask (a later clause still may).
                sent.question = None
                self._clause_question(t, sent, end)
            elif code == "affirmation" and asks:
                continue  # "What have you managed to change?" asks about a success
            elif code == "autonomy" and asks and "," not in t[sent.start:start]:
                continue  # "What made you decide to come in?" asks about the decision
            elif code == "information" and i in judged:
                continue  # a fact used to confront is not neutral information
            elif (code == "information" and self._echoes(t[start:end], context)
                  and (sent.question or en.SECOND_PERSON.search(t, sent.start, sent.end))):
                continue  # "you've had the leaflet": the person's own words said back, not a fact offered
            elif code == "judgement" and self._echoes(t[start:end], context):
                continue  # the person's own words for themselves, said back
            elif code == "judgement" and rule.swap and _led_by(en.DENIED, t, sent, start):
                continue  # "I don't think you're lazy at all": a label denied reassures
            elif code == "judgement" and rule.id in _WARNINGS and _led_by(en.FEARED, t, sent, start):
                continue  # "you're frightened you'll end up in hospital": their fear, said back
            elif code == "judgement" and rule.id == "mock_praise" and not self._setback(context):
                continue  # "Oh brilliant!" after good news is delight; only a setback makes it mock
            elif code in ("goal", "information") and any(
                    s <= start and end <= e and e - s > end - start for s, e in soft):
                continue  # "it's your plan" hands the plan back; it does not ask for one
            elif code == "goal" and sent.question is None and any(
                    sent.start <= s and e <= start for s, e in soft_choice):
                continue  # "it's up to you what happens next": the choice is handed back, not asked
            elif (code == "goal" and rule.id == "plan_topic" and sent.question is None
                  and not sent.so_led and not en.SAYS_BACK.match(t, sent.start, sent.end)):
                continue  # "we'll work on the form next week": a plan named, none elicited
            elif code == "goal" and sent.question is None and en.FAREWELL.search(t, sent.start, sent.end):
                continue  # "See you next week" closes the meeting; it elicits no plan
            kept.append((compiled, rule, start, end))
        for i in argued:
            sents[i].question = None  # "You know that's over the limit?" confronts
        return kept

    def _lexicon_hits(self, t: str, found: tuple[LexiconHit, ...], sents: list[Sentence], context: Context):
        """The lexicon's judgement words ``found`` in the reply that are not the person's own
        words said back, nor asked about in a real question."""
        said = context.heard()
        judgement = self._by_code["judgement"]
        out = []
        for hit in found:
            theirs = " ".join(en.AS_SAID.get(w, w) for w in hit.word.split())
            if said and (_said_in(hit.word, said) or _said_in(theirs, said)):
                continue  # the person's own hard word for themselves, said back: a reflection
            sent = _containing(sents, hit.start)
            if hit.kind == "warning" and sent is not None and _led_by(en.FEARED, t, sent, hit.start):
                continue  # "you're scared you'll lose your foot": the person's fear, said back
            if hit.kind in _DENIABLE and sent is not None and _led_by(en.DENIED, t, sent, hit.start):
                continue  # "I don't think you're lazy at all": a label denied reassures
            if hit.kind == "accusing" and sent is not None and _led_by(en.SUPPOSED, t, sent, hit.start):
                continue  # "if you don't care for the tablets, ...": a case supposed, not a charge
            if (hit.kind in ASKABLE and sent is not None and sent.question
                    and sent.reason not in ("rising", "tag")):
                continue  # "Do you see yourself as a smoker?" asks the person's own view
            out.append((judgement, self._lexicon_rule(hit.kind, hit.source), hit.start, hit.end))
        return out

    def _lexicon_rule(self, kind: str, source: str) -> Rule:
        """The rule a lexicon hit is reported under: its kind's feedback, naming the source."""
        rule = self._lexicon_rules.get((kind, source))
        if rule is None:
            group = self.rubric.judgement_lexicon[kind]
            feedback = f"{group.feedback} (Words to avoid: {source}.)" if source else group.feedback
            rule = Rule(id=f"lexicon_{kind}", feedback=feedback[:600], rewrite=group.rewrite)
            self._lexicon_rules[(kind, source)] = rule
        return rule

    def _echoes(self, matched: str, context: Context) -> bool:
        """Whether the person used these words in their last turn."""
        if not context.previous_patient:
            return False
        said = context.heard()
        # "you can't keep" says back "I can't keep": the person's words, turned to face them.
        theirs = " ".join(en.AS_SAID.get(w, w) for w in matched.split())
        return any(_said_in(words, said, whole=True) for words in {matched, theirs})

    @staticmethod
    def _setback(context: Context) -> bool:
        """Whether the person's last turn reported a slip or something not done."""
        return en.SETBACK.search(context.heard()) is not None

    def _blocked(self, sents: list[Sentence], hits) -> set[int]:
        """Sentences carrying advice, judgement, permission or information are not reflections."""
        blocked: set[int] = set()
        for compiled, _rule, start, _end in hits:
            if compiled.code in _NOT_REFLECTION:
                for i, sent in enumerate(sents):
                    if start < sent.end:
                        blocked.add(i)
                        break
        return blocked

    def _sentence(self, t: str, s: int, e: int) -> Sentence:
        body = self._body(t, s, e)
        sent = Sentence(body, e, so_led=en.SO.search(t, s, body) is not None, opens=s)
        if body >= e:
            return sent
        qmark = "?" in t[max(body, e - 3):e]
        if not en.LETTER.search(t, body, e) or self._backchannel.fullmatch(t, body, e):
            return sent
        self._classify_question(t, sent, qmark)
        if sent.reason == "rule" and en.BARE_PREFACE.fullmatch(t, sent.start, e):
            # "i'm curious" cut off before "are there...": the question comes after it.
            sent.question, sent.reason, sent.rule = None, "", None
            return sent
        preface = sent.reason == "rule" and self._preface.match(t, sent.start, e)
        if sent.question is None or sent.reason in ("rising", "yes_no") or preface:
            # "On a scale of 0 to 10, how important is this?", "Well, Sam, tell me...": a later
            # clause may carry the question.
            # "I'm curious, do you ever...?": a preface on its own lets the question after it decide.
            self._clause_question(t, sent, preface.end() - 1 if preface else body)
        if sent.question == "question.closed" and en.OPEN_TAIL.search(t, body, e):
            # "Do you have a plan, or...?" trails off to leave the answer open.
            sent.question, sent.reason, sent.rule = "question.open", "trailing_or", None
        elif sent.question == "question.open" and (en.SCALE.search(t, s, e) or (
                en.RATING_ASK.search(t, s, e) and en.SCALE.search(t, 0, s))):
            # "On a scale of 0 to 10, how confident are you?" asks for a number: closed by design.
            sent.question, sent.reason, sent.rule = "question.closed", "scale", None

        return sent

    def _body(self, t: str, s: int, e: int) -> int:
        """Where a sentence's words start: after fillers and false starts ("so-so, i-it seems")."""
        body = self._fillers.match(t, s).end()
        while body < e:
            m = en.STUTTER.match(t, body, e)
            if not m:
                break
            body = self._fillers.match(t, m.end()).end()
        return min(body, e)

    def _clause_question(self, t: str, sent: Sentence, after: int) -> None:
        """Let the first clause after ``after`` that asks carry the sentence's question."""
        e = sent.end
        qmark = "?" in t[max(sent.start, e - 3):e]
        for m in self._clause.finditer(t, after, e):
            clause = Sentence(self._body(t, m.end(), e), e)
            if clause.start >= e:
                break
            self._classify_question(t, clause, qmark)
            if clause.reason == "rising":
                continue
            if clause.question == "question.open" or (clause.question and qmark):
                sent.question, sent.reason, sent.rule = clause.question, clause.reason, clause.rule
                break

    def _classify_question(self, t: str, sent: Sentence, qmark: bool) -> None:
        b, e = sent.start, sent.end
        if '"' in t and (t.startswith('"', b) or t.count('"', 0, b) % 2):
            # 'it's almost, "How could I ever manage it?"': the person's voice, quoted back,
            # not a question put to them.
            return
        for code in ("question.open", "question.closed"):
            compiled = self._by_code.get(code)
            if compiled is not None and compiled.start is not None:
                m = compiled.start.match(t, b, e)
                if m:
                    sent.question, sent.reason = code, "rule"
                    sent.rule = compiled.lookup.get(phrase_key(m.group()))
                    return
        m = self._wh.match(t, b, e)
        if m:
            following = m.group(1)
            said = t[m.start():m.end()]
            if said.startswith("which"):
                # "Which days...?" asks to pick a fact or an option; "which is why..." goes on.
                if following and following not in self._aux and following not in en.RELATIVE_GOES_ON:
                    sent.question, sent.reason = "question.closed", "either_or"
                    return
                if not qmark:
                    return
            if said.startswith("what") and en.NAME.search(t, m.end(), e):
                # "What's your partner's name?" asks for one fact (AnnoMI: closed).
                sent.question, sent.reason = "question.closed", "fact"
                return
            inverted = (bool(following) and following not in en.CLAUSE_SUBJECTS
                        and self._inverts.match(t, m.end(), e) is not None)
            # "what's", or "whats" typed without its apostrophe: the question word holds its "is".
            contracted = "'" in t[m.start():m.start(1)] or said.split()[0] in en.WH_IS
            if qmark or inverted or contracted or following in self._aux or following in (
                    "about", "else", "if", "happens", "happened", "made", "makes", "brings",
                    "stops", "helps", "helped", "worries", "matters", "kind", "sort", "come", "not"):
                sent.question, sent.reason = "question.open", "wh"
                return
            if following and t[e - 1] not in ".!" and (
                    said.split()[0] == "why"  # "why a four and not a two": a sentence's "why" asks
                    or (said.split()[0] in ("what", "who") and following not in en.CLAUSE_SUBJECTS)
                    or (said.split()[0] == "how" and following in en.HOW_ASKS)):
                # Unpunctuated "what needs to happen next", "what other things help": a question
                # word with no subject after it asks; "what you said..." starts a clause.
                sent.question, sent.reason = "question.open", "wh"
                return
        if self._yes_no.match(t, b, e) and t[e - 1] != ".":
            # "Do your homework." with a full stop tells; without one (speech) it may ask.
            sent.question, sent.reason = "question.closed", "yes_no"
            return
        tag = self._tag.search(t, b, e)
        spoken = t[e - 1] not in ".!"  # speech-to-text: no full stop to go by
        if tag and (qmark or (spoken and ("," in t[b:e] or _firm_tag(tag.group(1))))):
            sent.question, sent.reason = "question.closed", "tag"
            return
        if spoken and en.IN_SITU.search(t, b, e):
            # "you've been with her for how long": the question word left in place asks a fact.
            sent.question, sent.reason = "question.closed", "fact"
            return
        if qmark:
            if en.INDIRECT.search(t, b, e):
                # "...and I'm wondering how that happened?": the coach's own curiosity about the
                # person's view, said as a statement, asks openly (an indirect wh-question).
                sent.question, sent.reason = "question.open", "indirect"
                return
            sent.question, sent.reason = "question.closed", "rising"

    def _classify_reflection(self, t: str, sent: Sentence, context: Context) -> None:
        """Whether a statement says back what the person said (``reflective``, and on what
        ``basis``), how deeply (``complex_reason``), or informs. The tests that read the sentence
        alone come first, so a sentence they decide costs nothing more; what the person said is
        read only by a test that needs it."""
        b, e = sent.start, sent.end
        if self._praise_opens(t, sent):
            return
        stem = self._stem.match(t, b, e) or self._later_stem.search(t, b, e)
        if (stem and stem.start() > b and not en.STRONG_FRAME.search(stem.group())
                and en.THIRD_SUBJECT.match(t, b, e) and self._shares_asked_for(t, sent, context)):
            # "They work on your life, not just the pain": asked-for information about others,
            # whose "not just" halfway through says nothing back.
            sent.informs = True
            return
        other = self._not_reflection.match(t, b, e)
        if other and (not stem or other.end() > stem.end()) and not (
                sent.so_led and other.group() in en.WORLD_STARTS and en.SECOND_PERSON.search(t, other.end(), e)):
            # "you're welcome", "that sounds good": the longer start says what it does. But "so,
            # there's the job... and you're worried" says back the person's world to them.
            return
        if stem and en.COACH_PLAN.match(t, stem.end(), e):
            return  # "it sounds like we need to talk more": the coach's plan, not the person's words
        if sent.hands_back and (not stem or sent.opens_handing_back):
            # "It's completely up to you", "You know your body best": emphasises autonomy; it
            # says nothing back. "You're fed up, and it's your call" reflects, then hands back.
            return
        if not stem and (sent.question is not None and sent.reason != "rising"):
            return
        words = content_words(t[b:e], self._stopwords)
        # What the person said is read only when there are words to find in it: a coding that
        # never reads it is kept for the next time the reply comes ("Okay.", "Right.").
        overlap = len(words & context.patient_words) if words and context.patient_words else 0
        if not stem and not self._says_back_unframed(t, sent, context, words, overlap):
            return
        sent.reflective = True
        sent.stemmed = stem is not None and " " in stem.group()
        self._depth(t, sent, context, words, overlap)

    def _praise_opens(self, t: str, sent: Sentence) -> bool:
        """"(Great,) well done (for coming in)": "great" and "well" are fillers, but the praise
        they open says nothing back. Tried from each filler word's start."""
        b = sent.start
        if not 0 <= sent.opens < b:
            return False
        for word in re.finditer(r"[a-z]", t[sent.opens:b]):
            at = sent.opens + word.start()
            if at > sent.opens and t[at - 1].isalpha():
                continue
            first = en.FIRST_WORD.match(t, at, b)
            if first is None or first.group() not in self._filler_words:
                continue  # "(i) see you...": inside a filler of several words, not a praise word
            praise = self._not_reflection.match(t, at, sent.end)
            if praise and praise.end() > b:
                return True
        return False

    @staticmethod
    def _shares_asked_for(t: str, sent: Sentence, context: Context) -> bool:
        """The person agreed to hear the coach's ideas, or asked for them or asked a question: a
        statement about the world now shares what was asked for ("tablets work best taken every
        day, because...", "they help you get your life back"), however many of their words it
        uses."""
        b, e = sent.start, sent.end
        return ((context.permission_granted or context.advice_requested or context.person_asked)
                and sent.question is None and not sent.so_led
                and (not en.SECOND_PERSON.search(t, b, e) or en.THIRD_SUBJECT.match(t, b, e) is not None))

    def _says_back_unframed(self, t: str, sent: Sentence, context: Context, words: set[str],
                            overlap: int) -> bool:
        """Whether a statement without a reflective frame says back what was heard, and on what
        ``basis``; one that does not may inform instead.

        Without a frame a sentence reflects only with evidence: the person's own words in it,
        a "so..." that says back what was heard, or a guess at how something felt ("that must
        be exhausting"). A bare second-person statement is no reflection by default: "you're a
        couch potato" labels, "you'll end up..." warns."""
        b, e = sent.start, sent.end
        long_enough = t.count(" ", b, e) + 1 >= self._min_words
        if long_enough and self._shares_asked_for(t, sent, context):
            sent.informs = True
            return False
        if overlap >= 1 and not en.COACH_SUBJECT.match(t, b, e) and not (long_enough
                                 and en.CLAIM.search(t, b, e) and not en.SECOND_PERSON.search(t, b, e)
                                 and sent.question is None and not sent.so_led
                                 and not self._complex.search(t, b, e)):
            # The person's words in a general claim ("high sugar can damage the nerves")
            # inform; the claim is tested below as any statement is.
            sent.basis = "overlap"
        elif (long_enough and context.previous_patient and not en.FIRST_PERSON.match(t, b, e)
              and (sent.so_led or en.RECALLED.search(t, b, e)
                   or (en.DOING.search(t, b, e) and not en.HARMFUL.search(t, b, e)))
              and not en.AHEAD.search(t, b, e)):
            # "So the doctor booked it and you're here", "You gave it a good try", "Yet you're
            # sitting here with me": what the person did, went through or is doing, said back.
            # The coach can only know it from them.
            sent.basis = "statement"
        elif (context.previous_patient and not en.FIRST_PERSON.search(t, b, e) and (
                (long_enough and (sent.affirms or en.FELT_BY_YOU.search(t, b, e)
                                  or sent.reason == "rising" or self._meaning(t, b, e)))
                or en.FEELING_GUESS.search(t, b, e))):
            # A guess at how it felt ("her silence worries you", "mornings sound hard": short
            # is enough), or meaning added to what was heard ("something shifted, and it's
            # not just about the drink").
            sent.basis = "statement"
        elif (words and sent.question is None and t.count(" ", b, e) < 2 and context.previous_patient
              and not en.FIRST_PERSON.search(t, b, e) and not self._backchannel.fullmatch(t, b, e)):
            # "Exhausted." "Glamorous." A word or two naming what was heard.
            sent.basis = "echo"
        else:
            if (long_enough and context.previous_patient and not en.FIRST_PERSON.search(t, b, e)
                    and not en.SECOND_PERSON.search(t, b, e) and sent.question is None
                    and (en.GENERIC.search(t, b, e) or en.CLAIM.search(t, b, e) or (
                        t.count(" ", b, e) + 1 >= 8 and not self._complex.search(t, b, e)))):
                # About the world, not the person: "Alcohol raises blood pressure."
                sent.informs = True
            return False
        return True

    def _depth(self, t: str, sent: Sentence, context: Context, words: set[str], overlap: int) -> None:
        """Whether a reflection adds meaning (``complex_reason``), or names a feeling unlinked to
        what was heard (``basis`` "unlinked")."""
        b, e = sent.start, sent.end
        if self._double.search(t, b, e):
            sent.complex_reason = "double_sided"
        elif sent.affirms:
            sent.complex_reason = "affirming"  # naming a strength adds meaning to the words
        elif self._meaning(t, b, e):
            sent.complex_reason = "meaning"  # a reframe or meaning underneath: added by its shape
        elif self._complex.search(t, b, e) or en.FEELING_GUESS.search(t, b, e) or en.FELT_BY_YOU.search(t, b, e):
            if self._linked(t, sent, context, overlap):
                sent.complex_reason = "feeling"
            elif sent.basis in ("stem", "statement"):
                sent.basis = "unlinked"  # "Sounds hard." after talk of the van: a formula
        elif len(words) >= 6 and (overlap <= len(words) // 3 or (overlap <= len(words) // 2
                                                                and len(words) - overlap >= 4)) \
                and self._linked(t, sent, context, overlap):
            # Goes well beyond the person's words: adds meaning, an image, the next sentence.
            sent.complex_reason = "meaning"

    def _linked(self, t: str, sent: Sentence, context: Context, overlap: int) -> bool:
        """Meaning added must be added to something the person said: a feeling word with no link
        to their words ("So you feel worried." after they talked about their van) is a formula,
        at most a simple reflection."""
        return (overlap >= 1 or sent.basis == "echo" or not context.patient_words
                or self._has_content(t, sent.start, sent.end))

    def _has_content(self, t: str, b: int, e: int) -> bool:
        """Whether a sentence is about something beyond its frame and feeling word: two content
        words outside them ("her silence worries you" names what; "so you feel worried" does not)."""
        spans = [m.span() for m in self._complex.finditer(t, b, e)]
        for pattern in (en.FELT_BY_YOU, en.FEELING_GUESS, en.FEELING_NAMED):
            spans += [m.span() for m in pattern.finditer(t, b, e)]
        pieces, at = [], b
        for s, x in sorted(spans):
            if s > at:
                pieces.append(t[at:s])
            # A pattern may stop inside its feeling word ("sounds h|ard"): the word is the frame's.
            at = max(at, en.WORD_END.match(t, x).end())
        pieces.append(t[at:e])
        return len(content_words(" ".join(pieces), self._stopwords)) >= 1

    def _meaning(self, t: str, b: int, e: int) -> bool:
        """A reframe or the meaning underneath ("less about", "deep down", "which means"): meaning
        added by the sentence's shape. A feeling word may be a formula, so it is not enough."""
        return en.REFRAME.search(t, b, e) is not None

    def _phrase_hits(self, t: str, sents: list[Sentence]) -> list[tuple[_Code, Rule, int, int]]:
        phrases, guarded = self._anywhere.find(t)
        hits = [(c, rule, s, e) for s, e, (c, rule) in phrases]
        for sent in sents:
            hits.extend(self._at_start(t, sent.start, sent.end))
            if 0 <= sent.opens < sent.start and t.startswith(self._filler_starts, sent.opens):
                # A start phrase that begins with a filler word: "yes but...", "yeah but...".
                hits.extend((c, rule, s, e) for s, e, (c, rule) in self._starts.at(t, sent.opens, sent.end))
        for sent in sents:
            # "If the cough gets worse, let your doctor know": the instruction starts the clause
            # after the condition.
            if en.CONDITION.match(t, sent.start, sent.end):
                comma = t.find(",", sent.start, sent.end)
                if comma > 0:
                    after = comma + 1
                    while after < sent.end and t[after] == " ":
                        after += 1
                    after = self._fillers.match(t, after, sent.end).end()
                    hits.extend(hit for hit in self._at_start(t, after, sent.end) if hit[0].code in _ADVICE)
        hits.extend((c, rule, s, e) for s, e, (c, rule) in guarded)
        return hits

    def _at_start(self, t: str, pos: int, end: int) -> list[tuple[_Code, Rule, int, int]]:
        """The start phrases and start patterns that match where a sentence's words begin."""
        hits = [(c, rule, s, e) for s, e, (c, rule) in self._starts.at(t, pos, end)]
        for pattern, (c, rule) in self._start_patterns:
            m = pattern.match(t, pos, end)
            if m:
                hits.append((c, rule, m.start(), m.end()))
        return hits

    # -- evidence -----------------------------------------------------------------------------
    def _sentence_evidence(self, norm: Norm, sent: Sentence, context: Context,
                           found: list[Evidence]) -> None:
        if sent.question:
            spec = self.rubric.codes.get(sent.question)
            if spec is None:
                return
            rule = sent.rule
            feedback = (rule.feedback if rule and rule.feedback else None) or spec.reasons.get(
                sent.reason) or spec.feedback
            rule_id = f"{sent.question}:{rule.id if rule else sent.reason}"
            rewrite = None
            if sent.question in _REWRITTEN and not context.closed_ok:
                template = (rule.rewrite if rule else None) or spec.rewrites.get(sent.reason) or spec.rewrite
                if template and "{statement}" in template and not self._rewriter.statement(norm, sent):
                    template = spec.rewrite  # "Three times?": too little to say back
                rewrite = (self._rewriter.open_yes_no(norm, sent)
                           or self._rewriter.fill(norm, template, sent, sent.start, sent.start, context,
                                            skip_words=2)
                           or self._rewriter.fill(norm, spec.rewrite, sent, sent.start, sent.start, context))
            found.append(self._evidence(norm, sent.question, sent.start, sent.end, rule_id,
                                        feedback, rewrite))
        if sent.informs and "information" in self.rubric.codes:
            spec = self.rubric.codes["information"]
            found.append(self._evidence(norm, "information", sent.start, sent.end,
                                        "information:statement",
                                        spec.reasons.get("statement") or spec.feedback, None))
        spec = self.rubric.codes.get("advice.permitted")
        if ((sent.informs or sent.tells) and sent.question is None and spec is not None
                and (context.permission_granted or context.advice_requested)
                and en.OPTION.search(norm.text, sent.start, sent.end)):
            # What the person agreed to hear: an option they could take up.
            found.append(self._evidence(norm, "advice.permitted", sent.start, sent.end,
                                        "advice.permitted:option",
                                        spec.reasons.get("option") or spec.feedback, None))
        if sent.reflective:
            code = "reflection.complex" if sent.complex_reason else "reflection.simple"
            spec = self.rubric.codes.get(code)
            if spec is None:
                return
            reason = sent.complex_reason or sent.basis
            found.append(self._evidence(norm, code, sent.start, sent.end, f"{code}:{reason}",
                                        spec.reasons.get(reason) or spec.feedback, None))

    def _hit_evidence(self, norm: Norm, sents: list[Sentence], hits, context: Context,
                      found: list[Evidence]) -> None:
        codes_hit = {c.code for c, *_ in hits}
        permitted = (context.permission_granted or context.advice_requested
                     or "permission" in codes_hit or "autonomy" in codes_hit)
        seen: set[tuple[str, int]] = set()
        spans_of: dict[int, list[tuple[int, int]]] = {}  # each rule's hits, to compare within
        for _c, r, s, e in hits:
            spans_of.setdefault(id(r), []).append((s, e))
        for compiled, rule, start, end in hits:
            code = compiled.code
            spans = spans_of[id(rule)]
            if len(spans) > 1 and any(s <= start and end <= e and e - s > end - start for s, e in spans):
                # "compliant" inside "non-compliant", "lazy" inside "being lazy": the longer
                # words are the slip, and the shorter one's rewrite would swap half a word.
                continue
            sent = _containing(sents, start)
            if code in _ADVICE:
                if (sent is not None and sent.question and sent.reason != "tag"
                        and rule.at != "start" and (not rule.pattern or rule.id in _ASKED_NOT_TOLD)):
                    # "what might you want to try?" asks; it does not advise. A statement with a
                    # tag ("I'd suggest leaving the phone downstairs, okay?") still tells.
                    continue
                code = "advice.permitted" if permitted else "advice.unsolicited"
            if (code, start) in seen:
                continue
            seen.add((code, start))
            if code in ("question.open", "question.closed") and sent is None:
                continue
            spec = self.rubric.codes.get(code) or compiled.spec
            feedback = rule.feedback or spec.feedback
            rewrite = None
            if code in _REWRITTEN:
                rewrite = self._rewriter.for_rule(norm, rule, spec, sent, start, end, context)
            found.append(self._evidence(norm, code, start, end, f"{code.split('.')[0]}.{rule.id}:"
                                        f"{norm.text[start:end]}", feedback, rewrite))

    def _summary(self, norm: Norm, sents: list[Sentence], found: list[Evidence]) -> None:
        spec = self.rubric.codes.get("summary")
        if spec is None or any(ev.code == "summary" for ev in found):
            return
        reflective = [s for s in sents if s.reflective]
        if len(reflective) >= 3 or any(_gathers(norm.text, s) for s in reflective):
            found.append(self._evidence(norm, "summary", reflective[0].start, reflective[-1].end,
                                        "summary:long", spec.reasons.get("long") or spec.feedback,
                                        None))

    def _evidence(self, norm: Norm, code: str, start: int, end: int, rule: str, feedback: str,
                  rewrite: str | None) -> Evidence:
        o_start, o_end = norm.to_original(start, end)
        return Evidence(code, o_start, o_end, rule, norm.original[o_start:o_end], feedback, rewrite)


def _index(sents: list[Sentence], pos: int) -> int:
    """The index of the sentence a position falls in (the last one for a position past them)."""
    for i, sent in enumerate(sents):
        if pos < sent.end:
            return i
    return len(sents) - 1


def _led_by(pattern: re.Pattern[str], t: str, sent: Sentence, pos: int) -> bool:
    """Whether the words of ``sent`` just before ``pos`` end as ``pattern`` says: the person's
    own fear (:data:`en.FEARED`), a denial (:data:`en.DENIED`) or a supposition
    (:data:`en.SUPPOSED`) before a warning, a label or a charge."""
    return pattern.search(t, max(sent.opens, pos - 48), pos) is not None


def _said_in(words: str, said: str, whole: bool = False) -> bool:
    """Whether ``words`` occur in ``said`` from a word's start (and to a word's end, ``whole``).
    Most do not occur at all: a substring test says so before a regex is built for them (each
    hit's words are new, so its regex would be compiled anew)."""
    if words not in said:
        return False
    return re.search(rf"\b{re.escape(words)}" + (r"(?![\w'])" if whole else ""), said) is not None


def _containing(sents: list[Sentence], pos: int) -> Sentence | None:
    """The sentence a position falls in (fillers before a sentence's body belong to it)."""
    for sent in sents:
        if pos < sent.end:
            return sent
    return sents[-1] if sents else None


#: Advice grammar that a real question asks about rather than tells ("do you have friends you
#: could ring?", "would it help if you wrote it down?"): only the rules worded as suggestions in
#: question form ("why not...?", "have you tried...?") advise when asked.
_ASKED_NOT_TOLD = frozenset({"could", "would_help", "recommend", "we_must", "next_step_is"})
#: Suggestion frames that also open an invitation to talk ("maybe you could tell me...").
_INVITING = frozenset({"could", "suggest", "tried", "why_not", "imperative"})


def _gathers(t: str, sent: Sentence) -> bool:
    """A long sentence opened with "so" that lists several things heard: a summary."""
    return (sent.so_led and t.count(" ", sent.start, sent.end) >= 13
            and len(en.LIST_BREAK.findall(t, sent.start, sent.end)) >= 3)


def _checks_a_detail(t: str, sent: Sentence) -> bool:
    """A rising fragment or a number to confirm ("A five?", "Twice a week?") asks for a fact.

    A longer statement, or one led by "so", says back what was heard with a rising tone."""
    if sent.so_led:
        return False
    return t.count(" ", sent.start, sent.end) < 4 or AMOUNT.search(t, sent.start, sent.end) is not None


def _firm_tag(tag: str) -> bool:
    """A tag that asks for agreement even unpunctuated: "wasn't it", "is that right" (not "right")."""
    # "sound okay" with the bare verb: "does that" left out, which only a question does.
    return "n't" in tag or "nt " in tag or len(tag.split()) >= 3 or tag == "huh" or tag.startswith("sound ")
