"""The one guard every chart function uses: a checked input table, an honest empty chart.

A chart must never carry NaN or infinity (the browser cannot read them), and a
chart of nothing says so instead of failing. :func:`finite_frame` checks a
table's type, columns, numbers (finite and not absurdly large) and labels, with
messages that name the argument; :func:`empty_chart` is the small chart shown
when there is nothing to draw; :func:`finish` gives a chart its description
(read out by screen readers) and the house style.

>>> import pandas as pd
>>> finite_frame("table", pd.DataFrame({"x": [1.0]}), numeric=["x"]).shape
(1, 1)
>>> finite_frame("table", pd.DataFrame({"x": [float("nan")]}), numeric=["x"])
Traceback (most recent call last):
...
ValueError: table column 'x' has a missing, non-numeric or infinite value in row 0: nan
>>> empty_chart("No data to show yet").to_dict()["mark"]["type"]
'text'
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, TypeVar

import altair as alt
import numpy as np
import pandas as pd

from pvkit import _validate
from pvkit.charts.style import house_style

__all__: list[str] = []  # private helpers of pvkit.charts

#: Largest size of a number a chart accepts: sums of many such values stay finite.
LIMIT = _validate.BIG

Chart = TypeVar("Chart", bound=alt.TopLevelMixin)


def finite_frame(name: str, table: object, *, columns: Sequence[str] = (), numeric: Sequence[str] = (),
                 text: Sequence[str] = (), optional: Sequence[str] = (), limit: float = LIMIT,
                 hint: str = "") -> pd.DataFrame:
    """``table`` if it is a DataFrame with the columns, finite numbers and labels a chart needs.

    Parameters
    ----------
    name : str
        The argument's name, used in every message.
    table : object
        What the caller gave.
    columns : sequence of str
        Columns that must be present (``numeric`` and ``text`` ones are added).
    numeric : sequence of str
        Columns whose entries must be finite numbers no larger than ``limit`` in size.
    text : sequence of str
        Columns whose entries must be present (no None or NaN); they are shown as labels.
    optional : sequence of str
        Numeric columns checked only when present.
    limit : float
        Largest size of a number.
    hint : str
        Where a good table comes from, e.g. ``"use value.compare_rules()"``.

    Returns
    -------
    pandas.DataFrame
        The same table (possibly with no rows: the caller then draws :func:`empty_chart`).
    """
    extra = f"; {hint}" if hint else ""
    if not isinstance(table, pd.DataFrame):
        raise TypeError(f"{name} must be a table (pandas DataFrame), got "
                        f"{'None' if table is None else type(table).__name__} {_validate.shown(table)}{extra}")
    needed = list(dict.fromkeys([*columns, *numeric, *text]))
    missing = [c for c in needed if c not in table.columns]
    if missing:
        raise ValueError(f"{name} lacks column(s) {missing}; it needs {needed}{extra}")
    checked = [*numeric, *(c for c in optional if c in table.columns)]
    _validate.frame(name, table, numeric=checked, min_rows=0)
    for column in checked:
        values = pd.to_numeric(table[column], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
        if table[column].map(lambda v: isinstance(v, (bool, np.bool_))).any():
            raise TypeError(f"{name} column {column!r} must hold numbers, not True/False values")
        big = np.abs(values) > limit
        if big.any():
            row = table.index[int(np.flatnonzero(big)[0])]
            raise ValueError(f"{name} column {column!r} has a value too large to draw in row {row!r} "
                             f"({values[int(np.flatnonzero(big)[0])]:g}); sizes up to {limit:g} are allowed")
    for column in text:
        blank = table[column].map(_missing)
        if blank.any():
            row = table.index[int(np.flatnonzero(blank.to_numpy())[0])]
            raise ValueError(f"{name} column {column!r} has a missing label in row {row!r}{extra}")
    return table


def _missing(value: object) -> bool:
    try:
        return bool(pd.isna(value))  # None, NaN, pd.NA, NaT
    except (TypeError, ValueError):  # a list or an array is not a missing scalar
        return False


def ink(fill: str) -> str:
    """Black or white, whichever reads better on the colour ``fill`` (WCAG contrast).

    >>> ink("#000000"), ink("#F0E442")
    ('#FFFFFF', '#000000')
    """
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    red, green, blue = (int(fill.lstrip("#")[i:i + 2], 16) / 255 for i in (0, 2, 4))
    light = 0.2126 * channel(red) + 0.7152 * channel(green) + 0.0722 * channel(blue)
    return "#000000" if (light + 0.05) / 0.05 >= 1.05 / (light + 0.05) else "#FFFFFF"


def flags(name: str, table: pd.DataFrame, column: str, meaning: str) -> list[bool]:
    """The True/False entries of ``table[column]``; anything else (NaN, 1, "yes") is refused.

    ``meaning`` says what True means, e.g. ``"True means right"``.

    >>> flags("scored", pd.DataFrame({"correct": [True, False]}), "correct", "True means right")
    [True, False]
    """
    result = []
    for row, value in zip(table.index, table[column]):
        if not isinstance(value, (bool, np.bool_)):
            raise ValueError(f"{name} column {column!r} must hold True or False ({meaning}); "
                             f"row {row!r} has {_validate.shown(value)}")
        result.append(bool(value))
    return result


def known(name: str, table: pd.DataFrame, column: str, options: Iterable[Any]) -> list[Any]:
    """Each entry of ``table[column]`` as one of ``options`` (with a "did you mean").

    >>> known("split", pd.DataFrame({"party": ["public"]}), "party", ["public", "private"])
    ['public']
    """
    allowed = list(options)
    return [_validate.choice(f"{name} column {column!r} (row {row!r})", value, allowed)
            for row, value in zip(table.index, table[column])]


def empty_chart(message: str, title: str = "") -> alt.Chart:
    """A small chart that says there is nothing to draw yet (never an error, never NaN).

    >>> spec = empty_chart("No placements to show yet", "Your score").to_dict()
    >>> spec["description"]
    'Your score: No placements to show yet'
    """
    note = pd.DataFrame({"message": [message]})
    chart = (alt.Chart(note, title=title or alt.Undefined)
             .mark_text(fontSize=14, color="#333333", align="center", baseline="middle")
             .encode(text="message:N")
             .properties(width=320, height=60))
    return finish(chart, f"{title}: {message}" if title else message)


def finish(chart: Chart, description: str, *, title: int = 14, labels: int | None = 12) -> Chart:
    """``chart`` with a one-sentence ``description`` (its aria-label) and the house style.

    >>> c = finish(alt.Chart(pd.DataFrame({"x": [1]})).mark_bar().encode(x="x:Q"), "One bar.")
    >>> c.to_dict()["description"], c.to_dict()["config"]["aria"]
    ('One bar.', True)
    """
    return chart.properties(description=description, config=house_style(title=title, labels=labels))


def number_words(value: float, digits: int = 1) -> str:
    """A number for a description, rounded and with thousands separators.

    >>> number_words(12345.678)
    '12,345.7'
    """
    return f"{value:,.{digits}f}"
