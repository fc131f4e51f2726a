"""What every pvkit widget shares: offline charts and friendly errors.

Offline charts
    pvkit shows Altair charts as ``alt.JupyterChart`` widgets with the
    JavaScript (Vega, Vega-Lite, vega-embed) bundled by vl-convert-python, so
    charts draw with no network in JupyterLab 4, Voila 0.5 and Binder. The
    default renderer fetches Vega from a CDN (blank chart offline) and the
    ``mimetype`` renderer emits Vega-Lite 6, which Lab and Voila do not draw.
    This module is the one place that makes that choice: use
    :func:`chart_widget` / :func:`update_chart` in widgets and
    :func:`show_chart` (or :func:`use_offline_charts`) in lessons.

Friendly errors
    Widget callbacks run :func:`guarded`, which turns an exception into a short
    message in the widget instead of a traceback.

>>> import altair as alt, pandas as pd
>>> w = chart_widget(alt.Chart(pd.DataFrame({"x": [1]})).mark_point().encode(x="x"))
>>> w.spec["mark"]["type"]
'point'
"""

from __future__ import annotations

import functools
import html
import logging
from collections.abc import Callable
from typing import Any, TypeVar

import altair as alt
import ipywidgets as widgets

__all__ = [
    "use_offline_charts",
    "chart_widget",
    "update_chart",
    "show_chart",
    "friendly_message",
    "message_html",
    "guarded",
]

_log = logging.getLogger(__name__)
_offline_ready = False

F = TypeVar("F", bound=Callable[..., Any])


def _bundle_vega() -> None:
    """Load Vega's JavaScript from vl-convert-python instead of a CDN (once per kernel)."""
    global _offline_ready
    if not _offline_ready:
        alt.JupyterChart.enable_offline()
        _offline_ready = True


def use_offline_charts() -> None:
    """Make every Altair chart in this notebook draw without network access.

    Bundles Vega's JavaScript from vl-convert-python (about two seconds, once
    per kernel) and makes the ``jupyter`` renderer, which shows each chart as
    a ``JupyterChart`` widget, the default: a bare ``chart`` at the end of a
    lesson cell then draws offline too.

    Examples
    --------
    >>> use_offline_charts()
    >>> alt.renderers.active
    'jupyter'
    >>> _ = alt.renderers.enable("default")  # (back to Altair's default)
    """
    _bundle_vega()
    alt.renderers.enable("jupyter", offline=True)


def chart_widget(chart: alt.TopLevelMixin) -> alt.JupyterChart:
    """Wrap an Altair chart in a widget that draws offline.

    Parameters
    ----------
    chart : altair chart
        Any top-level Altair chart.

    Returns
    -------
    altair.JupyterChart
        Put it in a container, or display it; update it with :func:`update_chart`.
    """
    _bundle_vega()
    return alt.JupyterChart(chart, embed_options={"actions": False, "renderer": "svg"})


def update_chart(widget: alt.JupyterChart, chart: alt.TopLevelMixin) -> None:
    """Show a new chart in an existing chart widget (only the spec is re-sent).

    Examples
    --------
    >>> import pandas as pd
    >>> w = chart_widget(alt.Chart(pd.DataFrame({"x": [1]})).mark_point().encode(x="x"))
    >>> update_chart(w, alt.Chart(pd.DataFrame({"x": [1]})).mark_bar().encode(x="x"))
    >>> w.spec["mark"]["type"]
    'bar'
    """
    widget.chart = chart


def show_chart(chart: alt.TopLevelMixin) -> alt.JupyterChart:
    """Display a chart in a notebook so that it draws offline; returns the widget."""
    from IPython.display import display

    widget = chart_widget(chart)
    display(widget)
    return widget


def friendly_message(error: BaseException) -> str:
    """One or two plain sentences for a student, never a traceback.

    ``ValueError``/``TypeError`` raised by pvkit carry a message written for
    people, so it is kept; anything else gets a generic note.

    Examples
    --------
    >>> friendly_message(ValueError("unknown case 'x'"))
    "That did not work: unknown case 'x'."
    >>> friendly_message(ZeroDivisionError("division by zero"))
    'Something went wrong. Try again, or press "Start again" to begin afresh.'
    """
    if isinstance(error, (ValueError, TypeError)) and str(error):
        text = str(error).strip().rstrip(".")
        return f"That did not work: {text}."
    return 'Something went wrong. Try again, or press "Start again" to begin afresh.'


def message_html(text: str, kind: str = "warning") -> str:
    """HTML for a message box; ``kind`` is ``"warning"`` or ``"info"``. Text is escaped.

    Examples
    --------
    >>> "&lt;b&gt;" in message_html("<b>")
    True
    """
    colours = {"warning": ("#FFF4E5", "#B35900"), "info": ("#EAF4FB", "#005A8C")}
    background, border = colours.get(kind, colours["warning"])
    return (
        f'<div class="pvkit-message pvkit-{html.escape(kind)}" role="alert" '
        f'style="background:{background};border-left:4px solid {border};'
        f'padding:8px 12px;margin:4px 0;line-height:1.4">{html.escape(text)}</div>'
    )


def guarded(message: widgets.HTML) -> Callable[[F], F]:
    """Decorate a widget callback so errors show in ``message``, not as tracebacks.

    The message is cleared before each call (the callback may set its own);
    a failing call logs the details at DEBUG level (invisible to students) and
    shows :func:`friendly_message`.

    Examples
    --------
    >>> box = widgets.HTML()
    >>> @guarded(box)
    ... def boom():
    ...     raise ValueError("pick a case first")
    >>> boom()
    >>> "pick a case first" in box.value
    True
    """

    def decorate(callback: F) -> F:
        @functools.wraps(callback)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            message.value = ""
            try:
                result = callback(*args, **kwargs)
            except Exception as error:  # noqa: BLE001 - a widget must never show a traceback
                _log.debug("widget callback %s failed", callback.__name__, exc_info=True)
                message.value = message_html(friendly_message(error))
                return None
            return result

        return wrapper  # type: ignore[return-value]

    return decorate
