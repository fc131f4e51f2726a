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
import hashlib
import html
import logging
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
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


def _bundle_cache_path() -> Path:
    """Where the offline bundle of this altair + vl-convert install is kept.

    The key covers everything the bundle is made from (both versions, the
    Vega-Lite version and the widget's own JavaScript), so an upgrade makes a
    new file instead of reusing a stale one.
    """
    import vl_convert
    from altair.jupyter.jupyter_chart import load_js_src
    from altair.utils._importers import vl_version_for_vl_convert

    key = "\n".join(
        [alt.__version__, vl_convert.__version__, vl_version_for_vl_convert(), load_js_src()]
    )
    digest = hashlib.sha256(key.encode()).hexdigest()[:16]
    root = os.environ.get("PVKIT_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "pvkit"
    )
    return Path(root) / f"jupyterchart-offline-{digest}.js"


def _bundle_vega() -> None:
    """Load Vega's JavaScript from vl-convert-python instead of a CDN (once per kernel).

    Bundling takes about two seconds and gives the same text for a given
    install, so the first kernel writes it to a cache file and later kernels
    read it (a few milliseconds). If the cache cannot be read or written,
    Altair's own ``enable_offline`` is used.
    """
    global _offline_ready
    if _offline_ready:
        return
    path = _bundle_cache_path()
    try:
        bundled = path.read_text(encoding="utf-8")
    except OSError:
        bundled = ""
    if bundled:
        # The two attributes enable_offline() itself sets (altair 5.x-6.x).
        alt.JupyterChart._esm = bundled
        alt.JupyterChart._is_offline = True
    else:
        alt.JupyterChart.enable_offline()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(
                "w", encoding="utf-8", dir=path.parent, delete=False, suffix=".tmp"
            ) as tmp:
                tmp.write(alt.JupyterChart._esm)
            os.replace(tmp.name, path)  # atomic: concurrent kernels never read half a file
        except OSError:
            _log.debug("could not cache the offline chart bundle", exc_info=True)
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
    # Duck-typed: pvkit.charts also builds chart objects that only offer to_dict().
    if not callable(getattr(chart, "to_dict", None)):
        raise TypeError(f"chart must be an Altair chart, not {type(chart).__name__}")
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


def show_chart(chart: alt.TopLevelMixin) -> None:
    """Display a chart in a notebook so that it draws offline.

    Returns None on purpose: a returned widget left as the last line of a
    cell would be shown a second time as the cell's result.
    """
    from IPython.display import display

    display(chart_widget(chart))


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
