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

from pvkit import data
from pvkit.appraisal._checks import as_years, check_fraction, check_positive

__all__ = ["learning_exponent", "learning_rate_from_exponent", "unit_cost", "learning_path",
           "learning_rates"]


def _check_lr(learning_rate: object) -> float:
    return check_fraction(learning_rate, "the learning rate", 0.0, 1.0, high_open=True)


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
    return float(1.0 - 2.0 ** -check_positive(b, "the exponent b", allow_zero=True))


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
    x = np.asarray(cumulative, dtype=float)
    if not np.all(np.isfinite(x)) or np.any(x <= 0):
        raise ValueError("cumulative deployment must be above zero, with no missing values")
    c0 = check_positive(c0, "the starting unit cost c0")
    x0 = check_positive(x0, "the reference deployment x0")
    out = c0 * (x / x0) ** -learning_exponent(learning_rate)
    return float(out) if out.ndim == 0 else out


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
    years = np.arange(1, int(as_years(horizon)) + 1)
    q = check_positive(policy_per_year, "the programme's deployment per year", allow_zero=True)
    m = check_positive(market_per_year, "the market's deployment per year", allow_zero=True)
    span = years.size if policy_years is None else int(as_years(policy_years))
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

    Examples
    --------
    >>> float(learning_rates().set_index("technology").loc["solar PV modules", "learning_rate"])
    0.2
    """
    return data.load("wright_learning_rates")
