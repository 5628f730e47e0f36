"""Reading transcripts: columns, speakers, streaming, and bad input as one-line errors."""
from __future__ import annotations

import json

import pytest

from simulator.errors import InputError
from simulator.sources import read_sessions, read_utterances


def write(tmp_path, name, text, encoding="utf-8"):
    path = tmp_path / name
    path.write_text(text, encoding=encoding)
    return path


def test_csv_with_synonyms_and_no_turn_column_uses_row_position(tmp_path):
    path = write(tmp_path, "t.csv", "session_id,speaker,text\n"
                 "a,Therapist,How have things been?\n"
                 "a,patient,Not great.\n"
                 "a,Counsellor,Not great at all.\n")
    rows = list(read_utterances(path))
    assert [r.speaker for r in rows] == ["coach", "client", "coach"]
    assert [r.turn for r in rows] == [1, 2, 3]
    assert rows[2].line == 4


def test_turn_column_is_kept_as_the_inputs_own_value(tmp_path):
    path = write(tmp_path, "t.csv", "turn,session_id,speaker,text,trainee\n"
                 "10,s1,coach,Hello,amira\n12,s1,client,Hi,amira\nx7,s1,coach,So,amira\n")
    rows = list(read_utterances(path))
    assert [r.turn for r in rows] == [10, 12, "x7"]
    assert rows[0].trainee == "amira"


def test_bom_is_ignored(tmp_path):
    path = tmp_path / "t.csv"
    path.write_bytes("\ufeffsession_id,speaker,text\nx,coach,Hi\n".encode("utf-8"))
    assert list(read_utterances(path))[0].session_id == "x"


def test_sessions_are_grouped_and_streamed(tmp_path):
    path = write(tmp_path, "t.jsonl", "\n".join(json.dumps(o) for o in [
        {"session_id": "a", "speaker": "coach", "text": "one"},
        {"session_id": "a", "speaker": "client", "text": "two"},
        {"session_id": "b", "speaker": "coach", "text": "three"},
    ]) + "\n")
    sessions = read_sessions([path])
    first = next(sessions)
    assert first.session_id == "a"
    assert [u.text for u in first.utterances] == ["one", "two"]
    second = next(sessions)
    assert [u.text for u in second.utterances] == ["three"]


def test_our_own_assess_output_reads_back(tmp_path):
    path = write(tmp_path, "t.jsonl",
                 json.dumps({"type": "utterance", "session_id": "s", "turn": 3, "speaker": "coach",
                             "text": "Hi", "codes": []}) + "\n"
                 + json.dumps({"type": "session", "session_id": "s", "metrics": {}}) + "\n")
    rows = list(read_utterances(path))
    assert len(rows) == 1 and rows[0].turn == 3


def test_play_output_reads_as_coach_and_client_turns(tmp_path):
    path = write(tmp_path, "play.jsonl", json.dumps(
        {"turn": 1, "coach": "What brings you here?", "codes": [], "patient": "My GP sent me.",
         "state": "guarded", "variables": {}, "ended": None}) + "\n")
    rows = list(read_utterances(path))
    assert [(r.speaker, r.text) for r in rows] == [("coach", "What brings you here?"),
                                                   ("client", "My GP sent me.")]


@pytest.mark.parametrize("text, needle, line", [
    ("session_id,who,text\na,coach,hi\n", "missing column speaker (found: session_id, who, text)", 1),
    ("session_id,speaker,text\na,coach,hi\na,nurse,hi\n", "unknown speaker 'nurse'", 3),
    ("", "the file is empty", 1),
    ("session_id,speaker,text\n,coach,hi\n", "empty session_id", 2),
])
def test_bad_csv_names_the_line(tmp_path, text, needle, line):
    path = write(tmp_path, "bad.csv", text)
    with pytest.raises(InputError) as info:
        list(read_utterances(path))
    assert needle in str(info.value)
    assert info.value.line == line
    assert str(info.value).startswith(f"{path}:{line}: ")


def test_bad_json_line_names_line_and_column(tmp_path):
    path = write(tmp_path, "bad.jsonl", '{"session_id": "a", "speaker": "coach", "text": "x"}\n{oops\n')
    with pytest.raises(InputError) as info:
        list(read_utterances(path))
    assert (info.value.line, info.value.column) == (2, 2)


def test_split_session_is_refused(tmp_path):
    path = write(tmp_path, "t.csv", "session_id,speaker,text\na,coach,1\nb,coach,2\na,coach,3\n")
    with pytest.raises(InputError, match="appears again"):
        for session in read_sessions([path]):
            list(session.utterances)


def test_missing_file_and_unknown_format(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        list(read_utterances(tmp_path / "nope.csv"))
    with pytest.raises(InputError, match="unknown transcript format"):
        list(read_utterances(write(tmp_path, "t.txt", "hello")))


def test_not_utf8(tmp_path):
    path = tmp_path / "t.csv"
    path.write_bytes(b"session_id,speaker,text\na,coach,caf\xe9\n")
    with pytest.raises(InputError, match="not UTF-8"):
        list(read_utterances(path))


def test_huge_cell_is_read_whole(tmp_path):
    big = "word " * 40_000
    path = write(tmp_path, "t.csv", f"session_id,speaker,text\na,coach,{big}\n")
    assert len(next(iter(read_utterances(path))).text) == len(big)
