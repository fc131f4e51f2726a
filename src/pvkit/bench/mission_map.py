"""Benchmark of module 6 (missions): the mission map builder in Python and in the browser.

* one redraw in Python (read the fields, build the map, check the criteria,
  chart spec), median over repeats;
* one redraw in a real browser (press "Draw the map" after a project was
  added or removed -> map redrawn, through Voila and headless Chromium),
  median over 20 presses; target <= 100 ms.
"""

from __future__ import annotations

from pvkit.bench import dashboard_page, report_dashboard, summary, time_redraws, time_widget_changes

__all__ = ["time_widget_update", "time_browser_update", "run"]

DASHBOARD = "lessons/dashboards/mission_map.ipynb"
#: The project added on every other move (its sector is one of the example's).
EXTRA = "heat pump bond: finance"


def _projects(base: str, i: int) -> str:
    """The example's projects, with :data:`EXTRA` on odd moves (so every press changes the map)."""
    return f"{base}\n{EXTRA}" if i % 2 else base


def time_widget_update(repeats: int = 30) -> list[float]:
    """Time one press of "Draw the map" in Python, after the projects were edited (untimed)."""
    from pvkit.widgets.mission_map import mission_map_builder

    builder = mission_map_builder()
    base = builder.projects.value

    def prepare(i: int) -> None:
        builder.projects.value = _projects(base, i + 1)

    return time_widget_changes(lambda _: builder.draw_button.click(), builder.message, repeats, prepare)


def time_browser_update(moves: int = 20) -> list[float]:
    """Time "Draw the map" -> redrawn map in headless Chromium against a real Voila server."""
    svg = ".pvkit-mission-map .pvkit-chart svg"
    with dashboard_page(DASHBOARD, ".pvkit-mission-map") as page:
        page.wait_for_selector(f"{svg} .mark-text", state="attached")
        box = page.locator(".pvkit-projects textarea")
        base = box.input_value()

        def edit(i: int) -> None:  # typing is synced before the clock starts (time_redraws settles)
            box.fill(_projects(base, i + 1))

        return time_redraws(page, svg, lambda _: page.click(".pvkit-draw"), moves, prepare=edit)


def run(repeats: int, browser: bool) -> int:
    """Print the mission map builder's figures; returns a process exit code."""
    return report_dashboard("mission map builder (module 6)",
                            [("redraw in Python (fields -> map, criteria, chart spec)",
                              summary(time_widget_update(repeats)))],
                            "update in the browser (press Draw the map -> map redrawn, 20 presses)",
                            time_browser_update, browser)
