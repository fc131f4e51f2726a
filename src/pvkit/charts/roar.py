"""Charts for module 6, the ROAR capstone: the plan's scorecard and its two appraisals.

Each chart takes a tidy frame from :mod:`pvkit.roar` and returns an Altair
chart; showing it is the job of :func:`pvkit.widgets.show_chart`.

>>> from pvkit import roar
>>> scorecard_table(roar.review(roar.example_plan()))["status"].tolist()[:3]
['met', 'met', 'missing']
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from pvkit import _validate
from pvkit.charts._guard import empty_chart, finish, finite_frame, flags, ink, number_words
from pvkit.roar import PILLARS

__all__ = ["STATUS_COLOURS", "scorecard_table", "scorecard_chart", "appraisal_table",
           "appraisal_chart"]

#: Colours of a met and a missing check (colour-blind safe, Okabe-Ito).
STATUS_COLOURS: dict[str, str] = {"met": "#009E73", "missing": "#D55E00"}


def scorecard_table(review: pd.DataFrame) -> pd.DataFrame:
    """The review reshaped for the scorecard: one row per check, in Box 6's order.

    Parameters
    ----------
    review : pandas.DataFrame
        As :func:`pvkit.roar.review` returns (``pillar``, ``check``, ``met``, ``feedback``).

    Returns
    -------
    pandas.DataFrame
        Columns ``pillar``, ``check``, ``status`` (``"met"`` or ``"missing"``),
        ``mark`` (a symbol for the cell), ``order`` (1, 2, ... down the chart)
        and ``feedback``.
    """
    review = finite_frame("review", review, columns=["met"], text=["pillar", "check", "feedback"],
                          hint="pass the table that roar.review() returns")
    unknown = sorted({repr(p) for p in review["pillar"] if p not in PILLARS})
    if unknown:
        raise ValueError(f"review has unknown pillar(s) {', '.join(unknown)}; the pillars are {list(PILLARS)}")
    met = flags("review", review, "met", "True means the check is met")
    review = review.assign(met=met)
    rank = {p: i for i, p in enumerate(PILLARS)}
    tidy = review.assign(_rank=review["pillar"].map(rank)).sort_values("_rank", kind="stable")
    status = tidy["met"].map(lambda m: "met" if bool(m) else "missing")
    return pd.DataFrame({
        "pillar": tidy["pillar"].to_numpy(),
        "check": tidy["check"].to_numpy(),
        "status": status.to_numpy(),
        "mark": status.map({"met": "\u2713", "missing": "\u2717"}).to_numpy(),
        "order": range(1, len(tidy) + 1),
        "feedback": tidy["feedback"].to_numpy(),
    })


def scorecard_chart(review: pd.DataFrame) -> alt.LayerChart | alt.Chart:
    """A four-pillar scorecard: each check as a green (met) or orange (missing) cell.

    Hover a cell to read the feedback.

    Parameters
    ----------
    review : pandas.DataFrame
        As :func:`pvkit.roar.review` returns.
    """
    tidy = scorecard_table(review)
    if tidy.empty:
        return empty_chart("No checks to show yet", "ROAR review")
    met = int((tidy["status"] == "met").sum())
    missing = tidy.loc[tidy["status"] == "missing", "check"].astype(str).tolist()
    description = (f"Scorecard of the ROAR review: {met} of {len(tidy)} checks met, a tick for met and a "
                   f"cross for missing" + (f"; missing: {'; '.join(missing)}." if missing else "."))
    y = alt.Y("check:N", sort=alt.EncodingSortField("order"), title=None,
              axis=alt.Axis(labelLimit=320))
    x = alt.X("pillar:N", sort=list(PILLARS), title=None, axis=alt.Axis(labelAngle=0, orient="top"))
    base = alt.Chart(tidy, title=alt.Title(
        f"ROAR review: {met} of {len(tidy)} checks met",
        subtitle="Transparent rules from pvkit.roar; they show gaps, not whether a plan is good"))
    cells = base.mark_rect(stroke="white", strokeWidth=2).encode(
        x=x, y=y,
        color=alt.Color("status:N", title="Check", scale=alt.Scale(
            domain=list(STATUS_COLOURS), range=list(STATUS_COLOURS.values()))),
        tooltip=["pillar:N", "check:N", "status:N", "feedback:N"])
    # Black or white, whichever contrasts more with the cell (WCAG AA for text).
    marks = base.mark_text(fontSize=16, fontWeight="bold").encode(
        x=x, y=y, text="mark:N",
        color=alt.Color("status:N", legend=None, scale=alt.Scale(
            domain=list(STATUS_COLOURS), range=[ink(c) for c in STATUS_COLOURS.values()])))
    return finish((cells + marks).properties(width=520, height=28 * max(len(tidy), 1)), description)


def appraisal_table(decomposition: pd.DataFrame) -> pd.DataFrame:
    """The static and the dynamic NPV of an assessment, side by side.

    Parameters
    ----------
    decomposition : pandas.DataFrame
        As :func:`pvkit.roar.assessment` returns (first row the static NPV,
        last row the dynamic expected NPV).

    Returns
    -------
    pandas.DataFrame
        Columns ``view`` and ``npv``: ``"static (Green Book)"`` and
        ``"dynamic (expected)"``; for a full ladder (with ``running_total``)
        the ``"naive static"`` NPV comes first and the Green Book row is the
        Green Book central case.

    Examples
    --------
    >>> t = pd.DataFrame({"component": ["static NPV", "dynamic expected NPV"], "value": [-2.0, 3.0]})
    >>> appraisal_table(t)["npv"].tolist()
    [-2.0, 3.0]
    """
    decomposition = finite_frame("decomposition", decomposition, numeric=["value"], text=["component"],
                                 optional=["running_total"], hint="pass the table that roar.assessment() returns")
    if len(decomposition) < 2:
        raise ValueError("decomposition needs the static NPV first and the dynamic NPV last (two rows or more)")
    values = pd.to_numeric(decomposition["value"]).astype(float)
    components = decomposition["component"].tolist()
    if "running_total" in decomposition and "single-project real option" in components:
        green_book = float(decomposition["running_total"].iloc[components.index("single-project real option")])
        return pd.DataFrame({"view": ["naive static", "static (Green Book)", "dynamic (expected)"],
                             "npv": [float(values.iloc[0]), green_book, float(values.iloc[-1])]})
    return pd.DataFrame({"view": ["static (Green Book)", "dynamic (expected)"],
                         "npv": [float(values.iloc[0]), float(values.iloc[-1])]})


def appraisal_chart(decomposition: pd.DataFrame, unit: str = "GBP m") -> alt.LayerChart | alt.Chart:
    """Two bars: the same plan's NPV in the static and in the dynamic view.

    Parameters
    ----------
    decomposition : pandas.DataFrame
        As :func:`pvkit.roar.assessment` returns.
    unit : str
        The money unit, for the axis title.
    """
    unit = _validate.text("unit", unit, max_length=60)
    if isinstance(decomposition, pd.DataFrame) and decomposition.empty:
        return empty_chart("No assessment to show yet", "Assessment")
    tidy = appraisal_table(decomposition)
    description = (f"Bar chart of the plan's net present value ({unit}) in {len(tidy)} views: "
                   + "; ".join(f"{v} {number_words(n)}" for v, n in zip(tidy["view"], tidy["npv"])) + ".")
    tidy["sign"] = tidy["npv"].map(lambda v: "positive" if v >= 0 else "negative")
    bars = alt.Chart(tidy, title=alt.Title(
        "Assessment: one plan, appraised naively, by the Green Book and dynamically",
        subtitle="Illustrative figures; dynamic adds the programme's own learning and spillovers")
    ).mark_bar().encode(
        x=alt.X("view:N", sort=list(tidy["view"]), title=None, axis=alt.Axis(labelAngle=0)),
        y=alt.Y("npv:Q", title=f"Net present value ({unit})"),
        color=alt.Color("sign:N", title="NPV", scale=alt.Scale(
            domain=["positive", "negative"], range=["#009E73", "#D55E00"])),
        tooltip=["view:N", alt.Tooltip("npv:Q", format=",.1f")])
    zero = alt.Chart(pd.DataFrame({"y": [0.0]})).mark_rule(color="black").encode(y="y:Q")
    return finish((bars + zero).properties(width=320, height=260), description)
