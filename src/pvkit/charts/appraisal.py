"""Charts for module 4: the NPV distribution, the static-to-dynamic waterfall, a tornado.

Each chart takes small, aggregated tables (histogram bins, one row per
component or parameter), never the Monte Carlo draws themselves, so a chart
update sends a few hundred numbers to the browser.

>>> import pandas as pd
>>> t = pd.DataFrame({"component": ["static NPV", "learning effect", "dynamic expected NPV"],
...                   "value": [-10.0, 25.0, 15.0]})
>>> waterfall_table(t)[["start", "end", "kind"]].values.tolist()
[[0.0, -10.0, 'total'], [-10.0, 15.0, 'increase'], [0.0, 15.0, 'total']]
"""

from __future__ import annotations

import functools

import altair as alt
import pandas as pd

from pvkit.charts.style import house_style

__all__ = ["KIND_COLOURS", "ladder_table", "in_unit", "waterfall_table", "waterfall_chart", "npv_histogram_chart",
           "tornado_chart", "explorer_chart"]

#: Okabe-Ito colours: totals blue, increases bluish green, decreases vermillion.
KIND_COLOURS: dict[str, str] = {"total": "#0072B2", "increase": "#009E73", "decrease": "#D55E00"}
_TOTALS = ("static NPV", "dynamic expected NPV")


def ladder_table(decomposition: pd.DataFrame, scale: float = 1.0, digits: int = 0) -> pd.DataFrame:
    """The appraisal ladder for reading: one row per rung, values divided by ``scale`` and rounded.

    Examples
    --------
    >>> t = pd.DataFrame({"component": ["a", "total"], "value": [1500.0, 1500.0],
    ...                   "running_total": [1500.0, 1500.0], "who": ["Green Book", "total"],
    ...                   "why": ["x", "y"]})
    >>> ladder_table(t, scale=1000, digits=1)["value"].tolist()
    [1.5, 1.5]
    """
    if not isinstance(decomposition, pd.DataFrame) or not {"component", "value"} <= set(decomposition):
        raise ValueError("expected a decomposition table with columns 'component' and 'value'")
    if isinstance(scale, bool) or not isinstance(scale, (int, float)) or not scale > 0:
        raise ValueError(f"scale must be a number above zero, got {scale!r}")
    table = decomposition.set_index("component").copy()
    for column in ("value", "running_total"):
        if column in table:
            table[column] = (table[column] / scale).round(digits)
    return table


#: Columns that hold money in the appraisal tables (summaries, stage gates, ladders).
MONEY_COLUMNS = ("mean", "p5", "p50", "p95", "expected_committed", "expected_gated", "option_value",
                 "value", "running_total")


def in_unit(table: pd.DataFrame, scale: float = 1000.0, digits: int = 1) -> pd.DataFrame:
    """A copy of an appraisal table with its money columns divided by ``scale`` (e.g. thousand -> million).

    Other columns (probabilities, years) are left as they are, rounded to two decimals.

    Examples
    --------
    >>> in_unit(pd.DataFrame({"mean": [1500.0], "prob_negative": [0.125]})).values.tolist()
    [[1.5, 0.12]]
    """
    if not isinstance(table, pd.DataFrame):
        raise ValueError("expected a pandas DataFrame")
    if isinstance(scale, bool) or not isinstance(scale, (int, float)) or not scale > 0:
        raise ValueError(f"scale must be a number above zero, got {scale!r}")
    out = table.copy()
    for column in out.columns:
        if column in MONEY_COLUMNS:
            out[column] = (out[column] / scale).round(digits)
        elif pd.api.types.is_float_dtype(out[column]):
            out[column] = out[column].round(2)
    return out


def waterfall_table(decomposition: pd.DataFrame, scale: float = 1.0) -> pd.DataFrame:
    """Bars of a waterfall: each step starts where the previous one ended.

    Parameters
    ----------
    decomposition : pandas.DataFrame
        ``component`` and ``value``, first and last rows being totals (as
        :func:`pvkit.appraisal.decompose` returns).
    scale : float
        Divide values by this (e.g. 1000 to show thousands).

    Returns
    -------
    pandas.DataFrame
        ``order``, ``component``, ``value``, ``start``, ``end``, ``kind``
        (``total``, ``increase`` or ``decrease``), ``label``, and ``who``,
        ``why`` and ``axis_label`` (the component with who would count it)
        when the decomposition says who would count each rung.
    """
    if not isinstance(decomposition, pd.DataFrame) or not {"component", "value"} <= set(decomposition):
        raise ValueError("expected a decomposition table with columns 'component' and 'value'")
    rows, level = [], 0.0
    last = len(decomposition) - 1
    for i, (name, value) in enumerate(zip(decomposition["component"], decomposition["value"])):
        value = float(value) / scale
        if i == 0 or i == last:
            start, end, kind = 0.0, value, "total"
            level = value
        else:
            start, end = level, level + value
            kind = "increase" if value >= 0 else "decrease"
            level = end
        rows.append((i, name, value, start, end, kind, f"{value:+,.0f}" if kind != "total" else f"{value:,.0f}"))
    table = pd.DataFrame(rows, columns=["order", "component", "value", "start", "end", "kind", "label"])
    who = decomposition["who"].astype(str).tolist() if "who" in decomposition else [""] * len(table)
    why = decomposition["why"].astype(str).tolist() if "why" in decomposition else [""] * len(table)
    table["who"], table["why"] = who, why
    table["axis_label"] = [f"{c} [{w}]" if w and w != "total" else c for c, w in zip(table["component"], who)]
    return table


@functools.lru_cache(maxsize=4)
def _waterfall_layout(unit: str) -> alt.LayerChart:
    base = alt.Chart(alt.Data(name="waterfall"))
    y = alt.Y("axis_label:N", sort=alt.EncodingSortField("order"), title=None,
              axis=alt.Axis(labelLimit=340))
    bars = base.mark_bar(height=18).encode(
        y=y, x=alt.X("start:Q", title=f"Present value ({unit})"), x2="end:Q",
        color=alt.Color("kind:N", scale=alt.Scale(domain=list(KIND_COLOURS), range=list(KIND_COLOURS.values())),
                        legend=alt.Legend(title=None, orient="bottom")),
        tooltip=[alt.Tooltip("component:N", title="Component"),
                 alt.Tooltip("value:Q", title=f"Value ({unit})", format=",.0f"),
                 alt.Tooltip("who:N", title="Who would count it"), alt.Tooltip("why:N", title="Why")],
    )
    zero = base.mark_rule(color="#555555").encode(x=alt.datum(0))
    return alt.layer(bars, zero, title="From a naive static NPV to the dynamic expected NPV").properties(
        width=330, height=300)


def waterfall_chart(decomposition: pd.DataFrame, unit: str = "GBP thousand", scale: float = 1.0) -> alt.LayerChart:
    """Waterfall of the decomposition (dataset ``waterfall`` = :func:`waterfall_table`).

    Examples
    --------
    >>> t = pd.DataFrame({"component": ["static NPV", "dynamic expected NPV"], "value": [1.0, 1.0]})
    >>> len(waterfall_chart(t).to_dict()["datasets"]["waterfall"])
    2
    """
    table = waterfall_table(decomposition, scale)
    return _waterfall_layout(unit).properties(datasets={"waterfall": table.to_dict("records")})


@functools.lru_cache(maxsize=4)
def _histogram_layout(unit: str) -> alt.LayerChart:
    # the bins travel as one record of three lists (flattened in the browser): validating
    # one record is much faster than validating forty
    bins = alt.Chart(alt.Data(name="bins")).transform_flatten(["start", "end", "share"])
    bars = bins.mark_bar(color="#56B4E9", binSpacing=0).encode(
        x=alt.X("start:Q", title=f"Portfolio NPV ({unit}), one bar per range of draws"),
        x2="end:Q",
        y=alt.Y("share:Q", title="Share of draws", axis=alt.Axis(format="%")),
        tooltip=[alt.Tooltip("start:Q", format=",.0f", title="From"),
                 alt.Tooltip("end:Q", format=",.0f", title="To"),
                 alt.Tooltip("share:Q", format=".1%", title="Share")],
    )
    marks = alt.Chart(alt.Data(name="marks"))
    rules = marks.mark_rule(strokeWidth=2).encode(
        x="x:Q",
        color=alt.Color("label:N", scale=alt.Scale(domain=["Green Book NPV", "dynamic mean", "zero"],
                                                   range=["#D55E00", "#0072B2", "#555555"]),
                        legend=alt.Legend(title=None, orient="bottom")),
        strokeDash=alt.StrokeDash("label:N", legend=None),
        tooltip=[alt.Tooltip("label:N", title=" "), alt.Tooltip("x:Q", format=",.0f", title="Value")],
    )
    return alt.layer(bars, rules, title="Dynamic NPV: the whole distribution").properties(width=330, height=190)


def npv_histogram_chart(bins: pd.DataFrame, static_npv: float, dynamic_mean: float,
                        unit: str = "GBP thousand", scale: float = 1.0) -> alt.LayerChart:
    """Histogram of simulated NPVs with the (Green Book) static NPV, the dynamic mean and zero marked.

    ``bins`` has ``start``, ``end``, ``share`` (as :func:`pvkit.appraisal.histogram`).

    Examples
    --------
    >>> b = pd.DataFrame({"start": [0.0], "end": [1.0], "count": [3], "share": [1.0]})
    >>> spec = npv_histogram_chart(b, 0.5, 0.7).to_dict()
    >>> sorted(spec["datasets"]), spec["datasets"]["bins"]
    (['bins', 'marks'], [{'start': [0.0], 'end': [1.0], 'share': [1.0]}])
    """
    return _histogram_layout(unit).properties(datasets=_histogram_data(bins, static_npv, dynamic_mean, scale))


def _histogram_data(bins: pd.DataFrame, static_npv: float, dynamic_mean: float, scale: float) -> dict:
    columns = {"start": (bins["start"] / scale).round(6).tolist(),
               "end": (bins["end"] / scale).round(6).tolist(),
               "share": bins["share"].round(6).tolist()}
    marks = [{"label": "Green Book NPV", "x": static_npv / scale},
             {"label": "dynamic mean", "x": dynamic_mean / scale}, {"label": "zero", "x": 0.0}]
    return {"bins": [columns], "marks": marks}


def tornado_chart(sensitivity: pd.DataFrame, unit: str = "GBP") -> alt.Chart:
    """Tornado chart of a one-way sensitivity table (:func:`pvkit.appraisal.one_way_sensitivity`).

    Examples
    --------
    >>> s = pd.DataFrame({"parameter": ["a"], "result_low": [-1.0], "result_high": [2.0],
    ...                   "base_result": [0.5]})
    >>> tornado_chart(s).to_dict()["mark"]["type"]
    'bar'
    """
    table = sensitivity[["parameter", "result_low", "result_high", "base_result"]].copy()
    table["order"] = range(len(table))
    return alt.Chart(table, title="One-way sensitivity: which input moves the NPV most").mark_bar(
        color="#0072B2").encode(
        y=alt.Y("parameter:N", sort=alt.EncodingSortField("order"), title=None),
        x=alt.X("result_low:Q", title=f"NPV ({unit}) with the input at its low and high value"),
        x2="result_high:Q",
        tooltip=["parameter:N", alt.Tooltip("result_low:Q", format=",.0f"),
                 alt.Tooltip("result_high:Q", format=",.0f")],
    ).properties(width=360, height=30 * max(len(table), 1))


def explorer_chart(bins: pd.DataFrame, decomposition: pd.DataFrame, unit: str = "GBP thousand",
                   scale: float = 1.0) -> alt.HConcatChart:
    """The explorer's two charts side by side: NPV distribution and waterfall.

    Examples
    --------
    >>> b = pd.DataFrame({"start": [0.0], "end": [1.0], "count": [3], "share": [1.0]})
    >>> t = pd.DataFrame({"component": ["static NPV", "dynamic expected NPV"], "value": [1.0, 2.0]})
    >>> sorted(explorer_chart(b, t).to_dict()["datasets"])
    ['bins', 'marks', 'waterfall']
    """
    values = decomposition["value"].to_numpy()
    static = float(values[0])
    if "running_total" in decomposition and "single-project real option" in set(decomposition["component"]):
        row = decomposition["component"].tolist().index("single-project real option")
        static = float(decomposition["running_total"].iloc[row])  # the Green Book central case
    datasets = {**_histogram_data(bins, static, float(values[-1]), scale),
                "waterfall": waterfall_table(decomposition, scale).to_dict("records")}
    return _ExplorerChart.with_data(unit, datasets)


@functools.lru_cache(maxsize=4)
def _explorer_layout(unit: str) -> alt.HConcatChart:
    return alt.hconcat(_histogram_layout(unit), _waterfall_layout(unit), spacing=30,
                       config=house_style(title=14, labels=11))


@functools.lru_cache(maxsize=4)
def _explorer_spec(unit: str) -> dict:
    """The explorer's Vega-Lite layout, validated once against the schema (no data)."""
    return _explorer_layout(unit).to_dict()


class _ExplorerChart(alt.HConcatChart):
    """The explorer chart: a layout validated once, plus fresh datasets.

    Validating and copying the whole Vega-Lite spec on every slider move takes
    longer than the model itself; only the datasets change between updates, so
    :meth:`to_dict` returns the cached, validated layout with the new data.
    Anything else than a plain Vega-Lite dict goes through Altair as usual.
    """

    @classmethod
    def with_data(cls, unit: str, datasets: dict) -> "_ExplorerChart":
        layout = _explorer_layout(unit)
        chart = cls(hconcat=layout.hconcat, spacing=layout.spacing, config=layout.config,
                    datasets=datasets)
        object.__setattr__(chart, "_pvkit_unit", unit)
        object.__setattr__(chart, "_pvkit_datasets", datasets)
        return chart

    def to_dict(self, *args, **kwargs):  # noqa: ANN002, ANN003, ANN201 - Altair's signature
        plain = not args and kwargs.get("format", "vega-lite") == "vega-lite" and not kwargs.get("context")
        if not plain:
            return super().to_dict(*args, **kwargs)
        spec = dict(_explorer_spec(self._pvkit_unit))
        spec["datasets"] = {**spec.get("datasets", {}), **self._pvkit_datasets}
        return spec
