"""Practice app benchmark: start-up, reply latency, memory after a long session.

    .venv/bin/python benchmarks/app_bench.py [--runs 7] [--replies 400] [--startup-only]

1. Start-up to the first screen (headless ``run_test``), beside a minimal Textual app in the
   same process: RUNS interleaved runs after a warm-up, median and best; the very first start
   (the store is created) and a usual one (the store exists). Target: at most 1.5x the
   minimal app.
2. Reply to patient answer, coding and the SQLite commit included: Session + Store directly,
   and through the app (the handler's time, and the whole key-press round trip with Pilot).
   Target: p99 under 30 ms.
3. Peak memory (RSS) after a 200-turn session through the app, in a fresh process.
   Target: under 150 MB.

Figures only: nothing here fails on time. Every store goes in a temporary folder.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from textual.app import App, ComposeResult  # noqa: E402
from textual.containers import VerticalScroll  # noqa: E402
from textual.content import Content  # noqa: E402
from textual.screen import Screen  # noqa: E402
from textual.widgets import Footer, Input, Label, Static  # noqa: E402

from simulator.scenario import bundled_scenarios, load_scenario  # noqa: E402
from simulator.session import Session  # noqa: E402
from simulator.store import Store  # noqa: E402
from simulator.tui.app import make_app  # noqa: E402
from simulator.tui.screens.conversation import ConversationScreen  # noqa: E402
from simulator.tui.screens.picker import PickerScreen  # noqa: E402

FIXTURE = ROOT / "tests" / "tui" / "fixtures" / "app_test_walks.yaml"
#: Replies of our own that keep the test patient talking (no goal, no judgement): a long session.
REPLIES = [
    "What does a good day look like for you now?",
    "You used to walk everywhere, and the fall took some of that away.",
    "How do you feel about the steps outside your door?",
    "It sounds like the allotment matters a great deal to you.",
    "Tell me more about your sister in Leeds.",
    "Part of you wants to get out more, and part of you worries about falling again.",
    "What have you tried since the winter?",
    "You've kept going with the shopping even when it felt hard.",
    "Do you walk to the shop on your own?",
    "So there's the allotment, your sister, and the steps that worry you.",
]
SIZE = (100, 32)
#: Start-up runs of each app before the counted ones.
WARM_UP = 2


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def long_scenario(folder: Path):
    """The app tests' scenario with room for 200 replies."""
    text = FIXTURE.read_text(encoding="utf-8").replace("turn_limit: 12", "turn_limit: 200")
    path = folder / "long_walks.yaml"
    path.write_text(text, encoding="utf-8")
    return load_scenario(path)


class Minimal(App):
    """The yardstick: a label, an input and a footer."""

    def compose(self) -> ComposeResult:
        yield Label("Hello")
        yield Input()
        yield Footer()


async def time_to_first_screen(build, screen: type = Screen) -> tuple[float, float, float]:
    """Seconds until the app's first screen of type ``screen`` is mounted, until its first
    frame is composed, and until the app is idle with background loading finished."""
    start = time.perf_counter()
    mounted: list[float] = []
    painted: list[float] = []
    app = build()
    refresh = Screen._compositor_refresh

    def hook(message) -> None:
        if mounted or not app.screen_stack:  # nothing on the stack before the first screen
            return
        if isinstance(app.screen, screen) and app.screen.is_mounted:
            mounted.append(time.perf_counter() - start)

    def first_frame(self) -> None:
        refresh(self)
        if not painted and isinstance(self, screen):
            painted.append(time.perf_counter() - start)

    Screen._compositor_refresh = first_frame
    try:
        async with app.run_test(size=SIZE, message_hook=hook) as pilot:
            await pilot.pause()
            await app.workers.wait_for_complete()
            await pilot.pause()
            ready = time.perf_counter() - start
    finally:
        Screen._compositor_refresh = refresh
    return mounted[0], painted[0], ready


def columns(values: list[float], form: str) -> str:
    """The three start-up figures under their headings (mounted, first frame, all loaded)."""
    return "".join(f"{form.format(v):>{width}}" for v, width in zip(values, (11, 13, 12)))


def startup(runs: int) -> None:
    load_start = time.perf_counter()
    scenarios = bundled_scenarios()
    load_ms = (time.perf_counter() - load_start) * 1000
    apps = {"minimal Textual app": [], "coachsim, first start": [], "coachsim, store exists": []}
    with tempfile.TemporaryDirectory() as tmp:
        Store(Path(tmp) / "kept").close()

        def builds(i: int):
            # The first start of all creates the store (schema and all); later ones reopen it.
            return {"minimal Textual app": (Minimal, Screen),
                    "coachsim, first start": (lambda: make_app(Path(tmp) / f"d{i}"), PickerScreen),
                    "coachsim, store exists": (lambda: make_app(Path(tmp) / "kept"), PickerScreen)}

        for i in range(-WARM_UP, runs):  # interleaved, so load on a shared machine hits all alike
            for label, (build, screen) in builds(i).items():
                figures = asyncio.run(time_to_first_screen(build, screen))
                if i >= 0:  # the first runs pay one-off costs (caches, lazy imports): not counted
                    apps[label].append(figures)
    print(f"start-up (headless {SIZE[0]}x{SIZE[1]}, {runs} interleaved runs after {WARM_UP} not counted; "
          "target <= 1.5x the minimal app):")
    print(f"  {'':<40}{'mounted':>11}{'first frame':>13}{'all loaded':>12}")
    for name, pick in (("median", statistics.median), ("best", min)):
        figures = {label: [pick(r[k] for r in runs_) * 1000 for k in range(3)]
                   for label, runs_ in apps.items()}
        minimal = figures.pop("minimal Textual app")
        print(f"  {'minimal Textual app (' + name + ')':<40}" + columns(minimal, "{:.1f} ms"))
        for label, values in figures.items():
            print(f"  {label + ' (' + name + ')':<40}" + columns(values, "{:.1f} ms"))
            print(f"  {'  ratio':<40}" + columns([c / m for m, c in zip(minimal, values)], "{:.2f}x"))
    print(f"  [{len(scenarios)} scenarios load in {load_ms:.1f} ms, in a worker after the first frame]")
    cold = {name: statistics.median(cold_start(name) for _ in range(max(3, runs // 2)))
            for name in ("minimal", "coachsim")}
    print(f"  cold process, imports included, to the first screen mounted: minimal "
          f"{cold['minimal']:.0f} ms, coachsim {cold['coachsim']:.0f} ms "
          f"({cold['coachsim'] / cold['minimal']:.2f}x)")
    for module, label in (("textual.app", "import textual.app"),
                          ("simulator.tui.app", "import simulator.tui.app"),
                          ("simulator.session", "import simulator.session")):
        out = subprocess.run([sys.executable, "-c", f"import time; s=time.perf_counter(); "
                              f"import {module}; print(time.perf_counter()-s)"],
                             capture_output=True, text=True, cwd=ROOT)
        print(f"  cold {label:<27} {float(out.stdout) * 1000:7.1f} ms")


COLD = """
import time; start = time.perf_counter()
import asyncio, sys, tempfile
sys.path.insert(0, {root!r})
{imports}
async def main():
    mounted = []
    app = {build}
    def hook(message):
        if not mounted and app.screen_stack and isinstance(app.screen, {screen}) and app.screen.is_mounted:
            mounted.append(time.perf_counter() - start)
    async with app.run_test(size=(100, 32), message_hook=hook) as pilot:
        await pilot.pause()
    print(mounted[0])
asyncio.run(main())
"""


def cold_start(name: str) -> float:
    """Milliseconds from a fresh interpreter to the first screen mounted, imports included."""
    if name == "minimal":
        code = COLD.format(root=str(ROOT), imports="from benchmarks.app_bench import Minimal\n"
                           "from textual.screen import Screen", build="Minimal()", screen="Screen")
        # Importing this module would import coachsim too: build the same app inline instead.
        code = code.replace("from benchmarks.app_bench import Minimal", MINIMAL_SOURCE)
    else:
        code = COLD.format(root=str(ROOT), imports="from simulator.tui.app import make_app\n"
                           "from simulator.tui.screens.picker import PickerScreen",
                           build="make_app(tempfile.mkdtemp())", screen="PickerScreen")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    return float(out.stdout.strip().splitlines()[-1]) * 1000


MINIMAL_SOURCE = """
from textual.app import App
from textual.widgets import Footer, Input, Label
class Minimal(App):
    def compose(self):
        yield Label("Hello")
        yield Input()
        yield Footer()
"""


def direct_latency(replies: int) -> list[float]:
    """Session.submit with the store as recorder: coding, persona and the commit."""
    times: list[float] = []
    with tempfile.TemporaryDirectory() as tmp:
        loaded = long_scenario(Path(tmp))
        with Store(Path(tmp) / "data") as store:
            session = Session(loaded, seed=1, recorder=store)
            for i in range(replies):
                if session.ended:
                    session.finish()
                    session = Session(loaded, seed=i, recorder=store)
                start = time.perf_counter()
                session.submit(REPLIES[i % len(REPLIES)])
                times.append(time.perf_counter() - start)
    return times


class Echo(App):
    """The yardstick for the round trip: Enter mounts the text as a new widget, nothing else."""

    def compose(self) -> ComposeResult:
        yield VerticalScroll(id="log")
        yield Input(id="reply")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.query_one("#log").mount(Static(Content(event.value)))
        event.input.value = ""


async def round_trips(app: App, replies: int, setup=()) -> list[float]:
    """Pilot: set the reply, press Enter, wait until the app is idle again."""
    times: list[float] = []
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*setup)
        await pilot.pause()
        for i in range(replies):
            app.screen.query_one("#reply", Input).value = REPLIES[i % len(REPLIES)]
            start = time.perf_counter()
            await pilot.press("enter")
            await pilot.pause()
            times.append(time.perf_counter() - start)
    return times


async def app_latency(replies: int, folder: Path) -> tuple[list[float], list[float]]:
    """Through the app: the Enter handler's own time (coding, commit, new turn widgets,
    panels) and Pilot's whole round trip (key press until the app is idle, redrawn)."""
    handler: list[float] = []
    submitted = ConversationScreen.on_input_submitted

    def timed(screen, event) -> None:
        start = time.perf_counter()
        submitted(screen, event)
        handler.append(time.perf_counter() - start)

    ConversationScreen.on_input_submitted = timed
    try:
        app = make_app(folder / "data", scenarios=[long_scenario(folder)], seed=1,
                       offer_resume=False)
        round_trip = await round_trips(app, replies, setup=("enter", "p"))
    finally:
        ConversationScreen.on_input_submitted = submitted
    return handler, round_trip


def latency(replies: int) -> None:
    def line(label: str, values: list[float]) -> None:
        ms = [v * 1000 for v in values]
        print(f"  {label:<34} median {statistics.median(ms):6.2f} ms   p99 {percentile(ms, 0.99):6.2f} ms"
              f"   max {max(ms):6.2f} ms   (n={len(ms)})")

    print("reply to patient answer (coding + SQLite commit; target p99 < 30 ms):")
    line("Session + Store directly", direct_latency(replies))
    with tempfile.TemporaryDirectory() as tmp:
        handler, round_trip = asyncio.run(app_latency(min(replies, 195), Path(tmp)))
    line("app: Enter handler (code+commit+draw)", handler)
    line("app: key press -> idle (Pilot)", round_trip)
    line("  the same, replies 1-20 only", round_trip[:20])
    line("  the same, replies 176-195 only", round_trip[175:195])
    line("minimal echo app: same round trip", asyncio.run(round_trips(Echo(), min(replies, 195))))
    with tempfile.TemporaryDirectory() as tmp:
        huge = ("You have a lot on with the allotment and your sister. " * 2000)[:100_000]
        with Store(Path(tmp)) as store:
            session = Session(long_scenario(Path(tmp)), seed=1, recorder=store)
            start = time.perf_counter()
            session.submit(huge)
            print(f"  a 100,000-character reply: {(time.perf_counter() - start) * 1000:.1f} ms "
                  "(coded on its first part, stored whole)")


def memory_child(turns: int) -> None:
    """Run in a fresh process: a long session through the app, then report peak RSS and
    the Python heap the session itself added (tracemalloc)."""
    import tracemalloc

    with tempfile.TemporaryDirectory() as tmp:
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        tracemalloc.start()
        handler, _ = asyncio.run(app_latency(turns, Path(tmp)))
        heap_now, heap_peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"turns": len(handler), "before_kb": before, "peak_kb": after,
                      "heap_peak_kb": heap_peak // 1024}))


def memory(turns: int) -> None:
    out = subprocess.run([sys.executable, __file__, "--memory-child", str(turns)],
                         capture_output=True, text=True, cwd=ROOT, check=True)
    figures = json.loads(out.stdout.strip().splitlines()[-1])
    print(f"memory (fresh process, {figures['turns']}-turn session through the app; target < 150 MB):")
    print(f"  peak RSS after imports   {figures['before_kb'] / 1024:6.1f} MB")
    print(f"  peak RSS after session   {figures['peak_kb'] / 1024:6.1f} MB")
    print(f"  Python heap peak during the session (tracemalloc) {figures['heap_peak_kb'] / 1024:6.1f} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--replies", type=int, default=400)
    parser.add_argument("--turns", type=int, default=200)
    parser.add_argument("--startup-only", action="store_true", help="only the start-up figures")
    parser.add_argument("--memory-child", type=int, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.memory_child is not None:
        memory_child(args.memory_child)
        return
    startup(args.runs)
    if args.startup_only:
        return
    latency(args.replies)
    memory(args.turns)


if __name__ == "__main__":
    main()
