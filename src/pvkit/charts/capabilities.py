"""Charts for module 3: supplier concentration, delivery models, hollowing out.

Each chart takes a tidy frame from :mod:`pvkit.capabilities` and returns an
Altair chart; showing it is the job of :func:`pvkit.widgets.show_chart`.

>>> from pvkit import capabilities
>>> top_suppliers(capabilities.suppliers(), k=2)["supplier"].tolist()[:3]
['vendor_a', 'vendor_b', 'all others (103 firms)']
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from pvkit.capabilities import market_shares

__all__ = ["top_suppliers", "concentration_chart", "delivery_chart", "hollowing_out_chart"]


def top_suppliers(table: pd.DataFrame, k: int = 5) -> pd.DataFrame:
    """Shares of the ``k`` largest suppliers in each market, the rest pooled.

    Parameters
    ----------
    table : pandas.DataFrame
        Columns ``market``, ``supplier``, ``sales`` (as
        :func:`pvkit.capabilities.suppliers` returns).
    k : int
        How many suppliers to name.

    Returns
    -------
    pandas.DataFrame
        Columns ``market``, ``supplier``, ``order`` (1 = largest; the pool
        last) and ``share`` (percent).
    """
    if not isinstance(table, pd.DataFrame) or not {"market", "supplier", "sales"} <= set(table):
        raise ValueError("expected a table with columns market, supplier and sales")
    if not isinstance(k, int) or k < 1:
        raise ValueError(f"k must be a whole number, 1 or more, got {k!r}")
    rows = []
    for name, group in table.groupby("market", sort=False):
        shares = market_shares(group.set_index("supplier")["sales"], kind="sales")
        for i, rec in enumerate(shares.head(k).itertuples(index=False), start=1):
            rows.append((name, rec.supplier, i, round(rec.share, 4)))
        rest = shares.iloc[k:]
        if len(rest):
            rows.append((name, f"all others ({len(rest)} firms)", k + 1,
                         round(float(rest["share"].sum()), 4)))
    return pd.DataFrame(rows, columns=["market", "supplier", "order", "share"])


def concentration_chart(table: pd.DataFrame, k: int = 5) -> alt.Chart:
    """Stacked bars: how much of each market its largest suppliers hold.

    Parameters
    ----------
    table : pandas.DataFrame
        Supplier sales, as :func:`pvkit.capabilities.suppliers` returns.
    k : int
        How many suppliers to name; the rest are pooled in grey.
    """
    tidy = top_suppliers(table, k)
    tidy["group"] = tidy["order"].map(lambda o: f"largest {o}" if o <= k else "all others")
    groups = [f"largest {o}" for o in range(1, k + 1)] + ["all others"]
    palette = ["#0072B2", "#56B4E9", "#009E73", "#E69F00", "#D55E00", "#CC79A7",
               "#F0E442", "#000000"][:k] + ["#C4C4C4"]
    return (
        alt.Chart(tidy, title=alt.Title(
            "Who holds the market? Shares of the largest suppliers",
            subtitle="Illustrative government IT market (pvkit.capabilities); figures invented"))
        .mark_bar()
        .encode(
            y=alt.Y("market:N", title=None),
            x=alt.X("share:Q", title="Share of sales (%)", scale=alt.Scale(domain=[0, 100])),
            color=alt.Color("group:N", sort=groups, title="Supplier",
                            scale=alt.Scale(domain=groups, range=palette)),
            order=alt.Order("order:Q"),
            tooltip=["market:N", "supplier:N", alt.Tooltip("share:Q", format=".1f")],
        )
        .properties(width=420, height=110)
    )


def delivery_chart(table: pd.DataFrame) -> alt.Chart:
    """Cost against time to first service; bigger circles hold more capability in-house.

    Parameters
    ----------
    table : pandas.DataFrame
        As :func:`pvkit.capabilities.delivery_models` returns.
    """
    needed = {"model", "cost", "months_to_first_service", "in_house_share", "task_completion"}
    if not isinstance(table, pd.DataFrame) or not needed <= set(table.columns):
        raise ValueError(f"expected a table with columns {sorted(needed)}")
    frame = table[sorted(needed)]
    base = alt.Chart(frame, title=alt.Title(
        "Three ways to build a digital service",
        subtitle="Illustrative figures (pvkit.capabilities.delivery_models)"))
    points = base.mark_circle(opacity=0.8, color="#0072B2").encode(
        x=alt.X("months_to_first_service:Q", title="Months to first service",
                scale=alt.Scale(domainMin=0, nice=False,
                                domainMax=float(frame["months_to_first_service"].max()) * 1.6 + 1)),
        y=alt.Y("cost:Q", title="Cost (GBP m)"),
        size=alt.Size("in_house_share:Q", title="Skills held in-house (%)",
                      scale=alt.Scale(range=[100, 1200]), legend=alt.Legend(orient="bottom")),
        tooltip=["model:N", "cost:Q", "months_to_first_service:Q", "in_house_share:Q",
                 "task_completion:Q"],
    )
    labels = base.mark_text(align="left", dx=22, fontSize=12).encode(
        x="months_to_first_service:Q", y="cost:Q", text="model:N")
    return (points + labels).properties(width=420, height=260)


def hollowing_out_chart(table: pd.DataFrame) -> alt.Chart:
    """Two bars: the public sector's share of UK architects, 1970 and today.

    Parameters
    ----------
    table : pandas.DataFrame
        As :func:`pvkit.capabilities.hollowing_out` returns.
    """
    if not isinstance(table, pd.DataFrame) or not {"when", "public_share", "label"} <= set(table):
        raise ValueError("expected a table like capabilities.hollowing_out()")
    frame = table[["when", "public_share", "label"]]
    base = alt.Chart(frame, title=alt.Title(
        "UK architects working in the public sector",
        subtitle="The brief, section 2(a), citing Williams (2018); today's figure is an upper bound"))
    bars = base.mark_bar(color="#009E73").encode(
        x=alt.X("when:N", title=None, sort=None, axis=alt.Axis(labelAngle=0)),
        y=alt.Y("public_share:Q", title="Share of all UK architects (%)",
                scale=alt.Scale(domain=[0, 50])),
        tooltip=["when:N", "label:N"],
    )
    text = base.mark_text(dy=-8).encode(x=alt.X("when:N", sort=None), y="public_share:Q",
                                       text="label:N")
    return (bars + text).properties(width=220, height=220)
