"""Adding a code that only matches phrases touches few files: the code's name and label in
codes.py and its entry in a rubric. Everything else (the coder, the calibration tables and their
short tags, reports) follows from them; this test makes the change in a copy of the package and
runs calibrate on it."""
from __future__ import annotations

import filecmp
import os
import shutil
import subprocess
import sys
from pathlib import Path

import simulator

ROOT = Path(simulator.__file__).resolve().parent.parent


def changed_files(before: Path, after: Path) -> list[str]:
    """Files whose bytes differ between two copies of a tree (new files included)."""
    changed = []
    for path in sorted(after.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            twin = before / path.relative_to(after)
            if not twin.exists() or not filecmp.cmp(twin, path, shallow=False):
                changed.append(str(path.relative_to(after)))
    return changed


def test_a_phrase_only_code_needs_its_name_and_a_rubric_entry_and_calibrate_runs(tmp_path):
    copy = tmp_path / "copy"
    for folder in ("simulator", "rubrics"):
        shutil.copytree(ROOT / folder, copy / folder,
                        ignore=shutil.ignore_patterns("__pycache__"))
    codes = copy / "simulator" / "codes.py"
    text = codes.read_text(encoding="utf-8")
    text = text.replace('    "goal",\n]', '    "goal",\n    "self_disclosure",\n]', 1)
    text = text.replace('    "goal": "goal elicitation",\n}',
                        '    "goal": "goal elicitation",\n    "self_disclosure": "self-disclosure",\n}', 1)
    codes.write_text(text, encoding="utf-8")
    rubric = copy / "rubrics" / "core.yaml"
    text = rubric.read_text(encoding="utf-8")
    text = text.replace("\ncodes:\n", "\ncodes:\n"
                        "  self_disclosure:\n"
                        "    feedback: The coach shares something of their own life.\n"
                        "    rules:\n"
                        "      - id: own_story\n"
                        "        phrases: [when i was your age, in my own experience]\n", 1)
    rubric.write_text(text, encoding="utf-8")
    assert changed_files(ROOT, copy) == ["rubrics/core.yaml", "simulator/codes.py"]

    transcript = tmp_path / "t.csv"
    transcript.write_text(
        "session_id,turn,speaker,text\n"
        "s,0,client,I keep meaning to walk more.\n"
        "s,1,coach,In my own experience walking at lunch helped.\n"
        "s,1,client,Maybe.\n"
        "s,2,coach,What would make a walk worth it for you?\n", encoding="utf-8")
    trainer = tmp_path / "codes.csv"
    trainer.write_text("turn,codes\n1,self_disclosure\n2,question.open\n", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(copy)}
    result = subprocess.run(
        [sys.executable, "-m", "simulator", "calibrate", str(transcript), "--codes", str(trainer),
         "--rubric", str(rubric), "--format", "markdown"],
        capture_output=True, text=True, cwd=copy, env=env)
    assert result.returncode == 0, result.stderr
    # The engine found the new code where the trainer did (reference 1, trainer 1, both 1), and
    # the confusion table tagged it without a hand-kept list of tags.
    assert "| self-disclosure | 1 (50%) | 1 (50%) | 1 | 100 | 1 |" in result.stdout
    assert "| SE self-disclosure |" in result.stdout
