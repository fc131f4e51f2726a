"""Argument kinds for the API fuzz tests, and the bad values each kind is fed.

A spec (:class:`Spec`) names a public callable and gives, for each argument, a
kind with a valid value::

    Spec("pvkit.appraisal.npv", flows=array([-100, 60, 60]), rate=rate(0.035))

The harness calls the function once with the valid values (it must succeed,
with a finite result), then replaces one argument at a time with every bad
value of its kind (``bad()``, a fixed catalogue) and with values hypothesis
draws (``strategy()``), and checks the outcome (see ``oracle.py``). Values in
``same()`` must give the same result as the valid one (numpy integers where an
int is valid, a tuple where a list is valid...).

A valid value that is a zero-argument callable is a factory, called afresh for
every call (so a function that mutates its input cannot spoil the next case);
``fixed(x)`` passes ``x`` unchanged and is never fuzzed.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from hypothesis import strategies as st

NAN, INF = float("nan"), float("inf")
#: Bad values any argument may meet: nothing, the wrong container, the wrong type.
COMMON_BAD: list[Any] = [None, {}, object()]
HUGE_INT = 10**30


class _NoRepr:
    def __repr__(self) -> str:  # a value whose repr itself fails
        raise RuntimeError("no repr")


@dataclass
class Arg:
    """One argument: its kind, a valid value and extra bad values for this spec."""

    valid: Any
    extra_bad: list[Any] = field(default_factory=list)
    #: Words that may stand for the argument in a message (besides its name).
    aliases: tuple[str, ...] = ()
    factory: bool = False

    def make(self) -> Any:
        return self.valid() if self.factory else self.valid

    def bad(self) -> list[Any]:
        return COMMON_BAD + self.kind_bad() + list(self.extra_bad)

    def kind_bad(self) -> list[Any]:
        return []

    def same(self) -> list[Any]:
        return []

    def strategy(self) -> st.SearchStrategy[Any] | None:
        return None


def _factory(valid: Any) -> bool:
    return callable(valid) and not isinstance(valid, type)


class Number(Arg):
    """A real number; ``low``/``high`` are the documented bounds (used to probe just outside)."""

    def __init__(self, valid: Any, low: float | None = None, high: float | None = None, **kw: Any):
        super().__init__(valid, **kw)
        self.low, self.high = low, high

    def kind_bad(self) -> list[Any]:
        bad = [NAN, INF, -INF, 1e308, -1e308, True, "0.1", [0.1], complex(1, 1), np.float64(NAN)]
        if self.low is not None:
            bad.append(self.low - max(1.0, abs(self.low)) * 1e-3)
        if self.high is not None:
            bad.append(self.high + max(1.0, abs(self.high)) * 1e-3)
        return bad

    def same(self) -> list[Any]:
        value = self.make()
        return [np.float64(value)] if isinstance(value, float) else []

    def strategy(self) -> st.SearchStrategy[Any]:
        return st.floats(allow_nan=True, allow_infinity=True) | st.integers(-HUGE_INT, HUGE_INT)


class Whole(Arg):
    """A whole number (a count, a year, an index)."""

    def kind_bad(self) -> list[Any]:
        return [-1, -HUGE_INT, HUGE_INT, 10**9, 1.5, NAN, INF, True, "3", [3]]

    def same(self) -> list[Any]:
        value = self.make()
        return [np.int64(value)] if isinstance(value, int) and not isinstance(value, bool) else []

    def strategy(self) -> st.SearchStrategy[Any]:
        return st.integers(-2**70, 2**70) | st.floats(allow_nan=True, allow_infinity=True)


class Size(Whole):
    """A size (draws, ventures, years, rows): zero, negative and huge sizes must be refused."""

    def kind_bad(self) -> list[Any]:
        return super().kind_bad() + [0, 10**12]


class Share(Number):
    """A share in [0, 1]."""

    def __init__(self, valid: Any, **kw: Any):
        super().__init__(valid, low=0.0, high=1.0, **kw)


class Rate(Number):
    """An annual rate (above -100%)."""

    def __init__(self, valid: Any, **kw: Any):
        super().__init__(valid, low=-1.0, **kw)

    def kind_bad(self) -> list[Any]:
        return super().kind_bad() + [-1.0, -1.5, "3.5%"]


class Seed(Arg):
    """A seed for random draws."""

    def kind_bad(self) -> list[Any]:
        return [None, True, -1, "a", 1.5, 2**70, NAN]

    def same(self) -> list[Any]:
        return [np.int64(self.make())]

    def strategy(self) -> st.SearchStrategy[Any]:
        return st.integers(-2**70, 2**70) | st.none() | st.text(max_size=3)


class Array(Arg):
    """Numbers in a list or array (flows, amounts, shares, positions)."""

    def kind_bad(self) -> list[Any]:
        valid = list(np.asarray(self.make(), dtype=float).ravel())
        return [
            [], [NAN], valid[:-1] + [NAN], valid[:-1] + [INF], [[1.0, 2.0], [3.0, 4.0]], "abc",
            [1e308] * max(3, len(valid)), [-1e308] + [1e308] * 2, ["a"] * len(valid), [True, False],
            np.full(200_000, 1.0), 5, NAN,
        ]

    def same(self) -> list[Any]:
        value = self.make()
        if isinstance(value, list):
            return [tuple(value), np.asarray(value), pd.Series(value)]
        return []

    def strategy(self) -> st.SearchStrategy[Any]:
        return st.lists(st.floats(allow_nan=True, allow_infinity=True) | st.integers(-HUGE_INT, HUGE_INT),
                        max_size=50)


class Choice(Arg):
    """A name from a known set (a kind, a party, a dataset)."""

    def kind_bad(self) -> list[Any]:
        valid = self.make()
        near = valid[:-1] if isinstance(valid, str) and len(valid) > 1 else "x"
        return ["no such name", "", near, [valid], 3, True, _NoRepr()]

    def strategy(self) -> st.SearchStrategy[Any]:
        return st.text(max_size=12) | st.integers() | st.lists(st.text(max_size=3), max_size=2)


class Text(Arg):
    """Free text (a title, a statement, a path)."""

    def kind_bad(self) -> list[Any]:
        return ["", "   ", 3, ["text"], b"bytes", "x" * 200_000]

    def strategy(self) -> st.SearchStrategy[Any]:
        return st.text(max_size=40) | st.integers() | st.none()


class Flag(Arg):
    """True or False."""

    def kind_bad(self) -> list[Any]:
        return ["yes", 2, NAN, [True]]

    def same(self) -> list[Any]:
        return [np.bool_(self.make())]


class Frame(Arg):
    """A DataFrame; bad versions are derived from the valid one."""

    def kind_bad(self) -> list[Any]:
        good = self.make()
        bad: list[Any] = ["table", [1, 2], good.iloc[:0], pd.DataFrame()]
        for column in list(good.columns)[:6]:
            bad.append(good.drop(columns=[column]))
        numeric = list(good.select_dtypes("number").columns)
        for column in numeric[:6]:
            for poison in (NAN, INF, "3.5%"):
                copy = good.copy()
                copy[column] = copy[column].astype(object)
                copy.iloc[0, copy.columns.get_loc(column)] = poison
                bad.append(copy)
        text_columns = [c for c in good.columns if good[c].dtype == object][:3]
        for column in text_columns:
            copy = good.copy()
            copy.iloc[0, copy.columns.get_loc(column)] = None
            bad.append(copy)
        return bad


class Obj(Arg):
    """An object of the package's own (a Project, a Deal, a Mission, a chart)."""

    def kind_bad(self) -> list[Any]:
        return ["text", 3, [], True, _NoRepr()]


class Mapping(Arg):
    """A dict of settings or answers."""

    def kind_bad(self) -> list[Any]:
        return [[], "text", 3, {"no such key": 1}, {3: "x"}]


class Fixed(Arg):
    """Passed as given, never fuzzed."""

    def bad(self) -> list[Any]:
        return []


def _arg(cls: type[Arg]) -> Callable[..., Arg]:
    def build(valid: Any, *args: Any, **kw: Any) -> Arg:
        kw.setdefault("factory", _factory(valid) and cls is not Fixed)
        return cls(valid, *args, **kw)
    build.__name__ = cls.__name__.lower()
    return build


number, whole, size, share, rate, seed = map(_arg, (Number, Whole, Size, Share, Rate, Seed))
array, choice, text, flag, frame, obj, mapping = map(_arg, (Array, Choice, Text, Flag, Frame, Obj, Mapping))


def fixed(value: Any) -> Arg:
    """An argument passed as given and never fuzzed (callbacks, large fixtures)."""
    return Fixed(value, factory=False)


@dataclass
class Spec:
    """How to call one public callable with valid arguments, and what kind each is.

    ``positional`` holds arguments passed by position (for ``*args`` or
    positional-only parameters), each named by ``positional_names`` in messages.
    ``check`` (optional) validates the valid call's result further.
    """

    target: str
    positional: tuple[Arg, ...] = ()
    positional_names: tuple[str, ...] = ()
    keywords: dict[str, Arg] = field(default_factory=dict)
    #: Largest seconds one call may take (most take milliseconds).
    seconds: float = 10.0

    def __init__(self, target: str, /, *positional: Arg, positional_names: tuple[str, ...] = (),
                 seconds: float = 10.0, **keywords: Arg):
        self.target = target
        self.positional = positional
        self.positional_names = positional_names or tuple(f"arg{i}" for i in range(len(positional)))
        self.keywords = keywords
        self.seconds = seconds

    def slots(self) -> list[tuple[str, Arg]]:
        """Every argument as (name, Arg), positional ones first."""
        return list(zip(self.positional_names, self.positional)) + list(self.keywords.items())

    def call_args(self, replace: str | None = None, value: Any = None) -> tuple[list[Any], dict[str, Any]]:
        """Fresh valid arguments, with argument ``replace`` (if given) set to ``value``."""
        args = [value if name == replace else arg.make()
                for name, arg in zip(self.positional_names, self.positional)]
        kwargs = {name: (value if name == replace else arg.make()) for name, arg in self.keywords.items()}
        return args, kwargs


def is_nan_like(value: Any) -> bool:
    return isinstance(value, float) and math.isnan(value)
