"""Argument checks shared by the appraisal modules: a thin layer over :mod:`pvkit._validate`.

Each check names the argument, shows the value and says what is allowed.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from pvkit import _validate as v
from pvkit._validate import BIG, MAX_DRAWS, MAX_ITEMS, MAX_YEARS

__all__ = ["as_flows", "as_years", "as_year", "check_rate", "check_fraction", "check_positive",
           "check_amount", "check_draws", "check_seed", "as_projects", "finite", "LOW_RATE", "HIGH_RATE",
           "MAX_PROJECTS", "MAX_CELLS"]

#: Discount and inflation rates are between -40% and +1000% a year. Below -40% the
#: factor for year 1,000 times an amount of BIG would overflow (0.6 ** -1000 ~ 1e222 fits,
#: 0.5 ** -1000 ~ 1e301 does not); above +1000% no appraisal or IRR needs them and a
#: typo such as 35 for 3.5% is caught.
LOW_RATE, HIGH_RATE = -0.4, 10.0
#: Projects in one portfolio: the Monte Carlo works on draws x projects x years arrays.
MAX_PROJECTS = 100
#: Largest draws x projects x years array the Monte Carlo may build (about 200 MB of
#: float32, 400 MB of float64): keeps one call's memory well under a gigabyte.
MAX_CELLS = 50_000_000


def as_flows(values: object, name: str = "flows", what: str = "year", *, low: float = -BIG,
             max_length: int = MAX_YEARS + 1) -> np.ndarray:
    """A 1-D float array of amounts, one per year from year 0: finite, at most ``BIG`` in size."""
    if isinstance(values, (list, tuple, np.ndarray)) and len(values) > max_length:
        limit = (f"years 0..{max_length - 1:,}, longer than any appraisal period" if what == "year"
                 else "to keep memory and time bounded")
        raise ValueError(f"{name} has {len(values):,} {what}s; at most {max_length:,} ({limit})")
    return v.array(name, values, max_length=max_length, low=low, high=BIG, what=what)


def as_years(years: object, name: str = "years") -> np.ndarray:
    """Whole years 0..MAX_YEARS as an int array (any shape, at most MAX_ITEMS of them)."""
    if years is None or isinstance(years, (str, bytes, dict, set)):
        raise TypeError(f"{name} must be whole numbers such as 0, 1, 2, ..., got {v.shown(years)}")
    if isinstance(years, (bool, np.bool_)) or (isinstance(years, np.ndarray) and years.dtype == bool):
        raise TypeError(f"{name} must be whole numbers such as 0, 1, 2, ..., not True/False")
    try:
        array = np.asarray(years, dtype=float)
    except (TypeError, ValueError, OverflowError):
        raise TypeError(f"{name} must be whole numbers such as 0, 1, 2, ..., got {v.shown(years)}") from None
    if array.size > MAX_ITEMS:
        raise ValueError(f"{name} has {array.size:,} entries; at most {MAX_ITEMS:,}")
    if not np.all(np.isfinite(array)):
        raise ValueError(f"{name} must be whole numbers; found a missing or infinite value")
    if np.any(array < 0):
        raise ValueError(f"{name} cannot be negative (year 0 is today), got {array.min():g}")
    if np.any(array != np.round(array)):
        raise ValueError(f"{name} must be whole numbers (flows come at the end of each year)")
    if np.any(array > MAX_YEARS):
        raise ValueError(f"{name} must be at most {MAX_YEARS:,} years from today (longer than any "
                         f"appraisal period), got {array.max():g}")
    return array.astype(np.int64)


def as_year(value: object, name: str, low: int = 0, high: int = MAX_YEARS) -> int:
    """One whole year in [low, high]."""
    if isinstance(value, (int, np.integer)) and not isinstance(value, (bool, np.bool_)) and value < 0 <= low:
        raise ValueError(f"{name} cannot be negative (year 0 is today), got {value}")
    return v.whole(name, value, low=low, high=high, why="(years from today; longer than any appraisal period)")


def check_rate(rate: object, name: str = "rate") -> float:
    """An annual rate between LOW_RATE and HIGH_RATE, as a float."""
    value = v.number(name, rate, hint="0.035 means 3.5%")
    if not LOW_RATE <= value <= HIGH_RATE:
        raise ValueError(f"{name} must be between {LOW_RATE:.0%} and {HIGH_RATE:.0%} a year "
                         f"(0.035 means 3.5%; at -100% or below money would vanish), got {value:g}")
    return value


def check_fraction(value: object, name: str, low: float = 0.0, high: float = 1.0,
                   high_open: bool = False, hint: str = "") -> float:
    """A number in [low, high] (or [low, high) when ``high_open``)."""
    return v.number(name, value, low=low, high=high, high_open=high_open, hint=hint)


def check_positive(value: object, name: str, allow_zero: bool = False, high: float = BIG,
                   hint: str = "") -> float:
    """A finite number above zero (or at least zero), at most ``high``."""
    return v.number(name, value, low=0.0, low_open=not allow_zero, high=high, hint=hint)


def check_amount(value: object, name: str, hint: str = "") -> float:
    """An amount of money, positive or negative, at most BIG in size."""
    return v.number(name, value, low=-BIG, high=BIG, hint=hint)


def check_draws(n: object, name: str = "n") -> int:
    """A number of Monte Carlo draws, 1..MAX_DRAWS."""
    return v.whole(f"{name} (the number of draws)", n, low=1, high=MAX_DRAWS,
                   why="to keep memory and time bounded")


def check_seed(seed: object, name: str = "seed") -> int:
    return v.seed(name, seed)


def as_projects(projects: object, name: str = "projects") -> list[Any]:
    """One Project or a list of them, as a non-empty list of at most MAX_PROJECTS."""
    from pvkit.appraisal.project import Project

    if isinstance(projects, Project):
        return [projects]
    hint = "a Project or a list of them (see pvkit.appraisal.example_portfolio())"
    if isinstance(projects, (str, bytes, dict)) or not isinstance(projects, (Sequence, tuple, np.ndarray)):
        raise TypeError(f"{name} must be {hint}, got {type(projects).__name__}")
    items = list(projects)
    if not items:
        raise ValueError(f"{name} is empty; give at least one Project")
    if len(items) > MAX_PROJECTS:
        raise ValueError(f"{name} has {len(items):,} projects; at most {MAX_PROJECTS} in one portfolio "
                         "(to keep the Monte Carlo's memory bounded)")
    for i, item in enumerate(items):
        if not isinstance(item, Project):
            raise TypeError(f"{name}[{i}] must be a Project, got {type(item).__name__}")
    return items


def finite(names: str, values: Any) -> Any:
    """``values`` if all finite; otherwise a ValueError blaming ``names`` (the inputs)."""
    data = np.asarray(values, dtype=float)
    if not np.all(np.isfinite(data)):
        raise ValueError(f"{names} are too large to compute with (the result overflows); "
                         f"use smaller amounts")
    return values
