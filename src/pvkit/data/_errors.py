"""The error a broken data file raises: it names the file, the line and the column."""

from __future__ import annotations

from pathlib import Path


class DataFileError(ValueError):
    """A shipped (or instructor-supplied) CSV file that pvkit cannot use as it is.

    The message says which file, which line of it (as a text editor or
    spreadsheet numbers them: the header is line 1) and which column is wrong,
    and what a correct value looks like. The same facts are kept as attributes.

    Attributes
    ----------
    path : pathlib.Path
        The file.
    line : int or None
        The line in the file (1 is the header), when one line is to blame.
    column : str or None
        The column, when one column is to blame.
    problem : str
        What is wrong, in words.

    Examples
    --------
    >>> error = DataFileError(Path("rates.csv"), 3, "rate", "'3.5%' is not a number")
    >>> str(error)
    "data file rates.csv, line 3, column 'rate': '3.5%' is not a number (file: rates.csv)"
    >>> isinstance(error, ValueError), error.line
    (True, 3)
    """

    def __init__(self, path: Path, line: int | None, column: str | None, problem: str):
        self.path, self.line, self.column, self.problem = Path(path), line, column, problem
        where = [f"data file {self.path.name}"]
        if line is not None:
            where.append(f"line {line}")
        if column is not None:
            where.append(f"column {column!r}")
        super().__init__(f"{', '.join(where)}: {problem} (file: {self.path})")
