"""The core never imports Textual: every front end drives the same UI-free Session."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import simulator

CORE = [
    p for p in Path(simulator.__file__).parent.rglob("*.py")
    if "tui" not in p.relative_to(Path(simulator.__file__).parent).parts
]


def test_core_modules_do_not_import_textual():
    # Import every core module in a fresh interpreter where textual cannot be imported.
    modules = sorted(
        ".".join(("simulator", *p.relative_to(Path(simulator.__file__).parent).with_suffix("").parts))
        .removesuffix(".__init__")
        for p in CORE
        if p.name != "__main__.py" and "cli" not in p.parts
    )
    code = (
        "import sys, importlib\n"
        "class Block:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name == 'textual' or name.startswith('textual.'):\n"
        "            raise ImportError('textual is blocked in the core')\n"
        "sys.meta_path.insert(0, Block())\n"
        f"for m in {modules!r}:\n"
        "    importlib.import_module(m)\n"
        "print('ok')\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"
    assert "simulator.session" in modules


def test_no_eval_or_unsafe_yaml_in_the_package():
    for path in Path(simulator.__file__).parent.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"(?<![\w.])(eval|exec)\(", text), path
        assert "yaml.load(" not in text and "yaml.unsafe_load" not in text, path


ROOT = Path(simulator.__file__).resolve().parent.parent


def test_the_import_contracts_hold():
    # The layers, the cycle ban and the Textual ban in pyproject.toml: a new upward import or
    # cycle fails here with import-linter's report of the offending chain.
    result = subprocess.run(
        [sys.executable, "-c", "from importlinter.cli import lint_imports_command; "
         "lint_imports_command()", "--no-cache", str(ROOT / "pyproject.toml")],
        capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert "BROKEN" not in result.stdout and "KEPT" in result.stdout
