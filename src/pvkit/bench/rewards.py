"""Benchmark of module 5 (who gets the rewards?): the model, the widget and the browser.

* the model: recompute 10,000 simulated portfolios of 100 ventures under a
  mix of deals (sums, summary, histogram), median over repeats; target <= 100 ms;
* one widget update in Python (model, fund and chart spec);
* one update in a real browser (a control change to redrawn charts, through
  Voila and headless Chromium), median over 20 moves; target <= 150 ms.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from pvkit.bench import REPO, summary

__all__ = ["time_model", "time_widget_update", "time_browser_update", "run"]

DASHBOARD = "lessons/dashboards/deal_simulator.ipynb"
MOVES = ("royalty", "equity")


def time_model(repeats: int = 30) -> list[float]:
    """Time recomputing 10,000 portfolios of 100 ventures under a deal mix (fresh terms each time)."""
    from pvkit import rewards

    ventures = rewards.simulate(100, 10_000, seed=0)
    timings = []
    for i in range(repeats):
        stake = 0.1 + 0.01 * (i % 20)
        plan = rewards.mix(
            (rewards.Equity(stake) + rewards.PriceCap(0.3), 0.4),
            (rewards.Loan(0.05) + rewards.Reinvestment(0.5), 0.3),
            (rewards.Royalty(0.03), 0.3),
        )
        start = time.perf_counter()
        sums = rewards.portfolio_sums(ventures, plan)
        rewards.summary_of(sums)
        rewards.histogram_of(sums, bins=40)
        timings.append(time.perf_counter() - start)
    return timings


def time_widget_update(repeats: int = 30) -> list[float]:
    """Time one control change in the deal simulator, from new value to new chart spec."""
    from pvkit.widgets.deal_simulator import deal_simulator

    sim = deal_simulator()
    timings = []
    for i in range(repeats):
        start = time.perf_counter()
        sim.term_a.value = 10.0 + (i % 2) * 10.0 + 0.5 * i
        timings.append(time.perf_counter() - start)
        if sim.message.value:
            raise RuntimeError(f"update failed: {sim.message.value}")
    return timings


def time_browser_update(repeats: int = 20) -> list[float]:
    """Time a deal change -> redrawn charts in headless Chromium against a real Voila server."""
    sys.path.insert(0, str(REPO / "tests"))
    import browser_fixtures as bf
    from playwright.sync_api import sync_playwright

    bin_dir = Path(sys.executable).parent
    timings: list[float] = []
    svg = ".pvkit-deal-simulator .pvkit-chart svg"
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
                bf.open_dashboard(page, server.render(DASHBOARD), ".pvkit-deal-simulator")
                page.wait_for_selector(f"{svg} .mark-rect", state="attached")
                for i in range(repeats + 1):  # the first move warms up; not counted
                    before = page.locator(svg).first.inner_html()
                    page.wait_for_timeout(200)
                    start = time.perf_counter()
                    page.select_option(".pvkit-kind-a select", label=MOVES[i % 2])
                    page.wait_for_function(
                        "([sel, old]) => { const s = document.querySelector(sel);"
                        " return s && s.innerHTML !== old; }",
                        arg=[svg, before],
                        timeout=30_000,
                        polling="raf",
                    )
                    if i:
                        timings.append(time.perf_counter() - start)
                browser.close()
        finally:
            bf.stop_server(server)
    return timings


def run(repeats: int, browser: bool) -> int:
    """Print module 5's figures; returns a process exit code."""
    print("deal simulator (module 5)")
    print(f"  model, 10,000 portfolios x 100 ventures under a 3-deal mix: "
          f"{summary(time_model(repeats))} (target <= 100 ms)")
    print(f"  widget update in Python (model + fund + chart): {summary(time_widget_update(repeats))}")
    if not browser:
        return 0
    try:
        timings = time_browser_update()
    except Exception as error:  # noqa: BLE001 - report, do not hide the Python figures
        print(f"  update in the browser: could not run ({type(error).__name__}: {error})")
        return 1
    print(f"  update in the browser (deal change -> charts redrawn, 20 moves): "
          f"{summary(timings)} (target <= 150 ms)")
    return 0
