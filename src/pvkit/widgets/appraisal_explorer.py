"""The appraisal explorer: the same portfolio appraised statically and dynamically.

Module 4 asks, after section 3 of the brief, whether a Moon-shot would have
passed an ex-ante cost-benefit test. The student changes how the portfolio is
appraised (discount schedule, optimism bias, horizon) and what the dynamic
view assumes (learning rate, spillovers, uncertainty); the explorer shows the
static Green Book figures and the dynamic distribution side by side, the
decomposition as a waterfall and a plain-language verdict. The lesson and the
Voila dashboard both just call :func:`appraisal_explorer`.

Every control accepts only what the model accepts: sliders are bounded, and
the constant discount rate box takes -5% to 20% (see :data:`RATE_RANGE`); a
refused value gives a sentence saying what is allowed, and the explorer keeps
showing, and holding as its :attr:`~AppraisalExplorer.result`, the last good
appraisal.

>>> explorer = appraisal_explorer()
>>> explorer.learning_rate.value = 0.0
>>> "learning" in explorer.verdict.value
True
"""

from __future__ import annotations

import html

import ipywidgets as widgets
import numpy as np
import pandas as pd

from pvkit import _validate
from pvkit import appraisal as ap
from pvkit.charts.appraisal import explorer_chart
from pvkit.widgets._memory import release_free_memory
from pvkit.widgets.helpers import (Accessibility, chart_alternative, chart_widget, guarded,
                                   update_chart)

__all__ = ["AppraisalExplorer", "appraisal_explorer", "constant_rate", "SCALE", "UNIT", "RATE_RANGE"]

#: Portfolio figures are in GBP thousand; the explorer shows GBP million.
SCALE = 1000.0
UNIT = "GBP million"
#: The shared settings of module 4 (lesson 04, this explorer, the exercise, the capstone).
SCENARIO = ap.example_scenario()
DRAWS = SCENARIO.n
#: Default optimism bias: the upper bound for standard civil engineering capital costs (44%).
DEFAULT_BIAS = SCENARIO.setting.optimism_bias
SEED = SCENARIO.seed

#: The constant discount rates the box accepts, in percent. Wide enough to compare the
#: Green Book's 3.5% (and 1.5% for health) with much lower and much higher rates;
#: outside it a long horizon gives figures that mean nothing: at -5% a pound in year
#: 100 weighs 169 times a pound today (1 / 0.95**100), and at -85% the discount
#: factors overflow. Above 20% nothing after about 25 years counts (1.2**-25 < 1%).
RATE_RANGE = (-5.0, 20.0)

_SCHEDULES = [
    ("Green Book: 3.5%, falling to 1% after 300 years", "green_book"),
    ("Green Book health: 1.5%, falling", "green_book_health"),
    ("One constant rate (type it below)", "constant"),
]


def _bias_options() -> list[tuple[str, float]]:
    table = ap.optimism_bias_table()
    capex = table[table["measure"] == "capital expenditure"]
    options = [("None (0%)", 0.0)]
    for row in capex.itertuples():
        for bound in ("upper", "lower"):
            value = float(getattr(row, bound))
            options.append((f"{row.project_type.capitalize()}, {bound} bound ({value:.0%})", value))
    return options


def _money(value: float) -> str:
    amount = value / SCALE
    sign = "-" if amount < 0 else ""
    return f"{sign}£{abs(amount):,.0f}m"


class AppraisalExplorer(widgets.VBox):
    """The explorer widget; build it with :func:`appraisal_explorer`.

    Attributes
    ----------
    schedule, optimism_bias : ipywidgets.Dropdown
    constant_rate : ipywidgets.FloatText
        The constant discount rate in percent, used with the "constant" schedule
        (validated: :data:`RATE_RANGE`).
    horizon : ipywidgets.IntSlider
    learning_rate, spillover_share, uncertainty : ipywidgets.FloatSlider
    results, verdict, message : ipywidgets.HTML
    chart : altair.JupyterChart
    chart_text : ipywidgets.HTML
        The chart in words and its data as tables (for screen readers, and everyone).
    accessibility : pvkit.widgets.helpers.Accessibility
        Announces each update in a live region.
    result : pvkit.appraisal.Appraisal
        The appraisal on screen: the last one that succeeded.
    """

    def __init__(self) -> None:
        super().__init__(layout=widgets.Layout(max_width="980px", padding="4px 8px", grid_gap="6px"))
        style = {"description_width": "150px"}
        wide = widgets.Layout(width="460px")
        self.schedule = widgets.Dropdown(options=_SCHEDULES, value="green_book",
                                         description="Discounting", style=style, layout=wide)
        self.constant_rate = widgets.FloatText(value=3.5, description="Constant rate (%)", style=style,
                                               layout=widgets.Layout(width="260px"), disabled=True,
                                               tooltip=f"{RATE_RANGE[0]:g} to {RATE_RANGE[1]:g}")
        self.rate_hint = widgets.HTML(
            f'<span style="color:#444444;font-size:0.9em">from {RATE_RANGE[0]:g}% to '
            f"{RATE_RANGE[1]:g}%; the Green Book uses 3.5%</span>")
        self.optimism_bias = widgets.Dropdown(options=_bias_options(), value=DEFAULT_BIAS,
                                              description="Optimism bias", style=style, layout=wide)
        self.horizon = widgets.IntSlider(value=SCENARIO.setting.horizon, min=10, max=100, step=5, description="Horizon (years)",
                                         style=style, layout=wide, continuous_update=False)
        self.learning_rate = widgets.FloatSlider(value=SCENARIO.learning_rate, min=0.0, max=0.40, step=0.01,
                                                 description="Learning rate", readout_format=".0%",
                                                 style=style, layout=wide, continuous_update=False)
        self.spillover_share = widgets.FloatSlider(value=SCENARIO.spillover_share, min=0.0, max=2.0, step=0.05,
                                                   description="Spillover share", readout_format=".0%",
                                                   style=style, layout=wide, continuous_update=False)
        self.uncertainty = widgets.FloatSlider(value=1.0, min=0.0, max=2.0, step=0.1,
                                               description="Uncertainty (x default)", style=style,
                                               layout=wide, continuous_update=False)
        self.message = widgets.HTML()
        self.results = widgets.HTML()
        self.verdict = widgets.HTML()
        self.chart_text = widgets.HTML()
        self.accessibility = Accessibility()
        self.result: ap.Appraisal = self._appraise()
        inputs = self._chart_inputs(self.result)
        chart = explorer_chart(*inputs)
        self.chart = chart_widget(chart)
        self.chart_text.value = self._chart_text(chart, inputs[0], self.result)

        intro = widgets.HTML(
            '<p style="margin:0 0 4px 0;line-height:1.45">Five <b>illustrative</b> clean-energy '
            "projects, appraised two ways. The <b>static</b> view is the HM Treasury Green Book at "
            "its best: it forecasts the price fall the rest of the market causes, uses expected values, "
            "adds optimism bias and externalities, and stops a failed project at its gate. The "
            "<b>dynamic</b> view adds what the programme itself does to prices (its own learning), "
            f"spillovers to other sectors (failed projects included) and {DRAWS:,} simulated futures. "
            "Move a control to see what changes.</p>")
        static_box = widgets.VBox([widgets.HTML("<b>How the static appraisal discounts and prices risk</b>"),
                                   self.schedule, widgets.HBox([self.constant_rate, self.rate_hint]),
                                   self.optimism_bias, self.horizon])
        dynamic_box = widgets.VBox([widgets.HTML("<b>What the dynamic appraisal adds</b>"),
                                    self.learning_rate, self.spillover_share, self.uncertainty])
        for widget, name in [
            (self, "pvkit-appraisal-explorer"), (self.results, "pvkit-results"),
            (self.verdict, "pvkit-verdict"), (self.message, "pvkit-message-area"),
            (self.chart, "pvkit-chart"), (self.chart_text, "pvkit-chart-text"),
            (self.schedule, "pvkit-schedule"),
            (self.constant_rate, "pvkit-constant-rate"), (self.optimism_bias, "pvkit-optimism-bias"),
            (self.horizon, "pvkit-horizon"), (self.learning_rate, "pvkit-learning-rate"),
            (self.spillover_share, "pvkit-spillover-share"), (self.uncertainty, "pvkit-uncertainty"),
        ]:
            widget.add_class(name)
        controls = widgets.HBox([static_box, dynamic_box],
                                layout=widgets.Layout(flex_flow="row wrap", grid_gap="12px"))
        self.children = [intro, controls, self.message, self.results, self.verdict, self.chart,
                         self.chart_text, self.accessibility]

        on_error = guarded(self.message)
        for control in (self.schedule, self.constant_rate, self.optimism_bias, self.horizon,
                        self.learning_rate, self.spillover_share, self.uncertainty):
            control.observe(on_error(lambda _change: self.refresh()), names="value")
        self._show()

    # -- model -----------------------------------------------------------------------
    def setting(self) -> ap.Setting:
        """The static settings chosen in the controls (raises ValueError on bad input)."""
        constant = self.schedule.value == "constant"
        self.constant_rate.disabled = not constant
        rate = None
        if constant:
            rate = constant_rate(self.constant_rate.value) / 100
        schedule = "green_book" if constant else self.schedule.value
        horizon = _validate.whole("horizon", self.horizon.value, low=self.horizon.min, high=self.horizon.max)
        bias = _validate.number("optimism bias", self.optimism_bias.value, low=0.0, high=2.0)
        return ap.Setting(horizon=horizon, schedule=schedule, rate=rate, optimism_bias=bias)

    def scenario(self) -> ap.Scenario:
        """The shared scenario with the controls' settings (raises ValueError on bad input)."""
        def slider(control: widgets.FloatSlider, name: str) -> float:
            return _validate.number(name, control.value, low=control.min, high=control.max)

        return ap.Scenario(setting=self.setting(),
                           uncertainty=ap.Uncertainty.scaled(slider(self.uncertainty, "uncertainty")),
                           n=DRAWS, seed=SEED, learning_rate=slider(self.learning_rate, "learning rate"),
                           spillover_share=slider(self.spillover_share, "spillover share"),
                           externality_share=SCENARIO.externality_share,
                           failed_spillover_share=SCENARIO.failed_spillover_share)

    def _appraise(self) -> ap.Appraisal:
        """A new appraisal from the controls, refused if any figure is not a finite number."""
        result = self.scenario().appraise()
        figures = np.concatenate([np.asarray(result.simulation.npv, dtype=float).ravel(),
                                  result.decomposition["value"].to_numpy(dtype=float),
                                  [result.green_book_npv, result.green_book_bcr, result.dynamic_npv]])
        if not np.isfinite(figures).all():
            raise ValueError("these settings give figures too large to compute with; "
                             "move a control back towards its default")
        return result

    def _chart_inputs(self, result: ap.Appraisal) -> tuple:
        return ap.histogram(result.simulation.npv, bins=40), result.decomposition, UNIT, SCALE

    @staticmethod
    def _chart_text(chart: object, bins: pd.DataFrame, result: ap.Appraisal) -> str:
        histogram = pd.DataFrame({
            f"NPV from ({UNIT})": (bins["start"] / SCALE).round(1),
            f"NPV to ({UNIT})": (bins["end"] / SCALE).round(1),
            "share of futures": bins["share"].round(4),
        })
        ladder = pd.DataFrame({"component": result.decomposition["component"],
                               f"value ({UNIT})": (result.decomposition["value"] / SCALE).round(1)})
        return chart_alternative(chart, {
            f"Left chart: how the {DRAWS:,} simulated NPVs spread": histogram,
            "Right chart: from the naive static NPV to the dynamic expected NPV": ladder,
        })

    def refresh(self) -> None:
        """Recompute from the controls; update figures, verdict and charts only if it worked.

        Everything is computed first and shown after, so a refused setting leaves
        the screen and :attr:`result` both on the last good appraisal.
        """
        result = self._appraise()
        inputs = self._chart_inputs(result)
        chart = explorer_chart(*inputs)
        chart_text = self._chart_text(chart, inputs[0], result)
        results, verdict = self._texts(result)
        update_chart(self.chart, chart)
        self.result = result
        self.chart_text.value = chart_text
        self.results.value, self.verdict.value = results, verdict
        self.accessibility.announce(
            f"Updated. Green Book NPV {_money(result.green_book_npv)}; dynamic expected NPV "
            f"{_money(result.dynamic_npv)}.")

    # -- text ------------------------------------------------------------------------
    def _show(self) -> None:
        self.results.value, self.verdict.value = self._texts(self.result)

    def _texts(self, result: ap.Appraisal) -> tuple[str, str]:
        """The results table and the verdict, as HTML, for ``result``."""
        table = result.decomposition.set_index("component")["value"]
        summary = ap.summarise(result.simulation.npv).iloc[0]
        bcr = result.green_book_bcr
        category = ap.value_for_money(bcr)
        cell = 'style="padding:3px 10px;text-align:right"'
        head = 'style="padding:3px 10px;text-align:left"'

        def row(label: str, value: str) -> str:
            return f"<tr><th {head}>{html.escape(label)}</th><td {cell}>{html.escape(value)}</td></tr>"

        static_rows = "".join([
            row("Naive NPV (today's prices, a common mistake)", _money(result.naive_npv)),
            row("Present value of costs", _money(result.green_book_costs)),
            row("Present value of benefits", _money(result.green_book_benefits)),
            row("Net present value", _money(result.green_book_npv)),
            row("Benefit-cost ratio", f"{bcr:.2f} ({category} value for money)"),
        ])
        dynamic_rows = "".join([
            row("Expected NPV", _money(result.dynamic_npv)),
            row("5th to 95th percentile", f"{_money(summary['p5'])} to {_money(summary['p95'])}"),
            row("Chance the portfolio loses money", f"{summary['prob_negative']:.0%}"),
            row("Programme's own effect on prices", _money(table["own learning, for the programme"]
                                                            + table["own learning, for other buyers"])),
            row("Spillovers (failed projects included)", _money(table["spillovers"])),
        ])
        results = (
            '<div style="display:flex;flex-wrap:wrap;gap:24px">'
            f'<div><div style="font-weight:600">Static (Green Book)</div><table>{static_rows}</table></div>'
            f'<div><div style="font-weight:600">Dynamic ({DRAWS:,} simulated futures)</div>'
            f"<table>{dynamic_rows}</table></div></div>"
        )
        return results, self._verdict_html(result, table, summary["prob_negative"], category)

    @staticmethod
    def _verdict_html(result: ap.Appraisal, table, prob_negative: float, category: str) -> str:
        static_go, dynamic_go = result.green_book_npv > 0, result.dynamic_npv > 0
        effects = table.iloc[ap.COMPONENTS.index("own learning, for the programme"):-1]
        biggest = effects.abs().idxmax()
        if static_go and dynamic_go:
            headline = "Both views say fund it."
        elif dynamic_go:
            headline = ("The views disagree: the static test would turn this portfolio down, the dynamic "
                        "view would fund it. This is the brief's Moon-shot question.")
        elif static_go:
            headline = "The static test says fund it, but the dynamic view expects a loss."
        else:
            headline = "Neither view supports the portfolio with these assumptions."
        learning = table["own learning, for the programme"] + table["own learning, for other buyers"]
        detail = (
            f"Green Book NPV {_money(result.green_book_npv)} ({category} value for money); dynamic expected NPV "
            f"{_money(result.dynamic_npv)}, with a {prob_negative:.0%} chance of a loss. "
            f"Of what only the dynamic view counts, the biggest rung is {biggest} "
            f"({_money(effects[biggest])}); the programme's own learning is worth {_money(learning)}, "
            "because its own deployment makes later units cheaper, for itself and for other buyers."
        )
        colour = "#009E73" if dynamic_go else "#D55E00"
        return (
            f'<div class="pvkit-verdict-box" role="status" style="border-left:5px solid {colour};'
            f'background:#F7F7F7;padding:6px 12px;margin:4px 0;line-height:1.45">'
            f"<b>{html.escape(headline)}</b><br>{html.escape(detail)}</div>"
        )


def constant_rate(rate: float) -> float:
    """The constant discount rate typed in the box, in percent, if the explorer accepts it.

    Parameters
    ----------
    rate : float
        The rate in percent (3.5 means 3.5% a year).

    Raises
    ------
    TypeError, ValueError
        In words a student can act on, if it is not a number or outside :data:`RATE_RANGE`.

    Examples
    --------
    >>> constant_rate(3.5)
    3.5
    >>> constant_rate(-85)
    Traceback (most recent call last):
    ...
    ValueError: the constant discount rate must be between -5% and 20%, you typed -85%; the Green Book uses 3.5%
    """
    low, high = RATE_RANGE
    if isinstance(rate, (bool, np.bool_)) or not isinstance(rate, (int, float, np.integer, np.floating)):
        raise TypeError(f"the constant discount rate must be a number of percent such as 3.5, "
                        f"got {_validate.shown(rate)}")
    try:
        percent = float(rate)
    except OverflowError:
        percent = float("inf") if rate > 0 else float("-inf")
    if np.isnan(percent):
        raise ValueError("type a constant discount rate, in percent, such as 3.5")
    if not low <= percent <= high:
        raise ValueError(f"the constant discount rate must be between {low:g}% and {high:g}%, "
                         f"you typed {percent:g}%; the Green Book uses 3.5%")
    return percent


def appraisal_explorer() -> AppraisalExplorer:
    """Build the appraisal explorer (an ``ipywidgets.VBox``); display it as the last line of a cell.

    Examples
    --------
    >>> e = appraisal_explorer()
    >>> e.schedule.value = "constant"
    >>> e.constant_rate.value = -85
    >>> "between -5% and 20%" in e.message.value
    True
    """
    explorer = AppraisalExplorer()
    release_free_memory()
    return explorer
