"""Cohort report benchmark: time and peak memory of ``assess`` + the cohort report, at growing sizes.

    .venv/bin/python benchmarks/cohort_bench.py [--sizes 1000,3000,10000] [--seed 7] [--tracemalloc]

For each size, a seeded generator writes that many sessions (about 30 coach replies each, with
the patient's answers between them) to a temporary CSV from phrase templates written for this
benchmark; a fresh process then codes and scores every reply, groups the sessions by trainee and
renders the report (Markdown and HTML, to nowhere). Each run prints wall time, replies per
second and peak RSS (with --tracemalloc also the traced Python heap's peak during the
report); flat memory shows as peaks that do not grow with the input.
Figures only: nothing here fails on time.
"""
from __future__ import annotations

import argparse
import csv
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# Phrase templates (ours). {x} is a topic, {p} a person, {n} a number.
TOPICS = ["the walking", "the tablets", "your sugars", "the smoking", "the drinking",
          "your sleep", "the cooking", "your breathing", "the weight", "the pain",
          "work", "the stairs", "your blood pressure", "the clinic", "the evenings"]
PEOPLE = ["your daughter", "your husband", "your wife", "your son", "the grandchildren",
          "your mum", "your neighbour", "your friend from work"]
COACH = {
    "open": ["What do you make of {x}?", "How do you feel about {x} at the moment?",
             "What would you like to be different about {x}?",
             "Tell me more about how {x} fits into your week.",
             "What matters most to you about {x}?", "what gets in the way with {x}"],
    "closed": ["Do you manage {x} most days?", "Have you talked to {p} about {x}?",
               "How many times a week is {x} a problem?", "Is {x} worse in the mornings?",
               "Are you still doing {x}?"],
    "reflect": ["It sounds like {x} has been hard going.", "So {x} keeps slipping.",
                "You're fed up with {x} being the thing everyone asks about.",
                "Part of you wants to change {x}, and part of you is not sure it is worth it.",
                "It sounds like {p} matters a lot in all this."],
    "affirm": ["You kept going with {x} even in a hard week.",
               "You've been really honest about {x}."],
    "permission": ["Would it be OK if I shared what some people find helps with {x}?"],
    "goal": ["On a scale of 0 to 10, how important is {x} to you?",
             "What might a first step with {x} be?", "How confident are you about {x}, from 0 to 10?"],
    "advice": ["You could try doing {x} after tea.", "Have you tried nicotine patches?",
               "The best thing is to cut down on {x}."],
    "judgement": ["You need to take {x} more seriously.", "You should know better with {x}.",
                  "Your {x} is out of control."],
    "other": ["Okay.", "Right, thanks.", "Mm."],
}
CLIENT = ["I don't know really.", "It's been a rough few weeks with {x}.",
          "{p} keeps on at me about it.", "I tried once, it didn't last.",
          "I suppose I could think about {x}.", "Maybe a {n}, if I'm honest.",
          "Yes.", "No, not really.", "It's just a lot at the moment.",
          "I'd like to be able to keep up with {p}."]
#: Trainee styles: weights over the coach reply kinds above.
STYLES = {
    "skilled": {"open": 4, "closed": 1, "reflect": 10, "affirm": 2, "permission": 1, "goal": 2,
                "advice": 0, "judgement": 0, "other": 1},
    "mixed": {"open": 3, "closed": 4, "reflect": 3, "affirm": 1, "permission": 1, "goal": 1,
              "advice": 2, "judgement": 1, "other": 1},
    "directive": {"open": 1, "closed": 6, "reflect": 1, "affirm": 0, "permission": 0, "goal": 1,
                  "advice": 4, "judgement": 2, "other": 1},
}
TRAINEES = 40
REPLIES_PER_SESSION = (24, 36)


def generate(path: Path, sessions: int, seed: int) -> int:
    """Write ``sessions`` seeded sessions to ``path``; return the number of coach replies."""
    rng = random.Random(seed)
    trainees = [(f"trainee{i:02d}", rng.choice(list(STYLES))) for i in range(TRAINEES)]
    replies = 0
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["session_id", "trainee", "turn", "speaker", "text"])
        for s in range(sessions):
            trainee, style = trainees[rng.randrange(TRAINEES)]
            kinds, weights = zip(*STYLES[style].items())
            turn = 0
            writer.writerow([f"s{s:06d}", trainee, turn, "client", _fill(rng, rng.choice(CLIENT))])
            for _ in range(rng.randint(*REPLIES_PER_SESSION)):
                turn += 1
                kind = rng.choices(kinds, weights)[0]
                writer.writerow([f"s{s:06d}", trainee, turn, "coach",
                                 _fill(rng, rng.choice(COACH[kind]))])
                writer.writerow([f"s{s:06d}", trainee, turn, "client",
                                 _fill(rng, rng.choice(CLIENT))])
                replies += 1
    return replies


def _fill(rng: random.Random, template: str) -> str:
    return template.format(x=rng.choice(TOPICS), p=rng.choice(PEOPLE), n=rng.randint(2, 9))


def child(path: str, trace: bool) -> None:
    """Run the report on one file in this (fresh) process and print its figures as JSON."""
    import tracemalloc

    from simulator.assessing import ScoredSession, assess
    from simulator.cohort import Cohort
    from simulator.render.cohort import report_tables
    from simulator.render.cohort_html import cohort_html
    from simulator.render.tables import markdown
    from simulator.rubric import load_rubric

    rubric = load_rubric("core")
    if trace:
        tracemalloc.start()  # after loading, so the peak is the report's own working memory
    start = time.perf_counter()
    cohort = Cohort.for_rubric(rubric, "fair")
    replies = 0
    for event in assess([path], rubric):
        if isinstance(event, ScoredSession):
            cohort.add(event)
            replies += event.replies
    with open(os.devnull, "w", encoding="utf-8") as sink:
        sink.write(markdown(report_tables(cohort)))
        sink.write(cohort_html(cohort))
    seconds = time.perf_counter() - start
    heap_mib = tracemalloc.get_traced_memory()[1] / 2**20 if trace else None
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    print(json.dumps({"seconds": seconds, "replies": replies, "sessions": cohort.sessions,
                      "trainees": len(cohort.trainees), "below": len(cohort.below()),
                      "peak_mib": peak_kib / 1024, "heap_mib": heap_mib}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,3000,10000",
                        help="comma-separated session counts (default 1000,3000,10000)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--tracemalloc", action="store_true",
                        help="also trace Python allocations (slower): peak heap during the report")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.tracemalloc)
        return
    print(f"{'sessions':>9} {'replies':>9} {'file MB':>8} {'gen s':>7} {'report s':>9} "
          f"{'replies/s':>10} {'peak RSS MiB':>13} {'heap MiB':>9} {'below fair':>11}")
    with tempfile.TemporaryDirectory() as folder:
        for size in (int(s) for s in args.sizes.split(",")):
            path = Path(folder) / f"cohort_{size}.csv"
            start = time.perf_counter()
            generate(path, size, args.seed)
            generated = time.perf_counter() - start
            command = [sys.executable, __file__, "--child", str(path)]
            if args.tracemalloc:
                command.append("--tracemalloc")
            out = subprocess.run(command, check=True, capture_output=True, text=True).stdout
            figures = json.loads(out)
            print(f"{figures['sessions']:>9,} {figures['replies']:>9,} "
                  f"{path.stat().st_size / 1e6:>8.1f} {generated:>7.1f} {figures['seconds']:>9.1f} "
                  f"{figures['replies'] / figures['seconds']:>10,.0f} {figures['peak_mib']:>13.1f} "
                  f"{'-' if figures['heap_mib'] is None else format(figures['heap_mib'], '.1f'):>9} "
                  f"{figures['below']:>4}/{figures['trainees']}", flush=True)
            path.unlink()


if __name__ == "__main__":
    main()
