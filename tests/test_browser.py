"""The case-sorter dashboard in a real browser: Voila serves it, headless Chromium uses it.

Every request off this machine is blocked (see ``browser_fixtures.page``), so
a drawn chart here proves the offline rendering works.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from browser_fixtures import assert_no_error_or_code
from playwright.sync_api import expect

from pvkit import frameworks

if TYPE_CHECKING:
    from browser_fixtures import VoilaServer

# The shared fixtures (voila_server, browser, page) as a plugin: registered once per
# session however many dashboard test modules name it. Its helpers are imported inside
# functions, after pytest has registered it.
pytest_plugins = ("browser_fixtures",)
pytestmark = pytest.mark.browser

DASHBOARD = "lessons/dashboards/case_sorter.ipynb"
SORTER = ".pvkit-case-sorter"
CHART_SVG = ".pvkit-chart svg"


def marks(page, kind: str) -> int:  # noqa: ANN001
    """How many drawn marks of a kind (rect, line, symbol) the plots hold (legends excluded)."""
    return page.locator(f"{CHART_SVG} .mark-{kind}.role-mark path").count()


def chart_svg(page) -> str:  # noqa: ANN001
    return page.locator(CHART_SVG).first.inner_html()


def wait_for_chart(page) -> None:  # noqa: ANN001
    page.wait_for_function(
        "document.querySelectorAll('.pvkit-chart svg .mark-rect.role-mark path').length >= 5", timeout=60_000
    )




@pytest.fixture
def dashboard(page, voila_server: VoilaServer):  # noqa: ANN001, ANN201
    from browser_fixtures import open_dashboard

    open_dashboard(page, voila_server.render(DASHBOARD), SORTER)
    wait_for_chart(page)
    return page


def test_dashboard_shows_widget_and_a_drawn_chart_offline(dashboard) -> None:  # noqa: ANN001
    page = dashboard
    assert page.locator("h1").first.inner_text().startswith("Market fixing or market shaping")
    assert "Box 4" in page.locator("body").inner_text()
    assert page.locator(".pvkit-place-fixing").is_visible()
    assert page.locator(".pvkit-place-shaping").is_visible()
    # Marks drawn: five bars (some zero-wide), one of them the full "not placed yet" bar.
    assert marks(page, "rect") == 5
    widths = page.locator(f"{CHART_SVG} .mark-rect.role-mark path").evaluate_all(
        "paths => paths.map(p => p.getBBox().width)"
    )
    assert max(widths) > 100
    assert marks(page, "symbol") == 0  # no running-score points yet
    # Nothing from the network was needed (blocked requests are only Voila's icon font CSS).
    assert not [u for u in page.blocked_requests if "vega" in u or "esm.sh" in u]
    assert_no_error_or_code(page, 'import case_sorter')
    # Everything a student needs fits a small laptop screen, without sideways scrolling.
    page.set_viewport_size({"width": 1024, "height": 768})
    page.wait_for_timeout(300)
    for selector in (".pvkit-place-fixing", ".pvkit-place-shaping", ".pvkit-reset", CHART_SVG):
        box = page.locator(selector).first.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 1024, selector


def test_placing_a_case_changes_the_chart_and_gives_feedback(dashboard) -> None:  # noqa: ANN001
    page = dashboard
    case = frameworks.case("apollo")
    button = ".pvkit-place-shaping" if case["framing"] == "market shaping" else ".pvkit-place-fixing"
    before = chart_svg(page)
    page.select_option(".pvkit-case-sorter select", label=f"{case['name']} ({case['year']})")
    expect(page.locator(".pvkit-card")).to_contain_text(str(case["instrument"]))
    page.click(button)
    page.wait_for_selector(".pvkit-feedback .pvkit-feedback-box", timeout=30_000)
    feedback = page.locator(".pvkit-feedback").inner_text()
    assert feedback.startswith("Right:")
    assert f"Box 4, {case['dimension']}" in feedback
    page.wait_for_function(
        "document.querySelectorAll('.pvkit-chart svg .mark-symbol.role-mark path').length === 1",
        timeout=30_000,
    )
    assert chart_svg(page) != before
    expect(page.locator(".pvkit-score")).to_contain_text("1 of 1 right", timeout=30_000)
    assert_no_error_or_code(page, 'import case_sorter')


def test_placing_a_case_twice_is_a_friendly_message(dashboard) -> None:  # noqa: ANN001
    page = dashboard
    page.click(".pvkit-place-fixing")
    page.wait_for_selector(".pvkit-feedback .pvkit-feedback-box", timeout=30_000)
    page.click(".pvkit-place-shaping")
    message = page.locator(".pvkit-message-area .pvkit-message")
    message.wait_for(timeout=30_000)
    expect(message).to_contain_text("already placed")
    expect(page.locator(".pvkit-score")).to_contain_text("of 1 right")
    assert_no_error_or_code(page, 'import case_sorter')


def test_start_again_empties_the_chart(dashboard) -> None:  # noqa: ANN001
    page = dashboard
    page.click(".pvkit-place-fixing")
    page.wait_for_function(
        "document.querySelectorAll('.pvkit-chart svg .mark-symbol.role-mark path').length === 1", timeout=30_000
    )
    page.click(".pvkit-reset")
    page.wait_for_function(
        "document.querySelectorAll('.pvkit-chart svg .mark-symbol.role-mark path').length === 0", timeout=30_000
    )
    expect(page.locator(".pvkit-score")).to_contain_text("nothing placed yet", timeout=30_000)
    expect(page.locator(".pvkit-feedback .pvkit-feedback-box")).to_have_count(0)


def test_the_page_loads_only_the_extensions_it_uses_and_its_loading_logo_stands_still(
    page, voila_server: VoilaServer  # noqa: ANN001
) -> None:
    from browser_fixtures import open_dashboard

    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    open_dashboard(page, voila_server.render(DASHBOARD), SORTER)
    wait_for_chart(page)
    extensions = {url.split("labextensions/", 1)[1].rsplit("/static/", 1)[0]
                  for url in requested if "labextensions/" in url and "/static/" in url}
    assert {"@jupyter-widgets/jupyterlab-manager", "anywidget"} <= extensions, extensions
    # JupyterLab extensions a dashboard never uses (binder/jupyter/voila.json denies them).
    assert not extensions & {"@jupyter/nbgrader", "@jupyter-notebook/lab-extension",
                             "@voila-dashboards/jupyterlab-preview"}, extensions
    # Voila removes its loading logo once the notebook has run; one put back takes the page's
    # styles: it does not spin (the endless redraw costs a browser without a GPU real time).
    animation = page.evaluate(
        "() => { const box = document.createElement('div'); box.id = 'loading';"
        " box.innerHTML = '<svg class=\"spinner\"></svg>'; document.body.appendChild(box);"
        " const name = getComputedStyle(box.firstChild).animationName; box.remove(); return name; }"
    )
    assert animation == "none"
