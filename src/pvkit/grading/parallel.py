"""Autograde a class in several worker processes, with nothing lost on a crash.

:func:`autograde_in_workers` is what ``pvkit autograde --jobs N`` runs. Each
worker is its own Python process (``python -m pvkit.grading.parallel``, started
afresh: no inherited database connections or threads, and unlike
:mod:`multiprocessing`'s spawn it never re-runs the caller's script) grading one
student at a time with nbgrader, against
its *own* copy of the gradebook, so no SQLite file ever has two writers. The
parent process is the only writer of the course gradebook and of
``.pvkit/failures.json``: as each student finishes, it copies that student's
results in (:func:`pvkit.grading.merge.merge_submission`) and records the
outcome exactly as a serial run does (:meth:`Course.settle`). So

* scores are those of a serial run (the same code grades each submission);
* manual grades, earlier runs, failures and flags survive (only the fields
  nbgrader's autograde writes are copied, student by student);
* a worker that dies (killed, out of memory) costs only the student it was
  grading, who is recorded as failed with the reason; a new worker takes over
  the rest;
* Ctrl-C (or a crash of the whole run) loses no grade already reported: each
  one was committed to the course gradebook before its progress line.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import TYPE_CHECKING

from nbgrader.api import Gradebook

from pvkit.grading.coursedir import GradingError
from pvkit.grading.merge import merge_submission, snapshot, sqlite_path

if TYPE_CHECKING:
    from pvkit.grading.term import Course, GradeOutcome, StudentResult

__all__ = ["autograde_in_workers", "default_jobs"]


def default_jobs() -> int:
    """Worker processes to use by default: the cores this process may run on.

    >>> default_jobs() >= 1
    True
    """
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def _worker_main(root: str, timeout: int, db: str, conn: Connection) -> None:
    """One worker: grade the students the parent sends, one at a time, into ``db``."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    from pvkit.grading import term

    term._quiet_nbgrader()
    from pvkit.grading.term import Course

    course = Course(root, timeout=timeout)
    course.coursedir.db_url = f"sqlite:///{db}"
    conn.send(("ready", os.getpid()))
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return  # the parent is gone
        if message is None:
            return
        assignment, student = message
        start = time.perf_counter()
        outcome = course.grade_submission(assignment, student)
        try:
            conn.send(("done", student, outcome, time.perf_counter() - start))
        except (BrokenPipeError, OSError):
            return


@dataclass
class _Worker:
    number: int
    db: Path
    process: subprocess.Popen[bytes]
    conn: Connection
    ready: bool = False
    student: str | None = None
    done: int = 0
    history: list[str] = field(default_factory=list)


def _died(process: subprocess.Popen[bytes]) -> str:
    try:
        code = process.wait(timeout=5)
    except subprocess.TimeoutExpired:
        process.kill()
        code = process.wait(timeout=5)
    if code is not None and code < 0:
        try:
            return f"killed by {signal.Signals(-code).name}"
        except ValueError:
            return f"killed by signal {-code}"
    return f"exit code {code}"


class _Pool:
    """The workers of one run and the bookkeeping of who grades whom."""

    def __init__(self, course: Course, main_db: Path, folder: Path) -> None:
        self.course = course
        self.main_db = main_db
        self.folder = folder
        self.workers: list[_Worker] = []
        self.started = 0

    def start(self) -> _Worker:
        self.started += 1
        db = snapshot(self.main_db, self.folder / f"worker-{self.started}.db")
        ours, theirs = socket.socketpair()
        with theirs:
            process = subprocess.Popen(
                [sys.executable, "-m", "pvkit.grading.parallel", str(theirs.fileno()),
                 str(self.course.root), str(int(self.course.config.Execute.timeout)), str(db)],
                pass_fds=[theirs.fileno()], stdin=subprocess.DEVNULL)
        worker = _Worker(self.started, db, process, Connection(ours.detach()))
        self.workers.append(worker)
        return worker

    def retire(self, worker: _Worker) -> None:
        self.workers.remove(worker)
        worker.conn.close()
        worker.db.unlink(missing_ok=True)

    def stop(self) -> None:
        for worker in self.workers:
            try:
                worker.conn.send(None)
            except (BrokenPipeError, OSError):
                pass
        deadline = time.monotonic() + 2
        for worker in self.workers:
            if worker.student is None:
                _wait(worker.process, max(0.1, deadline - time.monotonic()))
            if worker.process.poll() is None:
                worker.process.terminate()
                _wait(worker.process, 5)
            if worker.process.poll() is None:
                worker.process.kill()
                _wait(worker.process, 5)
            worker.conn.close()
            worker.db.unlink(missing_ok=True)


def _wait(process: subprocess.Popen[bytes], seconds: float) -> None:
    try:
        process.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        pass


def autograde_in_workers(course: Course, assignment: str, students: list[str], jobs: int,
                         progress: Callable[[int, int, StudentResult], None] | None = None
                         ) -> list[StudentResult]:
    """Autograde ``students`` in up to ``jobs`` worker processes (see the module's notes).

    Parameters
    ----------
    course : Course
        The course; its gradebook must be a SQLite file.
    assignment : str
        The assignment id (already checked by :meth:`Course.autograde`).
    students : list of str
        Submitted students to grade.
    jobs : int
        At most this many workers at once (never more than there are students).
    progress : callable, optional
        ``progress(i, n, result)`` for each student, in the order of ``students``
        (each as soon as it and every student before it are done).

    Returns
    -------
    list of StudentResult
        In the order of ``students``.
    """
    from pvkit.grading.term import GradeOutcome, quiet_warnings

    if isinstance(jobs, bool) or not isinstance(jobs, int) or jobs < 1:
        raise GradingError(f"jobs must be a whole number of worker processes, at least 1; "
                           f"got {jobs!r}")
    main_db = sqlite_path(course.coursedir.db_url)
    if main_db is None:
        raise GradingError("--jobs above 1 needs a SQLite gradebook (CourseDirectory.db_url "
                           f"sqlite:///...), got {course.coursedir.db_url!r}; use --jobs 1")
    students = list(dict.fromkeys(students))
    pending = deque(students)
    results: dict[str, StudentResult] = {}
    shown = [0]  # how many progress lines have been printed
    folder = Path(tempfile.mkdtemp(prefix="pvkit-autograde-"))
    pool = _Pool(course, main_db, folder)

    def finish(outcome: GradeOutcome, seconds: float, worker: _Worker | None) -> None:
        if worker is not None:
            with quiet_warnings(), course.gradebook() as ours, \
                    Gradebook(f"sqlite:///{worker.db}", course.coursedir.course_id) as theirs:
                merge_submission(ours, theirs, outcome.assignment, outcome.student)
        result = course.settle(outcome)
        result.seconds = seconds
        results[outcome.student] = result
        # Lines come in the class's order, as in a serial run: a student's line waits for
        # the students handed out before them (their grades are already in the gradebook).
        while shown[0] < len(students) and students[shown[0]] in results:
            shown[0] += 1
            if progress is not None:
                progress(shown[0], len(students), results[students[shown[0] - 1]])

    def hand_out(worker: _Worker) -> None:
        if pending:
            worker.student = pending.popleft()
            worker.conn.send((assignment, worker.student))
            worker.history.append(worker.student)

    try:
        for _ in range(min(jobs, len(students))):
            hand_out(pool.start())
        while pool.workers:
            waiting = {w.conn: w for w in pool.workers}
            for ready in wait(list(waiting)):
                worker = waiting[ready]
                if worker not in pool.workers:
                    continue
                try:
                    message = worker.conn.recv()
                except (EOFError, OSError):  # the worker's end closed: it died
                    _lost(pool, worker, course, assignment, finish, GradeOutcome, pending)
                    continue
                if message[0] == "ready":
                    worker.ready = True
                    continue
                _, student, outcome, seconds = message
                worker.student = None
                worker.done += 1
                finish(outcome, seconds, worker)
                if pending:
                    hand_out(worker)
                else:
                    worker.conn.send(None)
                    _wait(worker.process, 10)
                    pool.retire(worker)
    finally:
        pool.stop()
        shutil.rmtree(folder, ignore_errors=True)
    return [results[s] for s in students if s in results]


def _lost(pool: _Pool, worker: _Worker, course: Course, assignment: str,
          finish: Callable[..., None], outcome_type: type, pending: deque[str]) -> None:
    """A worker died: its student is recorded as failed; a new worker takes over."""
    how = _died(worker.process)
    student = worker.student
    pool.retire(worker)
    if not worker.ready and worker.done == 0 and not any(w.ready for w in pool.workers):
        if student is not None:
            pending.appendleft(student)
        raise GradingError(f"could not start a grading worker ({how}); try --jobs 1",
                           exit_code=1)
    if student is not None:
        reason = (f"the grading process stopped while grading this submission ({how}); "
                  f"the other students were kept. Re-run: pvkit autograde {assignment} "
                  f"--student {student}")
        finish(outcome_type(student, assignment, "failed", [reason], zero_fill=True), 0.0, None)
    if pending:
        replacement = pool.start()
        replacement.student = pending.popleft()
        replacement.conn.send((assignment, replacement.student))


if __name__ == "__main__":  # a worker: python -m pvkit.grading.parallel FD ROOT TIMEOUT DB
    _fd, _root, _timeout, _db = sys.argv[1:5]
    _worker_main(_root, int(_timeout), _db, Connection(int(_fd)))
