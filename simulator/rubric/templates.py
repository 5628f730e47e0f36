"""Filling rewrite and hint templates, and the small grammar they need.

Templates name their placeholders in braces (``{rest}``); they are filled by a plain
substitution over a fixed set of names, never by ``str.format`` (which can reach attributes).
"""
from __future__ import annotations

import re

_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")
_FIRST_PERSON = {
    "i": "you", "i'm": "you're", "im": "you're", "i've": "you've", "ive": "you've", "i'd": "you'd",
    "i'll": "you'll", "me": "you", "my": "your", "mine": "yours", "myself": "yourself",
    "am": "are", "was": "were", "we": "you", "our": "your", "us": "you", "ours": "yours",
    "we've": "you've", "we're": "you're", "we'll": "you'll", "we'd": "you'd", "ourselves": "yourselves",
}
#: Words a long sentence may be cut before, so a stem starts where a clause does.
_CLAUSE_STARTS = frozenset({"but", "and", "because", "so", "though", "although", "now", "since", "when"})
_WORD = re.compile(r"[A-Za-z']+|[^A-Za-z']+")
_VOWELS = set("aeiou")
#: A reflection stem says back the person's last few words, not a whole speech.
STEM_WORDS = 14


def fill(template: str, values: dict[str, str]) -> str:
    """Replace each ``{name}`` in ``template`` with ``values[name]`` (unknown names stay as they are)."""
    return _PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), template)


def flip_pronouns(text: str, max_words: int = STEM_WORDS) -> str:
    """The person's words as the coach would say them back: "I've tried" -> "you've tried"."""
    text = " ".join(text.split())
    sentences = [s for s in re.split(r"(?<=[.!?])\s+", text) if s.strip()]
    # The last sentence is usually the one the person is waiting to have heard.
    chosen = sentences[-1] if sentences else ""
    words = _last_clauses(chosen.rstrip(".!?").split(), max_words)
    flipped = []
    for i, word in enumerate(words):
        core = word.strip(",;:")
        low = core.lower()
        swap = _FIRST_PERSON.get(low) or {"you": "I", "your": "my", "yours": "mine"}.get(low)
        if low == "was" and (i == 0 or words[i - 1].lower() != "i"):
            swap = None  # "she was nice" stays; only "I was" becomes "you were"
        # Only the sentence's first word lost a capital to the sentence: "Mum", "GP" keep theirs.
        kept = low if i == 0 and not core.isupper() else core
        flipped.append((swap or kept) + word[len(core):] if core else word)
    return " ".join(flipped)


def _last_clauses(words: list[str], max_words: int) -> list[str]:
    """The last ``max_words`` words or fewer, cut where a clause starts when there is one:
    "I know I should stop smoking but it's the only thing..." -> "it's the only thing...",
    not "know I should stop smoking but..."."""
    if len(words) <= max_words:
        return words
    for i in range(len(words) - max_words, len(words) - 2):
        if words[i].lower() in _CLAUSE_STARTS or words[i - 1].endswith((",", ";")):
            return words[i + (words[i].lower() in ("but", "and", "so")):]
    return words[-max_words:]

def gerund(rest: str) -> str:
    """The words after a yes/no question's subject, led by their verb's -ing form.

    "take the tablets every day" -> "taking the tablets every day".
    """
    words = rest.split()
    if not words:
        return ""
    verb = words[0].lower()
    return " ".join([ing(verb), *words[1:]])


def topic(rest: str, bare_verb: bool) -> str:
    """The words after a suggestion, as a thing to tell the person about.

    "why don't you | join a gym" -> "joining a gym" (``bare_verb``: the phrase ended where a
    verb follows); "why not just | try the patches" -> "the patches"; "can you try | to cut
    down" -> "cutting down"; "have you considered | physio" stays "physio".
    """
    words = rest.split()
    if words and words[0].lower() == "try":
        words, bare_verb = words[1:], False  # what is tried is a thing or an -ing word
    if words and words[0].lower() == "to":
        words, bare_verb = words[1:], True
    text = " ".join(words)
    return gerund(text) if bare_verb else text


#: Verbs of wanting and liking: "do you want to quit?" asks how the person feels about quitting.
_LEANING = frozenset({"want", "like", "fancy", "need", "mind", "enjoy", "love", "prefer"})
#: Verbs of thinking and knowing, which take a whole clause: "do you think it's the tablets?".
_THINKING = frozenset({"think", "reckon", "believe", "know", "understand", "realise",
                       "realize", "remember", "agree", "mean", "suppose"})
#: What an "are you...?" asks about when it is a state of mind: "are you sure", "happy with it".
_STATES = frozenset({"sure", "certain", "ok", "okay", "alright", "happy", "comfortable", "fine", "content"})
#: Words that may close an "are you sleeping...?" without adding to what is asked.
_MANNER = re.compile(r"(?:(?:ok|okay|alright|all right|well|enough|properly|at all|now|lately|at the moment|"
                     r"these days|at night)\b\s*)*", re.IGNORECASE)


def open_yes_no(auxiliary: str, rest: str) -> str | None:
    """An open question for a yes/no question the verb templates would garble, or None.

    ``auxiliary`` is the question's first word ("do", "are"), ``rest`` the words after "you".
    "Do you want to quit?" -> "How do you feel about quitting?" (not "What's it like for you
    wanting to quit?"); "Do you have any help?" -> "Tell me about any help you have.";
    "Are you coping?" -> "How have you been coping?"; "Are you happy with the plan?" -> "How do
    you feel about the plan?".
    """
    words = rest.split()
    if not words:
        return None
    verb, more = words[0].lower(), words[1:]
    if auxiliary in ("have", "haven't", "havent"):
        if verb != "got":
            return None
        # "have you got X?" asks what "do you have X?" asks
        auxiliary, verb, more = "do", "have", more
    if auxiliary == "would":
        # "would you like to lose weight?" leans like "do you want to"; "would you go...?" does not
        return open_yes_no("do", rest) if verb in ("like", "want", "prefer") else None
    if auxiliary in ("do", "don't", "dont"):
        if verb in _LEANING and more and more[0].lower() not in ("me", "us"):
            thing = gerund(" ".join(more[1:])) if more[0].lower() == "to" else " ".join(more)
            return f"How do you feel about {thing}?" if thing else None
        if verb in ("have", "got") and more and more[0].lower() != "to":
            return _about_having(more)
        if verb in _THINKING:
            return "What are your thoughts on that?"
        return None
    if auxiliary in ("are", "aren't", "arent", "were", "weren't", "werent"):
        if verb in _STATES:
            thing = " ".join(more[1:]) if more and more[0].lower() in ("with", "about") else ""
            return f"How do you feel about {thing or 'that'}?"
        if verb == "able" and more[:1] == ["to"] and len(more) > 1:
            return f"How are you getting on with {gerund(' '.join(more[1:]))}?"
        if verb.endswith("ing") and len(verb) > 4 and _MANNER.fullmatch(" ".join(more)):
            return f"How have you been {verb}?"
    return None


def _about_having(thing: list[str]) -> str:
    """What "do you have ...?" asks about, asked openly: "any help" -> "Tell me about any help
    you have."; "anyone to talk to" -> "Who do you have to talk to?"; "family nearby" -> "Tell me
    about your family nearby."."""
    first, more = thing[0].lower(), " ".join(thing[1:])
    if first in ("anyone", "anybody", "someone", "somebody"):
        return f"Who do you have {more}".rstrip() + "?"
    if first in ("a", "an", "any", "some"):
        said = f"any {more}".rstrip()
        return f"Tell me about {said}." if " you " in f" {said} " else f"Tell me about {said} you have."
    if first in ("your", "the"):
        return f"Tell me about {' '.join(thing)}."
    return f"Tell me about your {' '.join(thing)}."


#: Verbs of two syllables stressed on the last, which double their last letter like "stop".
_STRESSED_LAST = frozenset({"upset", "forget", "admit", "commit", "regret", "refer", "prefer", "control",
                            "begin", "occur", "permit", "submit", "omit", "patrol", "equip", "compel"})


def ing(verb: str) -> str:
    """A rough -ing form: take -> taking, stop -> stopping, try -> trying, see -> seeing."""
    if verb.endswith("ing") or not verb.isalpha():
        return verb
    if verb in _STRESSED_LAST:
        return verb + verb[-1] + "ing"  # forgetting, not "forgeting"
    if verb in ("be", "see", "flee", "agree"):
        return verb + "ing"
    if verb.endswith("ie"):
        return verb[:-2] + "ying"
    if verb.endswith("e") and not verb.endswith(("ee", "ye", "oe")):
        return verb[:-1] + "ing"
    if (len(verb) <= 4 and len(verb) >= 3 and verb[-1] not in _VOWELS | set("wxy")
            and verb[-2] in _VOWELS and (verb[-3] not in _VOWELS or verb[-4:-2] == "qu")):
        # stop -> stopping; "qu" sounds as a consonant: quit -> quitting
        return verb + verb[-1] + "ing"
    return verb + "ing"


_NO_DOUBLE = ("ll", "ss", "ff", "zz")
_E_AFTER_LONG = re.compile(r"(?:[vc]|[^aeiou][aeiou][sz]|[^aeiou]at|[bcdfgkpstz]l)$")
_E_AFTER = re.compile(r"(?:[^aeiou][aeiou][bcdfgkmnprstz]|[vcu]|[bcdfgkpstz]l|[aeiou]s)$")


def base(verb: str) -> str:
    """A rough base form of an -ing word, for "to ...": asking -> ask, taking -> take,
    stopping -> stop, giving -> give, trying -> try; other words come back as they are."""
    low = verb.lower()
    if not low.endswith("ing") or len(low) < 5 or not low.isalpha():
        return verb
    stem = low[:-3]
    if len(stem) >= 3 and stem[-1] == stem[-2] and stem[-1] not in _VOWELS and stem[-2:] not in _NO_DOUBLE:
        return stem[:-1]  # stopping -> stop
    if stem.endswith(("y", "ee", "o")):
        return stem  # trying, seeing, going
    if len(re.findall(r"[aeiou]+", stem)) > 1:
        # opening, visiting; but practising, relating, noticing
        return stem + "e" if _E_AFTER_LONG.search(stem) else stem
    return stem + "e" if _E_AFTER.search(stem) else stem
