"""HTML pages from Jinja2 templates (``render/templates``), escaped by the template engine.

Autoescape is on for every template and undefined names are errors, so a trainee's words, a
trainee's name from a CSV file or a scenario's title can never become markup, and a template
that asks for a value nobody passed fails in the tests instead of printing nothing.
"""
from __future__ import annotations

from functools import lru_cache

from jinja2 import Environment, PackageLoader, StrictUndefined


@lru_cache(maxsize=1)
def environment() -> Environment:
    """The one template environment (built on first use: the app's start-up never pays)."""
    return Environment(loader=PackageLoader("simulator.render", "templates"), autoescape=True,
                       undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                       keep_trailing_newline=True)


def render(template: str, **context: object) -> str:
    """Fill ``template`` (a file in ``render/templates``) with ``context``."""
    return environment().get_template(template).render(**context)
