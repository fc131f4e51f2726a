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

from pvkit import _validate as v
from pvkit._validate import MAX_YEARS
from pvkit import data
from pvkit.appraisal._checks import HIGH_RATE, LOW_RATE, as_year, as_years, check_rate

__all__ = ["SCHEDULES", "RATE_RANGE", "schedule_table", "annual_rates", "discount_factors"]

#: Names of the shipped schedules.
SCHEDULES: tuple[str, str] = ("green_book", "green_book_health")
#: Lowest and highest constant rate accepted (-40% and 1000% a year; 0.035 means 3.5%):
#: below -40% the factor of year 1,000 times a large amount would overflow.
RATE_RANGE: tuple[float, float] = (LOW_RATE, HIGH_RATE)


def schedule_table(schedule: str = "green_book") -> pd.DataFrame:
    """The bands of a Green Book schedule: ``from_year``, ``to_year``, ``rate``, ``source``.

    The Green Book's last band has no end; here it ends at year 1,000, the last
    year :func:`discount_factors` takes.

    Examples
    --------
    >>> schedule_table()["rate"].tolist()
    [0.035, 0.03, 0.025, 0.02, 0.015, 0.01]
    """
    schedule = _check_schedule(schedule)
    table = data.load("uk_green_book_discount_rates")
    table = table[table["schedule"] == schedule].drop(columns="schedule")
    table = table.sort_values("from_year", kind="stable").reset_index(drop=True)
    # the last band is open-ended in the file; here it runs to the last year pvkit discounts
    table["to_year"] = table["to_year"].fillna(MAX_YEARS).astype(np.int64)
    return table


def _check_schedule(schedule: object) -> str:
    try:
        return v.choice("schedule", schedule, SCHEDULES)
    except ValueError as error:
        raise ValueError(f"{error}: an unknown schedule (or give rate=... for one constant rate)") from None


@lru_cache(maxsize=8)
def _band_starts(schedule: str) -> tuple[np.ndarray, np.ndarray]:
    """Band starts and rates, in year order; refuses bands with gaps, overlaps or odd rates."""
    table = schedule_table(schedule)
    file = "uk_green_book_discount_rates.csv"
    starts = pd.to_numeric(table["from_year"], errors="coerce").to_numpy(dtype=float)
    ends = pd.to_numeric(table["to_year"], errors="coerce").to_numpy(dtype=float)
    rates = pd.to_numeric(table["rate"], errors="coerce").to_numpy(dtype=float)
    if starts.size == 0 or starts[0] != 0 or not np.all(np.isfinite(starts)):
        raise ValueError(f"{file}: the {schedule!r} bands must start at year 0 with whole years")
    if np.any(ends[:-1] + 1 != starts[1:]) or ends[-1] != MAX_YEARS:
        raise ValueError(f"{file}: the {schedule!r} bands must follow on from each other without gaps "
                         "or overlaps, the last one open-ended")
    if not np.all(np.isfinite(rates)) or np.any(rates < 0) or np.any(rates > 1):
        raise ValueError(f"{file}: every {schedule!r} rate must be between 0 and 1 (0.035 means 3.5%)")
    return starts.astype(np.int64), rates


def annual_rates(last_year: int, schedule: str = "green_book", rate: float | None = None) -> np.ndarray:
    """The rate applying in each year 1..``last_year`` (index 0 holds year 1).

    Examples
    --------
    >>> annual_rates(32)[[0, 29, 30, 31]].tolist()
    [0.035, 0.035, 0.03, 0.03]
    """
    last = as_year(last_year, "last_year")
    schedule = _check_schedule(schedule)
    if rate is not None:
        return np.full(last, check_rate(rate))
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
        One constant annual rate (0.05 means 5%), between -20% and 100%.

    Returns
    -------
    numpy.ndarray or float
        Same shape as ``years`` (a float for a single year).

    Raises
    ------
    ValueError
        Negative, fractional or more than 1,000 years (or more than 100,000 of them),
        a rate outside -20%..100%, an unknown schedule.

    Examples
    --------
    >>> f = discount_factors([30, 31])
    >>> bool(np.isclose(f[1], 1.035 ** -30 / 1.03))
    True
    >>> float(discount_factors(5, rate=0.0))
    1.0
    """
    array = as_years(years)
    schedule = _check_schedule(schedule)  # checked even when a rate replaces it: a typo is a mistake
    if rate is not None:
        rate = check_rate(rate)
    last = int(array.max()) if array.size else 0
    table = _factors_to(last, schedule, rate)
    out = table[array]
    return float(out) if out.ndim == 0 else out.copy()
