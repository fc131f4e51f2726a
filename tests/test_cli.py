"""The instructor's ``pvkit`` command: finding the course, clear errors, readable output."""

from __future__ import annotations

import csv
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from grading_fixtures import ASSIGNMENT, CLASS, ClassRun, class_run, copy_course, run_cli
from pvkit.grading.coursedir import GradingError, find_course_root
from pvkit.grading.report import GRADE_COLUMNS, format_table

PVKIT = Path(sys.executable).parent / "pvkit"


@pytest.fixture(scope="module")
def run(tmp_path_factory) -> ClassRun:
    return class_run(tmp_path_factory)


@pytest.fixture
def course(tmp_path: Path) -> Path:
    """A fresh copy of the course (nothing built yet)."""
    root = copy_course(tmp_path)
    (tmp_path / "lessons" / "deep").mkdir(parents=True)
    return root


# -- finding the course --------------------------------------------------------------
def test_course_is_found_from_anywhere_in_the_repository(course):
    repo = course.parent
    assert find_course_root(start=repo / "lessons" / "deep") == course
    assert find_course_root(start=repo) == course
    assert find_course_root(start=course) == course
    assert find_course_root(explicit=repo) == course
    assert find_course_root(explicit=course) == course


def test_missing_course_is_a_clear_error(tmp_path, monkeypatch):
    with pytest.raises(GradingError, match="--course"):
        find_course_root(start=tmp_path)
    with pytest.raises(GradingError, match="no nbgrader course"):
        find_course_root(explicit=tmp_path)
    monkeypatch.chdir(tmp_path)
    step = run_cli("status")
    assert step.code == 2
    assert step.err.startswith("pvkit: error: could not find the course")
    assert "Traceback" not in step.err


def test_status_from_inside_the_course_folder(course, monkeypatch):
    monkeypatch.chdir(course)
    step = run_cli("status")
    assert step.code == 0, step.err
    assert re.search(rf"^{ASSIGNMENT}\s+no\s+0\s+0\s+-\s+-\s+0\s+0$", step.out, re.M), step.out


# -- wrong requests -------------------------------------------------------------------
def test_unknown_assignment_lists_the_known_ones(course):
    step = run_cli("build", "fix_or_shpe", "--course", str(course))
    assert step.code == 2
    assert "unknown assignment 'fix_or_shpe'" in step.err and ASSIGNMENT in step.err


def test_autograde_before_build_says_what_to_do(course):
    step = run_cli("autograde", ASSIGNMENT, "--course", str(course))
    assert step.code == 2
    assert f"run `pvkit build {ASSIGNMENT}`" in step.err


@pytest.mark.parametrize("bad", ["0", "-3", "soon"])
def test_bad_timeout_is_refused_by_the_parser(course, bad):
    step = run_cli("autograde", ASSIGNMENT, "--timeout", bad, "--course", str(course))
    assert step.code == 2 and "--timeout" in step.err


def test_a_command_is_required():
    step = run_cli()
    assert step.code == 2 and "COMMAND" in step.err


def test_format_table_pads_columns():
    text = format_table([{"a": 1.5, "b": "x"}, {"a": 10.0, "b": "yy"}], ["a", "b"])
    assert text.splitlines() == ["a    b", "---  --", "1.5  x", "10   yy"]


# -- the console script, without an activated environment -------------------------------
@pytest.mark.slow
def test_console_script_builds_with_a_bare_path(course):
    """nbgrader shells out to alembic: pvkit must not need the venv on PATH."""
    env = {k: v for k, v in os.environ.items() if k != "VIRTUAL_ENV"}
    env["PATH"] = "/usr/bin:/bin"
    done = subprocess.run([str(PVKIT), "build", ASSIGNMENT, "--course", str(course)],
                          capture_output=True, text=True, env=env, cwd=course.parent, timeout=300)
    assert done.returncode == 0, done.stderr
    assert f"Built {ASSIGNMENT}: 1 notebook(s)" in done.stdout
    assert (course / "gradebook.db").is_file()
    assert (course / "release" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb").is_file()


# -- output of the class run ------------------------------------------------------------
@pytest.mark.slow
def test_autograde_prints_one_progress_line_per_student_in_order(run):
    lines = [ln for ln in run.steps["autograde"].out.splitlines() if ln.startswith("[")]
    n = len(CLASS)
    assert len(lines) == n
    students = sorted(s.id for s in CLASS)
    for i, (line, student) in enumerate(zip(lines, students, strict=True), start=1):
        assert re.match(rf"^\[{i}/{n}\] {student} \.\.\. (\d+(\.\d+)?/20|FAILED: .+)", line), line


@pytest.mark.slow
def test_autograde_ends_with_a_summary_table(run):
    out = run.steps["autograde"].out
    assert re.search(r"^student\s+status\s+score\s+reason$", out, re.M)
    assert re.search(r"^cat\s+graded\s+11\.5/20", out, re.M)
    assert re.search(r"^ivy\s+failed\s+0/20\s+fix_or_shape\.ipynb is not valid JSON", out, re.M)
    assert re.search(r"^10 graded, 5 flagged for review, 1 could not be autograded", out, re.M)


@pytest.mark.slow
def test_unknown_student_is_a_clear_error(run):
    step = run_cli("autograde", ASSIGNMENT, "--student", "nobody", "--course", str(run.root))
    assert step.code == 2 and "no submission of 'fix_or_shape' from nobody" in step.err


@pytest.mark.slow
def test_status_counts_submissions_scores_and_problems(run):
    out = run.steps["status"].out
    row = next(ln for ln in out.splitlines() if ln.startswith(ASSIGNMENT))
    autograded = len(list((run.root / "autograded").glob(f"*/{ASSIGNMENT}")))
    assert row.split() == [ASSIGNMENT, "yes", "17", str(autograded), row.split()[4], "20", "1", "5"]
    scores = [float(r["score"]) for r in run.grades_csv]
    assert float(row.split()[4]) == pytest.approx(sum(scores) / len(scores), abs=0.01)
    assert re.search(r"^fix_or_shape\s+ivy\s+failed\s+fix_or_shape\.ipynb is not valid JSON",
                     out, re.M)


@pytest.mark.slow
def test_export_defaults_to_the_course_folder(run):
    step = run_cli("export", "--course", str(run.root))
    assert step.code == 0, step.err
    with (run.root / "grades.csv").open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert rows == run.grades_csv
    assert list(rows[0]) == list(GRADE_COLUMNS)
