"""The words a report or review uses that a newcomer may not know, one line each.

One list for the app (the glossary key on the report and review screens), the Markdown and the
HTML reports, so a term is explained the same way wherever a person meets it.
"""
from __future__ import annotations

from simulator.words import MEASURES

GLOSSARY: tuple[tuple[str, str], ...] = (
    (MEASURES["pct_open_questions"], "open questions as a share of all the questions asked."),
    (MEASURES["reflection_question_ratio"], "reflections (simple and complex) for each question "
     "asked; 1 or more means more listening than asking."),
    (MEASURES["pct_complex_reflections"], "complex reflections (that add a meaning or feeling) "
     "as a share of all reflections."),
    (MEASURES["mi_adherent"], "replies in the spirit of motivational interviewing besides "
     "questions and reflections: affirmations, emphasising autonomy, asking permission."),
    (MEASURES["mi_non_adherent"], "replies against that spirit: judgement and unsolicited "
     "advice."),
    (MEASURES["goal_turn"], "the reply that first invited the person's own goal ('-': none did)."),
    ("band", "the level the score reaches (below fair, fair, good) on the rubric's thresholds."),
    ("evidence", "the words of a reply that earned its code (underlined)."),
    ("override", "a trainer's own codes for a reply, kept with the reason they gave."),
    ("kappa", "Cohen's kappa: agreement beyond chance; 1 is perfect, 0 no better than chance."),
)


def glossary_lines() -> list[str]:
    """Each term and its meaning as one line of text."""
    return [f"{term}: {meaning}" for term, meaning in GLOSSARY]
