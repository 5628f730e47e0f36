"""A cohort report as tables: trainees, skills, the spread of scores, who is below the band,
and the trainer overrides applied."""
from __future__ import annotations

import statistics
from typing import Iterable

from simulator.cohort import SKILLS, BIN, Cohort, Spread
from simulator.render.tables import Table, fmt
from simulator.verdicts import Verdict
from simulator.words import labels


def trainee_table(cohort: Cohort) -> Table:
    """One row per trainee: sessions, replies, scores and how many sessions reach the band."""
    rows = []
    for t in cohort.ordered():
        rows.append((t.trainee, str(t.sessions), str(t.replies), fmt(t.mean),
                     fmt(statistics.median(t.scores)), str(min(t.scores)), str(max(t.scores)),
                     f"{t.at_band}/{t.sessions}", "yes" if 2 * t.at_band < t.sessions else ""))
    return Table("Trainees", ("trainee", "sessions", "replies", "mean", "median", "min",
                              "max", f"at {cohort.target}+", f"below {cohort.target}"),
                 tuple(rows), frozenset(range(1, 8)),
                 note=f"at {cohort.target}+: sessions whose band is {cohort.target} or higher.")


def skills_table(cohort: Cohort) -> Table:
    """One row per trainee: each skill averaged over their sessions."""
    rows = []
    everyone = [*cohort.ordered(), cohort.combined()] if len(cohort.trainees) > 1 else cohort.ordered()
    for t in everyone:
        cells = [fmt(t.skill(key, how)) for key, _, how, _ in SKILLS]
        rows.append((t.trainee, *cells, f"{round(100 * t.goals / t.sessions)}"))
    legend = "; ".join(f"{label}: {meaning}" for _, label, _, meaning in SKILLS)
    return Table("Skills", ("trainee", *(label for _, label, _, _ in SKILLS), "goal %"),
                 tuple(rows), frozenset(range(1, len(SKILLS) + 2)),
                 note=f"Averages over each trainee's sessions (the last row: over every "
                 f"session). {legend}; goal %: sessions in which a goal was elicited.")


def spread_table(spread: Spread) -> Table:
    """The five-number summary of all session scores."""
    return Table("Spread of session scores",
                 ("sessions", "min", "lower quartile", "median", "upper quartile", "max"),
                 ((str(spread.n), str(spread.minimum), fmt(spread.q1), fmt(spread.median),
                   fmt(spread.q3), str(spread.maximum)),),
                 frozenset(range(6)), figure=tuple(histogram_lines(spread)))


def histogram_lines(spread: Spread, width: int = 40) -> list[str]:
    """A text histogram: one line per 10-point bin, bars scaled to ``width`` characters."""
    peak = max(count for _, count in spread.histogram) or 1
    lines = []
    for start, count in spread.histogram:
        low, _, high = bin_label(start).partition("-")
        bar = "#" * (round(width * count / peak) if count else 0)
        lines.append(f"{low:>3}-{high:<3} | {bar} {count}")
    return lines


def bin_label(start: int) -> str:
    """A histogram bin's name, the same in text and HTML: ``80-89``; the last is ``90-100``."""
    return f"{start}-{start + BIN - 1 if start + BIN < 100 else 100}"


def below_table(cohort: Cohort) -> Table:
    """Who is below the target band: fewer than half of their sessions reach it."""
    rows = tuple((t.trainee, f"{t.at_band}/{t.sessions}", fmt(t.mean),
                  ", ".join(f"{band} {n}" for band, n in sorted(
                      t.bands.items(), key=lambda item: cohort.rank(item[0]))))
                 for t in cohort.below())
    target = cohort.target
    note = (f"Fewer than half of these trainees' sessions reach {target}." if rows else
            f"Every trainee reaches {target} in at least half their sessions.")
    return Table(f"Below {target}", ("trainee", f"at {target}+", "mean", "bands"),
                 rows, frozenset({1, 2}), note=note)


def report_tables(cohort: Cohort) -> list[Table]:
    """Every table of the cohort report, in reading order."""
    tables = [trainee_table(cohort), skills_table(cohort)]
    spread = cohort.spread()
    if spread is not None:
        tables.append(spread_table(spread))
    tables.append(below_table(cohort))
    if cohort.overrides:
        tables.append(overrides_table(cohort.overrides))
    return tables


def overrides_table(verdicts: Iterable[Verdict]) -> Table:
    """Replies whose codes a trainer overrode: the scores above count the trainer's codes."""
    rows = tuple((v.source, v.turn, labels(v.engine_codes), labels(v.codes), v.trainer, v.reason)
                 for v in verdicts)
    return Table("Trainer overrides applied",
                 ("session", "turn", "engine", "trainer's codes", "trainer", "because"), rows,
                 note="Scores count the trainer's codes for these replies; 'engine' is how the "
                 "rubric coded the reply when it was reviewed.")


def csv_rows(cohort: Cohort) -> list[list[str]]:
    """One CSV row per trainee: the trainee table's columns, then the skills."""
    people, skills = trainee_table(cohort), skills_table(cohort)
    rows = [[*people.columns, *skills.columns[1:]]]
    rows += [[*a, *b[1:]] for a, b in zip(people.rows, skills.rows)]
    return rows
