"""Facilitator view benchmark: how long one refresh of the lead's tables takes as the room grows.

    .venv/bin/python benchmarks/room_bench.py [--people 10,30,60] [--sessions 3] [--replies 12]

Builds a room in a temporary folder: each participant gets their own store with finished
sessions of the bundled alcohol scenario (replies from a few phrases written for this
benchmark) and a status file, as their tabs would write them. Then times what the lead's
screen reads every 2 seconds (presence, drill results, the per-skill debrief, shared
sessions), as the median of 5 refreshes. Figures only: nothing here fails on time.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from simulator import paths  # noqa: E402
from simulator.room import Room  # noqa: E402
from simulator.rubric import Coder, load_rubric  # noqa: E402
from simulator.scenario import load_scenario  # noqa: E402
from simulator.session import Session  # noqa: E402

REPLIES = ["What brings you here today?", "It sounds like the evenings are hard.",
           "How do you feel about the drinking at the moment?",
           "You want to decide this for yourself.", "What would you like to be different?"]


def build(folder: Path, people: int, sessions: int, replies: int, coder, rubric, scenario) -> Room:
    room = Room(folder)
    for n in range(people):
        participant = room.join(f"{n:032x}", f"Participant {n}")
        with participant.store() as store:
            for s in range(sessions):
                session = Session(scenario, rubric=rubric, coder=coder, seed=n * 100 + s,
                                  recorder=store)
                for r in range(replies):
                    if session.ended:
                        break
                    session.submit(REPLIES[(n + r) % len(REPLIES)])
                session.finish()
            store.share(store.finished()[0].id)
        room.report(participant, "scenario: alcohol", 40, "fair", replies)
    return room


def refresh(room: Room) -> float:
    start = time.perf_counter()
    room.presence()
    room.drills()
    room.debrief()
    room.shared()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", default="10,30,60")
    parser.add_argument("--sessions", type=int, default=3)
    parser.add_argument("--replies", type=int, default=12)
    args = parser.parse_args()
    rubric = load_rubric("core")
    coder = Coder(rubric)
    scenario = load_scenario(paths.SCENARIOS_DIR / "alcohol_cutting_down.yaml")
    for people in (int(p) for p in args.people.split(",")):
        with tempfile.TemporaryDirectory() as tmp:
            room = build(Path(tmp) / "room", people, args.sessions, args.replies, coder, rubric,
                         scenario)
            times = [refresh(room) for _ in range(5)]
            print(f"{people:4d} participants x {args.sessions} sessions: one refresh of the "
                  f"lead's view {statistics.median(times) * 1000:7.1f} ms (median of 5)")


if __name__ == "__main__":
    main()
