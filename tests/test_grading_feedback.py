"""Feedback shows each student their scores and failure messages, never hidden test code."""

from __future__ import annotations

import html
import re

import nbformat
import pytest

from grading_fixtures import ASSIGNMENT, HIDDEN_FRAGMENTS, ClassRun, class_run, grade_id
from pvkit.grading.preprocessors import HideHiddenTests, strip_hidden_tests

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
