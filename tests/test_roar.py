"""Module 6, the ROAR capstone: the plan, its review and its charts, against hand-worked values."""

from __future__ import annotations

import dataclasses

import altair as alt
import numpy as np
import pandas as pd
import pytest

from pvkit import missions, roar
from pvkit.appraisal import Project, Setting
from pvkit.charts import roar as roar_charts
from pvkit.rewards import Equity, Grant, Loan, PriceCap


@pytest.fixture(scope="module")
def plan() -> roar.RoarPlan:
    return roar.example_plan()


def fixed(plan: roar.RoarPlan) -> roar.RoarPlan:
    """The example with its two organisational gaps closed."""
    return dataclasses.replace(plan, suppliers={"A": 25, "B": 25, "C": 20, "D": 15, "E": 15},
                               in_house_share=60)


# -- Box 6 as data ---------------------------------------------------------------------
def test_framework_has_the_four_pillars_of_box_6_in_order():
    table = roar.framework()
    assert table["pillar"].tolist() == list(roar.PILLARS)
    assert table["order"].tolist() == [1, 2, 3, 4]
    assert table["pvkit_modules"].tolist() == ["pvkit.missions", "pvkit.capabilities",
                                               "pvkit.appraisal", "pvkit.rewards"]
    assert table["question"].str.endswith("?").all()
    assert table["source"].str.contains("Box 6").all()
    assert table["source"].str.contains("27\\(5\\)").all() and table["source"].str.contains("23\\(2\\)").all()


# -- the plan --------------------------------------------------------------------------
def test_example_plan_links_every_pillar_to_its_module(plan):
    assert plan.illustrative and plan.mission.illustrative
    assert missions.criteria_met(plan.mission) == 5
    assert isinstance(plan.projects[0], Project)
    assert plan.deal.label() == "25% equity + price cap (-20% markup) + reinvest 50% of profit"


def test_plan_is_frozen_and_tidies_its_inputs(plan):
    with pytest.raises(dataclasses.FrozenInstanceError):
        plan.in_house_share = 90  # type: ignore[misc]
    assert hash(plan) == hash(roar.example_plan())  # usable as a key despite the suppliers dict
    one = dataclasses.replace(plan, projects=plan.projects[0], deal=Equity(0.1), outcomes=[1, 2],
                              investment=3)
    assert one.projects == plan.projects
    assert one.deal.label() == "10% equity"
    assert one.outcomes == (1.0, 2.0) and one.investment == 3.0


@pytest.mark.parametrize("change, error, message", [
    ({"mission": "net zero"}, TypeError, "Mission"),
    ({"suppliers": {}}, TypeError, "suppliers"),
    ({"suppliers": {"A": -1}}, ValueError, "negative"),
    ({"in_house_share": 120}, ValueError, "between 0 and 100"),
    ({"in_house_share": "half"}, TypeError, "in_house_share"),
    ({"projects": []}, TypeError, "Project"),
    ({"deal": "equity"}, TypeError, "deal"),
    ({"outcomes": [10, -5]}, ValueError, "negative"),
    ({"outcomes": "10"}, TypeError, "outcomes"),
    ({"investment": 0}, ValueError, "more than 0"),
    ({"setting": 50}, TypeError, "Setting"),
])
def test_bad_plans_get_clear_errors(plan, change, error, message):
    with pytest.raises(error, match=message):
        dataclasses.replace(plan, **change)


# -- one pillar at a time ----------------------------------------------------------------
def test_organisation_hhi_by_hand(plan):
    org = roar.organisation(plan)
    assert org["hhi"] == pytest.approx(55**2 + 30**2 + 10**2 + 5**2)  # 4050
    assert org["band"] == "highly concentrated"
    assert org["largest_share"] == pytest.approx(55.0)
    assert roar.organisation(fixed(plan))["hhi"] == pytest.approx(625 + 625 + 400 + 225 + 225)


def test_static_assessment_by_hand(plan):
    # 4 plants a year for 5 years at 100 each; each plant yields 6 a year from the year after it
    # is built to year 30; Green Book 3.5% for years 1-30.
    years = np.arange(1, 31)
    factors = 1.035 ** -years
    benefits = 4 * 6.0 * np.minimum(years - 1, 5)
    naive_costs = np.where(years <= 5, 4 * 100.0, 0.0)
    table = roar.assessment(plan)
    assert table["value"].iloc[0] == pytest.approx(benefits @ factors - naive_costs @ factors)
    # Green Book: prices forecast from the market's 6 plants a year (X0 = 20, 15% per doubling),
    # +20% optimism bias, a 70% chance of success revealed at the year-2 gate, externalities 10%
    b = -np.log2(0.85)
    price = 100.0 * (1 + 6 * (years - 1) / 20) ** -b
    paid = np.where(years <= 2, 1.0, 0.7)
    costs = np.where(years <= 5, 1.2 * 4 * price * paid, 0.0)
    expected = 0.7 * 1.1 * benefits
    assert table.attrs["green_book_npv"] == pytest.approx(expected @ factors - costs @ factors)
    assert table.attrs["green_book_npv"] == pytest.approx(-200.227, abs=1e-3)
    assert table.attrs["static_bcr"] == pytest.approx((expected @ factors) / (costs @ factors))
    assert table.attrs["category"] == "poor"
    assert table["value"].iloc[-1] > 0  # learning, spillovers and stage gates turn it positive
    assert table["component"].iloc[-1] == "dynamic expected NPV"


def test_assessment_is_reproducible(plan):
    assert roar.assessment(plan)["value"].tolist() == roar.assessment(plan)["value"].tolist()


def test_public_return_by_hand(plan):
    # price cap: 1 - 0.2**2 = 96% of profit is left (48 and 288); a 25% stake pays 12 + 72
    r = roar.public_return(plan)
    assert r == pytest.approx({"invested": 160.0, "paid_back": 84.0, "public_return": -76.0,
                               "consumer_gain": 0.5 * 1.2**2 * 350, "reinvested": 0.5 * (36 + 216),
                               "grant_return": -160.0})
    # a 5% loan without conditions: each success repays 42
    loan = roar.public_return(dataclasses.replace(plan, deal=Loan(0.05)))
    assert loan["paid_back"] == pytest.approx(84.0) and loan["consumer_gain"] == pytest.approx(175.0)
    assert roar.public_return(dataclasses.replace(plan, deal=Grant()))["public_return"] == -160.0


# -- the review --------------------------------------------------------------------------
def test_review_of_the_example_flags_only_the_organisation_gaps(plan):
    table = roar.review(plan)
    assert list(table.columns) == ["pillar", "check", "met", "feedback"]
    assert table["pillar"].tolist() == [p for p in roar.PILLARS for _ in range(2)]
    assert table["met"].tolist() == [True, True, False, False, True, True, True, True]
    assert table["met"].map(type).eq(bool).all()
    feedback = table.set_index("check")["feedback"]
    assert "HHI 4,050" in feedback["supplier market not highly concentrated"]
    assert "-200.2" in feedback["positive dynamic expected NPV"]
    assert roar.score(table)["met"].tolist() == [2, 0, 2, 2]


def test_closing_the_gaps_meets_every_check(plan):
    assert roar.review(fixed(plan))["met"].all()


def test_each_gap_is_found_and_explained(plan):
    good = fixed(plan)
    weak_mission = dataclasses.replace(good, mission=missions.Mission(
        "Clean growth", "Greener steel", "better steel", 2030, sectors=["steel"],
        projects={"one pilot": "steel"}, actors=["public sector", "business"], sdgs=[9]))
    weak_project = dataclasses.replace(plan.projects[0], unit_benefit=1.0, gate_year=5)
    cases = {
        "meets the five mission criteria": weak_mission,
        "civil society or citizens help shape the mission": weak_mission,
        "positive dynamic expected NPV": dataclasses.replace(good, projects=(weak_project,)),
        "milestones: a stage gate before the build ends": dataclasses.replace(good, projects=(weak_project,)),
        "the public shares in the upside": dataclasses.replace(good, deal=Grant() + PriceCap(0.1)),
        "conditions on prices, knowledge or reinvestment": dataclasses.replace(good, deal=Equity(0.2)),
    }
    for check, variant in cases.items():
        row = roar.review(variant).set_index("check").loc[check]
        assert not row["met"], check
        assert len(row["feedback"]) > 20, check
    routes = roar.review(weak_mission).set_index("check")["feedback"]
    assert routes["meets the five mission criteria"].startswith("1 of 5 criteria met")


def test_review_and_score_reject_other_objects():
    with pytest.raises(TypeError, match="RoarPlan"):
        roar.review({"mission": "net zero"})
    with pytest.raises(TypeError, match="review"):
        roar.score([1, 2])


# -- charts ------------------------------------------------------------------------------
def test_scorecard_table_follows_box_6(plan):
    shuffled = roar.review(plan).iloc[::-1]
    tidy = roar_charts.scorecard_table(shuffled)
    assert tidy["pillar"].drop_duplicates().tolist() == list(roar.PILLARS)
    assert tidy["status"].value_counts().to_dict() == {"met": 6, "missing": 2}
    assert tidy["order"].tolist() == list(range(1, 9))


def test_charts_validate_and_carry_the_data(plan):
    card = roar_charts.scorecard_chart(roar.review(plan))
    spec = card.to_dict()  # validates against the Vega-Lite schema
    assert "6 of 8 checks met" in str(spec)
    bars = roar_charts.appraisal_chart(roar.assessment(plan))
    values = next(iter(bars.to_dict()["datasets"].values()))
    dynamic = round(float(roar.assessment(plan)["value"].iloc[-1]), 1)
    naive = round(float(roar.assessment(plan)["value"].iloc[0]), 1)
    assert [round(v["npv"], 1) for v in values] == [naive, -200.2, dynamic]
    assert isinstance(card, alt.LayerChart) and isinstance(bars, alt.LayerChart)


@pytest.mark.parametrize("table, error", [
    ("not a table", TypeError),
    (pd.DataFrame({"pillar": ["x"], "check": ["c"], "met": [True], "feedback": ["f"]}), ValueError),
    (pd.DataFrame({"pillar": ["assessment"]}), ValueError),
])
def test_scorecard_rejects_bad_tables(table, error):
    with pytest.raises(error):
        roar_charts.scorecard_table(table)


def test_setting_is_used(plan):
    longer = dataclasses.replace(plan, setting=Setting(horizon=40, optimism_bias=0.2))
    assert roar.assessment(longer)["value"].iloc[0] > roar.assessment(plan)["value"].iloc[0]
