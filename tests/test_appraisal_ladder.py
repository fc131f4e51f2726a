"""The appraisal ladder: naive static -> Green Book central case -> dynamic expected NPV.

Every expected value below is computed by hand in the test, from the formulas
of the model (Wright's law on cumulative deployment, flows at year end), not
read back from pvkit.
"""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np
import pytest

from pvkit import appraisal as ap

RATE = 0.1


def _lab(**changes):
    """One small project: 10 units a year for 2 years, market 10 a year, X0 = 10."""
    base = ap.Project("lab", unit_cost=100.0, unit_benefit=30.0, units_per_year=10.0, build_years=2,
                      market_per_year=10.0, initial_cumulative=10.0, learning_rate=0.2,
                      spillover_share=0.5, p_success=0.6, gate_year=1)
    return [replace(base, **changes)]


def _ladder(projects, ob=0.0, ext=0.0, fail=0.0, n=20):
    setting = ap.Setting(horizon=3, rate=RATE, optimism_bias=ob)
    return ap.appraise(projects, setting, ap.Uncertainty(0, 0, 0), n=n, seed=0,
                       externality_share=ext, failed_spillover_share=fail)


def test_the_ladder_adds_up_exactly_and_says_who_counts_each_rung():
    a = ap.example_scenario(n=400).appraise()
    t = a.decomposition
    assert t["component"].tolist() == list(ap.COMPONENTS)
    assert math.fsum(t["value"].iloc[:-1]) == pytest.approx(t["value"].iloc[-1], rel=1e-12)
    assert np.allclose(np.cumsum(t["value"].iloc[:-1]), t["running_total"].iloc[:-1])
    who = dict(zip(t["component"], t["who"]))
    assert who["market price forecast"] == who["single-project real option"] == "Green Book"
    assert who["own learning, for other buyers"] == who["spillovers"] == "dynamic view only"
    assert t["why"].str.len().min() > 10
    assert a.dynamic_npv == pytest.approx(a.simulation.npv.mean())


def test_green_book_rung_equals_an_npv_by_hand():
    b = -math.log2(0.8)
    d = [1.1 ** -1, 1.1 ** -2, 1.1 ** -3]
    # prices forecast from the market alone: X = 10 + 10 (t - 1), so (1 + (t - 1))^-b per unit
    price = [100.0, 100.0 * 2 ** -b]
    full = [1000.0 * price[0] / 100, 1000.0 * price[1] / 100]
    uplift, p = 1.3, 0.6
    # the gate is year 1: a failure still pays year 1, not year 2
    costs = uplift * (full[0] * d[0] + p * full[1] * d[1])
    # units work from the year after they are built: 10 in year 2, 20 in year 3
    benefits = (1 + 0.2) * p * 30.0 * (10 * d[1] + 20 * d[2])
    a = _ladder(_lab(), ob=0.3, ext=0.2)
    assert a.green_book_npv == pytest.approx(benefits - costs, rel=1e-12)
    assert a.green_book_bcr == pytest.approx(benefits / costs, rel=1e-12)
    flows = ap.green_book_flows(_lab(), ap.Setting(horizon=3, rate=RATE, optimism_bias=0.3), 0.2)
    assert ap.npv(flows["benefits"] - flows["costs"], rate=RATE) == pytest.approx(benefits - costs)
    naive = 30.0 * (10 * d[1] + 20 * d[2]) - 1000.0 * (d[0] + d[1])
    assert a.naive_npv == pytest.approx(naive, rel=1e-12)


def test_own_learning_rungs_by_hand():
    b = -math.log2(0.8)
    d = [1.1 ** -1, 1.1 ** -2, 1.1 ** -3]
    a = _ladder(_lab(p_success=1.0, spillover_share=0.0))
    t = a.decomposition.set_index("component")["value"]
    # year 2: market-only X = 20 (price x 2^-b); with the programme's 10 units X = 30 (3^-b)
    assert t["own learning, for the programme"] == pytest.approx(1000 * (2 ** -b - 3 ** -b) * d[1])
    # other buyers: 10 units in year 2 at the cut price, 10 more in year 3 (X: 30 vs 50)
    savings = 10 * 100 * ((2 ** -b - 3 ** -b) * d[1] + (3 ** -b - 5 ** -b) * d[2])
    assert t["own learning, for other buyers"] == pytest.approx(savings)


def test_a_failed_project_still_yields_spillovers():
    d2, d3 = 1.1 ** -2, 1.1 ** -3
    direct = 30.0 * (10 * d2 + 20 * d3)
    t = _ladder(_lab(p_success=0.0), fail=0.4).decomposition.set_index("component")["value"]
    assert t["spillovers"] == pytest.approx(0.5 * 0.4 * direct)
    t = _ladder(_lab(p_success=0.6), fail=0.4).decomposition.set_index("component")["value"]
    assert t["spillovers"] == pytest.approx(0.5 * direct * (0.6 + 0.4 * 0.4))
    sim = ap.simulate(_lab(p_success=0.0), ap.Setting(horizon=3, rate=RATE), ap.Uncertainty(0, 0, 0),
                      n=5, failed_spillover_share=0.4)
    assert sim.gated.spillovers == pytest.approx(np.full((5, 1), 0.5 * 0.4 * direct))


def test_a_learning_rate_of_zero_gives_no_learning_in_any_draw():
    d = ap.draw(ap.example_portfolio(learning_rate=0.0), ap.Uncertainty.scaled(2.0), n=5000, seed=1)
    assert (d.learning_rate == 0.0).all()
    t = ap.example_scenario(learning_rate=0.0, n=500).decompose().set_index("component")["value"]
    for rung in ("market price forecast", "own learning, for the programme", "own learning, for other buyers"):
        assert t[rung] == 0.0


def test_draws_keep_the_central_values_as_their_means():
    projects = ap.example_portfolio(learning_rate=0.05) + _lab(learning_rate=0.5)
    d = ap.draw(projects, ap.Uncertainty(0.08, 0.4, 0.6), n=200_000, seed=3)
    assert d.learning_rate.mean(axis=0) == pytest.approx([0.05] * 5 + [0.5], abs=2e-3)
    spill = np.array([p.spillover_share for p in projects])
    assert d.spillover_share.mean(axis=0) == pytest.approx(spill, rel=0.01)
    assert d.adoption.mean(axis=0) == pytest.approx(np.ones(6), rel=0.01)


def test_independent_gates_add_nothing_beyond_single_trees():
    sims = ap.example_scenario(n=2000).appraise()
    t = sims.decomposition.set_index("component")["value"]
    assert t["portfolio of gates beyond single trees"] == 0.0
    assert t["single-project real option"] > 0


def test_scenario_is_shared_and_validated():
    s = ap.example_scenario()
    assert s.setting.optimism_bias == 0.44 and s.n == 10_000 and s.seed == 0
    assert s.with_(optimism_bias=0.0).setting.optimism_bias == 0.0 and s.setting.optimism_bias == 0.44
    with pytest.raises(ValueError, match="failed_spillover_share"):
        ap.Scenario(failed_spillover_share=1.5)
    with pytest.raises(ValueError, match="n "):
        ap.Scenario(n=0)
    with pytest.raises(ValueError, match="externality_share"):
        ap.appraise(_lab(), externality_share=-1.0, n=5)


def test_explorer_lesson_and_capstone_share_one_scenario():
    from pvkit import roar
    from pvkit.widgets.appraisal_explorer import appraisal_explorer

    shared = ap.example_scenario().appraise()
    explorer = appraisal_explorer().result
    assert explorer.dynamic_npv == pytest.approx(shared.dynamic_npv, rel=1e-12)
    assert explorer.green_book_npv == pytest.approx(shared.green_book_npv, rel=1e-12)
    # the capstone's Green Book figure is the NPV of the flows its exercise hands out
    plan = roar.example_plan()
    flows = ap.green_book_flows(list(plan.projects), plan.setting, ap.example_scenario().externality_share)
    assert ap.npv(flows["benefits"] - flows["costs"]) == pytest.approx(
        roar.assessment(plan).attrs["green_book_npv"], rel=1e-12)


def test_gap_split_adds_up():
    g = ap.gap_split(ap.example_scenario(n=300).decompose())
    assert g["naive"] + g["poor_practice"] + g["dynamic_only"] == pytest.approx(g["dynamic"])
    with pytest.raises(TypeError, match="appraise"):
        ap.gap_split("not a ladder")
