"""Benchmark of the appraisal explorer (module 4).

* one model recompute: 10,000 Monte Carlo draws x 50 years x 5 projects, with
  the static, learning and spillover cases and the decomposition (target
  <= 50 ms);
* one widget update in Python (model, summaries, chart spec);
* one update in a real browser: a slider moved with the keyboard until the
  chart is redrawn, median over 20 moves (target <= 150 ms).
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

from pvkit.bench import REPO, summary

__all__ = ["time_recompute", "time_widget_update", "time_browser_update", "run"]

DASHBOARD = "lessons/dashboards/appraisal_explorer.ipynb"
RECOMPUTE_TARGET_MS = 50
BROWSER_TARGET_MS = 150


def time_recompute(repeats: int = 30) -> list[float]:
    """Time :func:`pvkit.appraisal.appraise` at the dashboard's size."""
    from pvkit import appraisal as ap

    projects = ap.example_portfolio()
    setting = ap.Setting(horizon=50, optimism_bias=0.44)
    ap.appraise(projects, setting, n=10_000, seed=0)  # warm the caches
    timings = []
    for i in range(repeats):
        lr = 0.15 + 0.01 * (i % 10)
        start = time.perf_counter()
        ap.appraise(ap.example_portfolio(learning_rate=lr), setting, n=10_000, seed=0)
        timings.append(time.perf_counter() - start)
    return timings


def time_widget_update(repeats: int = 30) -> list[float]:
    """Time one learning-rate change in the explorer, up to the new chart spec."""
    from pvkit.widgets.appraisal_explorer import appraisal_explorer

    explorer = appraisal_explorer()
    timings = []
    for i in range(repeats):
        start = time.perf_counter()
        explorer.learning_rate.value = 0.15 + 0.01 * (i % 10)
        timings.append(time.perf_counter() - start)
        if explorer.message.value:
            raise RuntimeError(f"update failed: {explorer.message.value}")
    return timings


def time_browser_update(moves: int = 20) -> list[float]:
    """Time key press on a slider -> redrawn chart, in headless Chromium against Voila."""
    sys.path.insert(0, str(REPO / "tests"))
    import browser_fixtures as bf
    from playwright.sync_api import sync_playwright

    bin_dir = Path(sys.executable).parent
    timings: list[float] = []
    with tempfile.TemporaryDirectory(prefix="pvkit-bench-") as tmp:
        work = Path(tmp)
        port = bf.free_port()
        server = bf.start_voila(bf.voila_command(bin_dir, port, bf.REPO), cwd=bf.REPO,
                                env=bf.jupyter_env(work / "home", bin_dir), port=port, workdir=work)
        try:
            with sync_playwright() as playwright:
                browser = bf.launch_chromium(playwright)
                page = browser.new_page(viewport={"width": 1280, "height": 900})
                bf.open_dashboard(page, server.render(DASHBOARD), ".pvkit-appraisal-explorer")
                page.wait_for_function(
                    "document.querySelectorAll('.pvkit-chart svg .mark-rect.role-mark path').length >= 10",
                    timeout=60_000)
                handle = page.locator(".pvkit-learning-rate .noUi-handle").first
                handle.focus()
                for i in range(moves):
                    before = page.locator(".pvkit-chart svg").first.inner_html()
                    page.wait_for_timeout(150)
                    start = time.perf_counter()
                    handle.press("ArrowLeft" if i % 2 == 0 else "ArrowRight")
                    page.wait_for_function(
                        "old => document.querySelector('.pvkit-chart svg').innerHTML !== old",
                        arg=before, timeout=30_000, polling="raf")
                    timings.append(time.perf_counter() - start)
                browser.close()
        finally:
            bf.stop_server(server)
    return timings


def _verdict(timings: list[float], target_ms: float) -> str:
    median = 1000 * statistics.median(timings)
    return "within target" if median <= target_ms else f"OVER the {target_ms:.0f} ms target"


def run(repeats: int, browser: bool) -> int:
    """Print the explorer's figures; returns a process exit code."""
    print("appraisal explorer (module 4)")
    recompute = time_recompute(repeats)
    print(f"  model recompute, 10,000 draws x 50 years x 5 projects: {summary(recompute)} "
          f"[{_verdict(recompute, RECOMPUTE_TARGET_MS)}]")
    print(f"  update in Python (model + text + chart spec): {summary(time_widget_update(repeats))}")
    if not browser:
        return 0
    try:
        timings = time_browser_update()
    except Exception as error:  # noqa: BLE001 - report, do not hide the Python figures
        print(f"  update in the browser: could not run ({type(error).__name__}: {error})")
        return 1
    print(f"  update in the browser (key press -> chart redrawn): {summary(timings)} "
          f"[{_verdict(timings, BROWSER_TARGET_MS)}]")
    return 0
