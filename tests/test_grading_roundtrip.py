"""The exercise round trip with real nbgrader: build, grade both ways, feedback, export.

Every exercise is checked both ways: the solution earns full autograded marks,
the untouched student version earns zero, a plausible wrong answer earns
partial credit; student versions never carry solutions or hidden tests.
"""

from __future__ import annotations

import ast
import re

import nbformat
import pytest

from conftest import REPO
from grading_fixtures import (ASSIGNMENT, AUTO_MAX, HIDDEN_FRAGMENTS, NOTEBOOK, SOLUTION_VALUES,
                              TOTAL_MAX, WRONG_SCORE, ClassRun, class_run, copy_course, grade_id,
                              run_cli, solution_answers)
from pvkit import frameworks
from pvkit.grading.preprocessors import tampering_findings
from pvkit.grading.report import GRADE_COLUMNS

SOURCE = REPO / "exercises" / ASSIGNMENT / NOTEBOOK
MARKERS = ("BEGIN SOLUTION", "END SOLUTION", "BEGIN HIDDEN TESTS", "END HIDDEN TESTS",
           "BEGIN MARK SCHEME", "END MARK SCHEME")


@pytest.fixture(scope="module")
def run(tmp_path_factory) -> ClassRun:
    return class_run(tmp_path_factory)


def instructor_only_lines(source: nbformat.NotebookNode) -> set[str]:
    """Substantial lines inside solution, hidden-test and mark-scheme regions.

    A line that also appears outside every region (a visible check repeated in a
    hidden test, say) is not a secret.
    """
    found: set[str] = set()
    public: set[str] = set()
    for cell in source.cells:
        inside = False
        meta = cell.metadata.get("nbgrader", {})
        whole_markdown_answer = cell.cell_type == "markdown" and meta.get("solution")
        for line in cell.source.splitlines():
            if any(m.startswith("BEGIN") and m in line for m in MARKERS):
                inside = True
            elif any(m.startswith("END") and m in line for m in MARKERS):
                inside = False
            elif (inside or whole_markdown_answer) and len(line.strip()) > 12:
                found.add(line.strip())
            else:
                public.add(line.strip())
    return found - public


def leaks(release: nbformat.NotebookNode, source: nbformat.NotebookNode) -> list[str]:
    secret = instructor_only_lines(source)
    problems = []
    for index, cell in enumerate(release.cells, start=1):
        problems += [f"cell {index}: marker {m}" for m in MARKERS if m in cell.source]
        problems += [f"cell {index}: {line!r}" for line in cell.source.splitlines()
                     if line.strip() in secret]
    return problems


# -- build ---------------------------------------------------------------------------
@pytest.mark.slow
def test_build_writes_the_student_version(run):
    step = run.steps["build"]
    assert step.code == 0, step.err
    assert (run.root / "release" / ASSIGNMENT / NOTEBOOK).is_file()
    assert (run.root / "gradebook.db").is_file()


@pytest.mark.slow
def test_student_version_has_no_solution_and_no_hidden_tests(run):
    release = nbformat.read(run.root / "release" / ASSIGNMENT / NOTEBOOK, 4)
    text = "\n".join(c.source for c in release.cells)
    assert leaks(release, run.source) == []
    for value in SOLUTION_VALUES + HIDDEN_FRAGMENTS:
        assert value not in text, value
    answers = [c for c in release.cells if c.metadata.get("nbgrader", {}).get("solution")]
    assert len(answers) == 5
    assert all("YOUR CODE HERE" in c.source or "YOUR ANSWER HERE" in c.source for c in answers)
    assert not any(c.get("outputs") for c in release.cells if c.cell_type == "code")


@pytest.mark.slow
def test_every_exercise_builds_without_leaking(tmp_path):
    """Covers future exercises too: every assignment folder in exercises/."""
    assignments = sorted(p.name for p in (REPO / "exercises").iterdir()
                         if p.is_dir() and list(p.glob("*.ipynb")))
    assert ASSIGNMENT in assignments
    root = copy_course(tmp_path)
    for assignment in assignments:
        step = run_cli("build", assignment, "--course", str(root))
        assert step.code == 0, step.err
        for source_path in sorted((REPO / "exercises" / assignment).glob("*.ipynb")):
            release = nbformat.read(root / "release" / assignment / source_path.name, 4)
            source = nbformat.read(source_path, 4)
            assert leaks(release, source) == [], f"{assignment}/{source_path.name}"


# -- autograde both ways ----------------------------------------------------------------
@pytest.mark.slow
def test_solution_earns_every_autograded_point(run):
    ada = run.first["ada"]
    assert {k: ada[k] for k in ("test_part1", "test_part2", "test_part3a", "test_part3b")} == {
        "test_part1": 6.0, "test_part2": 6.0, "test_part3a": 2.0, "test_part3b": 2.0}
    assert run.auto_score(run.first, "ada") == AUTO_MAX


@pytest.mark.slow
def test_untouched_student_version_earns_zero(run):
    assert run.auto_score(run.first, "ben") == 0.0
    assert run.first["ben"]["written_answer"] == 0.0  # "YOUR ANSWER HERE" is no response


@pytest.mark.slow
def test_plausible_wrong_answer_earns_partial_credit_per_part(run):
    cat = run.first["cat"]
    assert (cat["test_part1"], cat["test_part2"], cat["test_part3a"], cat["test_part3b"]) == (
        4.0, 5.0, 1.5, 1.0)
    assert 0 < run.auto_score(run.first, "cat") == WRONG_SCORE < AUTO_MAX


@pytest.mark.slow
def test_other_spellings_of_the_labels_earn_full_marks(run):
    assert run.auto_score(run.first, "kim") == AUTO_MAX


@pytest.mark.slow
def test_autograded_notebook_reports_per_case_misses(run):
    nb = run.autograded("cat")
    test1 = next(c for c in nb.cells if grade_id(c) == "test_part1")
    printed = "".join(o.get("text", "") for o in test1.outputs if o.output_type == "stream")
    assert "bag_levy: not the framing" in printed
    assert "health_data_team: not the framing" in printed
    assert "fog_siren" not in printed


# -- export -------------------------------------------------------------------------------
@pytest.mark.slow
def test_export_has_one_row_per_student_and_assignment(run):
    assert run.steps["export"].code == 0
    assert run.csv_header == list(GRADE_COLUMNS)
    students = [r["student_id"] for r in run.grades_csv]
    assert sorted(students) == sorted(run.second) and len(students) == len(set(students))
    rows = {r["student_id"]: r for r in run.grades_csv}
    assert {r["assignment"] for r in run.grades_csv} == {ASSIGNMENT}
    assert float(rows["ada"]["score"]) == AUTO_MAX + 3.0
    assert float(rows["ada"]["max_score"]) == TOTAL_MAX
    assert float(rows["ada"]["percent"]) == 95.0
    assert float(rows["cat"]["percent"]) == round(100 * WRONG_SCORE / TOTAL_MAX, 1)
    assert (rows["ivy"]["score"], rows["ivy"]["status"]) == ("0.0", "failed")
    assert rows["ben"]["status"] == "graded"
    for row in run.grades_csv:
        assert float(row["percent"]) == pytest.approx(
            100 * float(row["score"]) / float(row["max_score"]), abs=0.05)


# -- the source notebook itself (fast) -------------------------------------------------------
def _source() -> nbformat.NotebookNode:
    return nbformat.read(SOURCE, 4)


def test_source_is_a_clean_nbgrader_notebook():
    nb = _source()
    nbformat.validate(nb)
    ids = [grade_id(c) for c in nb.cells if grade_id(c)]
    assert len(ids) == len(set(ids)) == len(nb.cells)
    points = {grade_id(c): c.metadata.nbgrader.get("points") for c in nb.cells
              if c.metadata.nbgrader.get("grade")}
    assert points == {"test_part1": 6, "test_part2": 6, "test_part3a": 2, "test_part3b": 2,
                      "written_answer": 4}
    for cell in nb.cells:
        meta = cell.metadata.nbgrader
        if meta.get("grade") and not meta.get("solution"):
            assert cell.source.count("### BEGIN HIDDEN TESTS") == 1, grade_id(cell)
            assert meta["locked"] is True
    assert "| criterion | points |" in next(c.source for c in nb.cells
                                             if grade_id(c) == "part4_rubric")


def test_reference_answers_agree_with_the_model():
    """The hidden tests hold literals; they must match pvkit's data."""
    answers = solution_answers(_source())
    namespace: dict[str, object] = {}
    exec(answers["answer_part1"], namespace)
    # Part 1 grades policies that are not in the lesson's data, so it cannot be looked up
    setup1 = next(c.source for c in _source().cells if grade_id(c) == "part1_cases")
    exec(setup1, namespace)
    assert sorted(namespace["placements"]) == sorted(namespace["TO_CLASSIFY"])
    assert not set(namespace["TO_CLASSIFY"]) & set(frameworks.cases()["case_id"])
    assert set(namespace["placements"].values()) == set(frameworks.FRAMINGS)
    setup = next(c.source for c in _source().cells if grade_id(c) == "part3b_data")
    exec("from pvkit import frameworks\n" + setup + "\n" + answers["answer_part3b"], namespace)
    assert (namespace["n_correct"], namespace["misplaced"]) == (5, ["apollo", "longitude_prize",
                                                                   "patents"])
    for letter, (dimension, framing) in ast.literal_eval(
            answers["answer_part2"].split("=", 1)[1].strip()).items():
        assert dimension in frameworks.DIMENSIONS and framing in frameworks.FRAMINGS, letter


def test_reference_solution_trips_no_tamper_rule():
    nb = _source()
    assert tampering_findings(nb) == []
    for cell in nb.cells:  # nor do the instructor's own cells, checked as if a student's
        if cell.cell_type == "code" and not re.search("HIDDEN TESTS", cell.source):
            cell.metadata.nbgrader["locked"] = False
    assert tampering_findings(nb) == []
