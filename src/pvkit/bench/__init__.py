"""Timings that matter to a student clicking through pvkit (``make bench``).

One module per dashboard or model; each has ``run(repeats, browser) -> int``
that prints its figures. ``python -m pvkit.bench`` runs them all. Browser
timings need a repository checkout (they reuse ``tests/browser_fixtures.py``),
Playwright and Debian's Chromium.

>>> summary([0.010, 0.030, 0.020])
'median 20.0 ms (min 10.0, max 30.0, n=3)'
>>> verdict([0.010, 0.030, 0.020], target_ms=50)
'within the 50 ms target'
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

__all__ = ["REPO", "summary", "verdict", "time_widget_changes", "dashboard_page", "time_redraws",
           "report_browser", "report_dashboard"]

REPO = Path(__file__).resolve().parents[3]


def summary(seconds: list[float]) -> str:
    """Median, min and max of timings in seconds, as milliseconds."""
    ms = [1000 * s for s in seconds]
    return f"median {statistics.median(ms):.1f} ms (min {min(ms):.1f}, max {max(ms):.1f}, n={len(ms)})"


def verdict(seconds: list[float], target_ms: float) -> str:
    """Whether the median meets a target, in words."""
    within = 1000 * statistics.median(seconds) <= target_ms
    return f"{'within' if within else 'OVER'} the {target_ms:g} ms target"


def time_widget_changes(change: Callable[[int], None], message: Any, repeats: int,
                        prepare: Callable[[int], None] | None = None) -> list[float]:
    """Seconds for each ``change(i)`` of a widget, in Python (model, text and chart spec).

    ``prepare(i)``, if given, runs untimed before each change; a message shown
    in the widget's ``message`` area means the update failed.
    """
    timings = []
    for i in range(repeats):
        if prepare is not None:
            prepare(i)
        start = time.perf_counter()
        change(i)
        timings.append(time.perf_counter() - start)
        if message.value:
            raise RuntimeError(f"update failed: {message.value}")
    return timings


@contextmanager
def dashboard_page(dashboard: str, ready_selector: str) -> Iterator[Any]:
    """A Playwright page showing ``dashboard`` from a real Voila server, ready to drive."""
    sys.path.insert(0, str(REPO / "tests"))
    import browser_fixtures as bf
    from playwright.sync_api import sync_playwright

    bin_dir = Path(sys.executable).parent
    with tempfile.TemporaryDirectory(prefix="pvkit-bench-") as tmp:
        work = Path(tmp)
        port = bf.free_port()
        server = bf.start_voila(bf.voila_command(bin_dir, port, bf.REPO), cwd=bf.REPO,
                                env=bf.jupyter_env(work / "home", bin_dir), port=port,
                                workdir=work)
        try:
            with sync_playwright() as playwright:
                browser = bf.launch_chromium(playwright)
                page = browser.new_page(viewport={"width": 1280, "height": 900})
                bf.open_dashboard(page, server.render(dashboard), ready_selector)
                yield page
                browser.close()
        finally:
            bf.stop_server(server)


def time_redraws(page: Any, chart: str, move: Callable[[int], None], moves: int,
                 settle_ms: int = 150, prepare: Callable[[int], None] | None = None
                 ) -> list[float]:
    """Seconds from each ``move(i)`` until the SVG under ``chart`` changes.

    ``prepare(i)``, if given, runs before the clock starts (e.g. choosing what
    the timed control acts on). One extra first move warms the page up and is
    not counted.
    """
    timings = []
    for i in range(moves + 1):
        if prepare is not None:
            prepare(i)
        before = page.locator(chart).first.inner_html()
        page.wait_for_timeout(settle_ms)
        start = time.perf_counter()
        move(i)
        page.wait_for_function(
            "([sel, old]) => { const s = document.querySelector(sel);"
            " return s && s.innerHTML !== old; }",
            arg=[chart, before], timeout=30_000, polling="raf")
        if i:
            timings.append(time.perf_counter() - start)
    return timings


def report_browser(label: str, measure: Callable[[], list[float]], target_ms: float) -> int:
    """Print one browser figure (or why it could not run); returns an exit code."""
    try:
        timings = measure()
    except Exception as error:  # noqa: BLE001 - report, do not hide the Python figures
        print(f"  {label}: could not run ({type(error).__name__}: {error})")
        return 1
    print(f"  {label}: {summary(timings)} [{verdict(timings, target_ms)}]")
    return 0


def report_dashboard(title: str, python: list[tuple[str, str]], browser_label: str,
                     measure: Callable[[], list[float]], browser: bool, target_ms: float = 100) -> int:
    """Print a dashboard's figures: its title, each (label, figure) timed in Python, then the browser's.

    Returns an exit code (1 if the browser figure could not be measured).
    """
    print(title)
    for label, figure in python:
        print(f"  {label}: {figure}")
    if not browser:
        return 0
    return report_browser(browser_label, measure, target_ms=target_ms)
