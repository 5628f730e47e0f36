"""Measure the rubric engine against AnnoMI's human codes (a benchmark, not a test).

    python benchmarks/rubric_annomi.py [--data PATH] [--rubric core] [--unpunctuated] [--errors CODE]
                                       [--draws N] [--sample K]

Prints precision, recall and F1 per code, open/closed accuracy, the AUC of the session score for
high vs low MI-quality sessions, coach replies per second (coding only) and peak memory. Beside
each figure, a 95% interval from resampling whole transcripts (a bootstrap): how far the figure
could move on another set of transcripts like these. ``--sample 46`` sizes each draw like the
held-back set, so the interval shows the spread a held-back check of that size would see. The
data is for measuring only: none of its text belongs in the repository.

What is compared with what (AnnoMI columns, see its README):
- question: question_subtype is open/closed (a question anywhere in the utterance) vs any
  question code;
- open vs closed: on utterances humans coded as questions and we code as a question, whether
  the open/closed call agrees (when both codes fire, the last question in the reply decides:
  it is the one the person answers);
- reflection: reflection_subtype is simple/complex vs any reflection code;
- advice: therapist_input_subtype == advice vs advice.permitted or advice.unsolicited;
- goal: therapist_input_subtype == negotiation vs goal.

Each check is separate, not a mapping of our codes to one main behaviour: AnnoMI's subtype
columns mark every behaviour an annotator saw (a question-main utterance may carry a
reflection_subtype too), so a reply we code as reflection and question is compared on both.
"""
from __future__ import annotations

import argparse
import csv
import random
import re
import resource
import sys
import time
import tracemalloc
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from simulator.rubric import Coder, Conversation, Scorer, load_rubric  # noqa: E402

DEFAULT = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "annomi" / "dev.csv"

CHECKS = {
    "question": (lambda r: r["question_subtype"] in ("open", "closed"),
                 lambda c: c.has("question.open") or c.has("question.closed")),
    "reflection": (lambda r: r["reflection_subtype"] in ("simple", "complex"),
                   lambda c: c.has("reflection.simple") or c.has("reflection.complex")),
    "advice": (lambda r: r["therapist_input_subtype"] == "advice",
               lambda c: c.has("advice.permitted") or c.has("advice.unsolicited")),
    "goal": (lambda r: r["therapist_input_subtype"] == "negotiation", lambda c: c.has("goal")),
}


def read(path: Path) -> dict[str, list[dict]]:
    """Rows grouped by transcript, in utterance order."""
    sessions: dict[str, list[dict]] = defaultdict(list)
    with path.open(newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            sessions[row["transcript_id"]].append(row)
    for rows in sessions.values():
        rows.sort(key=lambda r: int(r["utterance_id"]))
    return sessions


def strip_punctuation(text: str) -> str:
    """Speech-to-text style: lower case, no punctuation."""
    return re.sub(r"[^\w' ]+", " ", text.lower())


def last_question(coding) -> str | None:
    ev = [e for e in coding.evidence if e.code in ("question.open", "question.closed")]
    return max(ev, key=lambda e: e.start).code.split(".")[1] if ev else None


def auc(high: list[float], low: list[float]) -> float:
    """Probability that a high-quality session outscores a low one (ties count half)."""
    if not high or not low:
        return float("nan")
    wins = sum((h > lo) + 0.5 * (h == lo) for h in high for lo in low)
    return wins / (len(high) * len(low))


def f1(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    """Precision, recall and F1 (0 where undefined)."""
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def figures(results: list[dict]) -> dict[str, float]:
    """Every headline figure for a set of per-transcript results."""
    out = {}
    for name in CHECKS:
        out[name] = f1(*(sum(r["tally"][name][i] for r in results) for i in range(3)))[2]
    total = sum(r["oc"][1] for r in results)
    out["open/closed"] = sum(r["oc"][0] for r in results) / total if total else 0.0
    out["AUC"] = auc([r["score"] for r in results if r["quality"] == "high"],
                     [r["score"] for r in results if r["quality"] == "low"])
    return out


def intervals(results: list[dict], draws: int, sample: int) -> dict[str, tuple[float, float]]:
    """95% bootstrap intervals: draw ``sample`` transcripts with replacement, ``draws`` times.

    High and low quality transcripts are drawn separately, in their own proportions, so every
    draw has both and the AUC is defined."""
    rng = random.Random(0)
    high = [r for r in results if r["quality"] == "high"]
    low = [r for r in results if r["quality"] == "low"]
    n_low = max(1, round(sample * len(low) / len(results)))
    seen: dict[str, list[float]] = defaultdict(list)
    for _ in range(draws):
        drawn = rng.choices(high, k=sample - n_low) + rng.choices(low, k=n_low)
        for name, value in figures(drawn).items():
            seen[name].append(value)
    return {name: (sorted(v)[int(0.025 * len(v))], sorted(v)[int(0.975 * len(v)) - 1])
            for name, v in seen.items()}


def traced_peak(rubric_name: str, sessions: dict[str, list[dict]], unpunctuated: bool) -> int:
    """Peak bytes a fresh coder allocates (compiling the rubric, then coding every session).

    A separate pass, because tracing slows everything down."""
    tracemalloc.start()
    coder = Coder(load_rubric(rubric_name))
    for rows in sessions.values():
        conv = Conversation(coder)
        for row in rows:
            text = strip_punctuation(row["utterance_text"]) if unpunctuated else row["utterance_text"]
            (conv.coach if row["interlocutor"] == "therapist" else conv.patient)(text)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak


def run(args: argparse.Namespace) -> None:
    sessions = read(Path(args.data))
    rubric = load_rubric(args.rubric)
    coder = Coder(rubric)
    results: list[dict] = []     # one per transcript: its tallies, so intervals can resample
    errors: list[tuple[str, str, str, str]] = []
    replies = 0
    coding_seconds = 0.0
    for rows in sessions.values():
        conv = Conversation(coder)
        scorer = Scorer(rubric)
        tally = {name: [0, 0, 0] for name in CHECKS}   # tp, fp, fn
        oc = [0, 0]                                      # right, total
        for row in rows:
            text = strip_punctuation(row["utterance_text"]) if args.unpunctuated else row["utterance_text"]
            if row["interlocutor"] != "therapist":
                conv.patient(text)
                continue
            before = time.perf_counter()
            coding = conv.coach(text)
            coding_seconds += time.perf_counter() - before
            replies += 1
            scorer.add(int(row["utterance_id"]), coding)
            for name, (human, ours) in CHECKS.items():
                h, o = human(row), ours(coding)
                tally[name][0] += h and o
                tally[name][1] += o and not h
                tally[name][2] += h and not o
                if args.errors == name and h != o:
                    errors.append(("FN" if h else "FP", name, row["utterance_text"], " ".join(coding.codes)))
            if row["question_subtype"] in ("open", "closed"):
                ours_q = last_question(coding)
                if ours_q is not None:
                    oc[1] += 1
                    oc[0] += ours_q == row["question_subtype"]
                    if args.errors == "openclosed" and ours_q != row["question_subtype"]:
                        errors.append((row["question_subtype"], "openclosed", row["utterance_text"],
                                       " ".join(coding.codes)))
        results.append({"tally": tally, "oc": oc, "score": scorer.result().score,
                        "quality": rows[0]["mi_quality"]})
    peak = traced_peak(args.rubric, sessions, args.unpunctuated)
    sample = args.sample or len(results)
    spread = intervals(results, args.draws, sample) if args.draws else {}

    def band(name: str) -> str:
        low, high = spread.get(name, (None, None))
        return f"  [{low:.3f}-{high:.3f}]" if low is not None else ""

    print(f"data: {args.data} ({len(sessions)} sessions, {replies} coach replies)"
          + (" [unpunctuated, lower case]" if args.unpunctuated else ""))
    if spread:
        print(f"[95% interval: {args.draws} draws of {sample} transcripts, resampled]")
    print(f"{'code':<12}{'precision':>10}{'recall':>8}{'F1':>7}{'human':>7}")
    for name in CHECKS:
        tp, fp, fn = (sum(r["tally"][name][i] for r in results) for i in range(3))
        p, r, f = f1(tp, fp, fn)
        print(f"{name:<12}{p:>10.3f}{r:>8.3f}{f:>7.3f}{tp + fn:>7}{band(name)}")
    oc_right, oc_total = (sum(r["oc"][i] for r in results) for i in range(2))
    print(f"open/closed accuracy: {oc_right / oc_total if oc_total else 0:.3f}{band('open/closed')} "
          f"(on {oc_total} human questions we also code as questions)")
    high = [r["score"] for r in results if r["quality"] == "high"]
    low = [r["score"] for r in results if r["quality"] == "low"]
    print(f"session score AUC (high vs low MI quality): {auc(high, low):.3f}{band('AUC')} "
          f"(mean score high {sum(high) / max(1, len(high)):.1f}, low {sum(low) / max(1, len(low)):.1f})")
    print(f"speed: {replies / coding_seconds:,.0f} coach replies/second (coding only, one process)")
    print(f"peak memory: {peak / 1e6:.1f} MB allocated by a fresh coder (tracemalloc), "
          f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB max RSS of the process")
    for kind, name, text, codes in errors[: args.limit]:
        print(f"{kind:<7}{name:<11}{codes:<45}| {text[:160]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=str(DEFAULT.resolve()), help="AnnoMI-format CSV")
    parser.add_argument("--rubric", default="core")
    parser.add_argument("--unpunctuated", action="store_true", help="strip punctuation and capitals first")
    parser.add_argument("--errors", choices=[*CHECKS, "openclosed"], help="list disagreements for tuning")
    parser.add_argument("--limit", type=int, default=60)
    parser.add_argument("--draws", type=int, default=1000, help="bootstrap draws (0: no intervals)")
    parser.add_argument("--sample", type=int, default=0,
                        help="transcripts per draw (default: as many as the data has)")
    run(parser.parse_args())


if __name__ == "__main__":
    main()
