"""Static appraisal (Green Book) against hand-computed values and numpy-financial."""

from __future__ import annotations

import math

import numpy as np
import numpy_financial as npf
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pvkit import appraisal as ap
from pvkit import data


def _hand_factor(year: int, rates=(0.035, 0.03, 0.025, 0.02, 0.015, 0.01)) -> float:
    """Products of powers, band by band (bands end at years 30, 75, 125, 200, 300)."""
    ends = (30, 75, 125, 200, 300, math.inf)
    factor, start = 1.0, 0
    for end, r in zip(ends, rates):
        n = max(0, min(year, end) - start)
        factor *= (1 + r) ** -n
        if year <= end:
            break
        start = end
    return factor


EDGES = [0, 1, 30, 31, 75, 76, 125, 126, 200, 201, 300, 301, 400]


@pytest.mark.parametrize("year", EDGES)
def test_green_book_factors_at_band_edges(year):
    assert ap.discount_factors(year) == pytest.approx(_hand_factor(year), rel=1e-12)


def test_band_edges_written_out():
    f = ap.discount_factors([30, 31, 75, 76])
    assert f[0] == pytest.approx(1.035 ** -30, rel=1e-12)
    assert f[1] == pytest.approx(1.035 ** -30 * 1.03 ** -1, rel=1e-12)
    assert f[2] == pytest.approx(1.035 ** -30 * 1.03 ** -45, rel=1e-12)
    assert f[3] == pytest.approx(1.035 ** -30 * 1.03 ** -45 * 1.025 ** -1, rel=1e-12)
    assert ap.discount_factors(301) == pytest.approx(
        1.035 ** -30 * 1.03 ** -45 * 1.025 ** -50 * 1.02 ** -75 * 1.015 ** -100 * 1.01 ** -1, rel=1e-12)


@pytest.mark.parametrize("year", EDGES)
def test_health_schedule_at_band_edges(year):
    health = (0.015, 0.0129, 0.0107, 0.0086, 0.0064, 0.0043)
    assert ap.discount_factors(year, schedule="green_book_health") == pytest.approx(
        _hand_factor(year, health), rel=1e-12)


def test_health_rates_are_standard_times_1_5_over_3_5():
    std = ap.schedule_table("green_book")["rate"].to_numpy()
    health = ap.schedule_table("green_book_health")["rate"].to_numpy()
    assert np.allclose(health, np.round(std * 1.5 / 3.5, 4))


def test_factors_are_vectorised_and_keep_shape():
    years = np.array([[0, 1], [2, 3]])
    out = ap.discount_factors(years, rate=0.05)
    assert out.shape == (2, 2)
    assert np.allclose(out, 1.05 ** -years)


def test_green_book_2003_worked_example():
    # GBP 1m today, savings at the end of years 1..10, 3.5% (years 1-10 are all in band one):
    # 150k x annuity factor 8.3166 = 1,247,491, so NPV ~ +247k as published; 100k gives ~ -168k
    assert ap.npv([-1_000_000] + [150_000] * 10) == pytest.approx(247_491, abs=1)
    assert ap.npv([-1_000_000] + [100_000] * 10) == pytest.approx(-168_339, abs=1)


@pytest.mark.parametrize("rate", [0.0, 0.035, 0.07, 0.2])
def test_npv_matches_numpy_financial(rate):
    flows = [-500, 120, 130, 140, 150, 160, -40]
    assert ap.npv(flows, rate=rate) == pytest.approx(npf.npv(rate, flows), rel=1e-12)


@pytest.mark.parametrize("flows", [[-1000] + [150] * 10, [-100, 20, 40, 60, 80], [-50, 0, 0, 80]])
def test_irr_matches_numpy_financial(flows):
    assert ap.irr(flows) == pytest.approx(npf.irr(flows), abs=1e-9)
    assert ap.npv(flows, rate=ap.irr(flows)) == pytest.approx(0, abs=1e-6)


def test_irr_without_a_root_or_with_several_is_a_clear_error():
    with pytest.raises(ValueError, match="no internal rate of return"):
        ap.irr([100, 50, 20])
    with pytest.raises(ValueError, match="several internal rates"):
        ap.irr([-100, 230, -132])  # 10% and 20%
    assert ap.irr_all([-100, 230, -132]) == pytest.approx([0.1, 0.2])


def test_bcr_and_value_for_money_boundaries():
    assert ap.bcr([0, 0, 300], [200, 0, 0], rate=0.0) == pytest.approx(1.5)
    cases = {-2.5: "very poor", -1e-9: "very poor", 0.0: "very poor", 1e-9: "poor", 0.999: "poor", 1.0: "low", 1.499: "low", 1.5: "medium", 1.999: "medium",
             2.0: "high", 4.0: "high", 4.0001: "very high", 10: "very high"}
    for ratio, category in cases.items():
        assert ap.value_for_money(ratio) == category
    table = data.load("uk_dft_value_for_money")
    assert table["category"].tolist() == list(ap.VFM_CATEGORIES)
    assert "secondary" in table.loc[table["category"] == "very high", "source"].item().lower()
    assert table["source"].str.contains("DfT").all()
    with pytest.raises(ValueError, match="benefit-cost ratio"):
        ap.value_for_money(float("nan"))


def test_optimism_bias_table_matches_the_treasury_figures():
    expected = {("non-standard buildings", "works duration"): (0.39, 0.02),
                ("non-standard buildings", "capital expenditure"): (0.51, 0.04),
                ("standard buildings", "capital expenditure"): (0.24, 0.02),
                ("non-standard civil engineering", "capital expenditure"): (0.66, 0.06),
                ("standard civil engineering", "works duration"): (0.20, 0.01),
                ("equipment/development", "capital expenditure"): (2.00, 0.10),
                ("outsourcing", "operating expenditure"): (0.41, 0.00)}
    for (kind, measure), (upper, lower) in expected.items():
        assert ap.optimism_bias(kind, measure, "upper") == upper
        assert ap.optimism_bias(kind, measure, "lower") == lower
    assert ap.apply_optimism_bias([100.0, 10.0], 0.51).tolist() == pytest.approx([151.0, 15.1])
    with pytest.raises(ValueError, match="unknown project type"):
        ap.optimism_bias("rockets")


def test_switching_values_bring_npv_to_zero():
    benefits = [0] + [150] * 10
    costs = [1000] + [0] * 10
    sv = ap.switching_values(benefits, costs).set_index("variable")
    b = np.asarray(benefits) * (1 + sv.loc["benefits", "switching_change"])
    c = np.asarray(costs) * (1 + sv.loc["costs", "switching_change"])
    assert ap.npv(b - np.asarray(costs)) == pytest.approx(0, abs=1e-8)
    assert ap.npv(np.asarray(benefits) - c) == pytest.approx(0, abs=1e-8)
    assert sv.loc["benefits", "switching_change"] == pytest.approx(-247.4908 / 1247.4908, rel=1e-5)


def test_one_way_sensitivity_orders_by_swing():
    def model(saving, cost):
        return ap.npv([-cost] + [saving] * 10)

    table = ap.one_way_sensitivity(model, {"saving": 150, "cost": 1000},
                                   {"saving": (100, 200), "cost": (900, 1100)})
    assert table["parameter"].tolist() == ["saving", "cost"]
    assert table.loc[0, "result_low"] == pytest.approx(-168.34, abs=0.01)
    assert set(table.columns) >= {"low", "high", "swing", "base_result"}


def test_real_and_nominal_round_trip():
    real = np.array([100.0, 100.0, 100.0])
    nominal = ap.to_nominal(real, inflation=0.02)
    assert nominal.tolist() == pytest.approx([100, 102, 104.04])
    assert ap.to_real(nominal, inflation=0.02) == pytest.approx(real)
    deflator = [95.0, 100.0, 104.0]
    assert ap.to_real([95, 100, 104], deflator=deflator, base_year=1) == pytest.approx([100, 100, 100])
    with pytest.raises(ValueError, match="either"):
        ap.to_real([1, 2])


def test_distributional_weights():
    w = ap.distributional_weights([10_000, 20_000, 40_000], 20_000, elasticity=1.3)
    assert w == pytest.approx([2 ** 1.3, 1.0, 0.5 ** 1.3])


@pytest.mark.parametrize("call, match", [
    (lambda: ap.discount_factors(-1), "negative"),
    (lambda: ap.discount_factors(1.5), "whole"),
    (lambda: ap.npv([1, 2], rate=-1.0), "-100%"),
    (lambda: ap.npv([1, 2], rate=-2), "-100%"),
    (lambda: ap.npv([1, float("nan")]), "missing"),
    (lambda: ap.npv([1, 2], schedule="treasury"), "unknown schedule"),
    (lambda: ap.bcr([1, 2], [1, 2, 3]), "same years"),
    (lambda: ap.npv([]), "empty"),
])
def test_bad_input_gives_clear_errors(call, match):
    with pytest.raises(ValueError, match=match):
        call()


def test_bad_types_give_type_errors():
    with pytest.raises(TypeError):
        ap.npv("100, 200")
    with pytest.raises(TypeError):
        ap.npv([1, 2], rate="5%")


flows_st = st.lists(st.floats(-1e6, 1e6, allow_nan=False), min_size=1, max_size=40)


@settings(max_examples=60, deadline=None)
@given(flows_st, st.floats(-10, 10), st.sampled_from([None, 0.0, 0.05, 0.12]))
def test_npv_is_linear_in_cash_flows(flows, k, rate):
    kwargs = {} if rate is None else {"rate": rate}
    a = np.asarray(flows)
    b = a[::-1].copy()
    assert ap.npv(k * a + b, **kwargs) == pytest.approx(k * ap.npv(a, **kwargs) + ap.npv(b, **kwargs),
                                                        rel=1e-9, abs=1e-3)


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 120), st.floats(0.1, 1e6), st.floats(0.0, 0.2), st.floats(0.001, 0.2))
def test_higher_rate_lowers_the_value_of_later_benefits(year, amount, rate, extra):
    flows = [0.0] * year + [amount]
    assert ap.npv(flows, rate=rate + extra) < ap.npv(flows, rate=rate)
