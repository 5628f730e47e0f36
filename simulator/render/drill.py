"""A drill's results in words: each item's feedback and the final score line, for the terminal
and the app alike."""
from __future__ import annotations

from simulator.drills.models import Item
from simulator.drills.run import TOPIC_SHOWN, DrillResult, ItemResult
from simulator.words import labels, plural


def _named(code: str) -> str:
    return labels([code])


def asks(item: Item, topics: tuple[str, ...] = ()) -> str:
    """What an answer must do, in words: the codes it needs, what it must avoid, and the
    topic it must stay on."""
    parts = []
    if item.require:
        parts.append(f"be {labels(item.require)}" if not item.conversation
                     else f"reach {labels(item.require)}")
    if item.require_any:
        parts.append(f"be one of {' or '.join(labels([c]) for c in item.require_any)}")
    if item.forbid:
        parts.append(f"avoid {labels(item.forbid)}")
    if topics:
        parts.append(f"stay on what was said ({', '.join(topics[:TOPIC_SHOWN])})")
    return "; ".join(parts)


def item_lines(number: int, result: ItemResult) -> list[str]:
    """Feedback for one item: the prompt, the answer and its codes, what was missing or
    forbidden (with the rubric's evidence), the teaching point and the model answer."""
    item = result.item
    if not result.answered:
        lines = [f"{number}. skipped (not scored)"]
    else:
        verdict = "passed" if result.passed else "not yet"
        lines = [f"{number}. {verdict} ({result.points:.2g} of 1)"]
    if item.patient:
        lines.append(f"   Person: {item.patient}")
    if item.reply:
        lines.append(f"   Reply to rewrite: {item.reply}")
    for index, answer in enumerate(result.answers):
        if item.conversation:
            lines.append(f"   Person: {result.patient_lines[index]}")
        lines.append(f"   You: {answer}")
        lines.append(f"      coded: {labels(result.codings[index].codes)}")
    if item.conversation and result.answered:
        lines.append(f"   Person: {result.patient_lines[len(result.answers)]}")
        if result.goal_state:
            lines.append("   The person reached a goal of their own.")
    if result.answered:
        for code in result.missing:
            lines.append(f"   Missing: {_named(code)}")
        if result.missing_any:
            lines.append(f"   Missing: one of {labels(result.missing_any)}")
        if result.off_topic:
            lines.append("   Off the topic: it does not pick up what was said ("
                         f"{', '.join(result.off_topic[:TOPIC_SHOWN])})")
    for fired in result.fired:
        where = f" in reply {fired.reply}" if item.conversation else ""
        lines.append(f"   Should not be there{where}: {_named(fired.code)}")
        for evidence in fired.evidence:
            lines.append(f"      \u201c{evidence.matched}\u201d: {evidence.feedback}")
            if evidence.rewrite:
                lines.append(f"      try: {evidence.rewrite}")
    lines.append(f"   Teaching point: {item.feedback}")
    lines.append("   Model answer: " + " / ".join(item.model_replies))
    return lines


def score_line(result: DrillResult) -> str:
    """The final line: score, pass mark and whether it was passed."""
    clean = sum(1 for r in result.results if r.passed)
    verdict = "passed" if result.passed else "not passed yet"
    skipped = f", {result.skipped} skipped" if result.skipped else ""
    if not result.answered:
        return f"No items answered ({result.skipped} skipped): not passed yet."
    return (f"Score {result.score}/100 on {plural(result.answered, 'answered item')} "
            f"({clean} clean{skipped}; pass mark {result.drill.scoring.pass_mark}): {verdict}.")
