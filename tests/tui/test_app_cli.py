"""``coachsim`` with no arguments opens the app; --data-dir / COACHSIM_DATA_DIR choose the store."""
from __future__ import annotations

import pytest

import simulator.tui.app as tui_app
from simulator.cli import main


@pytest.fixture
def opened(monkeypatch):
    """Record what the CLI asked make_app for, instead of taking over the terminal."""
    calls: list[dict] = []

    class Fake:
        def run(self):
            calls.append({"ran": True})

    def fake_make_app(data_dir=None, **kwargs):
        calls.append({"data_dir": data_dir, **kwargs})
        return Fake()

    monkeypatch.setattr(tui_app, "make_app", fake_make_app)
    return calls


def run(argv):
    with pytest.raises(SystemExit) as exit_:
        main(argv)
    return exit_.value.code


def test_no_arguments_opens_the_app_with_the_data_dir_option(opened, tmp_path):
    assert run(["--data-dir", str(tmp_path)]) == 0
    assert opened[0]["data_dir"] == tmp_path and opened[1] == {"ran": True}


def test_the_environment_variable_names_the_data_dir(opened, tmp_path, monkeypatch):
    monkeypatch.setenv("COACHSIM_DATA_DIR", str(tmp_path))
    assert run(["app", "--seed", "4", "--trainee", "Sam"]) == 0
    call = opened[0]
    assert (call["data_dir"], call["seed"], call["trainee"], call["rubric"]) == (
        tmp_path, 4, "Sam", "core")


def test_an_unusable_data_dir_is_one_line_and_exit_2(tmp_path, capsys):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    assert run(["--data-dir", str(blocker / "sub"), "app"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("coachsim: ") and "Traceback" not in err and len(err.splitlines()) == 1
