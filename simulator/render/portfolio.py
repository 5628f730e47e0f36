"""The supervision portfolio as Markdown or one self-contained HTML page (Jinja2 templates in
``render/templates``; HTML is autoescaped, Markdown goes through the ``md`` filter)."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import jinja2

from simulator.codes import LABELS
from simulator.portfolio import SKILLS, Portfolio
from simulator.render.session import md
from simulator.words import labels

TEMPLATES = Path(__file__).parent / "templates"
FORMATS = {"markdown": "portfolio.md.j2", "html": "portfolio.html.j2"}


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    """Templates from the package; HTML escaped by default, undefined names an error."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=jinja2.select_autoescape(enabled_extensions=("html", "html.j2")),
        undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
        keep_trailing_newline=True)
    env.filters["md"] = md
    env.filters["labels"] = labels
    env.filters["value"] = lambda v: "-" if v is None else f"{v:g}"
    return env


def render(portfolio: Portfolio, fmt: str = "markdown", trainee: str | None = None) -> str:
    """The portfolio document in ``fmt`` (markdown or html)."""
    template = environment().get_template(FORMATS[fmt])
    return template.render(p=portfolio, skills=SKILLS, trainee=trainee, code_labels=LABELS)
