"""One validation layer for every public function of pvkit.

Each check takes the argument's name first, returns the value in a clean form
(a float, an int, a 1-D float array, a known name) and otherwise raises
``TypeError`` (wrong kind of thing) or ``ValueError`` (right kind, wrong value)
with a message a student can act on: the argument, the value given, and what is
allowed.

>>> number("rate", 0.035, low=-1, low_open=True)
0.035
>>> whole("years", 40, low=1, high=MAX_YEARS)
40
>>> choice("kind", "sales", ["sales", "assets"])
'sales'
>>> choice("kind", "sale", ["sales", "assets"])
Traceback (most recent call last):
...
ValueError: kind must be one of 'sales', 'assets'; got 'sale' (did you mean 'sales'?)
"""

from __future__ import annotations

import difflib
import math
import numbers
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
import pandas as pd

__all__ = [
    "MAX_DRAWS", "MAX_YEARS", "MAX_SEED", "MAX_ITEMS", "BIG",
    "shown", "number", "whole", "share", "seed", "flag", "text", "choice", "names",
    "array", "frame", "instance", "finite_result",
]

#: Monte Carlo draws: 10**6 draws of a 50-year portfolio is about 1 GB of floats.
MAX_DRAWS = 1_000_000
#: Years in a flow, a horizon or a schedule: longer than any appraisal period
#: the Green Book uses (its long-term schedule runs to 300 years).
MAX_YEARS = 1_000
#: Largest seed numpy's generators take from us (the range of an unsigned 64-bit int).
MAX_SEED = 2**63 - 1
#: Rows, ventures, items or groups in one call: keeps tables and charts readable and bounded.
MAX_ITEMS = 100_000
#: Money and quantities are bounded so that sums and products of them stay finite
#: (1e15 GBP is about five hundred times world GDP).
BIG = 1e15


def shown(value: object, limit: int = 40) -> str:
    """A short repr of ``value`` for an error message.

    >>> shown("x" * 100)[:10]
    "'xxxxxxxxx"
    """
    if isinstance(value, float):
        text = f"{value:g}"
    else:
        try:
            text = repr(value)
        except Exception:  # a broken __repr__ must not hide the real message
            text = f"<{type(value).__name__}>"
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _kind(value: object) -> str:
    return "None" if value is None else type(value).__name__


def _is_real(value: object) -> bool:
    return not isinstance(value, (bool, np.bool_)) and isinstance(value, numbers.Real)


def _range_words(low: float | None, high: float | None, low_open: bool, high_open: bool) -> str:
    if low is not None and high is not None:
        left, right = ("above" if low_open else "at least"), ("below" if high_open else "at most")
        return f"{left} {low:g} and {right} {high:g}"
    if low is not None:
        return f"{'above' if low_open else 'at least'} {low:g}"
    if high is not None:
        return f"{'below' if high_open else 'at most'} {high:g}"
    return "a finite number"


def number(name: str, value: object, *, low: float | None = None, high: float | None = None,
           low_open: bool = False, high_open: bool = False, hint: str = "") -> float:
    """A finite real number in an optional range, as a float.

    Parameters
    ----------
    name : str
        The argument's name, used in the message.
    value : object
        What the caller gave.
    low, high : float, optional
        Bounds; ``low_open``/``high_open`` exclude them.
    hint : str
        An example or unit, e.g. ``"0.035 means 3.5%"``.

    >>> number("cost", 10)
    10.0
    >>> number("share", 1.5, low=0, high=1)
    Traceback (most recent call last):
    ...
    ValueError: share must be at least 0 and at most 1, got 1.5
    """
    extra = f" ({hint})" if hint else ""
    if not _is_real(value):
        raise TypeError(f"{name} must be a number{extra}, got {_kind(value)} {shown(value)}")
    result = float(value)  # type: ignore[arg-type]
    if math.isnan(result):
        raise ValueError(f"{name} is missing (NaN); give a number{extra}")
    if math.isinf(result):
        raise ValueError(f"{name} must be finite, got {result}")
    too_low = low is not None and (result <= low if low_open else result < low)
    too_high = high is not None and (result >= high if high_open else result > high)
    if too_low or too_high:
        raise ValueError(f"{name} must be {_range_words(low, high, low_open, high_open)}{extra}, "
                         f"got {result:g}")
    return result


def whole(name: str, value: object, *, low: int | None = 0, high: int | None = None,
          why: str = "") -> int:
    """A whole number (Python or numpy int, or a float with no fraction) in a range.

    ``why`` says why an upper bound exists, e.g. ``"to keep memory bounded"``.

    >>> whole("n", np.int64(5), low=1)
    5
    >>> whole("n", 2.5)
    Traceback (most recent call last):
    ...
    ValueError: n must be a whole number, got 2.5
    """
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (numbers.Integral, float, np.floating)):
        raise TypeError(f"{name} must be a whole number, got {_kind(value)} {shown(value)}")
    if isinstance(value, (float, np.floating)):
        if not math.isfinite(value) or value != math.floor(value):
            raise ValueError(f"{name} must be a whole number, got {shown(float(value))}")
    result = int(value)
    if low is not None and result < low:
        raise ValueError(f"{name} must be at least {low:,}, got {result:,}")
    if high is not None and result > high:
        reason = f" {why}" if why else ""
        raise ValueError(f"{name} must be at most {high:,}{reason}, got {shown(result)}")
    return result


def share(name: str, value: object, *, high_open: bool = False) -> float:
    """A share between 0 and 1 (0.2 means 20%).

    >>> share("stake", 0.25)
    0.25
    """
    return number(name, value, low=0.0, high=1.0, high_open=high_open, hint="0.2 means 20%")


def seed(name: str, value: object) -> int:
    """A seed for the random draws: a whole number from 0 (same seed, same answer).

    ``None`` is refused on purpose: a different answer on every run cannot be graded
    or discussed.

    >>> seed("seed", 2024)
    2024
    """
    if value is None:
        raise TypeError(f"{name} must be a whole number such as 0 or 2024 (the same seed gives "
                        f"the same answer every time), got None")
    return whole(name, value, low=0, high=MAX_SEED)


def flag(name: str, value: object) -> bool:
    """True or False (numpy booleans too).

    >>> flag("ordered", np.True_)
    True
    """
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{name} must be True or False, got {_kind(value)} {shown(value)}")
    return bool(value)


def text(name: str, value: object, *, empty: bool = False, max_length: int = 10_000) -> str:
    """A string (stripped), not blank unless ``empty``, at most ``max_length`` characters.

    >>> text("title", "  Net zero  ")
    'Net zero'
    """
    if not isinstance(value, str):
        raise TypeError(f"{name} must be text, got {_kind(value)} {shown(value)}")
    result = value.strip()
    if not result and not empty:
        raise ValueError(f"{name} is blank; write some text")
    if len(result) > max_length:
        raise ValueError(f"{name} is too long ({len(result):,} characters; at most {max_length:,})")
    return result


def choice(name: str, value: object, options: Iterable[Any]) -> Any:
    """One of a known set of names; a near miss gets a "did you mean".

    Matching ignores case and surrounding spaces for strings; the canonical
    spelling is returned.
    """
    allowed = list(options)
    listed = ", ".join(repr(o) for o in allowed[:12]) + (", ..." if len(allowed) > 12 else "")
    if isinstance(value, str):
        folded = {str(o).strip().lower(): o for o in allowed}
        key = value.strip().lower()
        if key in folded:
            return folded[key]
        close = difflib.get_close_matches(key, list(folded), n=1, cutoff=0.6)
        guess = f" (did you mean {folded[close[0]]!r}?)" if close else ""
        raise ValueError(f"{name} must be one of {listed}; got {shown(value)}{guess}")
    if any(not isinstance(o, str) for o in allowed):
        try:
            if value in allowed and not isinstance(value, (bool, np.bool_)):
                return allowed[allowed.index(value)]
        except (TypeError, ValueError):
            pass
        raise ValueError(f"{name} must be one of {listed}; got {shown(value)}")
    raise TypeError(f"{name} must be a name (text) such as {allowed[0]!r}, got {_kind(value)} "
                    f"{shown(value)}")


def names(name: str, values: object, options: Iterable[Any] | None = None, *,
          empty: bool = False, unique: bool = True) -> list[Any]:
    """A list of names (each checked against ``options`` when given).

    >>> names("parties", ["state", "firm"], ["state", "firm", "public"])
    ['state', 'firm']
    """
    if isinstance(values, str) or not isinstance(values, Iterable):
        raise TypeError(f"{name} must be a list of names, got {_kind(values)} {shown(values)}")
    items = list(values)
    if len(items) > MAX_ITEMS:
        raise ValueError(f"{name} has {len(items):,} entries; at most {MAX_ITEMS:,}")
    if not items and not empty:
        raise ValueError(f"{name} is empty; give at least one name")
    allowed = list(options) if options is not None else None
    result = [choice(f"{name}[{i}]", item, allowed) if allowed is not None else text(f"{name}[{i}]", item)
              for i, item in enumerate(items)]
    if unique:
        seen: set[Any] = set()
        for item in result:
            if item in seen:
                raise ValueError(f"{name} names {item!r} twice")
            seen.add(item)
    return result


def array(name: str, values: object, *, ndim: int = 1, min_length: int = 1,
          max_length: int = MAX_ITEMS, low: float | None = None, high: float | None = None,
          low_open: bool = False, high_open: bool = False, what: str = "value") -> np.ndarray:
    """Numbers as a float array (lists, tuples, arrays, Series); finite, sized, in range.

    A single number counts as one value. ``what`` names one entry in messages
    ("year", "venture").

    >>> array("flows", [-100, 50, 60]).tolist()
    [-100.0, 50.0, 60.0]
    >>> array("flows", [1, float("nan")], what="year")
    Traceback (most recent call last):
    ...
    ValueError: flows has a missing or infinite value at year 1
    """
    if values is None or isinstance(values, (str, bytes, dict, set)):
        raise TypeError(f"{name} must be a list or array of numbers, got {_kind(values)} {shown(values)}")
    if isinstance(values, (pd.DataFrame,)):
        raise TypeError(f"{name} must be a list or array of numbers, not a table")
    if isinstance(values, np.ndarray) and values.dtype == bool:
        raise TypeError(f"{name} must contain numbers, not True/False values")
    try:
        result = np.asarray(values, dtype=float)
    except (TypeError, ValueError, OverflowError):
        raise TypeError(f"{name} must contain numbers only, got {shown(values)}") from None
    if result.ndim == 0 and ndim == 1:
        result = result.reshape(1)
    if result.ndim != ndim:
        shape = "one row of numbers" if ndim == 1 else f"a {ndim}-D array"
        raise ValueError(f"{name} must be {shape}, got shape {result.shape}")
    size = result.shape[0] if result.ndim else 1
    if size < min_length:
        raise ValueError(f"{name} is empty: give at least {min_length} {what}(s)" if size == 0 else
                         f"{name} needs at least {min_length} {what}s, got {size}")
    if size > max_length:
        raise ValueError(f"{name} has {size:,} {what}s; at most {max_length:,} are allowed")
    bad = ~np.isfinite(result)
    if bad.any():
        where = np.argwhere(bad)[0]
        at = int(where[0]) if where.size == 1 else tuple(int(i) for i in where)
        raise ValueError(f"{name} has a missing or infinite value at {what} {at}")
    if low is not None or high is not None:
        too_low = np.zeros(result.shape, bool) if low is None else (result <= low if low_open else result < low)
        too_high = np.zeros(result.shape, bool) if high is None else (result >= high if high_open else result > high)
        off = too_low | too_high
        if off.any():
            at = np.argwhere(off)[0]
            index = int(at[0]) if at.size == 1 else tuple(int(i) for i in at)
            raise ValueError(f"every {what} in {name} must be {_range_words(low, high, low_open, high_open)}; "
                             f"{what} {index} is {result[tuple(at)]:g}")
    return result


def frame(name: str, value: object, *, columns: Sequence[str] = (), numeric: Sequence[str] = (),
          min_rows: int = 1, max_rows: int = MAX_ITEMS) -> pd.DataFrame:
    """A DataFrame with the given columns, finite numeric columns and a bounded size.

    >>> frame("economy", pd.DataFrame({"sales": [1.0]}), columns=["sales"], numeric=["sales"]).shape
    (1, 1)
    """
    if not isinstance(value, pd.DataFrame):
        raise TypeError(f"{name} must be a table (pandas DataFrame), got {_kind(value)} {shown(value)}")
    missing = [c for c in list(columns) + [c for c in numeric if c not in columns] if c not in value.columns]
    if missing:
        raise ValueError(f"{name} is missing column(s) {missing}; it has {list(value.columns)}")
    if len(value) < min_rows:
        raise ValueError(f"{name} is empty: it needs at least {min_rows} row(s)")
    if len(value) > max_rows:
        raise ValueError(f"{name} has {len(value):,} rows; at most {max_rows:,}")
    for column in numeric:
        values = pd.to_numeric(value[column], errors="coerce")
        as_float = values.to_numpy(dtype=float, na_value=np.nan)
        bad = ~np.isfinite(as_float)
        if bad.any():
            row = value.index[int(np.flatnonzero(bad)[0])]
            raise ValueError(f"{name} column {column!r} has a missing, non-numeric or infinite value "
                             f"in row {row!r}: {shown(value[column].loc[row])}")
    return value


def instance(name: str, value: object, kind: type | tuple[type, ...], what: str) -> Any:
    """``value`` itself, if it is an instance of ``kind``; ``what`` describes it for students.

    >>> instance("when", 3, int, "a whole number")
    3
    """
    if isinstance(value, (bool, np.bool_)) and bool not in (kind if isinstance(kind, tuple) else (kind,)):
        raise TypeError(f"{name} must be {what}, got {_kind(value)}")
    if not isinstance(value, kind):
        raise TypeError(f"{name} must be {what}, got {_kind(value)} {shown(value)}")
    return value


def finite_result(name: str, values: Any) -> Any:
    """Refuse a result that overflowed: the inputs were too large to compute with.

    ``name`` names the inputs to blame.

    >>> finite_result("flows", np.array([1.0, 2.0])).tolist()
    [1.0, 2.0]
    """
    data = values.select_dtypes("number").to_numpy(dtype=float) if isinstance(values, pd.DataFrame) else values
    array_ = np.asarray(data, dtype=float)
    if not np.all(np.isfinite(array_)):
        raise ValueError(f"{name} are too large to compute with (the result overflows); "
                         f"use amounts below {BIG:.0e}")
    return values
