"""The mission map builder dashboard in a real browser: Voila serves it, headless Chromium edits it.

Every request off this machine is blocked (see ``browser_fixtures.page``), so a
drawn map here proves the offline rendering works.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from browser_fixtures import assert_no_error_or_code
from playwright.sync_api import expect

from pvkit import missions

if TYPE_CHECKING:
    from browser_fixtures import VoilaServer

pytest_plugins = ("browser_fixtures",)
pytestmark = pytest.mark.browser

DASHBOARD = "lessons/dashboards/mission_map.ipynb"
BUILDER = ".pvkit-mission-map"
DOTS = ".pvkit-chart svg .mark-symbol.role-mark path"
EXAMPLE = missions.example_mission()
EXAMPLE_NODES = 2 + len(EXAMPLE.sectors) + len(EXAMPLE.projects)


def wait_for_dots(page, count: int) -> None:  # noqa: ANN001
    page.wait_for_function(
        f"document.querySelectorAll('{DOTS}').length === {count}", timeout=60_000
    )




@pytest.fixture
def dashboard(page, voila_server: VoilaServer):  # noqa: ANN001, ANN201
    from browser_fixtures import open_dashboard

    open_dashboard(page, voila_server.render(DASHBOARD), BUILDER)
    wait_for_dots(page, EXAMPLE_NODES)
    return page


def test_builder_and_map_render_offline(dashboard) -> None:  # noqa: ANN001
    page = dashboard
    assert page.locator("h1").first.inner_text().startswith("Mission map builder")
    svg = page.locator(".pvkit-chart svg").first.inner_html()
    for label in (EXAMPLE.grand_challenge, "district heat networks", "green mortgages"):
        assert label in svg
    expect(page.locator(".pvkit-feedback")).to_contain_text("5 of 5 met")
    assert not [u for u in page.blocked_requests if "vega" in u or "esm.sh" in u]
    assert_no_error_or_code(page, 'mission_map_builder()')


def test_editing_the_mission_redraws_map_and_feedback(dashboard) -> None:  # noqa: ANN001
    page = dashboard
    before = page.locator(".pvkit-chart svg").first.inner_html()
    page.fill(".pvkit-projects textarea", "heat pumps: energy\nsolar roofs: energy")
    page.fill(".pvkit-target input", "warmer homes")
    page.click(".pvkit-draw")
    wait_for_dots(page, 2 + len(EXAMPLE.sectors) + 2)
    assert page.locator(".pvkit-chart svg").first.inner_html() != before
    assert "solar roofs" in page.locator(".pvkit-chart svg").first.inner_html()
    feedback = page.locator(".pvkit-feedback")
    expect(feedback).to_contain_text("2 of 5 met", timeout=30_000)
    expect(feedback).to_contain_text("give the target a number")
    assert page.locator(".pvkit-feedback .pvkit-missed").count() == 3
    assert_no_error_or_code(page, 'mission_map_builder()')


def test_bad_input_shows_a_friendly_message(dashboard) -> None:  # noqa: ANN001
    page = dashboard
    page.fill(".pvkit-projects textarea", "ferries: shipping")
    page.click(".pvkit-draw")
    message = page.locator(".pvkit-message-area .pvkit-message")
    message.wait_for(timeout=30_000)
    expect(message).to_contain_text("not one of the mission's sectors")
    expect(message).to_contain_text("That did not work")
    # The last good map stays on screen.
    assert page.locator(DOTS).count() == EXAMPLE_NODES
    assert_no_error_or_code(page, 'mission_map_builder()')
