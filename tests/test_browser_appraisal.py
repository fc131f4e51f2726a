"""The appraisal explorer dashboard in a real browser (Voila + headless Chromium, offline)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from browser_fixtures import assert_no_error_or_code

if TYPE_CHECKING:
    from browser_fixtures import VoilaServer

pytest_plugins = ("browser_fixtures",)
pytestmark = pytest.mark.browser

DASHBOARD = "lessons/dashboards/appraisal_explorer.ipynb"
EXPLORER = ".pvkit-appraisal-explorer"
CHART_SVG = ".pvkit-chart svg"


def chart_svg(page) -> str:  # noqa: ANN001
    return page.locator(CHART_SVG).first.inner_html()


def bars(page) -> int:  # noqa: ANN001
    return page.locator(f"{CHART_SVG} .mark-rect.role-mark path").count()


def verdict(page) -> str:  # noqa: ANN001
    return page.locator(".pvkit-verdict").inner_text()


def nudge(page, control: str, key: str = "ArrowLeft", times: int = 3) -> None:  # noqa: ANN001
    """Move a slider with the keyboard, as a student using the keyboard would."""
    handle = page.locator(f"{control} .noUi-handle").first
    handle.focus()
    for _ in range(times):
        handle.press(key)




@pytest.fixture
def dashboard(page, voila_server: VoilaServer):  # noqa: ANN001, ANN201
    from browser_fixtures import open_dashboard

    open_dashboard(page, voila_server.render(DASHBOARD), EXPLORER)
    page.wait_for_function(
        "document.querySelectorAll('.pvkit-chart svg .mark-rect.role-mark path').length >= 10",
        timeout=60_000)
    return page


def test_explorer_renders_offline_with_both_charts(dashboard):
    page = dashboard
    assert bars(page) >= 10  # histogram bars and waterfall bars
    text = page.locator(EXPLORER).inner_text()
    assert "Static (Green Book)" in text and "Dynamic" in text
    assert "From a naive static NPV to the dynamic expected NPV" in chart_svg(page)
    # nothing chart-related came from the network (Voila itself asks for an icon font CSS)
    assert not [u for u in page.blocked_requests if "vega" in u or "esm.sh" in u]
    assert_no_error_or_code(page, 'appraisal_explorer()')


def test_moving_a_control_changes_chart_and_verdict(dashboard):
    page = dashboard
    before_chart, before_verdict = chart_svg(page), verdict(page)
    nudge(page, ".pvkit-learning-rate", "ArrowLeft", times=20)  # 20% -> 0%
    page.wait_for_function(
        "old => document.querySelector('.pvkit-verdict').innerText !== old", arg=before_verdict,
        timeout=30_000)
    page.wait_for_function(
        "old => document.querySelector('.pvkit-chart svg').innerHTML !== old", arg=before_chart,
        timeout=30_000)
    assert verdict(page) != before_verdict
    assert_no_error_or_code(page, 'appraisal_explorer()')


def test_bad_input_shows_a_friendly_message(dashboard):
    page = dashboard
    page.select_option(f"{EXPLORER} .pvkit-schedule select", value=None,
                       label="One constant rate (type it below)")
    box = page.locator(".pvkit-constant-rate input")
    page.wait_for_function("() => !document.querySelector('.pvkit-constant-rate input').disabled",
                           timeout=30_000)
    box.fill("-150")
    box.press("Enter")
    message = page.locator(".pvkit-message-area .pvkit-message")
    message.wait_for(state="visible", timeout=30_000)
    assert "between -5% and 20%" in message.inner_text()
    assert_no_error_or_code(page, 'appraisal_explorer()')
