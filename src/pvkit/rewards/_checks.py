"""Argument checks shared by the rewards modules, with messages written for students."""

from __future__ import annotations

import math
from numbers import Real

import numpy as np

__all__ = ["share", "non_negative", "whole", "amounts"]


def _number(name: str, value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, (Real, np.floating, np.integer)):
        raise TypeError(f"{name} must be a number, got {type(value).__name__} {value!r}")
    number = float(value)  # type: ignore[arg-type]
    if math.isnan(number):
        raise ValueError(f"{name} is not a number (NaN); give a value such as 0.2")
    if math.isinf(number):
        raise ValueError(f"{name} must be finite, got {number}")
    return number


def share(name: str, value: object) -> float:
    """A share between 0 and 1 (0.2 means 20%).

    >>> share("equity stake", 0.25)
    0.25
    """
    number = _number(name, value)
    if not 0.0 <= number <= 1.0:
        raise ValueError(
            f"{name} must be a share between 0 and 1 (0.2 means 20%), got {number:g}"
        )
    return number


def non_negative(name: str, value: object, upper: float | None = None) -> float:
    """A number at least zero (and at most ``upper`` when given).

    >>> non_negative("interest rate", 0.05)
    0.05
    """
    number = _number(name, value)
    if number < 0:
        raise ValueError(f"{name} cannot be negative, got {number:g}")
    if upper is not None and number > upper:
        raise ValueError(f"{name} must be at most {upper:g}, got {number:g}")
    return number


def whole(name: str, value: object, lowest: int = 1, highest: int | None = None) -> int:
    """A whole number in a range.

    >>> whole("number of ventures", 100)
    100
    """
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise TypeError(f"{name} must be a whole number, got {type(value).__name__} {value!r}")
    number = int(value)
    if number < lowest:
        raise ValueError(f"{name} must be at least {lowest}, got {number}")
    if highest is not None and number > highest:
        raise ValueError(f"{name} must be at most {highest}, got {number}")
    return number


def amounts(name: str, values: object) -> np.ndarray:
    """A non-empty array of finite, non-negative amounts (as floats).

    >>> amounts("profit", [0, 2.5]).tolist()
    [0.0, 2.5]
    """
    try:
        array = np.asarray(values, dtype=float)
    except (TypeError, ValueError) as error:
        raise TypeError(f"{name} must be numbers, got {values!r}") from error
    if array.size == 0:
        raise ValueError(f"{name} is empty: a portfolio needs at least one venture")
    if np.isnan(array).any():
        raise ValueError(f"{name} contains NaN (a missing value); give a number for every venture")
    if not np.isfinite(array).all():
        raise ValueError(f"{name} must be finite")
    if (array < 0).any():
        raise ValueError(f"{name} cannot be negative")
    return array
