"""The glossary: one line for each word a report or review uses (MI-adherent, band, kappa...)."""
from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

from simulator.render.glossary import GLOSSARY


class GlossaryScreen(ModalScreen[None]):
    """The words used, each in one line; any of its keys closes it."""

    SCOPED_CSS = False  # rules apply as written, not under this screen's name (see simulator.tcss)
    DEFAULT_CSS = """
    GlossaryScreen {
        align: center middle;
    }
    #glossary {
        width: 76;
        max-width: 100%;
        height: auto;
        max-height: 100%;
        padding: 0 1;
        border: thick $primary;
        background: $surface;
    }
    """

    BINDINGS = [Binding("escape,question_mark,g", "close", "Close")]

    def compose(self) -> ComposeResult:
        lines: list = [("Words used", "bold $text-accent")]
        for term, meaning in GLOSSARY:
            lines += ["\n", (term, "bold"), f": {meaning}"]
        yield VerticalScroll(Static(Content.assemble(*lines)), id="glossary")
        yield Footer()

    def action_close(self) -> None:
        self.dismiss(None)
