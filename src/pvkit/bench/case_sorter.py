"""Benchmark of the case sorter (module 2): one update in Python and in a browser.

* one update in Python (check the placement, score, build the chart, send the
  spec): median over repeats;
* one update in a real browser (click to redrawn chart, through Voila and
  headless Chromium).
"""

from __future__ import annotations


from pvkit.bench import dashboard_page, report_dashboard, summary, time_redraws, time_widget_changes

__all__ = ["time_widget_update", "time_browser_update", "run"]

DASHBOARD = "lessons/dashboards/case_sorter.ipynb"


def time_widget_update(repeats: int = 30) -> list[float]:
    """Time placing one case in the case sorter, from click to updated chart spec."""
    from pvkit.widgets import case_sorter

    sorter = case_sorter()
    case_ids = [value for _, value in sorter.picker.options]
    sorter.select(case_ids[0])
    sorter.fixing_button.click()  # warm up caches and the chart widget

    def prepare(i: int) -> None:
        sorter.placements.clear()
        sorter.select(case_ids[i % len(case_ids)])

    return time_widget_changes(lambda _: sorter.shaping_button.click(), sorter.message,
                               repeats, prepare)


def time_browser_update(moves: int = 20) -> list[float]:
    """Time click -> redrawn chart in headless Chromium against a real Voila server."""
    with dashboard_page(DASHBOARD, ".pvkit-case-sorter") as page:
        page.wait_for_selector(".pvkit-chart svg .mark-rect", state="attached")
        labels = page.locator(".pvkit-case-sorter select option").all_inner_texts()

        def choose(i: int) -> None:  # picking the case does not redraw the chart: not timed
            page.select_option(".pvkit-case-sorter select", label=labels[i])

        def place(_: int) -> None:
            page.click(".pvkit-place-fixing")

        # each case can be placed once: one warm-up move, then one timed move per case left
        moves = min(moves, len(labels) - 1)
        return time_redraws(page, ".pvkit-chart svg", place, moves, prepare=choose)


def run(repeats: int, browser: bool) -> int:
    """Print the case sorter's figures; returns a process exit code."""
    return report_dashboard("case sorter (module 2)",
                            [("update in Python (model + chart)", summary(time_widget_update(repeats)))],
                            "update in the browser (click -> chart redrawn, one move per case)",
                            time_browser_update, browser)
