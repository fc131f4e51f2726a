"""Text alternatives for charts: a description in words and the data as an HTML table.

A chart drawn as SVG says nothing to a screen reader unless it has a text
alternative. The dashboards show, under each chart, :func:`describe` (one or
two sentences) and :func:`data_table_html` (the numbers the chart draws, as a
real table with a caption and column headers), and update both with the chart.

>>> import altair as alt, pandas as pd
>>> describe(alt.Chart(pd.DataFrame({"x": [1]}), description="One bar.").mark_bar())
'One bar.'
>>> "<caption>Scores</caption>" in data_table_html(pd.DataFrame({"score": [1.5]}), "Scores")
True
"""

from __future__ import annotations

import html
import math
import numbers
from typing import Any

import numpy as np
import pandas as pd

from pvkit import _validate

__all__ = ["describe", "data_table_html", "MAX_TABLE_ROWS"]

#: A table longer than this is not readable with a screen reader: aggregate first.
MAX_TABLE_ROWS = 500
_MARK_WORDS = {"bar": "bars", "rect": "bars", "line": "a line", "area": "a shaded band",
               "point": "points", "circle": "points", "square": "points", "tick": "ticks",
               "rule": "reference lines", "text": "text labels", "arc": "slices"}


def _spec(chart: object) -> dict:
    if isinstance(chart, dict):
        return chart
    to_dict = getattr(chart, "to_dict", None)
    if not callable(to_dict):
        raise TypeError(f"chart must be an Altair chart or its spec (a dict), got "
                        f"{type(chart).__name__} {_validate.shown(chart)}")
    spec = to_dict()
    if not isinstance(spec, dict):
        raise TypeError(f"chart.to_dict() must give a dict, got {type(spec).__name__}")
    return spec


def _title(spec: dict) -> str:
    title = spec.get("title")
    if isinstance(title, dict):
        title = title.get("text")
    if isinstance(title, list):
        title = " ".join(str(t) for t in title)
    return str(title).strip() if title else ""


def _walk(spec: dict) -> tuple[list[str], list[str]]:
    """Titles and mark kinds of a (possibly layered or concatenated) spec, in order."""
    titles, marks = [], []
    stack = [spec]
    while stack:
        part = stack.pop(0)
        if not isinstance(part, dict):
            continue
        if _title(part):
            titles.append(_title(part))
        mark = part.get("mark")
        kind = mark.get("type") if isinstance(mark, dict) else mark
        if isinstance(kind, str):
            marks.append(kind)
        for key in ("layer", "hconcat", "vconcat", "concat"):
            stack.extend(part.get(key) or [])
        if isinstance(part.get("spec"), dict):
            stack.append(part["spec"])
    return titles, marks


def describe(chart: object) -> str:
    """One or two sentences saying what a chart shows, for people who cannot see it.

    The chart's own ``description`` (pvkit's charts write one from their data)
    is used when it has one; otherwise the sentence is built from its titles and
    marks.

    Parameters
    ----------
    chart : altair chart or dict
        A chart, or its Vega-Lite spec.

    Returns
    -------
    str

    Examples
    --------
    >>> describe({"title": "Scores", "mark": "bar"})
    'A chart titled "Scores", drawn as bars.'
    """
    if not isinstance(chart, dict):
        # A chart's own description needs no spec: building one costs tens of ms per update.
        own = getattr(chart, "description", None) if callable(getattr(chart, "to_dict", None)) \
            else None
        if isinstance(own, str) and own.strip():
            return " ".join(own.split())
    spec = _spec(chart)
    own = spec.get("description")
    if isinstance(own, str) and own.strip():
        return " ".join(own.split())
    titles, marks = _walk(spec)
    kinds = list(dict.fromkeys(_MARK_WORDS.get(m, f"{m} marks") for m in marks))
    drawn = f", drawn as {' and '.join(kinds)}" if kinds else ""
    if titles:
        named = "; ".join(f'"{t}"' for t in dict.fromkeys(titles))
        return f"A chart titled {named}{drawn}."
    return f"A chart{drawn}." if drawn else "A chart with no title."


def _cell(value: Any) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "missing"
    if isinstance(value, (bool, np.bool_)):
        return "yes" if value else "no"
    if isinstance(value, numbers.Integral):
        return f"{int(value):,}"
    if isinstance(value, numbers.Real):
        number = float(value)
        if not math.isfinite(number):
            return "missing"
        if number == 0 or 0.01 <= abs(number) < 1e6:
            return f"{number:,.3f}".rstrip("0").rstrip(".")
        return f"{number:.3g}"
    return str(value)


def data_table_html(data: pd.DataFrame, caption: str) -> str:
    """The numbers a chart draws, as an accessible HTML table (caption, column headers).

    Text is escaped; numbers are rounded for reading (three decimals at most).

    Parameters
    ----------
    data : pandas.DataFrame
        At most :data:`MAX_TABLE_ROWS` rows (a longer table cannot be read aloud;
        aggregate it first). An empty table gives a table that says so.
    caption : str
        What the table holds, e.g. "Share of portfolios by public return".

    Returns
    -------
    str

    Examples
    --------
    >>> t = data_table_html(pd.DataFrame({"case": ["<Apollo>"], "right": [True]}), "Cases")
    >>> "&lt;Apollo&gt;" in t and '<th scope="col">right</th>' in t
    True
    """
    if not isinstance(data, pd.DataFrame):
        raise TypeError(f"data must be a table (pandas DataFrame), got {type(data).__name__} "
                        f"{_validate.shown(data)}")
    caption = _validate.text("caption", caption, max_length=300)
    if len(data) > MAX_TABLE_ROWS:
        raise ValueError(f"data has {len(data):,} rows; a table read aloud can have at most "
                         f"{MAX_TABLE_ROWS} (aggregate it first)")
    if len(data.columns) > 40:
        raise ValueError(f"data has {len(data.columns)} columns; at most 40 can be read as a table")
    head = "".join(f'<th scope="col">{html.escape(str(c))}</th>' for c in data.columns)
    if len(data) == 0 or len(data.columns) == 0:
        body = f'<tr><td colspan="{max(1, len(data.columns))}">No data to show yet.</td></tr>'
    else:
        rows = []
        for values in data.itertuples(index=False, name=None):
            cells = [html.escape(_cell(v)) for v in values]
            rows.append(f'<tr><th scope="row">{cells[0]}</th>'
                        + "".join(f"<td>{c}</td>" for c in cells[1:]) + "</tr>")
        body = "".join(rows)
    return (f'<table class="pvkit-data-table"><caption>{html.escape(caption)}</caption>'
            f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")
