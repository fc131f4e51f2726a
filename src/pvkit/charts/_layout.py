"""Charts built once and re-filled with data: what keeps a dashboard's update quick.

A dashboard redraws the same layout (marks, scales, axes, named datasets)
with new numbers. Building that layout with Altair costs tens of milliseconds,
more than the models, and validating it against the Vega-Lite schema about a
tenth of a second more; so a chart builder caches its layout and calls
:func:`filled` to set the parts that change (``datasets``, ``description``,
``params``, ``height``...). The result is an ordinary Altair chart of the
layout's class:

* ``to_dict()`` returns the layout's cached dict with those parts put in,
  without walking the spec again and without validating it (the tests
  validate every dashboard's chart against the schema);
* any other call (``to_dict(validate=True)``, another format, a context)
  goes through Altair as usual, on the whole chart.

>>> import altair as alt
>>> layout = alt.Chart(alt.Data(name="points")).mark_point().encode(x="x:Q")
>>> spec = filled(layout, datasets={"points": [{"x": 1}]}, description="One point.").to_dict()
>>> spec["datasets"], spec["description"], spec["mark"]
({'points': [{'x': 1}]}, 'One point.', {'type': 'point'})
"""

from __future__ import annotations

import functools
from typing import Any

import altair as alt

__all__ = ["filled"]


def _spec(layout: alt.TopLevelMixin) -> dict:
    """``layout.to_dict()``, unvalidated, computed once per layout object (and kept on it)."""
    spec = layout.__dict__.get("_pvkit_spec")
    if spec is None:
        spec = layout.to_dict(validate=False)
        object.__setattr__(layout, "_pvkit_spec", spec)  # Altair's own setattr would make it a chart property
    return spec


@functools.lru_cache(maxsize=None)
def _filled_class(base: type) -> type:
    def to_dict(self: Any, *args: Any, **kwargs: Any) -> dict:
        plain = (not args and kwargs.get("format", "vega-lite") == "vega-lite"
                 and not kwargs.get("context") and kwargs.get("validate") is not True)
        if not plain:
            return base.to_dict(self, *args, **kwargs)
        spec = dict(_spec(self._pvkit_layout))
        for key, value in self._pvkit_parts.items():
            spec[key] = {**spec.get(key, {}), **value} if key == "datasets" else _plain(value)
        return spec

    return type(f"Filled{base.__name__}", (base,),
                {"to_dict": to_dict, "_class_is_valid_at_instantiation": False,
                 "__doc__": f"A {base.__name__} re-filled by pvkit.charts._layout.filled."})


def _plain(value: Any) -> Any:
    """A part as JSON: Altair objects (such as a chart's params) become dicts."""
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value.to_dict(validate=False) if isinstance(value, alt.SchemaBase) else value


def filled(layout: alt.TopLevelMixin, **parts: Any) -> alt.TopLevelMixin:
    """``layout`` with top-level ``parts`` set, not validated again.

    Parts are JSON values, or Altair objects where Altair expects them (params
    as ``alt.VariableParameter``, for instance). ``datasets`` are added to the
    layout's own; any other part replaces the layout's. Pass a layout that the caller caches (e.g. with
    ``functools.lru_cache``): its dict is kept for re-use.
    """
    chart = object.__new__(_filled_class(type(layout)))
    kwds = dict(layout._kwds)
    for key, value in parts.items():
        if key == "datasets" and isinstance(kwds.get(key), dict):
            value = {**kwds[key], **value}
        kwds[key] = value
    object.__setattr__(chart, "_args", ())
    object.__setattr__(chart, "_kwds", kwds)
    object.__setattr__(chart, "_pvkit_layout", layout)
    object.__setattr__(chart, "_pvkit_parts", parts)
    return chart
