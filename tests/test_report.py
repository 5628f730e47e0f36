"""Report renderers: Markdown, self-contained HTML, transcript CSV/JSONL, the practice log."""
from __future__ import annotations

import csv
import io
import json
import re
import stat

from markupsafe import escape

from simulator.render import session as report
from simulator.session import SessionInfo
from simulator.store import SavedSession, SavedTurn, Store
from simulator.sources import read_utterances

NASTY = "<script>alert(1)</script> [bold]loud[/bold] **stars** & \"quotes\" | pipe"


def saved(**changes) -> SavedSession:
    fields = dict(
        id=7, info=SessionInfo("diabetes_overwhelmed", "Type 2 diabetes: too much", "core", 1,
                               False, "Sam", "2026-03-04T10:20:30+00:00"),
        opening="I don't really know why I'm here.", status="finished",
        finished_at="2026-03-04T10:35:00+00:00", ended="goal_agreed", minutes=14.5, score=71,
        band="good", draft="", turns=2,
        codes={"question.open": 1, "judgement": 1, "reflection.complex": 1},
        report={
            "score": 71, "band": "good",
            "metrics": {"pct_open_questions": 50.0, "reflection_question_ratio": 1.0,
                        "mi_adherent": 0, "goal_turn": None},
            "strengths": ["You reflected the person's worry about work."],
            "next_steps": [{"text": "Ask permission before offering ideas.", "turns": [2],
                            "rewrite": "Would it help if I shared what others found useful?"}],
            "rework": [{"turn": 2, "text": NASTY, "codes": ["judgement"],
                        "why": "It blames the person.", "rewrite": "What gets in the way?"}],
        })
    fields.update(changes)
    return SavedSession(**fields)


TURNS = [
    SavedTurn(1, "What brings you in today?", ("question.open",),
              {"codes": ["question.open"], "evidence": [{"code": "question.open", "start": 0, "end": 4}]},
              "My nurse sent me.", "guarded", "Wary", {"trust": 2.5}, None),
    SavedTurn(2, NASTY, ("judgement", "reflection.complex"), {"codes": ["judgement"]},
              "Line two,\nwith a break.", "guarded", "Wary", {"trust": 1.0}, None),
]


def test_markdown_has_the_score_sections_and_the_transcript():
    text = report.markdown(saved(), TURNS)
    assert text.startswith("# Type 2 diabetes: too much: practice report")
    assert "## Score: 71/100 (good)" in text
    assert "## Strengths" in text and "## Next steps" in text
    assert "(reply 2)" in text and "Try: Would it help" in text
    assert "### Reply 2 (judgement)" in text
    assert "| open questions % | 50 |" in text
    assert "**Coach (1)**: What brings you in today?" in text
    assert "_open question_" in text


def test_markdown_escapes_what_the_trainee_typed():
    text = report.markdown(saved(), TURNS)
    assert "<script>" not in text
    assert "\\<script\\>" in text
    assert "\\*\\*stars\\*\\*" in text
    assert "\\[bold\\]" in text
    assert "\\| pipe" in text


def test_html_is_self_contained_and_escapes_everything():
    page = report.html_page(saved(), TURNS)
    assert page.startswith("<!DOCTYPE html>")
    assert "<style>" in page
    # No external resources: no links, scripts, images or imports of any kind.
    assert not re.search(r"(src|href)\s*=|<script|<link|@import|url\(", page, re.I)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&#34;quotes&#34;" in page
    assert "71/100" in page and 'style="width:71%"' in page
    assert "<h1>Type 2 diabetes: too much: practice report</h1>" in page


def test_an_assessment_is_titled_an_assessment_report_in_html_and_markdown():
    info = SessionInfo("diabetes_overwhelmed", "Type 2 diabetes: too much", "core", 1, True,
                       "Sam", "2026-03-04T10:20:30+00:00")
    page = report.html_page(saved(info=info), TURNS)
    assert "<h1>Type 2 diabetes: too much: assessment report</h1>" in page
    assert "practice report" not in page
    assert report.markdown(saved(info=info), TURNS).startswith(
        "# Type 2 diabetes: too much: assessment report")


def test_every_reply_has_its_evidence_highlighted_and_the_text_still_escaped():
    evidence = [{"code": "question.open", "start": 0, "end": 4},
                {"code": "judgement", "start": 8, "end": 16}]
    text = "What <b>a mess</b> you made"
    assert report.evidence_segments(text, evidence) == [
        ("What", "skill", "open question"), (" <b>", "", ""), ("a mess</", "problem", "judgement"),
        ("b> you made", "", "")]
    page = report.html_page(saved(), TURNS)
    assert '<mark class="skill" title="open question">What</mark> brings you in today?' in page
    assert "<mark" not in page.split("Coach (2):")[1].split("</div>")[0]  # no evidence given
    marked = SavedTurn(1, NASTY, ("judgement",), {"evidence": [
        {"code": "judgement", "start": 0, "end": 8}]}, "Oh.", "guarded", "Wary", {}, None)
    page = report.html_page(saved(), [marked])
    assert '<mark class="problem" title="judgement">&lt;script&gt;</mark>alert(1)' in page


def test_the_trust_importance_and_confidence_line_is_drawn_over_the_turns():
    turns = [SavedTurn(i, "What matters?", ("question.open",), {"codes": ["question.open"]},
                       "Hm.", "guarded", "Wary",
                       {"trust": float(i), "importance": 4.0, "confidence": 2.0}, None)
             for i in (1, 2, 3)]
    chart = report.trajectory_chart(turns)
    assert [s.name for s in chart.series] == ["trust", "importance", "confidence"]
    trust = chart.series[0]
    assert [v for _, _, v in trust.points] == ["1", "2", "3"]
    assert trust.points[0][1] > trust.points[2][1]  # higher trust is drawn higher up
    page = report.html_page(saved(), turns)
    assert 'aria-label="The person&#39;s trust, importance and confidence after each reply"' in page
    assert page.count('<polyline class="line') == 3


def test_the_report_shows_the_trainees_last_five_scores_on_the_scenario():
    earlier = [saved(id=i, score=10 * i, info=SessionInfo(
        "diabetes_overwhelmed", "Type 2 diabetes: too much", "core", 1, False, "Sam",
        f"2026-03-0{i}T09:00:00+00:00")) for i in range(1, 7)]
    chart = report.history_chart(saved(), earlier[:3] + earlier[3:])
    points = chart.series[0].points
    assert [v for _, _, v in points] == ["30", "40", "50", "60", "71"]  # four earlier, this one
    page = report.html_page(saved(), TURNS, earlier=earlier)
    assert "Your last 5 scores on this scenario" in page
    assert "scores on this scenario" not in report.html_page(saved(), TURNS)  # none earlier


def test_only_the_same_trainees_earlier_sessions_on_the_scenario_count(tmp_path):
    from simulator.scenario import load_scenario
    from simulator.session import Session
    from tests.tui.conftest import FIXTURES

    walks = load_scenario(FIXTURES / "app_test_walks.yaml")
    with Store(tmp_path) as store:
        ids = []
        for day, trainee in ((1, "Sam"), (2, "Ann"), (3, "Sam"), (4, "Sam")):
            s = Session(walks, seed=3, recorder=store, trainee=trainee,
                        started_at=f"2026-02-0{day}T09:00:00+00:00")
            s.submit("What does walking mean to you?")
            ids.append(store.current)
            s.finish()
        earlier = report.earlier_sessions(store, store.session(ids[2]))
    assert [s.id for s in earlier] == [ids[0]]


def test_html_of_an_unfinished_session_has_no_score():
    page = report.html_page(saved(status="open", score=None, band=None, report=None), TURNS[:1])
    assert "not finished" in page
    assert 'class="score"' not in page


def test_transcript_csv_and_jsonl_are_the_assess_format(tmp_path):
    rows = list(csv.DictReader(io.StringIO(report.transcript_csv(saved(), TURNS))))
    assert list(rows[0]) == ["session_id", "turn", "speaker", "text"]
    assert [(r["turn"], r["speaker"]) for r in rows] == [
        ("0", "client"), ("1", "coach"), ("1", "client"), ("2", "coach"), ("2", "client")]
    assert rows[3]["text"] == NASTY and rows[4]["text"] == "Line two,\nwith a break."
    lines = [json.loads(x) for x in report.transcript_jsonl(saved(), TURNS).splitlines()]
    assert lines[0] == {"session_id": "2026-03-04-diabetes_overwhelmed-7", "turn": 0,
                        "speaker": "client", "text": "I don't really know why I'm here."}
    # Both read back through the transcript reader that `coachsim assess` uses.
    for name, text in (("t.csv", report.transcript_csv(saved(), TURNS)),
                       ("t.jsonl", report.transcript_jsonl(saved(), TURNS))):
        (tmp_path / name).write_text(text, encoding="utf-8")
        read = list(read_utterances(tmp_path / name))
        assert [u.speaker for u in read] == ["client", "coach", "client", "coach", "client"]
        assert read[3].text == NASTY


def test_practice_log_lists_skills_but_not_problems():
    rows = list(csv.DictReader(io.StringIO(report.practice_log_csv([saved(), saved(id=8, minutes=None)]))))
    assert list(rows[0]) == list(report.LOG_FIELDS)
    first = rows[0]
    assert (first["date"], first["scenario"], first["minutes"], first["turns"], first["score"],
            first["band"]) == ("2026-03-04", "Type 2 diabetes: too much", "14.5", "2", "71", "good")
    assert first["skills practised"] == "open question; complex reflection"
    assert rows[1]["minutes"] == ""


def test_exports_are_written_owner_only_into_the_exports_folder(tmp_path):
    with Store(tmp_path) as store:
        store.db.execute(
            "INSERT INTO sessions (scenario_id, scenario_title, rubric, seed, assessment, started_at,"
            " opening, status) VALUES ('s', 'Title', 'core', 0, 0, '2026-01-01T00:00:00+00:00', "
            "'Hi.', 'finished')")
        paths = report.export_session(store, 1)
        log = report.export_log(store)
    assert [p.name for p in paths] == [f"2026-01-01-s-1.{x}" for x in ("md", "html", "csv", "jsonl")]
    for p in [*paths, log]:
        assert p.parent == tmp_path / "exports"
        assert stat.S_IMODE(p.stat().st_mode) == 0o600
    assert stat.S_IMODE((tmp_path / "exports").stat().st_mode) == 0o700
    assert log.read_text().splitlines()[1].startswith("2026-01-01,Title,")


def test_a_missed_band_condition_is_explained_in_both_reports():
    note = "fair needs 1 reflection per question (0.6 so far)"
    session = saved(score=44, band="below fair",
                    report={**saved().report, "score": 44, "band": "below fair", "band_note": note})
    assert report.md(note) in report.markdown(session, TURNS)
    assert f'<p class="note">{note}</p>' in report.html_page(session, TURNS)
    assert "band_note" not in report.markdown(saved(), TURNS)


def _verdict(turn: str, codes: tuple[str, ...], engine: tuple[str, ...]):
    from simulator.verdicts import Verdict

    return Verdict("s7", turn, "h", "override", engine, codes, "it says back her worry", "Dr Ames")


def test_a_trainers_override_rescores_the_report_beside_the_engines_score():
    removed = {"2": _verdict("2", ("reflection.complex",), ("judgement", "reflection.complex"))}
    kept = {"2": _verdict("2", ("judgement",), ("judgement", "reflection.complex"))}
    score, recoded = report.reviewed_score(saved(), TURNS, removed)
    assert recoded == 1
    # Without the judgement the trainer removed, the session scores higher than with it alone.
    assert score.score > report.reviewed_score(saved(), TURNS, kept)[0].score
    line = f"After trainer review: {score.score}/100 ({score.band}), with the trainers' codes on 1 reply."
    assert str(escape(line)) in report.html_page(saved(), TURNS, removed)
    assert report.md(line) in report.markdown(saved(), TURNS, removed)


def test_an_agreeing_verdict_leaves_the_engines_score_alone():
    agree = {"1": _verdict("1", ("question.open",), ("question.open",))}
    assert report.reviewed_score(saved(), TURNS, agree) is None
    assert "After trainer review" not in report.markdown(saved(), TURNS, agree)
