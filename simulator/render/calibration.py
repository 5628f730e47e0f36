"""A calibration report in words: the headline, agreement per code, the confusion table and
the replies coded differently, for the terminal, Markdown and the app."""
from __future__ import annotations

from simulator.calibration import NONE, CalibrationReport
from simulator.codes import CODES, LABELS, SHORT
from simulator.render.tables import Table, fmt
from simulator.terminal import printable
from simulator.words import labels, plural


def summary(report: CalibrationReport) -> str:
    """The headline: replies coded identically first, then codes agreed (blanks left out) and
    kappa beside them."""
    overall = report.overall
    replies = plural(report.replies, "coach reply", "coach replies")
    agreed = ("no code given by either side" if overall.percent is None else
              f"codes agreed {overall.both}/{overall.either} where either side gave one "
              f"({overall.percent:.0f}%, kappa {fmt(overall.kappa, 2)})")
    return (f"{report.transcript}: {replies}, trainer against {report.reference}. "
            f"Exact agreement: {report.exact}/{report.replies} replies coded identically "
            f"({report.exact_percent:.0f}%); {agreed}.")


def report_tables(report: CalibrationReport) -> list[Table]:
    """Per-code agreement, the confusion table and the differing replies."""
    n = report.replies
    per_code = Table(
        "Agreement per code",
        ("code", "reference", "trainer", "both", "agree %", "kappa"),
        tuple((LABELS[a.code], _uses(a.reference_uses, n), _uses(a.trainer_uses, n),
               str(a.both), fmt(a.percent, 1), fmt(a.kappa, 2)) for a in report.used_codes),
        frozenset(range(1, 6)),
        note=f"reference, trainer: the replies each side gave the code to, of {n} (the "
        "reference's share is the code's prevalence). agree %: of the replies either side gave "
        "the code to, the share both gave it to (replies both left without it are not "
        "counted). kappa '-' means undefined: both sides gave the code to every reply.")
    return [per_code, confusion_table(report), differences_table(report)]


def confusion_table(report: CalibrationReport) -> Table:
    """Rows: the reference's codes; columns: the trainer's; (none) where one side had nothing."""
    rows_used = {r for r, _ in report.confusion}
    cols_used = {c for _, c in report.confusion}
    order = [*CODES, NONE]
    rows = [c for c in order if c in rows_used]
    cols = [c for c in order if c in cols_used]
    return Table(
        "Confusion (reference down, trainer across)",
        ("reference", *(_tag(c) for c in cols)),
        tuple((f"{_tag(r)} {LABELS.get(r, 'no code')}",
               *(str(report.confusion.get((r, c), "")) for c in cols)) for r in rows),
        frozenset(range(1, len(cols) + 1)),
        note="Shared codes sit on the diagonal; a code one side gave and the other did not is "
        "paired with what the other gave instead, or with '-' (no code).")


def differences_table(report: CalibrationReport) -> Table:
    """Each reply coded differently, with the engine's evidence for the codes in question."""
    rows = []
    for d in report.differences:
        # The transcript's words and turns come from outside: shown escaped.
        evidence = "; ".join(f"{LABELS.get(e.code, e.code)}: \u201c{printable(e.matched)}\u201d ({e.feedback})"
                             for e in d.evidence)
        rows.append((printable(str(d.turn), newlines=False), printable(d.text),
                     labels(d.reference), labels(d.trainer),
                     evidence or "-"))
    return Table("Replies coded differently",
                 ("turn", "reply", "reference", "trainer", "engine's evidence"), tuple(rows),
                 note="" if rows else "None: the two codings agree on every reply.")


def _uses(count: int, replies: int) -> str:
    """How many replies a side gave a code to, and the share: ``2 (12%)``."""
    return f"{count} ({100 * count / replies:.0f}%)" if replies else "0"


def _tag(code: str) -> str:
    """A code's short tag for the confusion table; '-' for no code."""
    return SHORT.get(code, "-")
