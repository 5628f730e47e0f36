"""The practice app: one factory, :func:`make_app`, for the CLI, the browser and the tests."""
from __future__ import annotations

import asyncio
import random
import signal
from contextlib import contextmanager
from functools import cached_property, partial
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Iterator, Sequence

from textual import work
from textual.app import App, InvalidThemeError, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from simulator.errors import InputError
from simulator.files import write_private
from simulator.store import SavedSession, Store

# The rubric engine, the scenarios and every screen but the picker are imported where first
# used, never to dodge a cycle: the picker paints before they load (benchmarks/app_bench.py).
if TYPE_CHECKING:
    from textual.theme import Theme

    from simulator.config import Config
    from simulator.rubric import Coder, Rubric
    from simulator.scenario import LoadedScenario
    from simulator.session import Session


class CoachApp(App[None]):
    """Scenario picker -> briefing -> conversation -> report, with history and resume."""

    CSS_PATH = "simulator.tcss"
    TITLE = "coachsim"
    #: Screens get "-narrow" below 90 columns (80x24 terminals), "-wide" from there.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (90, "-wide")]
    #: "-short" below 32 rows (80x24): dialogs give their lists less room, never their buttons.
    VERTICAL_BREAKPOINTS = [(0, "-short"), (32, "-tall")]
    BINDINGS = [
        # Not in the footers (the screens' own keys need the room at 80 columns): the palette
        # (ctrl+p) lists it.
        Binding("ctrl+t", "toggle_dark", "Light/dark", show=False,
                tooltip="Switch between light and dark themes"),
    ]
    #: True in a browser room, where each participant may share sessions with the lead.
    in_room = False

    def __init__(self, store: Store | None, scenarios: Sequence["LoadedScenario"] | None = None, *,
                 seed: int | None = None, trainee: str | None = None, rubric: str = "core",
                 offer_resume: bool = True, start: Screen | None = None,
                 theme: str | None = None, config: "Config | None" = None) -> None:
        super().__init__()
        self.store = store
        #: ``None`` until the bundled scenarios are loaded (in a worker, after the first frame).
        self.scenarios: dict[str, "LoadedScenario"] | None = (
            None if scenarios is None else {s.scenario.id: s for s in scenarios})
        self.seed = seed
        self.trainee = trainee
        #: Who reviews in this run: the trainer setting, or asked for at the first verdict.
        self.trainer = config.settings.trainer if config is not None else None
        self.rubric_name = rubric
        #: Where the theme and names are remembered (None: nowhere, as in tests).
        self.config = config
        self._unknown_theme = None
        #: The theme the settings hold: only a change from it is written back.
        self._theme_setting = theme
        if theme:
            try:
                self.theme = theme
            except InvalidThemeError:
                self._unknown_theme = theme
        self.offer_resume = offer_resume
        #: A screen to open over the picker at once (review, calibration, a drill).
        self.start = start

    @cached_property
    def rubric(self) -> "Rubric":
        """The rubric, loaded once for every session of this run."""
        from simulator.rubric import load_rubric

        return load_rubric(self.rubric_name)

    @cached_property
    def coder(self) -> "Coder":
        """One compiled coder for every session of this run."""
        from simulator.rubric import Coder

        return Coder(self.rubric)

    def get_default_screen(self) -> Screen:
        """The scenario picker is the bottom of the stack (no empty screen beneath it)."""
        from simulator.tui.screens.picker import PickerScreen

        self.picker = PickerScreen()
        return self.picker

    def on_mount(self) -> None:
        self._catch_hangup()
        if self._unknown_theme:
            self.notify(f"No theme named {self._unknown_theme!r}; themes: "
                        f"{', '.join(sorted(self.available_themes))}", title="Theme",
                        severity="warning", markup=False, timeout=10)
        if self.config is not None:
            self.theme_changed_signal.subscribe(self, self._theme_changed)
            # Names given as flags are who you are from now on; other sources already persist.
            given = {key: getattr(self, key) for key in ("trainee", "trainer")
                     if getattr(self, key) and self.config.sources.get(key, "").startswith("flag")}
            if given:
                self.remember(**given)
        if self.is_web:
            self.theme_changed_signal.subscribe(self, self._page_background)
            self.call_after_refresh(self._page_background)
        if self.start is not None:
            self.push_screen(self.start)
        if self.scenarios is None:
            # After the first frame: the worker's parsing would otherwise hold up the paint.
            self.call_after_refresh(self.load_scenarios)
        else:
            self._scenarios_ready([])

    @work(thread=True, exclusive=True)
    def load_scenarios(self) -> None:
        """Load the bundled scenarios (and compile the rubric) off the event loop, so the
        picker appears at once; a broken file is reported and skipped, not fatal."""
        from simulator import paths
        from simulator.scenario import find_scenarios, load_scenario

        loaded, problems = [], []
        folder = paths.SCENARIOS_DIR
        for path in find_scenarios([folder]) if folder.is_dir() else []:
            try:
                loaded.append(load_scenario(path))
            except InputError as exc:
                problems.append(str(exc))
        self.call_from_thread(self._scenarios_loaded, loaded, problems)
        try:
            self.coder  # warm: the first session then starts without a pause
        except InputError:
            pass  # reported when a session starts

    def _scenarios_loaded(self, loaded: list["LoadedScenario"], problems: list[str]) -> None:
        self.scenarios = {s.scenario.id: s for s in loaded}
        self._scenarios_ready(problems)

    def _scenarios_ready(self, problems: list[str]) -> None:
        for problem in problems:
            self.notify(problem, title="Scenario skipped", severity="error", markup=False,
                        timeout=15)
        if self.picker.is_mounted:
            self.picker.refresh_scores()
        if self.offer_resume:
            self.offer_next_resume()

    def on_unmount(self) -> None:
        if self.store is not None:  # a room's tab has none until a name is given
            self.store.close()

    def _page_background(self, *_: object) -> None:
        """In a browser, tell the page the screen's background (OSC 11, which the page's script
        reads), so the rows left over below the terminal match the theme: a light theme sat
        on a dark strip."""
        if self._driver is not None:
            self._driver.write(f"\x1b]11;{self.screen.styles.background.hex}\x07")

    def _catch_hangup(self) -> None:
        # A closed terminal (SIGHUP) or a polite kill (SIGTERM) would end the process before
        # the draft timer fires: save the half-typed reply first, then exit normally.
        try:
            loop = asyncio.get_running_loop()
            for sig in (signal.SIGHUP, signal.SIGTERM):
                loop.add_signal_handler(sig, self.hang_up)
        except (AttributeError, NotImplementedError, RuntimeError, ValueError):
            pass  # no such signals (Windows) or not the main thread: the timer still saves

    def hang_up(self) -> None:
        """Save any draft being typed now, then quit."""
        from simulator.tui.screens.conversation import ConversationScreen

        for screen in self.screen_stack:
            if isinstance(screen, ConversationScreen):
                screen.save_draft()
        self.exit()

    # -- remembered settings -----------------------------------------------------------------
    def _theme_changed(self, theme: "Theme") -> None:
        if theme.name != self._theme_setting:
            self._theme_setting = theme.name
            self.remember(theme=theme.name)

    def remember(self, **values: str) -> None:
        """Keep settings in the config file for the next run; a failure is said, not fatal."""
        if self.config is None:
            return
        try:
            self.config.remember(**values)
        except (InputError, OSError) as exc:
            self.notify(f"Could not remember {', '.join(values)}: {exc}", title="Settings",
                        severity="warning", markup=False, timeout=10)

    def set_trainer(self, name: str) -> None:
        """The reviewer's name for this run and the next ones."""
        self.trainer = name
        self.remember(trainer=name)

    # -- sessions ----------------------------------------------------------------------------
    def start_session(self, loaded: "LoadedScenario", assessment: bool,
                      after: SavedSession | None = None) -> None:
        """Begin a new conversation (the store records it from the opening line): the first
        appointment, or the one after ``after`` in its journey, opening from its record."""
        from simulator.journey import Carryover, begin_appointment
        from simulator.tui.screens.conversation import ConversationScreen

        seed = self.seed if self.seed is not None else random.randrange(2**31)
        number, previous, journey = 1, None, None
        if after is not None:
            number = after.info.appointment + 1
            previous = Carryover.from_dict(after.notes["carried_out"])
            journey = after.info.journey
        try:
            session = begin_appointment(loaded, number, previous, rubric=self.rubric,
                                        coder=self.coder, seed=seed, assessment=assessment,
                                        trainee=self.trainee, recorder=self.store, journey=journey)
        except InputError as exc:  # a broken rubric file: say where, keep the app running
            self.notify(str(exc), title="Cannot start", severity="error", markup=False)
            return
        self.push_screen(ConversationScreen(session, self.store.current))

    def offer_next_resume(self) -> None:
        """Offer the most recent unfinished session (a modal: resume or discard)."""
        from simulator.tui.screens.resume import ResumeScreen

        for saved in self.store.unfinished():
            if saved.id in self._offered:
                continue  # skipped this run (open in another window)
            elsewhere = self.store.lease_holder(saved.id)
            if saved.turns == 0 and not saved.draft:
                if elsewhere is None:  # one just begun in another window is left to it
                    with self.reporting("Store"):
                        self.store.discard(saved.id)  # nothing said or typed: nothing to offer
                continue
            available = saved.info.scenario_id in self.scenarios
            self.push_screen(ResumeScreen(saved, available, elsewhere),
                             partial(self._resume_answer, saved))
            return

    @cached_property
    def _offered(self) -> set[int]:
        """Sessions skipped in this run's resume offers."""
        return set()

    def _resume_answer(self, saved: SavedSession, answer: str | None) -> None:
        if answer == "resume":
            self.resume(saved)
        elif answer == "copy":
            with self.reporting("No copy made"):
                self.resume(self.store.session(self.store.copy_session(saved.id)))
        elif answer == "new":
            self.start_session(self.scenarios[saved.info.scenario_id], saved.info.assessment)
        elif answer == "skip":
            self._offered.add(saved.id)
            self.offer_next_resume()
        else:
            with self.reporting("Not discarded"):
                self.store.discard(saved.id)
                self.offer_next_resume()

    def resume(self, saved: SavedSession) -> None:
        """Take the session's lease, rebuild it by replaying its replies, then carry on
        recording. Open in another window: offered again, as a copy or a new session."""
        from simulator.journey import restore_scenario
        from simulator.session import Session
        from simulator.store import SessionOpenElsewhere
        from simulator.tui.screens.conversation import ConversationScreen

        try:
            self.store.attach(saved.id)
        except SessionOpenElsewhere:
            self.offer_next_resume()  # taken meanwhile: offered again, as open elsewhere
            return
        except InputError as exc:
            self.notify(str(exc), title="Cannot resume", severity="error", markup=False)
            return
        # A follow-up is rebuilt from the record it opened from, as it was first played.
        loaded = restore_scenario(self.scenarios[saved.info.scenario_id], saved.info)
        try:
            session = Session.restore(loaded, saved.info, self.store.replies(saved.id),
                                      coder=self.coder, recorder=self.store,
                                      minutes_before=self.store.practised_minutes(saved.id))
        except InputError as exc:
            self.store.leave()
            self.notify(str(exc), title="Cannot resume", severity="error", markup=False)
            return
        self.push_screen(ConversationScreen(session, saved.id, draft=saved.draft))

    def finish_session(self, session: "Session", session_id: int) -> None:
        """Score and store a session, and keep the record it leaves the next appointment."""
        from simulator.journey import carry_over

        session.finish()
        self.store.save_note(session_id, "carried_out", carry_over(session).to_dict())

    def replay(self, saved: SavedSession) -> "Session":
        """A saved session rebuilt by replaying its replies (to check a plan or an estimate
        against what was said); nothing is recorded."""
        from simulator.journey import restore_scenario
        from simulator.session import Session

        loaded = restore_scenario(self.scenarios[saved.info.scenario_id], saved.info)
        return Session.restore(loaded, saved.info, self.store.replies(saved.id), coder=self.coder)

    def show_report(self, session_id: int, replace: bool = False) -> None:
        """Open a saved session's report."""
        from simulator.tui.screens.report import ReportScreen

        screen = ReportScreen(self.store.session(session_id), self.store.turns(session_id))
        (self.switch_screen if replace else self.push_screen)(screen)

    def show_history(self) -> None:
        """Open the history of finished sessions."""
        from simulator.tui.screens.history import HistoryScreen

        self.push_screen(HistoryScreen())

    def review_session(self, session_id: int) -> None:
        """Review a saved session's replies: agree with the engine or override its codes."""
        from simulator.review import session_items
        from simulator.tui.screens.review import ReviewScreen

        saved = self.store.session(session_id)
        try:
            items = session_items(saved, self.store.turns(session_id))
        except InputError as exc:
            self.notify(str(exc), title="Nothing to review", severity="warning", markup=False)
            return
        # The reviewer is a trainer, not this app's trainee: ReviewScreen names them.
        self.push_screen(ReviewScreen(items, None, f"{saved.info.scenario_title} ({saved.key})",
                                      session_id=session_id))

    def leave(self, screen: Screen) -> None:
        """Close ``screen``: back to where it was opened from, or to the shell when the command
        line opened it (``coachsim review``, ``calibrate``, ``drill``), so a trainer's Esc never
        lands in the trainee's scenario picker."""
        if screen is self.start:
            self.exit()
        else:
            self.pop_screen()

    def show_drills(self) -> None:
        """Open the list of bundled drills."""
        from simulator.tui.screens.drill import DrillPickerScreen

        self.push_screen(DrillPickerScreen())

    def back_to_picker(self) -> None:
        """Close every screen above the scenario picker (and refresh its last scores)."""
        while len(self.screen_stack) > 1 and self.screen is not self.picker:
            self.pop_screen()
        self.screen.refresh_scores()

    @contextmanager
    def reporting(self, title: str) -> Iterator[None]:
        """Run a step that may fail on bad input or a refused file (a link, a full disk): the
        one-line error is shown and the app carries on."""
        try:
            yield
        except InputError as exc:
            self.notify(str(exc), title=title, severity="error", markup=False, timeout=15)

    def export_session(self, session_id: int) -> None:
        """A session's report: in a terminal every format goes to the exports folder; in a
        browser the self-contained HTML report downloads (one file per key press)."""
        from simulator.render.session import session_files

        formats = ["html"] if self.is_web else ["md", "html", "csv", "jsonl"]
        self.keep_files(session_files(self.store, session_id, formats))

    def export_log(self) -> None:
        """The practice log (CSV) of sessions and drills."""
        from simulator.render.session import LOG_NAME, practice_log

        self.keep_files({LOG_NAME: practice_log(self.store)})

    def keep_files(self, files: dict[str, str]) -> None:
        """Give exported files to the person: the exports folder in a terminal (owner-only);
        in a browser, a download of the first (the browser allows one per key press)."""
        if not self.is_web:
            with self.reporting("Not exported"):
                folder = self.store.exports_dir()
                self.notify_saved([write_private(folder / name, text)
                                   for name, text in files.items()])
            return
        import io

        name, text = next(iter(files.items()))
        self.deliver_text(io.StringIO(text), save_filename=name)
        self.notify(f"{name} is downloading in your browser", title="Exported", markup=False,
                    timeout=8)

    def notify_saved(self, paths: Iterable[Path]) -> None:
        """Say where exported files went (paths are shown literally, never as markup)."""
        paths = list(paths)
        names = ", ".join(p.name for p in paths)
        self.notify(f"Saved {names} (owner-only) in {paths[0].parent}", title="Exported",
                    markup=False, timeout=8)

    # -- command palette ---------------------------------------------------------------------
    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """Textual's own commands, then one for every key binding of the current screen."""
        yield from super().get_system_commands(screen)
        seen = {"toggle_dark"}
        yield SystemCommand("Light/dark theme", "Switch between light and dark themes",
                            self.action_toggle_dark)
        for active in screen.active_bindings.values():
            binding = active.binding
            # Keys kept off a footer for room still get an entry when they say what they do.
            if not (binding.show or binding.tooltip) or not binding.description \
                    or binding.action in seen:
                continue
            seen.add(binding.action)
            yield SystemCommand(binding.description, binding.tooltip or binding.description,
                                partial(self.run_action, binding.action, active.node))


def make_app(data_dir: str | Path | None = None, *,
             scenarios: Sequence["LoadedScenario"] | None = None, seed: int | None = None,
             trainee: str | None = None, rubric: str = "core",
             offer_resume: bool = True, start: Screen | None = None, theme: str | None = None,
             config: "Config | None" = None) -> CoachApp:
    """Build the practice app over the store in ``data_dir`` (default: the user data folder).

    ``scenarios`` defaults to the bundled ones, loaded after the first frame; ``seed`` fixes every session's patient (tests,
    demos); ``offer_resume=False`` skips the start-up resume offer; ``start`` opens a screen
    over the picker at once (``coachsim review``, ``calibrate``, ``drill``); ``theme`` is a
    Textual theme name; ``config`` is where theme and name changes are remembered.
    """
    return CoachApp(Store(data_dir), scenarios, seed=seed, trainee=trainee, rubric=rubric,
                    offer_resume=offer_resume and start is None, start=start, theme=theme,
                    config=config)
