"""Module 1 (missions): SDG data, the Mission object, the five criteria, the map, the builder."""

from __future__ import annotations

import html
import json
import re

import pytest

from pvkit import data, missions
from pvkit.charts.missions import LEVEL_COLOURS, mission_map_chart, sdg_chart
from pvkit.widgets.mission_map import (
    MissionMapBuilder,
    mission_map_builder,
    parse_projects,
    parse_sdgs,
)

# Targets per goal as listed in UN General Assembly resolution A/RES/70/1 (2015).
UN_TARGETS = {1: 7, 2: 8, 3: 13, 4: 10, 5: 9, 6: 8, 7: 5, 8: 12, 9: 8, 10: 10,
              11: 10, 12: 11, 13: 5, 14: 10, 15: 12, 16: 12, 17: 19}


def text_of(markup: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", markup)).split())


def good(**changes) -> missions.Mission:
    """A mission that meets every rule, with some fields changed."""
    fields = dict(
        grand_challenge="Clean growth",
        statement="Every school reachable by bike or on foot in safety",
        target="double the share of pupils who walk or cycle to school",
        deadline=2035, launched=2025,
        sectors=["transport", "education", "health", "digital"],
        projects={"school streets": "transport", "bike libraries": "education",
                  "air monitors": "health", "route planner app": "digital"},
        actors=["public sector", "civil society", "business"],
        sdgs=[3, 11],
    )
    fields.update(changes)
    return missions.Mission(**fields)


# -- data ----------------------------------------------------------------------------
def test_new_datasets_ship_with_a_source_on_every_row():
    for name in ("sdg_targets", "mission_criteria", "uk_grand_challenge_missions"):
        table = data.load(name)
        assert "source" in table and table["source"].str.len().gt(10).all(), name


def test_sdg_targets_match_the_un_resolution():
    table = missions.sdg_targets()
    assert table["goal"].tolist() == list(range(1, 18))
    assert dict(zip(table["goal"], table["targets"])) == UN_TARGETS
    assert table["source"].str.contains("A/RES/70/1").all()
    assert missions.sdg_totals() == {"goals": 17, "targets": 169, "countries": 193}


def test_five_criteria_with_meaning_and_rule():
    table = missions.mission_criteria()
    assert table["criterion"].tolist() == [1, 2, 3, 4, 5]
    assert table["name"].str.len().gt(10).all() and table["rule"].str.len().gt(40).all()
    assert table["source"].str.contains("European Commission").all()


def test_uk_grand_challenges_and_their_missions():
    uk = missions.uk_grand_challenge_missions()
    assert set(uk["grand_challenge"]) == {"AI and data", "Clean growth", "Ageing society",
                                          "Future of mobility"}
    assert dict(zip(uk["grand_challenge"], uk["deadline"])) == {
        "AI and data": 2030, "Clean growth": 2030, "Ageing society": 2035, "Future of mobility": 2040}
    # The AI mission names no quantity: a good discussion point about measurability.
    assert uk.set_index("grand_challenge").loc["AI and data", "measurable"] == ""


# -- the Mission object ----------------------------------------------------------------
def test_mission_tidies_its_inputs():
    m = good(sectors=[" Transport ", "transport", "education", "health", "digital"],
             actors=["Public Sector", "business", "civil society"], sdgs=[3, 3, 11])
    assert m.sectors == ("Transport", "education", "health", "digital")
    assert ("school streets", "Transport") in m.projects
    assert m.actors == ("public sector", "business", "civil society")
    assert m.sdgs == (3, 11) and m.horizon == 10
    with pytest.raises(Exception):
        m.deadline = 2030  # frozen


@pytest.mark.parametrize("changes, error, words", [
    (dict(statement="   "), ValueError, "mission statement"),
    (dict(deadline="2030"), TypeError, "year"),
    (dict(deadline=30), ValueError, "plausible year"),
    (dict(sectors="transport, health"), TypeError, "list of names"),
    (dict(projects=["school streets"]), TypeError, "dict mapping"),
    (dict(projects={"ferries": "shipping"}), ValueError, "not one of the mission's sectors"),
    (dict(actors=["aliens"]), ValueError, "unknown actor"),
    (dict(sdgs=[18]), ValueError, "numbered 1 to 17"),
    (dict(sdgs="7"), TypeError, "goal numbers"),
])
def test_bad_arguments_get_messages_a_student_understands(changes, error, words):
    with pytest.raises(error, match=words):
        good(**changes)


# -- the criteria ---------------------------------------------------------------------
def test_a_good_mission_meets_all_five():
    checks = missions.check_mission(good())
    assert checks.columns.tolist() == ["criterion", "name", "met", "feedback"]
    assert checks["met"].tolist() == [True] * 5
    assert missions.criteria_met(missions.example_mission()) == 5
    assert missions.criteria_met(missions.example_mission("healthy_years")) == 5


@pytest.mark.parametrize("changes, missed, words", [
    (dict(sdgs=[]), 1, "SDG"),
    (dict(grand_challenge=""), 1, "grand challenge"),
    (dict(statement="Bikes"), 1, "say more"),
    (dict(target="more cycling"), 2, "number"),
    (dict(deadline=2026), 3, "no time"),
    (dict(deadline=2090), 3, "too far off"),
    (dict(actors=["public sector"]), 4, "kinds of actor"),
])
def test_each_rule_flags_what_is_missing(changes, missed, words):
    checks = missions.check_mission(good(**changes)).set_index("criterion")
    assert not checks.loc[missed, "met"]
    assert words in checks.loc[missed, "feedback"]
    assert checks.drop(index=missed)["met"].all()


def test_too_few_sectors_and_projects_in_one_sector():
    few = good(projects={"a": "transport", "b": "transport", "c": "transport", "d": "health"})
    checks = missions.check_mission(few).set_index("criterion")
    assert not checks.loc[4, "met"] and "no project yet in: education, digital" in checks.loc[4, "feedback"]
    assert not checks.loc[5, "met"] and "3 of 4 projects" in checks.loc[5, "feedback"]
    small = good(projects={"school streets": "transport"})
    assert "at least 4 projects" in missions.check_mission(small).set_index("criterion").loc[5, "feedback"]


def test_deadline_before_launch_is_not_time_bound():
    checks = missions.check_mission(good(deadline=2020)).set_index("criterion")
    assert not checks.loc[2, "met"] and "after the launch year" in checks.loc[2, "feedback"]


@pytest.mark.parametrize("target, quantity", [
    ("cut emissions by 80%", "80%"), ("halve food waste", "halve"), ("net zero", "zero"),
    ("five extra healthy years", "five"), ("reach 2.5 million homes", "2.5"), ("better lives", None),
    # a year is a deadline, not an amount; "no one" is not the number one
    ("better health for all by 2030", None), ("leave no one behind", None),
    ("leave no-one behind by 2035", None), ("back to 1990 levels", None),
    ("against 1990, cut emissions by 80%", "80%"), ("no one left behind: halve poverty", "halve"),
    ("one million new homes", "one"), ("plant 1899 trees", "1899"), ("2030%", "2030%"),
])
def test_target_quantity(target, quantity):
    assert missions.target_quantity(target) == quantity


def test_a_year_alone_does_not_make_a_target_measurable():
    checks = missions.check_mission(good(target="better health for all by 2030")).set_index("criterion")
    assert not checks.loc[2, "met"]
    assert not missions.check_mission(good(target="leave no one behind")).set_index("criterion").loc[2, "met"]


def test_checks_need_a_mission():
    with pytest.raises(TypeError, match="Mission"):
        missions.check_mission({"statement": "x"})


# -- the map ----------------------------------------------------------------------------
def test_map_nodes_lay_out_a_tree():
    m = missions.example_mission()
    nodes = missions.map_nodes(m)
    assert len(nodes) == 1 + 1 + len(m.sectors) + len(m.projects)
    projects = nodes[nodes["level"] == "project"]
    assert projects["y"].tolist() == list(range(len(m.projects)))
    assert set(projects["x"]) == {3}
    # Each parent sits at the mean height of its children.
    for node in nodes[nodes["level"] != "project"].itertuples():
        children = nodes[nodes["parent"] == node.node]
        assert node.y == pytest.approx(children["y"].mean())
    edges = missions.map_edges(nodes)
    assert len(edges) == len(nodes) - 1 and (edges["x2"] == edges["x"] + 1).all()
    assert nodes["parent"].tolist()[0] == "" and not nodes.isna().any().any()


def test_map_of_several_missions_shares_the_grand_challenge():
    a = good()
    b = good(statement="Clean air around every school in the city", sdgs=[3])
    nodes = missions.map_nodes([a, b, missions.example_mission("healthy_years")])
    assert nodes["level"].value_counts()["grand challenge"] == 2
    assert nodes["level"].value_counts()["mission"] == 3


def test_a_sector_without_projects_still_gets_a_row():
    nodes = missions.map_nodes(good(projects={"school streets": "transport"}))
    sectors = nodes[nodes["level"] == "sector"]
    assert sectors["y"].tolist() == [0, 1, 2, 3]


def test_map_chart_carries_the_model_data():
    nodes = missions.map_nodes(missions.example_mission())
    chart = mission_map_chart(nodes)
    spec = chart.to_dict(validate=True)
    json.dumps(spec, allow_nan=False)  # what the widget sends to the browser must be valid JSON
    assert "/vega-lite/v6" in spec["$schema"]
    assert [layer["data"]["name"] for layer in spec["layer"]] == ["edges", "nodes", "nodes"]
    assert [r["label"] for r in spec["datasets"]["nodes"]] == nodes["label"].tolist()
    assert len(spec["datasets"]["edges"]) == len(nodes) - 1
    assert spec["layer"][1]["encoding"]["color"]["scale"]["range"] == list(LEVEL_COLOURS)
    with pytest.raises(TypeError):
        mission_map_chart("not a table")


def test_sdg_chart_validates():
    spec = sdg_chart().to_dict(validate=True)
    assert "169 targets" in spec["title"]["text"]


# -- the widget ---------------------------------------------------------------------------
@pytest.fixture
def builder() -> MissionMapBuilder:
    return mission_map_builder()


def test_builder_starts_with_the_example_drawn(builder):
    assert builder.mission == missions.example_mission()
    assert len(builder.chart.spec["datasets"]["nodes"]) == 13
    assert "5 of 5 met" in text_of(builder.feedback.value)
    assert builder.message.value == ""


def test_editing_redraws_the_map_and_the_feedback(builder):
    builder.projects.value = "heat pumps: energy\nsolar roofs: energy"
    builder.draw_button.click()
    assert builder.message.value == ""
    assert len(builder.chart.spec["datasets"]["nodes"]) == 1 + 1 + 5 + 2
    feedback = text_of(builder.feedback.value)
    assert "3 of 5 met" in feedback and "plan at least 4 projects" in feedback
    assert builder.feedback.value.count('class="pvkit-missed"') == 2  # criteria 4 and 5
    builder.target.value = "better heating"
    builder.draw_button.click()
    assert "2 of 5 met" in text_of(builder.feedback.value)


def test_bad_input_is_a_friendly_message_and_keeps_the_map(builder):
    before = builder.chart.spec
    for field, value, words in [
        (builder.projects, "no colon here", "should read 'project: sector'"),
        (builder.sdgs, "7, forty", "'forty' is not a goal number"),
        (builder.sdgs, "40", "numbered 1 to 17"),
        (builder.statement, "", "mission statement"),
    ]:
        old = field.value
        field.value = value
        builder.draw_button.click()
        shown = text_of(builder.message.value)
        assert shown.startswith("That did not work") and words in shown, shown
        assert "Traceback" not in shown
        assert builder.chart.spec == before
        field.value = old


def test_choosing_another_example_loads_and_draws_it(builder):
    builder.example.value = "healthy_years"
    assert builder.grand_challenge.value == "Ageing society"
    assert builder.mission == missions.example_mission("healthy_years")
    assert len(builder.chart.spec["datasets"]["nodes"]) == 10
    assert not builder.actors["research"].value


def test_parsers():
    assert parse_projects("a: x\nb:y") == {"a": "x", "b": "y"}
    assert parse_sdgs("") == []
    with pytest.raises(ValueError, match="line 2"):
        parse_projects("a: x\nb")
