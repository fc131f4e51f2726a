"""Capabilities and partnerships: supplier concentration, delivery models, KPIs.

Section 2 of Mazzucato & Kattel (2019), *Getting serious about value* (IIPP
Policy Brief 07), asks how the public sector can create value. Its examples:
the Government Digital Service (GDS) broke up a market in which a handful of
large vendors sold government its IT, and now buys from about 3000 smaller
firms; the NHS patient-records programme cost GBP 9.8bn; and outsourcing has
hollowed out public capabilities (47% of UK architects worked in the public
sector in 1970, under 1% today).

This module gives the tools to look at those claims with numbers:

- market concentration: :func:`market_shares`, :func:`hhi` (the
  Herfindahl-Hirschman index), :func:`top_k_share` and :func:`hhi_band`;
- an illustrative procurement market before and after GDS (:func:`suppliers`,
  :func:`concentration`);
- illustrative delivery models compared on cost, time and who holds the
  capability, and ranked by the KPI you choose (:func:`delivery_models`,
  :func:`rank_by_kpi`);
- the brief's own figures, each with its source (:func:`facts`, :func:`fact`,
  :func:`hollowing_out`).

>>> from pvkit import capabilities
>>> capabilities.hhi([50, 30, 20])
3800.0
>>> capabilities.hhi({"big": 300, "small": 100}, kind="sales")
6250.0
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from pvkit import _validate as v
from pvkit import data

__all__ = [
    "KINDS",
    "KPIS",
    "HHI_BANDS",
    "market_shares",
    "hhi",
    "top_k_share",
    "hhi_band",
    "HHI_2023_HIGHLY_CONCENTRATED",
    "HHI_2023_SIGNIFICANT_CHANGE",
    "suppliers",
    "concentration",
    "delivery_models",
    "rank_by_kpi",
    "facts",
    "fact",
    "hollowing_out",
]

#: How market figures may be given: percentage shares summing to 100, or sales.
KINDS: tuple[str, str] = ("shares", "sales")
#: KPIs a delivery model can be ranked by, and whether more is better.
KPIS: dict[str, bool] = {
    "reported_savings": True,
    "task_completion": True,
    "cost": False,
    "months_to_first_service": False,
    "in_house_share": True,
}
#: HHI bands of the US Department of Justice and Federal Trade Commission,
#: Horizontal Merger Guidelines (2010), section 5.3: below 1,500 unconcentrated,
#: between 1,500 and 2,500 (both included) moderately, above 2,500 highly
#: concentrated. Each pair is (highest HHI in the band, name).
HHI_BANDS: tuple[tuple[float, str], ...] = (
    (math.nextafter(1500.0, 0.0), "unconcentrated"),
    (2500.0, "moderately concentrated"),
    (math.inf, "highly concentrated"),
)
#: The 2023 Merger Guidelines (US DOJ and FTC, guideline 1) call a market with
#: an HHI above 1,800 highly concentrated, and a merger that raises the HHI by
#: more than 100 points there a significant increase in concentration.
HHI_2023_HIGHLY_CONCENTRATED: float = 1800.0
HHI_2023_SIGNIFICANT_CHANGE: float = 100.0

_TOLERANCE = 0.01  # percentage points allowed when shares should sum to 100


def _as_series(values: object, name: str = "values") -> pd.Series:
    if isinstance(values, pd.Series):
        series = values.copy()
    elif isinstance(values, Mapping):
        if len(values) > v.MAX_ITEMS:
            raise ValueError(f"{name} has {len(values):,} suppliers; at most {v.MAX_ITEMS:,}")
        series = pd.Series(list(values.values()), index=[str(k) for k in values.keys()], dtype=object)
    elif isinstance(values, (Sequence, np.ndarray)) and not isinstance(values, (str, bytes)):
        if len(values) > v.MAX_ITEMS:
            raise ValueError(f"{name} has {len(values):,} suppliers; at most {v.MAX_ITEMS:,}")
        series = pd.Series(list(values), dtype=object)
    else:
        raise TypeError(
            f"{name}: give market figures as a list, a dict (supplier -> figure) or a pandas Series, "
            f"got {type(values).__name__}")
    if series.empty:
        raise ValueError(f"{name}: a market needs at least one supplier")
    if len(series) > v.MAX_ITEMS:
        raise ValueError(f"{name} has {len(series):,} suppliers; at most {v.MAX_ITEMS:,}")
    if series.map(lambda x: isinstance(x, (bool, np.bool_))).any():
        raise TypeError(f"{name}: market figures must be numbers, not True/False")
    if series.map(lambda x: x is None).any():
        raise ValueError(f"{name}: a market figure is missing (None); fill it in or drop that supplier")
    if not series.map(lambda x: isinstance(x, numbers.Real)).all():
        raise TypeError(f"{name}: market figures must be numbers, got {v.shown(series.tolist())}")
    series = series.astype(float)
    if series.isna().any():
        raise ValueError(f"{name}: a market figure is missing (NaN); fill it in or drop that supplier")
    if np.isinf(series.to_numpy()).any():
        raise ValueError(f"{name}: a market figure is infinite; give finite sales or shares")
    if (series < 0).any():
        raise ValueError(f"{name}: market shares and sales cannot be negative")
    if (series > v.BIG).any():
        raise ValueError(f"{name}: each market figure must be at most {v.BIG:.0e}, so that the "
                         "total stays finite")
    return series


def market_shares(values: object, kind: str = "shares") -> pd.DataFrame:
    """Each supplier's share of the market, in percent, largest first.

    Parameters
    ----------
    values : list, dict or pandas.Series
        One figure per supplier (a dict or Series names the suppliers).
    kind : {"shares", "sales"}
        ``"shares"``: percentages that must add up to 100; ``"sales"``: any
        non-negative amounts, turned into shares of their total.

    Returns
    -------
    pandas.DataFrame
        Columns ``supplier``, ``value`` (as given) and ``share`` (percent).

    Raises
    ------
    TypeError
        If the figures are not numbers in a list, dict or Series.
    ValueError
        If a figure is negative or missing, all are zero, the kind is
        unknown, or shares do not add up to 100.

    Examples
    --------
    >>> market_shares({"a": 1, "b": 3}, kind="sales")["share"].tolist()
    [75.0, 25.0]
    """
    if not isinstance(kind, str) or kind not in KINDS:
        raise ValueError(f"kind must be 'shares' or 'sales', got {v.shown(kind)}")
    series = _as_series(values)
    total = float(series.sum())
    if total <= 0:
        raise ValueError("values: the market is empty: every figure is zero")
    if kind == "shares":
        if abs(total - 100.0) > _TOLERANCE:
            raise ValueError(
                f"values: shares must add up to 100 (percent), these add up to {total:g}; "
                "if they are sales, use kind='sales'")
        shares = series
    else:
        shares = 100.0 * series / total
    frame = pd.DataFrame({"supplier": [str(i) for i in series.index],
                          "value": series.to_numpy(), "share": shares.to_numpy()})
    return frame.sort_values("share", ascending=False, kind="stable").reset_index(drop=True)


def hhi(values: object, kind: str = "shares") -> float:
    """The Herfindahl-Hirschman index: the sum of squared percentage shares.

    It runs from near 0 (many tiny suppliers) to 10,000 (one supplier).

    Parameters
    ----------
    values, kind
        As for :func:`market_shares`.

    Examples
    --------
    >>> hhi([100])
    10000.0
    >>> hhi([25, 25, 25, 25])
    2500.0
    """
    shares = market_shares(values, kind)["share"]
    return round(float((shares**2).sum()), 6)


def top_k_share(values: object, k: int, kind: str = "shares") -> float:
    """The combined share (percent) of the ``k`` largest suppliers.

    Parameters
    ----------
    values, kind
        As for :func:`market_shares`.
    k : int
        How many of the largest suppliers to add up (1 or more; more than
        there are suppliers counts them all).

    Examples
    --------
    >>> top_k_share([40, 30, 20, 10], k=2)
    70.0
    """
    if isinstance(k, (bool, np.bool_)) or not isinstance(k, (numbers.Integral, float)):
        raise TypeError(f"k must be a whole number of suppliers, 1 or more, got {v.shown(k)}")
    if isinstance(k, float) and (not math.isfinite(k) or k != int(k)) or k < 1:
        raise ValueError(f"k must be a whole number of suppliers, 1 or more, got {v.shown(k)}")
    shares = market_shares(values, kind)["share"]
    return round(float(shares.head(min(int(k), len(shares))).sum()), 6)


def hhi_band(index: float) -> str:
    """Name the concentration band of an HHI (US Horizontal Merger Guidelines, 2010).

    Below 1,500 is unconcentrated, 1,500 to 2,500 (both edges included) is
    moderately concentrated, above 2,500 highly concentrated. The 2023 Merger
    Guidelines draw the "highly concentrated" line lower, above 1,800
    (:data:`HHI_2023_HIGHLY_CONCENTRATED`); this function keeps the 2010 bands.

    Examples
    --------
    >>> hhi_band(3800), hhi_band(2500), hhi_band(1500), hhi_band(358.3)
    ('highly concentrated', 'moderately concentrated', 'moderately concentrated', 'unconcentrated')
    """
    if isinstance(index, (bool, np.bool_)) or not isinstance(index, numbers.Real):
        raise TypeError(f"index (an HHI) is a number between 0 and 10000, got {v.shown(index)}")
    if not 0 <= index <= 10000:  # NaN fails this too
        raise ValueError(f"index (an HHI) lies between 0 and 10000, got {v.shown(index)}")
    for upper, name in HHI_BANDS:
        if index <= upper:
            return name
    return HHI_BANDS[-1][1]  # pragma: no cover - the last bound is infinite


def suppliers(market: str | None = None) -> pd.DataFrame:
    """The illustrative government IT market: one row per supplier firm.

    Parameters
    ----------
    market : str, optional
        ``"few large vendors"`` or ``"many small suppliers"``; both if omitted.

    Returns
    -------
    pandas.DataFrame
        Columns ``market``, ``supplier`` (small firms are numbered), ``sales``
        (GBP m a year, invented) and ``source``.

    Examples
    --------
    >>> suppliers().groupby("market", sort=False).size().tolist()
    [105, 3005]
    """
    raw = data.load("capabilities_suppliers")
    markets = list(dict.fromkeys(raw["market"]))
    if market is not None and not isinstance(market, str):
        raise TypeError(f"market must be the name of a market such as {markets[0]!r}, got {v.shown(market)}")
    if market is not None and market not in markets:
        raise ValueError(f"no market {v.shown(market)}; markets: {', '.join(markets)}")
    rows = []
    for rec in raw.itertuples(index=False):
        if market is not None and rec.market != market:
            continue
        for i in range(int(rec.firms)):
            name = rec.supplier if rec.firms == 1 else f"{rec.supplier} {i + 1}"
            rows.append((rec.market, name, float(rec.sales_each), rec.source))
    return pd.DataFrame(rows, columns=["market", "supplier", "sales", "source"])


def concentration(table: pd.DataFrame | None = None, k: int = 5) -> pd.DataFrame:
    """Concentration of each market in a table of supplier sales.

    Parameters
    ----------
    table : pandas.DataFrame, optional
        Columns ``market``, ``supplier`` and ``sales``; default :func:`suppliers`.
    k : int
        For the top-``k`` share.

    Returns
    -------
    pandas.DataFrame
        One row per market: ``market``, ``suppliers``, ``total_sales``,
        ``hhi``, ``top_k_share`` (percent, with ``k`` as given) and ``band``.

    Examples
    --------
    >>> concentration()[["market", "hhi"]].values.tolist()
    [['few large vendors', 2604.861111], ['many small suppliers', 358.32]]
    """
    table = suppliers() if table is None else table
    if not isinstance(table, pd.DataFrame):
        raise TypeError(f"table must be a DataFrame like suppliers(), got {type(table).__name__}")
    missing = [c for c in ("market", "supplier", "sales") if c not in table.columns]
    if missing:
        raise ValueError(f"the table lacks column(s) {missing}; it needs market, supplier, sales")
    v.frame("table", table, numeric=["sales"], max_rows=v.MAX_ITEMS)
    if table["market"].isna().any() or not table["market"].map(lambda m: isinstance(m, str)).all():
        raise ValueError("table: every row needs a market name (text) in the 'market' column")
    top_k_share([100.0], k)  # checks k before the work
    rows = []
    for name, group in table.groupby("market", sort=False):
        sales = group.set_index("supplier")["sales"]
        try:
            index = hhi(sales, kind="sales")
        except (TypeError, ValueError) as error:
            raise type(error)(f"table, market {name!r}: {error}") from None
        rows.append((name, len(group), round(float(sales.sum()), 6), index,
                     top_k_share(sales, k, kind="sales"), hhi_band(index)))
    return pd.DataFrame(rows, columns=["market", "suppliers", "total_sales", "hhi",
                                       "top_k_share", "band"])


def delivery_models() -> pd.DataFrame:
    """Three illustrative ways to build a digital public service.

    Returns
    -------
    pandas.DataFrame
        Columns ``model``, ``description``, ``cost`` (GBP m),
        ``months_to_first_service``, ``in_house_share`` (percent of the key
        skills the public body holds at the end), ``reported_savings``
        (GBP m), ``task_completion`` (percent of users who finish their task
        online) and ``source``. All figures are invented for teaching.

    Examples
    --------
    >>> delivery_models()["model"].tolist()
    ['outsourced contract', 'in-house agile team', 'partnership']
    """
    return data.load("capabilities_delivery")


def rank_by_kpi(kpi: str, table: pd.DataFrame | None = None) -> pd.DataFrame:
    """Rank delivery models by one key performance indicator, best first.

    Parameters
    ----------
    kpi : str
        One of :data:`KPIS`; for ``cost`` and ``months_to_first_service``
        less is better, for the others more.
    table : pandas.DataFrame, optional
        Delivery models like :func:`delivery_models` (the default).

    Returns
    -------
    pandas.DataFrame
        Columns ``rank``, ``model`` and the KPI.

    Examples
    --------
    >>> rank_by_kpi("reported_savings")["model"].iloc[0]
    'outsourced contract'
    >>> rank_by_kpi("task_completion")["model"].iloc[0]
    'in-house agile team'
    """
    if not isinstance(kpi, str):
        raise TypeError(f"kpi must be the name of a KPI such as 'cost', got {v.shown(kpi)}")
    if kpi not in KPIS:
        raise ValueError(f"unknown KPI {v.shown(kpi)}; choose one of {', '.join(KPIS)}")
    table = delivery_models() if table is None else table
    if not isinstance(table, pd.DataFrame) or not {"model", kpi} <= set(table.columns):
        raise ValueError(f"the table needs columns 'model' and {kpi!r}, like delivery_models()")
    v.frame("table", table, numeric=[kpi])
    if table["model"].isna().any():
        raise ValueError("table: every row needs a model name in the 'model' column")
    ranked = table.sort_values(kpi, ascending=not KPIS[kpi], kind="stable").reset_index(drop=True)
    ranked.insert(0, "rank", range(1, len(ranked) + 1))
    return ranked[["rank", "model", kpi]]


def facts() -> pd.DataFrame:
    """The brief's figures for this module (and one from the National Audit Office).

    Returns
    -------
    pandas.DataFrame
        Columns ``key``, ``value``, ``unit``, ``description``, ``source`` and
        ``note`` (caveats: what the number does and does not say).

    Examples
    --------
    >>> float(facts().set_index("key").loc["govuk_prototype_cost", "value"])
    261000.0
    """
    return data.load("capabilities_facts")


def fact(key: str) -> float:
    """One figure by its key, e.g. ``"gds_savings"``.

    Examples
    --------
    >>> fact("architects_public_1970"), fact("moin_members")
    (47.0, 40.0)
    """
    table = facts().set_index("key")
    if not isinstance(key, str):
        raise TypeError(f"key must be the name of a fact such as 'gds_savings', got {v.shown(key)}")
    if key not in table.index:
        raise ValueError(f"unknown fact {v.shown(key)} (key); keys: {', '.join(table.index)}")
    return float(table.loc[key, "value"])


def hollowing_out() -> pd.DataFrame:
    """Share of UK architects in the public sector, 1970 and 'today' (Williams 2018).

    Returns
    -------
    pandas.DataFrame
        Columns ``when``, ``public_share`` (percent; today's is an upper
        bound), ``label`` and ``source``.

    Examples
    --------
    >>> hollowing_out()["public_share"].tolist()
    [47.0, 1.0]
    """
    table = facts().set_index("key")
    rows = [("1970", "architects_public_1970", "47%"),
            ("today (2018)", "architects_public_today", "under 1%")]
    return pd.DataFrame(
        [(when, float(table.loc[key, "value"]), label, table.loc[key, "source"])
         for when, key, label in rows],
        columns=["when", "public_share", "label", "source"])
