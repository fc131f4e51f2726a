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

from pvkit import _validate
from pvkit.capabilities import market_shares
from pvkit.charts._guard import empty_chart, finish, finite_frame, number_words

__all__ = ["PALETTE", "MAX_NAMED", "top_suppliers", "concentration_chart", "delivery_chart",
           "hollowing_out_chart"]

#: Okabe-Ito's eight colours (safe for colour-blind readers), one per named supplier.
PALETTE: tuple[str, ...] = ("#0072B2", "#56B4E9", "#009E73", "#E69F00", "#D55E00", "#CC79A7",
                            "#F0E442", "#000000")
#: Grey of the pooled "all others" (3.1:1 on white, WCAG's minimum for graphics).
OTHERS = "#8F8F8F"
#: Most suppliers a chart names: one distinct colour each.
MAX_NAMED = len(PALETTE)


def _suppliers(table: object) -> pd.DataFrame:
    table = finite_frame("table", table, numeric=["sales"], text=["market", "supplier"],
                         hint="pass the table that pvkit.capabilities.suppliers() returns")
    if (pd.to_numeric(table["sales"]) < 0).any():
        raise ValueError("table column 'sales' must hold sales of zero or more")
    return table


def top_suppliers(table: pd.DataFrame, k: int = 5) -> pd.DataFrame:
    """Shares of the ``k`` largest suppliers in each market, the rest pooled.

    Parameters
    ----------
    table : pandas.DataFrame
        Columns ``market``, ``supplier``, ``sales`` (as
        :func:`pvkit.capabilities.suppliers` returns).
    k : int
        How many suppliers to name (1 or more).

    Returns
    -------
    pandas.DataFrame
        Columns ``market``, ``supplier``, ``order`` (1 = largest; the pool
        last) and ``share`` (percent).
    """
    table = _suppliers(table)
    k = _validate.whole("k", k, low=1, high=_validate.MAX_ITEMS)
    rows = []
    for name, group in table.groupby("market", sort=False):
        sales = pd.to_numeric(group["sales"]).astype(float)
        if not sales.sum() > 0:
            raise ValueError(f"table: market {name!r} has no sales (every supplier's sales are zero)")
        shares = market_shares(pd.Series(sales.to_numpy(), index=group["supplier"].astype(str)), kind="sales")
        for i, rec in enumerate(shares.head(k).itertuples(index=False), start=1):
            rows.append((name, rec.supplier, i, round(rec.share, 4)))
        rest = shares.iloc[k:]
        if len(rest):
            rows.append((name, f"all others ({len(rest)} firms)", k + 1,
                         round(float(rest["share"].sum()), 4)))
    return pd.DataFrame(rows, columns=["market", "supplier", "order", "share"])


CONCENTRATION_TITLE = "Who holds the market? Shares of the largest suppliers"


def concentration_chart(table: pd.DataFrame, k: int = 5) -> alt.Chart:
    """Stacked bars: how much of each market its largest suppliers hold.

    Segments run from the largest supplier (left) to the pool (right), as the
    legend lists them, so the order tells them apart as well as the colour.

    Parameters
    ----------
    table : pandas.DataFrame
        Supplier sales, as :func:`pvkit.capabilities.suppliers` returns.
    k : int
        How many suppliers to name, 1 to :data:`MAX_NAMED` (one distinct colour
        each); the rest are pooled in grey.

    Examples
    --------
    >>> from pvkit import capabilities
    >>> spec = concentration_chart(capabilities.suppliers(), k=3).to_dict()
    >>> spec["encoding"]["color"]["scale"]["range"][-1]
    '#8F8F8F'
    """
    k = _validate.whole("k", k, low=1, high=MAX_NAMED,
                        why="(one distinct colour per named supplier; the rest are pooled)")
    tidy = top_suppliers(table, k)
    if tidy.empty:
        return empty_chart("No suppliers to show yet", CONCENTRATION_TITLE)
    tidy["group"] = tidy["order"].map(lambda o: f"largest {o}" if o <= k else "all others")
    groups = [f"largest {o}" for o in range(1, k + 1)] + ["all others"]
    palette = list(PALETTE[:k]) + [OTHERS]
    chart = (
        alt.Chart(tidy, title=alt.Title(
            CONCENTRATION_TITLE,
            subtitle="Illustrative government IT market (pvkit.capabilities); figures invented"))
        .mark_bar(stroke="#FFFFFF", strokeWidth=1)
        .encode(
            y=alt.Y("market:N", title=None),
            x=alt.X("share:Q", title="Share of sales (%)", scale=alt.Scale(domain=[0, 100])),
            color=alt.Color("group:N", sort=groups, title="Supplier, largest first (left to right)",
                            scale=alt.Scale(domain=groups, range=palette),
                            legend=alt.Legend(labelLimit=200)),
            order=alt.Order("order:Q"),
            tooltip=["market:N", "supplier:N", alt.Tooltip("group:N", title="rank"),
                     alt.Tooltip("share:Q", format=".1f")],
        )
        .properties(width=420, height=110)
    )
    largest = tidy[tidy["order"] == 1]
    description = (f"Stacked bars: the share of sales held by the {k} largest suppliers in each of "
                   f"{tidy['market'].nunique()} markets, the rest pooled; the largest supplier holds "
                   + "; ".join(f"{number_words(s)}% of {m}" for m, s in zip(largest["market"], largest["share"]))
                   + ".")
    return finish(chart, description)


DELIVERY_TITLE = "Three ways to build a digital service"


def delivery_chart(table: pd.DataFrame) -> alt.LayerChart | alt.Chart:
    """Cost against time to first service; bigger circles hold more capability in-house.

    Parameters
    ----------
    table : pandas.DataFrame
        As :func:`pvkit.capabilities.delivery_models` returns.

    Examples
    --------
    >>> from pvkit import capabilities
    >>> len(delivery_chart(capabilities.delivery_models()).to_dict()["layer"])
    2
    """
    numeric = ["cost", "months_to_first_service", "in_house_share", "task_completion"]
    table = finite_frame("table", table, numeric=numeric, text=["model"],
                         hint="pass the table that pvkit.capabilities.delivery_models() returns")
    if table.empty:
        return empty_chart("No delivery models to show yet", DELIVERY_TITLE)
    frame = table[sorted(["model", *numeric])].copy()
    for column in numeric:
        frame[column] = pd.to_numeric(frame[column]).astype(float)
    base = alt.Chart(frame, title=alt.Title(
        DELIVERY_TITLE, subtitle="Illustrative figures (pvkit.capabilities.delivery_models)"))
    points = base.mark_circle(opacity=0.8, color="#0072B2").encode(
        x=alt.X("months_to_first_service:Q", title="Months to first service",
                scale=alt.Scale(domainMin=0, nice=False,
                                domainMax=max(float(frame["months_to_first_service"].max()), 0.0) * 1.6 + 1)),
        y=alt.Y("cost:Q", title="Cost (GBP m)"),
        size=alt.Size("in_house_share:Q", title="Skills held in-house (%)",
                      scale=alt.Scale(range=[100, 1200]), legend=alt.Legend(orient="bottom")),
        tooltip=["model:N", "cost:Q", "months_to_first_service:Q", "in_house_share:Q",
                 "task_completion:Q"],
    )
    labels = base.mark_text(align="left", dx=22, fontSize=12).encode(
        x="months_to_first_service:Q", y="cost:Q", text="model:N")
    description = ("Scatter chart of cost (GBP m) against months to first service, circle size the share "
                   "of skills held in-house: " + "; ".join(
                       f"{m} costs {number_words(c)} and takes {number_words(t, 0)} months"
                       for m, c, t in zip(frame["model"], frame["cost"], frame["months_to_first_service"]))
                   + ".")
    return finish((points + labels).properties(width=420, height=260), description)


HOLLOWING_TITLE = "UK architects working in the public sector"


def hollowing_out_chart(table: pd.DataFrame) -> alt.LayerChart | alt.Chart:
    """Two bars: the public sector's share of UK architects, 1970 and today.

    Parameters
    ----------
    table : pandas.DataFrame
        As :func:`pvkit.capabilities.hollowing_out` returns.

    Examples
    --------
    >>> from pvkit import capabilities
    >>> len(hollowing_out_chart(capabilities.hollowing_out()).to_dict()["layer"])
    2
    """
    table = finite_frame("table", table, numeric=["public_share"], text=["when", "label"],
                         hint="pass the table that pvkit.capabilities.hollowing_out() returns")
    if table.empty:
        return empty_chart("No figures to show yet", HOLLOWING_TITLE)
    frame = table[["when", "public_share", "label"]].copy()
    frame["public_share"] = pd.to_numeric(frame["public_share"]).astype(float)
    base = alt.Chart(frame, title=alt.Title(
        HOLLOWING_TITLE,
        subtitle="The brief, section 2(a), citing Williams (2018); today's figure is an upper bound"))
    top = max(50.0, float(frame["public_share"].max()))
    bars = base.mark_bar(color="#009E73").encode(
        x=alt.X("when:N", title=None, sort=None, axis=alt.Axis(labelAngle=0)),
        y=alt.Y("public_share:Q", title="Share of all UK architects (%)",
                scale=alt.Scale(domain=[min(0.0, float(frame["public_share"].min())), top])),
        tooltip=["when:N", "label:N"],
    )
    text = base.mark_text(dy=-8).encode(x=alt.X("when:N", sort=None), y="public_share:Q",
                                       text="label:N")
    description = ("Bar chart of the share of UK architects working in the public sector: "
                   + "; ".join(f"{w}: {lab}" for w, lab in zip(frame["when"], frame["label"])) + ".")
    return finish((bars + text).properties(width=220, height=220), description)
