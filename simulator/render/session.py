"""Renderers for saved sessions: Markdown and self-contained HTML reports, the transcript in
the ``assess`` input format (CSV, JSONL), and the practice log (CSV) for a portfolio.

They read what the store keeps (:class:`~simulator.store.SavedSession` and its turns), so a
report looks the same from the end screen, the history screen and the command line. Every
piece of text a trainee typed or a scenario wrote is escaped for the format it lands in.
"""
from __future__ import annotations

import io
import json
import re
from pathlib import Path
from typing import Iterable, Mapping, Sequence

from simulator.codes import LABELS, PROBLEMS
from simulator.render import notes
from simulator.csvcells import write_records
from simulator.errors import InputError
from simulator.review import Verdicts, by_turn
from simulator.verdicts import Verdict, ordered
from simulator.rubric import Coding, Scorer, SessionScore, load_rubric
from simulator.files import write_private
from simulator.render.charts import LineChart, line_chart
from simulator.render.glossary import GLOSSARY
from simulator.render.html import render
from simulator.reflections import Reflection
from simulator.store import SavedDrill, SavedSession, SavedTurn, Store
from simulator.words import MEASURES, labels, plural, where

#: A session's trainer verdicts by turn (see :func:`session_verdicts`).
TurnVerdicts = Mapping[str, Verdict]

#: Session measures shown in reports, in order, with plain labels.
METRICS: tuple[tuple[str, str], ...] = tuple(
    (key, MEASURES[key]) for key in ("pct_open_questions", "reflection_question_ratio",
                                     "pct_complex_reflections", "mi_adherent", "mi_non_adherent",
                                     "goal_turn"))
TRANSCRIPT_FIELDS = ("session_id", "turn", "speaker", "text")
LOG_FIELDS = ("date", "scenario", "appointment", "minutes", "turns", "score", "band",
              "skills practised", "reflection")
LOG_NAME = "practice-log.csv"
ENDINGS = {"goal_agreed": "a goal of the person's own was agreed",
           "disengaged": "the person disengaged", "turn_limit": "the time ran out"}


def plain(value: object) -> str:
    """A metric value as short text (floats to at most two places, missing as a dash)."""
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.2f}".rstrip("0").rstrip(".")
    return str(value)


def skills_practised(session: SavedSession) -> list[str]:
    """The skills a session used, in plain words (problem codes are not skills)."""
    return [LABELS.get(c, c) for c in session.codes if c not in PROBLEMS]


def outcome(session: SavedSession) -> str:
    """How the session ended, in words."""
    if session.status != "finished":
        return "not finished"
    return ENDINGS.get(session.ended or "", "stopped by the trainee")


# -- transcript and log ----------------------------------------------------------------------
def transcript_rows(session: SavedSession, turns: Sequence[SavedTurn]) -> list[dict]:
    """The conversation as ``assess`` rows: the opening as the client's turn 0, then each
    coach reply and the answer to it."""
    rows = [{"session_id": session.key, "turn": 0, "speaker": "client", "text": session.opening}]
    for t in turns:
        rows.append({"session_id": session.key, "turn": t.turn, "speaker": "coach", "text": t.coach})
        rows.append({"session_id": session.key, "turn": t.turn, "speaker": "client", "text": t.patient})
    return rows


def _csv(fields: Sequence[str], rows: Iterable[dict]) -> str:
    out = io.StringIO()
    write_records(out, fields, rows)
    return out.getvalue()


def transcript_csv(session: SavedSession, turns: Sequence[SavedTurn]) -> str:
    """The transcript as CSV (columns session_id, turn, speaker, text)."""
    return _csv(TRANSCRIPT_FIELDS, transcript_rows(session, turns))


def transcript_jsonl(session: SavedSession, turns: Sequence[SavedTurn]) -> str:
    """The transcript as JSON lines with the same keys as the CSV."""
    return "".join(json.dumps(row, ensure_ascii=False) + "\n"
                   for row in transcript_rows(session, turns))


def practice_log_csv(sessions: Iterable[SavedSession], drills: Iterable[SavedDrill] = ()) -> str:
    """One row per finished session (date, scenario, minutes, turns, score, band, skills), then
    one per drill ("drill: title"; turns are the items, the band says whether it passed)."""
    rows = [{
        "date": s.info.started_at[:10], "scenario": s.info.scenario_title,
        "appointment": s.info.appointment,
        "minutes": "" if s.minutes is None else f"{s.minutes:.1f}", "turns": s.turns,
        "score": "" if s.score is None else s.score, "band": s.band or "",
        "skills practised": "; ".join(skills_practised(s)),
        "reflection": Reflection(**s.notes.get("reflection", {})).one_line(),
    } for s in sessions]
    rows += [{
        "date": d.finished_at[:10], "scenario": f"drill: {d.title}", "appointment": "",
        "minutes": "" if d.seconds is None else f"{d.seconds / 60:.1f}", "turns": d.items,
        "score": d.score, "band": "passed" if d.passed else "not passed",
        "skills practised": d.skill.replace("_", " "), "reflection": "",
    } for d in drills]
    return _csv(LOG_FIELDS, rows)


# -- the report, as data both renderers walk --------------------------------------------------
def summary(session: SavedSession) -> list[tuple[str, str]]:
    """The report's header facts as (name, value) pairs."""
    return [
        ("Session", session.key),
        ("Date", session.info.started_at.replace("T", " ")[:16]),
        ("Trainee", session.info.trainee or "-"),
        ("Mode", "assessment" if session.info.assessment else "practice"),
        ("Replies", str(session.turns)),
        ("Minutes", "-" if session.minutes is None else f"{session.minutes:.1f}"),
        ("Outcome", outcome(session)),
    ]


def part(report: dict, key: str) -> list:
    """A list section of a stored report (strengths, next_steps, rework), empty if absent."""
    return list(report.get(key) or [])


def _evidence(turn: SavedTurn) -> list[dict]:
    return [e for e in turn.coding.get("evidence", []) if isinstance(e, dict)]


def session_verdicts(store: Store, session: SavedSession,
                     turns: Sequence[SavedTurn]) -> TurnVerdicts:
    """The trainers' verdicts that hold for a saved session's replies, by turn."""
    return by_turn(Verdicts(store.verdicts([session.key])), session.key,
                   ((t.turn, t.coach) for t in turns))


def reviewed_score(session: SavedSession, turns: Sequence[SavedTurn],
                   verdicts: TurnVerdicts | None) -> tuple[SessionScore, int] | None:
    """The session's score with the trainers' codes in place of the engine's (as ``coachsim
    assess`` counts them), and how many replies they recoded; None when no verdict changed a
    reply's codes, or the session's rubric is no longer there to score with."""
    recoded = {t.turn for t in turns
               if (v := (verdicts or {}).get(str(t.turn))) and set(v.codes) != set(t.codes)}
    if not recoded:
        return None
    try:
        rubric = load_rubric(session.info.rubric)
    except InputError:
        return None
    scorer = Scorer(rubric)
    for t in turns:
        codes = ordered(verdicts[str(t.turn)].codes) if t.turn in recoded else tuple(t.codes)
        scorer.add(t.turn, Coding(t.coach, codes), t.coach)
    return scorer.result(), len(recoded)


def reviewed_line(reviewed: tuple[SessionScore, int]) -> str:
    """The trainer-reviewed score in words."""
    score, recoded = reviewed
    return (f"After trainer review: {score.score}/100 ({score.band}), "
            f"with the trainers' codes on {plural(recoded, 'reply', 'replies')}.")


def coded_line(turn: SavedTurn, verdicts: TurnVerdicts | None = None) -> str:
    """How a reply was coded, with the trainer's verdict when there is one: an override reads
    "coded X by the engine; trainer: Y, because ..."."""
    verdict = (verdicts or {}).get(str(turn.turn))
    if verdict is None:
        return labels(turn.codes)
    if set(verdict.codes) == set(turn.codes):
        return f"{labels(turn.codes)} (trainer {verdict.trainer} agrees)"
    because = f", because {verdict.reason}" if verdict.reason else ""
    return (f"coded {labels(turn.codes)} by the engine; trainer {verdict.trainer}: "
            f"{labels(verdict.codes)}{because}")


# -- Markdown ----------------------------------------------------------------------------------
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~])")


def md(text: object) -> str:
    """Text made literal in Markdown: punctuation that would format it is backslash-escaped,
    and line breaks are kept as breaks within the paragraph."""
    escaped = _MD_SPECIAL.sub(r"\\\1", str(text))
    return "  \n".join(line.strip() for line in escaped.splitlines()) or ""


def markdown(session: SavedSession, turns: Sequence[SavedTurn],
             verdicts: TurnVerdicts | None = None) -> str:
    """The session report as Markdown (replies a trainer overrode are marked)."""
    report = session.report or {}
    out = [f"# {md(session.info.scenario_title)}: {report_kind(session)}", ""]
    out += [f"- **{name}**: {md(value)}" for name, value in summary(session)]
    if session.score is not None:
        out += ["", f"## Score: {session.score}/100 ({md(session.band or '')})"]
        if report.get("band_note"):
            out += ["", md(report["band_note"])]
        if reviewed := reviewed_score(session, turns, verdicts):
            out += ["", md(reviewed_line(reviewed))]
    if strengths := part(report, "strengths"):
        out += ["", "## Strengths", *(f"- {md(s)}" for s in strengths)]
    if steps := part(report, "next_steps"):
        out += ["", "## Next steps"]
        for step in steps:
            at = f" ({where(step['turns'])})" if step.get("turns") else ""
            out.append(f"- {md(step['text'])}{at}")
            if step.get("rewrite"):
                out.append(f"  - Try: {md(step['rewrite'])}")
    if rework := part(report, "rework"):
        out += ["", "## Replies worth reworking"]
        for r in rework:
            out += ["", f"### Reply {r['turn']} ({md(labels(r['codes']))})", "",
                    f"> {md(r['text'])}", "", f"Why: {md(r['why'])}", "",
                    f"Try instead: {md(r['rewrite'])}"]
    if metrics := report.get("metrics"):
        out += ["", "## Measures", "", "| measure | value |", "| --- | --- |"]
        out += [f"| {label} | {md(plain(metrics.get(key)))} |" for key, label in METRICS]
    out += notes.markdown_lines(session, md)
    out += ["", "## Transcript", "", f"**Patient**: {md(session.opening)}"]
    for t in turns:
        out += ["", f"**Coach ({t.turn})**: {md(t.coach)}  ",
                f"_{md(coded_line(t, verdicts))}_", "",
                f"**Patient**: {md(t.patient)}"]
    out += ["", "## Words used", "", *(f"- **{md(term)}**: {md(meaning)}"
                                       for term, meaning in GLOSSARY)]
    return "\n".join(out) + "\n"


# -- HTML ----------------------------------------------------------------------------------------
#: Evidence drawn as a problem (wavy red) rather than a skill: what the trainee should drop.
WARNING_CODES = PROBLEMS | {"question.closed"}
#: Scores shown in "your last scores on this scenario", this session included.
HISTORY = 5


def report_kind(session: SavedSession) -> str:
    """"assessment report" or "practice report", as the session was played."""
    return "assessment report" if session.info.assessment else "practice report"


def evidence_segments(text: str, evidence: Sequence[dict]) -> list[tuple[str, str, str]]:
    """``text`` cut at the evidence spans: (piece, "" | "skill" | "problem", the codes it
    earned). Overlapping spans are merged; a piece under any problem's span is a problem."""
    spans = [(e["start"], e["end"], str(e.get("code", ""))) for e in evidence
             if isinstance(e.get("start"), int) and isinstance(e.get("end"), int)
             and 0 <= e["start"] < e["end"] <= len(text)]
    cuts = sorted({0, len(text), *(a for a, _, _ in spans), *(b for _, b, _ in spans)})
    pieces = []
    for a, b in zip(cuts, cuts[1:]):
        codes = ordered({code for start, end, code in spans if start <= a and b <= end})
        css = "" if not codes else ("problem" if set(codes) & WARNING_CODES else "skill")
        if pieces and pieces[-1][1] == css and pieces[-1][2] == labels(codes):
            pieces[-1] = (pieces[-1][0] + text[a:b], css, pieces[-1][2])
        else:
            pieces.append((text[a:b], css, labels(codes) if codes else ""))
    return pieces


def trajectory_chart(turns: Sequence[SavedTurn]) -> LineChart | None:
    """The person's trust, importance and confidence after each reply (None: nothing to draw)."""
    names = ("trust", "importance", "confidence")
    values = {n: [t.variables.get(n) for t in turns] for n in names}
    seen = [v for vs in values.values() for v in vs if v is not None]
    if not seen:
        return None
    return line_chart(values, [str(t.turn) for t in turns], max(10.0, max(seen)),
                      css={n: n for n in names})


def history_chart(session: SavedSession, earlier: Sequence[SavedSession]) -> LineChart | None:
    """This session's score after the trainee's previous ones on the same scenario."""
    scored = [s for s in [*earlier, session] if s.score is not None][-HISTORY:]
    if len(scored) < 2 or session.score is None:
        return None
    labels_ = [s.info.started_at[:10] for s in scored]
    return line_chart({"score": [s.score for s in scored]}, labels_, 100,
                      css={"score": "score-line"}, y_step=20, mark_last=True)


def earlier_sessions(store: Store, session: SavedSession) -> list[SavedSession]:
    """The same trainee's finished sessions on the same scenario before this one, oldest first."""
    return [s for s in store.finished(session.info.scenario_id)
            if s.id != session.id and s.info.trainee == session.info.trainee
            and (s.info.started_at, s.id) < (session.info.started_at, session.id)]


def html_page(session: SavedSession, turns: Sequence[SavedTurn],
              verdicts: TurnVerdicts | None = None,
              earlier: Sequence[SavedSession] = ()) -> str:
    """The session report as one self-contained HTML page (inline CSS and SVG, no scripts, no
    links): evidence highlighted in every reply, the person's trust, importance and confidence
    over the turns, the trainee's last scores on this scenario, replies a trainer overrode
    marked, and the glossary."""
    report = session.report or {}
    reviewed = reviewed_score(session, turns, verdicts) if session.score is not None else None
    return render(
        "session.html.j2", title=session.info.scenario_title, kind=report_kind(session),
        facts=summary(session), score=_percent(session.score), band=session.band or "",
        band_note=report.get("band_note") or "",
        reviewed=reviewed_line(reviewed) if reviewed else "",
        strengths=part(report, "strengths"),
        steps=[{"text": s["text"], "where": where(s.get("turns") or []),
                "rewrite": s.get("rewrite") or ""} for s in part(report, "next_steps")],
        rework=[{**r, "codes": labels(r["codes"])} for r in part(report, "rework")],
        metrics=[(label, plain(m.get(key))) for key, label in METRICS]
        if (m := report.get("metrics")) else [],
        notes=notes.sections(session),
        trajectory=trajectory_chart(turns), history=history_chart(session, earlier),
        opening=session.opening,
        turns=[{"turn": t.turn, "segments": evidence_segments(t.coach, _evidence(t)),
                "coded": coded_line(t, verdicts), "patient": t.patient} for t in turns],
        glossary=GLOSSARY)


def _percent(score: int | None) -> int | None:
    return None if score is None else max(0, min(100, int(score)))


# -- writing files -----------------------------------------------------------------------------
#: The files a session exports to, in order: the reports (which show the trainers' verdicts)
#: and the transcript.
FORMATS = ("md", "html", "csv", "jsonl")


def session_files(store: Store, session_id: int,
                  formats: Sequence[str] = FORMATS) -> dict[str, str]:
    """A session's report and transcript in ``formats``, by file name."""
    session = store.session(session_id)
    turns = store.turns(session_id)
    verdicts = session_verdicts(store, session, turns)
    render_as = {
        "md": lambda: markdown(session, turns, verdicts),
        "html": lambda: html_page(session, turns, verdicts, earlier_sessions(store, session)),
        "csv": lambda: transcript_csv(session, turns),
        "jsonl": lambda: transcript_jsonl(session, turns)}
    return {f"{session.key}.{fmt}": render_as[fmt]() for fmt in formats}


def export_session(store: Store, session_id: int, formats: Sequence[str] = FORMATS,
                   folder: Path | None = None) -> list[Path]:
    """Write a session's report and transcript (owner-only files); return their paths."""
    folder = folder or store.exports_dir()
    return [write_private(folder / name, text)
            for name, text in session_files(store, session_id, formats).items()]


def practice_log(store: Store) -> str:
    """The practice log: every finished session, then every drill (as CSV)."""
    return practice_log_csv(store.finished(), store.drill_results())


def export_log(store: Store, folder: Path | None = None) -> Path:
    """Write the practice log of every finished session and drill (owner-only); return its path."""
    folder = folder or store.exports_dir()
    return write_private(folder / LOG_NAME, practice_log(store))
