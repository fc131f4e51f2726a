"""Every control of every dashboard, walked through its extremes in-process (issue 9).

For each control of each of the four dashboards, every value a student can
give (a slider's ends and the steps next to them, every option of a list,
numbers far out of range, NaN, digit-like characters, very long text) is set
the way the browser sets it, then the dashboard must either

- redraw validly: no message, a chart spec with no NaN or infinity, and what is
  on screen (chart data, figures) equal to what the widget's result state gives; or
- refuse with a friendly sentence: a message on screen that is no traceback and
  no raw Python message, with the screen AND the widget's result state both
  still on the last good state.

No exception may escape a callback (a test would fail on it).
"""

from __future__ import annotations

import html
import json
import math
import re
from collections.abc import Callable
from typing import Any

import ipywidgets as widgets
import pytest

from pvkit import appraisal as ap
from pvkit import missions
from pvkit.charts import placements_chart
from pvkit.charts.appraisal import explorer_chart
from pvkit.charts.missions import mission_map_chart
from pvkit.widgets import case_sorter
from pvkit.widgets.appraisal_explorer import SCALE, UNIT, appraisal_explorer
from pvkit.widgets.deal_simulator import deal_simulator
from pvkit.widgets.mission_map import mission_map_builder

#: What never appears in a message a student sees.
RAW = ("Traceback", "invalid literal", "could not convert", "has no attribute", "unhashable",
       "not iterable", "Error:", "need at least one finite", "float32", "NoneType", "object at 0x")
NUMBER_EXTREMES = [-1e308, -1e6, -100.0, -85.0, -5.0, -0.0, 0.0, 0.5, 20.0, 99.999, 100.0, 100.001,
                   1e6, 1e308, math.nan, math.inf, -math.inf]
TEXT_EXTREMES = ["", "   ", "\u00b2", "7, \u00b2", "\uff17", "\u0663", "7, 40", "0", "7,,13", "7, 7",
                 "<script>alert(1)</script>", "x" * 6_000, "energy: ", ":", "a: b: c", "\n\n\n"]


def text_of(markup: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", markup)).split())


def controls(root: widgets.Widget) -> list[widgets.Widget]:
    """Every interactive control under ``root``, depth first."""
    found: list[widgets.Widget] = []
    stack = [root]
    while stack:
        node = stack.pop(0)
        children = getattr(node, "children", ())
        if children:
            stack[:0] = list(children)
        elif isinstance(node, (widgets.Button, widgets.ValueWidget)) and not isinstance(
                node, (widgets.HTML, widgets.Label, widgets.HTMLMath)):
            found.append(node)
    return found


def values_for(control: widgets.Widget) -> list[Any]:
    """The values a student can give this control, extremes first."""
    if isinstance(control, (widgets.IntSlider, widgets.FloatSlider)):
        low, high, step = control.min, control.max, control.step
        return [low, high, low + step, high - step, (low + high) / 2 if isinstance(control, widgets.FloatSlider)
                else int((low + high) // 2), control.value]
    if isinstance(control, (widgets.Dropdown, widgets.ToggleButtons, widgets.RadioButtons)):
        return [value for _, value in control._options_full] + [control.value]
    if isinstance(control, widgets.Checkbox):
        return [not control.value, control.value]
    if isinstance(control, (widgets.BoundedIntText, widgets.IntText)):
        low = getattr(control, "min", -10**6)
        high = getattr(control, "max", 10**6)
        return [low, high, low + 1, high - 1, control.value]
    if isinstance(control, (widgets.FloatText, widgets.BoundedFloatText)):
        return NUMBER_EXTREMES + [control.value]
    if isinstance(control, (widgets.Text, widgets.Textarea)):
        return TEXT_EXTREMES + [control.value]
    raise AssertionError(f"no extremes known for {type(control).__name__}; add them here")


class Dashboard:
    """How to read one dashboard's screen and what its result state says the screen should be."""

    def __init__(self, name: str, build: Callable[[], widgets.Widget],
                 expected_datasets: Callable[[Any], dict], shown_text: Callable[[Any], list[str]],
                 state: Callable[[Any], Any], apply: Callable[[Any], None] | None = None):
        self.name, self.build, self.expected_datasets = name, build, expected_datasets
        self.shown_text, self.state, self.apply = shown_text, state, apply or (lambda _w: None)

    def screen(self, w: Any) -> tuple[str, list[str]]:
        return json.dumps(w.chart.spec["datasets"], sort_keys=True), self.shown_text(w)


def _explorer_datasets(e: Any) -> dict:
    r = e.result
    return explorer_chart(ap.histogram(r.simulation.npv, bins=40), r.decomposition, UNIT, SCALE).to_dict()["datasets"]


def _explorer_texts(e: Any) -> list[str]:
    results, verdict = e._texts(e.result)
    assert (results, verdict) == (e.results.value, e.verdict.value), "figures on screen are not the result's"
    return [e.results.value, e.verdict.value, e.chart_text.value]


def _simulator_datasets(s: Any) -> dict:
    return s._compute()["chart"].to_dict()["datasets"]


def _mission_datasets(b: Any) -> dict:
    return mission_map_chart(missions.map_nodes(b.mission)).to_dict()["datasets"]


def _sorter_datasets(s: Any) -> dict:
    return placements_chart(s.scored(), s.total).to_dict()["datasets"]


DASHBOARDS = [
    Dashboard("appraisal explorer", appraisal_explorer, _explorer_datasets, _explorer_texts,
              state=lambda e: e.result),
    Dashboard("deal simulator", deal_simulator, _simulator_datasets,
              lambda s: [s.summary.value, s.chart_text.value], state=lambda s: s.summary_table()),
    Dashboard("mission map builder", mission_map_builder, _mission_datasets,
              lambda b: [b.feedback.value, b.chart_text.value], state=lambda b: b.mission,
              apply=lambda b: b.draw_button.click()),
    Dashboard("case sorter", case_sorter, _sorter_datasets,
              lambda s: [s.score.value, s.chart_text.value], state=lambda s: dict(s.placements)),
]


def assert_friendly(message: str, where: str) -> None:
    shown = text_of(message)
    assert shown, where
    for word in RAW:
        assert word not in shown, f"{where}: raw text {word!r} shown: {shown!r}"
    assert len(shown) < 600, f"{where}: a message a student reads should be short: {shown!r}"


def assert_consistent(board: Dashboard, w: Any, where: str) -> None:
    spec = w.chart.spec
    json.dumps(spec, allow_nan=False)  # raises on NaN/inf: the browser could not read it
    assert spec["datasets"] == board.expected_datasets(w), f"{where}: the chart does not show the result state"


@pytest.mark.parametrize("board", DASHBOARDS, ids=lambda b: b.name)
def test_every_control_through_its_extremes(board: Dashboard) -> None:
    w = board.build()
    found = controls(w)
    assert found, "a dashboard with no controls?"
    tried = 0
    for control in found:
        label = getattr(control, "description", "") or type(control).__name__
        if isinstance(control, widgets.Button):
            continue  # buttons are pressed in test_every_button_from_every_state
        original = control.value
        for value in values_for(control):
            before_screen, before_state = board.screen(w), board.state(w)
            where = f"{board.name}: {label} = {value!r}"
            control.value = value
            board.apply(w)
            tried += 1
            if w.message.value:
                assert_friendly(w.message.value, where)
            if "pvkit-warning" in w.message.value:
                # A refusal keeps the last good state, on screen and in the widget (which
                # was consistent at the step before, so it still is).
                assert board.screen(w) == before_screen, f"{where}: refused, but the screen changed"
                assert _same(board.state(w), before_state), f"{where}: refused, but the result changed"
            else:
                assert_consistent(board, w, where)
        control.value = original
        board.apply(w)
        assert not w.message.value or "pvkit-info" in w.message.value, (
            f"{board.name}: {label} back to {original!r} still shows {text_of(w.message.value)!r}")
    assert tried >= 10


def _same(a: Any, b: Any) -> bool:
    if hasattr(a, "equals"):
        return bool(a.equals(b))
    return a is b or a == b


@pytest.mark.parametrize("board", DASHBOARDS, ids=lambda b: b.name)
def test_every_button_from_every_state(board: Dashboard) -> None:
    w = board.build()
    buttons = [c for c in controls(w) if isinstance(c, widgets.Button)]
    for _round in range(2):  # pressing twice in a row must also be handled
        for button in buttons:
            button.click()
            if w.message.value:
                assert_friendly(w.message.value, f"{board.name}: {button.description}")
            if "pvkit-warning" not in w.message.value:
                assert_consistent(board, w, f"{board.name}: {button.description}")


def test_the_case_sorter_with_no_case_chosen_and_every_case_placed() -> None:
    board = DASHBOARDS[3]
    s = board.build()
    s.picker.value = None
    for button in (s.fixing_button, s.shaping_button):
        button.click()
        assert_friendly(s.message.value, "no case chosen")
        assert s.placements == {}
    s.next_button.click()  # goes to the first case
    assert s.picker.value == s.picker.options[0][1] and not s.message.value
    for case_id in [v for _, v in s.picker.options]:
        s.select(case_id)
        s.fixing_button.click()
        assert_consistent(board, s, case_id)
    s.next_button.click()
    assert "placed every case" in s.message.value


def test_every_control_has_an_accessible_name() -> None:
    """Each control has a description of its own (its label; sliders get it as aria-label too)."""
    for board in DASHBOARDS:
        w = board.build()
        names = []
        for control in controls(w):
            name = control.description.strip()
            assert re.search("[A-Za-z]{2}", name), f"{board.name}: a {type(control).__name__} is named {name!r}"
            names.append(name)
        assert len(names) == len(set(names)), f"{board.name}: two controls share a name: {names}"
