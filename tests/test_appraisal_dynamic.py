"""Dynamic appraisal: learning curves, spillovers, Monte Carlo, stage gates, decomposition."""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pvkit import appraisal as ap
from pvkit import data
from pvkit.appraisal import _engine


@settings(max_examples=60, deadline=None)
@given(st.floats(0.0, 0.95), st.floats(1.0, 1e6), st.floats(0.01, 1e4), st.integers(0, 20))
def test_each_doubling_cuts_cost_by_the_learning_rate(lr, x, c0, doublings):
    b = ap.learning_exponent(lr)
    assert 1 - 2 ** -b == pytest.approx(lr, abs=1e-12)
    before = ap.unit_cost(x * 2 ** doublings, c0, 1.0, lr)
    after = ap.unit_cost(x * 2 ** (doublings + 1), c0, 1.0, lr)
    assert after == pytest.approx(before * (1 - lr), rel=1e-9)


def test_solar_learning_rate_and_exponent():
    assert ap.learning_exponent(0.2) == pytest.approx(0.3219, abs=1e-4)
    table = ap.learning_rates().set_index("technology")
    assert table.loc["solar PV modules", "learning_rate"] == 0.2
    assert table["source"].str.len().min() > 10


def test_learning_path_the_policy_changes_prices():
    path = ap.learning_path(5, c0=100, x0=100, learning_rate=0.2, policy_per_year=100, market_per_year=100)
    assert path["cost_without"].iloc[1] == pytest.approx(80.0)  # market alone doubled X by year 2
    assert path["cost_with"].iloc[1] == pytest.approx(100 * 3 ** -ap.learning_exponent(0.2))
    assert (path["price_effect"].iloc[1:] > 0).all() and path["price_effect"].iloc[0] == 0


@pytest.mark.parametrize("lr", [1.0, -0.1, 1.5, float("nan")])
def test_learning_rate_outside_0_1_is_an_error(lr):
    with pytest.raises(ValueError, match="learning rate"):
        ap.learning_exponent(lr)


def test_spillovers():
    assert ap.spillover_flows([0, 10, 20], 0.5).tolist() == [0, 5, 10]
    assert ap.with_spillovers([0, 10], 1.0).tolist() == [0, 20]
    with pytest.raises(ValueError):
        ap.spillover_flows([1, 2], -0.1)


def _one(**changes):
    base = ap.Project("p", unit_cost=100.0, unit_benefit=12.0, units_per_year=10.0, build_years=3,
                      market_per_year=0.0, initial_cumulative=10.0, learning_rate=0.0,
                      spillover_share=0.0, p_success=1.0, gate_year=1)
    return [replace(base, **changes)]


def test_static_project_by_hand():
    # costs 10 x 100 in years 1..3; units operate from the year after they are built
    setting = ap.Setting(horizon=5, rate=0.1)
    a = ap.appraise(_one(), setting, n=10)
    d = 1.1 ** -np.arange(1, 6)
    costs = 1000 * d[:3].sum()
    benefits = 120 * (np.array([0, 1, 2, 3, 3]) * d).sum()
    assert a.static_costs == pytest.approx(costs)
    assert a.static_benefits == pytest.approx(benefits)
    assert a.static_npv == pytest.approx(benefits - costs)
    ob = ap.appraise(_one(), replace(setting, optimism_bias=0.24), n=10)
    assert ob.static_npv == pytest.approx(benefits - 1.24 * costs)


def test_learning_lowers_the_programmes_own_costs_by_hand():
    setting = ap.Setting(horizon=3, rate=0.0)
    a = ap.appraise(_one(learning_rate=0.2), setting, n=10, uncertainty=ap.Uncertainty(0, 0, 0))
    b = ap.learning_exponent(0.2)
    costs = 1000 * (1 + (20 / 10) ** -b + (30 / 10) ** -b)
    learning = a.decomposition.set_index("component").loc["own learning, for the programme", "value"]
    assert learning == pytest.approx(3000 - costs)


def test_market_savings_exact_and_interpolated_agree():
    projects = ap.example_portfolio()
    arr = _engine.as_arrays(projects)
    setting = ap.Setting(horizon=50)
    rng = np.random.default_rng(0)
    b = -np.log2(1 - rng.uniform(0.05, 0.4, (500, 5)))
    adoption = rng.lognormal(0, 0.4, (500, 5))
    before = np.arange(50.0)
    operating = np.minimum(before[None, :], arr.build[:, None])
    exact = _engine._saving_sums(arr, b, adoption, before, operating, setting.factors())
    approx = _engine._saving_sums_interpolated(arr, setting, b, adoption)
    assert np.abs(approx - exact).sum() / exact.sum() < 1e-3


def test_interpolation_grid_in_blocks_equals_one_pass(monkeypatch):
    projects = ap.example_portfolio()
    arr = _engine.as_arrays(projects)
    setting = ap.Setting(horizon=50)
    key = _engine._grid_key(arr, setting)
    _engine._grid.cache_clear()
    in_blocks = _engine._grid(key)
    monkeypatch.setattr(_engine, "_GRID_BLOCK", _engine.GRID_POINTS)  # the whole grid at once
    _engine._grid.cache_clear()
    one_pass = _engine._grid(key)
    _engine._grid.cache_clear()
    assert in_blocks.shape == (_engine._NB, _engine._NA, len(projects)) and np.array_equal(in_blocks, one_pass)


def test_monte_carlo_is_seeded_and_summarised():
    p = ap.example_portfolio()
    one = ap.simulate(p, n=2000, seed=7).npv
    two = ap.simulate(p, n=2000, seed=7).npv
    other = ap.simulate(p, n=2000, seed=8).npv
    assert np.array_equal(one, two) and not np.array_equal(one, other)
    summary = ap.summarise(one)
    assert summary["p5"].item() <= summary["p50"].item() <= summary["p95"].item()
    assert 0 <= summary["prob_negative"].item() <= 1
    hist = ap.histogram(one, bins=30)
    assert len(hist) == 30 and hist["count"].sum() == 2000


def test_draws_respect_their_design():
    d = ap.draw(ap.example_portfolio(), ap.Uncertainty(0.1, 0.3, 0.5), n=20_000, seed=0)
    assert d.learning_rate.min() >= 0 and d.learning_rate.max() <= 0.6
    assert d.learning_rate.mean(axis=0) == pytest.approx(0.2, abs=0.003)  # the central rate is the mean
    assert d.learning_rate.std(axis=0) == pytest.approx(0.1, rel=0.03)
    assert d.adoption.mean() == pytest.approx(1.0, abs=0.02)
    p = np.array([x.p_success for x in ap.example_portfolio()])
    assert d.success.mean(axis=0) == pytest.approx(p, abs=0.02)


def test_no_uncertainty_and_sure_success_reproduce_the_central_case():
    projects = [replace(x, p_success=1.0) for x in ap.example_portfolio()]
    t = ap.decompose(projects, uncertainty=ap.Uncertainty(0, 0, 0), n=50).set_index("component")
    scale = abs(t.loc["naive static NPV", "value"])
    assert t.loc["uncertainty around the central values", "value"] == pytest.approx(0, abs=1e-6 * scale)
    assert t.loc["technical risk", "value"] == pytest.approx(0, abs=1e-9)
    assert t.loc["single-project real option", "value"] == pytest.approx(0, abs=1e-9)


def test_decision_tree_by_hand():
    tree = ap.stage_gate_tree(pilot_cost=10, full_cost=100, p_success=0.4, value_success=400,
                              value_failure=20, gate_year=2, rate=0.05)
    d = 1.05 ** -2
    committed = -10 + d * (0.4 * 300 + 0.6 * -80)
    gated = -10 + d * 0.4 * 300
    assert tree.attrs["expected_committed"] == pytest.approx(committed)
    assert tree.attrs["expected_gated"] == pytest.approx(gated)
    assert tree.attrs["option_value"] == pytest.approx(gated - committed)
    assert len(tree) == 4


def test_portfolio_gates_stop_failures_and_never_hurt():
    t = ap.portfolio_gates(ap.example_portfolio(), n=3000, seed=1)
    assert t["project"].iloc[-1] == "portfolio"
    assert (t["option_value"] >= -1e-9).all()
    assert t["option_value"].iloc[-1] == pytest.approx(t["option_value"].iloc[:-1].sum())


@settings(max_examples=25, deadline=None)
@given(st.floats(0.0, 0.5), st.floats(0.0, 2.0), st.floats(0.0, 2.0), st.integers(5, 80),
       st.integers(0, 10_000), st.sampled_from([None, 0.0, 0.07]), st.floats(0, 1))
def test_decomposition_always_adds_up(lr, spill, level, horizon, seed, rate, ob):
    projects = ap.example_portfolio(learning_rate=lr, spillover_share=spill)
    setting = ap.Setting(horizon=horizon, rate=rate, optimism_bias=ob)
    t = ap.decompose(projects, setting, ap.Uncertainty.scaled(level), n=300, seed=seed)
    parts, total = t["value"].iloc[:-1], t["value"].iloc[-1]
    assert math.fsum(parts) == pytest.approx(total, rel=1e-12, abs=1e-6)
    assert t["running_total"].iloc[-2] == pytest.approx(total, rel=1e-12, abs=1e-6)


def test_worked_case_data_are_sourced_and_labelled():
    portfolio = data.load("worked_appraisal_portfolio")
    assert portfolio["source"].str.contains("Illustrative").all()
    facts = data.load("worked_appraisal_facts").set_index("fact")
    assert facts.loc["apollo_cost_nominal", "value"] == 25.4
    assert "1973" in facts.loc["apollo_cost_nominal", "source"]


@pytest.mark.parametrize("make, match", [
    (lambda: ap.Project("x", -1, 1, 1, 1), "unit_cost"),
    (lambda: ap.Project("x", 1, 1, 1, 3, gate_year=4), "gate_year"),
    (lambda: ap.Project("x", 1, 1, 1, 3, learning_rate=1.0), "learning rate"),
    (lambda: ap.Project("x", 1, 1, 1, 3, p_success=1.2), "probability"),
    (lambda: ap.Setting(horizon=0), "horizon"),
    (lambda: ap.Setting(rate=-1.0), "-100%"),
    (lambda: ap.simulate(ap.example_portfolio(), n=0), "draws"),
])
def test_bad_dynamic_input_is_a_clear_error(make, match):
    with pytest.raises(ValueError, match=match):
        make()
