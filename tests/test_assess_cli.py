"""``coachsim assess``: the cohort report in every format, and the JSONL stream as specified."""
from __future__ import annotations

import csv
import io
import json
import re

import pytest

from simulator.cli import main

GOOD = [  # a reflective session that reaches "good" with the core rubric
    ("client", "I've been told to come about my blood pressure."),
    ("coach", "What would you like to get out of today?"),
    ("client", "I don't know. Everyone keeps nagging me about salt."),
    ("coach", "It sounds like you're tired of being nagged about salt."),
    ("client", "I am. My wife, the doctor, now you probably."),
    ("coach", "It sounds like it feels as if everyone is on at you."),
    ("client", "I want to see my grandson grow up."),
    ("coach", "It sounds like your grandson is a big part of why this matters."),
    ("client", "He is. I take him to football on Saturdays."),
    ("coach", "What might a first step be for you?"),
    ("client", "Maybe I could stop adding salt at the table."),
    ("coach", "So stopping the salt at the table is something you could start with."),
]
POOR = [  # closed questions, labels and orders
    ("client", "The doctor sent me about my weight."),
    ("coach", "Do you do any exercise?"),
    ("client", "Not really."),
    ("coach", "You need to cut out the takeaways, you should know better."),
    ("client", "I work late."),
    ("coach", "Have you tried cooking at the weekend?"),
    ("client", "No."),
    ("coach", "How many biscuits do you eat a day?"),
]


def rows(session: str, trainee: str, lines, first_turn: int = 1):
    return [(session, trainee, first_turn + i, speaker, text) for i, (speaker, text) in enumerate(lines)]


@pytest.fixture
def cohort_csv(tmp_path):
    path = tmp_path / "cohort.csv"
    with open(path, "w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["session_id", "trainee", "turn", "speaker", "text"])
        writer.writerows(rows("a1", "asha", GOOD) + rows("a2", "asha", GOOD, 101)
                         + rows("b1", "bill <b>|", POOR) + rows("b2", "bill <b>|", GOOD)
                         + rows("b3", "bill <b>|", POOR))
    return path


def run(capsys, *args: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as info:
        main(list(args))
    out, err = capsys.readouterr()
    return info.value.code, out, err


def test_text_report_groups_by_trainee_and_lists_who_is_below_fair(capsys, cohort_csv):
    code, out, err = run(capsys, "assess", str(cohort_csv))
    assert code == 0, err
    for heading in ("Trainees", "Skills", "Spread of session scores", "Below fair"):
        assert heading in out
    below = out[out.index("Below fair"):]
    assert "bill <b>|" in below and "asha" not in below
    assert re.search(r"asha\s+2\s+12\s", out)  # two sessions, six replies each
    assert "90-100 |" in out  # the text histogram


def test_markdown_report_escapes_names_and_shows_the_band_chosen(capsys, cohort_csv):
    code, out, _ = run(capsys, "assess", str(cohort_csv), "--format", "markdown", "--band", "good")
    assert code == 0
    assert "## Trainees" in out and "## Below good" in out
    assert "| bill \\<b\\>\\| |" in out
    below = out[out.index("## Below good"):]
    assert "bill" in below and "asha" not in below


def test_csv_report_has_one_row_per_trainee(capsys, cohort_csv):
    code, out, _ = run(capsys, "assess", str(cohort_csv), "--format", "csv")
    assert code == 0
    table = list(csv.DictReader(io.StringIO(out)))
    assert [r["trainee"] for r in table] == ["asha", "bill <b>|"]
    assert table[0]["sessions"] == "2" and table[1]["sessions"] == "3"
    assert table[1]["below fair"] == "yes" and table[0]["below fair"] == ""


def test_csv_with_sessions_has_one_row_per_session(capsys, cohort_csv):
    code, out, _ = run(capsys, "assess", str(cohort_csv), "--format", "csv", "--sessions")
    assert code == 0
    table = list(csv.DictReader(io.StringIO(out)))
    assert [r["session_id"] for r in table] == ["a1", "a2", "b1", "b2", "b3"]
    assert table[2]["trainee"] == "bill <b>|"
    # One name per measure: the CSV's columns read as the app and the reports name them.
    from simulator.render.session import METRICS

    assert {label for _, label in METRICS} <= set(table[0])
    assert "goal first asked at" in table[0] and "goal first elicited at" not in out


def test_text_with_sessions_prints_each_session_then_the_cohort(capsys, cohort_csv):
    code, out, _ = run(capsys, "assess", str(cohort_csv), "--sessions")
    assert code == 0
    assert out.index("b3 (bill <b>|): score") < out.index("Trainees")


def test_a_one_reply_session_is_named_in_the_singular(capsys, tmp_path):
    from tests.test_review import write_transcript

    path = write_transcript(tmp_path / "one.csv", [("s1", 1, "coach", "What matters to you?")])
    code, out, _ = run(capsys, "assess", str(path), "--sessions")
    assert code == 0
    assert "s1: score" in out and "1 coach reply\n" in out
    code, out, _ = run(capsys, "assess", str(path), "--format", "html")
    assert "<p>1 session, 1 trainee; target band" in out
    assert "<title>Cohort report: " in out


def test_html_report_is_one_self_contained_escaped_page(capsys, cohort_csv):
    code, out, _ = run(capsys, "assess", str(cohort_csv), "--format", "html")
    assert code == 0
    assert out.startswith("<!DOCTYPE html>")
    assert not re.search(r"https?://", out)
    assert "<script" not in out.lower() and "<link" not in out.lower()
    assert "bill &lt;b&gt;|" in out and "<b>|" not in out
    # What it was made from: the date, the files, the rubric (with a fingerprint), the version.
    assert re.search(r"<dt>made</dt><dd>\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC</dd>", out)
    assert f"<dt>input files</dt><dd>{cohort_csv}</dd>" in out
    assert re.search(r"<dt>rubric</dt><dd>.+ \(core, fingerprint [0-9a-f]{10}\)</dd>", out)
    assert "<dt>coachsim</dt><dd>" in out
    # The histogram, the scores per trainee, three skills against the bands, the trends.
    assert 'aria-label="Histogram of session scores"' in out
    assert 'aria-label="Scores per trainee"' in out
    assert out.count('class="band"') >= 3


def test_jsonl_keeps_the_input_ids_and_streams_replies_then_sessions(capsys, cohort_csv):
    code, out, _ = run(capsys, "assess", str(cohort_csv), "--format", "jsonl")
    assert code == 0
    records = [json.loads(line) for line in out.splitlines()]
    replies = [r for r in records if r["type"] == "utterance"]
    sessions = [r for r in records if r["type"] == "session"]
    assert len(sessions) == 5
    assert len(replies) == 2 * 6 + 2 * 4 + 6
    first = replies[0]
    assert {"type", "session_id", "turn", "text", "codes", "evidence"} <= set(first)
    assert (first["session_id"], first["turn"]) == ("a1", 2)
    assert records[6]["type"] == "session" and records[6]["session_id"] == "a1"
    assert {"session_id", "metrics", "score"} <= set(sessions[0])
    a2 = [r for r in replies if r["session_id"] == "a2"]
    assert a2[0]["turn"] == 102  # the input's own turn numbers


def test_missing_file_is_one_line_and_exit_2(capsys, tmp_path):
    code, out, err = run(capsys, "assess", str(tmp_path / "none.csv"))
    assert code == 2 and out == ""
    assert err.strip() == f"coachsim: {tmp_path / 'none.csv'}: no such file; check the path"


def test_saved_sessions_in_the_practice_store_are_grouped_by_their_owner(capsys, tmp_path):
    from simulator.paths import SCENARIOS_DIR
    from simulator.scenario import load_scenario
    from simulator.session import Session
    from simulator.store import Store

    loaded = load_scenario(SCENARIOS_DIR / "diabetes_overwhelmed.yaml")
    with Store(tmp_path) as store:
        for trainee, replies in (("dana", ["What brings you here today?",
                                           "It sounds like it has all been a lot."]),
                                 ("eli", ["Do you check your sugars?",
                                          "You need to take this more seriously."])):
            session = Session(loaded, trainee=trainee, recorder=store)
            for reply in replies:
                session.submit(reply)
            session.finish()
        path = store.path
    code, out, err = run(capsys, "assess", str(path), "--format", "csv")
    assert code == 0, err
    table = list(csv.DictReader(io.StringIO(out)))
    assert [(r["trainee"], r["sessions"], r["replies"]) for r in table] == [
        ("dana", "1", "2"), ("eli", "1", "2")]
