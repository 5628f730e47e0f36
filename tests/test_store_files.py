"""The data folder's files: never through a symbolic link, never loosened from what the owner
chose, written whole or not at all (issue 13, items 3 and 4)."""
from __future__ import annotations

import os
import stat

import pytest

from simulator.cli import main
from simulator.errors import InputError
from simulator.files import write_private
from simulator.store import DB_NAME, EXPORTS_DIR, Store


def mode(path) -> int:
    return stat.S_IMODE(os.lstat(path).st_mode)


@pytest.fixture
def elsewhere(tmp_path):
    """A file outside the data folder that a link points at: it must come through untouched."""
    target = tmp_path / "precious.txt"
    target.write_text("the owner's own file", encoding="utf-8")
    target.chmod(0o644)
    return target


def untouched(path) -> bool:
    return path.read_text(encoding="utf-8") == "the owner's own file" and mode(path) == 0o644


def test_a_data_folder_that_is_a_symbolic_link_is_refused(tmp_path):
    real = tmp_path / "real"
    real.mkdir(mode=0o755)
    (tmp_path / "data").symlink_to(real)
    with pytest.raises(InputError, match="symbolic link"):
        Store(tmp_path / "data")
    assert mode(real) == 0o755 and not (real / DB_NAME).exists()


def test_a_store_file_that_is_a_symbolic_link_is_refused(tmp_path, elsewhere):
    data = tmp_path / "data"
    data.mkdir(mode=0o700)
    (data / DB_NAME).symlink_to(elsewhere)
    with pytest.raises(InputError, match="symbolic link") as info:
        Store(data)
    assert str(data / DB_NAME) in str(info.value)
    assert untouched(elsewhere)


def test_an_exports_folder_that_is_a_symbolic_link_is_refused(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir(mode=0o755)
    with Store(tmp_path / "data") as store:
        (tmp_path / "data" / EXPORTS_DIR).symlink_to(outside)
        with pytest.raises(InputError, match="symbolic link"):
            store.exports_dir()
    assert mode(outside) == 0o755


def test_an_export_over_a_symbolic_link_is_refused_and_the_target_kept(tmp_path, elsewhere):
    link = tmp_path / "report.md"
    link.symlink_to(elsewhere)
    with pytest.raises(InputError, match="symbolic link"):
        write_private(link, "overwritten")
    assert untouched(elsewhere) and link.is_symlink()


def test_an_export_that_fails_midway_leaves_the_old_file_and_no_partial_one(tmp_path):
    target = tmp_path / "report.md"
    write_private(target, "the whole report")
    with pytest.raises(InputError, match="cannot write"):
        write_private(target, "a first part " * 1000 + "\ud800")  # unencodable: fails mid-write
    assert target.read_text(encoding="utf-8") == "the whole report"
    assert [p.name for p in tmp_path.iterdir()] == ["report.md"]


def test_a_new_export_that_fails_leaves_nothing(tmp_path):
    with pytest.raises(InputError):
        write_private(tmp_path / "new.md", "text \udfff")
    assert list(tmp_path.iterdir()) == []


def test_a_read_only_data_folder_is_reported_and_left_read_only(tmp_path):
    data = tmp_path / "data"
    Store(data).close()
    data.chmod(0o500)
    try:
        with pytest.raises(InputError, match="read-only"):
            Store(data)
        assert mode(data) == 0o500
    finally:
        data.chmod(0o700)


def test_a_read_only_store_file_is_reported_and_neither_chmodded_nor_written(tmp_path):
    data = tmp_path / "data"
    Store(data).close()
    db = data / DB_NAME
    db.chmod(0o400)
    before = db.read_bytes()
    with pytest.raises(InputError, match="read-only") as info:
        Store(data)
    assert str(db) in str(info.value)
    assert mode(db) == 0o400 and db.read_bytes() == before


def test_a_read_only_folder_reaches_the_command_line_as_one_line(tmp_path, capsys):
    data = tmp_path / "data"
    Store(data).close()
    data.chmod(0o500)
    try:
        with pytest.raises(SystemExit) as info:
            main(["--data-dir", str(data), "review", "1"])
    finally:
        data.chmod(0o700)
    err = capsys.readouterr().err
    assert info.value.code == 2 and len(err.strip().splitlines()) == 1 and "read-only" in err


def test_new_folders_are_0700_and_new_files_0600_whatever_the_umask(tmp_path):
    old = os.umask(0)
    try:
        with Store(tmp_path / "data") as store:
            folder = store.exports_dir()
            written = write_private(folder / "log.csv", "a,b\n")
    finally:
        os.umask(old)
    assert mode(tmp_path / "data") == 0o700 and mode(folder) == 0o700
    assert mode(tmp_path / "data" / DB_NAME) == 0o600 and mode(written) == 0o600

