"""The placements chart: its tables and its Vega-Lite spec follow the input."""

from __future__ import annotations

import pandas as pd
import pytest

from pvkit import charts, frameworks

PICKS = {"apollo": "shaping", "patents": "shaping", "eu_ets": "fixing", "gds": "fixing", "yozma": "shaping"}


@pytest.fixture
def scored() -> pd.DataFrame:
    return frameworks.score_placements(PICKS)


def test_tally_counts_each_framing_right_and_wrong(scored: pd.DataFrame) -> None:
    table = charts.tally(scored, total=16).set_index(["placed_as", "outcome"])["cases"]
    for framing in frameworks.FRAMINGS:
        mine = scored[scored["guess"] == framing]
        label = charts.framing_label(framing)
        assert table[(label, "Right")] == mine["correct"].sum()
        assert table[(label, "Not quite")] == (~mine["correct"]).sum()
    assert table[("Not placed yet", "Not placed yet")] == 16 - len(PICKS)
    assert table.sum() == 16


def test_running_score_follows_placement_order(scored: pd.DataFrame) -> None:
    table = charts.running_score(scored)
    assert table["placement"].tolist() == list(range(1, len(PICKS) + 1))
    assert table["case"].tolist() == scored["name"].tolist()
    expected = [round(100 * scored["correct"][:n].sum() / n, 1) for n in range(1, len(PICKS) + 1)]
    assert table["score"].tolist() == expected


def test_spec_data_matches_the_input(scored: pd.DataFrame) -> None:
    spec = charts.placements_chart(scored, total=16).to_dict()
    assert spec["datasets"]["tally"] == charts.tally(scored, 16).to_dict("records")
    assert spec["datasets"]["scores"] == charts.running_score(scored).to_dict("records")
    bars, trend = spec["hconcat"]
    assert bars["data"] == {"name": "tally"}
    assert bars["mark"]["type"] == "bar"
    assert {"x", "y", "color", "order", "tooltip"} <= set(bars["encoding"])
    assert bars["encoding"]["y"]["field"] == "placed_as"
    assert bars["encoding"]["x"]["field"] == "cases"
    assert bars["encoding"]["color"]["scale"]["domain"] == list(charts.OUTCOMES)
    assert bars["encoding"]["color"]["scale"]["range"] == list(charts.OUTCOME_COLOURS)
    line = [layer for layer in trend["layer"] if layer["mark"]["type"] == "line"]
    assert len(line) == 1
    assert line[0]["data"] == {"name": "scores"}
    assert line[0]["encoding"]["x"]["field"] == "placement"
    assert line[0]["encoding"]["y"]["field"] == "score"
    assert line[0]["encoding"]["y"]["scale"]["domain"] == [0, 100]


def test_spec_changes_when_a_placement_is_added(scored: pd.DataFrame) -> None:
    before = charts.placements_chart(scored, total=16).to_dict()
    more = frameworks.score_placements({**PICKS, "sbir": "fixing"})
    after = charts.placements_chart(more, total=16).to_dict()
    assert before["datasets"]["tally"] != after["datasets"]["tally"]
    assert after["datasets"]["scores"] == charts.running_score(more).to_dict("records")
    assert len(after["datasets"]["scores"]) == len(before["datasets"]["scores"]) + 1
    # The cached layout is shared, never changed: the earlier chart keeps its data.
    assert charts.placements_chart(scored, total=16).to_dict() == before


def test_empty_placements_still_draw_the_not_placed_bar() -> None:
    empty = frameworks.score_placements({})
    spec = charts.placements_chart(empty, total=16).to_dict()
    rows = spec["datasets"]["tally"]
    assert rows == charts.tally(empty, 16).to_dict("records")
    assert [r["cases"] for r in rows if r["cases"]] == [16]
    assert spec["datasets"]["scores"] == []  # no running score yet


def test_spec_uses_vega_lite_v6_and_validates(scored: pd.DataFrame) -> None:
    chart = charts.placements_chart(scored, total=16)
    assert "/vega-lite/v6" in chart.to_dict()["$schema"]
    chart.to_dict(validate=True)


@pytest.mark.parametrize(
    ("table", "total", "message"),
    [
        (pd.DataFrame({"guess": ["market fixing"]}), 3, "lacks column"),
        (pd.DataFrame({"guess": ["fixing"], "correct": [True]}), 3, "unknown framing"),
        (pd.DataFrame({"guess": ["market fixing"] * 2, "correct": [True, True]}), 1, "at least"),
    ],
)
def test_bad_tables_get_clear_errors(table: pd.DataFrame, total: int, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        charts.placements_chart(table, total=total)


def test_not_a_dataframe_is_a_type_error() -> None:
    with pytest.raises(TypeError, match="DataFrame"):
        charts.tally({"guess": []}, total=1)  # type: ignore[arg-type]


def _dashboard(name: str):  # noqa: ANN202 - one of four widget classes
    from pvkit.widgets.appraisal_explorer import appraisal_explorer
    from pvkit.widgets.case_sorter import case_sorter
    from pvkit.widgets.deal_simulator import deal_simulator
    from pvkit.widgets.mission_map import mission_map_builder

    return {"appraisal_explorer": appraisal_explorer, "case_sorter": case_sorter,
            "deal_simulator": deal_simulator, "mission_map": mission_map_builder}[name]()


@pytest.mark.parametrize("name", ["appraisal_explorer", "case_sorter", "deal_simulator", "mission_map"])
def test_every_dashboard_chart_is_valid_vega_lite(name: str) -> None:
    # At run time the cached layouts skip Altair's schema validation (it costs
    # a dashboard's first chart about 0.1 s); this is where they are validated.
    from altair.vegalite.v6.schema.core import TopLevelSpec

    widget = _dashboard(name)
    shown = widget.chart.chart
    assert shown.to_dict(validate=True) == shown.to_dict()
    TopLevelSpec.validate(widget.chart.spec)
