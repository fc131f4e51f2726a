"""Timings that matter to a student clicking through pvkit (``make bench``).

One module per dashboard or model; each has ``run(repeats, browser) -> int``
that prints its figures. ``python -m pvkit.bench`` runs them all; browser
timings need a repository checkout (they reuse ``tests/browser_fixtures.py``),
Playwright and Debian's Chromium.

>>> summary([0.010, 0.030, 0.020])
'median 20.0 ms (min 10.0, max 30.0, n=3)'
"""

from __future__ import annotations

import statistics
from pathlib import Path

__all__ = ["REPO", "summary"]

REPO = Path(__file__).resolve().parents[3]


def summary(seconds: list[float]) -> str:
    """Median, min and max of timings in seconds, as milliseconds."""
    ms = [1000 * s for s in seconds]
    return f"median {statistics.median(ms):.1f} ms (min {min(ms):.1f}, max {max(ms):.1f}, n={len(ms)})"
