"""Benchmark of module 5 (who gets the rewards?): the model, the widget and the browser.

* the model: recompute 10,000 simulated portfolios of 100 ventures under a
  mix of deals (sums, summary, histogram), median over repeats; target <= 100 ms;
* one widget update in Python (model, fund and chart spec);
* one update in a real browser (a control change to redrawn charts, through
  Voila and headless Chromium), median over 20 moves; target <= 100 ms.
"""

from __future__ import annotations

import time

from pvkit.bench import dashboard_page, report_dashboard, summary, time_redraws, time_widget_changes

__all__ = ["time_model", "time_widget_update", "time_browser_update", "run"]

DASHBOARD = "lessons/dashboards/deal_simulator.ipynb"


def time_model(repeats: int = 30) -> list[float]:
    """Time recomputing 10,000 portfolios of 100 ventures under a deal mix (fresh terms each time)."""
    from pvkit import rewards

    ventures = rewards.simulate(n_ventures=100, n_portfolios=10_000, seed=0)
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

    def change(i: int) -> None:
        sim.term_a.value = 10.0 + (i % 2) * 10.0 + 0.5 * i

    return time_widget_changes(change, sim.message, repeats)


def time_browser_update(moves: int = 20) -> list[float]:
    """Time a deal change -> redrawn charts in headless Chromium against a real Voila server.

    Deal A cycles through every kind, starting away from the one shown, so no
    move finds its sums already computed.
    """
    from pvkit.widgets.deal_simulator import KINDS

    svg = ".pvkit-deal-simulator .pvkit-chart svg"
    with dashboard_page(DASHBOARD, ".pvkit-deal-simulator") as page:
        page.wait_for_selector(f"{svg} .mark-rect", state="attached")
        shown = page.eval_on_selector(".pvkit-kind-a select", "s => s.options[s.selectedIndex].text")
        moves_to = [kind for kind in KINDS if kind != shown] + [shown]
        return time_redraws(page, svg,
                            lambda i: page.select_option(".pvkit-kind-a select", label=moves_to[i % len(moves_to)]),
                            moves, settle_ms=200)


def run(repeats: int, browser: bool) -> int:
    """Print module 5's figures; returns a process exit code."""
    return report_dashboard("deal simulator (module 5)", [
        ("model, 10,000 portfolios x 100 ventures under a 3-deal mix",
         f"{summary(time_model(repeats))} (target <= 100 ms)"),
        ("widget update in Python (model + fund + chart)", summary(time_widget_update(repeats))),
    ], "update in the browser (deal change -> charts redrawn, 20 moves)", time_browser_update, browser)
