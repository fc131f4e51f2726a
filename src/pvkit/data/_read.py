"""Read one CSV file and check it against its schema, naming the line and column of any problem.

The file is parsed with the standard :mod:`csv` module (so every record keeps
the line it starts on, even when a quoted text spans lines), checked cell by
cell, then turned into a DataFrame with the dtypes pandas would have inferred
from a valid file: whole numbers as ``int64``, numbers with blanks or
decimals as ``float64``, text as objects with NaN for a blank.
"""

from __future__ import annotations

import csv
import difflib
import io
import math
import re
from pathlib import Path

import numpy as np
import pandas as pd

from pvkit.data._errors import DataFileError
from pvkit.data._schema import Bad, Column, Schema

#: Largest data file read (bytes): the shipped ones are a few kilobytes.
MAX_BYTES = 5 * 2**20
_REAL = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
_INT = re.compile(r"[+-]?\d+")


def _decode(path: Path, raw: bytes) -> str:
    try:
        return raw.decode("utf-8-sig")  # a spreadsheet's "CSV UTF-8" starts with a BOM: fine
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        start = raw.rfind(b"\n", 0, error.start) + 1
        end = raw.find(b"\n", error.start)
        text = raw[start: end if end >= 0 else len(raw)].decode("utf-8", errors="replace")
        header = raw.split(b"\n", 1)[0].decode("utf-8", errors="replace")
        column = None
        try:
            names = next(csv.reader([header]))
            cells = next(csv.reader([text]))
            at = next(i for i, cell in enumerate(cells) if "\ufffd" in cell)
            column = names[at] if at < len(names) else None
        except (StopIteration, csv.Error):
            pass
        byte = raw[error.start: error.start + 1].hex()
        raise DataFileError(path, line, column, f"the file is not UTF-8 text (byte 0x{byte} cannot be "
                            "read); save it as UTF-8, e.g. 'CSV UTF-8' in a spreadsheet") from None


def _records(path: Path, text: str) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """The header and each non-blank record with the line it starts on."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    records: list[tuple[int, list[str]]] = []
    header: list[str] | None = None
    ended = 0
    try:
        for fields in reader:
            start, ended = ended + 1, reader.line_num
            if not fields or all(not f.strip() for f in fields):
                continue
            if header is None:
                header = fields
            else:
                records.append((start, fields))
    except csv.Error as error:
        raise DataFileError(path, reader.line_num, None, f"the file is not valid CSV ({error}); "
                            "check the double quotes on this line") from None
    if header is None:
        raise DataFileError(path, 1, None, "the file is empty; it needs a header line naming the "
                            "columns, then one line per row")
    return header, records


def _check_header(path: Path, header: list[str], schema: Schema) -> list[str]:
    names = [h.strip() for h in header]
    expected = [c.name for c in schema.columns]
    for name in names:
        if names.count(name) > 1:
            raise DataFileError(path, 1, name, "this column appears twice in the header")
    unknown = [n for n in names if n not in expected]
    missing = [n for n in expected if n not in names]
    if missing:
        guess = difflib.get_close_matches(missing[0], unknown, n=1)
        hint = f" (is {guess[0]!r} meant to be it?)" if guess else ""
        raise DataFileError(path, 1, missing[0], f"the header has no column {missing[0]!r}{hint}; "
                            f"the columns must be {', '.join(expected)}")
    if unknown:
        raise DataFileError(path, 1, unknown[0], f"unexpected column {unknown[0]!r}; the columns "
                            f"must be {', '.join(expected)}")
    return names


def _cell(path: Path, line: int, column: Column, raw: str) -> object:
    """One cell as Python (str, int, float or None for a blank), or a clear error."""
    value = raw.strip()
    if not value:
        if column.blank:
            return None
        raise DataFileError(path, line, column.name, f"the cell is blank; every row needs "
                            f"{column.meaning}")
    if column.kind == "text":
        return value
    if column.kind == "choice":
        if value in column.options:
            return value
        close = difflib.get_close_matches(value.lower(), [o.lower() for o in column.options], n=1)
        guess = f" (did you mean {column.options[[o.lower() for o in column.options].index(close[0])]!r}?)" \
            if close else ""
        raise DataFileError(path, line, column.name, f"{value!r} is not {column.meaning}{guess}")
    return _number(path, line, column, value)


def _number(path: Path, line: int, column: Column, value: str) -> float | int:
    pattern = _INT if column.kind == "int" else _REAL
    if not pattern.fullmatch(value):
        if value.endswith("%"):
            why = f"write the number alone, without '%' ({column.meaning})"
        elif "," in value and _REAL.fullmatch(value.replace(",", "")):
            why = f"write it without thousands separators ({column.meaning})"
        elif column.kind == "int" and _REAL.fullmatch(value):
            why = f"this column takes a whole number ({column.meaning})"
        else:
            why = f"this column takes {column.meaning}"
        raise DataFileError(path, line, column.name, f"{value!r} is not a number: {why}")
    number: float | int = int(value) if column.kind == "int" else float(value)
    if not math.isfinite(number):
        raise DataFileError(path, line, column.name, f"{value!r} is too large ({column.meaning})")
    low, high = column.low, column.high
    too_low = low is not None and (number <= low if column.low_open else number < low)
    too_high = high is not None and (number >= high if column.high_open else number > high)
    if too_low or too_high:
        raise DataFileError(path, line, column.name, f"{value} is out of range: this column takes "
                            f"{column.meaning}")
    return number


def _series(column: Column, values: list[object], raws: list[str]) -> pd.Series:
    if column.kind in ("text", "choice"):
        # no dtype given: pandas picks its string dtype, as read_csv does
        return pd.Series([np.nan if v is None else v for v in values], name=column.name)
    blank = any(v is None for v in values)
    if not blank and all(_INT.fullmatch(r.strip()) for r in raws):
        return pd.Series(values, dtype="int64", name=column.name)  # as pandas infers whole numbers
    floats = [np.nan if v is None else float(v) for v in values]  # type: ignore[arg-type]
    return pd.Series(floats, dtype="float64", name=column.name)


def read_file(path: Path, schema: Schema) -> pd.DataFrame:
    """Read ``path`` and check it against ``schema``; raise :class:`DataFileError` on any problem."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise DataFileError(path, None, None, f"the file is {size:,} bytes; a pvkit data file "
                                f"holds at most {MAX_BYTES:,}")
        raw = path.read_bytes()
    except FileNotFoundError:
        raise DataFileError(path, None, None, f"the file is missing from the folder {path.parent}") from None
    except IsADirectoryError:
        raise DataFileError(path, None, None, "this is a folder, not a CSV file") from None
    except PermissionError:
        raise DataFileError(path, None, None, "the file cannot be read (permission denied)") from None
    header, records = _records(path, _decode(path, raw))
    names = _check_header(path, header, schema)
    if not records:
        raise DataFileError(path, 2, None, "the file has a header but no rows")
    if len(records) > schema.max_rows:
        raise DataFileError(path, records[schema.max_rows][0], None,
                            f"the file has {len(records):,} rows; at most {schema.max_rows:,}")
    columns = {c.name: c for c in schema.columns}
    cells: dict[str, list[object]] = {n: [] for n in names}
    raws: dict[str, list[str]] = {n: [] for n in names}
    for line, fields in records:
        if len(fields) != len(names):
            where = names[len(fields)] if len(fields) < len(names) else names[-1]
            raise DataFileError(path, line, where, f"the line has {len(fields)} fields but the header "
                                f"names {len(names)} columns (a comma inside a text needs double "
                                "quotes around the text)")
        for name, field in zip(names, fields):
            cells[name].append(_cell(path, line, columns[name], field))
            raws[name].append(field)
    lines = [line for line, _ in records]
    for column in schema.columns:
        if column.unique:
            seen: dict[object, int] = {}
            for line, value in zip(lines, cells[column.name]):
                if value in seen:
                    raise DataFileError(path, line, column.name, f"{value!r} appears twice (also on "
                                        f"line {seen[value]}); each row needs its own {column.name}")
                seen[value] = line
    table = pd.DataFrame({n: _series(columns[n], cells[n], raws[n]) for n in names})
    for check in schema.checks:
        try:
            check(table)
        except Bad as bad:
            line = None if bad.row is None else (lines[bad.row] if bad.row < len(lines) else lines[-1] + 1)
            raise DataFileError(path, line, bad.column, bad.problem) from None
    return table
