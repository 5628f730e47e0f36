"""Text, Markdown and HTML that more than one front end shows: session reports, cohort and
calibration tables, drill results. Renderers read results; they never code or score anew."""
