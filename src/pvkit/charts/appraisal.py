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

from pvkit import _validate
from pvkit.charts._guard import empty_chart, finish, finite_frame, number_words
from pvkit.charts._layout import filled
from pvkit.charts.style import house_style

__all__ = ["KIND_COLOURS", "ladder_table", "in_unit", "waterfall_table", "waterfall_chart", "npv_histogram_chart",
           "tornado_chart", "explorer_chart"]

#: Okabe-Ito colours: totals blue, increases bluish green, decreases vermillion.
KIND_COLOURS: dict[str, str] = {"total": "#0072B2", "increase": "#009E73", "decrease": "#D55E00"}
_TOTALS = ("static NPV", "dynamic expected NPV")
WATERFALL_TITLE = "From a naive static NPV to the dynamic expected NPV"
HISTOGRAM_TITLE = "Dynamic NPV: the whole distribution"


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
    decomposition = _decomposition(decomposition)
    scale = _scale(scale)
    digits = _validate.whole("digits", digits, low=0, high=10, why="(decimal places)")
    table = decomposition.set_index("component").copy()
    for column in ("value", "running_total"):
        if column in table:
            table[column] = (table[column] / scale).round(digits)
    return table


def _decomposition(decomposition: object, name: str = "decomposition") -> pd.DataFrame:
    return finite_frame(name, decomposition, numeric=["value"], text=["component"], optional=["running_total"],
                        hint="pass the decomposition that pvkit.appraisal.decompose() returns")


def _scale(scale: object) -> float:
    # Bounded below so that dividing a large value by it stays finite.
    return _validate.number("scale", scale, low=1e-6, high=_validate.BIG,
                            hint="values are divided by it, e.g. 1000 to show thousands")


def _unit(unit: object) -> str:
    return _validate.text("unit", unit, max_length=60)


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
        raise TypeError(f"table must be a table (pandas DataFrame), got {type(table).__name__}")
    scale = _scale(scale)
    digits = _validate.whole("digits", digits, low=0, high=10, why="(decimal places)")
    finite_frame("table", table, numeric=[c for c in table.columns if _holds_numbers(table[c])])
    out = table.copy()
    for column in out.columns:
        if column in MONEY_COLUMNS:
            out[column] = (out[column] / scale).round(digits)
        elif pd.api.types.is_float_dtype(out[column]):
            out[column] = out[column].round(2)
    return out


def _holds_numbers(column: pd.Series) -> bool:
    """True for a numeric column, or a column of mixed entries of which some are numbers."""
    if pd.api.types.is_bool_dtype(column.dtype):
        return False
    if pd.api.types.is_numeric_dtype(column.dtype):
        return True
    return any(isinstance(v, (int, float)) and not isinstance(v, bool) for v in column.tolist())


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

    Examples
    --------
    >>> t = pd.DataFrame({"component": ["static NPV", "dynamic expected NPV"], "value": [1000.0, 2000.0]})
    >>> waterfall_table(t, scale=1000)["end"].tolist()
    [1.0, 2.0]
    """
    decomposition = _decomposition(decomposition)
    scale = _scale(scale)
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
    who = _labels(decomposition, "who")
    why = _labels(decomposition, "why")
    table["who"], table["why"] = who, why
    table["axis_label"] = [f"{c} [{w}]" if w and w != "total" else c for c, w in zip(table["component"], who)]
    return table


def _labels(table: pd.DataFrame, column: str) -> list[str]:
    if column not in table:
        return [""] * len(table)
    return ["" if v is None or (isinstance(v, float) and v != v) else str(v) for v in table[column]]


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
    # The signed value beside each bar: the kind is not told by colour alone.
    values = base.transform_calculate(right="max(datum.start, datum.end)").mark_text(
        align="left", dx=3, fontSize=10, color="#222222").encode(y=y, x="right:Q", text="label:N")
    zero = base.mark_rule(color="#555555").encode(x=alt.datum(0))
    return alt.layer(bars, values, zero, title=WATERFALL_TITLE).properties(
        width=330, height=300)


def waterfall_chart(decomposition: pd.DataFrame, unit: str = "GBP thousand", scale: float = 1.0) -> alt.LayerChart | alt.Chart:
    """Waterfall of the decomposition (dataset ``waterfall`` = :func:`waterfall_table`).

    An empty decomposition gives a small chart that says there is nothing to show yet.

    Examples
    --------
    >>> t = pd.DataFrame({"component": ["static NPV", "dynamic expected NPV"], "value": [1.0, 1.0]})
    >>> len(waterfall_chart(t).to_dict()["datasets"]["waterfall"])
    2
    """
    unit = _unit(unit)
    table = waterfall_table(decomposition, scale)
    if table.empty:
        return empty_chart("No appraisal to show yet", WATERFALL_TITLE)
    chart = _waterfall_layout(unit).properties(datasets={"waterfall": table.to_dict("records")})
    return finish(chart, _waterfall_words(table, unit))


def _waterfall_words(table: pd.DataFrame, unit: str) -> str:
    first, last = table.iloc[0], table.iloc[-1]
    words = (f"Waterfall from the {first['component']} of {number_words(first['value'], 0)} to the "
             f"{last['component']} of {number_words(last['value'], 0)} ({unit})")
    steps = table.iloc[1:-1]
    if len(steps):
        biggest = steps.loc[steps["value"].abs().idxmax()]
        words += (f", in {len(steps)} step{'' if len(steps) == 1 else 's'}; the largest is {biggest['component']} "
                  f"({biggest['value']:+,.0f})")
    return words + "."


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
    return alt.layer(bars, rules, title=HISTOGRAM_TITLE).properties(width=330, height=190)


def npv_histogram_chart(bins: pd.DataFrame, static_npv: float, dynamic_mean: float,
                        unit: str = "GBP thousand", scale: float = 1.0) -> alt.LayerChart | alt.Chart:
    """Histogram of simulated NPVs with the (Green Book) static NPV, the dynamic mean and zero marked.

    ``bins`` has ``start``, ``end``, ``share`` (as :func:`pvkit.appraisal.histogram`). A bin
    of zero width (every draw the same) is drawn as a narrow bar; no bins give a
    small chart that says there is nothing to show yet.

    Examples
    --------
    >>> b = pd.DataFrame({"start": [0.0], "end": [1.0], "count": [3], "share": [1.0]})
    >>> spec = npv_histogram_chart(b, 0.5, 0.7).to_dict()
    >>> sorted(spec["datasets"]), spec["datasets"]["bins"]
    (['bins', 'marks'], [{'start': [0.0], 'end': [1.0], 'share': [1.0]}])
    """
    unit, scale = _unit(unit), _scale(scale)
    bins = _bins(bins)
    static_npv = _validate.number("static_npv", static_npv, low=-_validate.BIG, high=_validate.BIG)
    dynamic_mean = _validate.number("dynamic_mean", dynamic_mean, low=-_validate.BIG, high=_validate.BIG)
    if bins.empty:
        return empty_chart("No simulated NPVs to show yet", HISTOGRAM_TITLE)
    datasets = _histogram_data(bins, static_npv, dynamic_mean, scale)
    chart = _histogram_layout(unit).properties(datasets=datasets)
    return finish(chart, _histogram_words(datasets, unit))


def _bins(bins: object) -> pd.DataFrame:
    bins = finite_frame("bins", bins, numeric=["start", "end", "share"],
                        hint="pass the table that pvkit.appraisal.histogram() returns")
    share = pd.to_numeric(bins["share"])
    if ((share < 0) | (share > 1)).any():
        raise ValueError("bins column 'share' must hold shares between 0 and 1 (0.2 means 20%)")
    if (pd.to_numeric(bins["end"]) < pd.to_numeric(bins["start"])).any():
        raise ValueError("bins must end where they start or later: a bin has 'end' below 'start'")
    return bins


def _histogram_data(bins: pd.DataFrame, static_npv: float, dynamic_mean: float, scale: float) -> dict:
    start = pd.to_numeric(bins["start"]).astype(float) / scale
    end = pd.to_numeric(bins["end"]).astype(float) / scale
    # Every draw the same (a constant input): give the one bin a visible width.
    flat = end - start <= 0
    half = (start.abs() * 0.005).clip(lower=0.5)
    start, end = start.where(~flat, start - half), end.where(~flat, end + half)
    columns = {"start": start.round(6).tolist(), "end": end.round(6).tolist(),
               "share": pd.to_numeric(bins["share"]).astype(float).round(6).tolist()}
    marks = [{"label": "Green Book NPV", "x": static_npv / scale},
             {"label": "dynamic mean", "x": dynamic_mean / scale}, {"label": "zero", "x": 0.0}]
    return {"bins": [columns], "marks": marks}


def _histogram_words(datasets: dict, unit: str) -> str:
    columns, marks = datasets["bins"][0], {m["label"]: m["x"] for m in datasets["marks"]}
    return (f"Histogram of simulated portfolio NPVs ({unit}) in {len(columns['start'])} ranges from "
            f"{number_words(min(columns['start']), 0)} to {number_words(max(columns['end']), 0)}; "
            f"the Green Book NPV is {number_words(marks['Green Book NPV'], 0)} and the dynamic mean "
            f"{number_words(marks['dynamic mean'], 0)}.")


TORNADO_TITLE = "One-way sensitivity: which input moves the NPV most"


def tornado_chart(sensitivity: pd.DataFrame, unit: str = "GBP") -> alt.Chart:
    """Tornado chart of a one-way sensitivity table (:func:`pvkit.appraisal.one_way_sensitivity`).

    Examples
    --------
    >>> s = pd.DataFrame({"parameter": ["a"], "result_low": [-1.0], "result_high": [2.0],
    ...                   "base_result": [0.5]})
    >>> tornado_chart(s).to_dict()["mark"]["type"]
    'bar'
    """
    unit = _unit(unit)
    sensitivity = finite_frame("sensitivity", sensitivity, numeric=["result_low", "result_high", "base_result"],
                               text=["parameter"],
                               hint="pass the table that pvkit.appraisal.one_way_sensitivity() returns")
    if sensitivity.empty:
        return empty_chart("No inputs to compare yet", TORNADO_TITLE)
    table = sensitivity[["parameter", "result_low", "result_high", "base_result"]].copy()
    table["parameter"] = table["parameter"].astype(str)
    for column in ("result_low", "result_high", "base_result"):
        table[column] = pd.to_numeric(table[column]).astype(float)
    table["order"] = range(len(table))
    swing = (table["result_high"] - table["result_low"]).abs()
    top = table.loc[swing.idxmax()]
    description = (f"Tornado chart: the NPV ({unit}) with each of {len(table)} inputs at its low and high "
                   f"value; {top['parameter']} moves it most, from {number_words(top['result_low'], 0)} "
                   f"to {number_words(top['result_high'], 0)}.")
    chart = alt.Chart(table, title=TORNADO_TITLE).mark_bar(
        color="#0072B2").encode(
        y=alt.Y("parameter:N", sort=alt.EncodingSortField("order"), title=None),
        x=alt.X("result_low:Q", title=f"NPV ({unit}) with the input at its low and high value"),
        x2="result_high:Q",
        tooltip=["parameter:N", alt.Tooltip("result_low:Q", format=",.0f"),
                 alt.Tooltip("result_high:Q", format=",.0f")],
    ).properties(width=360, height=30 * max(len(table), 1))
    return finish(chart, description)


EXPLORER_DESCRIPTION = ("Two charts. Left: histogram of the simulated portfolio NPVs, with the Green Book "
                        "NPV, the dynamic mean and zero marked. Right: waterfall from the naive static NPV "
                        "to the dynamic expected NPV, one bar per component.")


def explorer_chart(bins: pd.DataFrame, decomposition: pd.DataFrame, unit: str = "GBP thousand",
                   scale: float = 1.0) -> alt.HConcatChart | alt.Chart:
    """The explorer's two charts side by side: NPV distribution and waterfall.

    Empty bins or an empty decomposition give a small chart that says there is
    nothing to show yet.

    Examples
    --------
    >>> b = pd.DataFrame({"start": [0.0], "end": [1.0], "count": [3], "share": [1.0]})
    >>> t = pd.DataFrame({"component": ["static NPV", "dynamic expected NPV"], "value": [1.0, 2.0]})
    >>> sorted(explorer_chart(b, t).to_dict()["datasets"])
    ['bins', 'marks', 'waterfall']
    """
    unit, scale = _unit(unit), _scale(scale)
    bins, decomposition = _bins(bins), _decomposition(decomposition)
    if bins.empty or decomposition.empty:
        return empty_chart("No appraisal to show yet", "Appraisal explorer")
    values = pd.to_numeric(decomposition["value"]).to_numpy(dtype=float)
    static = float(values[0])
    components = decomposition["component"].tolist()
    if "running_total" in decomposition and "single-project real option" in components:
        row = components.index("single-project real option")
        static = float(decomposition["running_total"].iloc[row])  # the Green Book central case
    datasets = {**_histogram_data(bins, static, float(values[-1]), scale),
                "waterfall": waterfall_table(decomposition, scale).to_dict("records")}
    return filled(_explorer_layout(unit), datasets=datasets)


@functools.lru_cache(maxsize=4)
def _explorer_layout(unit: str) -> alt.HConcatChart:
    return alt.hconcat(_histogram_layout(unit), _waterfall_layout(unit), spacing=30,
                       config=house_style(title=14, labels=11), description=EXPLORER_DESCRIPTION)
