"""Datasets shipped with pvkit, each with a source for every row.

Every CSV here has a ``source`` column naming the publication each figure or
statement comes from; ``PROVENANCE.md`` describes the files. Nothing is
fetched at run time, so lessons and tests work offline.

>>> {"box4", "policy_cases"} <= set(available())
True
>>> load("box4").shape[0]
5
"""

from __future__ import annotations

from functools import cache
from importlib import resources

import pandas as pd

__all__ = ["available", "load"]


def available() -> list[str]:
    """Names of the datasets that ship with pvkit (CSV files, without the extension)."""
    folder = resources.files(__name__)
    return sorted(p.name[:-4] for p in folder.iterdir() if p.name.endswith(".csv"))


def load(name: str) -> pd.DataFrame:
    """Load a shipped dataset as a new DataFrame (safe to modify).

    Parameters
    ----------
    name : str
        Dataset name, e.g. ``"policy_cases"``; see :func:`available`.

    Raises
    ------
    ValueError
        If no dataset has that name; the message lists the ones that exist.
    """
    if not isinstance(name, str):
        raise TypeError(f"dataset name must be a string, got {type(name).__name__}")
    names = available()
    if name not in names:
        raise ValueError(f"no dataset called {name!r}; available: {', '.join(names)}")
    return _read(name).copy()


@cache
def _read(name: str) -> pd.DataFrame:
    with resources.files(__name__).joinpath(f"{name}.csv").open("r", encoding="utf-8") as f:
        frame = pd.read_csv(f)
    if "source" in frame and frame["source"].isna().any():
        raise RuntimeError(f"dataset {name!r} has a row without a source")
    return frame
