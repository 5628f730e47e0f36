"""Cohort reports: grouping by trainee, the spread of scores, who is below a band, and the
Markdown and HTML renderings (self-contained, every piece of text escaped)."""
from __future__ import annotations

import re

import pytest

from simulator.assessing import ScoredSession
from simulator.cohort import NO_TRAINEE, Cohort, Spread
from simulator.render.cohort import below_table, csv_rows, report_tables, skills_table, trainee_table
from simulator.render.cohort import bin_label, histogram_lines
from simulator.render.cohort_html import (cohort_html, scores_chart, skill_charts,
                                          trend_charts)
from simulator.render.tables import markdown
from simulator.errors import InputError
from simulator.rubric import SessionScore

BANDS = ["below fair", "fair", "good"]


def session(trainee, score, band, replies=10, **metrics) -> ScoredSession:
    return ScoredSession(f"s{score}-{trainee}", trainee, "x.csv", replies,
                         SessionScore(metrics=metrics, score=score, band=band))


def cohort(target="fair") -> Cohort:
    return Cohort(BANDS, target).extend([
        session("amira", 72, "good", judgement=0, goal_turn=5),
        session("amira", 64, "fair", judgement=1, goal_turn=None),
        session("amira", 30, "below fair", judgement=3, goal_turn=None),
        session("ben", 40, "below fair", replies=20, judgement=4, pct_open_questions=25.0),
        session("ben", 58, "fair", replies=20, judgement=2, pct_open_questions=35.0),
        session("ben", 20, "below fair", replies=20, judgement=2),
        session(None, 90, "good"),
    ])


def test_sessions_are_grouped_by_trainee_with_counts_and_scores():
    c = cohort()
    table = trainee_table(c)
    assert [row[0] for row in table.rows] == ["amira", "ben", NO_TRAINEE]
    amira = dict(zip(table.columns, table.rows[0]))
    assert amira["sessions"] == "3" and amira["replies"] == "30"
    assert amira["mean"] == "55.3" and amira["median"] == "64"
    assert (amira["min"], amira["max"]) == ("30", "72")
    assert amira["at fair+"] == "2/3" and amira["below fair"] == ""
    ben = dict(zip(table.columns, table.rows[1]))
    assert ben["at fair+"] == "1/3" and ben["below fair"] == "yes"


def test_below_band_lists_trainees_with_fewer_than_half_their_sessions_at_the_band():
    assert [t.trainee for t in cohort("fair").below()] == ["ben"]
    # Against good, amira (1 of 3) is below too; the lowest mean comes first.
    assert [t.trainee for t in cohort("good").below()] == ["ben", "amira"]
    table = below_table(cohort("good"))
    assert table.rows[0][:3] == ("ben", "0/3", "39.3")
    assert table.rows[0][3] == "below fair 2, fair 1"


def test_a_band_the_rubric_does_not_have_is_an_input_error():
    with pytest.raises(InputError, match="no competency band 'excellent'"):
        Cohort(BANDS, "excellent")


def test_skills_average_ratios_per_session_and_count_per_ten_replies():
    table = skills_table(cohort())
    columns = table.columns
    ben = dict(zip(columns, table.rows[1]))
    assert ben["open Q %"] == "30"  # mean of 25 and 35; the third session had none
    assert ben["judge /10"] == "1.3"  # 8 judgements over 60 replies
    assert ben["R:Q"] == "-"
    assert ben["MI+ /10"] == "-"  # no session reported it at all
    amira = dict(zip(columns, table.rows[0]))
    assert amira["judge /10"] == "1.3"  # 4 over 30
    assert amira["goal %"] == "33"
    everyone = dict(zip(columns, table.rows[-1]))
    assert everyone["trainee"] == "all trainees"
    assert everyone["judge /10"] == "1.2"  # 12 judgements over 100 replies
    assert everyone["open Q %"] == "30" and everyone["goal %"] == "14"  # 1 of 7 sessions


def test_spread_uses_inclusive_quartiles_and_ten_point_bins():
    spread = Spread.of([10, 20, 30, 40, 50])
    assert (spread.minimum, spread.q1, spread.median, spread.q3, spread.maximum) == (10, 20, 30, 40, 50)
    bins = dict(spread.histogram)
    assert bins[10] == bins[20] == bins[50] == 1 and bins[0] == 0
    assert dict(Spread.of([100, 95]).histogram)[90] == 2  # 100 sits in the top bin
    single = Spread.of([42])
    assert single.q1 == single.median == single.q3 == 42


def test_report_tables_include_the_spread_with_a_text_histogram():
    tables = report_tables(cohort())
    spread = next(t for t in tables if t.title.startswith("Spread"))
    assert spread.rows[0][0] == "7"
    assert any(line.startswith(" 90-100 | ") and line.endswith(" 1") for line in spread.figure)


def test_csv_has_one_row_per_trainee_with_the_skills():
    rows = csv_rows(cohort())
    assert rows[0][0] == "trainee" and "judge /10" in rows[0]
    assert [r[0] for r in rows[1:]] == ["amira", "ben", NO_TRAINEE]
    assert all(len(r) == len(rows[0]) for r in rows)


def test_markdown_escapes_text_that_would_break_the_table():
    c = Cohort(BANDS, "fair").extend([session("ann | *lee*", 60, "fair")])
    text = markdown(report_tables(c))
    assert "ann \\| \\*lee\\*" in text
    row = next(line for line in text.splitlines() if line.startswith("| ann"))
    assert row.count(" | ") == len(trainee_table(c).columns) - 1


def test_html_is_self_contained_and_escapes_every_name():
    evil = '<script>alert("x")</script> & <img src=https://example.org/a.png>'
    c = Cohort(BANDS, "fair").extend([session(evil, 55, "fair"), session("dee", 80, "good")])
    page = cohort_html(c, "Cohort <b>report</b>", min_score=50)
    assert "<script" not in page.lower()
    assert not re.search(r"https?://", page.replace("https://example.org", "")), \
        "only the escaped text of a name may contain a URL"
    assert "src=" not in page.replace("src=https://example.org", "")
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; &lt;img" in page
    assert "<title>Cohort &lt;b&gt;report&lt;/b&gt;</title>" in page
    # The histogram, the scores per trainee and the three skills (one session each: no trends).
    assert page.count("<svg") == 5
    assert "<link" not in page and "@import" not in page and "url(" not in page


def test_html_links_and_scripts_from_names_never_become_tags():
    c = Cohort(BANDS, "fair").extend([session('"><a href="http://x">', 50, "fair")])
    page = cohort_html(c)
    assert "<a " not in page
    assert "&#34;&gt;&lt;a href=&#34;http://x&#34;&gt;" in page


def test_the_last_histogram_bin_has_one_name_in_text_and_html():
    c = Cohort(BANDS, "fair").extend([session("amy", 100, "good"), session("amy", 93, "good")])
    assert bin_label(90) == "90-100" and bin_label(80) == "80-89"
    assert histogram_lines(c.spread())[-1].startswith(" 90-100 |")
    page = cohort_html(c)
    assert "<title>90-100: 2</title>" in page and "90-99" not in page


def test_below_five_sessions_a_trainee_is_dots_from_five_a_box():
    few = [session("amy", s, "fair") for s in (50, 60, 70)]
    many = [session("bo", s, "fair") for s in (40, 50, 55, 60, 80)]
    chart = scores_chart(Cohort(BANDS, "fair").extend(few + many), 50)
    amy, bo = chart.rows
    assert len(amy.dots) == 3 and amy.box is None
    assert bo.box is not None and not bo.dots
    page = cohort_html(Cohort(BANDS, "fair").extend(few + many), min_score=50)
    assert page.count('class="scoredot"') == 3 and page.count('class="box"') == 1


def test_skills_are_charted_against_every_bands_line():
    from simulator.rubric import load_rubric

    rubric = load_rubric("core")
    c = Cohort.for_rubric(rubric).extend([
        session("amy", 60, "fair", pct_open_questions=80.0, reflection_question_ratio=1.5,
                pct_complex_reflections=30.0)])
    charts = skill_charts(c, rubric)
    assert [chart.title for chart in charts] == [
        "Open questions as % of questions", "Reflections per question",
        "Complex reflections as % of reflections"]
    bands = rubric.scoring.bands
    ratio = charts[1]
    assert {line.label.split()[0] for line in ratio.lines} == set(bands)
    assert any(line.label == f"fair {bands['fair'].reflection_question_ratio:.2g}"
               for line in ratio.lines)
    assert ratio.rows[0].value == "1.5"


def test_each_trainees_scores_are_drawn_over_time_in_date_order():
    c = Cohort(BANDS, "fair")
    for sid, score in (("2026-02-03-walks-9", 70), ("2026-01-05-walks-2", 40),
                       ("2026-01-20-walks-5", 55)):
        c.add(ScoredSession(sid, "amy", "x.db", 10, SessionScore(metrics={}, score=score,
                                                                 band="fair")))
    ((name, chart),) = trend_charts(c, 50)
    assert name == "amy"
    assert [value for _, _, value in chart.series[0].points] == ["40", "55", "70"]
    assert [t.label for t in chart.x_ticks][0] == "2026-01-05"
    assert chart.rules[0].label == "fair 50"
    page = cohort_html(c, min_score=50)
    assert 'aria-label="Scores of amy over time"' in page
