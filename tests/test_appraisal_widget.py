"""The appraisal explorer widget and its charts, without a browser."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from pvkit import appraisal as ap
from pvkit.charts.appraisal import _explorer_layout, explorer_chart, tornado_chart, waterfall_table
from pvkit.widgets.appraisal_explorer import appraisal_explorer


@pytest.fixture(scope="module")
def explorer():
    return appraisal_explorer()


def test_explorer_shows_both_views_and_a_verdict(explorer):
    assert "Static (Green Book)" in explorer.results.value
    assert "Dynamic" in explorer.results.value
    assert explorer.verdict.value
    assert explorer.message.value == ""


def test_chart_receives_aggregates_not_draws(explorer):
    data = explorer.chart.spec["datasets"]
    assert len(data["bins"]) == 1 and len(data["bins"][0]["start"]) == 40
    assert [r["component"] for r in data["waterfall"]] == list(ap.COMPONENTS)
    assert len(json.dumps(explorer.chart.spec)) < 40_000


def test_cached_spec_equals_a_fully_validated_one(explorer):
    r = explorer.result
    chart = explorer_chart(ap.histogram(r.simulation.npv, 40), r.decomposition, "GBP million", 1000)
    validated = _explorer_layout("GBP million").properties(datasets=chart.to_dict()["datasets"]).to_dict()
    assert chart.to_dict() == validated


def test_controls_change_the_verdict_and_the_chart():
    e = appraisal_explorer()
    before_verdict, before_data = e.verdict.value, e.chart.spec["datasets"]["waterfall"]
    e.learning_rate.value = 0.0
    e.spillover_share.value = 0.0
    assert e.verdict.value != before_verdict
    assert e.chart.spec["datasets"]["waterfall"] != before_data
    learning = e.result.decomposition.set_index("component").loc[["own learning, for the programme", "own learning, for other buyers"], "value"].abs().sum()
    assert learning == pytest.approx(0.0, abs=1e-9)


def test_moon_shot_disagreement_is_named():
    e = appraisal_explorer()
    e.optimism_bias.value = 0.66
    assert e.result.static_npv < 0 < e.result.dynamic_npv
    assert "disagree" in e.verdict.value


def test_bad_rate_shows_a_message_not_a_traceback():
    e = appraisal_explorer()
    e.schedule.value = "constant"
    assert not e.constant_rate.disabled
    shown = e.result
    e.constant_rate.value = -100
    assert "between -5% and 20%" in e.message.value and "you typed -100%" in e.message.value
    assert "Traceback" not in e.message.value
    assert e.result is shown  # the refused setting is not kept as the result
    e.constant_rate.value = 5.0
    assert e.message.value == ""
    assert e.result is not shown and e.result.decomposition is not None


def test_waterfall_table_and_tornado():
    t = pd.DataFrame({"component": ["static NPV", "a", "b", "dynamic expected NPV"],
                      "value": [-5.0, 10.0, -2.0, 3.0]})
    w = waterfall_table(t)
    assert w["end"].tolist() == [-5.0, 5.0, 3.0, 3.0]
    assert w["kind"].tolist() == ["total", "increase", "decrease", "total"]
    sens = ap.one_way_sensitivity(lambda x, y: x - y, {"x": 1.0, "y": 1.0}, {"x": (0, 2), "y": (0, 1)})
    assert tornado_chart(sens).to_dict()["mark"]["type"] == "bar"
    with pytest.raises(ValueError):
        waterfall_table(pd.DataFrame({"x": [1]}))
