"""The persona tests' own scenario, and broken variants of it written to a temporary folder."""
from __future__ import annotations

from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures" / "scenarios"
WALKING = FIXTURES / "walking.yaml"


def variant(tmp_path: Path, *replacements: tuple[str, str], name: str = "variant.yaml") -> Path:
    """A copy of walking.yaml with each ``(old, new)`` text replaced (each must occur)."""
    text = WALKING.read_text(encoding="utf-8")
    for old, new in replacements:
        assert old in text, f"fixture text not found: {old!r}"
        text = text.replace(old, new, 1)
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def line_col(path: Path, needle: str, occurrence: int = 1) -> tuple[int, int]:
    """1-based line and column of the ``occurrence``-th ``needle`` in the file."""
    seen = 0
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        start = 0
        while (col := line.find(needle, start)) != -1:
            seen += 1
            if seen == occurrence:
                return number, col + 1
            start = col + 1
    raise AssertionError(f"{needle!r} not in {path}")
