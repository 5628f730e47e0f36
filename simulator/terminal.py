"""Text on its way to a terminal, made harmless.

Scenario and rubric text, imported transcripts, session ids and trainee names can all carry
control characters: an ESC opens an ANSI or OSC sequence that can clear the screen, retitle
the terminal or hide what follows. :func:`printable` swaps each one for a visible stand-in of
the same length (one character for one), so positions into the text (evidence spans) still hold.
"""
from __future__ import annotations

import re

#: C0 controls but tab (newline is a choice), DEL, C1 controls, and the bidirectional
#: overrides that reorder what is shown ("Trojan source").
CONTROL = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")

#: C0 controls and DEL shown as their Unicode control pictures (ESC as U+241B, and so on);
#: the rest as the replacement character.
_PICTURES = {**{code: chr(0x2400 + code) for code in range(0x20)}, 0x7F: "\u2421"}


def printable(text: str, *, newlines: bool = True) -> str:
    """``text`` with every control character replaced by a visible stand-in (one for one);
    newlines are kept unless ``newlines`` is False (ids, names, one-line messages)."""
    def stand_in(match: re.Match[str]) -> str:
        char = match.group()
        if char == "\n" and newlines:
            return char
        return _PICTURES.get(ord(char), "\ufffd")

    return CONTROL.sub(stand_in, text)


def first_control(text: str, *, newlines: bool = True) -> int | None:
    """The index of the first control character :func:`printable` would replace, or None."""
    for match in CONTROL.finditer(text):
        if match.group() != "\n" or not newlines:
            return match.start()
    return None
