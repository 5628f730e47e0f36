"""The room's folder: one owner-only store per participant, no symbolic links followed, and
the lead reads a session's words only when its owner shared it."""
from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from simulator.errors import InputError
from simulator.room import Room, clean_name, participant_key, read_json, write_json
from simulator.scenario import load_scenario
from simulator.session import Session

WALKS = Path(__file__).parent / "tui" / "fixtures" / "app_test_walks.yaml"


def mode(path) -> int:
    return stat.S_IMODE(os.lstat(path).st_mode)


def test_one_browser_and_one_name_make_one_participant():
    assert participant_key("a" * 32, "Ana") == participant_key("a" * 32, "ANA")
    assert participant_key("a" * 32, "Ana") != participant_key("b" * 32, "Ana")
    assert participant_key("a" * 32, "Ana") != participant_key("a" * 32, "Ben")


def test_names_lose_control_characters_and_an_empty_name_is_refused():
    assert clean_name("  Ana \x1b]0;owned\x07  Lopez ") == "Ana ]0;owned Lopez"
    with pytest.raises(InputError, match="type your name"):
        clean_name(" \t\x1b ")


def test_the_room_is_owner_only_and_refuses_a_linked_folder(tmp_path):
    room = Room(tmp_path / "room")
    ana = room.join("a" * 32, "Ana")
    assert {mode(room.folder), mode(room.participants_dir), mode(ana.folder)} == {0o700}
    assert mode(ana.folder / "participant.json") == 0o600
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (tmp_path / "linked").symlink_to(elsewhere)
    with pytest.raises(InputError, match="symbolic link"):
        Room(tmp_path / "linked")


def test_status_files_are_never_written_through_a_link(tmp_path):
    target = tmp_path / "target.txt"
    target.write_text("keep")
    (tmp_path / f".status.json.{os.getpid()}").symlink_to(target)
    with pytest.raises(OSError):
        write_json(tmp_path / "status.json", {"x": 1})
    assert target.read_text() == "keep"
    (tmp_path / "linked.json").symlink_to(target)
    assert read_json(tmp_path / "linked.json") is None


def test_a_closed_tab_shows_as_left(tmp_path):
    room = Room(tmp_path / "room")
    ana = room.join("a" * 32, "Ana")
    room.report(ana, "scenario: walks", 40, "fair", 3)
    [here] = room.presence()
    assert (here.name, here.here, here.activity, here.score) == ("Ana", True, "scenario: walks", 40)
    write_json(ana.folder / "status.json", {"pid": 2**22 + 12345, "activity": "history"})
    [gone] = room.presence()
    assert (gone.here, gone.activity) == (False, "left")


def test_the_lead_opens_a_session_only_once_its_owner_shares_it(tmp_path, coder, rubric):
    walks = load_scenario(WALKS)
    room = Room(tmp_path / "room")
    ana = room.join("a" * 32, "Ana")
    with ana.store() as store:
        session = Session(walks, rubric=rubric, coder=coder, seed=1, recorder=store)
        session.submit("What matters most to you?")
        session.finish()
        [saved] = store.finished()
    with pytest.raises(InputError, match="not been shared"):
        room.open_shared(ana.key, saved.id)
    with pytest.raises(InputError, match="no such participant"):
        room.open_shared("../" + ana.key, saved.id)
    with ana.store() as store:
        store.share(saved.id)
    found, turns, _ = room.open_shared(ana.key, saved.id)
    assert found.id == saved.id and turns[0].coach == "What matters most to you?"
    assert [r.name for r in room.shared()] == ["Ana"]
    open_question = next(r for r in room.debrief() if r.code == "question.open")
    assert (open_question.replies, open_question.people) == (1, 1)
