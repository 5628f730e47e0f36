"""Shared fixtures for the practice app's tests: a tmp data dir, a stable test scenario."""
from __future__ import annotations

import asyncio
import inspect
from pathlib import Path

import pytest

from simulator import store as store_module
from simulator.scenario import load_scenario

FIXTURES = Path(__file__).parent / "fixtures"


def footer_keys(screen) -> list[str]:
    """What the screen's own footer offers (enabled keys' descriptions, left to right)."""
    from textual.widgets._footer import FooterKey

    return [k.description for k in screen.query(FooterKey) if not k.has_class("-disabled")]


@pytest.fixture(autouse=True)
def never_the_real_user_dir(monkeypatch):
    """Every test passes a tmp data dir; reaching for the user's own folder is a bug."""
    def refuse():
        raise AssertionError("a test reached for the real user data folder")
    monkeypatch.setattr(store_module, "default_data_dir", refuse)


@pytest.fixture
def walks():
    """The app tests' own scenario (its lines do not change with the teaching scenarios)."""
    return load_scenario(FIXTURES / "app_test_walks.yaml")


@pytest.fixture
def rosa():
    """A journey of three appointments for the app's tests (app_test_walks with follow-ups)."""
    return load_scenario(FIXTURES / "app_test_journey.yaml")


@pytest.fixture
def data_dir(tmp_path) -> Path:
    return tmp_path / "data"


@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem):
    """Run ``async def`` tests (Pilot needs a loop) without adding an asyncio plugin."""
    if inspect.iscoroutinefunction(pyfuncitem.obj):
        names = pyfuncitem._fixtureinfo.argnames
        asyncio.run(pyfuncitem.obj(**{n: pyfuncitem.funcargs[n] for n in names}))
        return True
    return None
