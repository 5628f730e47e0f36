"""``assess`` in worker processes: the same events in the same order as coded in one process,
errors in the same place, and coding in this process when the workers cannot run."""
from __future__ import annotations

import csv
import multiprocessing
import os

import pytest

from simulator import assessing
from simulator.assessing import CodedReply, ScoredSession, assess, worker_count
from simulator.cli import main
from simulator.errors import InputError
from simulator.review import Verdicts
from simulator.verdicts import Verdict, text_hash

PATIENT = ["I've tried to stop before, it never lasts.", "My daughter keeps on at me about it.",
           "Yes.", "About twenty a day.", "What should I do then?", "Maybe a six."]
COACH = ["What would you like to be different?", "So you've tried to stop before and it never lasts.",
         "You need to cut down.", "Would it be OK if I shared what others have found helpful?",
         "mm-hmm", "okay so you feel tired all the time what would help",
         "I'm just worried you're being lazy about it.", "On a scale of 0 to 10 how important is this"]


def write(path, sessions: int, per_session: int = 6, bad_row: int | None = None):
    """A transcript of ``sessions`` sessions; ``bad_row`` (a data row's number) has an unknown speaker."""
    with open(path, "w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(["session_id", "turn", "speaker", "text"])
        row = 0
        for s in range(sessions):
            for n in range(per_session):
                for speaker, said in (("client", PATIENT), ("coach", COACH)):
                    row += 1
                    speaker = "narrator" if row == bad_row else speaker
                    out.writerow([f"s{s}", 2 * n + (speaker == "coach"), speaker,
                                  said[(s + n) % len(said)]])
    return path


@pytest.fixture
def small_batches(monkeypatch):
    """Batches of a few rows, so a small file is spread over several batches and workers."""
    monkeypatch.setattr(assessing, "BATCH_ROWS", 7)


def events(paths, rubric, workers, verdicts=None):
    """Every event, and the error that ended them (or None)."""
    out = []
    try:
        for event in assess(paths, rubric, verdicts, workers=workers):
            out.append(event)
    except InputError as exc:
        return out, str(exc)
    return out, None


def test_workers_yield_the_same_events_in_the_same_order(tmp_path, rubric, small_batches):
    path = write(tmp_path / "t.csv", sessions=9)
    alone, error = events([path], rubric, workers=1)
    assert error is None and sum(isinstance(e, ScoredSession) for e in alone) == 9
    assert events([path], rubric, workers=2) == (alone, None)


def test_workers_are_processes_of_their_own(tmp_path, rubric, small_batches):
    stream = assess([write(tmp_path / "t.csv", sessions=4)], rubric, workers=2)
    next(stream)
    assert len(multiprocessing.active_children()) == 2
    stream.close()  # stops them
    assert multiprocessing.active_children() == []


def test_a_trainers_verdict_counts_the_same_in_the_workers(tmp_path, rubric, small_batches):
    path = write(tmp_path / "t.csv", sessions=4)
    reply = next(e for e in events([path], rubric, 1)[0] if isinstance(e, CodedReply)
                 and "question.open" in e.coding.codes)
    verdicts = Verdicts([Verdict(reply.session_id, str(reply.turn), text_hash(reply.text), "override",
                                 reply.coding.codes, ("reflection.simple",), "it says back", "Dr Ames")])
    alone = events([path], rubric, 1, verdicts)
    assert any(isinstance(e, CodedReply) and e.override for e in alone[0])
    assert events([path], rubric, 2, verdicts) == alone


def test_a_bad_row_stops_the_workers_where_it_stops_one_process(tmp_path, rubric, small_batches):
    # Row 40 is inside the fourth session: its replies before the row are yielded, unscored.
    path = write(tmp_path / "t.csv", sessions=6, bad_row=40)
    alone, error = events([path], rubric, workers=1)
    assert error and ":41: unknown speaker 'narrator'" in error
    assert events([path], rubric, workers=2) == (alone, error)


def test_a_session_without_coach_turns_fails_in_its_place(tmp_path, rubric, small_batches):
    path = write(tmp_path / "t.csv", sessions=5)
    with open(path, "a", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows([["quiet", 1, "client", "Hello."], ["s9", 1, "coach", "Hi."]])
    alone, error = events([path], rubric, workers=1)
    assert error and "session 'quiet' has no coach turns" in error
    assert events([path], rubric, workers=2) == (alone, error)


def test_a_session_too_long_to_send_is_coded_here_in_its_place(tmp_path, rubric, small_batches,
                                                               monkeypatch):
    monkeypatch.setattr(assessing, "MAX_SESSION_ROWS", 15)
    path = write(tmp_path / "t.csv", sessions=6, per_session=3)
    long = write(tmp_path / "long.csv", sessions=2, per_session=12)
    alone = events([path, long, path], rubric, workers=1)
    assert events([path, long, path], rubric, workers=2) == alone


def test_without_worker_processes_the_input_is_coded_here(tmp_path, rubric, small_batches, monkeypatch):
    path = write(tmp_path / "t.csv", sessions=4)
    alone = events([path], rubric, workers=1)

    def no_processes(*_args, **_kwargs):
        raise OSError(38, "Function not implemented")  # no semaphores, as in some sandboxes

    monkeypatch.setattr(assessing, "ProcessPoolExecutor", no_processes)
    assert events([path], rubric, workers=2) == alone


def test_a_worker_that_dies_leaves_its_batches_to_this_process(tmp_path, rubric, small_batches,
                                                               monkeypatch):
    path = write(tmp_path / "t.csv", sessions=6)
    alone = events([path], rubric, workers=1)
    monkeypatch.setattr(assessing, "_code_in_worker", _killed)
    assert events([path], rubric, workers=2) == alone


def _killed(_parts):
    os._exit(1)  # as a worker killed for memory would end


def test_a_small_input_is_coded_in_this_process(tmp_path, monkeypatch):
    path = write(tmp_path / "t.csv", sessions=2)
    monkeypatch.setattr(os, "cpu_count", lambda: 4)
    assert worker_count([path]) == 1
    monkeypatch.setattr(assessing, "POOL_MIN_BYTES", path.stat().st_size)
    assert worker_count([path]) == 4
    monkeypatch.setattr(os, "cpu_count", lambda: 1)
    assert worker_count([path]) == 1


def _without_coach_turns(path):
    with open(path, "a", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows([["quiet", 1, "client", "Hello."]])
    return f"coachsim: {path}: session 'quiet' has no coach turns; check the speaker column " \
           "(coach, therapist, trainee...)"


def _bad_speaker(path):
    write(path, sessions=3, bad_row=20)
    return f"coachsim: {path}:21: unknown speaker 'narrator'; use coach or client " \
           "(or therapist, counsellor, trainee, practitioner; patient)"


@pytest.mark.parametrize("spoil", [_bad_speaker, _without_coach_turns],
                         ids=["found by the reading process", "found by a worker"])
def test_an_input_error_with_workers_is_one_line_and_exit_2(tmp_path, capsys, small_batches,
                                                            monkeypatch, spoil):
    monkeypatch.setattr(assessing, "POOL_MIN_BYTES", 0)
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    path = write(tmp_path / "t.csv", sessions=3)
    expected = spoil(path)
    with pytest.raises(SystemExit) as info:
        main(["assess", str(path), "--format", "jsonl"])
    assert info.value.code == 2
    assert capsys.readouterr().err.strip() == expected
