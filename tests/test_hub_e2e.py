"""A whole term on a real JupyterHub: hand out, hand in, grade, hand back, export.

JupyterHub from PyPI with the configurable-http-proxy pinned in ``tests/node``, on
loopback, with ``course/hub/jupyterhub_config.py`` (PAM login, one Linux user per
person, LocalProcessSpawner); see ``hub_fixtures.py``. Three students log in with
their passwords in headless Chromium, each getting their own single-user server;
they fetch ``fix_or_shape`` in JupyterLab's Assignments tab (nbgrader's extension),
answer it (ann fully, ben partly, cy not at all; the answers are written into the
fetched notebook as that user, editing cells through the UI would only be slow)
and hand it in with the tab's Submit button: ben twice, cy after the due date. The
instructor runs ``pvkit`` as their own Linux user: collect, autograde, feedback,
release-feedback, status and the exports. Each student then fetches their feedback
in the tab and reads it through their own server.

Then a per-student variant exercise (``rewards``): ann and ben fetch it, ann answers
with her own numbers and sees them in her notebook on the hub (the kernel knows
she is ann), ben hands in ann's numeric answers. ``pvkit autograde --jobs 2`` gives
ann full marks and ben none on the parts where his numbers differ; the instructor
sees each student's numbers in status, the report, the feedback and the formgrader,
opened in the instructor's JupyterLab.

Seconds per step are printed at the end (``pytest -s`` shows them).
"""

from __future__ import annotations

import csv
import io
import json
import re
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import nbformat
import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from conftest import REPO
from grading_fixtures import HIDDEN_FRAGMENTS, fill, solution_answers
from hub_fixtures import Hub, can_read, hub_term, run_as
from pvkit import variants
from test_variants import answer_values, literal_cell

pytest_plugins = ("browser_fixtures",)  # the session's one headless Chromium
pytestmark = [pytest.mark.slow, pytest.mark.browser, pytest.mark.timeout(900)]

ASSIGNMENT = "fix_or_shape"
NOTEBOOK = f"{ASSIGNMENT}.ipynb"
UI_TIMEOUT_MS = 180_000  # a server's first start on two busy cores
PART1 = "Part 1 — Classify six new policies"
#: Autograded points each student should earn (fix_or_shape: 16 autograded, 4 written).
EXPECTED = {"ann": 16.0, "ben": 6.0, "cy": 0.0}
VARIANT = "rewards"  # the per-student variant exercise: parts 1-4 autograded (14 points)
VARIANT_TESTS = {1: 4.0, 2: 4.0, 3: 3.0, 4: 3.0}  # part -> points of its hidden tests


@pytest.fixture(scope="module")
def hub() -> Iterator[Hub]:
    yield from hub_term()


class Timer:
    """Seconds per step, kept on the hub and printed at the end."""

    def __init__(self, hub: Hub) -> None:
        self.hub = hub

    def __call__(self, name: str):  # noqa: ANN204
        timer = self

        class _Step:
            def __enter__(self) -> None:
                self.start = time.perf_counter()

            def __exit__(self, *exc: object) -> None:
                timer.hub.seconds[name] = time.perf_counter() - self.start

        return _Step()


# -- a student in JupyterLab --------------------------------------------------------
def log_in(browser, hub: Hub, role: str):  # noqa: ANN001, ANN201
    """Log in at the hub's page; returns the page once JupyterLab is up."""
    user = hub.users.names[role]
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.goto(f"{hub.url}/hub/login")
    page.fill("#username_input", user)
    page.fill("#password_input", hub.users.password)
    page.click("#login_submit")
    page.wait_for_url(f"**/user/{user}/lab**", timeout=UI_TIMEOUT_MS)
    page.wait_for_selector(".lm-MenuBar-itemLabel >> text=Nbgrader", timeout=UI_TIMEOUT_MS)
    return page


def open_assignments(page) -> None:  # noqa: ANN001
    """Nbgrader menu -> Assignment List: the Assignments tab."""
    page.locator(".lm-MenuBar-itemLabel", has_text="Nbgrader").click()
    page.locator(".lm-Menu-itemLabel", has_text="Assignment List").click()
    page.wait_for_selector("#assignments_list_info", timeout=UI_TIMEOUT_MS)


def fetch_in_ui(page, assignment: str = ASSIGNMENT) -> None:  # noqa: ANN001
    row = page.locator("#released_assignments_list .list_item", has_text=assignment)
    row.locator("button", has_text="Fetch").click(timeout=UI_TIMEOUT_MS)
    page.locator("#fetched_assignments_list .list_item", has_text=assignment).first.wait_for(
        timeout=UI_TIMEOUT_MS)


def submitted_times(page, assignment: str = ASSIGNMENT) -> list[str]:  # noqa: ANN001
    row = page.locator("#submitted_assignments_list .list_item", has_text=assignment)
    items = row.locator(".nested_list_item .item_name")
    return [t.strip() for t in items.all_inner_texts()]


def submit_in_ui(page, assignment: str = ASSIGNMENT) -> str:  # noqa: ANN001
    """Click Submit for the assignment; returns the new submission's timestamp."""
    before = submitted_times(page, assignment)
    row = page.locator("#fetched_assignments_list .list_item", has_text=assignment).first
    row.locator("button", has_text="Submit").click()
    deadline = time.monotonic() + UI_TIMEOUT_MS / 1000
    while time.monotonic() < deadline:
        now = submitted_times(page, assignment)
        if len(now) > len(before):
            return next(t for t in now if t not in before)
        time.sleep(0.3)
    raise AssertionError(f"no new submission listed after Submit (had {before})")


def fetch_feedback_in_ui(page) -> None:  # noqa: ANN001
    page.locator("#refresh_assignments_list").click()
    row = page.locator("#submitted_assignments_list .list_item", has_text=ASSIGNMENT).first
    row.locator("button", has_text="Fetch Feedback").click(timeout=UI_TIMEOUT_MS)
    page.locator("#submitted_assignments_list", has_text="view feedback").wait_for(
        timeout=UI_TIMEOUT_MS)


def write_answers(hub: Hub, role: str, answers: dict[str, str], assignment: str = ASSIGNMENT
                  ) -> None:
    """Answer in the fetched notebook, writing it as the student."""
    path = hub.users.home(role) / assignment / f"{assignment}.ipynb"
    release = nbformat.reads(run_as(hub.users.names[role], "cat", str(path)).stdout, 4)
    text = nbformat.writes(fill(release, answers))
    run_as(hub.users.names[role], "tee", str(path), input_text=text)


# -- the instructor -----------------------------------------------------------------
def instructor(hub: Hub, *args: str) -> str:
    done = hub.pvkit(*args)
    return done.stdout


def set_due_date_now(hub: Hub) -> None:
    """The instructor sets the due date in the gradebook (the formgrader's field)."""
    db = hub.users.home("teach") / "pvkit" / "course" / "gradebook.db"
    hub.python_as("teach", "\n".join([
        "import datetime",
        "from nbgrader.api import Gradebook",
        f"with Gradebook('sqlite:///{db}', 'pvkit') as gb:",
        "    now = datetime.datetime.now(datetime.UTC).replace(tzinfo=None)",
        f"    gb.update_or_create_assignment({ASSIGNMENT!r}, duedate=now)",
    ]))


def feedback_files(hub: Hub, role: str) -> list[str]:
    folder = hub.users.home(role) / ASSIGNMENT / "feedback"
    found = run_as(hub.users.names[role], "find", str(folder), "-name", "*.html", check=False)
    return sorted(line for line in found.stdout.splitlines() if line)  # names hold spaces


def read_through_server(page, hub: Hub, role: str, relative: Path) -> str:  # noqa: ANN001
    """A file's text from the student's own server (contents API, their session)."""
    url = f"{hub.url}/user/{hub.users.names[role]}/api/contents/{quote(str(relative))}"
    response = page.request.get(url + "?content=1&format=text", timeout=UI_TIMEOUT_MS)
    assert response.status == 200, (role, response.status, response.text()[:300])
    return response.json()["content"]


def visible_text(page) -> str:  # noqa: ANN001
    return page.locator("body").inner_text()


# -- the round trip ------------------------------------------------------------------
def test_a_term_on_a_real_hub(hub: Hub, browser) -> None:  # noqa: ANN001, PLR0915
    step = Timer(hub)
    names = hub.users.names
    course = hub.users.home("teach") / "pvkit" / "course"
    source = nbformat.read(REPO / "exercises" / ASSIGNMENT / NOTEBOOK, as_version=4)
    solution = solution_answers(source)
    try:
        with step("instructor: pvkit build + release"):
            instructor(hub, "build", ASSIGNMENT)
            instructor(hub, "release", ASSIGNMENT)

        pages = {}
        for role in EXPECTED:
            with step(f"{role}: log in, server start, JupyterLab up"):
                pages[role] = log_in(browser, hub, role)
            with step(f"{role}: fetch in the Assignments tab"):
                open_assignments(pages[role])
                fetch_in_ui(pages[role])
            fetched = hub.users.home(role) / ASSIGNMENT / NOTEBOOK
            assert run_as(names[role], "test", "-O", str(fetched), check=False).returncode == 0, \
                f"{role}'s fetched notebook is not theirs"

        with step("students: answer and submit (ben twice)"):
            write_answers(hub, "ann", solution)
            submit_in_ui(pages["ann"])
            first = submit_in_ui(pages["ben"])  # the untouched notebook
            write_answers(hub, "ben", {"answer_part1": solution["answer_part1"]})
            second = submit_in_ui(pages["ben"])
            assert first != second and len(submitted_times(pages["ben"])) == 2
        set_due_date_now(hub)
        time.sleep(1.0)
        with step("cy: submit after the due date"):
            submit_in_ui(pages["cy"])

        # -- the instructor's side
        with step("instructor: pvkit collect"):
            collected = instructor(hub, "collect", ASSIGNMENT)
        assert all(names[r] in collected for r in EXPECTED), collected
        with step("instructor: pvkit autograde"):
            graded = instructor(hub, "autograde", ASSIGNMENT)
        for role, points in EXPECTED.items():
            assert re.search(rf"{names[role]} \.\.\. {points:g}/20\b", graded), (role, graded)
        with step("instructor: pvkit feedback"):
            instructor(hub, "feedback", ASSIGNMENT)
        with step("instructor: pvkit release-feedback"):
            released = instructor(hub, "release-feedback", ASSIGNMENT)
        assert "for 3 student(s)" in released, released
        with step("instructor: pvkit status"):
            status = instructor(hub, "status")
        rows = {line.split()[1]: line for line in status.splitlines()
                if line.startswith(ASSIGNMENT + " ") and len(line.split()) > 2
                and line.split()[1] in names.values()}
        assert "late" in rows[names["cy"]] and "late" not in rows[names["ann"]], status
        assert rows[names["ben"]].split()[-1] == "2", status  # two hand-ins, the latest graded
        with step("instructor: pvkit export (csv, canvas)"):
            grades_csv = course / "grades.csv"
            instructor(hub, "export", "--to", str(grades_csv))
            roster = "nbgrader_id,name,canvas_id,sis_user_id,sis_login_id,section\n" + "".join(
                f"{names[r]},{r.title()},{i},S{i},{names[r]},A\n" for i, r in
                enumerate(EXPECTED, start=1))
            run_as(names["teach"], "tee", str(course / "roster.csv"), input_text=roster)
            instructor(hub, "export", "--format", "canvas", "--roster", str(course / "roster.csv"))
        exported = list(csv.DictReader(io.StringIO(
            run_as(names["teach"], "cat", str(grades_csv)).stdout)))
        by_student = {row["student_id"]: float(row["score"]) for row in exported}
        assert by_student == {names[r]: p for r, p in EXPECTED.items()}, exported
        canvas = run_as(names["teach"], "cat", str(course / "grades-canvas.csv")).stdout
        assert canvas.startswith("Student,ID,SIS User ID,SIS Login ID,Section,"), canvas

        # -- each student fetches and reads their own feedback
        for role, points in EXPECTED.items():
            page = pages[role]
            with step(f"{role}: fetch feedback in the Assignments tab"):
                fetch_feedback_in_ui(page)
            files = feedback_files(hub, role)
            assert len(files) == 1, (role, files)
            relative = Path(files[0]).relative_to(hub.users.home(role))
            with step(f"{role}: read the feedback through their server"):
                page.set_content(read_through_server(page, hub, role, relative))
                page.wait_for_selector("table.pvkit-scores", timeout=UI_TIMEOUT_MS)
            text = visible_text(page)
            assert f"Feedback on {ASSIGNMENT}: {points:.1f} / 20.0" in text, (role, text[:500])
            assert PART1 in text and "Test cell" not in text
            html = page.content()
            for fragment in (*HIDDEN_FRAGMENTS, "BEGIN HIDDEN TESTS", "BEGIN SOLUTION"):
                assert fragment not in html, (role, fragment)
            for other in EXPECTED:
                if other != role:
                    assert names[other] not in html, (role, other)

        # -- nobody reads what is not theirs
        with step("permission checks"):
            check_privacy(hub, pages)

        variant_round_trip(hub, browser, pages, step)
    finally:
        print(f"\nhub round trip, seconds per step ({len(hub.seconds)} steps):")
        for name, seconds in hub.seconds.items():
            print(f"  {seconds:7.1f}  {name}")
        print(f"  {sum(hub.seconds.values()):7.1f}  total")
        (hub.base / "timings.json").write_text(json.dumps(hub.seconds), encoding="utf-8")


def check_privacy(hub: Hub, pages: dict) -> None:
    """Students cannot read each other's work, the hand-ins, or the instructor's files."""
    names = hub.users.names
    course = hub.users.home("teach") / "pvkit"
    ann, ben = names["ann"], names["ben"]
    own = hub.users.home("ann") / ASSIGNMENT / NOTEBOOK
    assert can_read(ann, own), "ann cannot read her own notebook: the check proves nothing"
    assert can_read(names["teach"], course / "exercises" / ASSIGNMENT / NOTEBOOK)
    forbidden = [
        hub.users.home("ben") / ASSIGNMENT / NOTEBOOK,  # a classmate's work
        hub.users.home("ben") / ASSIGNMENT / "feedback",  # a classmate's feedback
        course / "exercises" / ASSIGNMENT / NOTEBOOK,  # solutions and hidden tests
        course / "course" / "submitted" / ben / ASSIGNMENT / NOTEBOOK,  # collected hand-in
        course / "course" / "feedback" / ben / ASSIGNMENT / NOTEBOOK.replace(".ipynb", ".html"),
        course / "course" / "gradebook.db",
        hub.exchange / "pvkit" / "inbound",  # every hand-in (listing)
        hub.exchange / "pvkit" / "feedback",  # every student's feedback (listing)
    ]
    assert run_as("root", "test", "-e", str(forbidden[3]), check=False).returncode == 0
    for path in forbidden:
        assert not can_read(ann, path), f"{ann} can read {path}"
    # ...nor through the web: ann's session gets nothing from ben's server
    page = pages["ann"]
    url = f"{hub.url}/user/{ben}/api/contents/{ASSIGNMENT}/{NOTEBOOK}?content=1"
    response = page.request.get(url, timeout=UI_TIMEOUT_MS)  # redirects (OAuth) followed
    assert response.status in (401, 403), (response.status, response.url)
    assert '"cells"' not in response.text()
    own = f"{hub.url}/user/{ann}/api/contents/{ASSIGNMENT}/{NOTEBOOK}?content=1"
    assert page.request.get(own, timeout=UI_TIMEOUT_MS).status == 200  # the check can fail


# -- a per-student variant exercise ----------------------------------------------------
def back_to_assignments(page, hub: Hub, role: str) -> None:  # noqa: ANN001
    """JupyterLab again (the page last showed feedback), then its Assignments tab."""
    page.goto(f"{hub.url}/user/{hub.users.names[role]}/lab")
    page.wait_for_selector(".lm-MenuBar-itemLabel >> text=Nbgrader", timeout=UI_TIMEOUT_MS)
    open_assignments(page)


def setup_cell_output(page, hub: Hub, role: str, assignment: str) -> str:  # noqa: ANN001
    """Open the fetched notebook in the student's JupyterLab and run its set-up cell.

    The cell is run once its kernel is idle; a key press lost while JupyterLab
    restores its layout is pressed again (the cell only reads the student's numbers).
    """
    user = hub.users.names[role]
    page.goto(f"{hub.url}/user/{user}/lab/tree/{assignment}/{assignment}.ipynb")
    page.wait_for_selector('.jp-NotebookPanel .jp-Notebook-ExecutionIndicator[data-status="idle"]',
                           timeout=UI_TIMEOUT_MS)
    cell = page.locator(".jp-NotebookPanel .jp-Notebook .jp-CodeCell").first
    output = cell.locator(".jp-OutputArea-output").first
    for _attempt in range(6):
        cell.locator(".jp-InputArea-editor").click(timeout=UI_TIMEOUT_MS)
        page.keyboard.press("Shift+Enter")
        try:
            output.wait_for(timeout=30_000)
            return output.inner_text()
        except PlaywrightTimeout:
            continue
    raise AssertionError(f"the set-up cell of {assignment} never ran in {role}'s JupyterLab")


def hidden_test_scores(hub: Hub, assignment: str) -> dict[str, dict[str, float]]:
    """student -> {hidden test cell: autograded score}, from the course gradebook."""
    db = hub.users.home("teach") / "pvkit" / "course" / "gradebook.db"
    done = hub.python_as("teach", "\n".join([
        "import json",
        "from nbgrader.api import Gradebook",
        f"with Gradebook('sqlite:///{db}', 'pvkit') as gb:",
        f"    subs = gb.find_assignment({assignment!r}).submissions",
        "    print(json.dumps({s.student.id: {g.name: g.auto_score for nb in s.notebooks",
        "                      for g in nb.grades if g.name.startswith('test_')} for s in subs}))",
    ]))
    return json.loads(done.stdout)


def submission_id(hub: Hub, assignment: str, student: str) -> str:
    db = hub.users.home("teach") / "pvkit" / "course" / "gradebook.db"
    return hub.python_as("teach", "\n".join([
        "from nbgrader.api import Gradebook",
        f"with Gradebook('sqlite:///{db}', 'pvkit') as gb:",
        f"    print(gb.find_submission_notebook({assignment!r}, {assignment!r}, {student!r}).id)",
    ])).stdout.strip()


def shows_numbers(text: str, numbers: dict[str, float | int]) -> bool:
    """Whether a Variant.describe() text lists exactly these numbers."""
    return all(re.search(rf"\b{name}\s+= {value:g}(\s|$)", text, re.MULTILINE)
               for name, value in numbers.items())


def variant_round_trip(hub: Hub, browser, pages: dict, step: Timer) -> None:  # noqa: ANN001, PLR0915
    """rewards with per-student numbers: hand out, answer, copy, grade, show the instructor."""
    names = hub.users.names
    ann, ben = names["ann"], names["ben"]
    course = hub.users.home("teach") / "pvkit" / "course"
    notebook = f"{VARIANT}.ipynb"
    with step(f"instructor: pvkit build + release {VARIANT} (per-student variants)"):
        instructor(hub, "build", VARIANT)
        instructor(hub, "release", VARIANT)
    key = run_as(names["teach"], "cat", str(course / ".pvkit" / "variant.key")).stdout.strip()
    own = {r: variants.parameters(key, VARIANT, names[r]) for r in ("ann", "ben")}
    assert own["ann"] != own["ben"], own
    for role in own:
        with step(f"{role}: fetch {VARIANT} in the Assignments tab"):
            back_to_assignments(pages[role], hub, role)
            fetch_in_ui(pages[role], VARIANT)
        handed = hub.users.home(role) / VARIANT / variants.RELEASE_KEY_FILE
        assert run_as(names[role], "cat", str(handed)).stdout.strip() == key, \
            f"the course key did not come with {role}'s {VARIANT}"

    source = nbformat.read(REPO / "exercises" / VARIANT / notebook, as_version=4)
    with step(f"ann and ben: answer and submit {VARIANT} (ben hands in ann's numbers)"):
        write_answers(hub, "ann", solution_answers(source), VARIANT)
        submit_in_ui(pages["ann"], VARIANT)
        copied = answer_values(source, VARIANT, ann, key)
        write_answers(hub, "ben", {g: literal_cell(v) for g, v in copied.items()}, VARIANT)
        submit_in_ui(pages["ben"], VARIANT)

    with step(f"ann: open {VARIANT} in JupyterLab and run its set-up cell"):
        tab = pages["ann"].context.new_page()
        shown = setup_cell_output(tab, hub, "ann", VARIANT)
        tab.close()
    assert f"Your own numbers for '{VARIANT}' (student {ann})" in shown, shown
    assert shows_numbers(shown, own["ann"]), (own["ann"], shown)

    with step(f"instructor: pvkit collect + autograde {VARIANT} --jobs 2"):
        instructor(hub, "collect", VARIANT)
        graded = instructor(hub, "autograde", VARIANT, "--jobs", "2")
    rows = {line.split()[0]: line for line in graded.splitlines() if line.split()[:1] in
            ([ann], [ben])}
    for role in own:
        assert f"seed_part2={own[role]['seed_part2']}" in rows[names[role]], graded
    scores = hidden_test_scores(hub, VARIANT)
    assert scores[ann] == {f"test_part{n}": p for n, p in VARIANT_TESTS.items()}, scores
    differ = [n for n in VARIANT_TESTS if all(
        own["ann"][k] != own["ben"][k] for k, p in variants.SPACES[VARIANT].items()
        if p.label.startswith(f"Part {n}:"))]
    assert differ, (own, "ann and ben share a number in every part")
    for n in differ:
        assert scores[ben][f"test_part{n}"] == 0.0, (n, scores[ben])
    assert sum(scores[ben].values()) < sum(VARIANT_TESTS.values())

    with step(f"instructor: pvkit feedback + report {VARIANT}, status"):
        instructor(hub, "feedback", VARIANT)
        instructor(hub, "report", VARIANT)
        status = instructor(hub, "status")
    section = status.split("Per-student variants")[1].split("\n\n")[0]
    for role in own:
        line = next(ln for ln in section.splitlines() if ln.split()[:2] == [VARIANT, names[role]])
        assert f"seed_part2={own[role]['seed_part2']}" in line, section
    page_text = run_as(names["teach"], "cat", str(course / "reports" / f"{VARIANT}.html")).stdout
    assert f"<td>{ann}</td><td>" in page_text.split("Per-student variants")[1]
    for role in own:
        html = run_as(names["teach"], "cat", str(
            course / "feedback" / names[role] / VARIANT / f"{VARIANT}.html")).stdout
        assert f"student {names[role]})" in html, role
        for fragment in ("BEGIN HIDDEN TESTS", "BEGIN SOLUTION", "_variants.for_me"):
            assert fragment not in html, (role, fragment)

    # -- the formgrader, in the instructor's JupyterLab (the hub's header fix lets it frame)
    with step("teach: log in, server start, JupyterLab up"):
        page = log_in(browser, hub, "teach")
    with step("teach: Nbgrader -> Formgrader lists the assignments"):
        page.locator(".lm-MenuBar-itemLabel", has_text="Nbgrader").click()
        page.locator(".lm-Menu-itemLabel").get_by_text("Formgrader", exact=True).click()
        frame = page.frame_locator("iframe").first
        try:
            frame.get_by_text(VARIANT, exact=True).first.wait_for(timeout=60_000)
        except PlaywrightTimeout:  # say what the frame shows (a 404: the extension did not load)
            raise AssertionError([(f.url, f.content()[-3000:]) for f in page.frames]) from None
    with step(f"teach: ann's {VARIANT} in the formgrader"):
        url = f"{hub.url}/user/{names['teach']}/formgrader/submissions/" \
              f"{submission_id(hub, VARIANT, ann)}/"
        page.goto(url)
        page.get_by_text(f"Your own numbers for '{VARIANT}'").first.wait_for(
            timeout=UI_TIMEOUT_MS)
        text = visible_text(page)
    assert f"(student {ann})" in text and shows_numbers(text, own["ann"]), text[:1500]
