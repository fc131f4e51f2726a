"""Accessibility of the dashboards and a lesson page, in a real browser (issue 10, item 4).

axe-core (the npm package in ``tests/node``, injected by Playwright, no network)
runs over each of the four dashboards as Voila serves them, before and after a
student changes something, and over one lesson page; any serious or critical
WCAG 2.x A/AA violation fails. A keyboard-only path through the case sorter
checks that a student who cannot use a mouse can do the task, and that the
result is announced in a live region.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from axe_audit import serious_violations
from playwright.sync_api import expect

if TYPE_CHECKING:
    from browser_fixtures import VoilaServer

pytest_plugins = ("browser_fixtures",)
pytestmark = pytest.mark.browser

DASHBOARDS = {
    "case_sorter": ".pvkit-case-sorter",
    "mission_map": ".pvkit-mission-map",
    "appraisal_explorer": ".pvkit-appraisal-explorer",
    "deal_simulator": ".pvkit-deal-simulator",
}
LESSON = "lessons/04_appraisal.ipynb"
CHART = ".pvkit-chart svg"


def open_page(page, voila_server: VoilaServer, notebook: str, ready: str) -> None:  # noqa: ANN001
    from browser_fixtures import open_dashboard

    open_dashboard(page, voila_server.render(notebook), ready)
    page.wait_for_selector(f"{CHART}, .vega-embed svg", state="attached", timeout=60_000)
    page.wait_for_timeout(500)  # let the last widgets (and their labels) settle


@pytest.mark.parametrize("name", list(DASHBOARDS))
def test_no_serious_violation_on_a_dashboard(page, voila_server: VoilaServer, name: str) -> None:  # noqa: ANN001
    open_page(page, voila_server, f"lessons/dashboards/{name}.ipynb", DASHBOARDS[name])
    assert serious_violations(page) == []
    # Every slider handle is named after its slider, and every chart says what it is.
    for slider in page.locator(".widget-slider").all():
        label = slider.locator(".widget-label").inner_text().strip()
        expect(slider.locator(".noUi-handle").first).to_have_attribute("aria-label", label)
    # (Vega puts the chart's role and label on the element holding its SVG.)
    labels = page.locator(".pvkit-chart[role=graphics-document], .pvkit-chart [role=graphics-document]").evaluate_all(
        "nodes => nodes.map(n => n.getAttribute('aria-label'))")
    assert labels and all("Described in words just below it" in (label or "") for label in labels), labels
    assert page.locator(".pvkit-chart-text").first.inner_text().startswith("The chart in words:")
    expect(page.locator(".pvkit-live-region[role=status][aria-live=polite]")).to_have_count(1)


def test_no_serious_violation_on_a_lesson_page(page, voila_server: VoilaServer) -> None:  # noqa: ANN001
    open_page(page, voila_server, LESSON, ".jp-Cell")
    assert serious_violations(page) == []


def test_the_case_sorter_from_the_keyboard_alone(page, voila_server: VoilaServer) -> None:  # noqa: ANN001
    """Tab to the case list, pick a case with the arrow keys, Tab to a button, press Enter."""
    open_page(page, voila_server, "lessons/dashboards/case_sorter.ipynb", DASHBOARDS["case_sorter"])
    before = page.locator(CHART).first.inner_html()

    def tab_to(selector: str, limit: int = 40) -> None:
        for _ in range(limit):
            page.keyboard.press("Tab")
            if page.evaluate("s => !!document.activeElement.closest(s)", selector):
                return
        raise AssertionError(f"{selector} cannot be reached with the Tab key")

    tab_to(".pvkit-case-sorter select")
    page.keyboard.press("ArrowDown")  # the next case in the list
    expect(page.locator(".pvkit-card")).to_contain_text("Not placed yet", timeout=30_000)
    tab_to(".pvkit-place-fixing")
    page.keyboard.press("Enter")
    feedback = page.locator(".pvkit-feedback .pvkit-feedback-box")
    feedback.wait_for(timeout=30_000)
    expect(page.locator(".pvkit-score")).to_contain_text("of 1 right", timeout=30_000)
    page.wait_for_function("old => document.querySelector('.pvkit-chart svg').innerHTML !== old",
                           arg=before, timeout=30_000)
    # The new score is announced politely, and the data table is reachable and up to date.
    expect(page.locator(".pvkit-live-region")).to_contain_text("of 1 right", timeout=30_000)
    tab_to(".pvkit-chart-text summary")
    page.keyboard.press("Enter")
    expect(page.locator(".pvkit-chart-text table").first).to_be_visible()
    expect(page.locator(".pvkit-chart-text table").nth(1)).to_contain_text("1")
    assert serious_violations(page) == []  # after the update too (feedback, score, open table)
