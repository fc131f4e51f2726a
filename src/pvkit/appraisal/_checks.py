"""Argument checks shared by the appraisal modules (messages written for students)."""

from __future__ import annotations

import numbers

import numpy as np

__all__ = ["as_flows", "as_years", "check_rate", "check_fraction", "check_positive"]


def as_flows(values: object, name: str = "flows") -> np.ndarray:
    """A 1-D float array of cash flows, one per year from year 0; no NaN or infinity."""
    if isinstance(values, (str, bytes)) or values is None:
        raise TypeError(f"{name} must be a list or array of numbers, one per year, got {type(values).__name__}")
    try:
        array = np.asarray(values, dtype=float)
    except (TypeError, ValueError):
        raise TypeError(f"{name} must contain numbers only, one per year") from None
    if array.ndim == 0:
        array = array.reshape(1)
    if array.ndim != 1:
        raise ValueError(f"{name} must be one row of numbers (one per year), got shape {array.shape}")
    if array.size == 0:
        raise ValueError(f"{name} is empty: give at least the year-0 figure")
    if not np.all(np.isfinite(array)):
        bad = int(np.flatnonzero(~np.isfinite(array))[0])
        raise ValueError(f"{name} has a missing or infinite value in year {bad}")
    return array


def as_years(years: object) -> np.ndarray:
    """Whole, non-negative years as an int array (any shape)."""
    if isinstance(years, (str, bytes)) or years is None:
        raise TypeError(f"years must be whole numbers, got {type(years).__name__}")
    try:
        array = np.asarray(years, dtype=float)
    except (TypeError, ValueError):
        raise TypeError("years must be whole numbers such as 0, 1, 2, ...") from None
    if not np.all(np.isfinite(array)):
        raise ValueError("years must be whole numbers; found a missing or infinite value")
    if np.any(array < 0):
        raise ValueError(f"years cannot be negative (year 0 is today), got {array.min():g}")
    if np.any(array != np.round(array)):
        raise ValueError("years must be whole numbers (flows come at the end of each year)")
    return array.astype(np.int64)


def check_rate(rate: object, name: str = "rate") -> float:
    """A finite annual rate above -100%, as a float."""
    if isinstance(rate, bool) or not isinstance(rate, numbers.Real):
        raise TypeError(f"{name} must be a number such as 0.035 (3.5%), got {type(rate).__name__}")
    value = float(rate)
    if not np.isfinite(value):
        raise ValueError(f"{name} must be a finite number, got {value}")
    if value <= -1:
        raise ValueError(f"{name} must be above -100% (-1.0); at {value:g} money would vanish or change sign")
    return value


def check_fraction(value: object, name: str, low: float = 0.0, high: float = 1.0,
                   high_open: bool = False) -> float:
    """A number in [low, high] (or [low, high) when ``high_open``)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a number, got {type(value).__name__}")
    value = float(value)
    above = value >= high if high_open else value > high
    if not np.isfinite(value) or value < low or above:
        bracket = ")" if high_open else "]"
        raise ValueError(f"{name} must be in [{low:g}, {high:g}{bracket}, got {value:g}")
    return value


def check_positive(value: object, name: str, allow_zero: bool = False) -> float:
    """A finite number above zero (or at least zero)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a number, got {type(value).__name__}")
    value = float(value)
    if not np.isfinite(value) or value < 0 or (value == 0 and not allow_zero):
        need = "zero or more" if allow_zero else "above zero"
        raise ValueError(f"{name} must be {need}, got {value:g}")
    return value
