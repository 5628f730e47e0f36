"""Fixtures shared across the suite: the core rubric and its compiled coder, built once, and
settings kept away from the user's own config file and COACHSIM_* variables."""
from __future__ import annotations

import os

import pytest

from simulator.rubric import Coder, Conversation, load_rubric


@pytest.fixture(scope="session")
def rubric():
    """The default rubric (rubrics/core.yaml)."""
    return load_rubric("core")


@pytest.fixture(scope="session")
def coder(rubric) -> Coder:
    """A coder for the core rubric; compiling it once serves every test."""
    return Coder(rubric)


@pytest.fixture
def permitted(coder):
    """A conversation in which the person said ``said``, was asked ``ask`` and answered ``yes``:
    the coach's next reply comes after permission was given."""
    def start(said: str, ask: str, yes: str = "Go on.") -> Conversation:
        conv = Conversation(coder)
        conv.patient(said)
        assert conv.coach(ask).has("permission"), ask
        conv.patient(yes)
        return conv
    return start


@pytest.fixture(autouse=True)
def own_settings(tmp_path_factory, monkeypatch):
    """Every test reads (and the app writes) a config file of its own, and no COACHSIM_*
    variable from the shell running the suite changes what a test sees."""
    for name in list(os.environ):
        if name.startswith("COACHSIM_"):
            monkeypatch.delenv(name)
    path = tmp_path_factory.mktemp("config") / "config.toml"
    monkeypatch.setenv("COACHSIM_CONFIG", str(path))
    return path
