"""Issue 9's findings in value, missions, capabilities, frameworks and roar: each now gets a clear
message naming the argument, or the right value."""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pytest

from pvkit import capabilities, data, frameworks, missions, roar, value


# -- capabilities ------------------------------------------------------------------------
@pytest.mark.parametrize("figures, words", [
    ([math.inf, 1], "infinite"),
    ([1e308] * 3, r"at most 1e\+15"),
    ([-1e308, 1e308], "negative"),
])
def test_hhi_refuses_figures_that_would_read_as_unconcentrated(figures, words):
    # before: 0.0, "unconcentrated"
    with pytest.raises(ValueError, match=f"^values: .*{words}"):
        capabilities.hhi(figures, kind="sales")


def test_hhi_takes_numpy_arrays_and_numpy_numbers():
    assert capabilities.hhi(np.array([50, 30, 20])) == capabilities.hhi([50, 30, 20]) == 3800.0
    assert capabilities.hhi({"a": np.int64(1), "b": np.float64(3)}, kind="sales") == 6250.0


def test_rank_by_kpi_with_a_list_names_kpi():
    with pytest.raises(TypeError, match=r"^kpi must be the name of a KPI.*\['cost'\]"):
        capabilities.rank_by_kpi(["cost"])


def test_top_k_share_counts_all_when_k_is_huge_and_refuses_nan():
    assert capabilities.top_k_share([40, 60], k=10**30) == 100.0
    with pytest.raises(ValueError, match="^k must be a whole number"):
        capabilities.top_k_share([40, 60], k=math.nan)


def test_hhi_band_refuses_nan():
    with pytest.raises(ValueError, match=r"^index \(an HHI\) lies between 0 and 10000, got nan"):
        capabilities.hhi_band(math.nan)


# -- value -------------------------------------------------------------------------------
def test_gdp_with_missing_sales_is_refused_not_85():
    with pytest.raises(ValueError, match="^table column 'sales' has a missing"):
        value.gdp(value.economy().assign(sales=np.nan))


def test_huge_or_textual_figures_in_the_economy_are_refused():
    with pytest.raises(ValueError, match="^table: amounts .* at most 1e\\+15"):
        value.gdp(value.economy().assign(wages=1e308))
    with pytest.raises(ValueError, match="^table column 'hours'"):
        value.gdp(value.economy().assign(hours="3.5%"))
    public_without_outcome = value.economy()
    public_without_outcome.loc[3, "imputed_output"] = np.nan
    with pytest.raises(ValueError, match="'health' is not a market sector, so it needs an imputed_output"):
        value.gdp(public_without_outcome, public_services="outcomes")


def test_the_economy_holds_no_nan():
    table = value.economy()
    assert not table.isna().any().any()
    assert value.gdp() == 265.0


def test_compare_rules_names_rules_and_raise_fees_names_percent():
    with pytest.raises(TypeError, match="^rules: each rule's name must be text"):
        value.compare_rules(rules={3: {}})
    with pytest.raises(TypeError, match=r"^rules: rule 'r': unpaid_care must be True or False"):
        value.compare_rules(rules={"r": {"unpaid_care": "yes"}})
    with pytest.raises(ValueError, match="^rules has 101 rules; at most 100"):
        value.compare_rules(rules={str(i): {} for i in range(101)})
    with pytest.raises(ValueError, match="^percent must be above -100 and at most 1e\\+06"):
        value.raise_fees(percent=1e308)
    with pytest.raises(TypeError, match="^sector must be text"):
        value.raise_fees(sector=["finance"])


# -- missions ----------------------------------------------------------------------------
def test_numpy_integers_are_goals_and_years():
    base = missions.example_mission()
    tidy = dataclasses.replace(base, sdgs=[np.int64(7), 13], deadline=np.int64(2040),
                               launched=np.int32(2025))
    assert tidy.sdgs == (7, 13) and tidy == base.__class__(**{**dataclasses.asdict(base), "sdgs": (7, 13)})
    assert type(tidy.deadline) is int and type(tidy.sdgs[0]) is int


@pytest.mark.parametrize("sdgs", [[7.0], ["7"], [True], [np.nan], np.full(2000, 7)])
def test_what_is_not_a_goal_number_names_sdgs(sdgs):
    with pytest.raises(ValueError, match="^sdgs"):
        dataclasses.replace(missions.example_mission(), sdgs=sdgs)


def test_map_edges_with_an_unknown_parent_names_nodes():
    nodes = missions.map_nodes(missions.example_mission())
    nodes.loc[3, "parent"] = "g9"
    with pytest.raises(ValueError, match="^nodes: the parent 'g9' is not a node"):
        missions.map_edges(nodes)
    with pytest.raises(ValueError, match="^nodes column 'y' has a missing"):
        missions.map_edges(missions.map_nodes(missions.example_mission()).assign(y=np.nan))


def test_launched_and_actors_are_named():
    with pytest.raises(TypeError, match="^launched"):
        dataclasses.replace(missions.example_mission(), launched="2025")
    with pytest.raises(ValueError, match="^actors: unknown actor"):
        dataclasses.replace(missions.example_mission(), actors=["aliens"])


def test_target_quantity_reads_unicode_digits_without_crashing():
    # '²'.isdigit() is True but it is no digit of a number: nothing here may reach int() raw
    assert missions.target_quantity("cut by ² of the total") is None
    assert missions.target_quantity("cut by ٥٠%") == "٥٠%"


# -- frameworks --------------------------------------------------------------------------
def test_placement_errors_name_the_argument():
    with pytest.raises(ValueError, match="^guess: 'maybe' is not a framing"):
        frameworks.check_placement("apollo", "maybe")
    with pytest.raises(ValueError, match=r"^placements\['apollo'\]: "):
        frameworks.score_placements({"apollo": "maybe"})
    with pytest.raises(TypeError, match="^correct must be True or False"):
        frameworks.Placement("apollo", "Apollo", "market shaping", "market shaping", math.nan, "Right")
    with pytest.raises(ValueError, match="^table: 'market shapping' in column 'framing'"):
        frameworks.case_counts(frameworks.cases().replace({"market shaping": "market shapping"}))


def test_data_load_with_a_list_names_the_name():
    with pytest.raises(TypeError, match="dataset name must be a string"):
        data.load(["box4"])
    with pytest.raises(ValueError, match="^name: no dataset called 'box'"):
        data.load("box")


# -- roar --------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def plan() -> roar.RoarPlan:
    return roar.example_plan()


@pytest.mark.parametrize("n, words", [(10**9, "at most 1,000,000"), (0, "at least 1"), (2.5, "whole")])
def test_assessment_bounds_its_draws_before_appraising(plan, n, words):
    with pytest.raises(ValueError, match=f"^n must be .*{words}"):
        roar.assessment(plan, n=n)


@pytest.mark.parametrize("seed, error", [(None, TypeError), (True, TypeError), ("a", TypeError),
                                         (-1, ValueError), (2**70, ValueError)])
def test_assessment_refuses_seeds_that_are_not_seeds(plan, seed, error):
    with pytest.raises(error, match="^seed must be"):
        roar.assessment(plan, n=200, seed=seed)


def test_assessment_same_seed_same_answer(plan):
    first = roar.assessment(plan, n=300, seed=5)
    again = roar.assessment(plan, n=300, seed=np.int64(5))
    assert first["value"].tolist() == again["value"].tolist()


def test_plan_parts_are_named(plan):
    with pytest.raises(ValueError, match="^suppliers: values: .*infinite"):
        dataclasses.replace(plan, suppliers={"A": math.inf})
    with pytest.raises(ValueError, match="^outcomes: every entry should be at most 1e\\+15"):
        dataclasses.replace(plan, outcomes=[1e308, 1e308])
    with pytest.raises(TypeError, match="^illustrative must be True or False"):
        dataclasses.replace(plan, illustrative="yes")
    same = dataclasses.replace(plan, outcomes=np.array([0.0, 0.0, 50.0, 300.0]))
    assert same.outcomes == plan.outcomes


def test_score_refuses_a_table_that_is_not_a_review():
    table = roar.review(roar.example_plan())
    with pytest.raises(ValueError, match="^table: column 'met' must hold True or False"):
        roar.score(table.assign(met=np.nan))
    with pytest.raises(ValueError, match="^table: 'routes' in column 'pillar'"):
        roar.score(table.assign(pillar="routes"))
