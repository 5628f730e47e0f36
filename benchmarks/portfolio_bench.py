"""Portfolio benchmark: time and peak memory of ``coachsim portfolio`` at growing store sizes.

    .venv/bin/python benchmarks/portfolio_bench.py [--sizes 250,500,1000] [--seed 7]

For each size a seeded generator fills a temporary practice store with that many finished
sessions: journeys of the bundled journey scenarios, about ten coded replies each (replies
drawn from a few lines written for this benchmark, coded once by the real rubric), a reflection,
a care plan and an activation estimate on each. A fresh process then builds the portfolio and
renders it as Markdown and HTML. Each run prints wall time, sessions per second, the traced
Python heap's peak during the build and peak RSS; flat memory shows as peaks that do not grow
with the sessions. Figures only: nothing here fails on time.
"""
from __future__ import annotations

import argparse
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

REPLIES = [
    "What would you like to talk about today?", "How have things been since we last met?",
    "So the evenings are easier, and work is where it gets hard.",
    "You kept going through a hard fortnight. That took real determination.",
    "Part of you wants to change this, and part of you is not sure it is worth it.",
    "Do you do it every day?", "You should really take this more seriously.",
    "I think the best thing is to set a date and stop completely.",
    "Would it be OK if I shared what some people find helps?",
    "What might a first step be, if you choose one?", "It's your decision what you do next.",
]


def fill(folder: Path, sessions: int, seed: int) -> None:
    """Write ``sessions`` finished sessions (whole journeys where they fit) into a store."""
    from simulator.journey import begin_appointment, carry_over
    from simulator.reflections import Reflection
    from simulator.rubric import Coder, load_rubric
    from simulator.scenario import bundled_scenarios
    from simulator.scenario.appointments import appointment_count
    from simulator.store import Store

    rng = random.Random(seed)
    coder = Coder(load_rubric("core"))
    coded = [coder.code(text) for text in REPLIES]
    journeys = [s for s in bundled_scenarios() if appointment_count(s) > 1]
    written = 0
    with Store(folder) as store:
        while written < sessions:
            loaded = rng.choice(journeys)
            previous, first = None, None
            month = rng.randrange(1, 13)
            for number in range(1, appointment_count(loaded) + 1):
                if written >= sessions:
                    break
                started = f"2026-{month:02d}-{rng.randrange(1, 28):02d}T10:00:00+00:00"
                session = begin_appointment(loaded, number, previous, coder=coder, seed=written,
                                            recorder=store, journey=first, started_at=started)
                session_id = store.current
                first = first or session_id
                for _ in range(10):
                    if session.ended:
                        break
                    coding = rng.choice(coded)
                    session.apply(coding, coding.text)
                session.finish()
                previous = carry_over(session)
                store.save_note(session_id, "carried_out", previous.to_dict())
                store.save_note(session_id, "reflection", Reflection(
                    went_well="I reflected before asking", differently="Ask permission first",
                    supervision=f"session {written}: repairing a goal I set").model_dump())
                store.save_note(session_id, "plan", {
                    "fields": {"goal": "ring the chemist on Monday", "first_step": "find the number"},
                    "checks": [{"field": "goal", "ok": True, "note": "theirs"}]})
                written += 1


def measure(folder: Path) -> None:
    """In this process: build and render the portfolio, printing time and memory."""
    import tracemalloc

    from simulator.portfolio import build
    from simulator.render.portfolio import render
    from simulator.rubric import load_rubric
    from simulator.store import Store

    rubric = load_rubric("core")
    tracemalloc.start()
    began = time.perf_counter()
    with Store(folder) as store:
        portfolio = build(store, rubric, {})
        sizes = [len(render(portfolio, fmt)) for fmt in ("markdown", "html")]
    seconds = time.perf_counter() - began
    _, peak = tracemalloc.get_traced_memory()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{portfolio.sessions:>6} sessions  {seconds:6.2f} s  "
          f"{portfolio.sessions / seconds:7.0f} sessions/s  heap peak {peak / 2**20:5.1f} MiB  "
          f"RSS peak {rss:6.1f} MiB  ({sizes[0] // 1024} KiB Markdown, {sizes[1] // 1024} KiB HTML)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="250,500,1000")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--measure", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        measure(Path(args.measure))
        return
    for size in (int(s) for s in args.sizes.split(",")):
        with tempfile.TemporaryDirectory() as folder:
            fill(Path(folder), size, args.seed)
            subprocess.run([sys.executable, __file__, "--measure", folder], check=True)


if __name__ == "__main__":
    main()
