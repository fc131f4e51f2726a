"""Charts for module 0: how the accounting rule changes value added and the ranking.

Each function takes a tidy frame from :mod:`pvkit.value` and returns an Altair
chart; nothing is displayed here (use :func:`pvkit.widgets.show_chart`).

>>> from pvkit import value
>>> spec = productivity_chart(value.compare_rules()).to_dict()
>>> spec["spec"]["mark"]["type"]
'bar'
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from pvkit.charts._guard import empty_chart, finish, finite_frame, number_words

__all__ = ["KIND_COLOURS", "productivity_chart", "gdp_chart"]

#: Okabe-Ito colours for market, public and household activity.
KIND_COLOURS: dict[str, str] = {"market": "#0072B2", "public": "#009E73", "household": "#E69F00"}

_NEEDED = ("rule", "sector", "kind", "value_added", "productivity", "rank", "gdp")


def _check(table: object) -> pd.DataFrame:
    table = finite_frame("table", table, columns=_NEEDED, numeric=["value_added", "productivity", "rank", "gdp"],
                         text=["rule", "sector", "kind"], hint="use value.compare_rules()")
    out = table.copy()
    for column in ("value_added", "productivity", "rank", "gdp"):
        out[column] = pd.to_numeric(out[column]).astype(float)
    for column in ("rule", "sector", "kind"):
        out[column] = out[column].astype(str)
    return out


def productivity_chart(table: pd.DataFrame) -> alt.FacetChart | alt.Chart:
    """Measured productivity of each sector, one panel per accounting rule.

    Parameters
    ----------
    table : pandas.DataFrame
        As :func:`pvkit.value.compare_rules` returns.

    Returns
    -------
    altair.Chart
        Faceted bar chart, bars sorted by rank within each rule, coloured by kind.
    """
    table = _check(table)
    title = "Who looks productive depends on what we count"
    if table.empty:
        return empty_chart("No sectors to show yet", title)
    rules = list(dict.fromkeys(table["rule"]))
    top = table.loc[table.groupby("rule", sort=False)["productivity"].idxmax()]
    description = (f"Bar charts of each sector's value added per hour under {len(rules)} accounting rules; "
                   "the most productive sector: "
                   + "; ".join(f"{s} under {r}" for r, s in zip(top["rule"], top["sector"])) + ".")
    chart = (
        alt.Chart(table)
        .mark_bar()
        .encode(
            y=alt.Y("sector:N", sort=alt.EncodingSortField("rank", order="ascending"), title=None),
            x=alt.X("productivity:Q", title="Value added per hour (GBP)"),
            color=alt.Color("kind:N", title="Kind",
                            scale=alt.Scale(domain=list(KIND_COLOURS),
                                            range=list(KIND_COLOURS.values()))),
            tooltip=["rule:N", "sector:N", "rank:Q",
                     alt.Tooltip("productivity:Q", format=".1f"),
                     alt.Tooltip("value_added:Q", title="value added (GBP bn)")],
        )
        .properties(width=220, height=130)
        .facet(facet=alt.Facet("rule:N", sort=rules, title=None), columns=3)
        .resolve_scale(y="independent")
        .properties(title=alt.Title(title, subtitle="Illustrative economy (pvkit.value); figures invented"))
    )
    return finish(chart, description)


def gdp_chart(table: pd.DataFrame) -> alt.Chart:
    """Total value added (GDP) under each rule, stacked by kind of activity.

    Parameters
    ----------
    table : pandas.DataFrame
        As :func:`pvkit.value.compare_rules` returns.
    """
    table = _check(table)
    if table.empty:
        return empty_chart("No sectors to show yet", "GDP under the accounting rules")
    rules = list(dict.fromkeys(table["rule"]))
    gdp = table.groupby("rule", sort=False)["value_added"].sum()
    description = (f"Stacked bars of total value added (GBP bn) under {len(rules)} accounting rules: "
                   + "; ".join(f"{r} {number_words(v)}" for r, v in gdp.items()) + ".")
    chart = (
        alt.Chart(table, title=alt.Title(f"GDP under {len(rules)} accounting rules",
                                         subtitle="Illustrative economy; GBP bn"))
        .mark_bar()
        .encode(
            x=alt.X("sum(value_added):Q", title="Value added (GBP bn)"),
            y=alt.Y("rule:N", sort=rules, title=None),
            color=alt.Color("kind:N", title="Kind",
                            scale=alt.Scale(domain=list(KIND_COLOURS),
                                            range=list(KIND_COLOURS.values()))),
            tooltip=["rule:N", "sector:N", "value_added:Q"],
        )
        .properties(width=380, height=160)
    )
    return finish(chart, description)
