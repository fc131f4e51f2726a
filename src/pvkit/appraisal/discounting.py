"""Discount factors: the Green Book's declining schedules, or one constant rate.

Convention (as in the Green Book): flows fall at the **end** of each year,
year 0 is today and is not discounted, and the factor for year T is the
product over t = 1..T of 1/(1 + r_t), where r_t is the rate of the band year t
belongs to. So each band compounds on the factor where the previous band
ended: years 1-30 at 3.5%, then years 31-75 at 3.0%, and so on.

>>> float(round(discount_factors(10), 4))
0.7089
>>> discount_factors([0, 1, 2], rate=0.1).round(4).tolist()
[1.0, 0.9091, 0.8264]
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd

from pvkit import data
from pvkit.appraisal._checks import as_years, check_rate

__all__ = ["SCHEDULES", "schedule_table", "annual_rates", "discount_factors"]

#: Names of the shipped schedules.
SCHEDULES: tuple[str, str] = ("green_book", "green_book_health")


def schedule_table(schedule: str = "green_book") -> pd.DataFrame:
    """The bands of a Green Book schedule: ``from_year``, ``to_year``, ``rate``, ``source``.

    Examples
    --------
    >>> schedule_table()["rate"].tolist()
    [0.035, 0.03, 0.025, 0.02, 0.015, 0.01]
    """
    _check_schedule(schedule)
    table = data.load("uk_green_book_discount_rates")
    return table[table["schedule"] == schedule].drop(columns="schedule").reset_index(drop=True)


def _check_schedule(schedule: object) -> None:
    if not isinstance(schedule, str):
        raise TypeError(f"schedule must be a name such as 'green_book', got {type(schedule).__name__}")
    if schedule not in SCHEDULES:
        raise ValueError(f"unknown schedule {schedule!r}; use one of {list(SCHEDULES)} or give rate=...")


@lru_cache(maxsize=8)
def _band_starts(schedule: str) -> tuple[np.ndarray, np.ndarray]:
    table = schedule_table(schedule)
    return table["from_year"].to_numpy(dtype=np.int64), table["rate"].to_numpy(dtype=float)


def annual_rates(last_year: int, schedule: str = "green_book", rate: float | None = None) -> np.ndarray:
    """The rate applying in each year 1..``last_year`` (index 0 holds year 1).

    Examples
    --------
    >>> annual_rates(32)[[0, 29, 30, 31]].tolist()
    [0.035, 0.035, 0.03, 0.03]
    """
    last = int(as_years(last_year))
    if rate is not None:
        return np.full(last, check_rate(rate))
    _check_schedule(schedule)
    starts, rates = _band_starts(schedule)
    years = np.arange(1, last + 1)
    # band k covers years starts[k]..starts[k+1]-1; year 0 sits in band 0 but is never discounted
    band = np.searchsorted(starts, years, side="right") - 1
    return rates[band]


@lru_cache(maxsize=64)
def _factors_to(last: int, schedule: str, rate: float | None) -> np.ndarray:
    rates = annual_rates(last, schedule, rate)
    factors = np.empty(last + 1)
    factors[0] = 1.0
    factors[1:] = np.cumprod(1.0 / (1.0 + rates))
    factors.flags.writeable = False
    return factors


def discount_factors(years: object, schedule: str = "green_book", rate: float | None = None) -> np.ndarray:
    """Discount factors for whole years, end-of-year convention, year 0 = 1.

    Parameters
    ----------
    years : int or array-like of int
        Years from today (0, 1, 2, ...); any shape.
    schedule : {"green_book", "green_book_health"}
        The Green Book's declining schedule: standard (3.5% for years 0-30,
        3.0% to 75, 2.5% to 125, 2.0% to 200, 1.5% to 300, 1.0% after) or the
        lower health schedule. Ignored when ``rate`` is given.
    rate : float, optional
        One constant annual rate (0.05 means 5%), above -100%.

    Returns
    -------
    numpy.ndarray or float
        Same shape as ``years`` (a float for a single year).

    Raises
    ------
    ValueError
        Negative or fractional years, a rate at or below -100%, an unknown schedule.

    Examples
    --------
    >>> f = discount_factors([30, 31])
    >>> bool(np.isclose(f[1], 1.035 ** -30 / 1.03))
    True
    >>> float(discount_factors(5, rate=0.0))
    1.0
    """
    array = as_years(years)
    if rate is not None:
        rate = check_rate(rate)
    else:
        _check_schedule(schedule)
    last = int(array.max()) if array.size else 0
    table = _factors_to(last, schedule, rate)
    out = table[array]
    return float(out) if out.ndim == 0 else out.copy()
