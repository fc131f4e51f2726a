"""Altair charts for pvkit's lessons and dashboards, one module per topic.

A chart function takes a tidy DataFrame from a model and returns an Altair
chart; it never imports widgets or displays anything (showing a chart offline
is the job of :mod:`pvkit.widgets.helpers`).

- :mod:`pvkit.charts.style`: the house style every chart shares;
- :mod:`pvkit.charts.placements`: the case sorter's placements and running score;
- one module per model: ``value``, ``missions``, ``capabilities``, ``appraisal``, ``rewards``, ``roar``.
"""

from pvkit.charts.placements import (
    OUTCOME_COLOURS,
    OUTCOMES,
    PLACED_AS,
    box4_table,
    case_counts_chart,
    cases_table,
    framing_label,
    placements_chart,
    running_score,
    tally,
)

__all__ = [
    "OUTCOMES",
    "OUTCOME_COLOURS",
    "PLACED_AS",
    "framing_label",
    "tally",
    "running_score",
    "placements_chart",
    "box4_table",
    "cases_table",
    "case_counts_chart",
]
