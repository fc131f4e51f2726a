"""Paying twice (Box 5 of the brief): public R&D, then the price of the medicine.

Box 5 of the brief (summarising IIPP's 2018 report *The people's prescription*)
says that the public often pays twice for a medicine: once through the public
research behind it, and again through the price its health system pays. The
model here puts both payments side by side, with and without a *price
condition* attached to the public funding.

Without a condition the firm sets its own price. With one, the price may only
cover the unit cost, the R&D the firm itself paid for and a reasonable margin
on that R&D, spread over the units sold (and never more than the firm's own
price). All inputs are the user's; no default is a real figure.

>>> t = paying_twice(rd_cost=1000, public_share=0.5, units=100, unit_cost=1, price=20)
>>> t["public_total"].tolist()
[2500.0, 1100.0]
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from pvkit import data
from pvkit.rewards import _checks

__all__ = ["paying_twice", "condition_price", "box5", "cases", "doe_programme", "PUBLIC_RD_SHARE"]

#: The brief's range for the public's share of upfront drug R&D worldwide (Box 5).
PUBLIC_RD_SHARE: tuple[float, float] = (1 / 3, 2 / 3)


def condition_price(*, rd_cost: float, public_share: float, units: float, unit_cost: float,
                    price: float, margin: float = 0.0) -> float:
    """The most a firm may charge under the price condition.

    ``unit_cost + (1 + margin) * private R&D / units``, capped at ``price``.

    Examples
    --------
    >>> condition_price(rd_cost=1000, public_share=0.5, units=100, unit_cost=1, price=20, margin=0.2)
    7.0
    """
    rd_cost, public_share, units, unit_cost, price, margin = _inputs(rd_cost, public_share, units, unit_cost,
                                                                     price, margin)
    return _capped(rd_cost, public_share, units, unit_cost, price, margin)


def _inputs(rd_cost: object, public_share: object, units: object, unit_cost: object, price: object,
            margin: object) -> tuple[float, float, float, float, float, float]:
    rd_cost_ = _checks.non_negative("rd_cost (R&D cost)", rd_cost)
    share = _checks.share("public_share (public share of R&D)", public_share)
    units_ = _checks.positive("units (units sold)", units)
    unit_cost_ = _checks.non_negative("unit_cost", unit_cost)
    price_ = _checks.non_negative("price", price)
    margin_ = _checks.non_negative("margin (return allowed on the firm's own R&D)", margin, upper=MAX_MARGIN,
                                   why="(0.1 means 10%; 100 is 10,000%)")
    if price_ < unit_cost_:
        raise ValueError(f"price ({price_:g}) is below the unit_cost ({unit_cost_:g}): the firm would "
                         "lose money on every unit")
    return rd_cost_, share, units_, unit_cost_, price_, margin_


#: Largest margin allowed on the firm's own R&D under the price condition (10,000%).
MAX_MARGIN = 100.0


def _capped(rd_cost: float, public_share: float, units: float, unit_cost: float, price: float,
            margin: float) -> float:
    private_rd = (1.0 - public_share) * rd_cost
    with np.errstate(over="ignore"):  # a tiny number of units: the cap is the firm's own price
        per_unit = np.float64((1.0 + margin) * private_rd) / units
    return float(min(price, unit_cost + per_unit))


def paying_twice(*, rd_cost: float, public_share: float, units: float, unit_cost: float,
                 price: float, margin: float = 0.0) -> pd.DataFrame:
    """What the public pays in total for a medicine, without and with a price condition.

    Assumes the public health system buys every unit (as a national health
    service largely does). Every argument is keyword-only: the amounts are
    all plain numbers, so a positional swap would pass silently.

    Parameters
    ----------
    rd_cost : float
        Upfront R&D cost of the medicine.
    public_share : float
        Share of that R&D paid by the public (Box 5: between 1/3 and 2/3 worldwide).
    units : float
        Units (courses of treatment) the health system buys.
    unit_cost : float
        Cost of making one unit.
    price : float
        The firm's own price per unit.
    margin : float
        Reasonable return on the firm's own R&D allowed under the condition.

    Returns
    -------
    pandas.DataFrame
        Two rows, ``scenario`` "no price condition" and "price condition", with
        ``price``, ``public_rd``, ``purchases`` (health system's spending),
        ``public_total`` (public R&D + purchases), ``private_rd`` and
        ``firm_profit`` (sales minus unit costs minus the firm's own R&D).

    Examples
    --------
    >>> t = paying_twice(rd_cost=1000, public_share=0.5, units=100, unit_cost=1, price=20, margin=0.2)
    >>> t.set_index("scenario").loc["price condition", ["price", "firm_profit"]].tolist()
    [7.0, 100.0]
    """
    rd_cost, public_share, units, unit_cost, price, margin = _inputs(rd_cost, public_share, units, unit_cost,
                                                                     price, margin)
    capped = _capped(rd_cost, public_share, units, unit_cost, price, margin)
    public_rd = public_share * rd_cost
    private_rd = rd_cost - public_rd
    rows = []
    for scenario, p in (("no price condition", price), ("price condition", capped)):
        purchases = p * units
        rows.append({
            "scenario": scenario,
            "price": p,
            "public_rd": public_rd,
            "purchases": purchases,
            "public_total": public_rd + purchases,
            "private_rd": private_rd,
            "firm_profit": (p - unit_cost) * units - private_rd,
        })
    return pd.DataFrame(rows)


def cases() -> pd.DataFrame:
    """Sourced figures on sharing risks and rewards: Box 5 and real public investments.

    Columns ``case_id``, ``group`` ("box5" or "case"), ``name``, ``year``,
    ``place``, ``instrument``, ``amount``, ``currency``, ``what``, ``evidence``
    ("read": seen in the named source; "secondary": from a summary of it) and
    ``source``.

    Examples
    --------
    >>> float(cases().set_index("case_id").loc["tesla_doe_loan", "amount"])
    465000000.0
    """
    return data.load("rewards_cases")


def box5() -> pd.DataFrame:
    """The figures of Box 5 of the brief (rows of :func:`cases` with group "box5").

    Examples
    --------
    >>> float(box5().set_index("case_id").loc["nih_budget_2019", "amount"])
    39100000000.0
    """
    table = cases()
    return table[table["group"] == "box5"].reset_index(drop=True)


def doe_programme() -> pd.Series:
    """The US DOE loan programmes by November 2014, from :func:`cases` (secondary figures).

    Returns
    -------
    pandas.Series
        ``lent``, ``losses``, ``interest`` (USD), ``loss_share`` (losses / lent)
        and ``net`` (interest - losses, nominal, before the government's cost of money).

    Examples
    --------
    >>> d = doe_programme()
    >>> round(float(d["loss_share"]) * 100, 2), float(d["net"]) / 1e6
    (2.28, 30.0)
    """
    table = cases().set_index("case_id")["amount"].astype(float)
    lent, losses, interest = (float(table[k]) for k in
                              ("doe_disbursed_2014", "doe_losses_2014", "doe_interest_2014"))
    return pd.Series({"lent": lent, "losses": losses, "interest": interest,
                      "loss_share": losses / lent, "net": interest - losses})
