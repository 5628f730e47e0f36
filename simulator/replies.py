"""The reply reader: what a coach reply asks of the person, and how much of them it heard.

The rubric codes a reply for the trainee's feedback; the person needs something else from it:
which kind of answer it calls for (a 0-10 rating, the reasons behind one, a typical day, a
first step...), whether it took up the person's own words or was a formula that would fit
anyone, whether it apologised, and whether a directive also moralised. All of it is read here
from the reply's text, its codes and the person's own recent lines; nothing here knows a
scenario or imports the rubric, so the persona and the scenario language share one list of
answer kinds.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Collection, Literal, Sequence, get_args

#: The kinds of reply a scenario can write answers for (``answers:`` in a scenario or state).
AnswerKind = Literal[
    "scale_importance",  # "On a scale of 0 to 10, how important is it to you?"
    "scale_confidence",  # "...how confident are you that you could?"
    "confidence_words",  # "How sure are you that you could manage it?": no scale named, answered in words
    "scale_reasons",     # "What makes it a seven and not a three?": reasons, not a new number
    "scale_higher",      # "What would it take to move it up a point?"
    "matters",           # "What matters most to you?"
    "typical_day",       # "Talk me through a typical day."
    "feelings",          # "How do you feel about it?"
    "others_view",       # "What does Julie worry about?": what someone in their life thinks, feels or says
    "reaction",          # "What do you make of that?" after the coach informed or advised
    "past_attempts",     # "What have you tried before?"
    "support",           # "Who could help you?"
    "barriers",          # "What gets in the way?"
    "recent_story",      # "What's been happening since the diagnosis?": what happened, lately
    "today",             # "What would you like to get out of today?": what they want from this appointment
    "why_here",          # "What brings you in today?": why they came, or who sent them
    "summary",           # a summary that took up what was said: confirm, correct, add one thing
    "summary_missed",    # a summary that took up nothing they said: they put it right
    "reflection",        # a reflection of the person's own words: go on, deeper, same topic
    "next_step",         # "What might a first step be?" before the person is ready
    "permission",        # "Would it be OK if I shared...?": yes or no, in character
    "closed",            # a yes/no question nothing else answers: short
    "asked_again",       # a closed question already answered
    "scripted",          # the same formula again: "You keep saying that."
    "apology",           # the coach owns a slip
    "stuck",             # nothing new left to say in this state
]
ANSWER_KINDS: tuple[str, ...] = get_args(AnswerKind)
#: Kinds whose lines may hold ``{number}``: the person's own rating, from the variables.
SCALE_KINDS = {"scale_importance": "importance", "scale_confidence": "confidence"}
#: Lines at least this many words long are never said twice in one conversation.
REPEAT_WORDS = 5

#: A word: letters and digits, with apostrophes inside ("she'd" is not "shed").
_WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)*")


#: Contractions typed without their apostrophe ("whats brought you in", "dont you think"),
#: only where the bare word is not itself a word ("its", "were", "ill" and "well" are).
_UNAPOSTROPHED = {word.replace("'", ""): word for word in (
    "what's", "how's", "where's", "who's", "that's", "there's", "don't", "doesn't", "didn't", "can't",
    "couldn't", "wouldn't", "shouldn't", "isn't", "aren't", "wasn't", "haven't", "hasn't", "i'm",
    "i've", "you're", "you've", "you'd", "you'll", "they're", "what've")}


@lru_cache(maxsize=8192)
def normalise(text: str) -> tuple[str, ...]:
    """The words of ``text``: lowercased, curly apostrophes made straight, split on anything
    else that is not a letter or digit, and a contraction typed without its apostrophe given
    it back."""
    words = _WORD.findall(text.lower().replace("\u2019", "'"))
    return tuple(_UNAPOSTROPHED.get(word, word) for word in words)


@lru_cache(maxsize=8192)
def line_key(line: str) -> tuple[str, ...] | None:
    """What makes two lines the same line for the no-repeat rule, or None for a line short
    enough to say again ("No.", "Go on then.")."""
    words = normalise(line)
    return words if len(words) >= REPEAT_WORDS else None


_NUMBERS = ("nought", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")


def number_word(value: float) -> str:
    """A 0-10 rating as the person would say it ("seven")."""
    return _NUMBERS[max(0, min(10, int(value + 0.5)))]


_NUMBER = r"(?:zero|nought|one|two|three|four|five|six|seven|eight|nine|ten|\d+)"
#: A 0-10 rating asked for: a scale named, or importance asked about. Confidence with no scale
#: named ("how confident do you feel?", "how sure are you that you could?") is answered in
#: words (``confidence_words``); "how ready" alone is an ordinary question.
_SCALE = re.compile(r"\bscale\b|\b(?:0|zero|nought|1|one) (?:to|and) (?:10|ten)\b|\bout of (?:10|ten)\b|"
                    r"\b(?:0|zero|nought) (?:is|means|being)\b|\bhow important\b")
_REASONS = re.compile(rf"\b(?:not|rather than|instead of|than) (?:a |an )?(?:{_NUMBER}|lower|"
                      r"zero|higher)\b|\bwhat makes it\b|\bwhy (?:a|an|that) |\bthat high\b|"
                      r"\bas high as\b|\bwhy not lower\b|\b(?:being|going) (?:any )?lower\b|"
                      r"\bwhy (?:didn't|did not|did|would) you (?:pick|say|choose|go for|give it)\b")
_HIGHER = re.compile(rf"\b(?:move|get|take|bring|go|push)\w* (?:it |that |you )?up\b|\bhigher\b|"
                     rf"\ba point or two\b|\bone point\b|\bup a (?:bit|notch|point)\b|"
                     rf"\bfrom (?:a|an) {_NUMBER} to (?:a|an) {_NUMBER}\b")   # not "from 0 to 10"
#: A follow-up that points back at the rating just given ("what makes it that high?").
_ABOUT_RATING = re.compile(rf"\b{_NUMBER}\b|\bthat (?:important|high|number|score|confident|much)\b|"
                           r"\b(?:number|score|lower|higher)\b")
#: What would make something easier, or make them more sure: straight after a rating it asks
#: what would move it up ("what would make you a bit more confident?").
_EASES = re.compile(r"\b(?:easier|better|more likely|help|helps|take|surer)\b|"
                    r"\bmore (?:confident|sure|important|ready)\b")
_CONFIDENCE = re.compile(r"\bconfiden|\bsure\b|\bable\b|\bmanage\b|\bcould\b|\bsucceed|\blikely\b")
_IMPORTANCE = re.compile(r"\bimportan|\bmatter|\bwant\b|\bworth\b")
#: Adverbs that stand between a subject and its verb without changing what is asked.
_ADVERB = r"(?:already|ever|actually|really|previously|just|also|since|once)"
#: Open questions about one part of the person's life, each with the answer kind it calls for.
_ABOUT = (
    # One word may say which day: "a typical working day", "a usual school week".
    ("typical_day", re.compile(r"\b(?:typical|usual|normal|ordinary|average) (?:\w+ )?(?:day|week|evening|shift)\b|"
                               r"\bwalk me through\b|\b(?:day|week|evening|morning|shift)s? look like\b|"
                               r"\b(?:an?|your) (?:day|week|evening|morning|night|shift|weekend)s? (?:is )?like\b|"
                               r"\b(?:days|shifts|weekends) like\b")),
    # What got in the way is asked before what was tried: "what got in the way last time?"
    # asks for the obstacle, "last time" only says when.
    ("barriers", re.compile(r"\b(?:get|gets|getting|got) in the way\b|\bstop(?:s|ping|ped)? you\b|\bhold(?:s|ing)? you back\b|"
                            r"\bhardest\b|\bmakes? it (?:hard|difficult)\b|\bobstacles?\b|\bbarriers?\b|"
                            r"\bwhat's hard\b|\bwhat is hard\b|\bdifficult for you\b")),
    # "What have you already tried?": an adverb may stand between the person and the trying.
    ("past_attempts", re.compile(r"\btried (?:before|already|so far|in the past)\b|"
                                 rf"\bhave you (?:{_ADVERB} )?tried\b|"
                                 rf"\bwhat (?:did you|have you) (?:{_ADVERB} )?(?:try|tried)\b|\bbefore\b.*\btried\b|"
                                 r"\bin the past\b|\blast time\b|\bworked before\b|\bwhat('s| has) worked\b|"
                                 r"\b(?:taken|done) before\b")),
    # The story so far: what has happened lately, since an event, or when something happened
    # ("what's been happening", "how have things been since...", "what happened when...").
    ("recent_story", re.compile(r"\bwhat(?:'s| has| have)? been (?:happening|going on)\b|"
                                r"\bwhat(?:'s| has) happened\b|\bhow (?:have|has|did|'ve) "
                                r"(?:things|it|everything|life) (?:been|gone)\b(?! for you)|"
                                r"\bhow(?:'s| has) (?:it|everything|life) been\b(?! for you)|"
                                r"\bhow (?:have|were|has|was) (?:the )?(?:last|past) (?:few |two |couple of )?"
                                r"(?:days?|weeks?|months?|fortnight)\b|\bwhat (?:have|has|were|was) "
                                r"(?:the )?(?:last|past) (?:few |two |couple of )?(?:days?|weeks?|months?|"
                                r"fortnight) (?:been )?like\b|\bsince (?:the diagnosis|you (?:were|found|got|heard)|"
                                r"last time|we (?:last )?(?:met|spoke|saw))\b|\b(?:bring|catch) me up\b|"
                                r"\bfill me in\b|\bup to date\b|\bwhat happened when\b")),
    ("support", re.compile(r"\bsupport\b|\bwho (?:could|can|might|would|else)\b|\bwho's around\b|"
                           r"\bwho is around\b|\bhelp you\b|\bon your side\b|\bin your corner\b")),
    # What the person wants for themselves ("what would you want for yourself?") is what matters
    # to them; what they want from today is what they want from the visit (``today``, above).
    ("matters", re.compile(r"\bmatters?\b|\bimportant to you\b|\bcare about\b|\bvalue\b|"
                           r"\bwhat do you want\b|\bhope\b|\bhoping\b|\bwould you like (?:to be|to see|to have)\b|"
                           r"\bbe different\b|\bwhat (?:would|might|could) be better\b|\bwhat would you want for\b|\bwant for yourself\b|"
                           r"\bwhat (?:do|did) you (?:use(?:d)? to )?(?:enjoy|love)\b")),
    # Their own feelings, not someone else's: "how does Jade feel about it?" asks about Jade.
    ("feelings", re.compile(r"\bhow (?:do|did|does) (?:you|that|it|this) (?:feel|make you feel)\b|"
                            r"\bhow are you feeling\b|\byou (?:\w+ )?feel about\b|"
                            r"(?<!'s )(?<!\bher )(?<!\bhis )(?<!\btheir )\bfeelings?\b|"
                            r"\bhow (?:is|was|has) (?:all )?(?:of )?(?:that|this|it)(?: been)? for you\b|"
                            r"\bwhat(?:'s| is| was| has) (?:all )?(?:of )?(?:that|this|it)(?: been)? like for you\b")),
)
#: This appointment, as a coach names it when asking what the person wants from it ("today",
#: "our time together", "this session", "this call", "coming in"); "from today on" is a start,
#: not the visit.
_SESSION = (r"(?:today|(?:this|our|today's) (?:(?:half |whole )?hour|time(?: together)?(?! of\b)|(?:few )?minutes)|"
            r"(?:this|our|the|today's) (?:appointment|session|meeting|conversation|chat|visit|consultation|"
            r"(?:phone |video )?call)|"
            r"this (?:morning|afternoon|evening)|(?:coming|being) (?:in|here))\b(?! on\b| onwards\b)")
#: What the person wants from this appointment: wanted, hoped for or expected from it ("what
#: would you like to get out of today?", "what are you hoping for from this session?"); what
#: would make it worth their while or useful; what to talk about, focus on or work on in it
#: (with nothing named: "talk about your drinking today" proposes a topic); how to use it. What
#: they want for themselves, with no appointment in it, is what matters to them.
_TODAY = re.compile(
    rf"\b(?:want|wanted|like|hope|hoping|hoped|wish|expect|expecting|after|looking for|need|get|getting)\b"
    rf"(?: \w+){{0,5}}? (?:from|out of) (?:me |us )?{_SESSION}|"
    rf"\b(?:goals?|hopes?|aims?|wish(?:es)?|expectations?|agenda) (?:are |is )?(?:for|from) {_SESSION}|"
    rf"\b(?:good|useful|helpful|best|ideal) (?:outcome|result)\b(?: \w+){{0,3}}? (?:for |from |of )?{_SESSION}|"
    rf"\bmakes? (?:{_SESSION}|this) (?:\w+ )?(?:worth|useful|helpful|worthwhile|valuable|a good use)\b|"
    rf"\bworth (?:coming (?:in|here)|the (?:trip|journey))\b|"
    rf"\b(?:most|more|really) (?:useful|helpful)\b(?: \w+){{0,3}}? (?:in |during |from |for )?{_SESSION}|"
    rf"\b(?:to|we|i) (?:talk (?:about|through)|cover|discuss|look at|work on|focus on|concentrate on|"
    rf"achieve|get (?:done|through)|sort out|start with|begin with)"
    rf"(?: (?:first|most|mainly|together|with me|here))? (?:in |during |with |for )?{_SESSION}|"
    rf"\bwhere (?:would|do|shall|should|could|might) (?:you|we) (?:like to |want to )?(?:start|begin)\b"
    rf"(?: \w+){{0,2}}? {_SESSION}|"
    rf"\b(?:to|we|us) (?:use|spend|make the most of|get the most (?:out )?of) {_SESSION}|"
    rf"\bhow (?:can|could|might|may) (?:i|we) (?:help|be of help|be of use|be useful)(?: you)? {_SESSION}|"
    rf"\b(?:at|by) the end of {_SESSION}")
#: Where a person comes to be seen: in, here, along, to see the coach, to this appointment.
#: Places only; "what brings you down" or "to that number" go somewhere else.
_HERE = (r"(?:back )?(?:in|here|along|today|this (?:morning|afternoon|evening)|"
         r"(?:to )?(?:see|talk to|speak to|speak with) (?:me|us|someone|somebody|(?:a|the) (?:health )?coach)|"
         r"to (?:me|us|coaching|(?:a|the) (?:health )?coach|(?:this|the|your|today's|our) "
         r"(?:surgery|practice|clinic|service|appointment|session|coaching|visit|meeting|call)))\b")
#: Coming to the appointment, or arranging it: "come in", "come and see me", "book", "get in
#: touch". "Come" needs a place, or ends the question: "come off the tablets" is not a visit;
#: "book" needs the appointment ("book the stop smoking clinic" is a step of theirs).
_COME = (rf"(?:com(?:e|ing)|came)(?: and see (?:me|us))?(?: {_HERE}|$| (?:or|and|was|is|did|were)\b)|"
         r"book(?:ed|ing)? (?:(?:this|the|an|today's) (?:appointment|session)|in (?:with|to see) (?:me|us)\b|in$)|"
         r"make (?:this|the|an) appointment\b|get in touch\b|ask(?:ed)? for (?:this|an) appointment\b")
#: Why the person came (the reason for coming, asked by its grammar, not one sentence): what
#: brought or led them here, what made or prompted them to come or book, who sent or referred
#: them (or why the doctor did), what they came in for, how come, the reason for the visit or
#: what prompted it. "What brings you joy" has no place after it; "what made you come off the
#: tablets" no visit.
_WHY_HERE = re.compile(
    rf"\bwhat(?:'s| has| is| had)? (?:brings?|brought|bringing|leads?|led) you {_HERE}|"
    rf"\b(?:what|who)(?:'s| has| had| is)? (?:made|makes?|led|leads?|prompted|prompts?|got|gets|decided|"
    rf"persuaded|encouraged|convinced|pushed|asked) you (?:to )?(?:(?:want|decide|choose|think|agree) (?:to )?)?"
    rf"(?:{_COME})|"
    rf"\b(?:who|what)(?:'s| has| had)? (?:sent|referred) you\b|"
    rf"\bwhy (?:did|has|have|would) (?:the|your) (?:doctor|gp|nurse|surgery|practice) (?:sent|send|refer|referred|book|booked) you\b|"
    rf"\bwhat (?:did|have|'ve) you come (?:in |here |along )?for\b|"
    rf"\bwhat(?:'s| has| had)? (?:prompted|led to|brought about) (?:you coming|(?:the|this|today's|your) "
    rf"(?:visit|appointment|referral))\b|"
    rf"\bwhy (?:have|did|are|were|has) you (?:(?:decided|decide|wanted|want|chosen|choose) to )?(?:{_COME})|"
    rf"\bwhy (?:are|were) you here\b|\bwhy (?:were|have) you (?:been )?(?:sent|referred)\b|"
    rf"\bhow come you(?:'re| are) here\b|\bhow come you(?:'ve| have)? (?:{_COME})|"
    rf"\bhow (?:did|do) you (?:come to be|end up|happen to be) (?:here|in|seeing|with me|with us|coming|booked)\b|"
    rf"\breasons? (?:for (?:(?:your|the|this|today's) )?(?:visit|appointment|referral|coming|booking)|"
    rf"(?:why |that )?you(?:'re| are) here|(?:why |that )?you(?:'ve| have)? (?:{_COME}))")
#: Not the opening: what the visit gave them, asked looking back ("what did you get out of
#: today?"), or a check for anything left ("anything else you'd like to talk about today?").
_TODAY_DONE = re.compile(r"\b(?:did|have|has) (?:you|it|this|today) (?:get|got|take|taken|found?|been)\b|"
                         r"\b(?:anything|something|what) else\b")
#: Someone in the person's life, as a coach names them: a relation, a role in their care, or
#: people at large. "Kids'" and "mother-in-law" arrive as "kids" and "mother in law".
_PERSON_NOUN = (r"(?:wife|husband|partner|other half|missus|hubby|boyfriend|girlfriend|fianc[eé]e?|spouse|"
                r"ex|mum|mam|mom|mother|dad|father|parents?|step(?:mum|dad|son|daughter)|sons?|daughters?|"
                r"kids?|children|child|grand(?:sons?|daughters?|children|kids?|child|ma|pa|ad|mother|father)|"
                r"nan|nana|gran|granny|brothers?|sisters?|siblings?|family|friends?|mates?|pals?|lads|girls|"
                r"neighbours?|boss|manager|colleagues?|workmates?|doctors?|gp|nurses?|consultant|physio|"
                r"specialist|pharmacist|carers?|social worker|aunt|auntie|aunty|uncle|cousins?|"
                r"(?:mother|father|brother|sister|son|daughter)s? in law|in laws|loved ones?|"
                r"(?:other )?people(?: (?:at|around|close to) \w+)?)")
_DETERMINER = r"(?:your|the|his|her|their|our|those|these)"
#: What a lone word before a verb of thinking can be that is no person: "what does it say",
#: "what does research say", "how does walking feel" (a gerund, tested apart).
_NOT_A_NAME = (r"(?:you|i|we|it|that|this|these|those|there|what|which|who|your|the|his|her|their|our|"
               r"my|me|us|them|him|a|an|any|some|all|one|its|anything|something|nothing|everything|"
               r"research|evidence|science|google|internet|nice|guidance|leaflet|book|body|test|tests|"
               r"diabetes|alcohol|drink|food|weight|pain|covid|smoking|so|then|now|else|more|much|many|"
               r"long|often|far|well|exactly|really|actually|do|does|did|is|are|was|were)")
#: Who an answer of the ``others_view`` kind is about: a person named by a relation ("your
#: wife", "the kids", "your other half"), a pronoun, people at large, or a single word that is
#: a name ("Julie"; lower case too, as speech comes).
_WHO = (rf"(?:{_DETERMINER} (?:\w+ )?{_PERSON_NOUN}(?: and (?:{_DETERMINER} )?(?:\w+ )?{_PERSON_NOUN})?|"
        rf"he|she|they|everyone|everybody|anyone|anybody|others|"
        rf"(?:mrs|mr|ms|miss|dr|doctor|auntie|aunty|aunt|uncle|nan|nana|gran|grandad) [a-z]+|"
        rf"(?!{_NOT_A_NAME}\b)(?![a-z]+ing\b)[a-z]{{2,}})")
#: Verbs of thinking, feeling, wanting or saying; "feel like" asks what something is like.
_OTHERS_VERB = (r"(?:think|thinks|thought|feel|feels|felt|say|says|said|worry|worries|worried|"
                r"reckon|reckons|make of|makes of|made of|want|wants|wanted|hope|hopes|fear|fears|"
                r"believe|believes|notice|notices|noticed|mention|mentioned|tell you|tells you|told you|"
                r"see (?:it|this|that|things)|sees (?:it|this|that|things)|take it|took it|react|reacts|reacted|"
                r"mind|minds|concerned|upset|bothered)\b(?! like\b)")
_BRIDGE = r"(?: (?:do|would|did) you (?:think|say|reckon|imagine|suppose|guess))?"
_OTHERS_ADVERB = r"(?: (?:really|actually|honestly|usually|normally|ever|still|already|even|now|most))?"
#: A question about what someone else in the person's life thinks, feels, fears or says: a
#: question word, that someone as the subject, and a verb of thinking, feeling or saying
#: ("what does Julie worry about?", "how would your husband feel?", "what would your daughter
#: have said?"); how worried they are; their view, worry or take; the same asked as yes or no
#: ("does your wife worry about it?"). "How do you feel about your wife's worry?" asks the
#: person's own feelings; "what does the leaflet say?" asks no one.
_OTHERS_VIEW = (
    re.compile(rf"\b(?:what|how|why)(?:'s|'d|'ll| does| did| do| would| will| might| could| has| have|"
               rf" had| is| was| are| were){_BRIDGE} (?P<who>{_WHO}){_OTHERS_ADVERB}"
               rf"(?: (?:have|'ve|be|been|feel|get))? {_OTHERS_VERB}"),
    re.compile(rf"\b(?:what|how){_BRIDGE} (?P<who>{_WHO}){_OTHERS_ADVERB} (?:thinks|feels|says|reckons|"
               rf"makes of|worries|wants|(?:would|might|will|'d) (?:have )?(?:say|said|think|feel|make of|want|worry))\b"),
    re.compile(rf"\bhow (?:worried|concerned|upset|anxious|bothered|happy|pleased|cross|angry|scared) "
               rf"(?:(?:is|are|was|were) (?P<who>{_WHO})|(?:would|will|might) (?P<who2>{_WHO}) be)\b"),
    re.compile(rf"\bwhat(?:'s| is| are| was| were| would be| might be) (?P<who>(?:{_DETERMINER} (?:\w+ )?"
               rf"{_PERSON_NOUN}(?:'s)?|[a-z]+'s|his|her|their)) (?:view|views|take|opinion|opinions|"
               rf"feelings?|worry|worries|concerns?|reaction|thoughts|fears?|verdict|side of)\b"),
    re.compile(rf"^(?:so |and |but )?(?:does|did|would|will|is|was|has|do) (?P<who>{_WHO}){_OTHERS_ADVERB}"
               rf" (?:worry|worried|mind|think|say|said|feel|notice|noticed|fear|want|reckon)\b(?! like\b)"),
)
#: Words of the subject that name no one ("your", "the", "and").
_WHO_FILLER = frozenset("your the his her their our those these and".split())
#: Who "he", "she" and "they" are is said before: the words an ``others_view`` question may use.
PRONOUNS = frozenset("he she they his her their him them".split())


@lru_cache(maxsize=4096)
def others_asked(lowered: str) -> frozenset[str] | None:
    """Whom a question about someone else's view asks about (the words naming them: "wife",
    "julie", or a pronoun, "she"), or None when it asks no such thing. Kept per text: the kind
    is decided by it, and the reading then names whom it asks about."""
    for pattern in _OTHERS_VIEW:
        found = pattern.search(lowered)
        if found:
            who = [w.removesuffix("'s") for w in (found.group("who") or found.groupdict().get("who2") or "").split()]
            return frozenset(w for w in who if w not in _WHO_FILLER) or frozenset(who)
    return None


#: What the coach just said, pointed back at: "that", "any of this", "what I've said", "the idea".
_SAID = (r"(?:that|this|it|all (?:of )?(?:that|this)|(?:any|some|none|each) of (?:that|this|it|those|these|them)|"
         r"(?:those|these) (?:ideas?|options?|suggestions?|things)|(?:the|that|this|my) "
         r"(?:idea|suggestion|information|options?|advice|research|figures?|numbers?)|"
         r"what i(?:'ve)? (?:just )?(?:said|told you|suggested|shared|mentioned|explained|described|put)|"
         r"what (?:others|other people|some people) (?:have )?(?:found|do|did))")
#: A question asking what the person makes of what they were just told: a verb of judging or
#: thinking with what was said as its object ("what do you make of that?", "how does that
#: sound?", "does any of that fit for you?", "what are your thoughts on what I've said?").
_REACTION = re.compile(
    rf"\bwhat do you (?:make|think) (?:of|about) {_SAID}\b|"
    rf"\bhow do you (?:feel|see) (?:about )?{_SAID}\b|"
    rf"\bhow (?:does|do|did|would|might) {_SAID} (?:sound|seem|strike you|land|fit|feel|sit)\b|"
    rf"\bwhat(?:'s| is| are| were) your (?:thoughts|reaction|reactions|take|view|views|response|"
    rf"feelings?|impressions?|sense)\b(?: (?:on|about|to|of) {_SAID}\b|$)|"
    rf"\b(?:does|do|did|would|could|might|can) {_SAID} (?:fit|make sense|ring true|sound|seem|apply|"
    rf"resonate|land|work for you|help|speak to you|feel (?:right|possible|doable|useful))\b|"
    rf"\bany (?:thoughts|reactions?|questions)\b|\bwhat (?:strikes|struck) you\b|"
    rf"\bwhat stands? out\b|\bhow (?:does|do) you see {_SAID}\b")
#: Confidence asked without a scale: "how confident" alone, or how sure they are that they
#: could do it ("how sure are you about that?" asks whether something is so, not if they can).
_SURE = re.compile(
    r"\bhow confident\b|"
    r"\bhow (?:sure|certain)\b(?: \w+){0,4}? (?:(?:that )?you(?:'d|'ll)? (?:could|can|would|will|might|"
    r"be able|manage|cope|stick|keep|do|make|get|give|try|pull)|about (?:\w+ing|doing|trying)\b|"
    r"of (?:\w+ing|being able)\b)")
#: A reflection that guesses at how something felt, with none of the person's words in it:
#: they say how it did feel ("that must have been frightening", "I imagine that was hard").
_FEELING_GUESS = re.compile(r"\bmust(?:'ve| have)? (?:been|be|feel|felt)\b|"
                            r"\bi (?:imagine|guess|bet) (?:that|it) (?:was|felt|feels|is)\b|"
                            r"\bsounds? (?:really |so |pretty )?(?:frightening|scary|hard|tough|awful|"
                            r"lonely|exhausting|painful|upsetting|horrible|difficult)\b")
_NEXT_STEP = re.compile(r"\bfirst step|\bnext step|\bstep\b|\bwhat (?:will|could|might|would) you (?:do|try)\b|"
                        r"\bwould you like to (?:do|try)\b|\bdo next\b|\bsmall thing you could\b|"
                        r"\bplan\b|\bdo first\b|\bhow (?:would|could|might|will) you (?:go about|tackle|start)\b|\bstart with\b|\bthis week\b|\bgoal\b|\bwhere (?:could|might|would) you start\b")
_APOLOGY = re.compile(r"\bsorry\b|\bapologi[sz]e\b|\bmy mistake\b|\bthat came out wrong\b|"
                      r"\bi jumped in\b|\bi got ahead of myself\b|\bi shouldn't have\b|\blet me start again\b")
#: Words that turn a directive into a moral verdict: blame, labels, shame, warnings.
_MORALISING = re.compile(r"\bknow better\b|\bexcuses?\b|\blazy\b|\bblame\b|\bfault\b|\bsorry for yourself\b|"
                         r"\bashamed\b|\birresponsible\b|\bcareless\b|\bhard enough\b|\bnon-?compliant\b|"
                         r"\bobese\b|\balcoholic\b|\bdiabetic\b|\bbetter example\b|\bselfish\b|\bridiculous\b|"
                         r"\bseriously\b|\bpull yourself together\b|\bgrow up\b|\bstupid\b|\bjust stop\b")
_CLOSED_START = re.compile(r"^(?:so |and |but |ok |okay |right )?(?:do|does|did|is|are|was|were|have|has|had|"
                           r"can|could|will|would|should|shall|am)\b")
_YES = re.compile(r"^(?:yes|yeah|yep|yup|aye|suppose so|i suppose|i do|i have|i am|i did|of course|course|"
                  r"definitely|sometimes|a bit|sort of|probably)\b")
_UNSURE = re.compile(r"^(?:i don't know|i'm not sure|not sure|i don't think i know)\b")
_NO = re.compile(r"^(?:no|nope|nah|not really|never|i don't|i haven't|i'm not|i didn't|not at all|not much)\b")

#: Words too common to show that a reply heard anything in particular.
_COMMON = frozenset("""
about above after again against also always another anyone anything around back because been
before being below between both came come coming could didn doesn does doing done down during
each else even ever every feel feeling feels felt from getting going gone good got great had has
have having hear heard here hers herself himself into itself just keep kind know like little lot
lots made make many maybe mean might more most much must myself need never next nice none nothing
okay only other ours ourselves over really right said same says seem seems should since some
something sometimes sort sound sounds still such sure take tell than thank thanks that that's
their theirs them themselves then there there's these they thing things think this those though
through time times today told tried together too towards under until upon very want wanted
wants week well went were what what's when where which while whole why will with without
would yeah year years your you're yours yourself yourselves sounds it's i'm don't can't won't
bit quite rather pretty going happen happening happened
couldn wouldn shouldn hasn haven weren mustn needn
the and but for you not was are can him her his she its our out get how who why yes any all one
own now too way see say let put did may yet off ago use try has had don won isn ain aren wasn
didn yep yup nah aye hmm erm umm ask far few lot per via etc nor day days
""".split())


@lru_cache(maxsize=8192)   # the person's lines come from a fixed pool and recur in every session
def content_words(text: str) -> frozenset[str]:
    """The words of ``text`` that carry its content, crudely stemmed so "walks" finds "walking"."""
    found = set()
    # Three letters are enough for a word of the person's life (mum, job, van, gap, dog, pub).
    for word in normalise(text):
        if len(word) < 3 or word in _COMMON:
            continue
        base = word.partition("'")[0]
        if len(base) < 3 or base in _COMMON:
            continue
        if base.endswith("ing") and len(base) >= 7:
            base = base[:-3]
        elif base.endswith(("ed", "es")) and len(base) >= 6:
            base = base[:-2]
        elif base.endswith("s") and len(base) >= 5:
            base = base[:-1]
        found.add(base[:-1] if base.endswith("e") and len(base) > 4 else base)
    return frozenset(found)


#: How a summary answer adds what the summary left out: "don't forget the wedding", "you've
#: left out the job", "put Julie in there too", "and the sleep".
_ADDS = re.compile(r"\b(?:don't|do not) forget\b|\b(?:left|leave) out\b|\bmissed\b|\bskipped\b|"
                   r"\bput \w+(?: \w+)? in\b|\badd\b|(?:^|[.!?] )and (?:the|my|i'm|i)\b")
#: The words of that way of adding, which name nothing the person added.
_ADDING_WORDS = content_words("forget left leave missed skipped put add list")


def _names(text: str) -> frozenset[str]:
    """What a line names: its content words, and initials joined by "&" ("A&E") as one word."""
    joined = {"".join(m.split("&")).lower() for m in re.findall(r"\b\w(?:&\w)+\b", text)}
    return (content_words(text) | joined) - _ADDING_WORDS


def adds_what_was_said(line: str, reply: str) -> bool:
    """A summary answer that adds something ("And the A&E. Don't leave out the A&E.") when the
    summary it answers already said that thing: the person would be correcting nothing."""
    if not _ADDS.search(line.lower().replace("\u2019", "'")):
        return False
    return bool(_names(line) & _names(reply))


#: Words that say nothing about which fact a yes/no question asks after.
_FUNCTION_WORDS = frozenset("""
a an the you your yours do does did is are was were have has had can could will would be been
being it its it's i me my to of in on at for with and or but so if that this there any ever
anything something someone anyone much many get got about how what who when where why which
up out just still now today week shall should am not no yes right okay ok
""".split())


def fact_words(text: str) -> frozenset[str]:
    """The words a yes/no question turns on ("Do you eat late?": eat, late), lightly stemmed:
    two questions sharing one ask about the same thing, so their answers must agree."""
    found = set()
    for word in normalise(text):
        if len(word) < 3 or word in _FUNCTION_WORDS:
            continue
        for ending in ("ing", "s"):
            if word.endswith(ending) and len(word) > len(ending) + 3:
                word = word[: -len(ending)]
                break
        found.add(word)
    return frozenset(found)


@dataclass(frozen=True)
class Reading:
    """What one coach reply asks of the person and how much of them it heard."""

    kind: str | None             # the answer kind it calls for, if any
    uptake: frozenset[str]       # the person's own content words it took up
    guessed: frozenset[str]      # words of their life (from the briefing) they have not said yet
    formula: bool                # nothing in it that is not a stock phrase
    apology: bool                # the coach owns a slip
    moralising: bool             # a directive that also blames, labels or warns
    yes_no: bool                 # a closed question that takes a yes or a no
    scale: str | None            # "importance" | "confidence" for a rating question
    topic_words: frozenset[str]  # the reply's own content words: what it is about
    fact_words: frozenset[str] = frozenset()   # what a yes/no question asks about, loosely
    worded: bool = True          # False for a move given as codes alone (nothing to read)
    eases: bool = False          # asks what would make something easier or better
    others: frozenset[str] = frozenset()   # for ``others_view``: the words naming whom it asks about

    @property
    def heard(self) -> bool:
        """The reply took up something the person actually said (a move given as codes alone
        is taken as heard: there are no words to judge it by)."""
        return bool(self.uptake) or not self.worded


def read_reply(text: str, codes: Collection[str], heard: Sequence[str] = (),
               world: frozenset[str] = frozenset(), *, theirs: frozenset[str] | None = None,
               after_input: bool = False) -> Reading:
    """Read a coach reply: ``codes`` are the rubric's, ``heard`` the person's lines so far (or
    ``theirs``, the content words of them, kept by a caller that reads every turn), ``world``
    the content words of their life as the coach was briefed on it; ``after_input`` says the
    coach's reply before this one informed or advised (a question now may ask what they make
    of it)."""
    if not text.strip():
        return Reading(kind=_kind("", frozenset(codes), None, True, after_input), uptake=frozenset(),
                       guessed=frozenset(),
                       formula=False, apology=False, moralising=False, yes_no="question.closed" in codes,
                       scale=None, topic_words=frozenset(), worded=False)
    lowered = " ".join(normalise(text))
    mine = content_words(text)
    if theirs is None:
        theirs = frozenset().union(*(content_words(line) for line in heard)) if heard else frozenset()
    uptake = mine & theirs
    scale = _scale(lowered)
    guessed = (mine & world) - uptake
    yes_no = "question.closed" in codes and bool(_CLOSED_START.match(lowered))
    # A reflection that guesses at the person's life from the briefing is still about them.
    kind = _kind(lowered, frozenset(codes), scale, bool(uptake or mine & world), after_input)
    others = others_asked(lowered) if kind == "others_view" else None
    return Reading(
        kind=kind, uptake=uptake, guessed=guessed, formula=not mine, apology=bool(_APOLOGY.search(lowered)),
        moralising=bool(_MORALISING.search(lowered)),
        yes_no=yes_no,
        scale=scale, topic_words=mine, eases=bool(_EASES.search(lowered)),
        fact_words=fact_words(text) if yes_no else frozenset(), others=others or frozenset())


def _scale(lowered: str) -> str | None:
    if not _SCALE.search(lowered) or _REASONS.search(lowered) or _HIGHER.search(lowered):
        return None
    if _IMPORTANCE.search(lowered):
        return "importance"
    if _CONFIDENCE.search(lowered):
        return "confidence"
    return "readiness"


#: Codes by which the coach gives their own input: a question straight after asks about it.
INFORMING = frozenset({"information", "advice.permitted", "advice.unsolicited"})


def _kind(lowered: str, codes: frozenset[str], scale: str | None, heard: bool,
          after_input: bool = False) -> str | None:
    if scale is not None:
        return "scale_confidence" if scale == "confidence" else "scale_importance"
    asks = "question.open" in codes or "goal" in codes or "question.closed" in codes
    if asks and _REASONS.search(lowered) and ("goal" in codes or _ABOUT_RATING.search(lowered)):
        return "scale_reasons"
    if asks and _HIGHER.search(lowered) and (_ABOUT_RATING.search(lowered)
                                             or re.search(r"\bpoint|\bscore|\bhigher\b", lowered)):
        return "scale_higher"
    if asks and _SURE.search(lowered):
        return "confidence_words"
    if "permission" in codes:
        return "permission"
    if asks and (after_input or codes & INFORMING) and _REACTION.search(lowered):
        return "reaction"   # told something, just now or in this reply: what do they make of it
    if asks and _TODAY.search(lowered) and not _TODAY_DONE.search(lowered):
        return "today"   # before a step: "what would you like to start with today?" opens the visit
    if asks and _WHY_HERE.search(lowered):
        return "why_here"   # before a step or a story: "what made you come in?" asks the reason
    if asks and others_asked(lowered) is not None:
        return "others_view"   # "what would your wife say is a first step?" asks about her
    if codes & {"goal", "question.open"} and _NEXT_STEP.search(lowered):
        return "next_step"
    if "summary" in codes:
        return "summary" if heard else "summary_missed"
    if "question.open" in codes or "question.closed" in codes:
        for kind, pattern in _ABOUT:
            if pattern.search(lowered):
                return kind
    if "goal" in codes and ("question.open" not in codes or not lowered):
        return "next_step"   # "where would you like to start?" is an open door, not a plan
    if codes & {"reflection.simple", "reflection.complex"} and heard:
        return "reflection"
    if codes & {"reflection.simple", "reflection.complex"} and _FEELING_GUESS.search(lowered):
        return "feelings"   # "that must have been frightening": a guess at how it felt, to answer
    if "question.closed" in codes:
        return "closed"
    return None


@lru_cache(maxsize=8192)
def polarity(line: str) -> bool | None:
    """Whether a line answers yes (True), no (False) or neither, from how it opens."""
    lowered = " ".join(normalise(line))
    if _UNSURE.match(lowered):
        return None
    if _NO.match(lowered):
        return False
    if _YES.match(lowered):
        return True
    return None


#: Single words that are only a topic as a thing talked about, never as a particle or a verb
#: ("down" in "lying down", "work" in "what works for you", "home" in "bring it home").
_PARTICLES = frozenset("down up out off over back on in through low away".split())
_PARTICLE_AFTER_NOUN_USE = frozenset("feel feeling feels felt get getting got been so very really bit "
                                     "quite pretty a the your you're i'm is was am are".split())
_PHRASAL = frozenset("on out through about up".split())
_VERB_SUBJECTS = frozenset("what it that this which whatever something nothing".split())
_VERB_ADVERBS = frozenset("actually really just still always never usually normally ever".split())


def incidental(words: Sequence[str], start: int, end: int) -> bool:
    """Whether the topic phrase found at ``words[start:end]`` is only there in passing: a
    single word used as a particle ("lying down") or a verb ("work on it", "what works"),
    not the thing the reply is about."""
    if end - start != 1:
        return False
    word = words[start]
    before = words[start - 1] if start else ""
    after = words[end] if end < len(words) else ""
    if word in _PARTICLES:
        return before not in _PARTICLE_AFTER_NOUN_USE
    if after in _PHRASAL and before in {"to", "we", "you", "i", "can", "could", "will", "might"}:
        return True
    if (after == "for" and end + 1 < len(words) and words[end + 1] in {"it", "that", "this"}
            and before in {"you", "i", "we", "they", "to"}):
        return True   # "you pay for it", "you work for it": what it costs, not the money or the job
    if before in _VERB_ADVERBS and start >= 2:
        before = words[start - 2]   # "something that actually works": the verb still has its subject
        return before in _VERB_SUBJECTS and word.endswith("s") and after not in {"and", "or"}
    return before in _VERB_SUBJECTS and word.endswith("s") and after not in {"", "and", "or"}
