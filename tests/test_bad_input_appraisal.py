"""Issue 9, appraisal: each finding of the issue gives a clear message or the right value."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

from pvkit import appraisal as ap
from pvkit import data
from pvkit.appraisal import discounting, static


@pytest.fixture(scope="module")
def portfolio() -> list[ap.Project]:
    return ap.example_portfolio()


@pytest.mark.parametrize("function", [ap.simulate, ap.draw, ap.appraise, ap.decompose, ap.portfolio_gates])
def test_a_billion_draws_are_refused_before_any_allocation(function, portfolio):
    with pytest.raises(ValueError, match=r"n \(the number of draws\) must be at most 1,000,000"):
        function(portfolio, n=10**9)


def test_draws_times_years_are_bounded_too():
    slow = ap.Project("slow build", unit_cost=10, unit_benefit=1, units_per_year=5, build_years=400)
    with pytest.raises(ValueError, match="n .* cells; at most 50,000,000 .*use n <= 125,000"):
        ap.simulate(slow, ap.Setting(horizon=500), n=1_000_000)


@pytest.mark.parametrize("years", [10**9, 10**8, 10**30])
def test_discount_factors_of_huge_years_name_the_limit(years):
    with pytest.raises(ValueError, match="years must be at most 1,000 years"):
        ap.discount_factors(years)


def test_irr_of_long_flows_is_fast_and_right():
    rng = np.random.default_rng(0)
    flows = np.r_[-1000.0, rng.uniform(10, 200, 999)]
    rate = ap.irr(flows)
    assert abs(ap.npv(flows, rate=rate)) < 1e-6
    # one change of sign, so the NPV falls through zero once: just below the rate it is positive
    assert ap.npv(flows, rate=rate - 1e-6) > 0 > ap.npv(flows, rate=rate + 1e-6)


def test_irr_all_of_long_flows_with_several_changes_of_sign():
    rng = np.random.default_rng(1)
    flows = np.r_[-1000.0, rng.uniform(-100, 200, 1000)]
    rates = ap.irr_all(flows)
    assert rates.size >= 1
    for r in rates:  # each is a root: the NPV there is tiny next to the flows
        assert abs(ap.npv(flows, rate=r)) < 1e-6 * np.abs(flows).sum()


def test_irr_search_agrees_with_polynomial_roots_on_short_flows():
    rng = np.random.default_rng(2)
    for _ in range(200):
        flows = rng.normal(size=int(rng.integers(3, 40))) * 100
        exact = np.unique(np.round(1 / static._roots_exact(flows) - 1, 6))
        exact = exact[(exact > -1 + 1e-9) & (exact < 1e9)]
        searched = np.unique(np.round(1 / static._roots_searched(flows) - 1, 6))
        assert searched == pytest.approx(exact, rel=1e-6, abs=1e-8)


def test_irr_flows_longer_than_the_limit_are_refused():
    with pytest.raises(ValueError, match="flows has 3,001 years; at most 1,001"):
        ap.irr_all(np.r_[-1000.0, np.ones(3000)])


def test_summarise_with_a_repeated_percentile_is_refused():
    with pytest.raises(ValueError, match="percentiles must be three different numbers in rising order"):
        ap.summarise([1, 2, 3], (5, 5, 95))
    assert list(ap.summarise([1, 2, 3], (2.5, 50, 97.5)).columns) == [
        "mean", "p2.5", "p50", "p97.5", "prob_negative"]


def test_switching_values_of_zero_benefits_say_why():
    with pytest.raises(ValueError, match="benefits have a present value of zero"):
        ap.switching_values([0, 0], [100, 0])


def test_stage_gate_tree_values_are_checked():
    with pytest.raises(ValueError, match="value_success is missing"):
        ap.stage_gate_tree(10, 100, 0.5, float("nan"))
    with pytest.raises(TypeError, match="value_success must be a number"):
        ap.stage_gate_tree(10, 100, 0.5, "300")
    with pytest.raises(ValueError, match="gate_year cannot be negative"):
        ap.stage_gate_tree(10, 100, 0.5, 300, gate_year=-1)


def test_to_real_base_year_is_a_whole_year_of_the_flows():
    with pytest.raises(TypeError, match="base_year"):
        ap.to_real([100, 102], inflation=0.02, base_year=True)
    with pytest.raises(ValueError, match="base_year must be a whole number"):
        ap.to_real([100, 102], inflation=0.02, base_year=1.5)
    with pytest.raises(ValueError, match="base_year must be at most 1"):
        ap.to_real([100, 102], inflation=0.02, base_year=2)


@pytest.mark.parametrize("seed, error", [("a", TypeError), (-1, ValueError), (None, TypeError),
                                         (True, TypeError), (1.5, ValueError)])
def test_bad_seeds_are_refused(seed, error, portfolio):
    for function in (ap.simulate, ap.draw, ap.appraise, ap.portfolio_gates):
        with pytest.raises(error, match="seed"):
            function(portfolio, n=10, seed=seed)


def test_setting_must_be_a_setting(portfolio):
    with pytest.raises(TypeError, match="setting must be a Setting"):
        ap.appraise(portfolio, setting={})


def test_one_project_is_accepted_everywhere(portfolio):
    one = portfolio[0]
    table = ap.portfolio_gates(one, n=200)
    assert table["project"].tolist() == [one.name, "portfolio"]
    assert ap.simulate(one, n=200).npv.shape == (200,)
    assert ap.appraise(one, n=200).decomposition.shape[0] == len(ap.COMPONENTS)
    assert not table.isna().any().any()  # the portfolio row has no NaN either


def test_a_list_where_a_name_is_expected():
    with pytest.raises(TypeError, match="project_type must be a name"):
        ap.optimism_bias(["standard buildings"])
    with pytest.raises(ValueError, match="did you mean 'capital expenditure'"):
        ap.optimism_bias("standard buildings", "capital expenditur")


def test_one_way_sensitivity_with_a_scalar_range():
    with pytest.raises(TypeError, match=r"ranges\['a'\] must be a \(low, high\) pair"):
        ap.one_way_sensitivity(lambda a: a, {"a": 1.0}, {"a": 3})


def test_huge_amounts_are_refused_not_overflowed():
    with pytest.raises(ValueError, match="flows must be at least -1e\\+15 and at most 1e\\+15"):
        ap.irr([-1e300, 1e300, 1e-300])
    with pytest.raises(ValueError, match="flows"):
        ap.npv([1e308, 1e308])
    with pytest.raises(ValueError, match="learning_rate_sd must be at least 0 and at most 0.3"):
        ap.Uncertainty(1e308)


def test_rates_are_bounded_so_factors_stay_finite():
    assert np.isfinite(ap.npv([1e15] * 1001, rate=-0.4))
    with pytest.raises(ValueError, match="rate must be between -40% and 1000%"):
        ap.npv([1, 2], rate=-0.85)


def test_importing_appraisal_reads_no_data_file(tmp_path):
    probe = ("import pvkit.data as d\n"
             "def broken(name): raise RuntimeError('read ' + name)\n"
             "d.load = broken\n"
             "import pvkit.appraisal as ap\n"
             "s = ap.Setting(horizon=10, rate=0.05)\n"
             "print('ok')\n")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "ok"


def test_discount_bands_in_any_order_give_the_same_factors(monkeypatch):
    expected = float(ap.discount_factors(40))
    assert expected == pytest.approx(1.035 ** -30 * 1.03 ** -10)
    real_load = data.load

    def reversed_load(name: str) -> pd.DataFrame:
        table = real_load(name)
        return table.iloc[::-1].reset_index(drop=True) if name == "uk_green_book_discount_rates" else table

    monkeypatch.setattr(data, "load", reversed_load)
    for cache in (discounting._band_starts, discounting._factors_to):
        cache.cache_clear()
    try:
        assert float(ap.discount_factors(40)) == pytest.approx(expected, rel=1e-15)
        assert ap.schedule_table()["from_year"].tolist() == [0, 31, 76, 126, 201, 301]
    finally:
        for cache in (discounting._band_starts, discounting._factors_to):
            cache.cache_clear()


def test_a_band_with_a_negative_rate_is_refused(monkeypatch):
    real_load = data.load

    def negative(name: str) -> pd.DataFrame:
        table = real_load(name)
        if name == "uk_green_book_discount_rates":
            table.loc[1, "rate"] = -0.03
        return table

    monkeypatch.setattr(data, "load", negative)
    for cache in (discounting._band_starts, discounting._factors_to):
        cache.cache_clear()
    try:
        with pytest.raises(ValueError, match="uk_green_book_discount_rates.csv.*between 0 and 1"):
            ap.discount_factors(40)
    finally:
        for cache in (discounting._band_starts, discounting._factors_to):
            cache.cache_clear()


def test_valid_results_are_unchanged():
    assert ap.npv([-1000] + [150] * 10) == pytest.approx(247.4908, abs=1e-3)
    assert ap.irr_all([-100, 230, -132]) == pytest.approx([0.1, 0.2])
    tree = ap.stage_gate_tree(10, 100, 0.5, 300, rate=0.0)
    assert tree.attrs["option_value"] == 50.0
