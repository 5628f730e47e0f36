"""A wheel carries everything there is to practise with: built from the checkout, installed into
a fresh virtual environment outside it, and run from another folder."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import tomllib
import venv
from pathlib import Path

import pytest

from simulator import paths

ROOT = Path(__file__).resolve().parent.parent
DATA_FOLDERS = ("scenarios", "rubrics", "drills", "calibration", "schemas")


def listed_packages() -> set[str]:
    return set(setuptools_table()["packages"])


def setuptools_table() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]


def test_every_package_in_the_source_is_listed_for_the_wheel():
    on_disk = {".".join(init.parent.relative_to(ROOT).parts)
               for init in (ROOT / "simulator").rglob("__init__.py")}
    assert on_disk - listed_packages() == set(), "add these to [tool.setuptools] packages"


def test_every_data_folder_is_mapped_into_the_package():
    assert setuptools_table()["package-dir"] == {f"simulator._data.{name}": name for name in DATA_FOLDERS}
    assert {f"simulator._data.{name}" for name in DATA_FOLDERS} <= listed_packages()


def test_a_checkout_finds_the_top_level_folders():
    assert paths.DATA_DIR == ROOT
    assert paths.SCENARIOS_DIR == ROOT / "scenarios"
    assert paths.CALIBRATION_DIR == ROOT / "calibration"


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """A virtual environment outside the checkout with the wheel built from it, --no-deps:
    the dependencies come from the suite's own environment through a .pth file."""
    base = tmp_path_factory.mktemp("wheel")
    source = base / "source"
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for name in ("simulator", *DATA_FOLDERS):
        shutil.copytree(ROOT / name, source / name, ignore=ignore)
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy(ROOT / name, source / name)
    wheels = base / "wheels"
    # The build backend is called directly: no build isolation, so nothing is downloaded.
    subprocess.run([sys.executable, "-c",
                    f"from setuptools import build_meta; build_meta.build_wheel({str(wheels)!r})"],
                   cwd=source, check=True, capture_output=True)
    env = base / "env"
    venv.EnvBuilder(with_pip=False).create(env)
    python = program(env, "python")
    site = Path(subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
        check=True, capture_output=True, text=True).stdout.strip())
    (site / "suite_dependencies.pth").write_text(sysconfig.get_path("purelib") + "\n")
    wheel = next(wheels.glob("coachsim-*.whl"))
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet",
                    "--no-deps", "--no-index", "--disable-pip-version-check", str(wheel)],
                   check=True, capture_output=True)
    shutil.rmtree(source)  # nothing may be read from the copy the wheel was built from
    return env


def program(env: Path, name: str) -> Path:
    return env / ("Scripts" if os.name == "nt" else "bin") / name


def coachsim(env: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess:
    environ = {k: v for k, v in os.environ.items()
               if not k.startswith("COACHSIM_") and k != "PYTHONPATH"}
    environ |= {"COACHSIM_DATA_DIR": str(cwd / "data"), "COACHSIM_CONFIG": str(cwd / "config.toml")}
    return subprocess.run([str(program(env, "coachsim")), *args], cwd=cwd, env=environ,
                          capture_output=True, text=True, timeout=120)


@pytest.fixture
def elsewhere(tmp_path) -> Path:
    return tmp_path


def test_the_installed_package_reads_its_own_data_not_the_checkout(installed, elsewhere):
    result = coachsim(installed, "config", "--path", cwd=elsewhere)
    assert result.returncode == 0, result.stderr
    where = subprocess.run([str(program(installed, "python")), "-c",
                            "import simulator.paths as p; print(p.DATA_DIR)"],
                           cwd=elsewhere, capture_output=True, text=True, check=True).stdout.strip()
    assert Path(where).is_relative_to(installed) and Path(where).name == "_data"


def test_validate_checks_every_bundled_file_from_a_wheel(installed, elsewhere):
    result = coachsim(installed, "validate", cwd=elsewhere)
    assert result.returncode == 0, result.stderr
    bundled = sum(len(list((ROOT / f).glob("*.yaml"))) for f in ("scenarios", "drills", "rubrics"))
    assert f"{bundled} files checked, 0 problems" in result.stderr


def test_play_by_id_from_a_wheel(installed, elsewhere):
    script = elsewhere / "replies.txt"
    script.write_text("What would you like to talk about today?\n")
    result = coachsim(installed, "play", "alcohol_cutting_down", "--script", str(script),
                      "--seed", "1", cwd=elsewhere)
    assert result.returncode == 0, result.stderr
    assert "codes: open question" in result.stdout and "Score " in result.stdout


def test_assess_with_the_bundled_rubric_from_a_wheel(installed, elsewhere):
    transcript = elsewhere / "mixed_smoking.csv"
    shutil.copy(ROOT / "calibration" / "mixed_smoking.csv", transcript)
    result = coachsim(installed, "assess", transcript.name, "--format", "csv", cwd=elsewhere)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("trainee,")


def test_calibrate_against_a_shipped_reference_from_a_wheel(installed, elsewhere):
    mine = elsewhere / "my_codes.csv"
    shutil.copy(ROOT / "calibration" / "codes" / "mixed_smoking.csv", mine)
    result = coachsim(installed, "calibrate", "mixed_smoking", "--codes", mine.name,
                      "--reference", "expert", cwd=elsewhere)
    assert result.returncode == 0, result.stderr
    assert "16 coach replies" in result.stdout and "16/16 replies coded identically" in result.stdout
