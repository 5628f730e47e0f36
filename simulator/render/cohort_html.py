"""The cohort report as one self-contained HTML page: inline CSS, charts as inline SVG.

Nothing is fetched (no links to other sites, no scripts, no fonts) so the page can be emailed or
opened offline, and every piece of text (trainee names come from files) is HTML-escaped.
"""
from __future__ import annotations

import statistics
from html import escape

from simulator.cohort import Cohort, Spread
from simulator.render.cohort import report_tables
from simulator.render.tables import Table
from simulator.words import plural

_CSS = """
body{font:15px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:64rem;padding:0 1rem;color:#1d2430}
h1{font-size:1.5rem}h2{font-size:1.15rem;margin-top:2rem}
table{border-collapse:collapse;margin:.5rem 0}th,td{padding:.25rem .6rem;border-bottom:1px solid #d5dae1}
th{text-align:left;background:#f1f4f8}td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
p.note{color:#4a5565;font-style:italic}
svg{display:block;margin:.5rem 0}svg text{font:12px system-ui,sans-serif;fill:#1d2430}
.bar{fill:#3d6fb4}.box{fill:#cfe0f5;stroke:#3d6fb4}.line{stroke:#3d6fb4;stroke-width:2}
.axis{stroke:#8893a2}.target{stroke:#b4443d;stroke-dasharray:4 3}
"""


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def table_html(table: Table) -> str:
    """A table as HTML, every cell escaped."""
    parts = [f"<h2>{_e(table.title)}</h2>"]
    if table.rows:
        def cell(tag: str, i: int, text: str) -> str:
            cls = ' class="n"' if i in table.numeric else ""
            return f"<{tag}{cls}>{_e(text)}</{tag}>"
        head = "".join(cell("th", i, c) for i, c in enumerate(table.columns))
        body = "".join("<tr>" + "".join(cell("td", i, c) for i, c in enumerate(row)) + "</tr>"
                       for row in table.rows)
        parts.append(f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")
    if table.note:
        parts.append(f'<p class="note">{_e(table.note)}</p>')
    return "\n".join(parts)


def histogram_svg(spread: Spread, width: int = 520, height: int = 180) -> str:
    """Sessions per 10-point score bin as an SVG bar chart."""
    left, bottom, top = 36, 24, 10
    plot_w, plot_h = width - left - 8, height - bottom - top
    peak = max(count for _, count in spread.histogram) or 1
    step = plot_w / len(spread.histogram)
    parts = [f'<svg width="{width}" height="{height}" '
             f'role="img" aria-label="Histogram of session scores">',
             f'<line class="axis" x1="{left}" y1="{top + plot_h}" x2="{left + plot_w}" '
             f'y2="{top + plot_h}"/>',
             f'<text x="2" y="{top + 10}">{peak}</text>']
    for i, (start, count) in enumerate(spread.histogram):
        h = plot_h * count / peak
        x = left + i * step
        parts.append(f'<rect class="bar" x="{x + 2:.1f}" y="{top + plot_h - h:.1f}" '
                     f'width="{step - 4:.1f}" height="{h:.1f}"><title>{start}-{start + 9}: '
                     f'{plural(count, "session")}</title></rect>')
        parts.append(f'<text x="{x + 2:.1f}" y="{height - 6}">{start}</text>')
    parts.append("</svg>")
    return "".join(parts)


def boxplot_svg(cohort: Cohort, min_score: int | None = None, width: int = 640) -> str:
    """One box per trainee (min, quartiles, max) on a 0-100 axis; a dashed line at the band."""
    label_w, row_h, top = 170, 26, 8
    trainees = cohort.ordered()
    plot_w = width - label_w - 16
    height = top + row_h * len(trainees) + 24

    def x(score: float) -> float:
        return label_w + plot_w * score / 100

    parts = [f'<svg width="{width}" height="{height}" '
             f'role="img" aria-label="Scores per trainee">']
    for i, t in enumerate(trainees):
        s = Spread.of(t.scores)
        y = top + i * row_h
        mid = y + row_h / 2
        name = t.trainee if len(t.trainee) <= 24 else t.trainee[:23] + "\u2026"
        parts.append(f'<text x="4" y="{mid + 4:.1f}">{_e(name)}</text>')
        parts.append(f'<line class="line" x1="{x(s.minimum):.1f}" y1="{mid:.1f}" '
                     f'x2="{x(s.maximum):.1f}" y2="{mid:.1f}"/>')
        parts.append(f'<rect class="box" x="{x(s.q1):.1f}" y="{y + 5}" '
                     f'width="{max(x(s.q3) - x(s.q1), 1):.1f}" height="{row_h - 10}">'
                     f'<title>{_e(t.trainee)}: median {statistics.median(t.scores):g}</title></rect>')
        parts.append(f'<line class="line" x1="{x(s.median):.1f}" y1="{y + 5}" '
                     f'x2="{x(s.median):.1f}" y2="{y + row_h - 5}"/>')
    axis_y = top + row_h * len(trainees) + 4
    parts.append(f'<line class="axis" x1="{x(0)}" y1="{axis_y}" x2="{x(100)}" y2="{axis_y}"/>')
    for tick in range(0, 101, 20):
        parts.append(f'<text x="{x(tick) - 6:.1f}" y="{axis_y + 16}">{tick}</text>')
    if min_score is not None:
        parts.append(f'<line class="target" x1="{x(min_score):.1f}" y1="{top}" '
                     f'x2="{x(min_score):.1f}" y2="{axis_y}"><title>{_e(cohort.target)} needs '
                     f'{min_score}+</title></line>')
    parts.append("</svg>")
    return "".join(parts)


def cohort_html(cohort: Cohort, title: str = "Cohort report", min_score: int | None = None) -> str:
    """The whole report page. ``min_score`` draws the target band's score bar on the chart."""
    tables = report_tables(cohort)
    spread = cohort.spread()
    body = [f"<h1>{_e(title)}</h1>",
            f"<p>{plural(cohort.sessions, 'session')}, {plural(len(cohort.trainees), 'trainee')}; "
            f"target band: <strong>{_e(cohort.target)}</strong>.</p>"]
    for table in tables:
        body.append(table_html(table))
        if table.figure and spread is not None:
            body.append(histogram_svg(spread))
    if cohort.trainees:
        body += ["<h2>Scores per trainee</h2>", boxplot_svg(cohort, min_score)]
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            f"<title>{_e(title)}</title><style>{_CSS}</style></head>\n<body>\n"
            + "\n".join(body) + "\n</body></html>\n")
