"""``coachsim validate`` for drills: the file's shape and references, then every model answer
played through the real rubric (and persona, for conversation items) against its own item."""
from __future__ import annotations

from pathlib import Path

from simulator.codes import LABELS
from simulator.drills.load import check_references, read_drill
from simulator.drills.models import Drill
from simulator.drills.run import ItemPlay, ItemResult, coder_for
from simulator.errors import InputError, Problem


def validate_drill(path: str | Path) -> list[Problem]:
    """Every problem in a drill file; an unreadable or invalid file raises :class:`InputError`."""
    drill = read_drill(path)
    problems = check_references(drill)
    if problems:
        return problems  # model answers cannot be played against missing scenarios
    return check_model_answers(drill)


def check_model_answers(drill: Drill) -> list[Problem]:
    """One problem for each item whose model answer does not pass the item itself."""
    try:
        coder = coder_for(drill.rubric)
    except InputError as exc:
        return [drill.positions.problem(["rubric"], f"rubric {drill.rubric!r}: {exc.message}")]
    problems = []
    for index, item in enumerate(drill.items):
        try:
            play = ItemPlay(drill, item, coder)
        except InputError as exc:
            problems.append(drill.positions.problem(["items", index, "scenario"], str(exc)))
            continue
        for reply in item.model_replies:
            if play.done:
                break
            play.answer(reply)
        result = play.result()
        if not result.passed:
            problems.append(drill.positions.problem(
                ["items", index, "model_answer"],
                f"the model answer fails its own item: {shortfall(result)}"))
    return problems


def shortfall(result: ItemResult) -> str:
    """What kept an answer from passing, in one line (codes, then the evidence that fired)."""
    parts = [f"{LABELS[code]} ({code}) missing" for code in result.missing]
    if result.missing_any:
        parts.append(f"none of {', '.join(result.missing_any)}")
    for fired in result.fired:
        matched = ", ".join(repr(e.matched) for e in fired.evidence)
        parts.append(f"{fired.code} fired" + (f" at {matched}" if matched else "")
                     + (f" in reply {fired.reply}" if result.item.conversation else ""))
    coded = [", ".join(c.codes) or "no code" for c in result.codings]
    return "; ".join(parts) + f" (coded: {' / '.join(coded)})"
