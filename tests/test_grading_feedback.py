"""Feedback shows each student their scores and failure messages, never hidden test code."""

from __future__ import annotations

import html
import re
import shutil

import nbformat
import pytest

from conftest import REPO
from grading_fixtures import (ALL_WRONG, ASSIGNMENT, HIDDEN_FRAGMENTS, ClassRun, class_run,
                              copy_course, fill, grade_id, run_cli, solution_answers)
from pvkit.grading.preprocessors import (HideHiddenTests, NameParts, part_names, part_title,
                                         strip_hidden_tests)

MESSAGES = {  # student -> failure messages their feedback must show
    "cat": ["bag_levy: not the framing", "B: dimension wrong, framing right",
            "misplaced: not the sorted list"],
    "ben": ["NotImplementedError", "NameError: name 'placements' is not defined"],
    "eve": ["ValueError: no idea"],
    "hal": ["E: dimension right, framing wrong"],
    "tam_eq": ["tampering detected", "flagged for instructor review"],
}


@pytest.fixture(scope="module")
def run(tmp_path_factory) -> ClassRun:
    return class_run(tmp_path_factory)


def visible_text(page: str) -> str:
    """The page's text: no style sheets or scripts (whose CSS names mention errors), no tags."""
    page = re.sub(r"<(style|script)\b.*?</\1>", "", page, flags=re.S | re.I)
    return html.unescape(re.sub(r"<[^>]+>", "", page))


def with_feedback(run: ClassRun) -> list[str]:
    return sorted(p.parent.name for p in (run.root / "feedback").glob(f"*/{ASSIGNMENT}"))


@pytest.mark.slow
def test_feedback_is_written_for_every_autograded_student(run):
    step = run.steps["feedback"]
    assert step.code == 0, step.err
    autograded = sorted(p.parent.name for p in (run.root / "autograded").glob(f"*/{ASSIGNMENT}"))
    assert with_feedback(run) == autograded
    assert "ivy ... no feedback: fix_or_shape.ipynb is not valid JSON" in step.out


@pytest.mark.slow
def test_feedback_shows_the_scores_from_the_gradebook(run):
    for student in with_feedback(run):
        page = visible_text(run.feedback_html(student))
        for name, score in run.second[student].items():
            if name.startswith("test_"):
                points = {"test_part1": 6, "test_part2": 6}.get(name, 2)
                assert f"Score: {score:.1f} / {points:.1f}" in page, (student, name)


@pytest.mark.slow
@pytest.mark.parametrize("student", sorted(MESSAGES))
def test_feedback_shows_the_failure_messages(run, student):
    page = visible_text(run.feedback_html(student))
    for message in MESSAGES[student]:
        assert message in page, message


@pytest.mark.slow
def test_feedback_never_shows_hidden_test_code(run):
    for student in with_feedback(run):
        page = visible_text(run.feedback_html(student))
        for fragment in HIDDEN_FRAGMENTS + ("BEGIN HIDDEN TESTS", "Traceback", "----> "):
            assert fragment not in page, (student, fragment)
        assert "hidden tests run here" in page


@pytest.mark.slow
def test_instructor_copy_keeps_the_hidden_tests(run):
    """Only the feedback is cleaned: the autograded notebook is the instructor's record."""
    nb = run.autograded("cat")
    test1 = next(c for c in nb.cells if grade_id(c) == "test_part1")
    assert "### BEGIN HIDDEN TESTS" in test1.source


# -- the preprocessor on its own --------------------------------------------------------
def _test_cell(source: str, outputs: list[dict[str, object]]) -> nbformat.NotebookNode:
    cell = nbformat.v4.new_code_cell(source, outputs=[nbformat.from_dict(o) for o in outputs])
    cell.metadata["nbgrader"] = {"grade": True, "solution": False, "locked": True,
                                 "grade_id": "t", "points": 1, "schema_version": 3}
    return cell


def test_hide_hidden_tests_strips_regions_and_tracebacks():
    cell = _test_cell(
        "assert ok\n### BEGIN HIDDEN TESTS\nassert secret == 42, 'wrong'\n### END HIDDEN TESTS",
        [{"output_type": "error", "ename": "AssertionError", "evalue": "wrong",
          "traceback": ["\x1b[0;31mTraceback\x1b[0m", "----> 3 assert secret == 42, 'wrong'",
                        "\x1b[0;31mAssertionError\x1b[0m: wrong"]}])
    nb = nbformat.v4.new_notebook(cells=[cell])
    nb, _ = HideHiddenTests().preprocess(nb, {})
    out = nb.cells[0]
    assert "secret" not in out.source and "assert ok" in out.source
    assert out.outputs[0].traceback == ["AssertionError: wrong"]


def test_strip_hidden_tests_keeps_everything_else():
    assert strip_hidden_tests("a = 1\nb = 2") == "a = 1\nb = 2"
    stripped = strip_hidden_tests("x\n### BEGIN HIDDEN TESTS\ny\nz\n### END HIDDEN TESTS\nw")
    assert stripped.splitlines()[0] == "x" and stripped.splitlines()[-1] == "w"
    assert "y" not in stripped.splitlines()


# -- the course's feedback page: parts named as the exercise names them ------------------
def test_name_parts_follows_the_exercise_headings(repo):
    source = nbformat.read(repo / "exercises" / ASSIGNMENT / "fix_or_shape.ipynb", as_version=4)
    names = part_names(source)
    assert names["test_part1"] == names["answer_part1"] == "Part 1 — Classify six new policies"
    assert names["test_part3b"] == "Part 3b — Check a ministry's homework"
    assert names["written_answer"] == "Part 4 — Frame it the other way"
    nb, _ = NameParts().preprocess(source, {})
    test2 = next(c for c in nb.cells if grade_id(c) == "test_part2")
    assert test2.metadata["pvkit"]["part"] == "Part 2 — Which row, which column?"


def test_part_title_keeps_names_without_a_points_note():
    assert part_title("## Part 2 — Fees") == "Part 2 — Fees"
    assert part_title("# Part 3: the static appraisal (2 points)") == \
        "Part 3: the static appraisal"
    with pytest.raises(TypeError, match="heading must be a str"):
        part_title(None)


@pytest.fixture(scope="module")
def templated(tmp_path_factory) -> dict:
    """Two students graded in a copy of the course that keeps its feedback template."""
    base = tmp_path_factory.mktemp("templated")
    root = copy_course(base)
    shutil.copytree(REPO / "course" / "templates", root / "templates")
    opts = ("--course", str(root))
    assert run_cli("build", ASSIGNMENT, *opts).code == 0
    release = nbformat.read(root / "release" / ASSIGNMENT / "fix_or_shape.ipynb", 4)
    answers = solution_answers(nbformat.read(base / "exercises" / ASSIGNMENT /
                                             "fix_or_shape.ipynb", 4))
    for student, notebook in (("ada", fill(release, answers)), ("cat", fill(release, ALL_WRONG))):
        folder = root / "submitted" / student / ASSIGNMENT
        folder.mkdir(parents=True)
        nbformat.write(notebook, folder / "fix_or_shape.ipynb")
        (folder / "timestamp.txt").write_text("2026-01-15 09:00:00.000000 UTC\n")
    steps = {name: run_cli(name, ASSIGNMENT, *opts) for name in ("autograde", "feedback")}
    assert steps["feedback"].code == 0, steps["feedback"].out + steps["feedback"].err
    pages = {s: (root / "feedback" / s / ASSIGNMENT / "fix_or_shape.html") for s in ("ada", "cat")}
    return {"root": root, "pages": pages}


@pytest.mark.slow
def test_feedback_names_each_part_and_never_says_test_cell(templated):
    page = visible_text(templated["pages"]["cat"].read_text(encoding="utf-8"))
    assert "Test cell" not in page and "Grade cell" not in page
    text = re.sub(r"\s+", " ", page)
    # cat's plausible slips: 4/6, 5/6, 1.5/2, 1/2 (see grading_fixtures.ALL_WRONG)
    for part, score in (("Part 1 — Classify six new policies", "4.0 / 6.0"),
                        ("Part 2 — Which row, which column?", "5.0 / 6.0"),
                        ("Part 3a — What is the argument about?", "1.5 / 2.0"),
                        ("Part 3b — Check a ministry's homework", "1.0 / 2.0")):
        assert f"{part} autograder tests {score}" in text, part
    assert "Feedback on fix_or_shape: 11.5 / 20.0" in text
    for fragment in HIDDEN_FRAGMENTS + ("BEGIN HIDDEN TESTS", "Traceback"):
        assert fragment not in page


@pytest.mark.slow
@pytest.mark.browser
def test_feedback_tables_render_with_rules(templated, browser):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    blocked: list[str] = []

    def only_files(route) -> None:  # noqa: ANN001
        if route.request.url.startswith(("file://", "data:")):
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()

    page.route("**/*", only_files)
    try:
        page.goto(templated["pages"]["ada"].as_uri())
        scores = page.locator("table.pvkit-scores tbody tr")
        assert scores.count() == 6  # five graded parts and the total
        # the exercise's own markdown table (part / what / points / graded)
        table = page.locator(".rendered_html table", has_text="classify six new policies").first
        assert table.locator("th").count() == 4
        cell = table.locator("td").first
        border = cell.evaluate("e => getComputedStyle(e).borderTopWidth")
        padding = cell.evaluate("e => getComputedStyle(e).paddingLeft")
        assert float(border.rstrip("px")) >= 1 and float(padding.rstrip("px")) >= 4
        assert page.locator("#test_part1", has_text="Part 1 — Classify six new policies").count()
        assert blocked == []
    finally:
        context.close()
