"""Argument checks shared by the rewards modules: a thin layer over :mod:`pvkit._validate`.

Every message starts with the argument's name, shows the value and says what
is allowed. The wording of ranges ("a share between 0 and 1", "cannot be
negative") is the one the lesson uses.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Mapping
from typing import Any

import numpy as np

from pvkit import _validate as v
from pvkit._validate import BIG, MAX_DRAWS, MAX_ITEMS

__all__ = ["share", "non_negative", "positive", "whole", "seed", "amounts", "text", "choice", "names",
           "deal_names", "BIG", "MAX_DRAWS", "MAX_ITEMS", "MAX_CELLS", "MAX_DEALS", "MAX_TERMS"]

#: Most ventures (portfolios x ventures) one simulation or table of outcomes may hold:
#: five times MAX_DRAWS. Each array of them takes 40 MB and a split builds about ten.
MAX_CELLS = 5 * MAX_DRAWS
#: Most deals compared in one call: more cannot be read in one table or chart, and
#: each deal is one pass over every venture.
MAX_DEALS = 50
#: Most terms in one deal (there are ten kinds; repeats only add up).
MAX_TERMS = 50
AMOUNT_WHY = "(so that sums and products of amounts stay finite)"

seed = v.seed
text = v.text
choice = v.choice
names = v.names


def share(name: str, value: object) -> float:
    """A share between 0 and 1 (0.2 means 20%).

    >>> share("stake", 0.25)
    0.25
    """
    number = v.number(name, value, hint="0.2 means 20%")
    if not 0.0 <= number <= 1.0:
        raise ValueError(f"{name} must be a share between 0 and 1 (0.2 means 20%), got {number:g}")
    return number


def non_negative(name: str, value: object, upper: float | None = BIG, why: str = "") -> float:
    """A number at least zero and at most ``upper`` (amounts: at most ``BIG``).

    >>> non_negative("rate", 0.05, upper=10.0)
    0.05
    """
    number = v.number(name, value)
    if number < 0:
        raise ValueError(f"{name} cannot be negative, got {number:g}")
    if upper is not None and number > upper:
        reason = why or (AMOUNT_WHY if upper == BIG else "")
        raise ValueError(f"{name} must be at most {upper:g}{' ' + reason if reason else ''}, got {number:g}")
    return number


def positive(name: str, value: object, upper: float | None = BIG) -> float:
    """A number more than zero (and at most ``upper``).

    >>> positive("units", 3)
    3.0
    """
    number = non_negative(name, value, upper)
    if number == 0:
        raise ValueError(f"{name} must be more than 0, got 0")
    return number


def whole(name: str, value: object, lowest: int = 1, highest: int | None = None, why: str = "") -> int:
    """A whole number (a Python or numpy integer, or a float such as ``1e4``) in a range.

    ``why`` explains the upper bound. A fraction (``10.5`` ventures) is a
    type error, never rounded.

    >>> whole("n_ventures", np.int64(100))
    100
    """
    fraction = isinstance(value, (float, np.floating)) and math.isfinite(value) and value != math.floor(value)
    if fraction or isinstance(value, (bool, np.bool_)) or not isinstance(value, (numbers.Integral, float,
                                                                                 np.floating)):
        raise TypeError(f"{name} must be a whole number such as 10, got {type(value).__name__} {v.shown(value)}")
    return v.whole(name, value, low=lowest, high=highest, why=why)


def amounts(name: str, values: object, what: str = "venture") -> np.ndarray:
    """Finite amounts from 0 to ``BIG`` as a float array: one number, a list, or a table.

    >>> amounts("profit", [0, 2.5]).tolist()
    [0.0, 2.5]
    """
    if isinstance(values, np.ndarray) and values.dtype == np.float64 and 0 < values.size <= MAX_CELLS \
            and values.ndim <= 2 and (values.ndim == 0 or values.shape[-1] <= MAX_ITEMS) \
            and (values.ndim < 2 or values.shape[0] <= MAX_DRAWS):
        low, high = values.min(), values.max()  # NaN propagates, so two passes check everything
        if 0.0 <= low and high <= BIG:
            return values
    if isinstance(values, (bool, np.bool_)):
        raise TypeError(f"{name} must be numbers, not True/False")
    try:
        ndim = np.ndim(values) if not isinstance(values, (str, bytes, dict, set)) and values is not None else 1
    except (TypeError, ValueError):  # ragged lists
        raise ValueError(f"{name} must be a list of numbers or a table with rows of equal length") from None
    if ndim > 2:
        raise ValueError(f"{name} must be a list of {what}s or a table (portfolios x {what}s), "
                         f"got {ndim} dimensions")
    raw = _as_float(name, values)
    if raw.size > MAX_CELLS:
        raise ValueError(f"{name} has {raw.size:,} {what}s; at most {MAX_CELLS:,} at once "
                         "(each array of them takes memory, and a split builds about ten)")
    if ndim and raw.shape[-1] > MAX_ITEMS:
        raise ValueError(f"{name} has {raw.shape[-1]:,} {what}s in a portfolio; at most {MAX_ITEMS:,} "
                         "(to keep tables and memory bounded)")
    if ndim == 2 and raw.shape[0] > MAX_DRAWS:
        raise ValueError(f"{name} has {raw.shape[0]:,} portfolios; at most {MAX_DRAWS:,} "
                         "(as many as the draws of a simulation)")
    if np.isnan(raw).any():
        raise ValueError(f"{name} contains NaN (a missing value); give a number for every {what}")
    if ndim == 2:
        if raw.size == 0:
            raise ValueError(f"{name} is empty: a portfolio needs at least one {what}")
        array = v.array(name, raw, ndim=2, max_length=MAX_DRAWS, what="(portfolio, venture)")
    else:
        array = v.array(name, values if ndim == 1 else raw, max_length=MAX_ITEMS, what=what)
        if ndim == 0:
            array = array.reshape(())
    if (array < 0).any():
        raise ValueError(f"{name} cannot be negative (found {float(array.min()):g})")
    if (array > BIG).any():
        raise ValueError(f"{name} must be at most {BIG:g} {AMOUNT_WHY}, found {float(array.max()):g}")
    return array


def _as_float(name: str, values: object) -> np.ndarray:
    if values is None or isinstance(values, (str, bytes, dict, set)):
        raise TypeError(f"{name} must be a list or array of numbers, got {type(values).__name__} {v.shown(values)}")
    if isinstance(values, np.ndarray) and values.dtype == bool:
        raise TypeError(f"{name} must contain numbers, not True/False values")
    try:
        return np.asarray(values, dtype=float)
    except (TypeError, ValueError, OverflowError):
        raise TypeError(f"{name} must contain numbers only, got {v.shown(values)}") from None


def deal_names(name: str, deals: object) -> dict[str, Any]:
    """A non-empty dict of name -> deal, with text names, at most ``MAX_DEALS`` of them.

    The deals themselves are checked where they are used.

    >>> list(deal_names("deals", {"grant": 1}))
    ['grant']
    """
    if not isinstance(deals, Mapping):
        raise TypeError(f"{name} must be a dict of name -> deal, such as {{'grant': Grant()}}, "
                        f"got {type(deals).__name__} {v.shown(deals)}")
    if not deals:
        raise ValueError(f"{name} is empty: give at least one deal as name -> deal")
    if len(deals) > MAX_DEALS:
        raise ValueError(f"{name} has {len(deals):,} deals; at most {MAX_DEALS} at once "
                         "(more cannot be read in one table or chart)")
    out: dict[str, Any] = {}
    for key, deal in deals.items():
        label = v.text(f"{name} key {v.shown(key)}", key, max_length=200) if isinstance(key, str) else None
        if label is None:
            raise TypeError(f"{name} must be named by text, got the key {v.shown(key)} "
                            f"({type(key).__name__})")
        if label in out:
            raise ValueError(f"{name} names {label!r} twice")
        out[label] = deal
    return out

