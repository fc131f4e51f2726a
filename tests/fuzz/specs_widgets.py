"""Fuzz specs: pvkit.widgets (the dashboards and their helpers) and pvkit.charts.alt_text.

Dashboards are built once per valid call (about a second each on this machine),
so their specs have few arguments; their controls are walked through their
extremes in ``tests/test_widget_controls.py``.
"""

from __future__ import annotations

import altair as alt
import ipywidgets as widgets
import pandas as pd

from fuzz.kinds import Spec, choice, frame, mapping, number, obj, seed, text


def small_chart() -> alt.Chart:
    return alt.Chart(pd.DataFrame({"x": [1.0, 2.0]}), title="Two bars",
                     description="Two bars, of 1 and 2.").mark_bar().encode(x="x:Q")


def small_chart_widget() -> alt.JupyterChart:
    from pvkit.widgets.helpers import chart_widget

    return chart_widget(small_chart())


def small_table() -> pd.DataFrame:
    return pd.DataFrame({"party": ["public", "firm"], "amount": [0.25, 1.5]})


def tables() -> dict[str, pd.DataFrame]:
    return {"Amounts by party": small_table()}


SPECS = [
    # pvkit.charts.alt_text
    Spec("pvkit.charts.alt_text.describe", chart=obj(small_chart)),
    Spec("pvkit.charts.alt_text.data_table_html", data=frame(small_table), caption=text("Amounts")),
    # pvkit.widgets.helpers
    Spec("pvkit.widgets.use_offline_charts"),
    Spec("pvkit.widgets.show_chart", chart=obj(small_chart)),
    Spec("pvkit.widgets.helpers.chart_widget", chart=obj(small_chart)),
    Spec("pvkit.widgets.helpers.update_chart", widget=obj(small_chart_widget), chart=obj(small_chart)),
    Spec("pvkit.widgets.helpers.friendly_message", error=obj(lambda: ValueError("pick a case first"))),
    Spec("pvkit.widgets.helpers.message_html", text=text("Pick a case first."), kind=choice("info")),
    Spec("pvkit.widgets.helpers.guarded", message=obj(lambda: widgets.HTML())),
    Spec("pvkit.widgets.helpers.chart_alternative", chart=obj(small_chart), tables=mapping(tables)),
    Spec("pvkit.widgets.helpers.Accessibility"),
    # the four dashboards and what they parse
    Spec("pvkit.widgets.CaseSorter"),
    Spec("pvkit.widgets.case_sorter"),
    Spec("pvkit.widgets.appraisal_explorer.AppraisalExplorer", seconds=30),
    Spec("pvkit.widgets.appraisal_explorer.appraisal_explorer", seconds=30),
    Spec("pvkit.widgets.appraisal_explorer.constant_rate", rate=number(3.5, low=-5.0, high=20.0)),
    Spec("pvkit.widgets.deal_simulator.DealSimulator", seed=seed(0), seconds=30),
    Spec("pvkit.widgets.deal_simulator.deal_simulator", seed=seed(0), seconds=30),
    Spec("pvkit.widgets.deal_simulator.make_term", kind=choice("equity"),
         percent=number(20.0, low=0.0, high=100.0)),
    Spec("pvkit.widgets.mission_map.MissionMapBuilder", start=choice("healthy_years")),
    Spec("pvkit.widgets.mission_map.mission_map_builder", start=choice("net_zero_heat")),
    Spec("pvkit.widgets.mission_map.parse_list", text=text("energy, housing\nfinance")),
    # The messages speak of "the projects" / "the SDGs" (the fields a student fills in).
    Spec("pvkit.widgets.mission_map.parse_projects",
         text=text("heat pumps: energy\nloans: finance", aliases=("projects",))),
    Spec("pvkit.widgets.mission_map.parse_sdgs", text=text("7, 11, 13", aliases=("SDGs",))),
]

SPECS.append(Spec("pvkit.widgets.helpers.screen_spec",
                  spec=mapping(lambda: {"title": "Two bars", "mark": "bar", "description": "Two bars."})))
