"""The deal simulator dashboard in a real browser: Voila serves it, headless Chromium uses it.

Requests off this machine are blocked (see ``browser_fixtures.page``), so drawn
charts prove that the offline rendering works.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from browser_fixtures import assert_no_error_or_code
from playwright.sync_api import expect

if TYPE_CHECKING:
    from browser_fixtures import VoilaServer

pytest_plugins = ("browser_fixtures",)
pytestmark = pytest.mark.browser

DASHBOARD = "lessons/dashboards/deal_simulator.ipynb"
SIMULATOR = ".pvkit-deal-simulator"
CHART_SVG = ".pvkit-deal-simulator .pvkit-chart svg"


def chart_svg(page) -> str:  # noqa: ANN001
    return page.locator(CHART_SVG).first.inner_html()




def wait_for_change(page, before: str) -> None:  # noqa: ANN001
    page.wait_for_function(
        "([sel, old]) => { const s = document.querySelector(sel); return s && s.innerHTML !== old; }",
        arg=[CHART_SVG, before],
        timeout=30_000,
    )


@pytest.fixture
def dashboard(page, voila_server: VoilaServer):  # noqa: ANN001, ANN201
    from browser_fixtures import open_dashboard

    open_dashboard(page, voila_server.render(DASHBOARD), SIMULATOR)
    page.wait_for_function(
        "document.querySelectorAll('.pvkit-chart svg .mark-rect.role-mark path').length >= 10",
        timeout=60_000,
    )
    return page


def test_simulator_renders_its_charts_offline(dashboard) -> None:  # noqa: ANN001
    page = dashboard
    assert page.locator("h1").first.inner_text().startswith("Who gets the rewards?")
    expect(page.locator(".pvkit-summary")).to_contain_text("Chance the public loses money")
    # histogram bars and stacked bars, the fund's band and median line
    assert page.locator(f"{CHART_SVG} .mark-rect.role-mark path").count() >= 10
    assert page.locator(f"{CHART_SVG} .mark-area.role-mark path").count() == 1
    assert page.locator(f"{CHART_SVG} .mark-line.role-mark path").count() == 1
    assert not [u for u in page.blocked_requests if "vega" in u or "esm.sh" in u]
    assert_no_error_or_code(page, 'import deal_simulator')


def test_changing_a_deal_changes_the_charts(dashboard) -> None:  # noqa: ANN001
    page = dashboard
    before = chart_svg(page)
    summary = page.locator(".pvkit-summary").inner_text()
    page.select_option(".pvkit-kind-a select", label="grant")
    wait_for_change(page, before)
    expect(page.locator(".pvkit-summary")).not_to_have_text(summary, timeout=30_000)
    assert_no_error_or_code(page, 'import deal_simulator')


def test_a_bad_number_is_a_friendly_message(dashboard) -> None:  # noqa: ANN001
    page = dashboard
    box = page.locator(".pvkit-term-a input")
    box.fill("150")
    box.press("Enter")
    message = page.locator(".pvkit-message-area .pvkit-message")
    message.wait_for(timeout=30_000)
    expect(message).to_contain_text("between 0 and 100%")
    assert_no_error_or_code(page, 'import deal_simulator')
    # and a good number clears it
    before = chart_svg(page)
    box.fill("40")
    box.press("Enter")
    wait_for_change(page, before)
    expect(page.locator(".pvkit-message-area .pvkit-message")).to_have_count(0, timeout=30_000)


def test_the_reinvestment_rule_changes_the_summary(dashboard) -> None:  # noqa: ANN001
    page = dashboard
    summary = page.locator(".pvkit-summary")
    expect(summary).to_contain_text("Reinvestment rule: none")
    handle = page.locator(".pvkit-reinvest .noUi-handle")
    handle.focus()
    for _ in range(4):  # four steps of 5% with the keyboard
        handle.press("ArrowRight")
    expect(summary).to_contain_text("must reinvest", timeout=30_000)
    expect(summary).to_contain_text("(20% of the profit they keep)")
    assert_no_error_or_code(page, 'import deal_simulator')
