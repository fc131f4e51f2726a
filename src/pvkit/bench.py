"""Timings that matter to a student clicking through pvkit (``make bench``).

Prints, for the case sorter:

* one update in Python (check the placement, score, build the chart, send the
  spec): median over repeats;
* one update in a real browser (click to redrawn chart, through Voila and
  headless Chromium), when run from a repository checkout with Chromium and
  Playwright present; ``--no-browser`` skips it.

Run ``python -m pvkit.bench --help`` for options.

>>> summary([0.010, 0.030, 0.020])
'median 20.0 ms (min 10.0, max 30.0, n=3)'
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

__all__ = ["summary", "time_widget_update", "time_browser_update", "main"]

REPO = Path(__file__).resolve().parents[2]
DASHBOARD = "lessons/dashboards/case_sorter.ipynb"


def summary(seconds: list[float]) -> str:
    """Median, min and max of timings in seconds, as milliseconds."""
    ms = [1000 * s for s in seconds]
    return f"median {statistics.median(ms):.1f} ms (min {min(ms):.1f}, max {max(ms):.1f}, n={len(ms)})"


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


def main(argv: list[str] | None = None) -> int:
    """Print the figures; returns a process exit code."""
    parser = argparse.ArgumentParser(prog="python -m pvkit.bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeats", type=int, default=30, help="Python updates to time (default 30)")
    parser.add_argument("--no-browser", action="store_true", help="skip the browser timing")
    args = parser.parse_args(argv)

    print("pvkit bench: case sorter")
    print(f"  update in Python (model + chart): {summary(time_widget_update(args.repeats))}")
    if args.no_browser:
        return 0
    if not (REPO / "tests" / "browser_fixtures.py").exists():
        print("  update in the browser: skipped (needs a repository checkout)")
        return 0
    try:
        timings = time_browser_update()
    except Exception as error:  # noqa: BLE001 - report, do not hide the Python figure
        print(f"  update in the browser: could not run ({type(error).__name__}: {error})")
        return 1
    print(f"  update in the browser (click -> chart redrawn): {summary(timings)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
