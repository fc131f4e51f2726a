"""Learning curves (Wright's law): unit costs fall as cumulative deployment grows.

C(X) = C0 (X / X0) ** -b, and every doubling of cumulative deployment cuts the
unit cost by the learning rate LR = 1 - 2 ** -b. Solar PV modules have shown
about 20% per doubling over four decades (Our World in Data, after Nemet 2009
and Farmer & Lafond 2016; see ``wright_learning_rates.csv``).

Because a public programme adds to cumulative deployment, it moves prices: the
static view (prices fixed at today's) misses that effect.

>>> round(learning_exponent(0.2), 4)
0.3219
>>> unit_cost(2000, c0=100, x0=1000, learning_rate=0.2)
80.0
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from pvkit import _validate as v
from pvkit import data
from pvkit._validate import BIG, MAX_ITEMS
from pvkit.appraisal._checks import as_year, check_fraction, check_positive, finite

#: Largest Wright exponent: 2 ** -60 is below double precision, a learning rate of 100%.
MAX_EXPONENT = 60.0

__all__ = ["learning_exponent", "learning_rate_from_exponent", "unit_cost", "learning_path",
           "learning_rates"]


def _check_lr(learning_rate: object) -> float:
    return check_fraction(learning_rate, "learning_rate", 0.0, 1.0, high_open=True,
                          hint="the learning rate: 0.2 means 20% cheaper per doubling")


def learning_exponent(learning_rate: float) -> float:
    """Wright's exponent b from a learning rate: b = -log2(1 - LR).

    Raises
    ------
    ValueError
        Unless 0 <= LR < 1 (a rate of 1 would make the next unit free).

    Examples
    --------
    >>> learning_exponent(0.0)
    0.0
    """
    return float(-np.log2(1.0 - _check_lr(learning_rate))) + 0.0


def learning_rate_from_exponent(b: float) -> float:
    """The learning rate LR = 1 - 2 ** -b of an exponent b >= 0.

    Examples
    --------
    >>> round(learning_rate_from_exponent(learning_exponent(0.2)), 12)
    0.2
    """
    return float(1.0 - 2.0 ** -check_positive(b, "b", allow_zero=True, high=MAX_EXPONENT,
                                               hint="Wright's exponent, e.g. 0.32 for a 20% learning rate"))


def unit_cost(cumulative: object, c0: float, x0: float, learning_rate: float) -> np.ndarray | float:
    """Unit cost at cumulative deployment X: C0 (X / X0) ** -b.

    Parameters
    ----------
    cumulative : float or array-like
        Cumulative deployment X (same unit as ``x0``), above zero.
    c0 : float
        Unit cost when cumulative deployment is ``x0``.
    x0 : float
        Reference cumulative deployment, above zero.
    learning_rate : float
        Cost cut per doubling, in [0, 1).

    Examples
    --------
    >>> unit_cost([1000, 2000, 4000], 100, 1000, 0.2).round(6).tolist()
    [100.0, 80.0, 64.0]
    """
    x = _deployment("cumulative", cumulative)
    c0 = check_positive(c0, "c0", hint="the unit cost at deployment x0")
    x0 = check_positive(x0, "x0", hint="the reference cumulative deployment")
    b = learning_exponent(learning_rate)
    with np.errstate(over="ignore", divide="ignore"):
        out = c0 * (x / x0) ** -b
    finite("cumulative, c0 and x0", out)
    return float(out) if out.ndim == 0 else out


def _deployment(name: str, values: object) -> np.ndarray:
    """Cumulative deployment: numbers above zero (any shape, at most MAX_ITEMS of them)."""
    try:
        ndim = int(np.ndim(values))
    except ValueError:  # a ragged list: let the array check explain
        ndim = 1
    array = v.array(name, values, ndim=max(ndim, 1), low=0.0, low_open=True, high=BIG,
                    max_length=MAX_ITEMS, what="entry")
    if array.size > MAX_ITEMS:
        raise ValueError(f"{name} has {array.size:,} entries; at most {MAX_ITEMS:,}")
    return array.reshape(()) if ndim == 0 else array


def learning_path(horizon: int, c0: float, x0: float, learning_rate: float,
                  policy_per_year: float, market_per_year: float, policy_years: int | None = None) -> pd.DataFrame:
    """Year-by-year unit costs with and without a programme's extra deployment.

    The market deploys ``market_per_year`` units each year regardless; the
    programme adds ``policy_per_year`` in years 1..``policy_years``. Costs in
    year t depend on the cumulative deployment at the start of the year.

    Returns
    -------
    pandas.DataFrame
        ``year`` (1..horizon), ``cumulative_without``, ``cumulative_with``,
        ``cost_without``, ``cost_with`` and ``price_effect`` (how much cheaper
        each unit is because of the programme).

    Examples
    --------
    >>> path = learning_path(3, c0=100, x0=100, learning_rate=0.2, policy_per_year=100,
    ...                      market_per_year=0)
    >>> path["cost_with"].round(2).tolist()
    [100.0, 80.0, 70.21]
    """
    years = np.arange(1, as_year(horizon, "horizon", low=1) + 1)
    c0 = check_positive(c0, "c0", hint="the unit cost today")
    x0 = check_positive(x0, "x0", hint="cumulative deployment today")
    learning_exponent(learning_rate)
    q = check_positive(policy_per_year, "policy_per_year", allow_zero=True,
                       hint="the programme's deployment per year")
    m = check_positive(market_per_year, "market_per_year", allow_zero=True,
                       hint="the market's deployment per year")
    span = years.size if policy_years is None else as_year(policy_years, "policy_years")
    before = years - 1
    without = x0 + m * before
    with_policy = without + q * np.minimum(before, span)
    cost_without = unit_cost(without, c0, x0, learning_rate)
    cost_with = unit_cost(with_policy, c0, x0, learning_rate)
    return pd.DataFrame({
        "year": years, "cumulative_without": without, "cumulative_with": with_policy,
        "cost_without": cost_without, "cost_with": cost_with,
        "price_effect": cost_without - cost_with,
    })


def learning_rates() -> pd.DataFrame:
    """Observed learning rates with their sources (solar PV, lithium-ion cells).

    ``cost_first``, ``cost_last`` and ``unit`` are None where the source gives no figure.

    Examples
    --------
    >>> float(learning_rates().set_index("technology").loc["solar PV modules", "learning_rate"])
    0.2
    """
    table = data.load("wright_learning_rates")
    for column in ("cost_first", "cost_last", "unit"):  # None where the source gives no figure
        table[column] = table[column].astype(object).where(table[column].notna(), None)
    return table
