"""CSV exports open safely in a spreadsheet (no formulas) and read back unchanged."""
from __future__ import annotations

import csv
import io

import pytest
from simulator.render import session as report
from simulator.csvcells import read_cell, safe_cell
from simulator.store import SavedTurn
from simulator.sources import read_utterances
from tests.test_assess_cli import run
from tests.test_report import TURNS, saved

FORMULAS = ["-ish, most days", "=HYPERLINK(\"http://example.invalid\",\"click\")", "+44 7700 900000",
            "@SUM(A1)", "\tindented"]


@pytest.mark.parametrize("text", FORMULAS)
def test_text_that_would_start_a_formula_is_quoted_and_reads_back(text):
    assert safe_cell(text) == "'" + text
    assert read_cell(safe_cell(text)) == text


@pytest.mark.parametrize("value", ["Ordinary words.", "'quoted already", "", 42, None])
def test_other_cells_are_left_alone(value):
    assert safe_cell(value) == value
    if isinstance(value, str):
        assert read_cell(value) == value


def test_a_transcript_export_has_no_formula_cells_and_assess_reads_the_words_back(tmp_path):
    turns = [SavedTurn(1, text, ("question.open",), {"codes": []}, "=reply " + text, "s", "S", {}, None)
             for text in FORMULAS] + TURNS
    exported = report.transcript_csv(saved(), turns)
    for row in csv.reader(io.StringIO(exported)):
        assert not any(cell.startswith(("=", "+", "-", "@", "\t")) for cell in row), row
    path = tmp_path / "t.csv"
    path.write_text(exported, encoding="utf-8")
    said = [u.text for u in read_utterances(path) if u.speaker == "coach"]
    assert said == [t.coach for t in turns]


def test_assess_csv_quotes_a_session_id_that_would_be_a_formula(capsys, tmp_path):
    path = tmp_path / "in.csv"
    path.write_text('session_id,speaker,text\n"=1+1",coach,What brings you in?\n', encoding="utf-8")
    code, out, err = run(capsys, "assess", str(path), "--format", "csv", "--sessions")
    assert code == 0, err
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[1][0] == "'=1+1"
