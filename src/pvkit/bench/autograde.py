"""Benchmark of grading a class: ``pvkit autograde`` with one worker and with two.

A class of 40 submissions of ``fix_or_shape`` (a mix: the reference solution, the
untouched student version, an exception in one part, a syntax error in another)
is graded in two copies of one built course, ``--jobs 1`` then ``--jobs 2``, in
the same run. Printed: both wall times, their ratio (goal <= 0.6 on 2 cores), the
seconds per submission, and what every submission pays before its first answer
runs (a kernel's start-up and the set-up cell's imports).
Needs a repository checkout (``course/`` and ``exercises/``).
"""

from __future__ import annotations

import copy
import shutil
import tempfile
import time
from pathlib import Path

import nbformat

from pvkit.bench import REPO

__all__ = ["make_class", "time_class", "time_kernel_start", "run"]

ASSIGNMENT = "fix_or_shape"
NOTEBOOK = f"{ASSIGNMENT}.ipynb"
GOAL = 0.6


def _grade_id(cell: nbformat.NotebookNode) -> str | None:
    return cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")


def _answers(source: nbformat.NotebookNode) -> dict[str, str]:
    found = {}
    for cell in source.cells:
        if cell.cell_type == "code" and cell.metadata.get("nbgrader", {}).get("solution"):
            found[_grade_id(cell)] = "\n".join(
                line for line in cell.source.splitlines() if "SOLUTION" not in line)
    return found


def _filled(release: nbformat.NotebookNode, answers: dict[str, str]) -> nbformat.NotebookNode:
    nb = copy.deepcopy(release)
    for cell in nb.cells:
        if _grade_id(cell) in answers:
            cell.source = answers[_grade_id(cell)]
    return nb


def make_class(root: Path, n: int = 40) -> list[str]:
    """Write ``n`` mixed submissions into ``root/submitted``; returns the student ids."""
    release = nbformat.read(root / "release" / ASSIGNMENT / NOTEBOOK, 4)
    answers = _answers(nbformat.read(REPO / "exercises" / ASSIGNMENT / NOTEBOOK, 4))
    kinds = [_filled(release, answers), release,
             _filled(release, {**answers, "answer_part2": "raise ValueError('no idea')"}),
             _filled(release, {**answers, "answer_part1": "placements = {"})]
    students = [f"s{i:02d}" for i in range(n)]
    for i, student in enumerate(students):
        folder = root / "submitted" / student / ASSIGNMENT
        folder.mkdir(parents=True)
        nbformat.write(kinds[i % len(kinds)], folder / NOTEBOOK)
    return students


def _course(base: Path) -> Path:
    shutil.copytree(REPO / "exercises", base / "exercises",
                    ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"))
    (base / "course").mkdir()
    shutil.copy2(REPO / "course" / "nbgrader_config.py", base / "course" / "nbgrader_config.py")
    return base / "course"


def time_class(n: int = 40, jobs: tuple[int, ...] = (1, 2)) -> dict[int, float]:
    """Wall seconds to autograde the same class of ``n`` with each number of ``jobs``."""
    from pvkit.grading.term import Course

    seconds: dict[int, float] = {}
    with tempfile.TemporaryDirectory(prefix="pvkit-bench-grading-") as tmp:
        built = _course(Path(tmp) / "built")
        Course(built).build(ASSIGNMENT)
        make_class(built, n)
        scores: dict[int, list[float]] = {}
        for count in jobs:
            copy_root = Path(tmp) / f"jobs{count}"
            shutil.copytree(built.parent, copy_root)
            course = Course(copy_root / "course")
            start = time.perf_counter()
            results = course.autograde(ASSIGNMENT, jobs=count)
            seconds[count] = time.perf_counter() - start
            scores[count] = [r.score for r in results]
        if len({tuple(s) for s in scores.values()}) != 1:
            raise RuntimeError("the runs gave different scores")
    return seconds


def time_kernel_start(repeats: int = 3) -> list[float]:
    """Seconds to start a kernel and run ``fix_or_shape``'s set-up cell (paid per submission)."""
    from pvkit.kernel_start import NotebookRunner

    source = nbformat.read(REPO / "exercises" / ASSIGNMENT / NOTEBOOK, 4)
    setup = next(c for c in source.cells if _grade_id(c) == "setup")
    timings = []
    for _ in range(repeats):
        nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(setup.source)])
        start = time.perf_counter()
        NotebookRunner(nb, timeout=120, kernel_name="python3").execute()
        timings.append(time.perf_counter() - start)
    return timings


def run(repeats: int, browser: bool) -> int:
    """Print the grading figures; returns a process exit code."""
    print("autograding a class (pvkit autograde --jobs)")
    if not (REPO / "course" / "nbgrader_config.py").is_file():
        print("  skipped: needs a repository checkout (course/ and exercises/)")
        return 0
    n = 40
    seconds = time_class(n, (1, 2))
    ratio = seconds[2] / seconds[1]
    print(f"  {n} mixed submissions of {ASSIGNMENT}: --jobs 1 {seconds[1]:.1f} s, "
          f"--jobs 2 {seconds[2]:.1f} s")
    print(f"  ratio jobs 2 / jobs 1: {ratio:.2f} [{'within' if ratio <= GOAL else 'OVER'} the "
          f"{GOAL:g} goal]")
    print(f"  per submission: {seconds[1] / n:.2f} s serially, {seconds[2] / n:.2f} s with 2 jobs")
    start = sorted(time_kernel_start(min(max(1, repeats), 3)))
    print(f"  kernel start-up + set-up cell, paid by every submission: median "
          f"{start[len(start) // 2]:.2f} s")
    return 0
