"""A chart on a static page: the Vega-Lite spec, a text description and its data as tables.

The spec comes from a ``JupyterChart`` widget's saved state. The page draws
it with the site's own copy of vega-embed; the description and the data
tables are plain HTML, so a screen reader (or a reader with scripts off)
gets the chart's content without the drawing.

>>> spec = {"title": "Cases", "mark": {"type": "bar"}, "data": {"values": [{"n": 3, "k": "a"}]},
...         "encoding": {"x": {"field": "n", "type": "quantitative", "title": "cases"},
...                      "y": {"field": "k", "type": "nominal"}}}
>>> describe(spec)
'Bar chart: Cases. Horizontal axis: cases; vertical axis: k. 1 data row, in the table below.'
>>> [t.columns for t in data_tables(spec)]
[['n', 'k']]
"""

from __future__ import annotations

import html
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

__all__ = ["DataTable", "describe", "data_tables", "figure_html", "MAX_ROWS"]

#: Rows shown per data table; longer tables say how many rows were left out.
MAX_ROWS = 400
_CHANNELS = [("x", "horizontal axis"), ("y", "vertical axis"), ("color", "colour"),
             ("theta", "angle"), ("size", "size"), ("shape", "shape"), ("row", "rows"),
             ("column", "columns"), ("facet", "panels")]
_COMPOSITE = ("layer", "hconcat", "vconcat", "concat")


@dataclass
class DataTable:
    """One dataset of a chart: column names, the rows shown, and how many rows it has."""

    name: str
    columns: list[str]
    rows: list[list[Any]]
    total: int


def _text(title: Any) -> str:
    if isinstance(title, dict):
        title = title.get("text", "")
    if isinstance(title, list):
        title = " ".join(map(str, title))
    return str(title or "").strip()


def _views(spec: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """The spec and every view nested in it (layers, concatenations, facets)."""
    yield spec
    for key in _COMPOSITE:
        for child in spec.get(key, []) or []:
            if isinstance(child, dict):
                yield from _views(child)
    if isinstance(spec.get("spec"), dict):
        yield from _views(spec["spec"])


def _mark(view: dict[str, Any]) -> str:
    mark = view.get("mark")
    return str(mark.get("type", "") if isinstance(mark, dict) else mark or "")


def _field_title(channel: dict[str, Any]) -> str:
    title = channel.get("title")
    if title is None and isinstance(channel.get("axis"), dict):
        title = channel["axis"].get("title")
    if title is None and isinstance(channel.get("legend"), dict):
        title = channel["legend"].get("title")
    return _text(title) or str(channel.get("field") or channel.get("aggregate") or "")


def describe(spec: dict[str, Any]) -> str:
    """A sentence or two saying what a Vega-Lite chart shows: title, marks, axes, rows.

    A ``description`` the chart carries itself comes first.

    Parameters
    ----------
    spec : dict
        A Vega-Lite specification (as ``chart.to_dict()`` gives it).

    Examples
    --------
    >>> describe({"description": "Ten bars.", "mark": "bar"})
    'Ten bars. Bar chart.'
    """
    if not isinstance(spec, dict):
        raise TypeError(f"spec must be a Vega-Lite dict, not {type(spec).__name__}")
    views = list(_views(spec))
    titles = [t for t in (_text(v.get("title")) for v in views) if t]
    marks = list(dict.fromkeys(m for m in map(_mark, views) if m))
    kind = f"{marks[0].capitalize()} chart" if len(marks) == 1 else "Chart"
    panels = spec.get("hconcat") or spec.get("vconcat") or spec.get("concat")
    if panels:
        kind += f" in {len(panels)} panels"
    if len(marks) > 1:
        kind += f" ({', '.join(marks)} marks)"
    parts = [_text(spec.get("description"))] if spec.get("description") else []
    parts.append(f"{kind}: {'; '.join(dict.fromkeys(titles))}." if titles else f"{kind}.")
    axes: dict[str, list[str]] = {}
    for view in views:
        encoding = dict(view.get("encoding") or {})
        if isinstance(view.get("facet"), dict):
            encoding.setdefault("facet", view["facet"])
        for channel, words in _CHANNELS:
            value = encoding.get(channel)
            if isinstance(value, dict) and _field_title(value):
                axes.setdefault(words, [])
                if _field_title(value) not in axes[words]:
                    axes[words].append(_field_title(value))
    if axes:
        parts.append("; ".join(f"{k}: {', '.join(v)}" for k, v in axes.items()).capitalize() + ".")
    tables = data_tables(spec)
    rows = sum(t.total for t in tables)
    if tables:
        where = "in the table below" if len(tables) == 1 else f"in the {len(tables)} tables below"
        parts.append(f"{rows} data row{'s' if rows != 1 else ''}, {where}.")
    return " ".join(parts)


def _inline_data(spec: dict[str, Any]) -> Iterator[tuple[str, list[Any]]]:
    datasets = spec.get("datasets") or {}
    seen: set[str] = set()
    for view in _views(spec):
        data = view.get("data")
        if not isinstance(data, dict):
            continue
        if isinstance(data.get("values"), list):
            yield "values", data["values"]
        elif data.get("name") in datasets and data["name"] not in seen:
            seen.add(data["name"])
            yield data["name"], datasets[data["name"]]
    for name, values in datasets.items():  # datasets only reached through transforms
        if name not in seen and isinstance(values, list):
            seen.add(name)
            yield name, values


def data_tables(spec: dict[str, Any], max_rows: int = MAX_ROWS) -> list[DataTable]:
    """The chart's inline data, one table per dataset (at most ``max_rows`` rows each).

    Examples
    --------
    >>> spec = {"datasets": {"d1": [{"a": 1}, {"a": 2}]}, "data": {"name": "d1"}, "mark": "bar"}
    >>> t = data_tables(spec, max_rows=1)[0]
    >>> t.columns, t.rows, t.total
    (['a'], [[1]], 2)
    """
    if not isinstance(spec, dict):
        raise TypeError(f"spec must be a Vega-Lite dict, not {type(spec).__name__}")
    if not isinstance(max_rows, int) or max_rows < 1:
        raise ValueError(f"max_rows must be a positive integer, not {max_rows!r}")
    tables = []
    for name, values in _inline_data(spec):
        records = [r for r in values if isinstance(r, dict)]
        if not records:
            continue
        columns = list(dict.fromkeys(k for r in records for k in r))
        rows = [[r.get(c) for c in columns] for r in records[:max_rows]]
        tables.append(DataTable(name, columns, rows, len(records)))
    return tables


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:,.6g}"
    if isinstance(value, (list, dict)):
        return html.escape(json.dumps(value, ensure_ascii=False))
    return html.escape(str(value))


def _table_html(table: DataTable, caption: str) -> str:
    head = "".join(f'<th scope="col">{html.escape(c)}</th>' for c in table.columns)
    body = "".join("<tr>" + "".join(f"<td>{_cell(v)}</td>" for v in row) + "</tr>" for row in table.rows)
    note = ""
    if table.total > len(table.rows):
        note = f" (the first {len(table.rows)} of {table.total} rows)"
    return (f'<div class="table-scroll" tabindex="0" role="region" aria-label="{html.escape(caption)}">'
            f"<table><caption>{html.escape(caption)}{note}</caption><thead><tr>{head}</tr></thead>"
            f"<tbody>{body}</tbody></table></div>")


def script_json(value: Any) -> str:
    """JSON that is safe inside a ``<script type="application/json">`` element.

    >>> script_json({"a": "</script>"})
    '{"a": "<\\\\/script>"}'
    """
    return json.dumps(value, ensure_ascii=False).replace("</", "<\\/")


def figure_html(spec: dict[str, Any], chart_id: str) -> str:
    """HTML for one chart: a drawing target, its description and its data tables.

    ``assets/charts.js`` draws every ``.pvkit-chart-view`` from the JSON
    script next to it. The drawn SVG is labelled with the same description.

    Examples
    --------
    >>> out = figure_html({"mark": "bar", "data": {"values": [{"a": 1}]}}, "c1")
    >>> 'id="c1-desc"' in out and "<table>" in out
    True
    """
    if not isinstance(chart_id, str) or not chart_id.isidentifier():
        raise ValueError(f"chart_id must be an identifier-like string, not {chart_id!r}")
    description = describe(spec)
    drawn = dict(spec)
    drawn.setdefault("description", description)  # Vega labels the SVG with it
    tables = data_tables(spec)
    title = next((t for t in (_text(v.get("title")) for v in _views(spec)) if t), "this chart")
    parts = []
    for i, table in enumerate(tables, 1):
        label = f"Data for {title}" + (f", table {i} of {len(tables)}" if len(tables) > 1 else "")
        parts.append(_table_html(table, label))
    summary = f"Data table for {title}" if len(parts) == 1 else f"Data tables for {title} ({len(parts)})"
    details = (f'<details class="chart-data"><summary>{html.escape(summary)}</summary>'
               f'{"".join(parts)}</details>') if parts else ""
    return (
        f'<figure class="pvkit-chart" aria-describedby="{chart_id}-desc">'
        f'<div class="pvkit-chart-view" id="{chart_id}" data-spec="{chart_id}-spec"></div>'
        f'<figcaption id="{chart_id}-desc">{html.escape(description)}</figcaption>'
        f"{details}"
        f'<script type="application/json" id="{chart_id}-spec">{script_json(drawn)}</script>'
        f"</figure>"
    )
