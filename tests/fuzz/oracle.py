"""What counts as a good outcome of a fuzzed call, and the limits every call runs under.

A call with a bad value is good if it raises ``ValueError`` or ``TypeError``
whose message names the argument, or returns a result with no NaN or infinity
anywhere (numbers, arrays, tables, chart specs, dataclasses). Anything else,
another exception, a message that names nothing, a non-finite result, a call
over its CPU-time budget, an allocation over the memory ceiling, is a failure
described in one line.
"""

from __future__ import annotations

import dataclasses
import json
import math
import resource
import signal
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import numpy as np
import pandas as pd

from fuzz.kinds import Spec, is_nan_like

#: Memory a single call may add to the process (address space), in bytes.
MEMORY_HEADROOM = 4 * 2**30


class CallTooSlow(BaseException):
    """Raised inside a call that used more CPU time than its spec allows."""


@contextmanager
def memory_ceiling(headroom: int = MEMORY_HEADROOM) -> Iterator[None]:
    """Cap the process's address space at its current size plus ``headroom``, then restore it."""
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    with open("/proc/self/status") as status:
        vm = next(int(line.split()[1]) * 1024 for line in status if line.startswith("VmSize:"))
    limit = vm + headroom if hard == resource.RLIM_INFINITY else min(hard, vm + headroom)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


@contextmanager
def cpu_budget(seconds: float) -> Iterator[None]:
    """Raise :class:`CallTooSlow` in the block once it has used ``seconds`` of CPU time.

    CPU time (``ITIMER_PROF``), not wall time, so a busy machine does not fail a
    call and pytest-timeout's ``SIGALRM`` stays untouched.
    """
    def expire(signum: int, frame: Any) -> None:
        raise CallTooSlow(f"over {seconds:g} s of CPU time")

    previous = signal.signal(signal.SIGPROF, expire)
    signal.setitimer(signal.ITIMER_PROF, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, previous)


def nonfinite_in(value: Any, depth: int = 0) -> str | None:
    """Where a NaN or infinity hides in a result, or None if there is none."""
    if depth > 6 or value is None or isinstance(value, (str, bytes, bool, np.bool_)):
        return None
    if isinstance(value, (int, np.integer)):
        return None
    if isinstance(value, (float, np.floating)):
        return None if math.isfinite(value) else f"the number {value}"
    if isinstance(value, complex):
        return None if math.isfinite(value.real) and math.isfinite(value.imag) else "a complex NaN"
    if isinstance(value, pd.DataFrame):
        for column in value.columns:
            found = nonfinite_in(value[column], depth + 1)
            if found:
                return f"column {column!r}: {found}"
        return None
    if isinstance(value, (pd.Series, pd.Index)):
        if pd.api.types.is_numeric_dtype(value.dtype) and not pd.api.types.is_bool_dtype(value.dtype):
            numbers = value.to_numpy(dtype=float, na_value=np.nan)
            return None if np.isfinite(numbers).all() else "a NaN or infinite entry"
        if value.dtype == object:
            for item in value.tolist():
                if is_nan_like(item) or (isinstance(item, float) and math.isinf(item)):
                    return "a NaN or infinite entry"
        return None
    if isinstance(value, np.ndarray):
        if value.dtype.kind in "fc":
            return None if np.isfinite(value).all() else "a NaN or infinite entry"
        if value.dtype == object:
            for item in value.ravel().tolist():
                found = nonfinite_in(item, depth + 1)
                if found:
                    return found
        return None
    if hasattr(value, "to_dict") and type(value).__module__.startswith("altair"):
        try:
            json.dumps(value.to_dict(), allow_nan=False)
        except ValueError as error:
            return f"the chart spec ({error})"
        return None
    if isinstance(value, dict):
        for key, item in value.items():
            found = nonfinite_in(item, depth + 1)
            if found:
                return f"[{key!r}]: {found}"
        return None
    if isinstance(value, (list, tuple, set, frozenset)):
        for item in list(value)[:10_000]:
            found = nonfinite_in(item, depth + 1)
            if found:
                return found
        return None
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        for item in dataclasses.fields(value):
            found = nonfinite_in(getattr(value, item.name), depth + 1)
            if found:
                return f".{item.name}: {found}"
    return None


def names_argument(message: str, name: str, aliases: tuple[str, ...]) -> bool:
    """True if the message names the argument (its name, with or without underscores, or an alias)."""
    lowered = message.lower()
    candidates = {name, name.replace("_", " ")} | set(aliases)
    base = name.split("[")[0]
    candidates |= {base, base.replace("_", " ")}
    return any(c.lower() in lowered for c in candidates if c)


def judge(spec: Spec, call: Callable[[], Any], name: str | None, aliases: tuple[str, ...] = ()) -> str | None:
    """Run ``call`` under the limits; None if its outcome is good, else why not.

    ``name`` is the argument that holds a bad value (None for a valid call,
    which must succeed).
    """
    try:
        with cpu_budget(spec.seconds):
            result = call()
    except CallTooSlow as error:
        return f"hangs ({error})"
    except MemoryError:
        return "tries to allocate more memory than the machine should give one call"
    except (ValueError, TypeError) as error:
        if name is None:
            return f"valid call refused: {type(error).__name__}: {error}"
        message = str(error)
        if not names_argument(message, name, aliases):
            return f"{type(error).__name__} does not name {name!r}: {message[:200]}"
        return None
    except Exception as error:  # noqa: BLE001 - the point is to catch every raw internal error
        return f"raw {type(error).__name__}: {str(error)[:200]}"
    found = nonfinite_in(result)
    if found:
        return f"returns a result with NaN/inf ({found})"
    return None


def digest(value: Any) -> str:
    """A canonical text form of a result, to compare two calls' results."""
    if isinstance(value, pd.DataFrame):
        return value.to_json(orient="split", double_precision=10)
    if isinstance(value, pd.Series):
        return value.to_json(orient="split", double_precision=10)
    if isinstance(value, np.ndarray):
        return json.dumps(np.round(value.astype(float), 10).tolist()) if value.dtype.kind in "fiu" else repr(value.tolist())
    if hasattr(value, "to_dict") and type(value).__module__.startswith("altair"):
        spec = value.to_dict()
        spec.pop("datasets", None)
        return json.dumps(spec, sort_keys=True, default=str)
    if type(value).__module__.startswith("ipywidgets") or hasattr(value, "_model_id"):
        return type(value).__name__
    if isinstance(value, float):
        return f"{value:.10g}"
    if isinstance(value, (list, tuple)):
        return "[" + ",".join(digest(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ",".join(f"{k!r}:{digest(v)}" for k, v in value.items()) + "}"
    text = repr(value)
    return text if " at 0x" not in text else type(value).__name__
