"""Tables from the gradebook: the grade export for an LMS, the course status, summaries."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from nbgrader.api import MissingEntry

if TYPE_CHECKING:
    from pvkit.grading.term import Course, StudentResult

#: Columns of the grade export, in order. An LMS import is set up once against
#: these names, so they never change.
GRADE_COLUMNS: tuple[str, ...] = ("student_id", "assignment", "score", "max_score", "percent",
                                  "status")
STATUS_COLUMNS: tuple[str, ...] = ("assignment", "built", "submissions", "autograded",
                                   "mean_score", "max_score", "failures", "flagged")


def grade_rows(course: Course) -> list[dict[str, Any]]:
    """One row per student x assignment in the gradebook.

    ``status`` is ``graded``, ``needs manual grading``, ``flagged`` (tampering),
    ``failed`` (could not be autograded; scored zero) or ``missing`` (no
    submission; scored zero).
    """
    problems = {(p.assignment, p.student): p.status for p in course.failures.problems()}
    rows = []
    with course.gradebook() as gb:
        for assignment in sorted(gb.assignments, key=lambda a: a.name):
            max_score = float(assignment.max_score)
            for student in sorted(gb.students, key=lambda s: s.id):
                try:
                    found = gb.find_submission(assignment.name, student.id)
                except MissingEntry:
                    score, status = 0.0, "missing"
                else:
                    score = float(found.score - (found.late_submission_penalty or 0.0))
                    status = problems.get((assignment.name, student.id)) or (
                        "needs manual grading" if found.needs_manual_grade else "graded")
                percent = round(100.0 * score / max_score, 1) if max_score else 0.0
                rows.append({"student_id": student.id, "assignment": assignment.name,
                             "score": round(score, 2), "max_score": round(max_score, 2),
                             "percent": percent, "status": status})
    return rows


def write_grades_csv(rows: Iterable[Mapping[str, Any]], path: Path) -> Path:
    """Write grade rows as CSV with :data:`GRADE_COLUMNS`; returns the path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=GRADE_COLUMNS, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    return path


def status_rows(course: Course) -> list[dict[str, Any]]:
    """One row per assignment: built, submissions, autograded, mean score, problems."""
    problems = course.failures.problems()
    rows = []
    for name in course.assignments():
        release = Path(course.coursedir.format_path(course.coursedir.release_directory, ".", name))
        mean, max_score, autograded = None, None, 0
        with course.gradebook() as gb:
            try:
                assignment = gb.find_assignment(name)
            except MissingEntry:
                assignment = None
            if assignment is not None:
                max_score = round(float(assignment.max_score), 2)
                scores = [float(s.score) for s in assignment.submissions]
                mean = round(sum(scores) / len(scores), 2) if scores else None
        if assignment is not None:
            autograded = len(course.api.get_autograded_students(name))
        rows.append({
            "assignment": name,
            "built": "yes" if release.is_dir() and assignment is not None else "no",
            "submissions": len(course.submitted_students(name)),
            "autograded": autograded,
            "mean_score": "-" if mean is None else mean,
            "max_score": "-" if max_score is None else max_score,
            "failures": sum(p.assignment == name and p.status == "failed" for p in problems),
            "flagged": sum(p.assignment == name and p.status == "flagged" for p in problems),
        })
    return rows


QUESTION_COLUMNS: tuple[str, ...] = ("assignment", "question", "graded", "mean", "max",
                                     "full_marks")


def question_rows(course: Course) -> list[dict[str, Any]]:
    """Where the class struggled: one row per graded question, hardest first.

    A question's score is the instructor's manual score when there is one,
    else the autograder's; questions nobody has been graded on are left out.
    """
    scores: dict[tuple[str, str], list[float]] = {}
    maxima: dict[tuple[str, str], float] = {}
    with course.gradebook() as gb:
        for name in course.assignments():
            try:
                assignment = gb.find_assignment(name)
            except MissingEntry:
                continue
            for submission in assignment.submissions:
                for notebook in submission.notebooks:
                    for grade in notebook.grades:
                        got = grade.auto_score if grade.manual_score is None else grade.manual_score
                        maxima[name, grade.name] = float(grade.max_score)
                        if got is not None:
                            scores.setdefault((name, grade.name), []).append(float(got))
    rows = []
    for (name, question), got in scores.items():
        top = maxima[name, question]
        rows.append({"assignment": name, "question": question, "graded": len(got),
                     "mean": round(sum(got) / len(got), 2), "max": top,
                     "full_marks": f"{round(100 * sum(g >= top for g in got) / len(got))}%"})
    return sorted(rows, key=lambda r: (r["mean"] / r["max"] if r["max"] else 1.0,
                                       r["assignment"], r["question"]))


def format_table(rows: Sequence[Mapping[str, Any]], columns: Sequence[str]) -> str:
    """A plain-text table, columns padded to their widest cell.

    >>> print(format_table([{"a": 1, "b": "xy"}], ["a", "b"]))
    a  b
    -  --
    1  xy
    """
    cells = [[str(c) for c in columns]] + [[_fmt(r.get(c, "")) for c in columns] for r in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(columns))]
    lines = ["  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)).rstrip()
             for row in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def _fmt(value: Any) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def summary_rows(results: Iterable[StudentResult]) -> list[dict[str, Any]]:
    """Rows for the end-of-run table: one per student, with the first reason."""
    rows = []
    for r in results:
        reason = r.reasons[0] if r.reasons else ""
        more = f" (+{len(r.reasons) - 1} more)" if len(r.reasons) > 1 else ""
        rows.append({"student": r.student, "status": r.status,
                     "score": f"{r.score:g}/{r.max_score:g}", "reason": reason + more})
    return rows


SUBMISSION_COLUMNS: tuple[str, ...] = ("assignment", "student", "submitted", "late",
                                       "submissions")


def _late_text(seconds: float) -> str:
    if seconds <= 0:
        return "-"
    if seconds < 60:
        return "< 1 min late"
    if seconds < 3600:
        return f"{seconds / 60:.0f} min late"
    return f"{seconds / 3600:.1f} h late"


def submission_rows(course: Course) -> list[dict[str, Any]]:
    """Per built assignment and student of the gradebook: when submitted, how late.

    A student of the gradebook's list with no collected submission gets a row
    ``never submitted``; ``submissions`` counts the hand-ins found in the exchange
    (nbgrader collects the latest, which is the one graded).
    """
    rows = []
    with course.gradebook() as gb:
        built = sorted(a.name for a in gb.assignments)
        students = sorted(s.id for s in gb.students)
    for name in built:
        times = course.submission_times(name)
        for student in sorted(set(students) | set(times)):
            found = times.get(student)
            if found is None:
                rows.append({"assignment": name, "student": student,
                             "submitted": "never submitted", "late": "-", "submissions": 0})
                continue
            stamp = found["timestamp"]
            rows.append({"assignment": name, "student": student,
                         "submitted": stamp.strftime("%Y-%m-%d %H:%M") if stamp else "?",
                         "late": _late_text(float(found["seconds_late"])),
                         "submissions": found["submissions"]})
    return rows
