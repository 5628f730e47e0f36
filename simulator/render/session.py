"""Renderers for saved sessions: Markdown and self-contained HTML reports, the transcript in
the ``assess`` input format (CSV, JSONL), and the practice log (CSV) for a portfolio.

They read what the store keeps (:class:`~simulator.store.SavedSession` and its turns), so a
report looks the same from the end screen, the history screen and the command line. Every
piece of text a trainee typed or a scenario wrote is escaped for the format it lands in.
"""
from __future__ import annotations

import html
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
from simulator.reflections import Reflection
from simulator.words import labels, plural, where
from simulator.store import SavedSession, SavedTurn, Store, write_private

#: A session's trainer verdicts by turn (see :func:`session_verdicts`).
TurnVerdicts = Mapping[str, Verdict]

#: Session measures shown in reports, in order, with plain labels.
METRICS: tuple[tuple[str, str], ...] = (
    ("pct_open_questions", "open questions %"),
    ("reflection_question_ratio", "reflections/question"),
    ("pct_complex_reflections", "complex reflections %"),
    ("mi_adherent", "MI-adherent"),
    ("mi_non_adherent", "MI-non-adherent"),
    ("goal_turn", "goal first asked at"),
)
TRANSCRIPT_FIELDS = ("session_id", "turn", "speaker", "text")
LOG_FIELDS = ("date", "scenario", "appointment", "minutes", "turns", "score", "band",
              "skills practised", "reflection")
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


def practice_log_csv(sessions: Iterable[SavedSession]) -> str:
    """One row per finished session: date, scenario, minutes, turns, score, band, skills."""
    return _csv(LOG_FIELDS, ({
        "date": s.info.started_at[:10], "scenario": s.info.scenario_title,
        "appointment": s.info.appointment,
        "minutes": "" if s.minutes is None else f"{s.minutes:.1f}", "turns": s.turns,
        "score": "" if s.score is None else s.score, "band": s.band or "",
        "skills practised": "; ".join(skills_practised(s)),
        "reflection": Reflection(**s.notes.get("reflection", {})).one_line(),
    } for s in sessions))


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
    out = [f"# {md(session.info.scenario_title)}: practice report", ""]
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
    return "\n".join(out) + "\n"


# -- HTML --------------------------------------------------------------------------------------
_CSS = """
body{font:16px/1.5 system-ui,sans-serif;max-width:48rem;margin:2rem auto;padding:0 1rem;
color:#1d2433;background:#fff}
h1{font-size:1.5rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #ccd}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem}dt{font-weight:600}dd{margin:0}
.score{font-size:2rem;font-weight:700}.bar{height:.6rem;background:#e3e6ee;border-radius:.3rem}
.bar span{display:block;height:100%;background:#2f7d5b;border-radius:.3rem}
table{border-collapse:collapse}td,th{padding:.2rem .6rem;border-bottom:1px solid #ccd;text-align:left}
.turn{margin:.6rem 0;padding:.5rem .8rem;border-radius:.4rem;white-space:pre-wrap;overflow-wrap:anywhere}
.coach{background:#e8f0fb}.client{background:#f3f1ea}.codes{font-size:.85rem;color:#4a5168}
.rewrite{border-left:3px solid #2f7d5b;padding-left:.6rem}
@media (prefers-color-scheme:dark){body{color:#e6e8ee;background:#14171f}
.coach{background:#1f2a3d}.client{background:#2a2820}.codes{color:#aab}h2,td,th{border-color:#445}}
"""


def h(text: object) -> str:
    """Text escaped for HTML (quotes too, so it is safe in attributes)."""
    return html.escape(str(text), quote=True)


def html_page(session: SavedSession, turns: Sequence[SavedTurn],
              verdicts: TurnVerdicts | None = None) -> str:
    """The session report as one self-contained HTML page: inline CSS, no scripts, no links
    (replies a trainer overrode are marked)."""
    report = session.report or {}
    body = [f"<h1>{h(session.info.scenario_title)}: practice report</h1>", "<dl>"]
    body += [f"<dt>{h(name)}</dt><dd>{h(value)}</dd>" for name, value in summary(session)]
    body.append("</dl>")
    if session.score is not None:
        width = max(0, min(100, int(session.score)))
        body += [f'<p class="score">{width}/100 <small>{h(session.band or "")}</small></p>',
                 f'<div class="bar"><span style="width:{width}%"></span></div>']
        if report.get("band_note"):
            body.append(f'<p class="note">{h(report["band_note"])}</p>')
        if reviewed := reviewed_score(session, turns, verdicts):
            body.append(f'<p class="note">{h(reviewed_line(reviewed))}</p>')
    if strengths := part(report, "strengths"):
        body += ["<h2>Strengths</h2><ul>", *(f"<li>{h(s)}</li>" for s in strengths), "</ul>"]
    if steps := part(report, "next_steps"):
        body.append("<h2>Next steps</h2><ul>")
        for step in steps:
            at = f" ({h(where(step['turns']))})" if step.get("turns") else ""
            rewrite = (f'<p class="rewrite">Try: {h(step["rewrite"])}</p>'
                       if step.get("rewrite") else "")
            body.append(f"<li>{h(step['text'])}{at}{rewrite}</li>")
        body.append("</ul>")
    if rework := part(report, "rework"):
        body.append("<h2>Replies worth reworking</h2>")
        for r in rework:
            body += [f"<h3>Reply {h(r['turn'])} ({h(labels(r['codes']))})</h3>",
                     f"<blockquote>{h(r['text'])}</blockquote>", f"<p>Why: {h(r['why'])}</p>",
                     f'<p class="rewrite">Try instead: {h(r["rewrite"])}</p>']
    if metrics := report.get("metrics"):
        body.append("<h2>Measures</h2><table><tr><th>measure</th><th>value</th></tr>")
        body += [f"<tr><td>{h(label)}</td><td>{h(plain(metrics.get(key)))}</td></tr>"
                 for key, label in METRICS]
        body.append("</table>")
    body += notes.html_lines(session, h)
    body += ["<h2>Transcript</h2>", f'<div class="turn client"><b>Patient:</b> {h(session.opening)}</div>']
    for t in turns:
        body += [f'<div class="turn coach"><b>Coach ({t.turn}):</b> {h(t.coach)}'
                 f'<div class="codes">{h(coded_line(t, verdicts))}</div></div>',
                 f'<div class="turn client"><b>Patient:</b> {h(t.patient)}</div>']
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
            f"<title>{h(session.info.scenario_title)}: practice report</title>"
            f"<style>{_CSS}</style></head><body>\n" + "\n".join(body) + "\n</body></html>\n")


# -- writing files -----------------------------------------------------------------------------
RENDERERS = {"md": markdown, "html": html_page, "csv": transcript_csv, "jsonl": transcript_jsonl}
#: The renderers that show codes, and so the trainers' verdicts on them.
CODED = frozenset({"md", "html"})


def export_session(store: Store, session_id: int, formats: Sequence[str] = tuple(RENDERERS),
                   folder: Path | None = None) -> list[Path]:
    """Write a session's report and transcript (owner-only files); return their paths."""
    session = store.session(session_id)
    turns = store.turns(session_id)
    verdicts = session_verdicts(store, session, turns)
    folder = folder or store.exports_dir()
    return [write_private(folder / f"{session.key}.{fmt}",
                          RENDERERS[fmt](session, turns, verdicts) if fmt in CODED
                          else RENDERERS[fmt](session, turns))
            for fmt in formats]


def export_log(store: Store, folder: Path | None = None) -> Path:
    """Write the practice log of every finished session (owner-only); return its path."""
    folder = folder or store.exports_dir()
    return write_private(folder / "practice-log.csv", practice_log_csv(store.finished()))
