"""The supervision portfolio: practice hours, journeys, skills against band targets,
reflections, best and instructive replies, plans; Markdown and self-contained HTML."""
from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from simulator.cli import cli
from simulator.errors import InputError
from simulator.journey import begin_appointment, carry_over
from simulator.paths import SCENARIOS_DIR
from simulator.portfolio import SHOWN, build
from simulator.reflections import Reflection
from simulator.render.portfolio import render
from simulator.render.session import practice_log_csv
from simulator.rubric import load_rubric
from simulator.scenario import load_scenario
from simulator.store import Store

SMOKING = load_scenario(SCENARIOS_DIR / "smoking_ambivalent.yaml")
CORE = load_rubric("core")
SCRIPTS = (
    ["What does smoking do for you?", "I think the best thing is to set a quit date for Monday and stop completely."],
    ["It's your decision what you do about smoking, not mine.",
     "You came back anyway, even though you expected a lecture."],
    ["You were doing well, and then it all came back at once."],
)


def journey(store: Store, started: str, appointments: int = 3, reflect: str = "") -> int:
    """Play a journey into the store, starting on ``started`` (an ISO date)."""
    previous, first = None, None
    for number, replies in enumerate(SCRIPTS[:appointments], start=1):
        session = begin_appointment(SMOKING, number, previous, seed=1, recorder=store,
                                    journey=first, started_at=f"{started}T10:0{number}:00+00:00")
        session_id = store.current
        first = first or session_id
        for reply in replies:
            session.submit(reply)
        session.finish()
        previous = carry_over(session)
        store.save_note(session_id, "carried_out", previous.to_dict())
        if reflect:
            store.save_note(session_id, "reflection", Reflection(went_well=reflect).model_dump())
    return first


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path) as opened:
        yield opened


def test_a_completed_journey_and_one_under_way_are_told_apart(store):
    journey(store, "2026-03-02")
    journey(store, "2026-04-06", appointments=1)
    portfolio = build(store, CORE, {"smoking_ambivalent": 3})
    assert [j.total for j in portfolio.journeys_completed] == [3]
    assert [sorted(j.appointments) for j in portfolio.journeys_under_way] == [[1]]
    assert portfolio.months == ["2026-03", "2026-04"]
    assert portfolio.sessions == 4


def test_the_period_keeps_only_sessions_between_from_and_to_inclusive(store):
    journey(store, "2026-03-02", appointments=1)
    journey(store, "2026-03-31", appointments=1)
    journey(store, "2026-04-01", appointments=1)
    portfolio = build(store, CORE, {}, start="2026-03-03", end="2026-03-31")
    assert portfolio.sessions == 1
    assert portfolio.months == ["2026-03"]


def test_skills_are_shown_against_the_rubrics_band_targets(store):
    journey(store, "2026-03-02")
    text = render(build(store, CORE, {"smoking_ambivalent": 3}))
    fair = CORE.scoring.bands["fair"]
    assert f"| target: fair | {fair.reflection_question_ratio:g} | {fair.complex_reflection_share * 100:g} |" in text


def test_the_instructive_reply_comes_with_why_and_a_rewrite(store):
    journey(store, "2026-03-02")
    portfolio = build(store, CORE, {"smoking_ambivalent": 3})
    [worst, *_] = portfolio.instructive
    assert worst.text.startswith("I think the best thing is to set a quit date")
    assert worst.rewrite and worst.why
    assert all("judgement" not in r.codes for r in portfolio.best)


def test_only_the_most_recent_reflections_are_kept_however_long_the_log(store):
    for day in range(1, 26):
        journey(store, f"2026-05-{day:02d}", appointments=1, reflect=f"day {day}")
    portfolio = build(store, CORE, {})
    assert portfolio.reflection_count == 25
    assert len(portfolio.reflections) == SHOWN
    assert portfolio.reflections[-1][3] == [("What went well", "day 25")]
    assert f"The {SHOWN} most recent of 25." in render(portfolio)


def test_html_is_one_self_contained_page_with_the_trainees_words_escaped(store):
    journey(store, "2026-03-02", appointments=1, reflect="<script>alert(1)</script> & more")
    page = render(build(store, CORE, {}), "html", trainee="Sam <Lee>")
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; more" in page
    assert "Sam &lt;Lee&gt;" in page
    assert "<script" not in page
    assert not re.search(r"""(src|href)=["']?(https?:|//)""", page)


def test_markdown_escapes_the_trainees_words(store):
    journey(store, "2026-03-02", appointments=1, reflect="*not* <b>bold</b>")
    assert r"\*not\* \<b\>bold\</b\>" in render(build(store, CORE, {}))


def test_the_practice_log_gains_the_appointment_and_the_reflection(store):
    journey(store, "2026-03-02", appointments=2, reflect="stayed with him")
    log = practice_log_csv(store.finished())
    header, first, second = log.splitlines()[:3]
    assert header == "date,scenario,appointment,minutes,turns,score,band,skills practised,reflection"
    assert ",1," in first and ",2," in second
    assert second.endswith("What went well: stayed with him")


def test_the_command_writes_an_owner_only_file_and_prints_its_path(tmp_path):
    with Store(tmp_path) as opened:
        journey(opened, "2026-03-02")
    result = CliRunner().invoke(cli, ["--data-dir", str(tmp_path), "portfolio", "--from",
                                      "2026-03-01", "--to", "2026-03-31", "--format", "html"])
    assert result.exit_code == 0, result.output
    path = tmp_path / "exports" / "portfolio-2026-03-01-to-2026-03-31.html"
    assert result.output.strip() == str(path)
    assert (path.stat().st_mode & 0o777) == 0o600
    assert "1 completed" in path.read_text()


@pytest.mark.parametrize("args, message", [
    (["--from", "March"], "--from 'March' is not a date; write it as YYYY-MM-DD"),
    (["--from", "2026-04-01", "--to", "2026-03-01"], "--from 2026-04-01 is after --to 2026-03-01"),
])
def test_a_bad_date_is_one_line(tmp_path, args, message):
    result = CliRunner().invoke(cli, ["--data-dir", str(tmp_path), "portfolio", *args])
    assert isinstance(result.exception, InputError)
    assert message in str(result.exception)
