"""Broken submissions in the same class run as good ones: each gets a grade and a reason.

A syntax error, a raised exception, an infinite loop, a deleted test cell, edited
test cells and a corrupt .ipynb are graded in one ``pvkit autograde`` run with
good students; nothing stops the run, and a later re-run loses nothing.
"""

from __future__ import annotations

import re

import pytest

from grading_fixtures import (ASSIGNMENT, AUTO_MAX, BY_ID, CLASS, MANUAL_SCORE, ClassRun,
                              class_run, grade_id)

BAD = {  # student -> words their reason must contain
    "dan": ("answer_part1", "SyntaxError"),
    "eve": ("answer_part2", "ValueError: no idea"),
    "fay": ("answer_part3a", "time limit"),
    "gus": ("test_part1", "deleted"),
    "hal": ("test_part2", "edited"),
    "ivy": ("not valid JSON",),
}


@pytest.fixture(scope="module")
def run(tmp_path_factory) -> ClassRun:
    return class_run(tmp_path_factory)


def progress_line(run: ClassRun, student: str, step: str = "autograde") -> str:
    lines = [ln for ln in run.steps[step].out.splitlines()
             if re.match(rf"^\[\d+/\d+\] {re.escape(student)} \.\.\. ", ln)]
    assert len(lines) == 1, run.steps[step].out
    return lines[0]


def summary_line(run: ClassRun, student: str) -> str:
    table = run.steps["autograde"].out.split("\n\n")[1]
    return next(ln for ln in table.splitlines() if ln.split()[0] == student)


@pytest.mark.slow
def test_the_run_goes_through_every_student_and_exits_zero(run):
    step = run.steps["autograde"]
    assert step.code == 0, step.err
    assert f"{len(CLASS)} submission(s)" in step.out
    for student in CLASS:
        progress_line(run, student.id)
    assert "Traceback" not in step.out + step.err


@pytest.mark.slow
@pytest.mark.parametrize("student", sorted(BAD))
def test_bad_submission_gets_its_grade(run, student):
    assert student in run.first, "no gradebook entry"
    assert run.auto_score(run.first, student) == BY_ID[student].auto_score


@pytest.mark.slow
@pytest.mark.parametrize("student", sorted(BAD))
def test_bad_submission_gets_a_readable_reason(run, student):
    line = summary_line(run, student)
    for word in BAD[student]:
        assert word in line, line
    assert "Traceback" not in line and "File \"" not in line


@pytest.mark.slow
def test_good_students_in_the_same_run_are_graded_normally(run):
    for student in ("ada", "kim"):
        assert run.auto_score(run.first, student) == AUTO_MAX
        assert f"{AUTO_MAX:g}/20" in progress_line(run, student)


@pytest.mark.slow
def test_only_the_broken_part_scores_zero(run):
    assert run.first["dan"]["test_part1"] == 0.0 and run.first["dan"]["test_part2"] == 6.0
    assert run.first["eve"]["test_part2"] == 0.0 and run.first["eve"]["test_part3b"] == 2.0
    assert run.first["fay"]["test_part3a"] == 0.0 and run.first["fay"]["test_part3b"] == 2.0


@pytest.mark.slow
def test_infinite_loop_is_cut_by_the_cell_timeout(run):
    nb = run.autograded("fay")
    loop = next(c for c in nb.cells if grade_id(c) == "answer_part3a")
    stopped = {o.ename for o in loop.outputs if o.output_type == "error"}
    assert stopped and stopped <= {"KeyboardInterrupt", "CellTimeoutError"}
    after = next(c for c in nb.cells if grade_id(c) == "test_part3b")
    assert [o for o in after.outputs if o.output_type == "error"] == []


@pytest.mark.slow
def test_deleted_test_cell_is_put_back_and_decides_the_grade(run):
    nb = run.autograded("gus")
    restored = next(c for c in nb.cells if grade_id(c) == "test_part1")
    assert "was missing from the submission" in restored.source
    assert "### BEGIN HIDDEN TESTS" in restored.source
    assert run.first["gus"]["test_part1"] == 4.0  # his 4/6, not the 6/6 a missing test would give


@pytest.mark.slow
def test_corrupt_notebook_is_recorded_with_a_zero_and_a_reason(run):
    assert "FAILED: fix_or_shape.ipynb is not valid JSON" in progress_line(run, "ivy")
    assert set(run.first["ivy"]) >= {"test_part1", "test_part2", "test_part3a", "test_part3b"}
    assert run.auto_score(run.first, "ivy") == 0.0
    entry = run.failures[ASSIGNMENT]["ivy"]
    assert entry["status"] == "failed" and "not valid JSON" in entry["reasons"][0]
    assert "ada" not in run.failures[ASSIGNMENT]  # only problems are recorded


@pytest.mark.slow
def test_a_manual_grade_survives_a_rerun(run):
    assert run.steps["regrade"].code == 0
    assert run.second["ada"]["manual:written_answer"] == MANUAL_SCORE
    assert run.second["ada"]["written_answer"] == MANUAL_SCORE
    assert run.auto_score(run.second, "ada") == AUTO_MAX
    assert f"{AUTO_MAX + MANUAL_SCORE:g}/20" in progress_line(run, "ada", "regrade")


@pytest.mark.slow
def test_a_rerun_keeps_everyone_else_and_adds_the_late_student(run):
    assert "lee" not in run.first and run.auto_score(run.second, "lee") == AUTO_MAX
    for student in run.first:
        if student != "ada":
            assert run.second[student] == run.first[student], student
