"""Datasets shipped with pvkit, each with a source for every row, checked when read.

Every CSV here has a ``source`` column naming the publication each figure or
statement comes from; ``PROVENANCE.md`` describes the files. Nothing is
fetched at run time, so lessons and tests work offline.

Each file is checked against its schema (``_schema.py``) the first time it is
loaded: the columns, the type and range of every cell, blanks, the names a
column may hold (a case's framing, an economy's kinds), and rules across rows
(discount bands in increasing order of years, every SDG present, targets
adding up to 169). A problem raises :class:`DataFileError` (a ``ValueError``)
naming the file, the line and the column. Nothing is read when pvkit is
imported, so a broken file only shows when it is used.

An instructor can point pvkit at another folder of CSV files with the same
names, e.g. an edited copy, by setting the environment variable
``PVKIT_DATA_DIR`` to that folder; it is read on every load.

>>> {"box4", "policy_cases"} <= set(available())
True
>>> load("box4").shape[0]
5
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

import pandas as pd

from pvkit.data._errors import DataFileError
from pvkit.data._read import read_file
from pvkit.data._schema import SCHEMAS

__all__ = ["DataFileError", "available", "load"]

#: Environment variable naming a folder to read the CSV files from instead of the shipped one.
FOLDER_VARIABLE = "PVKIT_DATA_DIR"


def folder() -> Path:
    """The folder datasets are read from: ``$PVKIT_DATA_DIR`` if set, else the shipped one."""
    chosen = os.environ.get(FOLDER_VARIABLE, "").strip()
    return Path(chosen).expanduser() if chosen else Path(__file__).resolve().parent


def available() -> list[str]:
    """Names of the datasets pvkit knows (CSV files, without the extension).

    Examples
    --------
    >>> "sdg_targets" in available()
    True
    """
    return sorted(SCHEMAS)


def load(name: str) -> pd.DataFrame:
    """Load a dataset as a new DataFrame (safe to modify), checked against its schema.

    Parameters
    ----------
    name : str
        Dataset name, e.g. ``"policy_cases"``; see :func:`available`.

    Raises
    ------
    TypeError
        If ``name`` is not text.
    ValueError
        If no dataset has that name; the message lists the ones that exist.
    DataFileError
        If the file is missing, unreadable or breaks its schema; the message
        names the file, the line and the column.

    Examples
    --------
    >>> int(load("sdg_targets")["targets"].sum())
    169
    """
    if not isinstance(name, str):
        raise TypeError(f"dataset name must be a string such as 'box4', got {type(name).__name__}")
    names = available()
    if name not in names:
        raise ValueError(f"name: no dataset called {name[:60]!r}; available: {', '.join(names)}")
    path = folder() / f"{name}.csv"
    try:
        stat = path.stat()
        stamp = (stat.st_mtime_ns, stat.st_size)
    except OSError:
        stamp = (0, -1)  # read_file says what is wrong with the path
    return _read(str(path), name, stamp).copy()


@lru_cache(maxsize=128)
def _read(path: str, name: str, stamp: tuple[int, int]) -> pd.DataFrame:
    # keyed on the file's modification time and size, so an edited file is read again
    return read_file(Path(path), SCHEMAS[name])
