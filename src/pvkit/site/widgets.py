"""Widgets as static HTML, drawn from the state nbclient saved after running a notebook.

A static page has no kernel, so a widget is shown as it first appeared:
boxes become ``div`` elements, HTML widgets keep their HTML, controls become
disabled form controls with their label and value, and a ``JupyterChart``
becomes a chart figure (:func:`pvkit.site.charts.figure_html`).

>>> state = {"a": {"model_name": "LabelModel", "state": {"value": "Hello <you>"}}}
>>> StaticWidgets(state, "p").render("a")
'<span class="w-label">Hello &lt;you&gt;</span>'
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

from pvkit.site.charts import figure_html

__all__ = ["StaticWidgets", "JUPYTER_CHART"]

JUPYTER_CHART = "altair.jupyter.jupyter_chart.JupyterChart"
_REF = "IPY_MODEL_"
_BOXES = {"VBoxModel": "vbox", "BoxModel": "vbox", "HBoxModel": "hbox", "GridBoxModel": "gridbox"}
_CHOICES = {"DropdownModel", "SelectModel", "RadioButtonsModel", "ToggleButtonsModel", "SelectMultipleModel"}
_NUMBERS = {"IntSliderModel", "FloatSliderModel", "FloatLogSliderModel", "IntTextModel",
            "FloatTextModel", "BoundedIntTextModel", "BoundedFloatTextModel"}
_TEXTS = {"TextModel": "text", "PasswordModel": "password", "TextareaModel": "textarea"}


class StaticWidgets:
    """Render the widgets of one page from ``{model_id: {"model_name", "state"}}``.

    ``prefix`` makes element ids unique on the page; ``charts`` counts the
    chart figures written so far (read it after rendering).
    """

    def __init__(self, state: dict[str, Any], prefix: str) -> None:
        if not isinstance(state, dict):
            raise TypeError(f"state must be a dict of widget models, not {type(state).__name__}")
        if not isinstance(prefix, str) or not prefix.isidentifier():
            raise ValueError(f"prefix must be an identifier-like string, not {prefix!r}")
        self.state = state
        self.prefix = prefix
        self.charts = 0
        self.controls = 0
        self._ids = 0

    # -- helpers --------------------------------------------------------------------------
    def _new_id(self, kind: str) -> str:
        self._ids += 1
        return f"{self.prefix}_{kind}{self._ids}"

    def _model(self, ref: Any) -> tuple[str, dict[str, Any]] | None:
        key = str(ref).removeprefix(_REF)
        model = self.state.get(key)
        if not isinstance(model, dict):
            return None
        return str(model.get("model_name", "")), dict(model.get("state") or {})

    def _hidden(self, state: dict[str, Any]) -> bool:
        layout = self._model(state.get("layout")) if state.get("layout") else None
        if layout is None:
            return False
        return layout[1].get("display") == "none" or layout[1].get("visibility") == "hidden"

    def _classes(self, state: dict[str, Any], base: str) -> str:
        extra = [str(c) for c in state.get("_dom_classes") or [] if str(c).replace("-", "").isalnum()]
        return " ".join([base, *extra])

    # -- rendering ------------------------------------------------------------------------
    def render(self, model_id: str) -> str:
        """HTML of the widget ``model_id`` and its children ('' for hidden or unknown ones)."""
        found = self._model(model_id)
        if found is None:
            return ""
        name, state = found
        if self._hidden(state):
            return ""
        if name == "AnyModel" and state.get("_anywidget_id") == JUPYTER_CHART:
            self.charts += 1
            return figure_html(state.get("spec") or {}, self._new_id("chart"))
        if name in _BOXES:
            return self._box(state, _BOXES[name])
        if name in ("AccordionModel", "TabModel", "StackModel"):
            return self._sections(state)
        renderer: Callable[[str, dict[str, Any]], str] | None = None
        if name in ("HTMLModel", "HTMLMathModel"):
            renderer = self._html
        elif name == "LabelModel":
            return f'<span class="w-label">{html.escape(str(state.get("value", "")))}</span>'
        elif name in ("ButtonModel", "ToggleButtonModel"):
            renderer = self._button
        elif name in _CHOICES:
            renderer = self._choice
        elif name in _NUMBERS or name in ("IntRangeSliderModel", "FloatRangeSliderModel"):
            renderer = self._number
        elif name in _TEXTS:
            renderer = self._text
        elif name == "CheckboxModel":
            renderer = self._checkbox
        elif name == "OutputModel":
            return ""  # no pvkit widget uses Output; its captured outputs are not drawn
        if renderer is None:
            return ""
        return renderer(name, state)

    def _box(self, state: dict[str, Any], kind: str) -> str:
        inner = "".join(self.render(c) for c in state.get("children") or [])
        return f'<div class="{self._classes(state, "w-" + kind)}">{inner}</div>' if inner else ""

    def _sections(self, state: dict[str, Any]) -> str:
        titles = list(state.get("titles") or [])
        selected = state.get("selected_index")
        parts = []
        for i, child in enumerate(state.get("children") or []):
            title = titles[i] if i < len(titles) and titles[i] else f"Section {i + 1}"
            opened = " open" if selected == i else ""
            parts.append(f'<details class="w-section"{opened}><summary>{html.escape(str(title))}</summary>'
                         f"{self.render(child)}</details>")
        return "".join(parts)

    def _label(self, state: dict[str, Any], control_id: str) -> str:
        text = str(state.get("description") or state.get("tooltip") or "").strip()
        if not text:
            return ""
        return f'<label class="w-description" for="{control_id}">{html.escape(text)}</label>'

    def _name(self, state: dict[str, Any]) -> str:
        return str(state.get("description") or state.get("tooltip") or "").strip()

    def _html(self, name: str, state: dict[str, Any]) -> str:
        value = str(state.get("value") or "")
        if not value.strip():
            return ""
        label = self._name(state)
        head = f'<span class="w-description">{html.escape(label)}</span> ' if label else ""
        return f'<div class="{self._classes(state, "w-html")}">{head}{value}</div>'

    def _button(self, name: str, state: dict[str, Any]) -> str:
        self.controls += 1
        text = str(state.get("description") or "").strip()
        tip = str(state.get("tooltip") or "").strip()
        label = text or tip or "button"
        pressed = f' aria-pressed="{str(bool(state.get("value"))).lower()}"' if name == "ToggleButtonModel" else ""
        title = f' title="{html.escape(tip)}"' if tip and tip != text else ""
        aria = "" if text else f' aria-label="{html.escape(label)}"'
        return (f'<button type="button" class="{self._classes(state, "w-button")}" disabled'
                f'{pressed}{title}{aria}>{html.escape(text or label)}</button>')

    def _choice(self, name: str, state: dict[str, Any]) -> str:
        self.controls += 1
        labels = [str(x) for x in state.get("_options_labels") or []]
        index = state.get("index")
        chosen = set(index) if isinstance(index, (list, tuple)) else {index}
        control_id = self._new_id("select")
        label = self._name(state) or "choice"
        if name in ("RadioButtonsModel", "ToggleButtonsModel"):
            options = "".join(
                f'<label><input type="radio" name="{control_id}" disabled'
                f'{" checked" if i in chosen else ""}> {html.escape(text)}</label>'
                for i, text in enumerate(labels))
            return (f'<fieldset class="{self._classes(state, "w-choice")}" disabled>'
                    f"<legend>{html.escape(label)}</legend>{options}</fieldset>")
        multiple = " multiple" if name == "SelectMultipleModel" else ""
        options = "".join(f'<option{" selected" if i in chosen else ""}>{html.escape(text)}</option>'
                          for i, text in enumerate(labels))
        aria = "" if self._label(state, control_id) else f' aria-label="{html.escape(label)}"'
        return (f'<div class="{self._classes(state, "w-control")}">{self._label(state, control_id)}'
                f'<select id="{control_id}" disabled{multiple}{aria}>{options}</select></div>')

    def _number(self, name: str, state: dict[str, Any]) -> str:
        self.controls += 1
        control_id = self._new_id("number")
        value = state.get("value")
        shown = "–".join(map(str, value)) if isinstance(value, (list, tuple)) else str(value)
        label = self._label(state, control_id)
        aria = "" if label else f' aria-label="{html.escape(self._name(state) or "number")}"'
        if "Slider" in name and not isinstance(value, (list, tuple)):
            bounds = "".join(f' {k}="{html.escape(str(state[k]))}"' for k in ("min", "max", "step")
                             if state.get(k) is not None)
            control = (f'<input type="range" id="{control_id}" disabled value="{html.escape(shown)}"'
                       f'{bounds}{aria}><output for="{control_id}">{html.escape(shown)}</output>')
        else:
            control = f'<input type="text" id="{control_id}" disabled value="{html.escape(shown)}"{aria}>'
        return f'<div class="{self._classes(state, "w-control")}">{label}{control}</div>'

    def _text(self, name: str, state: dict[str, Any]) -> str:
        self.controls += 1
        control_id = self._new_id("text")
        value = html.escape(str(state.get("value") or ""))
        label = self._label(state, control_id)
        aria = "" if label else f' aria-label="{html.escape(self._name(state) or str(state.get("placeholder") or "text"))}"'
        if _TEXTS[name] == "textarea":
            control = f'<textarea id="{control_id}" disabled rows="3"{aria}>{value}</textarea>'
        else:
            control = f'<input type="text" id="{control_id}" disabled value="{value}"{aria}>'
        return f'<div class="{self._classes(state, "w-control")}">{label}{control}</div>'

    def _checkbox(self, name: str, state: dict[str, Any]) -> str:
        self.controls += 1
        control_id = self._new_id("check")
        checked = " checked" if state.get("value") else ""
        text = html.escape(self._name(state) or "option")
        return (f'<div class="{self._classes(state, "w-control")}"><input type="checkbox" id="{control_id}" '
                f'disabled{checked}><label for="{control_id}">{text}</label></div>')
