"""Suggested rewrites: a better version of each problem reply, built from the rubric's templates.

A trainee sees one after every slip, so each fills its template from the reply's own words:
the instruction in advice ("ring the GP"), the person-first swap for a label, the statement a
tagged question checks. Kept apart from the coder, which decides the codes; this decides how
to say the reply better.
"""
from __future__ import annotations

import re
from dataclasses import replace
from simulator.rubric.coding import Context, Evidence, Sentence
from simulator.rubric.models import CodeSpec, Rule
from simulator.rubric.patterns import phrase_key
from simulator.rubric.templates import base, fill, flip_pronouns, gerund, open_yes_no, topic
from simulator.rubric.text import AMOUNT, Norm, normalise, word_at


class Rewriter:
    """Fills a rubric's rewrite templates from a reply's own words.

    Built from the two pieces of the rubric's grammar a rewrite needs: ``tag``, the compiled
    pattern of a question tag at a sentence's end (", right?"), and ``auxiliaries``, the words
    that open a yes/no question ("does", "are")."""

    def __init__(self, tag: re.Pattern[str], auxiliaries: frozenset[str]) -> None:
        self.tag = tag
        self.auxiliaries = auxiliaries

    def for_rule(self, norm: Norm, rule: Rule, spec: CodeSpec, sent: Sentence | None,
                 start: int, end: int, context: Context) -> str | None:
        """The rewrite for a phrase rule's hit: its person-first swap, or its template filled."""
        if rule.swap and not rule.rewrite:
            return self._swap(norm, rule, sent, start, end)
        return (self.fill(norm, rule.rewrite, sent, start, end, context)
                or self.fill(norm, spec.rewrite, sent, start, end, context))

    def _swap(self, norm: Norm, rule: Rule, sent: Sentence | None, start: int, end: int) -> str:
        key = phrase_key(norm.text[start:end])
        better = next((v for k, v in rule.swap.items() if phrase_key(k) == key), None)
        s, e = (sent.start, sent.end) if sent else (start, end)
        o_s, o_e = norm.to_original(s, e)
        o_start, o_end = norm.to_original(start, end)
        before, after = norm.original[o_s:o_start], norm.original[o_end:o_e]
        better = better or ""
        # "You're being non-compliant", "a bit drug-seeking", "a bit of a frequent flyer": the
        # words that went with the label do not fit the words that replace it.
        hedge = _HEDGE.search(before)
        if hedge:
            article = hedge.group("article")
            before = before[:hedge.start()]
            if article and not better.lower().startswith(("a ", "an ", "the ", "people ")):
                before += "an " if better[:1].lower() in "aeiou" else "a "
        text = f"{before}{better}{after}".strip().rstrip(",;:-").rstrip()
        if sent is not None and sent.reason == "tag":
            # "You're a heavy smoker, aren't you?": said back without the tag, a statement.
            tag = self.tag.search(text.lower())
            if tag:
                text = text[:tag.start()].rstrip(" ,") + "."
        return _sentence_case(text)

    def statement(self, norm: Norm, sent: Sentence) -> str:
        """A tagged or rising question as the statement it checks, if it says enough to say back:
        "You smoke when you're stressed, right?" -> "You smoke when you're stressed"."""
        o_s, o_e = norm.to_original(sent.start, sent.end)
        said = norm.original[o_s:o_e]
        if normalise(said).split(" ", 1)[0] in self.auxiliaries:
            return ""  # "Does work stress you out?": asked, not said
        tag = self.tag.search(normalise(said)) if sent.reason == "tag" else None
        text = _trim(said[:tag.start()] if tag else said)
        if tag and _ABOUT_THEIR_DOING.match(normalise(text)):
            # "You're drinking too much, aren't you?", "You did take them, didn't you?": a claim
            # about what the person does, said flat, still puts words in their mouth.
            return ""
        if len(text.split()) < 2 or AMOUNT.search(normalise(text)):
            return ""  # "Twice a week?" checks a detail: too little to say back
        return _sentence_case(text)

    def open_yes_no(self, norm: Norm, sent: Sentence) -> str | None:
        """A fitting open question for "do you want...", "do you have...", "are you coping?"."""
        m = _YOU_ASKED.match(norm.text, sent.start, sent.end)
        if m is None:
            return None
        o_start, o_end = norm.to_original(m.end(), sent.end)
        return open_yes_no(m.group(1), _trim(norm.original[o_start:o_end]))

    def fill(self, norm: Norm, template: str | None, sent: Sentence | None, start: int,
             end: int, context: Context, skip_words: int = 0) -> str | None:
        """``template`` filled from the words from ``start`` to the end of ``sent``; ``skip_words``
        leaves out a question's opening words ("do you | ...")."""
        if not template:
            return None
        s, e = (sent.start, sent.end) if sent else (start, end)
        # A grammar pattern ends one letter into the verb it checks ("you could g|et a cat"):
        # the instruction starts at that verb.
        end = min(end, word_at(norm.text, end))
        o_s, o_e = norm.to_original(s, e)
        o_start, o_end = norm.to_original(start, end)
        rest = norm.original[o_end:o_e]
        clause = norm.original[o_start:o_e]
        if skip_words:
            words = rest.split()
            rest = _ASIDE.sub("", " ".join(words[skip_words:]))
        # "If I were you, I'd go back": the advice is the clause after the comma.
        rest = _trim(_CLAUSE_END.split(rest.lstrip(" ,;:"), 1)[0])
        phrase = norm.text[start:end]
        first, _, after = rest.partition(" ")
        if "to {rest}" in template:
            # "the best thing for you would be to get out" -> "...helps to get out";
            # "it might be worth asking your brother" -> "...helps to ask your brother".
            rest = _SPEAKER.sub("", _INFINITIVE.sub(r"\1", _COPULA.sub("", rest)))
            first, _, after = rest.partition(" ")
            if first.lower().endswith("ing"):
                rest = f"{base(first)} {after}".strip()
            elif phrase.endswith("try") or first.lower() in _DETERMINERS:
                # "you could try a carers' group", "I'd suggest a home monitor": a thing to try,
                # not "helps to a carers' group".
                rest = f"try {rest}"
        elif "about {rest}" in template:
            # "why don't you join a gym" -> "about joining a gym", not "about join a gym".
            rest = topic(rest, _BARE_VERB_NEXT.search(phrase) is not None)
        elif "being {rest}" in template and first.lower().endswith("ing"):
            # "Are you taking the metformin?" -> "What's it like taking...", not "being taking".
            template = template.replace("being {rest}", "{rest}")
        elif "when you've {rest}" in template and first.lower() == "been" and after.split(" ", 1)[0].endswith("ing"):
            # "Have you been taking the metformin?" -> "What has it been like taking...", not
            # "...like when you've been taking" (which reads as a time that is over).
            template, rest = template.replace("when you've {rest}", "{rest}"), after
        if not rest and re.search(r"\{(?:rest|gerund)\}", template):
            return None  # "...aren't you" cut off alone: "What's it like being that?" says nothing
        values = {"rest": rest or "that"}
        # The other values only when the template asks for them.
        if "{clause}" in template:
            values["clause"] = _instruction(clause) or "that"
        if "{sentence}" in template:
            values["sentence"] = _trim(norm.original[o_s:o_e])
        if "{gerund}" in template:
            values["gerund"] = gerund(rest) or "that"
        if "{statement}" in template:
            values["statement"] = self.statement(norm, sent) if sent else ""
        if "{patient}" in template or "{stem}" in template:
            values["patient"] = values["stem"] = flip_pronouns(context.previous_patient) or "that"
        return fill(template, values)


def worst_slip_first(found: list["Evidence"]) -> list["Evidence"]:
    """A closed question that also judges or advises takes that slip's rewrite.

    The panel shows a reply's first rewrite, and a closed question's own template would keep
    the slip: "Have you tried nicotine patches?" became "What has it been like when you've
    tried nicotine patches?" and "Are you in denial about it?" "What's it like being in denial
    about it?". The judgement or the advice is the thing to rework.
    """
    worse = [ev for code in ("judgement", "advice.unsolicited") for ev in found
             if ev.code == code and ev.rewrite]
    if not worse:
        return found
    out = []
    for ev in found:
        if ev.code == "question.closed":
            slip = next((w for w in worse if w.start < ev.end and ev.start < w.end), None)
            if slip is not None:
                ev = replace(ev, rewrite=slip.rewrite)
        out.append(ev)
    return out


_CLAUSE_END = re.compile(r"[,;:]|\s-+\s")
_INFINITIVE = re.compile(r"^(?:(?:for you )?(?:would be|is|will be)\s+)?(not\s+)?to\s+", re.IGNORECASE)


#: A statement about what the person does or is: "you're drinking...", "you did take...".
_ABOUT_THEIR_DOING = re.compile(r"(?:so\s+)?you(?:'re|re| are| were| did| do| have|'ve|ve)?\b")
#: A yes/no question put to the person: "do you | want to quit", "are you | coping".
_YOU_ASKED = re.compile(r"(do|don'?t|are|aren'?t|were|weren'?t|would|have|haven'?t)\s+you\s+")
#: Words after a question's subject that only add weight: "have you | ever tried to stop?".
_ASIDE = re.compile(r"^(?:ever|already|actually|really|still|honestly)\s+", re.IGNORECASE)
#: "one thing you could do | is ring the council": the advice is after the "is".
_COPULA = re.compile(r"^(?:is|would be|will be|might be)\s+(?!to\b)", re.IGNORECASE)
#: Who gives the advice, before what it is: "if I were you, I'd go back".
_SPEAKER = re.compile(r"^(?:i'?d|i would|i'?ll|i will)\s+", re.IGNORECASE)
#: Words that start a thing rather than a deed: "I'd suggest a home monitor".
_DETERMINERS = frozenset({"a", "an", "the", "some", "this", "that", "these", "those", "your", "my",
                          "any", "one", "another"})
#: A suggestion phrase after which a bare verb follows: "why don't you | join", "can't you just | cut".
_BARE_VERB_NEXT = re.compile(r"\b(?:you|just|maybe|perhaps)$")
#: How an instruction may start before the deed itself: "don't forget to | book", "just | eat".
_LEAD_IN = re.compile(r"^(?:(?:don'?t forget|remember|try|make sure) (?:to|and)|make sure(?: that)?(?: you)?|"
                      r"(?:perhaps |maybe )?you (?:could|might|may|can|should)(?: always| just| maybe)?"
                      r"(?: want to| like to)?|just)\s+", re.IGNORECASE)


#: What an instruction promises after the deed ("...and you'll be fine"): not part of what the
#: person might do, so the rewrite leaves it out.
_PROMISE = re.compile(r",?\s+(?:and|then|so)\s+(?:you'll|you will|you'd|it'll|it will|that'll|that will|"
                      r"you're going to|things will)\b.*$", re.IGNORECASE)


def _instruction(clause: str) -> str:
    """An instruction as what the person might do: "Don't forget to book your GP review" ->
    "book your GP review", "Just skip the second can and you'll be fine" -> "skip the second
    can" (only its first word lower-cased: names and initials stay)."""
    text = _trim(_PROMISE.sub("", _trim(clause)))
    while True:
        shorter = _LEAD_IN.sub("", text, count=1)
        if shorter == text or not shorter:
            break
        text = shorter
    return text[:1].lower() + text[1:] if text[1:2].islower() or len(text) < 2 else text


#: Words before a label that do not fit what replaces it: "being", "a bit (of a)", "so", "really".
_HEDGE = re.compile(r"(?:\b(?:being|a bit of|a bit|a little|such|so|really|very|quite|rather|too|kind of|"
                    r"sort of)\s+)+(?P<article>an?\s+)?$", re.IGNORECASE)


def _trim(text: str) -> str:
    return text.strip().rstrip("?.!,;:").strip()


def _sentence_case(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text
