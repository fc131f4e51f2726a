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
    rd_cost = _checks.non_negative("R&D cost", rd_cost)
    public_share = _checks.share("public share of R&D", public_share)
    units = _checks.non_negative("units sold", units)
    if units == 0:
        raise ValueError("units sold must be more than 0")
    unit_cost = _checks.non_negative("unit cost", unit_cost)
    price = _checks.non_negative("price", price)
    margin = _checks.non_negative("margin", margin)
    if price < unit_cost:
        raise ValueError(f"the price ({price:g}) is below the unit cost ({unit_cost:g})")
    private_rd = (1.0 - public_share) * rd_cost
    return min(price, unit_cost + (1.0 + margin) * private_rd / units)


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
    capped = condition_price(rd_cost=rd_cost, public_share=public_share, units=units,
                             unit_cost=unit_cost, price=price, margin=margin)
    public_rd = float(public_share) * float(rd_cost)
    private_rd = float(rd_cost) - public_rd
    rows = []
    for scenario, p in (("no price condition", float(price)), ("price condition", capped)):
        purchases = p * float(units)
        rows.append({
            "scenario": scenario,
            "price": p,
            "public_rd": public_rd,
            "purchases": purchases,
            "public_total": public_rd + purchases,
            "private_rd": private_rd,
            "firm_profit": (p - float(unit_cost)) * float(units) - private_rd,
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
