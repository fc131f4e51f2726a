"""``pvkit autograde --jobs N``: parallel workers, merged into the course gradebook, nothing lost.

The class is the bad-submission class of the class-run tests (grading_fixtures):
graded once with ``--jobs 1`` and once with ``--jobs 2`` in two copies of one built
course, the scores, failures and summaries must be identical. Then a manual grade and
an earlier run must survive a parallel re-run, and a worker killed mid-run (or the
whole run stopped with Ctrl-C) must cost no grade already given.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import nbformat
import pytest

from grading_fixtures import (ASSIGNMENT, AUTO_MAX, BY_ID, MANUAL_SCORE, NOTEBOOK, TIMEOUT,
                              WRONG_SCORE, Step, Student, _enter_manual_grade, copy_course,
                              gradebook_scores, insert_after, fill, run_cli, solution_answers,
                              submit)
from pvkit.grading.merge import merge_submission, snapshot

pytestmark = pytest.mark.slow

#: every kind of bad submission of the class run, with a good one
SUBSET = ("ada", "dan", "fay", "gus", "hal", "ivy", "tam_eq", "tam_exit")


def _sleeper(rel: nbformat.NotebookNode, sol: dict[str, str]) -> nbformat.NotebookNode:
    nb = fill(rel, sol)
    return insert_after(nb, "answer_part1", "import time\ntime.sleep(120)")


SLOW = Student("slow", _sleeper, None, "a cell that takes two minutes")


@dataclass
class Built:
    base: Path
    root: Path
    release: nbformat.NotebookNode
    answers: dict[str, str]

    def copy(self, name: str, students: tuple[Student, ...]) -> Path:
        root = self.base / name / "course"
        shutil.copytree(self.base / "built", self.base / name)
        for student in students:
            submit(root, student, self.release, self.answers)
        return root


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Built:  # noqa: ANN001
    base = tmp_path_factory.mktemp("parallel")
    root = copy_course(base / "built")
    step = run_cli("build", ASSIGNMENT, "--course", str(root))
    assert step.code == 0, step.err
    source = nbformat.read(base / "built" / "exercises" / ASSIGNMENT / NOTEBOOK, 4)
    release = nbformat.read(root / "release" / ASSIGNMENT / NOTEBOOK, 4)
    return Built(base, root, release, solution_answers(source))


@dataclass
class Pair:
    serial: Path
    parallel: Path
    steps: dict[str, Step]
    first: dict[str, dict[str, float | None]]
    failures_first: dict[str, object]


@pytest.fixture(scope="module")
def pair(built) -> Pair:
    students = tuple(BY_ID[s] for s in SUBSET)
    serial, parallel = built.copy("serial", students), built.copy("par", students)
    steps = {"serial": run_cli("autograde", ASSIGNMENT, "--jobs", "1", "--timeout", str(TIMEOUT),
                               "--course", str(serial)),
             "parallel": run_cli("autograde", ASSIGNMENT, "--jobs", "2", "--timeout",
                                 str(TIMEOUT), "--course", str(parallel))}
    first = gradebook_scores(parallel)
    failures_first = _failures(parallel)
    _enter_manual_grade(parallel, "ada", MANUAL_SCORE)
    steps["rerun"] = run_cli("autograde", ASSIGNMENT, "--student", "ada", "dan", "--jobs", "2",
                             "--timeout", str(TIMEOUT), "--course", str(parallel))
    return Pair(serial, parallel, steps, first, failures_first)


def _failures(root: Path) -> dict[str, object]:
    path = root / ".pvkit" / "failures.json"
    data = json.loads(path.read_text()) if path.exists() else {}
    return {s: (e["status"], e["reasons"]) for s, e in data.get(ASSIGNMENT, {}).items()}


def _table(step: Step) -> list[str]:
    return step.out.split("\n\n")[1].splitlines()


def auto(scores: dict[str, float | None]) -> float:
    return sum(v or 0.0 for k, v in scores.items() if k.startswith("test_"))


def test_both_runs_go_through_every_student(pair):
    for name in ("serial", "parallel"):
        step = pair.steps[name]
        assert step.code == 0, step.out + step.err
        for student in SUBSET:
            assert len(re.findall(rf"^\[\d+/{len(SUBSET)}\] {student} \.\.\. ", step.out,
                                  re.M)) == 1, step.out
        assert "Traceback" not in step.out + step.err
    assert "2 at a time" in pair.steps["parallel"].out
    assert "1 at a time" in pair.steps["serial"].out


def test_parallel_scores_are_identical_to_serial(pair):
    serial = gradebook_scores(pair.serial)
    assert set(serial) == set(SUBSET)
    assert pair.first == serial
    for student in SUBSET:
        assert auto(serial[student]) == BY_ID[student].auto_score, student


def test_parallel_failures_flags_and_summary_are_identical_to_serial(pair):
    assert pair.failures_first == _failures(pair.serial)
    assert {s for s, (status, _) in pair.failures_first.items()} >= {"ivy", "tam_eq", "tam_exit"}
    assert _table(pair.steps["parallel"]) == _table(pair.steps["serial"])


def test_progress_shows_a_bar_with_the_time_left(pair):
    out = pair.steps["parallel"].out
    bars = re.findall(r"^  \[[#-]+\] (\d+)/(\d+) .* so far(.*)$", out, re.M)
    assert [int(done) for done, _, _ in bars] == list(range(1, len(SUBSET) + 1))
    assert "left" in bars[0][2] and bars[-1][2] == ", done"


def test_a_parallel_rerun_keeps_the_manual_grade_and_the_earlier_run(pair):
    assert pair.steps["rerun"].code == 0, pair.steps["rerun"].err
    after = gradebook_scores(pair.parallel)
    assert after["ada"]["manual:written_answer"] == MANUAL_SCORE
    assert after["ada"]["written_answer"] == MANUAL_SCORE and auto(after["ada"]) == AUTO_MAX
    assert f"{AUTO_MAX + MANUAL_SCORE:g}/20" in pair.steps["rerun"].out
    for student in SUBSET:
        if student != "ada":
            assert after[student] == pair.first[student], student
    assert _failures(pair.parallel) == pair.failures_first  # failures and flags kept


def test_merge_copies_only_what_autograde_writes(built, tmp_path):
    """An instructor's manual score entered in the course during the run is never overwritten."""
    from nbgrader.api import Gradebook

    root = built.copy("merge", (BY_ID["ada"],))
    assert run_cli("autograde", ASSIGNMENT, "--jobs", "1", "--course", str(root)).code == 0
    worker = snapshot(root / "gradebook.db", tmp_path / "worker.db")
    with Gradebook(f"sqlite:///{worker}", "pvkit") as gb:  # the worker's copy: all wrong
        for grade in gb.find_submission(ASSIGNMENT, "ada").notebooks[0].grades:
            grade.auto_score, grade.manual_score = 0.0, 0.0
        gb.db.commit()
    _enter_manual_grade(root, "ada", MANUAL_SCORE)
    with Gradebook(f"sqlite:///{root / 'gradebook.db'}", "pvkit") as ours, \
            Gradebook(f"sqlite:///{worker}", "pvkit") as theirs:
        assert merge_submission(ours, theirs, ASSIGNMENT, "ada")
        assert not merge_submission(ours, theirs, ASSIGNMENT, "nobody")
    scores = gradebook_scores(root)["ada"]
    assert scores["manual:written_answer"] == MANUAL_SCORE  # kept
    assert auto(scores) == 0.0  # the autograde fields came from the worker


# -- a worker killed mid-run, and Ctrl-C -------------------------------------------------
def _children_cwd(root: Path, student: str) -> int | None:
    """The pid of a kernel running in ``autograded/<student>``, if any."""
    target = str(root / "autograded" / student)
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if os.readlink(entry / "cwd").startswith(target):
                return int(entry.name)
        except OSError:
            continue
    return None


def _parent(pid: int) -> int:
    stat = Path(f"/proc/{pid}/stat").read_text()
    return int(stat.rsplit(")", 1)[1].split()[1])


def _workers_of(root: Path) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        try:
            cmd = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if b"pvkit.grading.parallel" in cmd and str(root).encode() in cmd:
            found.append(int(entry.name))
    return found


def _start(root: Path, log: Path) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "pvkit.cli", "autograde", ASSIGNMENT, "--jobs", "2",
               "--timeout", "150", "--course", str(root)]
    return subprocess.Popen(command, stdout=log.open("wb"), stderr=subprocess.STDOUT)


def _wait_for(what, seconds: float = 240.0):  # noqa: ANN001, ANN202
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = what()
        if found:
            return found
        time.sleep(0.3)
    raise AssertionError("timed out")


def test_a_killed_worker_costs_only_its_student(built, tmp_path):
    students = (SLOW, BY_ID["ada"], BY_ID["cat"], BY_ID["dan"])
    root = built.copy("killed", students)
    log = tmp_path / "out.txt"
    run = _start(root, log)
    try:
        kernel = _wait_for(lambda: _children_cwd(root, "slow"))
        worker = _parent(kernel)
        assert worker in _workers_of(root)
        time.sleep(1.0)
        os.kill(worker, signal.SIGKILL)
        assert run.wait(timeout=300) == 0, log.read_text()
    finally:
        if run.poll() is None:
            run.kill()
    out = log.read_text()
    line = next(ln for ln in out.splitlines() if re.match(r"^\[\d/4\] slow \.\.\. ", ln))
    assert "FAILED: the grading process stopped" in line and "SIGKILL" in line, out
    scores = gradebook_scores(root)
    assert auto(scores["ada"]) == AUTO_MAX
    assert auto(scores["cat"]) == WRONG_SCORE
    assert auto(scores["dan"]) == BY_ID["dan"].auto_score
    assert auto(scores["slow"]) == 0.0  # recorded, with a reason
    assert _failures(root)["slow"][0] == "failed"
    _wait_for(lambda: _children_cwd(root, "slow") is None, 30)  # its kernel went too
    assert _workers_of(root) == []


def test_ctrl_c_keeps_every_grade_already_given(built, tmp_path):
    students = (BY_ID["ada"], BY_ID["dan"], SLOW, BY_ID["cat"])
    root = built.copy("interrupted", students)
    log = tmp_path / "out.txt"
    run = _start(root, log)
    try:
        _wait_for(lambda: _children_cwd(root, "slow") and re.search(
            r"^\[1/4\] ", log.read_text(), re.M))
        run.send_signal(signal.SIGINT)
        assert run.wait(timeout=60) == 130
    finally:
        if run.poll() is None:
            run.kill()
    out = log.read_text()
    reported = re.findall(r"^\[\d/4\] (\w+) \.\.\. (\S+)", out, re.M)
    assert reported and "slow" not in dict(reported)
    scores = gradebook_scores(root)
    for student, shown in reported:
        assert f"{auto(scores[student]):g}/20" == shown, (student, out)
    assert "interrupted" in out
    _wait_for(lambda: _workers_of(root) == [] and _children_cwd(root, "slow") is None, 30)
