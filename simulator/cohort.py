"""Cohort reports: scored sessions grouped by trainee, with the spread of scores and who is
below a competency band, as plain tables that the terminal, Markdown, CSV and HTML renderers share.

Sessions arrive one at a time and only bounded state is kept per trainee (counts, sums and the
list of session scores), so a cohort of any size is summarised in flat memory.
"""
from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Iterable, Sequence

from simulator.codes import LABELS
from simulator.errors import InputError

if TYPE_CHECKING:
    from simulator.assessing import ScoredSession
    from simulator.verdicts import Verdict
    from simulator.rubric import Rubric

#: The name used when a session says nothing about whose it is.
NO_TRAINEE = "(no trainee)"

#: Per-skill columns: (metric key, short heading, how to average it, what the heading means).
#: "mean" averages the session values; "per10" is a count per 10 coach replies.
SKILLS: tuple[tuple[str, str, str, str], ...] = (
    ("pct_open_questions", "open Q %", "mean", "open questions as % of questions"),
    ("reflection_question_ratio", "R:Q", "mean", "reflections per question"),
    ("pct_complex_reflections", "complex R %", "mean", "complex reflections as % of reflections"),
    ("mi_adherent", "MI+ /10", "per10", "affirmations, autonomy and permission per 10 replies"),
    ("mi_non_adherent", "MI- /10", "per10", "judgement and unsolicited advice per 10 replies"),
    ("judgement", "judge /10", "per10", "judgements per 10 replies"),
    ("advice_unsolicited", "advice /10", "per10", "unsolicited advice per 10 replies"),
)
#: Width of a histogram bin, in score points.
BIN = 10


def band_order(rubric: "Rubric") -> list[str]:
    """The rubric's competency bands from lowest to highest (the 'below' band first)."""
    bands = sorted(rubric.scoring.bands.items(), key=lambda item: item[1].min_score)
    return [rubric.scoring.below, *(name for name, _ in bands)]


@dataclass
class TraineeStats:
    """What is kept per trainee: counts and sums, plus the list of session scores."""

    trainee: str
    sessions: int = 0
    replies: int = 0
    scores: list[int] = field(default_factory=list)
    bands: Counter = field(default_factory=Counter)
    at_band: int = 0
    goals: int = 0
    sums: dict[str, float] = field(default_factory=dict)
    counted: dict[str, int] = field(default_factory=dict)

    def skill(self, key: str, how: str) -> float | None:
        """The trainee's average for a per-skill column (``None`` when no session had it)."""
        n = self.counted.get(key, 0)
        if not n:
            return None
        if how == "per10":
            return 10 * self.sums[key] / self.replies if self.replies else None
        return self.sums[key] / n

    @property
    def mean(self) -> float:
        return statistics.fmean(self.scores)


@dataclass(frozen=True)
class Spread:
    """Five-number summary and histogram of a list of scores."""

    n: int
    minimum: int
    q1: float
    median: float
    q3: float
    maximum: int
    histogram: tuple[tuple[int, int], ...]  # (bin start, sessions in it), BIN points wide

    @classmethod
    def of(cls, scores: Sequence[int]) -> "Spread":
        """Summarise scores (0-100); quartiles by the inclusive method, as spreadsheets do."""
        if not scores:
            raise ValueError("no scores")
        if len(scores) == 1:
            q1 = median = q3 = float(scores[0])
        else:
            q1, median, q3 = statistics.quantiles(scores, n=4, method="inclusive")
        bins = Counter(min(score // BIN, 100 // BIN - 1) for score in scores)
        histogram = tuple((b * BIN, bins.get(b, 0)) for b in range(100 // BIN))
        return cls(len(scores), min(scores), q1, median, q3, max(scores), histogram)


class Cohort:
    """Accumulates scored sessions by trainee against a target competency band."""

    def __init__(self, bands: Sequence[str], target: str) -> None:
        if target not in bands:
            raise InputError(f"no competency band {target!r} in this rubric; bands: "
                             f"{', '.join(bands[1:])}")
        self.bands = list(bands)
        self.target = target
        self._rank = {name: i for i, name in enumerate(self.bands)}
        self.trainees: dict[str, TraineeStats] = {}
        #: Trainer verdicts that replaced the engine's codes in the sessions counted.
        self.overrides: list["Verdict"] = []

    @classmethod
    def for_rubric(cls, rubric: "Rubric", target: str = "fair") -> "Cohort":
        """A cohort judged against ``target``, one of the rubric profile's bands."""
        return cls(band_order(rubric), target)

    def add(self, session: "ScoredSession") -> None:
        """Count one scored session towards its trainee."""
        name = session.trainee or NO_TRAINEE
        stats = self.trainees.get(name)
        if stats is None:
            stats = self.trainees[name] = TraineeStats(name)
        score = session.score
        stats.sessions += 1
        stats.replies += session.replies
        self.overrides.extend(session.overrides)
        stats.scores.append(score.score)
        stats.bands[score.band] += 1
        if self.reaches(score.band):
            stats.at_band += 1
        metrics = score.metrics
        if metrics.get("goal_turn") is not None:
            stats.goals += 1
        for key, *_ in SKILLS:
            value = metrics.get(key)
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                stats.sums[key] = stats.sums.get(key, 0.0) + value
                stats.counted[key] = stats.counted.get(key, 0) + 1

    def rank(self, band: str) -> int:
        """A band's place from the lowest (0); a band the rubric does not name ranks below all."""
        return self._rank.get(band, -1)

    def reaches(self, band: str) -> bool:
        """Whether a session's band is the target band or above."""
        return self.rank(band) >= self._rank[self.target]

    def extend(self, sessions: Iterable["ScoredSession"]) -> "Cohort":
        """Add every session; returns the cohort."""
        for session in sessions:
            self.add(session)
        return self

    def ordered(self) -> list[TraineeStats]:
        """Trainees by name, sessions without a trainee last."""
        return [self.trainees[name] for name in
                sorted(self.trainees, key=lambda n: (n == NO_TRAINEE, n.casefold()))]

    def below(self) -> list[TraineeStats]:
        """Trainees fewer than half of whose sessions reach the target band, lowest mean first."""
        return sorted((t for t in self.trainees.values() if 2 * t.at_band < t.sessions),
                      key=lambda t: (t.mean, t.trainee))

    def spread(self) -> Spread | None:
        """The spread of every session score in the cohort."""
        scores = [s for t in self.trainees.values() for s in t.scores]
        return Spread.of(scores) if scores else None

    @property
    def sessions(self) -> int:
        return sum(t.sessions for t in self.trainees.values())

    def combined(self) -> TraineeStats:
        """Every trainee's counts and sums together (the cohort's skill averages; no scores)."""
        total = TraineeStats("all trainees")
        for t in self.trainees.values():
            total.sessions += t.sessions
            total.replies += t.replies
            total.goals += t.goals
            for key, value in t.sums.items():
                total.sums[key] = total.sums.get(key, 0.0) + value
                total.counted[key] = total.counted.get(key, 0) + t.counted[key]
        return total


# ---------------------------------------------------------------- tables

@dataclass(frozen=True)
class Table:
    """A titled table of text cells, rendered alike by every output format."""

    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    #: Columns to right-align (numbers).
    numeric: frozenset[int] = frozenset()
    note: str = ""
    #: Preformatted lines shown after the table (a text chart).
    figure: tuple[str, ...] = ()


def fmt(value: float | int | None, digits: int = 1) -> str:
    """A number for a table cell: integers as they are, others rounded; ``-`` for none."""
    if value is None:
        return "-"
    if isinstance(value, int) or float(value).is_integer():
        return str(int(value))
    return f"{value:.{digits}f}"


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
        end = start + BIN - 1 if start + BIN < 100 else 100
        bar = "#" * (round(width * count / peak) if count else 0)
        lines.append(f"{start:>3}-{end:<3} | {bar} {count}")
    return lines


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


def overrides_table(verdicts: Iterable["Verdict"]) -> Table:
    """Replies whose codes a trainer overrode: the scores above count the trainer's codes."""
    def words(codes: Iterable[str]) -> str:
        return ", ".join(LABELS.get(c, c) for c in codes) or "no code"

    rows = tuple((v.source, v.turn, words(v.engine_codes), words(v.codes), v.trainer, v.reason)
                 for v in verdicts)
    return Table("Trainer overrides applied",
                 ("session", "turn", "engine", "trainer's codes", "trainer", "because"), rows,
                 note="Scores count the trainer's codes for these replies; 'engine' is how the "
                 "rubric coded the reply when it was reviewed.")


# ---------------------------------------------------------------- renderers

def markdown(tables: Iterable[Table]) -> str:
    """Tables as GitHub-flavoured Markdown; cell text is escaped so it cannot break the table."""
    out: list[str] = []
    for table in tables:
        out += [f"## {md_cell(table.title)}", ""]
        if table.rows:
            out.append("| " + " | ".join(md_cell(c) for c in table.columns) + " |")
            out.append("|" + "".join(" ---: |" if i in table.numeric else " --- |"
                                     for i in range(len(table.columns))))
            out += ["| " + " | ".join(md_cell(c) for c in row) + " |" for row in table.rows]
            out.append("")
        if table.note:
            out += [md_cell(table.note), ""]
        if table.figure:
            out += ["```", *table.figure, "```", ""]
    return "\n".join(out)


def md_cell(text: str) -> str:
    """Text for a Markdown table cell: specials escaped, one line."""
    # Pipes split cells; other Markdown specials would format a trainee's name or reply text.
    text = str(text).replace("\\", "\\\\").replace("\n", " ").replace("\r", " ")
    for ch in "|*_`[]<>#":
        text = text.replace(ch, "\\" + ch)
    return text


def rich_tables(tables: Iterable[Table]) -> list:
    """Tables as Rich renderables for the terminal (text is never read as markup)."""
    from rich import box
    from rich.table import Table as RichTable
    from rich.text import Text

    out: list = []
    for table in tables:
        if table.rows:
            # No vertical rules: nine columns still fit in 80 characters.
            rich = RichTable(title=Text(table.title, style="bold"), title_justify="left",
                             box=box.SIMPLE_HEAD, pad_edge=False)
            for i, column in enumerate(table.columns):
                # The first column (names) keeps room for a short name when space is tight.
                rich.add_column(Text(column), justify="right" if i in table.numeric else "left",
                                min_width=12 if i == 0 else None)
            for row in table.rows:
                rich.add_row(*(Text(cell) for cell in row))
            out.append(rich)
        else:
            out.append(Text(table.title, style="bold"))
        if table.note:
            out.append(Text(table.note, style="italic"))
        if table.figure:
            out.append(Text("\n".join(table.figure)))
        out.append(Text(""))
    return out


def print_tables(tables: Iterable[Table], lead: str = "") -> None:
    """Print tables to standard output with Rich: the terminal's width, or 120 columns when
    the output goes to a file or pipe (80 would squeeze the nine-column tables)."""
    import os

    from rich.console import Console
    from rich.text import Text

    console = Console(highlight=False)
    if not console.is_terminal and "COLUMNS" not in os.environ:
        console.width = 120
    if lead:
        console.print(Text(lead), soft_wrap=True)
        console.print(Text(""))
    for renderable in rich_tables(tables):
        console.print(renderable)


def csv_rows(cohort: Cohort) -> list[list[str]]:
    """One CSV row per trainee: the trainee table's columns, then the skills."""
    people, skills = trainee_table(cohort), skills_table(cohort)
    rows = [[*people.columns, *skills.columns[1:]]]
    rows += [[*a, *b[1:]] for a, b in zip(people.rows, skills.rows)]
    return rows
