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
    message in the widget instead of a traceback; a raw Python message (such as
    "invalid literal for int()") is never shown.

Accessibility
    :func:`chart_alternative` writes the text and table alternative shown under
    each chart; :class:`Accessibility` is a small widget each dashboard holds
    that announces result updates in a live region and names every slider for
    screen readers (ipywidgets' slider handle has no accessible name of its own).

Fast updates
    :func:`update_chart` sends only the datasets that changed when the chart's
    layout is unchanged, so the browser updates the drawn chart in place
    instead of parsing and drawing a new one.

>>> import altair as alt, pandas as pd
>>> w = chart_widget(alt.Chart(pd.DataFrame({"x": [1]})).mark_point().encode(x="x"))
>>> w.spec["mark"]["type"]
'point'
"""

from __future__ import annotations

import functools
import json
import hashlib
import html
import logging
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import altair as alt
import anywidget
import ipywidgets as widgets
import pandas as pd
import traitlets

from pvkit import _validate
from pvkit.charts.alt_text import _walk, data_table_html, describe

__all__ = [
    "use_offline_charts",
    "chart_widget",
    "update_chart",
    "show_chart",
    "friendly_message",
    "message_html",
    "guarded",
    "chart_alternative",
    "screen_spec",
    "Accessibility",
]

_log = logging.getLogger(__name__)
_offline_ready = False

F = TypeVar("F", bound=Callable[..., Any])


def _bundle_name() -> str:
    """The bundle's file name for this altair + vl-convert install.

    The key covers everything the bundle is made from (both versions, the
    Vega-Lite version and the widget's own JavaScript), so an upgrade makes a
    new file instead of reusing a stale one. vl-convert's version is read from
    the install's metadata: importing it would load its 8 MB engine into every
    kernel for a version string.
    """
    from importlib.metadata import version

    from altair.jupyter.jupyter_chart import load_js_src
    from altair.utils._importers import vl_version_for_vl_convert

    key = "\n".join(
        [alt.__version__, version("vl-convert-python"), vl_version_for_vl_convert(), load_js_src()]
    )
    return f"jupyterchart-offline-{hashlib.sha256(key.encode()).hexdigest()[:16]}.js"


def _bundle_folders() -> list[Path]:
    """Where the offline bundle is looked for, in order, and written to (the first writable).

    ``$PVKIT_CACHE_DIR`` alone when set; otherwise the install's own folder
    (``<prefix>/share/pvkit``, filled once by ``pvkit prepare`` at setup, so
    every user of a hub or Binder image reads the same file) and then the
    user's cache folder.
    """
    if os.environ.get("PVKIT_CACHE_DIR"):
        return [Path(os.environ["PVKIT_CACHE_DIR"])]
    user = Path(os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache")) / "pvkit"
    return [Path(sys.prefix) / "share" / "pvkit", user]


def _bundle_cache_path() -> Path:
    """The bundle file in use: the first that exists, else where a new one is written."""
    name = _bundle_name()
    folders = _bundle_folders()
    for folder in folders:
        if (folder / name).is_file():
            return folder / name
    for folder in folders:
        if _writable(folder):
            return folder / name
    return folders[-1] / name


def _writable(folder: Path) -> bool:
    probe = folder
    while not probe.exists() and probe != probe.parent:
        probe = probe.parent
    return os.access(probe, os.W_OK)


def _bundle_vega() -> None:
    """Load Vega's JavaScript from vl-convert-python instead of a CDN (once per kernel).

    Bundling takes about two seconds and some 100 MB of memory for the
    bundler, and gives the same text for a given install, so it is done once
    (by ``pvkit prepare`` or the first kernel) and later kernels read the file
    (a few milliseconds). If no file can be read or written, Altair's own
    ``enable_offline`` is used.
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
            os.chmod(tmp.name, 0o644)  # readable by every user of a shared install
            os.replace(tmp.name, path)  # atomic: concurrent kernels never read half a file
        except OSError:
            _log.debug("could not cache the offline chart bundle", exc_info=True)
    _offline_ready = True


def prepare_offline_bundle() -> Path:
    """Write the offline chart bundle now, so no kernel has to; returns its path.

    ``make setup``, Binder's ``postBuild`` and a hub's image run it (through
    ``pvkit prepare``) after installing pvkit.
    """
    _bundle_vega()
    return _bundle_cache_path()


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


def _check_chart(chart: object) -> None:
    # Duck-typed: pvkit.charts also builds chart objects that only offer to_dict().
    if not callable(getattr(chart, "to_dict", None)) or isinstance(chart, (dict, type)):
        raise TypeError(f"chart must be an Altair chart, got {type(chart).__name__} "
                        f"{_validate.shown(chart)}")


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

    Examples
    --------
    >>> chart_widget("bars")
    Traceback (most recent call last):
    ...
    TypeError: chart must be an Altair chart, got str 'bars'
    """
    _check_chart(chart)
    _bundle_vega()
    widget = alt.JupyterChart(chart, embed_options={"actions": False, "renderer": "svg"})
    widget.spec = screen_spec(widget.spec)  # before any view exists: drawn once
    return widget


def _hide_marks(part: dict) -> None:
    mark = part.get("mark")
    if isinstance(mark, str):
        part["mark"] = {"type": mark, "aria": False}
    elif isinstance(mark, dict):
        part["mark"] = {**mark, "aria": False}
        for overlay in ("point", "line"):  # marks Vega-Lite adds on top (a line's points)
            extra = mark.get(overlay)
            if extra is True or isinstance(extra, dict):
                part["mark"][overlay] = {**(extra if isinstance(extra, dict) else {}), "aria": False}
    for key in ("layer", "hconcat", "vconcat", "concat"):
        children = part.get(key)
        if isinstance(children, list):
            part[key] = [dict(child) for child in children]
            for child in part[key]:
                _hide_marks(child)
    if isinstance(part.get("spec"), dict):
        part["spec"] = dict(part["spec"])
        _hide_marks(part["spec"])


def screen_spec(spec: dict) -> dict:
    """The spec as pvkit's dashboards draw it: one labelled image, its words and data beside it.

    Screen readers meet the chart as a single image whose label names it and
    points to the description and data tables shown just below it
    (:func:`chart_alternative`); the marks themselves are hidden from them
    (a bar-by-bar reading of 40 unlabelled bars helps nobody, and an empty
    mark group would be an unlabelled image). The label does not change with
    the data, so an update can send the data alone. ``spec`` is not modified.

    Examples
    --------
    >>> out = screen_spec({"title": "Scores", "mark": "bar", "description": "3 bars"})
    >>> out["mark"], out["description"]
    ({'type': 'bar', 'aria': False}, 'Chart: Scores. Described in words just below it, with its data as tables.')
    """
    if not isinstance(spec, dict):
        raise TypeError(f"spec must be a Vega-Lite spec (a dict), got {type(spec).__name__}")
    out = dict(spec)
    _hide_marks(out)
    titles = list(dict.fromkeys(_walk(spec)[0]))
    named = f": {'; '.join(titles)}" if titles else ""
    out["description"] = f"Chart{named}. Described in words just below it, with its data as tables."
    return out


#: Top-level sizes that Vega keeps as signals of the same name (in a single or layered chart).
_SIZES = ("width", "height")


def _variables(spec: dict) -> tuple[dict, list] | None:
    """A spec's plain variables (params with just a name and a value) and its other params."""
    params = spec.get("params", [])
    if not isinstance(params, list):
        return None
    plain = {p["name"]: p["value"] for p in params
             if isinstance(p, dict) and set(p) == {"name", "value"} and isinstance(p["name"], str)}
    return plain, [p for p in params if not (isinstance(p, dict) and p.get("name") in plain)]


def _updates(old: dict, new: dict) -> list[dict] | None:
    """What turns the drawn chart ``old`` into ``new`` in place, or None if its layout changed.

    In place means: the changed named datasets, plain variables and (in a single
    or layered chart) width and height, each sent as a data or signal update.
    Anything else that differs needs the whole new chart.

    >>> old = {"mark": "bar", "height": 100, "datasets": {"d": [1]}, "params": [{"name": "n", "value": 1}]}
    >>> [(u["namespace"], u["name"]) for u in _updates(old, {**old, "height": 120, "datasets": {"d": [2]}})]
    [('signal', 'height'), ('data', 'd')]
    >>> _updates(old, {**old, "mark": "point"}) is None
    True
    """
    if "datasets" not in old or "datasets" not in new or set(old["datasets"]) != set(new["datasets"]):
        return None
    old_vars, new_vars = _variables(old), _variables(new)
    if old_vars is None or new_vars is None or old_vars[1] != new_vars[1] \
            or set(old_vars[0]) != set(new_vars[0]):
        return None
    sizes = _SIZES if ("mark" in new or "layer" in new) else ()
    if any(old.get(k) != new.get(k) and not (_is_size(old.get(k)) and _is_size(new.get(k))) for k in sizes):
        return None  # e.g. a size that became "container" or a step
    fixed = ("datasets", "params", *sizes)
    if {k: v for k, v in old.items() if k not in fixed} != {k: v for k, v in new.items() if k not in fixed}:
        return None
    was = {**{k: old.get(k) for k in sizes}, **old_vars[0]}
    now = {**{k: new.get(k) for k in sizes}, **new_vars[0]}
    return ([{"namespace": "signal", "name": name, "scope": [], "value": value}
             for name, value in now.items() if was[name] != value]
            + [{"namespace": "data", "name": name, "scope": [], "value": rows}
               for name, rows in new["datasets"].items() if old["datasets"][name] != rows])


def _is_size(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def update_chart(widget: alt.JupyterChart, chart: alt.TopLevelMixin) -> None:
    """Show a new chart in an existing chart widget, sending only what changed.

    When the new chart has the same layout as the one shown and differs only in
    its named datasets, its plain variables (params with a value) or its size,
    only what changed goes to the browser, which updates the drawn chart in
    place (no new spec to parse, no new view). The widget's ``spec`` is updated
    in Python too, so it always holds what is shown. Otherwise the whole chart
    is sent.

    Examples
    --------
    >>> import pandas as pd
    >>> w = chart_widget(alt.Chart(pd.DataFrame({"x": [1]})).mark_point().encode(x="x"))
    >>> update_chart(w, alt.Chart(pd.DataFrame({"x": [1]})).mark_bar().encode(x="x"))
    >>> w.spec["mark"]["type"]
    'bar'
    """
    _validate.instance("widget", widget, alt.JupyterChart, "a chart widget made by chart_widget()")
    _check_chart(chart)
    old = widget.spec
    # pvkit's chart builders are validated against the Vega-Lite schema by the tests;
    # validating again on every slider move would double the update's cost.
    new = chart.to_dict(validate=False) if isinstance(chart, alt.TopLevelMixin) else chart.to_dict()
    if not isinstance(new, dict):
        raise TypeError(f"chart.to_dict() must give a dict, got {type(new).__name__}")
    new = screen_spec(new)
    changed = _updates(old, new) if isinstance(old, dict) else None
    if changed is not None:
        if not changed:
            return
        # Record the new spec in Python without sending it (sending it would
        # re-draw the chart from scratch); the browser gets the changed data.
        with widget._lock_property(spec=json.loads(json.dumps(new))):
            widget.spec = new
        widget._py_to_js_updates = changed
        return
    with widget.hold_sync():  # one message: the chart's spec, as drawn
        widget.chart = chart
        widget.spec = new


def show_chart(chart: alt.TopLevelMixin) -> None:
    """Display a chart in a notebook so that it draws offline.

    Returns None on purpose: a returned widget left as the last line of a
    cell would be shown a second time as the cell's result.
    """
    from IPython.display import display

    display(chart_widget(chart))


#: Words of Python's own error messages, which mean nothing to a student.
_RAW_WORDS = ("invalid literal", "could not convert", "unhashable", "has no attribute",
              "not iterable", "not subscriptable", "index out of range", "unsupported operand",
              "object is not callable", "positional argument", "keyword argument", "traceback",
              "need at least one finite", "float32", "dtype", "not supported between",
              "unexpected keyword")


def friendly_message(error: BaseException) -> str:
    """One or two plain sentences for a student, never a traceback or a raw Python message.

    ``ValueError``/``TypeError`` raised by pvkit carry a message written for
    people, so it is kept; Python's own messages ("invalid literal for int()
    with base 10") and anything else get a generic note.

    Examples
    --------
    >>> friendly_message(ValueError("unknown case 'x'"))
    "That did not work: unknown case 'x'."
    >>> friendly_message(ZeroDivisionError("division by zero"))
    'Something went wrong. Try again, or press "Start again" to begin afresh.'
    >>> friendly_message(ValueError("invalid literal for int() with base 10: '²'"))
    'That did not work: please check what you typed, then try again.'
    """
    if not isinstance(error, BaseException):
        raise TypeError(f"error must be an exception, got {type(error).__name__} {_validate.shown(error)}")
    if isinstance(error, (ValueError, TypeError)) and str(error).strip():
        text = str(error).strip().rstrip(".")
        lowered = f" {text.lower()} "
        if any(word in lowered for word in _RAW_WORDS) or len(text) > 400:
            return "That did not work: please check what you typed, then try again."
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
    text = _validate.text("text", text, empty=True, max_length=2_000)
    kind = _validate.choice("kind", kind, list(colours))
    background, border = colours[kind]
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

    _validate.instance("message", message, widgets.HTML, "an ipywidgets.HTML widget")

    def decorate(callback: F) -> F:
        if not callable(callback):
            raise TypeError(f"callback must be a function, got {type(callback).__name__}")

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


def chart_alternative(chart: alt.TopLevelMixin, tables: dict[str, pd.DataFrame]) -> str:
    """HTML shown under a chart: what it shows, in words, and its data as tables.

    The description is always on screen (it helps everyone); the tables sit
    in a ``<details>`` element, which a keyboard or screen-reader user opens
    like any other control.

    Parameters
    ----------
    chart : altair chart
        The chart on screen (its description is read with
        :func:`pvkit.charts.alt_text.describe`).
    tables : dict of str to DataFrame
        Caption -> the numbers the chart draws.

    Examples
    --------
    >>> c = alt.Chart(pd.DataFrame({"x": [1]}), description="One bar.").mark_bar()
    >>> html_ = chart_alternative(c, {"Bar heights": pd.DataFrame({"x": [1]})})
    >>> "One bar." in html_ and "<details" in html_ and "<caption>Bar heights</caption>" in html_
    True
    """
    _check_chart(chart)
    if not isinstance(tables, dict):
        raise TypeError(f"tables must be a dict of caption -> DataFrame, got {type(tables).__name__}")
    if len(tables) > 10:
        raise ValueError(f"tables has {len(tables)} tables; at most 10 fit under one chart")
    for caption, table in tables.items():
        if not isinstance(caption, str):
            raise TypeError(f"tables: each caption must be text, got {_validate.shown(caption)}")
        if not isinstance(table, pd.DataFrame):
            raise TypeError(f"tables[{caption!r}] must be a DataFrame, got {type(table).__name__}")
    body = "".join(data_table_html(table, caption) for caption, table in tables.items())
    return (
        '<div class="pvkit-chart-alternative" style="line-height:1.45;margin:2px 0 6px 0">'
        f'<p style="margin:2px 0;color:#333333"><b>The chart in words:</b> {html.escape(describe(chart))}</p>'
        '<details><summary style="cursor:pointer;color:#005A8C">Show the chart\'s data as tables</summary>'
        f"{_TABLE_STYLE}{body}</details></div>"
    )


_TABLE_STYLE = (
    "<style>.pvkit-data-table{border-collapse:collapse;margin:6px 0 10px 0;font-size:0.92em}"
    ".pvkit-data-table caption{text-align:left;font-weight:600;padding:2px 0}"
    ".pvkit-data-table th,.pvkit-data-table td{border:1px solid #BBBBBB;padding:2px 8px;"
    "text-align:left;color:#222222}</style>"
)

_ACCESSIBILITY_ESM = """
function nameSliders(root) {
  for (const slider of root.querySelectorAll('.widget-slider')) {
    const label = slider.querySelector('.widget-label');
    const text = label ? label.textContent.trim() : '';
    if (!text) continue;
    for (const handle of slider.querySelectorAll('.noUi-handle')) {
      if (handle.getAttribute('aria-label') !== text) handle.setAttribute('aria-label', text);
    }
  }
}
function render({ model, el }) {
  const live = document.createElement('div');
  live.className = 'pvkit-live-region';
  live.setAttribute('role', 'status');
  live.setAttribute('aria-live', 'polite');
  live.setAttribute('aria-atomic', 'true');
  live.style.cssText = 'position:absolute;width:1px;height:1px;margin:-1px;padding:0;' +
    'overflow:hidden;clip:rect(0 0 0 0);clip-path:inset(50%);white-space:nowrap;border:0';
  el.appendChild(live);
  const say = () => { live.textContent = model.get('announcement') || ''; };
  model.on('change:announcement', say);
  let queued = false;
  const observer = new MutationObserver(() => {
    if (queued) return;
    queued = true;
    requestAnimationFrame(() => { queued = false; nameSliders(document); });
  });
  observer.observe(document.body, { childList: true, subtree: true });
  nameSliders(document);
  return () => observer.disconnect();
}
export default { render };
"""


class Accessibility(anywidget.AnyWidget):
    """A dashboard's screen-reader helper: a polite live region and named sliders.

    Set ``announcement`` after each update (e.g. "Chart updated: ..."); screen
    readers read it out without moving the focus. While shown, it also gives
    every ipywidgets slider handle on the page the slider's description as its
    ``aria-label``.

    Examples
    --------
    >>> helper = Accessibility()
    >>> helper.announce("Chart updated.")
    >>> helper.announcement
    'Chart updated.'
    """

    _esm = _ACCESSIBILITY_ESM
    announcement = traitlets.Unicode("").tag(sync=True)

    def announce(self, text: str) -> None:
        """Have screen readers read ``text`` (politely, after what they are reading)."""
        self.announcement = _validate.text("text", text, empty=True, max_length=2_000)
