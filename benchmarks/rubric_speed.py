"""Speed and memory of the rubric engine on a large transcript file (a benchmark, not a test).

    python benchmarks/rubric_speed.py [--replies 100000] [--keep FILE] [--speech [--repetitive]]

Writes a CSV transcript of ``--replies`` coach replies (with a patient turn before each), made
from sentences of our own, then streams it through ``simulator.assessing.assess`` (read, code,
score, session by session) and reports replies per second, how many processes coded (assess
uses one per core on a file this large) and the peak memory of this process and of a worker. The
coding rate alone (one process, one core) is measured in memory on the same kind of turns.

``--speech`` writes speech-to-text-like turns instead: lower case, no punctuation, and now and
then one coach turn split over two consecutive rows, as a recogniser cuts a speaker's turn into
segments. The turns are composed from clause templates with slot fillers
(``benchmarks/speech_turns.py``): one to four clauses of every kind a coach says (questions,
reflections, affirmations, advice, scaling questions, summaries, information), or a filler
alone ("mm-hmm", "okay"). About one coach turn in five is an exact repeat of an earlier one,
as in real transcripts (mostly the fillers); the share is printed, since the coder keeps what a
reply's words alone decide for recent texts and repeats are cheaper. ``--repetitive`` writes the
older file instead, one to four sentences drawn from two short lists (most coach turns repeat),
to compare with earlier figures. The target is 10,000 replies a second on the varied file.
"""
from __future__ import annotations

import argparse
import csv
import os
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.speech_turns import coach_turn, patient_turn  # noqa: E402
from simulator.rubric import Coder, Conversation, load_rubric  # noqa: E402

COACH = [
    "What would you like to be different?", "So you've tried to stop before and it never lasts.",
    "It sounds like part of you wants to change, and part of you is tired of trying.",
    "How many cigarettes a day?", "Do you take the tablets every day?",
    "You need to cut down.", "Have you tried nicotine patches?", "Tell me more about that.",
    "Would it be OK if I shared what others have found helpful?", "It's entirely your call.",
    "On a scale of 0 to 10, how important is this to you?", "You kept going even in a hard week.",
    "mm-hmm", "okay so you feel tired all the time what would help",
    "I'm just worried you're being lazy about it.", "What might a first step be?",
    "The clinic runs on Tuesdays and you can just drop in.", "Yeah?",
    "So far you've told me about work, the grandchildren, and your knees. What have I missed?",
]
PATIENT = [
    "I've tried to stop before, it never lasts.", "My daughter keeps on at me about it.",
    "I don't know, it's just how I unwind after work.", "Yes.", "About twenty a day.",
    "What should I do then?", "I suppose I'd like to be able to play with the grandkids.",
    "It's hard when everyone around me smokes.", "Mm.", "Maybe a six.",
]


def write_file(path: Path, replies: int, per_session: int = 40, seed: int = 1) -> None:
    rng = random.Random(seed)
    with path.open("w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(["session_id", "turn", "speaker", "text"])
        for n in range(replies):
            session = f"s{n // per_session:05d}"
            turn = 2 * (n % per_session)
            out.writerow([session, turn, "client", rng.choice(PATIENT)])
            out.writerow([session, turn + 1, "coach", rng.choice(COACH)])


def _spoken(text: str) -> str:
    """How a recogniser writes it: lower case, no punctuation."""
    return " ".join("".join(c if c.isalnum() or c in "' " else " " for c in text.lower()).split())


def speech_turn(rng: random.Random, sentences: list[str], most: int = 4) -> str:
    """One long speech-to-text turn of the repetitive file: one to ``most`` sentences run together."""
    return " ".join(_spoken(rng.choice(sentences)) for _ in range(rng.randint(1, most)))


def turn_makers(repetitive: bool = False):
    """``(patient, coach)``: each makes one speech-to-text-like turn from a random generator."""
    if repetitive:
        return (lambda rng: speech_turn(rng, PATIENT)), (lambda rng: speech_turn(rng, COACH))
    return patient_turn, coach_turn


def write_speech_file(path: Path, replies: int, per_session: int = 40, seed: int = 1,
                      repetitive: bool = False) -> None:
    """Long unpunctuated turns; one long coach turn in five is cut into two consecutive rows."""
    rng = random.Random(seed)
    patient_says, coach_says = turn_makers(repetitive)
    with path.open("w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(["session_id", "turn", "speaker", "text"])
        turn = written = 0
        session = 0
        while written < replies:
            if written and written % per_session == 0:
                session += 1
            sid = f"s{session:05d}"
            out.writerow([sid, turn, "client", patient_says(rng)])
            turn += 1
            words = coach_says(rng).split()
            if len(words) > 6 and rng.random() < 0.2 and written + 2 <= replies:
                cut = rng.randint(2, len(words) - 2)
                out.writerow([sid, turn, "coach", " ".join(words[:cut])])
                out.writerow([sid, turn + 1, "coach", " ".join(words[cut:])])
                turn += 2
                written += 2
            else:
                out.writerow([sid, turn, "coach", " ".join(words)])
                turn += 1
                written += 1


def repeat_share(path: Path) -> tuple[float, float]:
    """The share of coach rows that repeat an earlier coach row exactly, and their mean words."""
    seen: set[str] = set()
    rows = repeats = words = 0
    with path.open(newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["speaker"] != "coach":
                continue
            rows += 1
            repeats += row["text"] in seen
            words += len(row["text"].split())
            seen.add(row["text"])
    return repeats / max(rows, 1), words / max(rows, 1)


def coding_rate(n: int = 30_000, speech: bool = False, repetitive: bool = False) -> float:
    """Coach replies coded per second in one process (only the coding is timed); with
    ``speech``, on long speech-to-text-like turns, as the ``--speech`` file holds (the older
    repetitive ones with ``repetitive``)."""
    coder = Coder(load_rubric("core"))
    conv = Conversation(coder)
    rng = random.Random(2)
    if speech:
        patient_says, coach_says = turn_makers(repetitive)
        pairs = [(patient_says(rng), coach_says(rng)) for _ in range(n)]
    else:
        pairs = [(rng.choice(PATIENT), rng.choice(COACH)) for _ in range(n)]
    elapsed = 0.0
    for patient, coach in pairs:
        conv.patient(patient)
        start = time.perf_counter()
        conv.coach(coach)
        elapsed += time.perf_counter() - start
    return n / elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--replies", type=int, default=100_000)
    parser.add_argument("--keep", help="write the generated CSV here and keep it")
    parser.add_argument("--speech", action="store_true",
                        help="long speech-to-text-like turns (no punctuation, split turns)")
    parser.add_argument("--repetitive", action="store_true",
                        help="with --speech: the older file of sentences from two short lists")
    args = parser.parse_args()
    print(f"coding only: {coding_rate():,.0f} coach replies/second")
    if args.speech:
        # The turns assess reads below: how much of its time is the coding itself.
        rate = coding_rate(speech=True, repetitive=args.repetitive)
        print(f"coding only, speech-to-text-like turns: {rate:,.0f} coach replies/second")
    from simulator.assessing import CodedReply, assess, worker_count

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(args.keep) if args.keep else Path(tmp) / "big.csv"
        if args.speech:
            write_speech_file(path, args.replies, repetitive=args.repetitive)
            share, words = repeat_share(path)
            print(f"coach rows repeating an earlier one exactly: {share:.0%} "
                  f"(mean {words:.1f} words a row)")
        else:
            write_file(path, args.replies)
        size = path.stat().st_size
        workers = worker_count([path])
        start = time.perf_counter()
        replies = sum(isinstance(event, CodedReply) for event in assess([path], load_rubric("core")))
        elapsed = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    # The largest of the worker processes (each holds its own coder); none when coded here.
    worker_peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    kind = ("repetitive " if args.repetitive else "varied ") + "speech-to-text-like " if args.speech else ""
    print(f"assess on a {size / 1e6:.1f} MB {kind}file of {replies:,} coach replies: {elapsed:.1f} s, "
          f"{replies / elapsed:,.0f} replies/second (read, code and score; "
          f"{workers} coding process{'es' if workers > 1 else ''} on {os.cpu_count()} cores)")
    print(f"peak memory (max RSS of the whole process): {peak:.0f} MB")
    if workers > 1:
        print(f"peak memory of a worker process (max RSS): {worker_peak:.0f} MB")


if __name__ == "__main__":
    main()
