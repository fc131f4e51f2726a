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

__all__ = ["KIND_COLOURS", "productivity_chart", "gdp_chart"]

#: Okabe-Ito colours for market, public and household activity.
KIND_COLOURS: dict[str, str] = {"market": "#0072B2", "public": "#009E73", "household": "#E69F00"}

_NEEDED = ("rule", "sector", "kind", "value_added", "productivity", "rank", "gdp")


def _check(table: pd.DataFrame) -> None:
    if not isinstance(table, pd.DataFrame):
        raise TypeError(f"expected a DataFrame from value.compare_rules(), got {type(table).__name__}")
    missing = [c for c in _NEEDED if c not in table.columns]
    if missing:
        raise ValueError(f"the table lacks column(s) {missing}; use value.compare_rules()")


def productivity_chart(table: pd.DataFrame) -> alt.Chart:
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
    _check(table)
    rules = list(dict.fromkeys(table["rule"]))
    return (
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
        .properties(title=alt.Title("Who looks productive depends on what we count",
                                    subtitle="Illustrative economy (pvkit.value); figures invented"))
    )


def gdp_chart(table: pd.DataFrame) -> alt.Chart:
    """Total value added (GDP) under each rule, stacked by kind of activity.

    Parameters
    ----------
    table : pandas.DataFrame
        As :func:`pvkit.value.compare_rules` returns.
    """
    _check(table)
    rules = list(dict.fromkeys(table["rule"]))
    return (
        alt.Chart(table, title=alt.Title("GDP under five accounting rules",
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
