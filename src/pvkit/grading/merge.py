"""Copy one student's autograde results from a worker's gradebook into the course's.

A parallel autograde (:mod:`pvkit.grading.parallel`) lets each worker process
write to its own copy of the gradebook, so no SQLite file ever has two writers.
After each student, the parent copies what ``nbgrader autograde`` writes for that
student, and only that:

* the submission's timestamp (lateness);
* each notebook's late penalty;
* each grade's ``auto_score`` and ``needs_manual_grade``;
* each comment's ``auto_comment``.

Everything an instructor writes (manual scores, extra credit, comments, flags)
stays as the course gradebook has it, even if it was entered during the run; so
do the other students, earlier runs included.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from nbgrader.api import Gradebook, MissingEntry

__all__ = ["snapshot", "merge_submission", "sqlite_path"]


def sqlite_path(db_url: str) -> Path | None:
    """The file of a ``sqlite:///...`` URL; None for any other database.

    >>> sqlite_path("sqlite:////tmp/gradebook.db")
    PosixPath('/tmp/gradebook.db')
    >>> sqlite_path("postgresql://host/db") is None
    True
    """
    prefix = "sqlite:///"
    return Path(db_url[len(prefix):]) if db_url.startswith(prefix) else None


def snapshot(source: Path, target: Path) -> Path:
    """A consistent copy of a SQLite gradebook (SQLite's online backup; safe while in use)."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    src = sqlite3.connect(str(source))
    dst = sqlite3.connect(str(target))
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()
    return target


def merge_submission(course: Gradebook, worker: Gradebook, assignment: str, student: str) -> bool:
    """Copy one student's autograde results from ``worker`` into ``course``.

    Returns False when the worker has no submission of that student (nbgrader
    never got as far as creating it); nothing is changed then.
    """
    try:
        theirs = worker.find_submission(assignment, student)
    except MissingEntry:
        return False
    course.update_or_create_student(student)
    if theirs.timestamp is not None:
        course.update_or_create_submission(assignment, student, timestamp=theirs.timestamp)
    else:
        course.update_or_create_submission(assignment, student)
    for notebook in theirs.notebooks:
        ours = course.find_submission_notebook(notebook.name, assignment, student)
        ours.late_submission_penalty = notebook.late_submission_penalty
        for grade in notebook.grades:
            mine = course.find_grade(grade.name, notebook.name, assignment, student)
            mine.auto_score = grade.auto_score
            if mine.manual_score == grade.manual_score:
                mine.needs_manual_grade = grade.needs_manual_grade
            else:  # graded by hand during the run: nbgrader's own rule, on the course's score
                mine.needs_manual_grade = mine.manual_score is not None or mine.auto_score is None
        for comment in notebook.comments:
            found = course.find_comment(comment.name, notebook.name, assignment, student)
            found.auto_comment = comment.auto_comment
    course.db.commit()
    return True
