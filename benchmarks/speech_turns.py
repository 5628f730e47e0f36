"""Varied speech-to-text-like coaching turns for the speed benchmark (our own words throughout).

Coach and patient turns are composed from clause templates whose slots are filled from small
word lists (topics, behaviours, feelings, people, times, numbers), so a long turn rarely comes
back word for word. The coach's clauses cover what a coach says: open and closed questions,
simple and complex reflections, affirmations, advice with and without permission, scaling
questions, summaries, information, the odd judgement, and short fillers ("mm-hmm", "okay",
"yeah"). The fillers are what repeat in real transcripts: about one coach turn in five is an
exact repeat of an earlier one there; with :data:`FILLER_SHARE` and the short clauses that come
back, 100,000 replies hold about that share (fewer in a shorter file).
Every turn is written as a recogniser writes it: lower case, no punctuation, now and then a
"um" or a restart.
"""
from __future__ import annotations

import random
import re

#: Share of coach turns that are a filler alone (nearly all of them repeats).
FILLER_SHARE = 0.12
#: Share of patient turns that are a short answer ("yeah", "no not really").
SHORT_ANSWER_SHARE = 0.2

SLOTS: dict[str, list[str]] = {
    "topic": ["the smoking", "your drinking", "the walking", "your weight", "the tablets", "your sleep",
              "the diet", "cutting down", "the exercise", "the insulin", "your blood pressure",
              "the sugar", "the takeaways", "the gym", "the vaping", "the stress at work", "the back pain",
              "your breathing", "the crisps and biscuits", "the late nights", "the fizzy drinks",
              "your knee", "the physio exercises", "the cholesterol", "the wine in the evenings"],
    "habit": ["smoke", "have a drink", "skip breakfast", "snack late at night", "sit on the sofa",
              "have a takeaway", "vape", "miss the tablets", "stay up late", "drink fizzy pop",
              "eat on the go", "have a glass of wine", "skip the exercises", "buy cigarettes"],
    "change": ["cut down", "stop altogether", "walk a bit more", "take the tablets every day",
               "eat a proper breakfast", "get to bed earlier", "cut out the takeaways",
               "have a couple of dry days", "swap to water", "join the walking group",
               "do the stretches each morning", "check your sugar before meals",
               "keep a diary of what you eat", "set a quit date", "try the patches",
               "go to the gym twice a week", "leave the car at home", "cook at the weekend"],
    "ing": ["smoking", "drinking", "snacking", "walking", "vaping", "cooking", "sleeping",
            "working late", "eating out", "sitting down", "worrying", "trying", "cutting down"],
    "feeling": ["tired", "stressed", "fed up", "worried", "bored", "lonely", "guilty", "anxious",
                "frustrated", "hopeful", "proud", "stuck", "low", "overwhelmed", "annoyed",
                "embarrassed", "nervous", "a bit lost", "ashamed", "unsure"],
    "person": ["your wife", "your husband", "your daughter", "your son", "your mum", "the kids",
               "your partner", "your mate", "your boss", "the nurse", "your doctor", "your sister",
               "your dad", "the grandchildren", "your neighbour", "your friends at work"],
    "my_person": ["my wife", "my husband", "my daughter", "my son", "my mum", "the kids", "my partner",
                  "my mate", "my boss", "the nurse", "my doctor", "my sister", "my dad",
                  "the grandchildren", "my neighbour", "the lads at work"],
    "time": ["in the evenings", "at weekends", "after work", "first thing in the morning",
             "on fridays", "at lunchtime", "before bed", "when you're on your own", "on the way home",
             "when the kids are in bed", "on a sunday", "after a long shift", "when it's raining",
             "over christmas", "on holiday", "at the football"],
    "my_time": ["in the evenings", "at weekends", "after work", "first thing in the morning",
                "on fridays", "at lunchtime", "before bed", "when i'm on my own", "on the way home",
                "when the kids are in bed", "on a sunday", "after a long shift", "over christmas"],
    "unit": ["cigarettes", "drinks", "cans", "glasses", "biscuits", "cups of coffee", "hours",
             "steps", "units", "days", "nights", "pints", "bars of chocolate", "meals"],
    "number": ["two", "three", "four", "five", "six", "seven", "eight", "ten", "twelve", "fifteen",
               "twenty", "thirty", "forty", "a couple", "a few", "one or two", "half a dozen"],
    "digit": [str(n) for n in range(0, 11)],
    "day": ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday"],
    "quality": ["important", "confident", "ready", "sure", "willing", "keen"],
    "reason": ["the grandchildren", "your health", "the money", "your breathing", "the doctor",
               "your job", "the holiday", "feeling better in yourself", "your family", "the wedding",
               "being around for the kids", "your knees", "getting fitter", "sleeping better"],
    "hard": ["hard", "tough", "a struggle", "a lot to deal with", "difficult", "exhausting",
             "a battle", "frustrating", "really draining", "an uphill climb"],
    "fact": ["high blood pressure can damage the heart over time",
             "most people need a few tries before they stop for good",
             "the patches work better with some support alongside",
             "a short walk after meals helps with the sugar",
             "alcohol can make sleep worse even when it helps you drop off",
             "the cravings usually pass in a few minutes",
             "the clinic runs a group on {day}s and you can just drop in",
             "the pharmacist can go through the tablets with you",
             "there's an app that counts the units for you"],
}

#: Clause templates by kind; ``{slot}`` names a list in :data:`SLOTS`.
COACH_CLAUSES: dict[str, list[str]] = {
    "open": ["what would you like to be different about {topic}",
             "how do you feel about {topic}", "what makes {time} the hardest",
             "what did {person} say about it", "tell me more about {topic}",
             "what have you tried so far with {topic}", "how would things look if you could {change}",
             "what worries you most about {topic}", "what might get in the way of that",
             "what would help you {change}", "how does {topic} fit into your day",
             "what do you enjoy about it", "what's the hardest part for you",
             "how did it go when you tried to {change}", "what would {person} notice if you {change}",
             "what matters most to you about {reason}", "where do you want to go from here",
             "how come {time} is when you {habit}", "what else is going on for you"],
    "closed": ["do you {habit} every day", "how many {unit} a day would you say",
               "have you tried to {change} before", "is it mostly {time}", "did you {habit} this week",
               "are you still {ing}", "would you say it's about {number} {unit}",
               "does {person} know about it", "have you got a date in mind",
               "is that every day or just {time}", "did the doctor mention {topic}",
               "are you taking them with food", "was that before or after the new job"],
    "simple": ["so you {habit} mostly {time}", "you feel {feeling} about {topic}",
               "{person} keeps on at you about it", "it sounds like {topic} has been {hard}",
               "you've cut down to {number} a day", "so it's {time} that's the hardest",
               "you're feeling {feeling}", "you've tried to {change} before",
               "so {topic} is something you want to sort out", "you're not sure where to start"],
    "complex": ["it sounds like part of you wants to {change} and part of you isn't ready yet",
                "you're worried that if nothing changes {reason} will suffer",
                "so this is less about {topic} and more about {reason}",
                "on one hand it helps you unwind and on the other you're {feeling} afterwards",
                "it must feel {hard} when {person} brings it up",
                "you're {feeling} and at the same time you know it matters",
                "deep down you want things to be different for {reason}",
                "you've had enough of feeling {feeling}"],
    "affirm": ["you kept going even when things got {hard}", "that took real effort",
               "well done for coming in today", "you've done really well to {change}",
               "that's a big step", "you clearly care a lot about {reason}",
               "it shows how determined you are", "you managed {number} days which is great"],
    "advice": ["you need to {change}", "you should {change}", "try to {change} {time}",
               "the best thing is to {change}", "i'd suggest you {change}",
               "you really ought to {change}", "make sure you {change}",
               "you have to stop {ing} {time}"],
    "permitted": ["would it be okay if i shared what others have found helpful",
                  "can i tell you about something that's worked for other people",
                  "some people find it helps to {change} but it's up to you",
                  "one option is to {change} but you know yourself best",
                  "it's entirely your call", "you could {change} if that appeals"],
    "scaling": ["on a scale of {digit} to ten how {quality} are you to {change}",
                "on a scale of nought to ten how {quality} do you feel",
                "why a {digit} and not a {digit}", "what would it take to get to a {digit}"],
    "summary": ["so far you've told me about {topic} {topic} and {reason} what have i missed",
                "let me check i've got this you {habit} {time} {person} worries and you feel {feeling} "
                "about it is that right",
                "so to sum up you'd like to {change} because of {reason} but {time} is hard"],
    "information": ["{fact}", "the leaflet says {fact}", "the research shows {fact}"],
    "judgement": ["i'm just worried you're being lazy about it", "you really should know better by now",
                  "that's not very sensible is it", "you're making excuses"],
}

#: How often each kind of clause is drawn (real coaching: many questions and reflections).
COACH_WEIGHTS = {"open": 16, "closed": 13, "simple": 14, "complex": 9, "affirm": 7, "advice": 6,
                 "permitted": 5, "scaling": 4, "summary": 3, "information": 5, "judgement": 2}

#: Short turns that come back again and again in real transcripts.
FILLERS = ["mm-hmm", "okay", "yeah", "right", "mm", "uh-huh", "sure", "okay yeah", "i see",
           "yeah yeah", "right okay", "oh okay", "good", "alright"]
#: Discourse openers a clause may carry ("okay so", "um").
OPENERS = ["", "", "", "", "okay so", "so", "um", "uh", "yeah", "right", "and", "well",
           "i mean", "you know", "okay"]

PATIENT_CLAUSES = [
    "i've tried to {change} before but it never lasts", "{my_person} keeps on at me about it",
    "i don't know it's just how i unwind {my_time}", "about {number} {unit} a day",
    "what should i do then", "i suppose i'd like to be around for {reason}",
    "it's hard when everyone around me does it", "maybe a {digit}",
    "i get {feeling} {my_time} and that's when i {habit}", "the doctor said i should {change}",
    "i'm not sure i can {change}", "{my_person} does it too so it's hard",
    "i managed {number} days last month", "it's the only thing i enjoy {my_time}",
    "i know i should but i just don't", "work has been mad lately", "money's tight at the moment",
    "i felt {feeling} after the last appointment", "i want to but i keep putting it off",
    "i used to {change} when i was younger", "it helps with the {feeling} feeling",
    "i'd feel better if i could sleep", "nobody really asks me about it",
]
SHORT_ANSWERS = ["yes", "no", "mm", "yeah", "no not really", "i suppose so", "maybe", "not sure",
                 "yeah i guess", "sometimes", "i don't know"]

_SLOT = re.compile(r"\{(\w+)\}")


def _fill(rng: random.Random, template: str) -> str:
    # A filled slot may hold slots of its own (a fact naming a day).
    while "{" in template:
        template = _SLOT.sub(lambda m: rng.choice(SLOTS[m.group(1)]), template)
    return template


def _disfluent(rng: random.Random, clause: str) -> str:
    """Now and then a restart ("i i think") or a "like", as speech has."""
    words = clause.split()
    if len(words) > 3 and rng.random() < 0.15:
        at = rng.randrange(len(words))
        words.insert(at, rng.choice(["um", "uh", "like", words[at]]))
    return " ".join(words)


def coach_turn(rng: random.Random, most: int = 4) -> str:
    """One coach turn: a filler alone, or one to ``most`` clauses run together."""
    if rng.random() < FILLER_SHARE:
        return rng.choice(FILLERS)
    kinds = list(COACH_WEIGHTS)
    weights = list(COACH_WEIGHTS.values())
    clauses = []
    for _ in range(rng.randint(1, most)):
        clause = _fill(rng, rng.choice(COACH_CLAUSES[rng.choices(kinds, weights)[0]]))
        clauses.append(" ".join(filter(None, [rng.choice(OPENERS), _disfluent(rng, clause)])))
    return " ".join(clauses)


def patient_turn(rng: random.Random, most: int = 3) -> str:
    """One patient turn: a short answer, or one to ``most`` statements run together."""
    if rng.random() < SHORT_ANSWER_SHARE:
        return rng.choice(SHORT_ANSWERS)
    return " ".join(_disfluent(rng, _fill(rng, rng.choice(PATIENT_CLAUSES)))
                    for _ in range(rng.randint(1, most)))
