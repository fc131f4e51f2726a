"""Seconds to execute every lesson notebook (what a student's "Run all" costs, start-up included).

Each notebook (the lessons, then the dashboards' notebooks) runs in a fresh
kernel with nbclient, in its own folder, as the test suite runs it. What a
dashboard's viewer waits for in Voila is timed in ``viewers``.
"""

from __future__ import annotations

import time
from pathlib import Path

from pvkit.bench import REPO
from pvkit.bench.viewers import DASHBOARDS

__all__ = ["NOTEBOOKS", "execute_seconds", "run"]

NOTEBOOKS = [*sorted((REPO / "lessons").glob("*.ipynb")), *(REPO / d for d in DASHBOARDS)]


def execute_seconds(path: Path) -> float:
    """Wall seconds to execute one notebook in a fresh ``python3`` kernel."""
    import nbformat
    from pvkit.kernel_start import NotebookRunner

    nb = nbformat.read(path, as_version=4)
    start = time.perf_counter()
    NotebookRunner(nb, timeout=600, kernel_name="python3",
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    return time.perf_counter() - start


def run(repeats: int, browser: bool) -> int:
    """Print seconds per lesson and in all; returns a process exit code."""
    print("lessons (nbclient, fresh kernel each)")
    if not NOTEBOOKS:
        print("  (no notebooks found: needs a repository checkout)")
        return 1
    total = 0.0
    for path in NOTEBOOKS:
        seconds = execute_seconds(path)
        total += seconds
        print(f"  {path.stem}: {seconds:.1f} s")
    print(f"  all {len(NOTEBOOKS)} notebooks: {total:.1f} s")
    return 0
