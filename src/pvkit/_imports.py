"""Keep a kernel's start-up cheap: defer an optional import nobody in a lesson needs.

``import altair`` imports jsonschema, which imports ``rfc3987_syntax`` when it is
installed (it arrives through jupyter-events' ``jsonschema[format-nongpl]``) to
check the rarely used "iri" formats. That module builds its Earley parsers at
import: about 2 s of every kernel's start-up on a 2-core machine, paid by every
lesson, dashboard and graded submission. :func:`defer_rfc3987_syntax` puts a
stand-in in its place whose ``is_valid_syntax`` imports the real module on
first call, so "iri" checks still work, they just cost nothing until used.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
import types
from typing import Any

__all__: list[str] = []

_NAME = "rfc3987_syntax"


def _real_module() -> types.ModuleType:
    stand_in = sys.modules.get(_NAME)
    if isinstance(stand_in, _StandIn):
        del sys.modules[_NAME]
    try:
        return importlib.import_module(_NAME)
    except Exception:
        if stand_in is not None:
            sys.modules[_NAME] = stand_in
        raise


class _StandIn(types.ModuleType):
    """Looks like ``rfc3987_syntax``; becomes it on first real use."""

    def __getattr__(self, attribute: str) -> Any:
        if attribute.startswith("__"):
            raise AttributeError(attribute)
        return getattr(_real_module(), attribute)


def _is_valid_syntax(term: str, value: str) -> bool:
    return bool(_real_module().is_valid_syntax(term, value))


def defer_rfc3987_syntax() -> bool:
    """Install the stand-in if jsonschema has not been imported yet; True if installed."""
    if _NAME in sys.modules or "jsonschema" in sys.modules:
        return False
    try:
        if importlib.util.find_spec(_NAME) is None:
            return False
    except (ImportError, ValueError):
        return False
    stand_in = _StandIn(_NAME, "Deferred import of rfc3987_syntax (see pvkit._imports).")
    stand_in.is_valid_syntax = _is_valid_syntax  # type: ignore[attr-defined]
    sys.modules[_NAME] = stand_in
    return True
