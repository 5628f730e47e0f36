"""The cohort report as one self-contained HTML page (the ``cohort.html.j2`` template): what it
was made from (date, input files, rubric and version), the tables, and charts as inline SVG:
the spread of scores, each trainee's scores (dots below five sessions, a box plot from five),
each skill against the bands' lines, and each trainee's scores over time.

Nothing is fetched (no links to other sites, no scripts, no fonts) so the page can be emailed or
opened offline; the template engine escapes every piece of text (trainee names come from files).
"""
from __future__ import annotations

import hashlib
import re
from typing import TYPE_CHECKING, Sequence

from simulator import __version__
from simulator.cohort import SKILLS, Cohort
from simulator.render.charts import (BarChart, LineChart, RowChart, bar_chart, line_chart,
                                     skill_chart, spread_chart)
from simulator.render.cohort import bin_label, report_tables
from simulator.render.glossary import GLOSSARY
from simulator.render.html import render
from simulator.words import plural

if TYPE_CHECKING:
    from simulator.rubric import Rubric

#: Skills charted against the bands: (metric key, chart title, the band's field, its scale).
BAND_SKILLS = (
    ("pct_open_questions", "Open questions as % of questions", "open_question_share", 100),
    ("reflection_question_ratio", "Reflections per question", "reflection_question_ratio", 1),
    ("pct_complex_reflections", "Complex reflections as % of reflections",
     "complex_reflection_share", 100),
)
_DATED = re.compile(r"^\d{4}-\d{2}-\d{2}")


def rubric_fingerprint(rubric: "Rubric") -> str:
    """A short hash of the rubric's whole content: two reports coded alike show the same one."""
    return hashlib.sha256(rubric.model_dump_json().encode()).hexdigest()[:10]


def histogram(cohort: Cohort) -> BarChart | None:
    """Sessions per 10-point score bin (the last bin is 90-100, as in the text report)."""
    spread = cohort.spread()
    if spread is None:
        return None
    return bar_chart([(bin_label(start), count) for start, count in spread.histogram])


def scores_chart(cohort: Cohort, min_score: int | None) -> RowChart | None:
    """Each trainee's session scores against the target band's score."""
    if not cohort.trainees:
        return None
    lines = {cohort.target: min_score} if min_score is not None else {}
    return spread_chart("Scores per trainee", [(t.trainee, t.scores) for t in cohort.ordered()],
                        lines)


def skill_charts(cohort: Cohort, rubric: "Rubric | None") -> list[RowChart]:
    """Each banded skill: a bar per trainee, a line at each band's threshold."""
    how = {key: agg for key, _, agg, _ in SKILLS}
    bands = sorted(rubric.scoring.bands.items(), key=lambda b: b[1].min_score) if rubric else []
    charts = []
    for key, title, field, scale in BAND_SKILLS:
        values = [(t.trainee, t.skill(key, how[key])) for t in cohort.ordered()]
        lines = {name: getattr(band, field) * scale for name, band in bands}
        top = max([v for _, v in values if v is not None] + list(lines.values()) + [scale])
        x_max = 100 if scale == 100 else max(2.0, float(round(top + 0.5)))
        charts.append(skill_chart(title, values, x_max, lines,
                                  fmt="{:.0f}" if scale == 100 else "{:.2g}"))
    return charts


def trend_charts(cohort: Cohort, min_score: int | None) -> list[tuple[str, LineChart]]:
    """Each trainee's scores over time (by the sessions' dates when the ids carry them, as the
    app's exports do; else in the order given), with the target band's score as a line."""
    charts = []
    for t in cohort.ordered():
        if len(t.scores) < 2:
            continue
        pairs = list(zip(t.session_ids, t.scores))
        dated = all(_DATED.match(sid) for sid, _ in pairs)
        if dated:
            pairs.sort(key=lambda p: p[0])
        labels = [sid[:10] if dated else str(i) for i, (sid, _) in enumerate(pairs, start=1)]
        rules = {f"{cohort.target} {min_score}": min_score} if min_score is not None else {}
        charts.append((t.trainee, line_chart({"score": [s for _, s in pairs]}, labels, 100,
                                             width=420, height=150, rules=rules, y_step=25,
                                             css={"score": "score-line"})))
    return charts


def cohort_html(cohort: Cohort, title: str = "Cohort report", min_score: int | None = None, *,
                rubric: "Rubric | None" = None, inputs: Sequence[str] = (),
                generated: str = "") -> str:
    """The whole report page. ``min_score`` is the target band's score (a line on the charts);
    ``inputs`` the files read; ``generated`` the date it was made."""
    tables = report_tables(cohort)
    about = [("made", generated or "-"), ("input files", ", ".join(inputs) or "-")]
    if rubric is not None:
        about.append(("rubric", f"{rubric.title} ({rubric.id}, fingerprint "
                                f"{rubric_fingerprint(rubric)})"))
    about.append(("coachsim", __version__))
    return render(
        "cohort.html.j2", title=title, about=about,
        lead=f"{plural(cohort.sessions, 'session')}, {plural(len(cohort.trainees), 'trainee')}",
        target=cohort.target, tables=tables, histogram=histogram(cohort),
        scores=scores_chart(cohort, min_score), skills=skill_charts(cohort, rubric),
        trends=trend_charts(cohort, min_score), glossary=GLOSSARY)
