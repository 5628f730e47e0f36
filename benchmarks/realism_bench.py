"""Realism benchmark: does the simulated person answer what was asked, remember, and react in
proportion?

    .venv/bin/python benchmarks/realism_bench.py [--scripts DIR] [--seed 0] [PATH...]

Plays every scenario's walkthroughs and every generic coach script in ``--scripts`` (one coach
reply per line; the file name is the coaching style) through every scenario, with the real
rubric, and prints per scenario and overall:

- stray ratings: patient lines holding a 0-10 rating after a reply that asked for none;
- scaling answered: scaling questions (0-10 importance or confidence) whose answer gave a
  number or a rough size;
- repeats: lines of five words or more said again in the same conversation;
- contradictions: a yes to a closed question about something earlier answered no (or the
  reverse), the questions matched by a shared content word;
- per coaching style: outcome, turns, final trust, and whether "yes, but" came before any
  walk-out.

The detectors here are the benchmark's own, written apart from the persona's reply reader, so
the persona is not marked by the rules it follows. Targets: 0 stray ratings, 0 repeats,
0 contradictions, >= 90% of scaling questions answered; the rubric-gamer reaches no goal and
ends below the skilled coach's trust; lecturing draws "yes, but" before any walk-out.
"""
from __future__ import annotations

import argparse
import re
import statistics
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from simulator import paths  # noqa: E402
from simulator.rubric import Coder, load_rubric  # noqa: E402
from simulator.scenario import find_scenarios, load_scenario  # noqa: E402
from simulator.session import Session  # noqa: E402

SCRIPTS = Path(__file__).resolve().parent / "coach_scripts"
_NUMBER = r"(?:zero|nought|one|two|three|four|five|six|seven|eight|nine|ten|10|[0-9](?:\.5)?)"
#: What may follow a number that is a rating: the end of a clause, or words that hedge it or
#: name its scale ("a six, maybe", "a four out of ten", "a seven for me"), never a noun: "one
#: thing", "two days", "give me two of those" count things, they rate nothing.
_NOT_A_NOUN = (r"(?=\s*(?:[.,!?;:)]|$|out of|or\b|if\b|for\b|-(?![a-z])|\u2014|on a\b|at best|"
               r"at most|maybe|perhaps|tops|i'd say|i suppose|i reckon))")
#: A rating in a patient line, and only a rating: "out of ten" said; a number framed as a score
#: ("about a six", "call it seven", "I'd give it a four", "I'd give myself a three") and not
#: followed by a noun; or a bare number answer ("Seven." "Six or seven," "Five?", "it matters,
#: six, I'd say"). The person
#: gives a rating to "it" or to themselves: "don't give me two" asks for fewer things.
RATING = re.compile(
    rf"out of (?:ten|10)\b"
    rf"|\b(?:a|an|about|around|maybe|probably|say|solid|only|like|call it|put it at|insist,|"
    rf"give (?:it|myself)(?: about)?(?: a| an)?)\s+{_NUMBER}{_NOT_A_NOUN}"
    rf"|(?:^|[.!?,]\s+){_NUMBER}(?:\s*(?:or|,)\s*{_NUMBER})?[.!?,](?!\d)",
    re.IGNORECASE)
#: A rough size, accepted as an answer to a scaling question ("higher than I'd like").
ROUGH = re.compile(r"\b(?:higher|lower|middling|halfway|half way|not very|not much|pretty high|"
                   r"pretty low|quite high|quite low|low|high|hardly|rock bottom|fifty-fifty)\b",
                   re.IGNORECASE)
#: A coach reply asking for a 0-10 rating (not its follow-up "why a seven and not a three").
SCALING = re.compile(r"\bscale\b|\b(?:0|zero|nought|1|one) to (?:10|ten)\b|out of (?:10|ten)|\b(?:0|zero) is\b|"
                     r"\bhow (?:important|confident)\b", re.IGNORECASE)
FOLLOW_UP = re.compile(r"\bnot (?:a |an )?(?:lower|higher|zero|one|two|three|four|five|six|seven|"
                       r"eight|nine|ten|\d)|rather than|instead of|what makes it|why (?:a|an) ",
                       re.IGNORECASE)
#: A coach reply asking for a count or an amount: a number in the answer is a fact, not a rating.
COUNT = re.compile(r"\bhow (?:many|much|often|old|long)\b|\bwhat time\b", re.IGNORECASE)
CLOSED_START = re.compile(r"^(?:do|does|did|is|are|was|were|have|has|had|can|could|will|would)\b",
                          re.IGNORECASE)
YES = re.compile(r"^(?:yes|yeah|yep|yup|suppose so|i suppose|i do|i have|i am|i did|course|"
                 r"of course|definitely|sometimes|a bit|sort of)\b", re.IGNORECASE)
#: "I don't know" is neither a yes nor a no.
UNSURE = re.compile(r"^(?:i don't know|i'm not sure|not sure)\b", re.IGNORECASE)
NO = re.compile(r"^(?:no|nope|nah|not really|never|i don't|i haven't|i'm not|i didn't|not at all|"
                r"not much)\b", re.IGNORECASE)
#: "Yes, but": a concession then a push back ("I know, I know. But when?", "Yeah, maybe. But
#: then what?"), or the stock push backs ("easier said than done", "tried it").
YES_BUT = re.compile(r"\b(?:yes|yeah|yep|maybe|i know|i hear you|fine|right|okay|ok)\b[^.?!]{0,12}"
                     r"[.,!?]*(?:\s+\w+[.,!?]+){0,2}\s*(?:but|though)\b|easier said than done|easy said|"
                     r"easy (?:for you )?to say|all right for you to say|tried (?:it|that)", re.IGNORECASE)
_STOP = set("""a an the you your yours do does did is are was were have has had can could will
would be been being it its it's i me my to of in on at for with and or but so if that this
there any ever anything something someone anyone much many get got ever at all about how what
who when where why which up out just still now today week""".split())
_WORD = re.compile(r"[a-z']+")


def content(text: str) -> set[str]:
    """A question's content words, crudely stemmed, for matching questions about one fact."""
    words = set()
    for w in _WORD.findall(text.lower()):
        if w in _STOP or len(w) < 3:
            continue
        for end in ("ing", "s"):
            if w.endswith(end) and len(w) > len(end) + 3:
                w = w[: -len(end)]
        words.add(w)
    return words


def words(line: str) -> tuple[str, ...]:
    return tuple(_WORD.findall(line.lower().replace("\u2019", "'")))


@dataclass
class Tally:
    """Figures for one scenario, one style, or everything."""

    lines: int = 0
    stray: int = 0
    scaling: int = 0
    scaled: int = 0
    repeats: int = 0
    contradictions: int = 0
    examples: list[str] = field(default_factory=list)

    def add(self, other: "Tally") -> None:
        for name in ("lines", "stray", "scaling", "scaled", "repeats", "contradictions"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.examples.extend(other.examples)

    def row(self) -> str:
        share = f"{100 * self.scaled / self.scaling:.0f}%" if self.scaling else "-"
        return (f"{self.lines:5d} {self.stray:6d} {self.scaled:4d}/{self.scaling:<4d} {share:>5} "
                f"{self.repeats:7d} {self.contradictions:6d}")


HEADER = "lines  stray  scaling answered  repeats contra"


@dataclass
class Run:
    scenario: str
    style: str
    ended: str | None
    turns: int
    trust: float
    yes_but_turn: int | None
    goal: bool
    tally: Tally


def measure(session: Session, replies: list[str], scenario: str, style: str) -> Run:
    """Play ``replies`` and measure the patient's answers."""
    tally = Tally()
    said: Counter[tuple[str, ...]] = Counter()
    said[words(session.opening.line)] += 1
    facts: list[tuple[set[str], bool, str]] = []
    yes_but = None
    for reply in replies:
        if session.ended:
            break
        result = session.submit(reply)
        line = result.patient.line
        tally.lines += 1
        asks_rating = bool(SCALING.search(reply)) and not FOLLOW_UP.search(reply)
        rated = bool(RATING.search(line))
        if asks_rating:
            tally.scaling += 1
            if rated or ROUGH.search(line):
                tally.scaled += 1
            else:
                tally.examples.append(f"{scenario}/{style} unanswered scale: {reply!r} -> {line!r}")
        elif rated and not COUNT.search(reply):
            tally.stray += 1
            tally.examples.append(f"{scenario}/{style} stray rating: {reply!r} -> {line!r}")
        key = words(line)
        if len(key) >= 5 and said[key]:
            tally.repeats += 1
            tally.examples.append(f"{scenario}/{style} repeat: {line!r}")
        said[key] += 1
        if yes_but is None and YES_BUT.search(line):
            yes_but = result.turn
        if CLOSED_START.match(reply.strip()) and result.coding.has("question.closed"):
            answer = line.strip()
            polarity = (None if UNSURE.match(answer) else True if YES.match(answer)
                        else False if NO.match(answer) else None)
            if polarity is not None:
                topic = content(reply)
                for earlier, answer, question in facts:
                    if topic & earlier and answer != polarity:
                        tally.contradictions += 1
                        tally.examples.append(f"{scenario}/{style} contradiction: {question!r} then "
                                              f"{reply!r} -> {line!r}")
                        break
                facts.append((topic, polarity, reply))
    persona = session.persona
    return Run(scenario, style, persona.ended, len(session.turns), persona.variables["trust"],
               yes_but, persona.ended == "goal_agreed", tally)


#: Walkthrough names mapped to a coaching style by their words, first match wins.
STYLE_WORDS = (("gamer", "rubric_gamer"), ("formula", "rubric_gamer"), ("generic", "generic"),
               ("slip", "slip_and_repair"), ("judg", "judgemental"), ("closed", "closed_question"),
               ("lectur", "lecturing"), ("advice", "lecturing"), ("skilled", "skilled"))


def walkthrough_style(name: str) -> str:
    lowered = name.lower()
    return next((style for word, style in STYLE_WORDS if word in lowered), "other")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", type=Path)
    parser.add_argument("--scripts", type=Path, default=SCRIPTS)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--examples", type=int, default=12, help="problem lines to show")
    args = parser.parse_args(argv)
    files = find_scenarios(args.paths or [paths.SCENARIOS_DIR])
    scripts = {p.stem: [l.strip() for l in p.read_text(encoding="utf-8").splitlines() if l.strip()]
               for p in sorted(args.scripts.glob("*.txt"))}
    coder = Coder(load_rubric("core"))
    runs: list[Run] = []
    for path in files:
        loaded = load_scenario(path)
        name = loaded.scenario.id
        for w in loaded.scenario.walkthroughs:
            session = Session(loaded, coder=coder, seed=w.seed)
            replies = [s.say for s in w.steps if s.say]
            runs.append(measure(session, replies, name, "walk:" + walkthrough_style(w.name)))
        for style, replies in scripts.items():
            session = Session(loaded, coder=coder, seed=args.seed)
            runs.append(measure(session, replies, name, style))

    print(f"{'scenario':28s} {HEADER}")
    overall = Tally()
    by_scenario: dict[str, Tally] = defaultdict(Tally)
    for run in runs:
        by_scenario[run.scenario].add(run.tally)
    for name, tally in by_scenario.items():
        print(f"{name:28s} {tally.row()}")
        overall.add(tally)
    print(f"{'OVERALL':28s} {overall.row()}")

    print(f"\n{'style':24s} {'runs':>4s} {'goal':>4s} {'gone':>4s} {'limit':>5s} {'open':>4s} "
          f"{'turns':>5s} {'trust':>5s} {'yes-but<out':>11s}  {HEADER}")
    by_style: dict[str, list[Run]] = defaultdict(list)
    for run in runs:
        by_style[run.style].append(run)
    for style in sorted(by_style):
        group = by_style[style]
        outcomes = Counter(r.ended for r in group)
        gone = [r for r in group if r.ended == "disengaged"]
        warned = sum(1 for r in gone if r.yes_but_turn is not None)
        tally = Tally()
        for r in group:
            tally.add(r.tally)
        print(f"{style:24s} {len(group):4d} {outcomes['goal_agreed']:4d} {outcomes['disengaged']:4d} "
              f"{outcomes['turn_limit']:5d} {outcomes[None]:4d} "
              f"{statistics.mean(r.turns for r in group):5.1f} "
              f"{statistics.mean(r.trust for r in group):5.1f} "
              f"{warned:>5d}/{len(gone):<5d}  {tally.row()}")
    if args.examples:
        print("\nexamples:")
        for example in overall.examples[: args.examples]:
            print("  " + example)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
