"""Issue 9 (charts): the findings, one by one, and the accessibility rules of issue 10.

Charts never carry NaN or infinity, a chart of nothing says so, bad tables get a
message naming the argument; every chart has a description (its aria-label) and
readable text colours.
"""

from __future__ import annotations

import importlib
import json
from typing import Any

import altair as alt
import pandas as pd
import pytest

from fuzz.specs_charts import SPECS
from pvkit import capabilities as capability_model
from pvkit import charts, missions
from pvkit.charts import appraisal, capabilities, rewards
from pvkit.charts.missions import mission_map_chart

NAN, INF = float("nan"), float("inf")


def _spec(chart: Any) -> dict:
    spec = chart.to_dict()
    json.dumps(spec, allow_nan=False)  # what the browser gets must be valid JSON
    return spec


def _texts(spec: dict) -> list[str]:
    return [row["message"] for data in spec.get("datasets", {}).values() for row in data if "message" in row]


DECOMPOSITION = pd.DataFrame({"component": ["static NPV", "learning", "dynamic expected NPV"],
                              "value": [-10.0, 25.0, 15.0]})


def test_waterfall_chart_refuses_nan_and_overflowing_values() -> None:
    with pytest.raises(ValueError, match="decomposition column 'value'.*row 1"):
        appraisal.waterfall_chart(DECOMPOSITION.assign(value=[-10.0, NAN, 15.0]))
    with pytest.raises(ValueError, match="decomposition column 'value'.*too large"):
        appraisal.waterfall_chart(DECOMPOSITION.assign(value=[1e308, 1e308, 1e308]))
    spec = _spec(appraisal.waterfall_chart(DECOMPOSITION))
    assert [row["end"] for row in spec["datasets"]["waterfall"]] == [-10.0, 15.0, 15.0]


def test_waterfall_table_refuses_a_zero_scale() -> None:
    with pytest.raises(ValueError, match="scale must be at least"):
        appraisal.waterfall_table(DECOMPOSITION, scale=0)


def test_delivery_chart_of_an_empty_frame_says_so() -> None:
    spec = _spec(capabilities.delivery_chart(capability_model.delivery_models().iloc[:0]))
    assert _texts(spec) == ["No delivery models to show yet"]
    assert "No delivery models" in spec["description"]


def test_simulator_chart_refuses_nan_and_says_when_empty() -> None:
    hist = pd.DataFrame({"start": [-1.0, 0.0], "end": [0.0, 1.0], "share": [0.5, 0.5]})
    split = pd.DataFrame({"group": ["all"], "party": ["public"], "amount": [-0.2]})
    bands = pd.DataFrame({"round": [0, 1], "p10": [1.0, 0.0], "median": [1.0, 1.0], "p90": [1.0, 2.0]})
    with pytest.raises(ValueError, match="hist column 'share'"):
        rewards.simulator_chart(hist.assign(share=[NAN, 0.5]), split, bands)
    with pytest.raises(ValueError, match="bands column 'p90'"):
        rewards.simulator_chart(hist, split, bands.assign(p90=[INF, 2.0]))
    assert _texts(_spec(rewards.simulator_chart(hist.iloc[:0], split, bands))) == ["No simulation to show yet"]
    spec = _spec(rewards.simulator_chart(hist, split, bands))
    assert "public loses money" in spec["description"]


def test_fund_chart_refuses_text_instead_of_a_table() -> None:
    # Altair would read a string as the URL of a data file.
    with pytest.raises(TypeError, match="bands must be a table"):
        rewards.fund_chart("table")  # type: ignore[arg-type]


def test_concentration_chart_has_a_colour_for_every_group_or_says_why_not() -> None:
    firms = pd.DataFrame({"market": ["m"] * 12, "supplier": [f"s{i}" for i in range(12)],
                          "sales": [float(12 - i) for i in range(12)]})
    with pytest.raises(ValueError, match="k must be at most 8.*colour"):
        capabilities.concentration_chart(firms, k=10)  # 11 groups
    scale = _spec(capabilities.concentration_chart(firms, k=8))["encoding"]["color"]["scale"]
    assert len(scale["domain"]) == len(scale["range"]) == len(set(scale["range"])) == 9


def test_tally_refuses_a_missing_right_or_wrong() -> None:
    scored = pd.DataFrame({"guess": ["market fixing", "market shaping"], "correct": [NAN, True]})
    with pytest.raises(ValueError, match="scored column 'correct' must hold True or False"):
        charts.tally(scored, total=3)
    with pytest.raises(ValueError, match="scored column 'correct'"):
        charts.tally(scored.assign(correct=[1, 0]), total=3)


def test_explorer_chart_of_an_empty_frame_says_so() -> None:
    bins = pd.DataFrame({"start": [0.0], "end": [1.0], "share": [1.0]})
    assert _texts(_spec(appraisal.explorer_chart(bins, DECOMPOSITION.iloc[:0]))) == ["No appraisal to show yet"]
    assert _texts(_spec(appraisal.explorer_chart(bins.iloc[:0], DECOMPOSITION))) == ["No appraisal to show yet"]


def test_split_chart_names_an_unknown_party() -> None:
    split = pd.DataFrame({"group": ["all"], "party": ["publik"], "amount": [0.1]})
    with pytest.raises(ValueError, match=r"split column 'party' \(row 0\).*did you mean 'public'"):
        rewards.split_chart(split)


def test_mission_map_chart_refuses_nan_positions_and_unknown_parents() -> None:
    nodes = missions.map_nodes(missions.example_mission())
    with pytest.raises(ValueError, match="nodes column 'y'.*row 2"):
        mission_map_chart(nodes.assign(y=nodes["y"].where(nodes.index != 2, NAN)))
    orphan = nodes.copy()
    orphan.loc[3, "parent"] = "nowhere"
    with pytest.raises(ValueError, match="nodes row 3 has parent 'nowhere'"):
        mission_map_chart(orphan)
    assert "No mission to show yet" in _texts(_spec(mission_map_chart(nodes.iloc[:0])))[0]


def test_histogram_of_constant_draws_is_drawn_and_overflow_refused() -> None:
    # Every draw the same (e.g. a constant discount rate): one bin of zero width.
    flat = pd.DataFrame({"start": [5.0], "end": [5.0], "share": [1.0]})
    bins = _spec(appraisal.npv_histogram_chart(flat, 5.0, 5.0))["datasets"]["bins"][0]
    assert bins["start"][0] < 5.0 < bins["end"][0] and bins["share"] == [1.0]
    overflowed = pd.DataFrame({"start": [-INF], "end": [INF], "share": [1.0]})
    with pytest.raises(ValueError, match="bins column 'start'.*infinite"):
        appraisal.npv_histogram_chart(overflowed, 0.0, 0.0)


def _chart_results() -> list[tuple[str, Any]]:
    results = []
    for spec in SPECS:
        module, _, name = spec.target.rpartition(".")
        function = getattr(importlib.import_module(module), name)
        args, kwargs = spec.call_args()
        result = function(*args, **kwargs)
        if isinstance(result, alt.TopLevelMixin) or hasattr(result, "to_dict") and "Chart" in type(result).__name__:
            results.append((spec.target, result))
    return results


CHARTS = _chart_results()


@pytest.mark.parametrize(("target", "chart"), CHARTS, ids=[t for t, _ in CHARTS])
def test_every_chart_has_a_description_and_aria(target: str, chart: Any) -> None:
    spec = _spec(chart)
    assert isinstance(spec.get("description"), str) and len(spec["description"]) > 20, target
    assert spec["config"]["aria"] is True


def _luminance(colour: str) -> float:
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(colour.lstrip("#")[i:i + 2], 16) / 255 for i in (0, 2, 4))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def _contrast_on_white(colour: str) -> float:
    return 1.05 / (_luminance(colour) + 0.05)


def _text_colours(spec: Any) -> list[str]:
    found = []
    if isinstance(spec, dict):
        mark = spec.get("mark")
        if isinstance(mark, dict) and mark.get("type") == "text" and isinstance(mark.get("color"), str):
            found.append(mark["color"])
        for key in ("title", "axis", "legend"):
            part = spec.get("config", {}).get(key, {})
            found += [v for k, v in part.items() if k.endswith(("Color", "color")) and isinstance(v, str)]
        for value in spec.values():
            found += _text_colours(value)
    elif isinstance(spec, list):
        for value in spec:
            found += _text_colours(value)
    return found


@pytest.mark.parametrize(("target", "chart"), CHARTS, ids=[t for t, _ in CHARTS])
def test_text_on_white_meets_wcag_aa(target: str, chart: Any) -> None:
    colours = [c for c in _text_colours(_spec(chart)) if c.upper() not in ("#FFFFFF", "WHITE")]
    assert colours, f"{target}: no text colour set"
    for colour in colours:
        assert _contrast_on_white(colour) >= 4.5, f"{target}: text colour {colour} is below 4.5:1 on white"
