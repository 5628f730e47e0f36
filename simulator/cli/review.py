"""``coachsim review``: a trainer steps through a transcript's or saved session's coded replies
in the app, agreeing with the engine or overriding its codes with a reason."""
from __future__ import annotations

import re
from pathlib import Path

import click

from simulator.cli.options import app_settings, current_config, rubric_option
from simulator.errors import InputError

#: A saved session's key as exports and ``assess`` show it: date, scenario, row id.
SESSION_KEY = re.compile(r"^\d{4}-\d{2}-\d{2}-.+-(\d+)$")


@click.command("review")
@click.argument("target")
@click.option("--trainer", help="Your name, kept with each verdict and remembered (default: the "
              "'trainer' setting; asked for at the first verdict when there is none).")
@rubric_option("Rubric that codes a transcript file (saved sessions keep their own coding)")
@click.pass_context
def command(ctx: click.Context, target: str, trainer: str | None, rubric_name: str | None) -> None:
    """Review TARGET: a transcript (CSV or JSONL) or a saved session (its number or its id as
    exports show it, e.g. 2026-02-03-walking-4).

    Keys: n/p next and previous reply, a agree, o override (tick codes, give a reason), x
    export the overrides. Verdicts are stored at once and applied by assess and reports.
    """
    from simulator.review import session_items, transcript_items
    from simulator.store import Store
    from simulator.tui.app import make_app
    from simulator.tui.screens.review import ReviewScreen

    config = current_config(ctx).overridden({"trainer": trainer, "rubric": rubric_name})
    settings = config.settings
    path = Path(target)
    session_id = None
    if path.is_file() or path.suffix.lower() in (".csv", ".jsonl", ".ndjson", ".json"):
        from simulator.rubric import Coder, load_rubric

        items = transcript_items(path, Coder(load_rubric(settings.rubric)))
        title = path.name
    else:
        session_id = saved_id(target)
        with Store(settings.data_path) as store:
            saved = store.session(session_id)
            if not _is_number(target) and saved.key != target:
                raise InputError(f"no saved session {target!r}; session {session_id} is "
                                 f"{saved.key}")
            items = session_items(saved, store.turns(session_id))
            title = f"{saved.info.scenario_title} ({saved.key})"
    screen = ReviewScreen(items, settings.trainer, title, session_id=session_id)
    make_app(start=screen, **app_settings(config)).run()


def saved_id(target: str) -> int:
    """The store's row id from a session number or key; an input error for anything else."""
    if _is_number(target):
        return int(target)
    match = SESSION_KEY.match(target)
    if match is None:
        raise InputError(f"{target!r} is neither a transcript file nor a saved session (give a "
                         "path to a .csv or .jsonl file, or a session id from the history)")
    return int(match.group(1))


def _is_number(target: str) -> bool:
    # isdigit() alone takes '²' and other digits int() refuses.
    return target.isascii() and target.isdigit()
