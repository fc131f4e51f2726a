"""Run the course's notebooks for the site, a few at a time, keeping their widget state.

Each notebook runs as the tests run it (``tests/test_notebooks.py``): nbclient,
the ``python3`` kernel, the notebook's own folder as working directory, and a
per-cell timeout. ``store_widget_state=True`` keeps every widget's final state
so the page can draw the widgets without a kernel. Notebooks run in worker
processes (``jobs`` at a time): kernel start-up dominates, so two at once on
two cores roughly halves the wall time.
"""

from __future__ import annotations

import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import nbformat
from nbclient.exceptions import CellExecutionError

from pvkit.kernel_start import NotebookRunner

__all__ = ["Executed", "execute_notebooks"]

#: Widget state that only a live kernel's front end needs (the 900 KB chart bundle, its CSS).
_LIVE_ONLY = ("_esm", "_css")


@dataclass
class Executed:
    """One executed notebook (as nbformat JSON text) and the seconds it took."""

    path: Path
    text: str
    seconds: float


def _run(path: str, timeout: int) -> Executed:
    start = time.monotonic()
    source = Path(path)
    nb = nbformat.read(source, as_version=4)
    client = NotebookRunner(nb, timeout=timeout, kernel_name="python3", store_widget_state=True,
                            resources={"metadata": {"path": str(source.parent)}})
    try:
        client.execute()
    except CellExecutionError as error:
        raise RuntimeError(f"{source.name} failed while building the site:\n{error}") from None
    state = (nb.metadata.get("widgets") or {}).get("application/vnd.jupyter.widget-state+json") or {}
    for model in (state.get("state") or {}).values():
        for key in _LIVE_ONLY:
            model.get("state", {}).pop(key, None)
    return Executed(source, nbformat.writes(nb), time.monotonic() - start)


def execute_notebooks(paths: list[Path], jobs: int = 2, timeout: int = 300) -> list[Executed]:
    """Execute every notebook in ``paths``; results in the same order.

    Parameters
    ----------
    paths : list of pathlib.Path
        Notebooks to run (they are read, never written).
    jobs : int
        How many run at once.
    timeout : int
        Seconds allowed per cell.

    Raises
    ------
    RuntimeError
        If a cell fails; the message names the notebook.
    """
    if not isinstance(jobs, int) or jobs < 1:
        raise ValueError(f"jobs must be a positive integer, not {jobs!r}")
    if not isinstance(timeout, int) or timeout < 1:
        raise ValueError(f"timeout must be a positive number of seconds, not {timeout!r}")
    missing = [str(p) for p in paths if not Path(p).is_file()]
    if missing:
        raise ValueError(f"paths must be notebooks that exist; missing: {missing}")
    with ProcessPoolExecutor(max_workers=min(jobs, max(len(paths), 1))) as pool:
        return list(pool.map(_run, [str(p) for p in paths], [timeout] * len(paths)))
