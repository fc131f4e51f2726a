"""The static site: built once, then read as files and opened in Chromium with no network.

The build executes every lesson and dashboard for real (nbclient), so the
browser tests are marked ``slow``. Chromium opens the pages from ``file://``
(and one from a plain static HTTP server); every request that is not a local
file (or, for the HTTP test, this machine) is aborted and recorded, and the
tests assert none was made.
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import re
import shutil
import threading
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlparse

import pytest

from axe_audit import serious_violations
from browser_fixtures import LOCAL_HOSTS, free_port
from conftest import REPO
from pvkit.site import build_site
from pvkit.site.course import read_course

LESSONS = sorted(p.stem for p in (REPO / "lessons").glob("*.ipynb"))
DASHBOARDS = sorted(p.stem for p in (REPO / "lessons" / "dashboards").glob("*.ipynb"))
PAGES = [f"lessons/{s}.html" for s in LESSONS] + [f"dashboards/{s}.html" for s in DASHBOARDS]
#: Pages axe audits: the index (below), every dashboard, and the lesson that holds every kind of
#: content (code, tables, charts, an inline dashboard). axe takes 10-40 s on each of the longest
#: lessons on a busy 2-core machine; PVKIT_AXE_ALL=1 audits every page.
AXE_PAGES = set(PAGES) if os.environ.get("PVKIT_AXE_ALL") else {
    "lessons/02_fix_or_shape.html", *(f"dashboards/{s}.html" for s in DASHBOARDS)}


class _Links(HTMLParser):
    """Every tag's attributes, in document order."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {k: v or "" for k, v in attrs}))


def _tags(path: Path) -> list[tuple[str, dict[str, str]]]:
    parser = _Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser.tags


def _classes(attrs: dict[str, str]) -> set[str]:
    return set(attrs.get("class", "").split())


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    out = tmp_path_factory.mktemp("pvkit-site") / "_site"
    report = build_site(REPO, out, jobs=2)
    print(f"\nsite built in {report.seconds:.1f} s ({report.size_bytes / 1e6:.2f} MB, "
          f"{len(report.pages)} pages)")
    return report


# -- the index, links and files -----------------------------------------------------------

def _syllabus_order() -> list[str]:
    text = (REPO / "course" / "syllabus.md").read_text(encoding="utf-8")
    return re.findall(r"^\|[^\n]*`lessons/(\w+)\.ipynb`", text, flags=re.M)


@pytest.mark.slow
def test_index_lists_every_lesson_in_syllabus_order(site):
    order = _syllabus_order()
    assert sorted(order) == LESSONS, "the syllabus and lessons/ disagree"
    links = [a["href"] for tag, a in _tags(site.out / "index.html") if tag == "a" and "lesson-link" in _classes(a)]
    assert links == [f"lessons/{stem}.html" for stem in order]
    boards = {a["href"] for tag, a in _tags(site.out / "index.html") if tag == "a" and "dashboard-link" in _classes(a)}
    assert boards == {f"dashboards/{stem}.html" for stem in DASHBOARDS}


@pytest.mark.slow
@pytest.mark.parametrize("name", ["index.html", *PAGES])
def test_every_local_link_and_asset_resolves_and_nothing_is_remote(site, name):
    page = site.out / name
    assert page.is_file()
    for tag, attrs in _tags(page):
        for key in ("href", "src"):
            target = attrs.get(key)
            if not target or target.startswith(("#", "data:")):
                continue
            if tag == "a" and target.startswith("https://mybinder.org/v2/gh/"):
                continue  # a link the reader follows, not a request the page makes
            assert not urlparse(target).scheme, f"{name}: <{tag} {key}={target!r}> leaves the site"
            resolved = (page.parent / target.split("#")[0]).resolve()
            assert resolved.is_file(), f"{name}: <{tag} {key}={target!r}> is missing"
            assert site.out.resolve() in resolved.parents


@pytest.mark.slow
def test_download_links_give_the_committed_notebooks(site):
    for name in PAGES:
        downloads = [a["href"] for tag, a in _tags(site.out / name) if tag == "a" and "download" in a]
        assert len(downloads) == 1, f"{name}: expected one download link, found {downloads}"
        file = (site.out / name).parent / downloads[0]
        kind, stem = name.split("/")[0], Path(name).stem
        source = REPO / "lessons" / (f"dashboards/{stem}.ipynb" if kind == "dashboards" else f"{stem}.ipynb")
        assert file.read_bytes() == source.read_bytes()  # the clean notebook, no outputs


@pytest.mark.slow
def test_binder_links_follow_the_readme_badges(site):
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    badge = re.search(r"\((https://mybinder\.org/v2/gh/[^)]*voila/render/lessons/dashboards/case_sorter\.ipynb)\)",
                      readme)
    assert badge, "the README's case sorter badge is gone"
    page = site.out / "dashboards" / "case_sorter.html"
    hrefs = {a["href"] for tag, a in _tags(page) if tag == "a"}
    assert badge.group(1) in hrefs
    lesson = re.sub(r"voila/render/lessons/dashboards/case_sorter", "lab/tree/lessons/02_fix_or_shape",
                    badge.group(1))
    assert lesson in {a["href"] for tag, a in _tags(site.out / "lessons" / "02_fix_or_shape.html") if tag == "a"}


@pytest.mark.slow
@pytest.mark.parametrize("stem", DASHBOARDS)
def test_dashboard_page_says_it_is_a_snapshot_live_on_binder(site, stem):
    text = (site.out / "dashboards" / f"{stem}.html").read_text(encoding="utf-8")
    note = re.search(r'<div class="binder-note" role="note">(.*?)</div>', text, flags=re.S)
    assert note, "no Binder note"
    assert "live on Binder" in note.group(1) and "controls" in note.group(1)
    assert f"voila/render/lessons/dashboards/{stem}.ipynb" in note.group(1)
    assert "<pre class=\"code\"" not in text, "a dashboard page shows code"


@pytest.mark.slow
def test_vega_is_one_shared_asset(site):
    bundle = site.out / "assets" / "vega.js"
    assert "window.vegaEmbed" in bundle.read_text(encoding="utf-8")
    for name in PAGES:
        text = (site.out / name).read_text(encoding="utf-8")
        assert '<script src="../assets/vega.js"></script>' in text
        assert len(text) < bundle.stat().st_size / 2, f"{name} seems to inline the bundle"
    assert (site.out / ".nojekyll").is_file()


# -- in the browser ------------------------------------------------------------------------

def _open(browser, url: str, allow_hosts: set[str] = frozenset()):  # noqa: ANN001, ANN202
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.left_machine, page.errors = [], []

    def handle(route) -> None:  # noqa: ANN001
        request_url = route.request.url
        host = urlparse(request_url).hostname or ""
        if request_url.startswith(("file:", "data:", "blob:")) or host in allow_hosts:
            route.continue_()
        else:
            page.left_machine.append(request_url)
            route.abort()

    page.route("**/*", handle)
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.on("console", lambda msg: page.errors.append(msg.text) if msg.type == "error" else None)
    page.goto(url, wait_until="load")
    return context, page


def _spec_title(spec: dict) -> str:
    """The first title in a spec or its panels (an independent reading, for the drawn SVG)."""
    stack = [spec]
    while stack:
        view = stack.pop(0)
        title = view.get("title")
        if isinstance(title, dict):
            title = title.get("text")
        if title:
            return title if isinstance(title, str) else " ".join(title)
        for key in ("layer", "hconcat", "vconcat", "concat"):
            stack.extend(v for v in view.get(key, []) if isinstance(v, dict))
    return ""


def _assert_charts_drawn(page, name: str, expected: int) -> None:  # noqa: ANN001
    views = page.locator(".pvkit-chart-view")
    assert views.count() == expected, f"{name}: {views.count()} charts on the page, expected {expected}"
    if expected:
        page.wait_for_selector("body[data-charts-drawn='true']", timeout=60_000)
    for i in range(expected):
        view = views.nth(i)
        assert view.get_attribute("data-drawn") == "true", f"{name}: chart {i} not drawn"
        assert view.locator("svg .role-mark").count() > 0, f"{name}: chart {i} has no marks"
        spec = json.loads(page.locator(f"#{view.get_attribute('data-spec')}").text_content())
        title = _spec_title(spec)
        if title:
            assert title in view.locator("svg").text_content(), f"{name}: chart {i} does not show {title!r}"
        figure = page.locator("figure.pvkit-chart").nth(i)
        assert len(figure.locator("figcaption").inner_text()) > 30, f"{name}: chart {i} has no description"
        assert figure.locator("details.chart-data table tbody tr").count() > 0, f"{name}: chart {i} has no data table"


@pytest.mark.slow
@pytest.mark.parametrize("name", PAGES)
def test_page_draws_its_charts_from_file_with_no_network(site, browser, name):
    source = REPO / "lessons" / (f"dashboards/{Path(name).stem}.ipynb" if name.startswith("dashboards")
                                 else f"{Path(name).stem}.ipynb")
    shown = source.read_text(encoding="utf-8").count("show_chart(")
    expected = next(p.charts for p in site.pages if p.path == name)
    assert expected >= max(shown, 1), f"{name}: {expected} charts built, the notebook shows {shown} at least"
    context, page = _open(browser, (site.out / name).as_uri())
    try:
        _assert_charts_drawn(page, name, expected)
        assert page.errors == [], f"{name}: script errors {page.errors}"
        if name in AXE_PAGES:
            violations = serious_violations(page)
            assert violations == [], f"{name}: axe found\n" + "\n".join(violations)
        assert page.left_machine == [], f"{name}: requests left the machine: {page.left_machine}"
    finally:
        context.close()


@pytest.mark.slow
def test_index_passes_axe_offline(site, browser):
    context, page = _open(browser, (site.out / "index.html").as_uri())
    try:
        assert page.locator("a.lesson-link").count() == len(LESSONS)
        assert page.errors == []  # (before axe, whose own stylesheet fetches fail on file://)
        violations = serious_violations(page)
        assert violations == [], "index: axe found\n" + "\n".join(violations)
        assert page.left_machine == []
    finally:
        context.close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
        pass


@pytest.mark.slow
def test_site_works_from_a_static_http_server(site, browser):
    port = free_port()
    handler = functools.partial(_QuietHandler, directory=str(site.out))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        name = "dashboards/case_sorter.html"
        context, page = _open(browser, f"http://127.0.0.1:{port}/{name}", allow_hosts=set(LOCAL_HOSTS))
        try:
            _assert_charts_drawn(page, name, next(p.charts for p in site.pages if p.path == name))
            page.locator("a.lesson-link").first.click()
            page.wait_for_load_state("load")
            assert page.url.endswith("/lessons/02_fix_or_shape.html")
            _assert_charts_drawn(page, "lessons/02_fix_or_shape.html",
                                 next(p.charts for p in site.pages if p.path == "lessons/02_fix_or_shape.html"))
            assert page.left_machine == [] and page.errors == []
        finally:
            context.close()
    finally:
        server.shutdown()
        server.server_close()


# -- quick checks, no build ----------------------------------------------------------------

def _course_copy(tmp_path: Path) -> Path:
    for folder in ("course", "lessons"):
        (tmp_path / folder).mkdir()
    shutil.copy(REPO / "course" / "syllabus.md", tmp_path / "course")
    shutil.copytree(REPO / "lessons", tmp_path / "lessons", dirs_exist_ok=True)
    return tmp_path


def test_a_lesson_missing_from_the_syllabus_is_an_error(tmp_path):
    root = _course_copy(tmp_path)
    shutil.copy(root / "lessons" / "00_value.ipynb", root / "lessons" / "07_extra.ipynb")
    with pytest.raises(ValueError, match="07_extra"):
        read_course(root)


def test_a_dashboard_no_lesson_links_is_an_error(tmp_path):
    root = _course_copy(tmp_path)
    shutil.copy(root / "lessons" / "dashboards" / "case_sorter.ipynb", root / "lessons" / "dashboards" / "extra.ipynb")
    with pytest.raises(ValueError, match="extra"):
        read_course(root)


def test_the_build_refuses_to_empty_a_folder_that_is_not_a_site(tmp_path):
    keep = tmp_path / "precious"
    keep.mkdir()
    (keep / "thesis.txt").write_text("do not delete")
    with pytest.raises(ValueError, match="not an earlier site build"):
        build_site(REPO, keep, jobs=1)
    assert (keep / "thesis.txt").read_text() == "do not delete"
