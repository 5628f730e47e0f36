"""What a session keeps besides its turns, for the report: where it sits in a journey, the
care plan with its per-field feedback, the activation estimate, and the trainee's reflection.

Read from the store's notes (JSON objects), so Markdown and HTML show the same things; every
piece of text is escaped by the caller's escaper.
"""
from __future__ import annotations

from typing import Callable

from simulator.journey import Carryover
from simulator.reflections import QUESTIONS
from simulator.rubric.plans import PLAN_FIELDS
from simulator.store import SavedSession

Section = tuple[str, list[tuple[str, str, str]]]  # heading, rows of (name, value, feedback)


def sections(session: SavedSession) -> list[Section]:
    """The notes as (heading, rows) pairs, in the order a report shows them."""
    found: list[Section] = []
    info, notes = session.info, session.notes
    if info.appointment > 1 and info.carried_in:
        carried = Carryover.from_dict(info.carried_in)
        found.append((f"Appointment {info.appointment}", [
            ("Opened", info.opened or "-", ""),
            ("From last time", carried.summary(), "")]))
    if plan := notes.get("plan"):
        checks = {c["field"]: c for c in plan.get("checks", [])}
        rows = [(label, plan["fields"].get(key, "") or "-",
                 ("ok: " if checks[key]["ok"] else "to work on: ") + checks[key]["note"]
                 if key in checks else "")
                for key, label in PLAN_FIELDS.items()]
        found.append(("Care and support plan", rows))
    if tailoring := notes.get("tailoring"):
        rows = [("Your estimate", str(tailoring["estimate"]), tailoring["verdict"])]
        if tailoring.get("tailored"):
            rows.append(("What you tailored", tailoring["tailored"], ""))
        rows += [(m["measure"].replace("_", " "), "met" if m["met"] else "not yet", m["note"])
                 for m in tailoring["measures"]]
        found.append(("Activation level", rows))
    if reflection := notes.get("reflection"):
        found.append(("Reflection", [(QUESTIONS[k], v, "") for k, v in reflection.items()
                                     if k in QUESTIONS and v]))
    return found


def markdown_lines(session: SavedSession, md: Callable[[object], str]) -> list[str]:
    """The notes as Markdown sections (``md`` escapes text)."""
    out: list[str] = []
    for heading, rows in sections(session):
        out += ["", f"## {md(heading)}", ""]
        out += [f"- **{md(name)}**: {md(value)}" + (f" ({md(note)})" if note else "")
                for name, value, note in rows]
    return out
