"""The widget findings of issue 9, one by one: the exact inputs, the clear outcome."""

from __future__ import annotations

import json

import numpy as np
import pytest
import traitlets

from pvkit.widgets.appraisal_explorer import DRAWS, RATE_RANGE, appraisal_explorer, constant_rate
from pvkit.widgets.deal_simulator import deal_simulator, make_term
from pvkit.widgets.helpers import friendly_message
from pvkit.widgets.mission_map import mission_map_builder, parse_sdgs


@pytest.fixture(scope="module")
def explorer():
    return appraisal_explorer()


def test_a_discount_rate_of_minus_85_percent_is_refused_in_words(explorer) -> None:
    explorer.schedule.value = "constant"
    shown_result, shown_chart = explorer.result, json.dumps(explorer.chart.spec)
    explorer.constant_rate.value = -85
    message = explorer.message.value
    assert "between -5% and 20%" in message and "you typed -85%" in message
    assert "histogram" not in message and "finite" not in message
    # the result state is the appraisal still on screen, not the refused one
    assert explorer.result is shown_result
    assert json.dumps(explorer.chart.spec) == shown_chart
    explorer.constant_rate.value = 3.5
    assert explorer.message.value == ""
    explorer.schedule.value = "green_book"


def test_the_rate_box_bounds_are_its_validator_bounds() -> None:
    low, high = RATE_RANGE
    assert constant_rate(low) == low and constant_rate(high) == high
    for bad in (low - 0.01, high + 0.01, -85, float("nan"), float("inf")):
        with pytest.raises(ValueError, match="constant discount rate"):
            constant_rate(bad)
    with pytest.raises(TypeError, match="constant discount rate"):
        constant_rate("3.5%")


def test_the_ten_thousand_draw_path_is_finite_at_every_corner(explorer) -> None:
    """The float32 overflow came from rates below -5%; inside the bounds every figure is finite."""
    explorer.schedule.value = "constant"
    for rate in RATE_RANGE:
        for horizon in (explorer.horizon.min, explorer.horizon.max):
            explorer.constant_rate.value, explorer.horizon.value = rate, horizon
            explorer.uncertainty.value = explorer.uncertainty.max
            assert explorer.message.value == ""
            assert explorer.result.simulation.npv.shape[0] == DRAWS
            assert np.isfinite(explorer.result.simulation.npv).all()
            json.dumps(explorer.chart.spec, allow_nan=False)
    explorer.schedule.value, explorer.uncertainty.value = "green_book", 1.0


def test_a_superscript_two_as_an_sdg_is_named_not_a_raw_int_error() -> None:
    builder = mission_map_builder()
    kept = builder.mission
    builder.sdgs.value = "7, \u00b2"
    builder.draw_button.click()
    assert "is not a goal number" in builder.message.value
    assert "invalid literal" not in builder.message.value
    assert builder.mission is kept
    with pytest.raises(ValueError, match="no goal 40"):
        parse_sdgs("7, 40")
    with pytest.raises(ValueError, match="not a goal number"):
        parse_sdgs("\uff17")  # a full-width 7, which int() would accept


@pytest.mark.parametrize("bad", ["x", 3, None, ["net_zero_heat"]])
def test_mission_map_builder_names_its_argument(bad) -> None:
    with pytest.raises((TypeError, ValueError), match="start") as caught:
        mission_map_builder(bad)
    assert not isinstance(caught.value, traitlets.TraitError)


@pytest.mark.parametrize("bad", [None, True, -1, "a", 1.5])
def test_deal_simulator_refuses_bad_seeds(bad) -> None:
    with pytest.raises((TypeError, ValueError), match="seed"):
        deal_simulator(bad)


def test_make_term_names_kind_and_percent() -> None:
    with pytest.raises(TypeError, match="kind"):
        make_term(["equity"], 20)
    with pytest.raises(ValueError, match="percent"):
        make_term("equity", float("nan"))
    with pytest.raises(ValueError, match="percent"):
        make_term("equity", 10**30)


def test_python_messages_never_reach_the_screen() -> None:
    raw = ValueError("invalid literal for int() with base 10: '\u00b2'")
    assert "invalid literal" not in friendly_message(raw)
    assert "need at least" not in friendly_message(ValueError("need at least one finite value for a histogram"))
    assert friendly_message(ValueError("pick a case first")) == "That did not work: pick a case first."
