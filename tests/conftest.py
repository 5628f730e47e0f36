"""Fixtures shared across the suite: the core rubric and its compiled coder, built once."""
from __future__ import annotations

import pytest

from simulator.rubric import Coder, load_rubric


@pytest.fixture(scope="session")
def rubric():
    """The default rubric (rubrics/core.yaml)."""
    return load_rubric("core")


@pytest.fixture(scope="session")
def coder(rubric) -> Coder:
    """A coder for the core rubric; compiling it once serves every test."""
    return Coder(rubric)
