"""pvkit.frameworks and pvkit.data: Box 4 as data, the policy cases, placements."""

from __future__ import annotations

import pandas as pd
import pytest

from pvkit import data, frameworks
from pvkit.frameworks import DIMENSIONS, FRAMINGS


def test_box4_has_the_five_dimensions_in_the_brief_order():
    table = frameworks.box4()
    assert table["dimension"].tolist() == list(DIMENSIONS)
    assert list(table.columns) == ["dimension", "market_fixing", "market_shaping", "source"]
    assert table[["market_fixing", "market_shaping"]].map(len).min().min() > 30
    assert table["source"].str.contains("Box 4").all()


def test_box4_keeps_the_distinctive_claims_of_each_side():
    views = frameworks.box4().set_index("dimension")
    assert "externalit" in views.loc["justification", "market_fixing"]
    assert "co-created" in views.loc["justification", "market_shaping"]
    assert "cost-benefit" in views.loc["business case appraisal", "market_fixing"]
    assert "discounting" in views.loc["underlying assumptions", "market_fixing"]
    assert "milestones" in views.loc["evaluation", "market_shaping"]
    assert "optimism bias" in views.loc["approach to risk", "market_fixing"]
    assert "learn" in views.loc["approach to risk", "market_shaping"]


def test_cases_are_many_real_sourced_and_well_formed():
    table = frameworks.cases()
    assert len(table) >= 12
    assert table["case_id"].is_unique
    assert set(table["framing"]) == set(FRAMINGS)
    assert set(table["dimension"]) <= set(DIMENSIONS)
    assert table["year"].between(1900, 2026).all()
    for column in ["name", "place", "instrument", "rationale", "counterpoint", "source"]:
        assert table[column].str.len().min() > 3, column
    # both framings well represented, so that guessing one label scores poorly
    counts = table["framing"].value_counts()
    assert counts.min() >= 5


@pytest.mark.parametrize("case_id, framing", [
    ("sweden_carbon_tax", "market fixing"),
    ("apollo", "market shaping"),
    ("arpanet", "market shaping"),
    ("gds", "market shaping"),
    ("snib", "market shaping"),
    ("patents", "market fixing"),
    ("eu_google_shopping", "market fixing"),
])
def test_classic_cases_carry_the_framing_of_their_justification(case_id, framing):
    assert frameworks.case(case_id)["framing"] == framing


def test_cases_taken_from_the_brief_cite_it():
    table = frameworks.cases().set_index("case_id")
    for case_id in ["apollo", "gds", "snib", "bbc_public_value", "longitude_prize"]:
        assert "Policy Brief 07" in table.loc[case_id, "source"], case_id


@pytest.mark.parametrize("text, expected", [
    ("market fixing", "market fixing"), ("Market-Fixing", "market fixing"),
    ("  fix ", "market fixing"), ("SHAPING", "market shaping"),
    ("market_shaping", "market shaping"), ("shape", "market shaping"),
])
def test_normalise_framing_accepts_what_students_type(text, expected):
    assert frameworks.normalise_framing(text) == expected


@pytest.mark.parametrize("bad, error, words", [
    ("creating", ValueError, "not a framing"),
    ("", ValueError, "not a framing"),
    (1, TypeError, "got int"),
    (None, TypeError, "got NoneType"),
])
def test_normalise_framing_rejects_bad_input_clearly(bad, error, words):
    with pytest.raises(error, match=words):
        frameworks.normalise_framing(bad)


def test_check_placement_explains_right_and_wrong_answers():
    right = frameworks.check_placement("apollo", "Market shaping")
    assert right.correct and right.framing == "market shaping" and right.guess == "market shaping"
    assert right.feedback.startswith("Right")
    wrong = frameworks.check_placement("apollo", "fixing")
    assert not wrong.correct and wrong.feedback.startswith("Not quite")
    row = frameworks.case("apollo")
    shaping_view = frameworks.box4().set_index("dimension").loc[row["dimension"], "market_shaping"]
    for part in (row["rationale"], row["counterpoint"], shaping_view):
        assert part in wrong.feedback


def test_check_placement_rejects_unknown_cases_with_the_valid_ids():
    with pytest.raises(ValueError, match="unknown case 'moon'.*apollo"):
        frameworks.check_placement("moon", "shaping")
    with pytest.raises(TypeError, match="case id is a string"):
        frameworks.check_placement(3, "shaping")


def test_score_placements_scores_each_case_in_order():
    scored = frameworks.score_placements({"patents": "fixing", "apollo": "fixing", "gds": "shaping"})
    assert scored["case_id"].tolist() == ["patents", "apollo", "gds"]
    assert scored["correct"].tolist() == [True, False, True]
    assert scored["guess"].tolist() == ["market fixing", "market fixing", "market shaping"]


def test_score_placements_of_every_case_with_its_own_framing_is_perfect():
    table = frameworks.cases()
    scored = frameworks.score_placements(dict(zip(table["case_id"], table["framing"])))
    assert scored["correct"].all() and len(scored) == len(table)
    flipped = {c: ("fixing" if f == "market shaping" else "shaping")
               for c, f in zip(table["case_id"], table["framing"])}
    assert not frameworks.score_placements(flipped)["correct"].any()


def test_score_placements_bad_input():
    with pytest.raises(TypeError, match="dict mapping case ids"):
        frameworks.score_placements([("apollo", "shaping")])
    with pytest.raises(ValueError, match=r"unknown case id\(s\) \['moon'\]"):
        frameworks.score_placements({"moon": "shaping"})
    with pytest.raises(ValueError, match="not a framing"):
        frameworks.score_placements({"apollo": "maybe"})
    empty = frameworks.score_placements({})
    assert empty.empty and list(empty.columns) == ["case_id", "name", "guess", "framing", "correct"]


def test_datasets_load_as_independent_copies_and_every_row_has_a_source():
    assert {"box4", "policy_cases"} <= set(data.available())
    for name in data.available():
        frame = data.load(name)
        assert "source" in frame and frame["source"].notna().all(), name
    first = data.load("policy_cases")
    first.loc[0, "framing"] = "changed"
    assert data.load("policy_cases").loc[0, "framing"] != "changed"


def test_unknown_dataset_names_the_available_ones():
    with pytest.raises(ValueError, match="no dataset called 'gdp'.*policy_cases"):
        data.load("gdp")
    with pytest.raises(TypeError):
        data.load(pd.DataFrame())


def test_case_counts_keep_every_combination_and_add_up():
    counts = frameworks.case_counts()
    assert len(counts) == len(frameworks.DIMENSIONS) * len(frameworks.FRAMINGS)
    assert counts["cases"].sum() == len(frameworks.cases())
    by_hand = frameworks.cases().query("dimension == 'evaluation' and framing == 'market shaping'")
    row = counts.set_index(["dimension", "framing"]).loc[("evaluation", "market shaping")]
    assert row["cases"] == len(by_hand) and row["examples"] == ", ".join(by_hand["name"])


def test_case_counts_name_a_missing_column():
    with pytest.raises(ValueError, match="dimension"):
        frameworks.case_counts(frameworks.cases().drop(columns="dimension"))


def test_box4_presents_risk_aversion_as_the_briefs_words():
    fixing = frameworks.box4().set_index("dimension").loc["approach to risk", "market_fixing"]
    assert "the brief's words" in fixing and "expected values" in fixing
