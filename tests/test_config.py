"""Settings: one model read once (flags > environment > config file > defaults), a bad file
named at its line and column, and what the app remembers written back safely."""
from __future__ import annotations

import os
import stat
import tomllib
from pathlib import Path

import pytest

from simulator.cli import main
from simulator.config import Config, dump_toml, load_config
from simulator.errors import InputError

ODD_NAME = 'Zoë "Z" O\'Neil \\ 李'


def run(capsys, *args: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exit_:
        main(list(args))
    out, err = capsys.readouterr()
    return exit_.value.code, out, err


def test_remembered_settings_round_trip_through_the_file(own_settings):
    own_settings.write_text('rubric = "foundation"\n\n[serve]\nport = 9001\n')
    load_config().remember(trainee=ODD_NAME, theme="textual-light")
    again = load_config().settings
    assert (again.trainee, again.theme, again.rubric, again.serve.port) == (
        ODD_NAME, "textual-light", "foundation", 9001)
    assert stat.S_IMODE(own_settings.stat().st_mode) == 0o600
    assert [p.name for p in own_settings.parent.iterdir()] == ["config.toml"]  # no temp left


def test_the_writer_escapes_what_toml_would_misread():
    values = {"trainee": "tab\there \x1b[31m \u2028 \"q\" \\",
              "serve": {"port": 8001, "host": "::1"}}
    assert tomllib.loads(dump_toml(values)) == values


def test_flags_beat_the_environment_which_beats_the_file(own_settings, monkeypatch):
    own_settings.write_text('trainee = "File"\ntrainer = "File"\ntheme = "File"\n')
    monkeypatch.setenv("COACHSIM_TRAINER", "Env")
    monkeypatch.setenv("COACHSIM_THEME", "Env")
    config = load_config({"theme": "Flag", "rubric": None})
    assert (config.settings.trainee, config.settings.trainer, config.settings.theme) == (
        "File", "Env", "Flag")
    assert config.sources["trainee"] == "config file"
    assert config.sources["trainer"] == "environment COACHSIM_TRAINER"
    assert config.sources["theme"] == "flag --theme"
    assert config.sources["rubric"] == "default" and config.settings.rubric == "core"


def test_a_command_flag_is_validated_like_the_rest():
    config = load_config()
    assert config.overridden({"trainee": "  Ana  "}).settings.trainee == "Ana"
    with pytest.raises(InputError, match="--trainee: trainee: must not contain control"):
        config.overridden({"trainee": "Ana\x1b[2J"}, {"trainee": "--trainee"})


def test_the_config_option_beats_the_environment_variable(own_settings, tmp_path, capsys):
    other = tmp_path / "other.toml"
    other.write_text('trainee = "Other"\n')
    own_settings.write_text('trainee = "Usual"\n')
    code, out, _ = run(capsys, "--config", str(other), "config")
    assert code == 0
    assert f"config file: {other}\n" in out
    assert out.splitlines()[1].split() == ["trainee", "Other", "config", "file"]


@pytest.mark.parametrize("text, where, says", [
    ('trainee = "Ana"\ntheme = textual-light\n', ":2:9: ", "not valid TOML: Invalid value"),
    ('trainee = "Ana"\n\n[serve]\n  port = "eighty"\n', ":4:3: ", "serve.port: input should be"),
    ('trainee = "Ana"\ncolour = "blue"\n', ":2:1: ", "unknown setting 'colour'"),
    ('[display]\ntheme = "x"\n', ":1:2: ", "unknown setting 'display'"),
    ('trainer = ""\n', ":1:1: ", "trainer: must not be empty"),
])
def test_a_bad_file_is_one_line_with_its_line_and_column_and_exit_2(own_settings, capsys, text,
                                                                    where, says):
    own_settings.write_text(text)
    code, out, err = run(capsys, "config")
    assert code == 2 and out == ""
    assert err.startswith(f"coachsim: {own_settings}{where}") and says in err
    assert len(err.splitlines()) == 1 and "Traceback" not in err


def test_a_bad_environment_value_names_the_variable(monkeypatch, capsys):
    monkeypatch.setenv("COACHSIM_SERVE_PORT", "99999")
    code, _, err = run(capsys, "config")
    assert code == 2
    assert err.startswith("coachsim: COACHSIM_SERVE_PORT: serve.port: input should be")


def test_config_prints_every_setting_and_where_it_came_from(own_settings, monkeypatch, capsys):
    own_settings.write_text('trainer = "Dr Ames"\n[serve]\nport = 8123\n')
    monkeypatch.setenv("COACHSIM_RUBRIC", "foundation")
    code, out, _ = run(capsys, "--trainee", "Ana", "config")
    assert code == 0
    rows = {line.split()[0]: line for line in out.splitlines()[1:]}
    assert list(rows) == ["trainee", "trainer", "theme", "rubric", "data_dir", "serve.host",
                          "serve.port"]
    assert rows["trainee"].split()[1:] == ["Ana", "flag", "--trainee"]
    assert rows["trainer"].split()[1:] == ["Dr", "Ames", "config", "file"]
    assert rows["rubric"].split()[1:] == ["foundation", "environment", "COACHSIM_RUBRIC"]
    assert rows["serve.port"].split()[1:] == ["8123", "config", "file"]
    assert rows["theme"].endswith("default") and "(user data folder)" in rows["data_dir"]


def test_config_path_prints_the_file_in_use(own_settings, capsys):
    assert run(capsys, "config", "--path") == (0, f"{own_settings}\n", "")


def test_the_default_file_is_in_the_user_config_folder(monkeypatch, tmp_path):
    monkeypatch.delenv("COACHSIM_CONFIG")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    assert load_config().path == tmp_path / "coachsim" / "config.toml"


def test_remembering_never_writes_through_a_symlink(own_settings, tmp_path):
    elsewhere = tmp_path / "elsewhere.toml"
    elsewhere.write_text('trainee = "Kept"\n')
    own_settings.symlink_to(elsewhere)
    config = load_config()
    assert config.settings.trainee == "Kept"  # reading through it is fine
    with pytest.raises(InputError, match="symbolic link"):
        config.remember(theme="textual-light")
    assert elsewhere.read_text() == 'trainee = "Kept"\n' and own_settings.is_symlink()


def test_a_value_the_model_refuses_is_not_written(own_settings):
    own_settings.write_text('trainee = "Ana"\n')
    with pytest.raises(InputError):
        load_config().remember(trainee="\x07")
    assert own_settings.read_text() == 'trainee = "Ana"\n'


def test_remembering_creates_an_owner_only_folder(tmp_path):
    path = tmp_path / "new" / "config.toml"
    Config(load_config().settings, {}, path).remember(trainer="Dr Ames")
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert tomllib.loads(path.read_text()) == {"trainer": "Dr Ames"}
    assert os.access(path, os.R_OK)


def test_the_readmes_example_file_is_valid(own_settings):
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text()
    example = readme.split("```toml\n", 1)[1].split("```", 1)[0]
    own_settings.write_text(example)
    settings = load_config().settings
    assert (settings.trainee, settings.trainer, settings.serve.port) == ("Ana Lopez", "Dr Ames", 8000)
