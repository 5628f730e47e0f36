"""Persona benchmark: scenario load time, and the time of one persona step.

    .venv/bin/python benchmarks/persona_bench.py [--steps 100000] [--seed 0] [PATH...]

Loads every scenario in scenarios/ (or the test fixtures if there are none yet, or the given
files or folders) and prints each load time; then steps personas STEPS times in total (a new
persona whenever a session ends), each step a random set of codes and a reply made of the
scenario's own words (some misspelt) and often a topic phrase, and prints the mean and 99th-percentile step time. Targets: load < 50 ms per
scenario, p99 step < 0.2 ms. Figures only: nothing here fails on time.
"""
from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from simulator import paths  # noqa: E402
from simulator.codes import CODES  # noqa: E402
from simulator.persona import Persona, normalise  # noqa: E402
from simulator.scenario import LoadedScenario, find_scenarios, load_scenario  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures" / "scenarios"
def vocabulary(loaded: LoadedScenario) -> list[str]:
    """Words for made-up replies: every word the scenario's person can say (hundreds)."""
    from simulator.scenario.checks import line_pools

    return sorted({w for _, lines in line_pools(loaded.scenario) for line in lines
                   for w in normalise(line)})


def typo(rng: random.Random, word: str) -> str:
    i = rng.randrange(len(word))
    return word[:i] + word[i + 1:]


def reply_text(rng: random.Random, words: list[str], loaded: LoadedScenario, state: str) -> str:
    """5-20 of the scenario's words, some misspelt, often with a topic phrase of the state."""
    reply = [typo(rng, w) if len(w) > 5 and rng.random() < 0.1 else w
             for w in rng.choices(words, k=rng.randint(5, 20))]
    topics = loaded.scenario.states[state].topics
    if topics and rng.random() < 0.6:
        phrase = rng.choice(rng.choice(topics).match)
        if len(phrase) > 5 and rng.random() < 0.3:
            phrase = typo(rng, phrase)
        reply.insert(rng.randrange(len(reply) + 1), phrase)
    return " ".join(reply)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*")
    parser.add_argument("--steps", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    files = find_scenarios(args.paths or [paths.SCENARIOS_DIR if any(paths.SCENARIOS_DIR.glob("*.y*ml"))
                                          else FIXTURES])
    loaded = []
    print("load (ms): first, median of 5  (target < 50 ms)")
    for path in files:
        runs = []
        for _ in range(5):
            start = time.perf_counter()
            scenario = load_scenario(path)
            runs.append((time.perf_counter() - start) * 1000)
        loaded.append(scenario)
        print(f"  {runs[0]:7.2f} {statistics.median(runs):7.2f}  {path.name}")

    words = {id(scenario): vocabulary(scenario) for scenario in loaded}
    rng = random.Random(args.seed)
    times: list[float] = []
    cpu: list[float] = []
    sessions = 0
    persona = None
    while len(times) < args.steps:
        if persona is None or persona.ended:
            scenario = rng.choice(loaded)
            persona = Persona(scenario, rng.randrange(1 << 30))
            persona.open()
            sessions += 1
        codes = rng.sample(CODES, rng.choice((1, 1, 1, 2, 2, 3)))
        text = reply_text(rng, words[id(scenario)], scenario, persona.state)
        start, cpu_start = time.perf_counter(), time.thread_time()
        persona.react(codes, text)
        times.append(time.perf_counter() - start)
        cpu.append(time.thread_time() - cpu_start)
    print(f"step: {len(times):,} steps over {sessions:,} sessions (target: p99 < 0.2 ms)")
    for name, values in (("wall", times), ("cpu", cpu)):
        # CPU time leaves out waits for a core, which a busy shared machine adds to wall time.
        values.sort()
        print(f"  {name}: mean {statistics.fmean(values) * 1000:.4f} ms, "
              f"p50 {values[len(values) // 2] * 1000:.4f} ms, "
              f"p99 {values[int(len(values) * 0.99)] * 1000:.4f} ms, max {values[-1] * 1000:.3f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
