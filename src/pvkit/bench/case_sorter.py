"""Benchmark of the case sorter (module 2): one update in Python and in a browser.

* one update in Python (check the placement, score, build the chart, send the
  spec): median over repeats;
* one update in a real browser (click to redrawn chart, through Voila and
  headless Chromium).
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from pvkit.bench import REPO, summary

__all__ = ["time_widget_update", "time_browser_update", "run"]

DASHBOARD = "lessons/dashboards/case_sorter.ipynb"


def time_widget_update(repeats: int = 30) -> list[float]:
    """Time placing one case in the case sorter, from click to updated chart spec."""
    from pvkit.widgets import case_sorter

    sorter = case_sorter()
    case_ids = [value for _, value in sorter.picker.options]
    sorter.select(case_ids[0])
    sorter.fixing_button.click()  # warm up caches and the chart widget
    timings = []
    for i in range(repeats):
        sorter.placements.clear()
        sorter.select(case_ids[i % len(case_ids)])
        start = time.perf_counter()
        sorter.shaping_button.click()
        timings.append(time.perf_counter() - start)
        if sorter.message.value:
            raise RuntimeError(f"update failed: {sorter.message.value}")
    return timings


def time_browser_update(repeats: int = 8) -> list[float]:
    """Time click -> redrawn chart in headless Chromium against a real Voila server.

    Needs the repository's ``tests/browser_fixtures.py``, Playwright and Chromium.
    """
    sys.path.insert(0, str(REPO / "tests"))
    import browser_fixtures as bf
    from playwright.sync_api import sync_playwright

    bin_dir = Path(sys.executable).parent
    timings: list[float] = []
    with tempfile.TemporaryDirectory(prefix="pvkit-bench-") as tmp:
        work = Path(tmp)
        port = bf.free_port()
        server = bf.start_voila(
            bf.voila_command(bin_dir, port, bf.REPO),
            cwd=bf.REPO,
            env=bf.jupyter_env(work / "home", bin_dir),
            port=port,
            workdir=work,
        )
        try:
            with sync_playwright() as playwright:
                browser = bf.launch_chromium(playwright)
                page = browser.new_page(viewport={"width": 1280, "height": 900})
                bf.open_dashboard(page, server.render(DASHBOARD), ".pvkit-case-sorter")
                page.wait_for_selector(".pvkit-chart svg .mark-rect", state="attached")
                labels = page.locator(".pvkit-case-sorter select option").all_inner_texts()
                for i in range(min(repeats, len(labels))):
                    page.select_option(".pvkit-case-sorter select", label=labels[i])
                    page.wait_for_timeout(200)
                    start = time.perf_counter()
                    page.click(".pvkit-place-fixing")
                    page.wait_for_function(
                        "n => document.querySelectorAll("
                        "'.pvkit-chart svg .mark-symbol.role-mark path').length === n",
                        arg=i + 1,
                        timeout=30_000,
                    )
                    timings.append(time.perf_counter() - start)
                browser.close()
        finally:
            bf.stop_server(server)
    return timings


def run(repeats: int, browser: bool) -> int:
    """Print the case sorter's figures; returns a process exit code."""
    print("case sorter (module 2)")
    print(f"  update in Python (model + chart): {summary(time_widget_update(repeats))}")
    if not browser:
        return 0
    try:
        timings = time_browser_update()
    except Exception as error:  # noqa: BLE001 - report, do not hide the Python figure
        print(f"  update in the browser: could not run ({type(error).__name__}: {error})")
        return 1
    print(f"  update in the browser (click -> chart redrawn): {summary(timings)}")
    return 0
