"""An executed notebook as the body of a static page: markdown, code and outputs.

nbconvert's markdown filter renders the text cells; code is highlighted with
Pygments; outputs are chosen richest-first (a widget, HTML, an image, plain
text). Nothing on the page loads from the network: no require.js, no MathJax
(the lessons have no mathematics), and widgets are drawn from their saved
state by :class:`pvkit.site.widgets.StaticWidgets`.

>>> import nbformat
>>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# Title")])
>>> body = render_notebook(nb, show_code=True)
>>> body.html.startswith('<section class="cell markdown">'), body.title, body.charts
(True, 'Title', 0)
"""

from __future__ import annotations

import base64
import html
import re
from dataclasses import dataclass
from typing import Any

from nbconvert.filters.ansi import strip_ansi
from nbconvert.filters.markdown import markdown2html
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import PythonLexer

from pvkit.site.widgets import StaticWidgets

__all__ = ["PageBody", "render_notebook", "WIDGET_VIEW", "WIDGET_STATE", "code_css"]

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
_ANCHOR = re.compile(r'<a class="anchor-link" href="#[^"]*">&#182;</a>')
_H1 = re.compile(r"<h1[^>]*>(.*?)</h1>", re.S)
_TAGS = re.compile(r"<[^>]+>")
#: Pygments' "default" style keeps every token at WCAG AA contrast on a light background.
_FORMATTER = HtmlFormatter(style="default", nowrap=True)


@dataclass
class PageBody:
    """A rendered notebook: its HTML, the text of its first heading, and what it holds."""

    html: str
    title: str
    charts: int
    controls: int


def code_css() -> str:
    """CSS for highlighted code, scoped to ``.code``."""
    return _FORMATTER.get_style_defs(".code")


def _markdown(source: str) -> str:
    return _ANCHOR.sub("", markdown2html(source))


def _output(output: dict[str, Any], widgets: StaticWidgets, tables: list[int]) -> str:
    kind = output.get("output_type")
    if kind == "stream":
        text = html.escape(strip_ansi(str(output.get("text", ""))))
        return f'<pre class="output stream {html.escape(str(output.get("name", "")))}">{text}</pre>'
    if kind == "error":
        raise ValueError("the notebook has an error output: lessons must run without errors")
    data = output.get("data") or {}
    if WIDGET_VIEW in data:
        rendered = widgets.render(str(data[WIDGET_VIEW].get("model_id", "")))
        if rendered:
            return f'<div class="output widget">{rendered}</div>'
    if "text/html" in data:
        markup = "".join(data["text/html"]) if isinstance(data["text/html"], list) else str(data["text/html"])
        if "<table" in markup:  # wide tables scroll: the region must be focusable and named
            tables.append(len(tables) + 1)
            return (f'<div class="output html table-scroll" tabindex="0" role="region" '
                    f'aria-label="Output table {len(tables)}">{markup}</div>')
        return f'<div class="output html">{markup}</div>'
    if "image/svg+xml" in data:
        return f'<div class="output image">{data["image/svg+xml"]}</div>'
    for mime in ("image/png", "image/jpeg"):
        if mime in data:
            alt = html.escape(str(data.get("text/plain", "output image")))
            raw = str(data[mime]).replace("\n", "")
            base64.b64decode(raw, validate=True)  # a broken image is a build error, not a blank
            return f'<div class="output image"><img src="data:{mime};base64,{raw}" alt="{alt}"></div>'
    if "text/markdown" in data:
        return f'<div class="output markdown">{_markdown(str(data["text/markdown"]))}</div>'
    if "text/plain" in data and WIDGET_VIEW not in data:
        return f'<pre class="output text">{html.escape(strip_ansi(str(data["text/plain"])))}</pre>'
    return ""


def render_notebook(nb: Any, show_code: bool, prefix: str = "nb") -> PageBody:
    """Render an executed notebook as HTML sections, one per cell.

    Parameters
    ----------
    nb : nbformat.NotebookNode
        An executed notebook; widget state in ``nb.metadata.widgets`` is used
        when present (``NotebookClient(store_widget_state=True)``).
    show_code : bool
        Show code cells (lessons) or only their outputs (dashboards).
    prefix : str
        Prefix of the element ids the page generates.

    Returns
    -------
    PageBody
        The HTML, the first heading's text (the page title), and the numbers of
        charts and controls drawn.
    """
    if not hasattr(nb, "cells"):
        raise TypeError(f"nb must be a notebook (nbformat.NotebookNode), not {type(nb).__name__}")
    state = ((nb.metadata.get("widgets") or {}).get(WIDGET_STATE) or {}).get("state") or {}
    widgets = StaticWidgets(dict(state), prefix)
    parts: list[str] = []
    tables: list[int] = []
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            parts.append(f'<section class="cell markdown">{_markdown(cell.source)}</section>')
        elif cell.cell_type == "code":
            code = ""
            if show_code and cell.source.strip():
                code = (f'<pre class="code"><code>'
                        f"{highlight(cell.source, PythonLexer(), _FORMATTER)}</code></pre>")
            outputs = "".join(_output(o, widgets, tables) for o in cell.get("outputs", []))
            if code or outputs:
                parts.append(f'<section class="cell code-cell">{code}{outputs}</section>')
    body = "\n".join(parts)
    heading = _H1.search(body)
    title = html.unescape(_TAGS.sub("", heading.group(1))).strip() if heading else ""
    return PageBody(body, title, widgets.charts, widgets.controls)
