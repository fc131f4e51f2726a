"""pvkit.value: the toy national accounts, checked against hand-worked numbers."""

from __future__ import annotations

import pandas as pd
import pytest

from pvkit import data, value
from pvkit.charts.value import gdp_chart, productivity_chart


def test_economy_is_illustrative_and_sourced():
    table = value.economy()
    assert set(table["kind"]) == set(value.KINDS)
    assert table["source"].str.contains("Illustrative").all()
    assert "value_economy" in data.available()


def test_standard_gdp_by_hand():
    # market: sales - intermediate = 60 + 80 + 40; public at cost = wages 45 + 40; care 0
    assert value.gdp() == 265.0
    added = value.value_added().set_index("sector")["value_added"]
    assert added.to_dict() == {"finance": 60.0, "manufacturing": 80.0, "retail": 40.0,
                               "health": 45.0, "education": 40.0, "unpaid_care": 0.0}


def test_each_rule_by_hand():
    assert value.gdp(unpaid_care=True) == 265.0 + 48.0
    assert value.gdp(pollution=True) == 265.0 - 24.0 - 2.0 - 1.0
    # health 120 - 25 = 95 and education 110 - 10 = 100 replace wages 45 and 40
    assert value.gdp(public_services="outcomes") == 265.0 - 85.0 + 195.0
    assert value.gdp(unpaid_care=True, pollution=True, public_services="outcomes") == 396.0


def test_productivity_ranking_changes_with_the_rule():
    standard = value.productivity()
    assert standard["sector"].tolist() == ["finance", "manufacturing", "education", "health",
                                           "retail"]
    assert standard["productivity"].tolist() == [60.0, 32.0, 25.0, 20.0, 16.0]
    broad = value.productivity(unpaid_care=True, pollution=True, public_services="outcomes")
    assert broad["sector"].tolist()[:2] == ["education", "finance"]
    assert broad.set_index("sector").loc["education", "productivity"] == 62.5
    assert broad["rank"].tolist() == list(range(1, 7))


def test_fees_raise_measured_productivity_and_gdp():
    dearer = value.raise_fees(percent=20)
    assert value.gdp(dearer) == 283.0  # 90 * 1.2 - 30 = 78 instead of 60
    assert value.productivity(dearer).iloc[0]["productivity"] == 78.0
    assert value.economy().loc[0, "sales"] == 90  # the original is untouched


def test_compare_rules_is_tidy():
    table = value.compare_rules()
    assert list(table.columns) == ["rule", "sector", "kind", "value_added", "productivity",
                                   "rank", "gdp"]
    assert list(dict.fromkeys(table["rule"])) == list(value.RULES)
    assert len(table) == 5 + 6 + 5 + 5 + 6
    gdps = table.groupby("rule")["gdp"].first()
    sums = table.groupby("rule")["value_added"].sum()
    pd.testing.assert_series_equal(gdps, sums, check_names=False)


@pytest.mark.parametrize("kwargs, error, words", [
    ({"public_services": "value"}, ValueError, "'cost' or 'outcomes'"),
    ({"unpaid_care": "yes"}, TypeError, "True or False"),
    ({"pollution": 1}, TypeError, "True or False"),
])
def test_bad_rules_get_clear_messages(kwargs, error, words):
    with pytest.raises(error, match=words):
        value.value_added(**kwargs)


def test_bad_tables_and_fees_get_clear_messages():
    with pytest.raises(TypeError, match="DataFrame"):
        value.gdp([1, 2])
    bad = value.economy()
    bad.loc[0, "wages"] = -1
    with pytest.raises(ValueError, match="negative"):
        value.gdp(bad)
    with pytest.raises(ValueError, match="lacks column"):
        value.gdp(value.economy().drop(columns="hours"))
    with pytest.raises(ValueError, match="not a market sector"):
        value.raise_fees(sector="health")
    with pytest.raises(ValueError, match="no sector"):
        value.raise_fees(sector="banking")
    with pytest.raises(ValueError, match="above -100"):
        value.raise_fees(percent=-150)
    with pytest.raises(ValueError, match="unknown setting"):
        value.compare_rules(rules={"x": {"care": True}})


def test_charts_carry_the_model_numbers():
    table = value.compare_rules()
    spec = productivity_chart(table).to_dict()
    assert spec["spec"]["mark"]["type"] == "bar"
    assert "Illustrative" in str(spec["title"])
    assert gdp_chart(table).to_dict()["mark"]["type"] == "bar"
    with pytest.raises(ValueError, match="compare_rules"):
        gdp_chart(table.drop(columns="rank"))
