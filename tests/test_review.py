"""Trainer verdicts on replies: kept by the reply itself, applied by assess, marked in reports,
and still applied after the rubric's coding changes."""
from __future__ import annotations

import csv
import json

import pytest

from simulator.render import session as report
from simulator.cli import main
from simulator.errors import InputError
from simulator.review import Verdicts, session_items, transcript_items, verdicts_csv, verdicts_jsonl
from simulator.rubric import Coding
from simulator.rubric import Conversation
from simulator.session import Session
from simulator.store import Store, read_verdicts
from simulator.verdicts import ReviewItem, text_hash

from simulator.scenario import load_scenario
from tests.test_store import SCENARIO  # the app tests' stable scenario

ROWS = [("s1", 0, "client", "My knee has been bad since the fall, so I stopped walking."),
        ("s1", 1, "coach", "Do you walk at all now?"),
        ("s1", 1, "client", "Not really, just to the shop."),
        ("s1", 2, "coach", "You've kept getting to the shop even with the knee [bold]sore[/bold].")]


def write_transcript(path, rows):
    """A transcript CSV (session_id, turn, speaker, text) of ``rows``."""
    with open(path, "w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["session_id", "turn", "speaker", "text"])
        writer.writerows(rows)
    return path


@pytest.fixture
def transcript(tmp_path):
    return write_transcript(tmp_path / "walk.csv", ROWS)


def run(capsys, *args: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as info:
        main(list(args))
    out, err = capsys.readouterr()
    return info.value.code, out, err


def test_the_reply_hash_ignores_spacing_but_not_words():
    assert text_hash("Do you  walk\nat all?") == text_hash(" Do you walk at all? ")
    assert text_hash("Do you walk at all?") != text_hash("Do you walk at all now?")


def test_transcript_items_pair_each_reply_with_the_line_before_it(transcript, coder):
    items = transcript_items(transcript, coder)
    assert [(i.source, i.turn, i.patient) for i in items] == [
        ("s1", "1", ROWS[0][3]), ("s1", "2", ROWS[2][3])]
    assert items[0].codes and all("rule" in e for e in items[0].evidence)


def test_a_transcript_without_coach_turns_is_an_input_error(tmp_path, coder):
    path = tmp_path / "only_client.csv"
    path.write_text("session_id,speaker,text\ns1,client,Hello.\n")
    with pytest.raises(InputError, match="no coach turns to review"):
        transcript_items(path, coder)


def test_an_override_needs_a_reason_and_a_change(tmp_path, transcript, coder):
    item = transcript_items(transcript, coder)[0]
    with Store(tmp_path) as store:
        with pytest.raises(InputError, match="needs a reason"):
            store.add_verdict(item, "override", ["question.open"], "Dr Ames", "  ")
        with pytest.raises(InputError, match="changes no code"):
            store.add_verdict(item, "override", item.codes, "Dr Ames", "why not")
        with pytest.raises(InputError, match="unknown code"):
            store.add_verdict(item, "override", ["question.opne"], "Dr Ames", "typo")
        assert store.verdicts() == []


def test_the_latest_verdict_on_a_reply_holds_and_the_record_keeps_both(tmp_path):
    item = ReviewItem("s1", "1", "", "Do you walk at all now?", ("question.closed",), ())
    with Store(tmp_path) as store:
        store.add_verdict(item, "override", ["question.open"], "Dr Ames", "invites a story")
        store.add_verdict(item, "agree", [], "Dr Bell")
        record = store.verdicts()
    assert [(v.action, v.codes, v.trainer) for v in record] == [
        ("override", ("question.open",), "Dr Ames"), ("agree", ("question.closed",), "Dr Bell")]
    latest = Verdicts(record).find("s1", 1, "Do you  walk at all now?")
    assert latest.trainer == "Dr Bell"
    assert Verdicts(record).find("s1", 1, "Do you run at all now?") is None  # other words


def test_exports_are_csv_and_jsonl_with_the_codes_file_columns(tmp_path):
    item = ReviewItem("s1", "2", "", "Text, with a comma", ("affirmation",), ())
    with Store(tmp_path) as store:
        store.add_verdict(item, "override", ["affirmation", "reflection.complex"], "Dr Ames",
                          "adds the meaning of the effort")
        verdicts = store.verdicts()
    rows = list(csv.DictReader(verdicts_csv(verdicts).splitlines()))
    assert rows[0]["turn"] == "2" and rows[0]["codes"] == "reflection.complex;affirmation"
    assert rows[0]["reason"] == "adds the meaning of the effort"
    line = json.loads(verdicts_jsonl(verdicts))
    assert line["codes"] == ["reflection.complex", "affirmation"]
    assert line["engine_codes"] == ["affirmation"] and line["action"] == "override"


@pytest.fixture
def overridden(tmp_path, transcript, coder):
    """A store holding a trainer's override of the transcript's first reply."""
    data = tmp_path / "data"
    item = transcript_items(transcript, coder)[0]
    with Store(data) as store:
        store.add_verdict(item, "override", ["question.open"], "Dr Ames", "invites a story")
    return data, item


def test_assess_applies_an_override_and_marks_it_in_jsonl(overridden, transcript, capsys):
    data, item = overridden
    code, out, _ = run(capsys, "--data-dir", str(data), "assess", str(transcript),
                       "--format", "jsonl")
    assert code == 0
    first, second = (json.loads(line) for line in out.splitlines()[:2])
    assert first["codes"] == ["question.open"] and first["overridden"] is True
    assert first["trainer_codes"] == ["question.open"] and first["trainer"] == "Dr Ames"
    assert first["engine_codes"] == list(item.codes) and first["reason"] == "invites a story"
    assert "overridden" not in second
    code, out, _ = run(capsys, "--data-dir", str(data), "assess", str(transcript),
                       "--format", "jsonl", "--no-overrides")
    assert "overridden" not in out


def test_the_cohort_report_lists_the_overrides_it_counted(overridden, transcript, capsys):
    data, _ = overridden
    code, out, _ = run(capsys, "--data-dir", str(data), "assess", str(transcript),
                       "--format", "markdown")
    assert code == 0
    assert "## Trainer overrides applied" in out
    assert "| s1 | 1 |" in out and "invites a story" in out


def test_an_override_survives_a_change_in_the_rubrics_coding(tmp_path, transcript, coder,
                                                             capsys, monkeypatch):
    data = tmp_path / "data"
    item = transcript_items(transcript, coder)[0]
    with Store(data) as store:
        store.add_verdict(item, "override", ["question.open", "goal"], "Dr Ames",
                          "asks what walking is like now")

    # The rubric changes: now the engine calls every reply information.
    def recoded(self, text):
        return Coding(text, ("information",))

    monkeypatch.setattr(Conversation, "coach", recoded)
    with Store(data) as store:
        assert [v.codes for v in store.verdicts()] == [("question.open", "goal")]
    code, out, _ = run(capsys, "--data-dir", str(data), "assess", str(transcript),
                       "--format", "jsonl")
    first = json.loads(out.splitlines()[0])
    assert first["overridden"] is True and first["codes"] == ["question.open", "goal"]
    assert first["engine_codes"] == ["information"]


def test_assess_reads_the_verdicts_inside_a_practice_store_file(tmp_path, capsys):
    walks = load_scenario(SCENARIO)
    with Store(tmp_path) as store:
        session = Session(walks, seed=3, recorder=store, started_at="2026-02-03T09:30:00+00:00")
        session.submit("Do you walk every day?")
        session_id = store.current
        session.finish()
        [item] = session_items(store.session(session_id), store.turns(session_id))
        store.add_verdict(item, "override", ["question.open"], "Dr Ames", "a story follows")
    assert len(read_verdicts(tmp_path / "coachsim.db")) == 1
    code, out, _ = run(capsys, "--data-dir", str(tmp_path / "elsewhere"), "assess",
                       str(tmp_path / "coachsim.db"), "--format", "jsonl")
    first = json.loads(out.splitlines()[0])
    assert first["session_id"] == item.source and first["overridden"] is True


def test_the_session_report_marks_an_overridden_reply(tmp_path):
    walks = load_scenario(SCENARIO)
    with Store(tmp_path) as store:
        session = Session(walks, seed=3, recorder=store, started_at="2026-02-03T09:30:00+00:00")
        session.apply(Coding("So you miss it.", ("reflection.simple",)), "So you miss it.")
        advice = "Walk more <b>now</b>."
        session.apply(Coding(advice, ("advice.unsolicited",)), advice)
        session_id = store.current
        session.finish()
        first, second = session_items(store.session(session_id), store.turns(session_id))
        store.add_verdict(first, "override", ["reflection.complex"], "Dr Ames",
                          "it names the <loss> beneath")
        store.add_verdict(second, "agree", [], "Dr Ames")
        paths = report.export_session(store, session_id, folder=tmp_path)
    md = next(p for p in paths if p.suffix == ".md").read_text()
    assert ("coded simple reflection by the engine; trainer Dr Ames: complex reflection, "
            "because it names the \\<loss\\> beneath") in md
    assert "unsolicited advice \\(trainer Dr Ames agrees\\)" in md
    page = next(p for p in paths if p.suffix == ".html").read_text()
    assert "because it names the &lt;loss&gt; beneath" in page
