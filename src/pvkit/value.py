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

import numpy as np
import pandas as pd

from pvkit import _validate as v
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

#: Most rules :func:`compare_rules` compares at once (each is a full pass over the economy).
MAX_RULES = 100
#: Largest fee rise :func:`raise_fees` takes, in percent (a ten-thousand-fold price).
MAX_FEE_RISE = 1e6

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
        services and unpaid care are worth to people, GBP bn; 0 for market
        sectors, whose output is priced instead), ``pollution`` (damage
        caused, GBP bn) and ``source``. Every figure is invented for teaching.

    Examples
    --------
    >>> economy()["sector"].tolist()
    ['finance', 'manufacturing', 'retail', 'health', 'education', 'unpaid_care']
    """
    table = data.load("value_economy")
    # blank in the file for market sectors; 0 here, so the table holds no NaN
    table["imputed_output"] = table["imputed_output"].fillna(0.0)
    return table


def _check_economy(table: object, name: str = "table") -> pd.DataFrame:
    if not isinstance(table, pd.DataFrame):
        raise TypeError(f"{name} must be a DataFrame like value.economy(), got {type(table).__name__}")
    missing = [c for c in _COLUMNS if c not in table.columns]
    if missing:
        raise ValueError(f"{name}: the economy table lacks column(s) {missing}; compare value.economy()")
    v.frame(name, table, numeric=[c for c in _NUMBERS if c != "imputed_output"])
    kinds = table["kind"].tolist()
    unknown = [k for k in dict.fromkeys(kinds) if not isinstance(k, str) or k not in KINDS]
    if unknown:
        raise ValueError(f"{name} has unknown kind(s) {[v.shown(k) for k in unknown]}; each sector's "
                         f"kind is one of {list(KINDS)}")
    sectors = table["sector"].tolist()
    if any(not isinstance(s, str) or not s.strip() for s in sectors):
        raise ValueError(f"{name}: every sector needs a name (text) in the 'sector' column")
    if len(set(sectors)) < len(sectors):
        raise ValueError(f"{name}: each sector may appear once in the 'sector' column")
    imputed = pd.to_numeric(table["imputed_output"], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    raw_blank = table["imputed_output"].isna().to_numpy()
    if (np.isnan(imputed) & ~raw_blank).any() or np.isinf(imputed).any():
        raise ValueError(f"{name} column 'imputed_output' holds a non-numeric or infinite value; "
                         "give a number, or leave it blank for market sectors")
    needs = np.array([k != "market" for k in kinds]) & np.isnan(imputed)
    if needs.any():
        at = table["sector"].iloc[int(np.flatnonzero(needs)[0])]
        raise ValueError(f"{name}: sector {v.shown(at)} is not a market sector, so it needs an "
                         "imputed_output (its output has no price)")
    numbers = table[list(_NUMBERS)].apply(pd.to_numeric, errors="coerce").fillna(0).to_numpy(dtype=float)
    if (numbers < 0).any():
        raise ValueError(f"{name}: money and hours in the economy table cannot be negative")
    if (numbers > v.BIG).any():
        raise ValueError(f"{name}: amounts in the economy table must be at most {v.BIG:.0e} "
                         "(GBP bn or million hours) so that sums stay finite")
    if (numbers[:, _NUMBERS.index("hours")] <= 0).any():
        raise ValueError(f"{name}: every sector needs some hours worked to measure productivity")
    return table


def _check_rule(unpaid_care: object, pollution: object, public_services: object) -> None:
    v.flag("unpaid_care", unpaid_care)
    v.flag("pollution", pollution)
    if not isinstance(public_services, str) or public_services not in PUBLIC_SERVICES:
        raise ValueError(
            f"public_services must be 'cost' or 'outcomes', got {v.shown(public_services)}")


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

    def number(column: str) -> pd.Series:
        return pd.to_numeric(table[column], errors="coerce").astype(float)

    sales, bought = number("sales"), number("intermediate")
    imputed = number("imputed_output").fillna(0.0)
    market = sales - bought
    if public_services == "cost":
        public = number("wages")
    else:
        public = imputed - bought
    care = imputed if unpaid_care else imputed * 0.0
    added = market.where(table["kind"] == "market",
                         public.where(table["kind"] == "public", care))
    if pollution:
        added = added - number("pollution")
    hours = number("hours")
    v.finite_result("the figures in table", added)
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
        raise TypeError("rules must be a non-empty dict: rule name -> keyword arguments, "
                        f"got {v.shown(rules)}")
    if len(rules) > MAX_RULES:
        raise ValueError(f"rules has {len(rules):,} rules; at most {MAX_RULES} can be compared at once")
    table = _check_economy(economy() if table is None else table)
    parts = []
    for name, kwargs in rules.items():
        if not isinstance(name, str):
            raise TypeError(f"rules: each rule's name must be text, got {v.shown(name)}")
        if not isinstance(kwargs, Mapping):
            raise TypeError(f"rules: rule {name!r} must map to a dict of keyword arguments, "
                            f"got {v.shown(kwargs)}")
        unknown = sorted(str(k) for k in set(kwargs) - {"unpaid_care", "pollution", "public_services"})
        if unknown:
            raise ValueError(f"rules: rule {name!r} has unknown setting(s) {unknown}; use "
                             "unpaid_care, pollution and public_services")
        try:
            _check_rule(kwargs.get("unpaid_care", False), kwargs.get("pollution", False),
                        kwargs.get("public_services", "cost"))
        except (TypeError, ValueError) as error:
            raise type(error)(f"rules: rule {name!r}: {error}") from None
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
    percent = v.number("percent", percent, low=-100, low_open=True, high=MAX_FEE_RISE,
                       hint="20 means fees 20% higher")
    v.text("sector", sector)
    rows = table["sector"] == sector
    if not rows.any():
        raise ValueError(f"no sector {sector!r}; sectors: {', '.join(table['sector'])}")
    if (table.loc[rows, "kind"] != "market").any():
        raise ValueError(f"{sector!r} is not a market sector: it charges no fees to raise")
    table["sales"] = pd.to_numeric(table["sales"]).astype(float)
    table["imputed_output"] = pd.to_numeric(table["imputed_output"]).astype(float).fillna(0.0)
    table.loc[rows, "sales"] = table.loc[rows, "sales"] * (1 + percent / 100)
    return table
