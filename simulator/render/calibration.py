"""A calibration report in words: the headline, agreement per code, the confusion table and
the replies coded differently, for the terminal, Markdown and the app."""
from __future__ import annotations

from simulator.calibration import NONE, CalibrationReport
from simulator.codes import CODES, LABELS, SHORT
from simulator.render.tables import Table, fmt
from simulator.terminal import printable
from simulator.words import plural


def summary(report: CalibrationReport) -> str:
    """The headline: what was compared with what, and the overall agreement."""
    kappa = report.overall.kappa
    replies = plural(report.replies, "coach reply", "coach replies")
    return (f"{report.transcript}: {replies}, trainer against {report.reference}. "
            f"Overall agreement {report.overall.percent:.1f}% "
            f"(kappa {fmt(kappa, 2)}); {report.exact}/{report.replies} replies coded "
            f"identically ({report.exact_percent:.0f}%).")


def report_tables(report: CalibrationReport) -> list[Table]:
    """Per-code agreement, the confusion table and the differing replies."""
    per_code = Table(
        "Agreement per code",
        ("code", "reference", "trainer", "both", "agreement %", "kappa"),
        tuple((LABELS[a.code], str(a.both + a.reference_only), str(a.both + a.trainer_only),
               str(a.both), f"{a.percent:.1f}", fmt(a.kappa, 2)) for a in report.used_codes),
        frozenset(range(1, 6)),
        note="kappa '-' means undefined: one side used the code on every reply or on none.")
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
        evidence = "; ".join(f"{e.code}: \u201c{printable(e.matched)}\u201d ({e.feedback})"
                             for e in d.evidence)
        rows.append((printable(str(d.turn), newlines=False), printable(d.text),
                     ", ".join(d.reference) or NONE, ", ".join(d.trainer) or NONE,
                     evidence or "-"))
    return Table("Replies coded differently",
                 ("turn", "reply", "reference", "trainer", "engine's evidence"), tuple(rows),
                 note="" if rows else "None: the two codings agree on every reply.")


def _tag(code: str) -> str:
    """A code's short tag for the confusion table; '-' for no code."""
    return SHORT.get(code, "-")
