"""The reply box: Textual's Input, but a pasted reply keeps all its lines."""
from __future__ import annotations

from textual import events
from textual.widgets import Input


class ReplyInput(Input):
    """A one-line reply box; a multi-line paste is joined with spaces instead of cut at the
    first line break (Input's default), so nothing a trainee pastes is silently dropped."""

    def _on_paste(self, event: events.Paste) -> None:
        event.stop()
        event.prevent_default()  # Textual would run Input's own handler after this one
        text = " ".join(event.text.splitlines())
        if not text:
            return
        selection = self.selection
        if selection.is_empty:
            self.insert_text_at_cursor(text)
        else:
            self.replace(text, *selection)
