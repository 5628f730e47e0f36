"""Measure the rubric engine against AnnoMI's human codes (a benchmark, not a test).

    python benchmarks/rubric_annomi.py [--data PATH] [--rubric core] [--check] [--unpunctuated]
                                       [--errors CODE] [--draws N] [--sample K] [--memory]

The dev file is split once, by transcript, into a tuning part and a checking part (stratified by
MI quality; which part a transcript falls in is fixed by a hash of its id, so the split never
moves). Rules are developed on the tuning part only; a change is kept when it also helps, or does
not hurt, the checking part. The benchmark prints every figure for both parts and the gap between
them, for the punctuated text and for a speech-to-text copy (lower case, no punctuation);
``--check`` prints the checking part only. ``--errors CODE`` lists disagreements from the tuning
part only, so the checking part is never read while writing rules.

What is compared with what (AnnoMI columns, see its README):
- question: question_subtype is open/closed (a question anywhere in the utterance) vs any
  question code;
- open/closed (every question): over every utterance humans coded open or closed, whether our
  call agrees; a question we do not see counts as wrong, and where we code both, open counts.
  This is how the held-back check measures it;
- open/closed (seen): the old figure, only on human questions we also code as questions, the
  last question in the reply deciding (it is the one the person answers);
- reflection: reflection_subtype is simple/complex vs any reflection code;
- advice: therapist_input_subtype == advice vs advice.permitted or advice.unsolicited;
- goal: therapist_input_subtype == negotiation vs goal;
- AUC: the session score, high vs low MI-quality sessions.

Transcripts 7, 27, 56 and 109 were coded by ten annotators; the dev file holds only their
majority label, so the "10-annotator" column is the figure on majority labels, and no
per-annotator figure can be computed from this file. AnnoMI carries no MI-inconsistent label
(MITI's confront, persuade without permission), so the nearest the data allows is printed: how
often the engine finds MI-non-adherent replies in low- vs high-quality sessions, and the AUC of
that rate (a proxy, not agreement with a human code). The data is for measuring only: none of its
text belongs in the repository.
"""
from __future__ import annotations

import argparse
import csv
import hashlib
import os
import random
import re
import resource
import sys
import time
import tracemalloc
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from simulator.codes import MI_NON_ADHERENT  # noqa: E402
from simulator.rubric import Coder, Conversation, Scorer, load_rubric  # noqa: E402

_HERE = Path(__file__).resolve().parents[1]
#: Where the dev file sits beside a checkout (a worktree is one folder deeper than the main copy).
CANDIDATES = [Path(os.environ.get("COACHSIM_ANNOMI", "/nonexistent")),
              _HERE.parent / "shared" / "data" / "annomi" / "dev.csv",
              _HERE.parent.parent / "shared" / "data" / "annomi" / "dev.csv"]
DEFAULT = next((p for p in CANDIDATES if p.is_file()), CANDIDATES[1])
#: Changing this salt would move transcripts between parts: never change it.
SPLIT_SALT = "coachsim-annomi-split-1"

CHECKS = {
    "question": (lambda r: r["question_subtype"] in ("open", "closed"),
                 lambda c: c.has("question.open") or c.has("question.closed")),
    "reflection": (lambda r: r["reflection_subtype"] in ("simple", "complex"),
                   lambda c: c.has("reflection.simple") or c.has("reflection.complex")),
    "advice": (lambda r: r["therapist_input_subtype"] == "advice",
               lambda c: c.has("advice.permitted") or c.has("advice.unsolicited")),
    "goal": (lambda r: r["therapist_input_subtype"] == "negotiation", lambda c: c.has("goal")),
}
OC_ALL = "open/closed (every question)"
OC_SEEN = "open/closed (seen, old)"
FIGURES = [*CHECKS, OC_ALL, OC_SEEN, "AUC"]


def read(path: Path) -> dict[str, list[dict]]:
    """Rows grouped by transcript, in utterance order."""
    sessions: dict[str, list[dict]] = defaultdict(list)
    with path.open(newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            sessions[row["transcript_id"]].append(row)
    for rows in sessions.values():
        rows.sort(key=lambda r: int(r["utterance_id"]))
    return sessions


def split(sessions: dict[str, list[dict]]) -> dict[str, str]:
    """Transcript id -> "tuning" or "checking": half of each MI-quality stratum, by a fixed hash."""
    part: dict[str, str] = {}
    by_quality: dict[str, list[str]] = defaultdict(list)
    for tid, rows in sessions.items():
        by_quality[rows[0]["mi_quality"]].append(tid)
    for ids in by_quality.values():
        ids.sort(key=lambda tid: hashlib.sha256(f"{SPLIT_SALT}:{tid}".encode()).hexdigest())
        for i, tid in enumerate(ids):
            part[tid] = "tuning" if i % 2 == 0 else "checking"
    return part


def strip_punctuation(text: str) -> str:
    """Speech-to-text style: lower case, no punctuation."""
    return re.sub(r"[^\w' ]+", " ", text.lower())


def last_question(coding) -> str | None:
    """open/closed of the reply's last question (the one the person answers), or None."""
    ev = [e for e in coding.evidence if e.code in ("question.open", "question.closed")]
    return max(ev, key=lambda e: e.start).code.split(".")[1] if ev else None


def any_question(coding) -> str | None:
    """open when the reply carries an open question, else closed when a closed one, else None."""
    if coding.has("question.open"):
        return "open"
    return "closed" if coding.has("question.closed") else None


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
    for name, key in ((OC_ALL, "oc_all"), (OC_SEEN, "oc_seen")):
        total = sum(r[key][1] for r in results)
        out[name] = sum(r[key][0] for r in results) / total if total else float("nan")
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


def traced_peak(rubric_name: str, sessions: dict[str, list[dict]]) -> int:
    """Peak bytes a fresh coder allocates (compiling the rubric, then coding every session).

    A separate pass, because tracing slows everything down."""
    tracemalloc.start()
    coder = Coder(load_rubric(rubric_name))
    for rows in sessions.values():
        conv = Conversation(coder)
        for row in rows:
            (conv.coach if row["interlocutor"] == "therapist" else conv.patient)(row["utterance_text"])
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak


def code_all(coder: Coder, rubric, sessions: dict[str, list[dict]], unpunctuated: bool,
             errors_for: str | None, tuning: set[str]) -> tuple[dict[str, dict], list, float, int]:
    """Code every session; per-transcript tallies, the tuning part's disagreements, timing."""
    results: dict[str, dict] = {}
    errors: list[tuple[str, str, str, str]] = []
    replies = 0
    seconds = 0.0
    for tid, rows in sessions.items():
        conv = Conversation(coder)
        scorer = Scorer(rubric)
        tally = {name: [0, 0, 0] for name in CHECKS}   # tp, fp, fn
        oc_seen, oc_all = [0, 0], [0, 0]                 # right, total
        non_adherent = 0
        listing = errors_for is not None and tid in tuning
        for row in rows:
            text = strip_punctuation(row["utterance_text"]) if unpunctuated else row["utterance_text"]
            if row["interlocutor"] != "therapist":
                conv.patient(text)
                continue
            before = time.perf_counter()
            coding = conv.coach(text)
            seconds += time.perf_counter() - before
            replies += 1
            scorer.add(int(row["utterance_id"]), coding)
            non_adherent += bool(set(coding.codes) & MI_NON_ADHERENT)
            for name, (human, ours) in CHECKS.items():
                h, o = human(row), ours(coding)
                tally[name][0] += h and o
                tally[name][1] += o and not h
                tally[name][2] += h and not o
                if listing and errors_for == name and h != o:
                    errors.append(("FN" if h else "FP", name + ("/u" if unpunctuated else ""),
                                   row["utterance_text"], " ".join(coding.codes)))
            gold = row["question_subtype"]
            if gold in ("open", "closed"):
                ours_any = any_question(coding)
                oc_all[1] += 1
                oc_all[0] += ours_any == gold
                ours_last = last_question(coding)
                if ours_last is not None:
                    oc_seen[1] += 1
                    oc_seen[0] += ours_last == gold
                if listing and errors_for == "openclosed" and ours_any != gold:
                    errors.append((gold, "openclosed" + ("/u" if unpunctuated else ""), row["utterance_text"],
                                   " ".join(coding.codes)))
        results[tid] = {"tally": tally, "oc_seen": oc_seen, "oc_all": oc_all,
                        "score": scorer.result().score, "quality": rows[0]["mi_quality"],
                        "replies": sum(r["interlocutor"] == "therapist" for r in rows),
                        "non_adherent": non_adherent, "annotators": rows[0]["annotators"]}
    return results, errors, seconds, replies


def non_adherence(results: list[dict]) -> str:
    """The MI-inconsistent proxy: non-adherent replies per 100 in low vs high sessions, and the AUC."""
    rates = {q: [100 * r["non_adherent"] / max(1, r["replies"]) for r in results if r["quality"] == q]
             for q in ("high", "low")}
    mean = {q: sum(v) / len(v) if v else float("nan") for q, v in rates.items()}
    return (f"per 100 replies: low {mean['low']:.1f}, high {mean['high']:.1f}; "
            f"AUC low above high {auc(rates['low'], rates['high']):.3f}")


def table(label: str, groups: dict[str, list[dict]], gap: bool) -> None:
    """One block of figures: a column per group, and the tuning/checking gap."""
    values = {name: figures(results) for name, results in groups.items()}
    columns = list(groups) + (["gap"] if gap else [])
    print(f"\n{label}")
    print(f"{'measure':<30}" + "".join(f"{c:>13}" for c in columns))
    for name in FIGURES:
        row = [values[g][name] for g in groups]
        if gap:
            row.append(abs(values["tuning"][name] - values["checking"][name]))
        print(f"{name:<30}" + "".join(f"{v:>13.3f}" for v in row))
    sizes = "".join(f"{len(r):>13}" for r in groups.values())
    print(f"{'transcripts':<30}{sizes}")
    for name, results in groups.items():
        print(f"  MI-non-adherent proxy, {name}: {non_adherence(results)}")


def run(args: argparse.Namespace) -> None:
    sessions = read(Path(args.data))
    rubric = load_rubric(args.rubric)
    coder = Coder(rubric)
    part = split(sessions)
    tuning = {tid for tid, p in part.items() if p == "tuning"}
    print(f"data: {args.data} ({len(sessions)} transcripts: {len(tuning)} tuning, "
          f"{len(sessions) - len(tuning)} checking; split by a fixed hash within each MI quality)")
    print("10-annotator: transcripts 7, 27, 56, 109 on their majority labels (the file holds no "
          "per-annotator labels, so no per-annotator figure can be computed)")
    modes = [True] if args.unpunctuated else [False, True]
    all_errors: list = []
    for unpunctuated in modes:
        results, errors, seconds, replies = code_all(coder, rubric, sessions, unpunctuated,
                                                     args.errors, tuning)
        all_errors.extend(errors)
        by_part = {p: [r for tid, r in results.items() if part[tid] == p] for p in ("tuning", "checking")}
        label = "unpunctuated, lower case" if unpunctuated else "punctuated"
        if args.check:
            groups = {"checking": by_part["checking"]}
        else:
            groups = {**by_part, "all": list(results.values()),
                      "10-annotator": [r for r in results.values() if r["annotators"] != "1"]}
        table(f"[{label}] ({replies} coach replies)", groups, gap=not args.check)
        if args.draws:
            shown = by_part["checking"]
            spread = intervals(shown, args.draws, args.sample or len(shown))
            print(f"  95% interval, checking part ({args.draws} draws of {args.sample or len(shown)} "
                  "transcripts): " + ", ".join(f"{k} {lo:.3f}-{hi:.3f}" for k, (lo, hi) in spread.items()))
        if not args.check:
            print(f"  speed: {replies / seconds:,.0f} coach replies/second (coding only, one process)")
    if args.memory:
        peak = traced_peak(args.rubric, sessions)
        print(f"peak memory: {peak / 1e6:.1f} MB allocated by a fresh coder (tracemalloc), "
              f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB max RSS of the process")
    for kind, name, text, codes in all_errors[: args.limit]:
        print(f"{kind:<7}{name:<11}{codes:<45}| {text[:160]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=str(DEFAULT), help="AnnoMI-format CSV")
    parser.add_argument("--rubric", default="core")
    parser.add_argument("--check", action="store_true", help="print the checking part only")
    parser.add_argument("--unpunctuated", action="store_true",
                        help="only the unpunctuated, lower-cased copy (both are printed by default)")
    parser.add_argument("--errors", choices=[*CHECKS, "openclosed"],
                        help="list disagreements on the tuning part, for tuning")
    parser.add_argument("--limit", type=int, default=60)
    parser.add_argument("--draws", type=int, default=0, help="bootstrap draws on the checking part (0: none)")
    parser.add_argument("--sample", type=int, default=0,
                        help="transcripts per draw (default: as many as the checking part has)")
    parser.add_argument("--memory", action="store_true", help="also trace peak memory (a third pass)")
    run(parser.parse_args())


if __name__ == "__main__":
    main()
