"""What is value, and who creates it? A toy set of national accounts.

The introduction of Mazzucato & Kattel (2019), *Getting serious about value*
(IIPP Policy Brief 07), makes three points about how value is measured:

- GDP counts what has a price. Care given at home and the harm done by
  pollution carry no price, so GDP leaves them out.
- Free public services such as health and education have no sale price either,
  so national accounts enter them *at cost*: teachers' salaries count, the
  quality of the teaching does not.
- "Productivity" is output per unit of input, both at prices, so a service
  that charges high fees looks productive whatever it does for people.

This module turns those points into arithmetic on a small, invented economy
(:func:`economy`; every figure is illustrative). An *accounting rule* decides
what counts: :func:`value_added` and :func:`gdp` apply one,
:func:`compare_rules` applies several so that you can watch the ranking of
sectors by productivity change, and :func:`raise_fees` shows that charging more
raises measured productivity with no change in the service.

Units: money in GBP billion, hours in million hours, productivity in GBP of
value added per hour worked.

>>> from pvkit import value
>>> value.gdp()
265.0
>>> value.gdp(unpaid_care=True, pollution=True, public_services="outcomes")
396.0
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from pvkit import data

__all__ = [
    "KINDS",
    "PUBLIC_SERVICES",
    "RULES",
    "economy",
    "value_added",
    "gdp",
    "productivity",
    "compare_rules",
    "raise_fees",
]

#: Kinds of activity in the toy economy.
KINDS: tuple[str, str, str] = ("market", "public", "household")
#: How public services may be valued: at their cost, or at an estimate of their outcomes.
PUBLIC_SERVICES: tuple[str, str] = ("cost", "outcomes")
#: Named accounting rules: keyword arguments for :func:`value_added`.
RULES: dict[str, dict[str, object]] = {
    "GDP (national accounts)": {"unpaid_care": False, "pollution": False,
                                "public_services": "cost"},
    "add unpaid care": {"unpaid_care": True, "pollution": False, "public_services": "cost"},
    "subtract pollution": {"unpaid_care": False, "pollution": True, "public_services": "cost"},
    "public services at outcomes": {"unpaid_care": False, "pollution": False,
                                    "public_services": "outcomes"},
    "all three": {"unpaid_care": True, "pollution": True, "public_services": "outcomes"},
}

_COLUMNS = ("sector", "kind", "sales", "intermediate", "wages", "hours", "imputed_output",
            "pollution")
_NUMBERS = ("sales", "intermediate", "wages", "hours", "imputed_output", "pollution")


def economy() -> pd.DataFrame:
    """The illustrative economy: one row per sector.

    Returns
    -------
    pandas.DataFrame
        Columns ``sector``, ``kind`` (one of :data:`KINDS`), ``sales``
        (market output at prices, GBP bn), ``intermediate`` (goods and services
        bought in, GBP bn), ``wages`` (GBP bn), ``hours`` (million hours
        worked), ``imputed_output`` (an invented estimate of what public
        services and unpaid care are worth to people, GBP bn; empty for market
        sectors), ``pollution`` (damage caused, GBP bn) and ``source``. Every
        figure is invented for teaching.

    Examples
    --------
    >>> economy()["sector"].tolist()
    ['finance', 'manufacturing', 'retail', 'health', 'education', 'unpaid_care']
    """
    return data.load("value_economy")


def _check_economy(table: pd.DataFrame) -> pd.DataFrame:
    if not isinstance(table, pd.DataFrame):
        raise TypeError(f"expected a DataFrame like value.economy(), got {type(table).__name__}")
    missing = [c for c in _COLUMNS if c not in table.columns]
    if missing:
        raise ValueError(f"the economy table lacks column(s) {missing}; compare value.economy()")
    unknown = sorted(set(table["kind"]) - set(KINDS))
    if unknown:
        raise ValueError(f"unknown kind(s) {unknown}; each sector's kind is one of {list(KINDS)}")
    numbers = table[list(_NUMBERS)].fillna(0)
    if (numbers < 0).to_numpy().any():
        raise ValueError("money and hours in the economy table cannot be negative")
    if (table["hours"] <= 0).any():
        raise ValueError("every sector needs some hours worked to measure productivity")
    return table


def _check_rule(unpaid_care: object, pollution: object, public_services: object) -> None:
    for name, flag in (("unpaid_care", unpaid_care), ("pollution", pollution)):
        if not isinstance(flag, bool):
            raise TypeError(f"{name} must be True or False, got {flag!r}")
    if public_services not in PUBLIC_SERVICES:
        raise ValueError(
            f"public_services must be 'cost' or 'outcomes', got {public_services!r}")


def value_added(
    table: pd.DataFrame | None = None,
    *,
    unpaid_care: bool = False,
    pollution: bool = False,
    public_services: str = "cost",
) -> pd.DataFrame:
    """Value added by each sector under one accounting rule.

    The default rule is the national accounts': a market sector adds its
    sales minus what it buys in; a public service adds its wage bill (its
    output is valued at cost, so output minus bought-in inputs is the wages;
    real accounts also add depreciation, which this toy leaves out);
    unpaid care adds nothing; pollution is ignored.

    Parameters
    ----------
    table : pandas.DataFrame, optional
        An economy like :func:`economy` (the default).
    unpaid_care : bool
        Count household care at its imputed value.
    pollution : bool
        Subtract the damage each sector's pollution causes.
    public_services : {"cost", "outcomes"}
        Value public services at cost (wages) or at their imputed outcome
        value minus bought-in inputs.

    Returns
    -------
    pandas.DataFrame
        Columns ``sector``, ``kind``, ``value_added`` (GBP bn), ``hours``
        (million) and ``productivity`` (GBP per hour), one row per sector,
        in the order of the input.

    Raises
    ------
    TypeError, ValueError
        If the table or a rule is not understood; the message says why.

    Examples
    --------
    >>> value_added().set_index("sector")["value_added"].to_dict()["education"]
    40.0
    >>> float(value_added(public_services="outcomes").loc[4, "value_added"])
    100.0
    """
    table = _check_economy(economy() if table is None else table)
    _check_rule(unpaid_care, pollution, public_services)
    sales = table["sales"].astype(float)
    bought = table["intermediate"].astype(float)
    imputed = table["imputed_output"].astype(float).fillna(0.0)
    market = sales - bought
    if public_services == "cost":
        public = table["wages"].astype(float)
    else:
        public = imputed - bought
    care = imputed if unpaid_care else imputed * 0.0
    added = market.where(table["kind"] == "market",
                         public.where(table["kind"] == "public", care))
    if pollution:
        added = added - table["pollution"].astype(float)
    hours = table["hours"].astype(float)
    return pd.DataFrame({
        "sector": table["sector"].to_numpy(),
        "kind": table["kind"].to_numpy(),
        "value_added": added.round(6).to_numpy(),
        "hours": hours.to_numpy(),
        "productivity": (1000.0 * added / hours).round(6).to_numpy(),
    })


def gdp(
    table: pd.DataFrame | None = None,
    *,
    unpaid_care: bool = False,
    pollution: bool = False,
    public_services: str = "cost",
) -> float:
    """Total value added (GBP bn) under one accounting rule.

    Takes the same arguments as :func:`value_added`.

    Examples
    --------
    >>> gdp(), gdp(unpaid_care=True), gdp(pollution=True)
    (265.0, 313.0, 238.0)
    """
    frame = value_added(table, unpaid_care=unpaid_care, pollution=pollution,
                        public_services=public_services)
    return round(float(frame["value_added"].sum()), 6)


def productivity(
    table: pd.DataFrame | None = None,
    *,
    unpaid_care: bool = False,
    pollution: bool = False,
    public_services: str = "cost",
) -> pd.DataFrame:
    """Sectors ranked by measured productivity (value added per hour).

    Takes the same arguments as :func:`value_added`. Sectors that add nothing
    under the rule (unpaid care when it is not counted) are left out: national
    accounts do not measure them at all.

    Returns
    -------
    pandas.DataFrame
        Columns ``rank`` (1 = most productive), ``sector``, ``kind``,
        ``productivity`` (GBP per hour), most productive first.

    Examples
    --------
    >>> productivity()["sector"].tolist()
    ['finance', 'manufacturing', 'education', 'health', 'retail']
    """
    frame = value_added(table, unpaid_care=unpaid_care, pollution=pollution,
                        public_services=public_services)
    counted = frame[(frame["kind"] != "household") | unpaid_care]
    ranked = counted.sort_values("productivity", ascending=False, kind="stable")
    ranked = ranked.reset_index(drop=True)
    ranked.insert(0, "rank", range(1, len(ranked) + 1))
    return ranked[["rank", "sector", "kind", "productivity"]]


def compare_rules(
    table: pd.DataFrame | None = None,
    rules: Mapping[str, Mapping[str, object]] | None = None,
) -> pd.DataFrame:
    """Value added, productivity and rank of every sector under several rules.

    Parameters
    ----------
    table : pandas.DataFrame, optional
        An economy like :func:`economy` (the default).
    rules : mapping, optional
        Rule name -> keyword arguments of :func:`value_added`; default :data:`RULES`.

    Returns
    -------
    pandas.DataFrame
        Tidy: one row per rule and counted sector, columns ``rule``, ``sector``,
        ``kind``, ``value_added``, ``productivity``, ``rank`` and ``gdp`` (the
        rule's total).

    Examples
    --------
    >>> table = compare_rules()
    >>> table.groupby("rule", sort=False)["gdp"].first().tolist()
    [265.0, 313.0, 238.0, 375.0, 396.0]
    """
    rules = RULES if rules is None else rules
    if not isinstance(rules, Mapping) or not rules:
        raise TypeError("rules must be a non-empty dict: rule name -> keyword arguments")
    parts = []
    for name, kwargs in rules.items():
        if not isinstance(kwargs, Mapping):
            raise TypeError(f"rule {name!r} must map to a dict of keyword arguments")
        unknown = sorted(set(kwargs) - {"unpaid_care", "pollution", "public_services"})
        if unknown:
            raise ValueError(f"rule {name!r} has unknown setting(s) {unknown}")
        frame = value_added(table, **kwargs)  # type: ignore[arg-type]
        ranks = productivity(table, **kwargs)[["sector", "rank"]]  # type: ignore[arg-type]
        merged = frame.merge(ranks, on="sector", how="inner")
        merged.insert(0, "rule", name)
        merged["gdp"] = round(float(frame["value_added"].sum()), 6)
        parts.append(merged[["rule", "sector", "kind", "value_added", "productivity",
                             "rank", "gdp"]])
    return pd.concat(parts, ignore_index=True)


def raise_fees(table: pd.DataFrame | None = None, sector: str = "finance",
               percent: float = 20.0) -> pd.DataFrame:
    """The economy after one market sector charges more for the same service.

    Parameters
    ----------
    table : pandas.DataFrame, optional
        An economy like :func:`economy` (the default).
    sector : str
        A market sector, e.g. ``"finance"``.
    percent : float
        The fee rise in percent (above -100).

    Returns
    -------
    pandas.DataFrame
        A copy of the economy with that sector's ``sales`` scaled by
        ``1 + percent / 100``; hours and inputs unchanged.

    Examples
    --------
    >>> top = productivity(raise_fees(percent=20)).iloc[0]
    >>> top["sector"], float(top["productivity"])
    ('finance', 78.0)
    """
    table = _check_economy(economy() if table is None else table).copy()
    if not isinstance(percent, (int, float)) or isinstance(percent, bool) or percent <= -100:
        raise ValueError(f"percent must be a number above -100, got {percent!r}")
    rows = table["sector"] == sector
    if not rows.any():
        raise ValueError(f"no sector {sector!r}; sectors: {', '.join(table['sector'])}")
    if (table.loc[rows, "kind"] != "market").any():
        raise ValueError(f"{sector!r} is not a market sector: it charges no fees to raise")
    table["sales"] = table["sales"].astype(float)
    table.loc[rows, "sales"] = table.loc[rows, "sales"] * (1 + percent / 100)
    return table
