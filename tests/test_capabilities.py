"""pvkit.capabilities: concentration by hand, the illustrative market, KPIs, sourced facts."""

from __future__ import annotations

import pandas as pd
import pytest

from pvkit import capabilities, data
from pvkit.charts.capabilities import (
    concentration_chart,
    delivery_chart,
    hollowing_out_chart,
    top_suppliers,
)


@pytest.mark.parametrize("values, kind, expected", [
    ([100], "shares", 10000.0),
    ([50, 50], "shares", 5000.0),
    ([40, 30, 20, 10], "shares", 1600.0 + 900.0 + 400.0 + 100.0),
    ([50, 30, 20], "shares", 3800.0),
    ({"a": 5, "b": 3, "c": 2}, "sales", 3800.0),  # same market given as sales
    (pd.Series([1.0] * 100), "sales", 100.0),     # 100 equal firms of 1% each
])
def test_hhi_by_hand(values, kind, expected):
    assert capabilities.hhi(values, kind=kind) == pytest.approx(expected)


def test_top_k_share_and_shares_table():
    assert capabilities.top_k_share([40, 30, 20, 10], k=2) == 70.0
    assert capabilities.top_k_share([40, 30, 20, 10], k=9) == 100.0
    table = capabilities.market_shares({"x": 1, "y": 3}, kind="sales")
    assert table.to_dict("list") == {"supplier": ["y", "x"], "value": [3.0, 1.0],
                                     "share": [75.0, 25.0]}


@pytest.mark.parametrize("values, kind, error, words", [
    ([60, 30], "shares", ValueError, "add up to 100.*kind='sales'"),
    ([110, -10], "shares", ValueError, "negative"),
    ([0, 0], "sales", ValueError, "empty"),
    ([], "sales", ValueError, "at least one"),
    ([50, None, 50], "shares", ValueError, "missing"),
    (["big", "small"], "sales", TypeError, "numbers"),
    ([True, False], "sales", TypeError, "True/False"),
    ("50,50", "shares", TypeError, "list, a dict"),
    ([50, 50], "percent", ValueError, "'shares' or 'sales'"),
])
def test_bad_market_figures_get_clear_messages(values, kind, error, words):
    with pytest.raises(error, match=words):
        capabilities.hhi(values, kind=kind)


@pytest.mark.parametrize("index, band", [
    # 2010 Horizontal Merger Guidelines, section 5.3: below 1,500; between 1,500 and 2,500; above 2,500
    (0, "unconcentrated"), (1499.9, "unconcentrated"), (1500, "moderately concentrated"),
    (2000, "moderately concentrated"), (2500, "moderately concentrated"),
    (2500.1, "highly concentrated"), (10000, "highly concentrated"),
])
def test_hhi_band_edges(index, band):
    assert capabilities.hhi_band(index) == band


def test_four_equal_firms_sit_on_the_moderate_edge():
    # 4 x 25^2 = 2,500: moderately concentrated under 2010, highly under the 2023 line of 1,800
    index = capabilities.hhi([25, 25, 25, 25])
    assert index == 2500.0 and capabilities.hhi_band(index) == "moderately concentrated"
    assert index > capabilities.HHI_2023_HIGHLY_CONCENTRATED


def test_bands_and_bad_k():
    with pytest.raises(ValueError, match="between 0 and 10000"):
        capabilities.hhi_band(12000)
    with pytest.raises(TypeError):
        capabilities.hhi_band("high")
    with pytest.raises(ValueError, match="whole number"):
        capabilities.top_k_share([100], k=0)


def test_illustrative_market_before_and_after():
    firms = capabilities.suppliers()
    assert firms["source"].str.contains("Illustrative").all()
    assert (firms["market"] == "many small suppliers").sum() == 3005  # ~3000 small + 5 large
    table = capabilities.concentration().set_index("market")
    # before: shares 500, 300, 150, 100, 50 of 1200 plus 100 firms of 1
    before = (500**2 + 300**2 + 150**2 + 100**2 + 50**2 + 100 * 1**2) / 1200**2 * 10000
    after = (150**2 + 120**2 + 100**2 + 80**2 + 50**2 + 3000 * 0.25**2) / 1250**2 * 10000
    assert table.loc["few large vendors", "hhi"] == pytest.approx(before)
    assert table.loc["many small suppliers", "hhi"] == pytest.approx(after)
    assert table.loc["many small suppliers", "top_k_share"] == pytest.approx(40.0)
    assert table["band"].tolist() == ["highly concentrated", "unconcentrated"]
    with pytest.raises(ValueError, match="no market"):
        capabilities.suppliers("monopoly")


def test_kpi_choice_changes_the_winner():
    assert capabilities.rank_by_kpi("reported_savings")["model"].tolist()[0] == "outsourced contract"
    assert capabilities.rank_by_kpi("task_completion")["model"].tolist()[0] == "in-house agile team"
    assert capabilities.rank_by_kpi("cost")["cost"].tolist() == [60, 90, 300]
    with pytest.raises(ValueError, match="unknown KPI"):
        capabilities.rank_by_kpi("happiness")
    assert capabilities.delivery_models()["source"].str.contains("Illustrative").all()


def test_facts_carry_the_brief_and_the_nao_check():
    facts = capabilities.facts().set_index("key")
    assert capabilities.fact("gds_savings") == 1.7
    assert capabilities.fact("gds_suppliers") == 3000
    assert capabilities.fact("govuk_prototype_weeks") == 12
    assert capabilities.fact("govuk_prototype_cost") == 261000
    assert capabilities.fact("moin_members") == 40
    assert capabilities.fact("nhs_it_brief") == capabilities.fact("nhs_it_nao") == 9.8
    assert "National Audit Office" in facts.loc["nhs_it_nao", "source"]
    assert "forecast cost" in facts.loc["nhs_it_nao", "description"]
    assert facts["source"].str.len().min() > 20
    assert capabilities.hollowing_out()["public_share"].tolist() == [47.0, 1.0]
    with pytest.raises(ValueError, match="unknown fact"):
        capabilities.fact("gds_budget")
    for name in ("capabilities_facts", "capabilities_suppliers", "capabilities_delivery"):
        assert name in data.available()


def test_charts():
    firms = capabilities.suppliers()
    tidy = top_suppliers(firms, k=5)
    assert tidy.groupby("market")["share"].sum().round(6).tolist() == [100.0, 100.0]
    assert concentration_chart(firms).to_dict()["mark"]["type"] == "bar"
    assert len(delivery_chart(capabilities.delivery_models()).to_dict()["layer"]) == 2
    assert len(hollowing_out_chart(capabilities.hollowing_out()).to_dict()["layer"]) == 2
    with pytest.raises(ValueError):
        delivery_chart(pd.DataFrame({"model": ["x"]}))
