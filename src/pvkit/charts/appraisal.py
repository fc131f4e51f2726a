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

__all__ = ["KIND_COLOURS", "waterfall_table", "waterfall_chart", "npv_histogram_chart",
           "tornado_chart", "explorer_chart"]

#: Okabe-Ito colours: totals blue, increases bluish green, decreases vermillion.
KIND_COLOURS: dict[str, str] = {"total": "#0072B2", "increase": "#009E73", "decrease": "#D55E00"}
_TOTALS = ("static NPV", "dynamic expected NPV")


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
        (``total``, ``increase`` or ``decrease``) and ``label``.
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
    return pd.DataFrame(rows, columns=["order", "component", "value", "start", "end", "kind", "label"])


@functools.lru_cache(maxsize=4)
def _waterfall_layout(unit: str) -> alt.LayerChart:
    base = alt.Chart(alt.Data(name="waterfall"))
    y = alt.Y("component:N", sort=alt.EncodingSortField("order"), title=None,
              axis=alt.Axis(labelLimit=200))
    bars = base.mark_bar(height=18).encode(
        y=y, x=alt.X("start:Q", title=f"Present value ({unit})"), x2="end:Q",
        color=alt.Color("kind:N", scale=alt.Scale(domain=list(KIND_COLOURS), range=list(KIND_COLOURS.values())),
                        legend=alt.Legend(title=None, orient="bottom")),
        tooltip=[alt.Tooltip("component:N", title="Component"),
                 alt.Tooltip("value:Q", title=f"Value ({unit})", format=",.0f")],
    )
    zero = base.mark_rule(color="#555555").encode(x=alt.datum(0))
    return alt.layer(bars, zero, title="From static NPV to dynamic expected NPV").properties(
        width=330, height=190)


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
        color=alt.Color("label:N", scale=alt.Scale(domain=["static NPV", "dynamic mean", "zero"],
                                                   range=["#D55E00", "#0072B2", "#555555"]),
                        legend=alt.Legend(title=None, orient="bottom")),
        strokeDash=alt.StrokeDash("label:N", legend=None),
        tooltip=[alt.Tooltip("label:N", title=" "), alt.Tooltip("x:Q", format=",.0f", title="Value")],
    )
    return alt.layer(bars, rules, title="Dynamic NPV: the whole distribution").properties(width=330, height=190)


def npv_histogram_chart(bins: pd.DataFrame, static_npv: float, dynamic_mean: float,
                        unit: str = "GBP thousand", scale: float = 1.0) -> alt.LayerChart:
    """Histogram of simulated NPVs with the static NPV, the dynamic mean and zero marked.

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
    marks = [{"label": "static NPV", "x": static_npv / scale},
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
    datasets = {**_histogram_data(bins, float(values[0]), float(values[-1]), scale),
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
