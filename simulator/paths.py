"""Where the project's own files live (scenarios, rubrics, drills, schemas)."""
from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
#: The checkout the package is installed from (editable install, as dev.py does).
PROJECT_DIR = PACKAGE_DIR.parent
SCENARIOS_DIR = PROJECT_DIR / "scenarios"
RUBRICS_DIR = PROJECT_DIR / "rubrics"
DRILLS_DIR = PROJECT_DIR / "drills"
SCHEMAS_DIR = PROJECT_DIR / "schemas"
