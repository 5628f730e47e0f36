#!/usr/bin/env python3
"""Set up a private virtual environment and run the simulator or its tests.

Works on a fresh machine with only Python, including where the system Python
refuses global installs (PEP 668): everything goes into ./.venv.

    python3 dev.py start [COACHSIM ARGS...]   install, then open the practice app
    python3 dev.py test  [PYTEST ARGS...]     install with test extras, then run the suite
"""
from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")


def _python() -> Path:
    return BIN / ("python.exe" if os.name == "nt" else "python")


def _ensure_env(extras: str) -> None:
    """Create .venv and (re)install the project when pyproject.toml changes."""
    if not _python().exists():
        print("Creating a virtual environment in .venv ...", flush=True)
        venv.EnvBuilder(with_pip=True, clear=True).create(VENV)
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes() + extras.encode()).hexdigest()
    stamp = VENV / ".coachsim-installed"
    if stamp.exists() and stamp.read_text() == digest:
        return
    print("Installing coachsim and its dependencies ...", flush=True)
    target = f".[{extras}]" if extras else "."
    subprocess.run(
        [str(_python()), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
         "-e", target],
        cwd=ROOT, check=True,
    )
    stamp.write_text(digest)


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in {"start", "test"}:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    command, rest = argv[0], argv[1:]
    # The test extras are a superset, so one environment serves both commands.
    _ensure_env("test")
    if command == "start":
        return subprocess.call([str(BIN / "coachsim"), *rest], cwd=ROOT)
    return subprocess.call([str(_python()), "-m", "pytest", *rest], cwd=ROOT)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
