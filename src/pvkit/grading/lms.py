"""Grades in the layouts Canvas and Moodle import, through a roster of LMS identities.

Canvas (Gradebook > Import, "How do I import grades in the Gradebook?" in Instructure's
Instructor Guide, community.canvaslms.com): a header ``Student, ID, SIS User ID, SIS
Login ID, Section`` then one column per assignment, and a second row whose first cell is
``Points Possible`` giving each assignment's maximum. Canvas matches rows by ``ID``
(its user id) or the SIS ids.

Moodle (Grades > Import > CSV file; the importer is ``grade/import/csv`` in
github.com/moodle/moodle): one column identifying the user, mapped on import to the
user's email address, username or ID number, then one column per grade item.

The roster (CSV) maps each nbgrader student id to those identities; its columns are
:data:`ROSTER_COLUMNS` (only ``nbgrader_id`` is required; the rest as the LMS needs).
"""

from __future__ import annotations

import csv
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from pvkit.grading.coursedir import GradingError

ROSTER_COLUMNS: tuple[str, ...] = ("nbgrader_id", "name", "canvas_id", "sis_user_id",
                                   "sis_login_id", "section", "email", "username", "idnumber")
CANVAS_COLUMNS: tuple[str, ...] = ("Student", "ID", "SIS User ID", "SIS Login ID", "Section")
MOODLE_IDS: tuple[str, ...] = ("email", "username", "idnumber")


def read_roster(path: str | Path) -> dict[str, dict[str, str]]:
    """Read a roster CSV into ``{nbgrader_id: row}``.

    Raises
    ------
    GradingError
        If ``path`` is missing, has no ``nbgrader_id`` column or repeats an id.
    """
    path = Path(path)
    if not path.is_file():
        raise GradingError(f"--roster: no such file {path}")
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        if "nbgrader_id" not in (reader.fieldnames or []):
            raise GradingError(f"--roster {path}: needs a 'nbgrader_id' column "
                               f"(columns: {', '.join(ROSTER_COLUMNS)})")
        roster: dict[str, dict[str, str]] = {}
        for row in reader:
            key = (row.get("nbgrader_id") or "").strip()
            if not key:
                continue
            if key in roster:
                raise GradingError(f"--roster {path}: student {key!r} appears twice")
            roster[key] = {k: (v or "").strip() for k, v in row.items() if k}
    return roster


def _by_student(rows: Sequence[Mapping[str, Any]]) -> tuple[list[str], dict[str, float],
                                                            dict[tuple[str, str], Any]]:
    assignments = sorted({r["assignment"] for r in rows})
    maxima = {r["assignment"]: r["max_score"] for r in rows}
    submitted = {r["student_id"] for r in rows if r["status"] != "missing"}
    # A student who handed in something scores zero on a missed assignment (as the plain
    # CSV says); one who handed in nothing gets blanks.
    scores = {(r["student_id"], r["assignment"]): r["score"] for r in rows
              if r["student_id"] in submitted}
    return assignments, maxima, scores


def lms_table(rows: Sequence[Mapping[str, Any]], roster: Mapping[str, Mapping[str, str]],
              fmt: str, moodle_id: str = "email") -> tuple[list[list[Any]], list[str]]:
    """Build the import table for ``fmt`` (``canvas`` or ``moodle``) from grade rows.

    Parameters
    ----------
    rows : sequence of mapping
        :func:`pvkit.grading.report.grade_rows` output.
    roster : mapping
        :func:`read_roster` output.
    fmt : {"canvas", "moodle"}
    moodle_id : {"email", "username", "idnumber"}
        The roster column identifying Moodle users.

    Returns
    -------
    (table, warnings)
        The CSV rows (header first) and one warning per roster student with no
        submission at all (their grades are left blank, which both LMSs leave
        unchanged); a missed assignment of a student who submitted others is 0.

    Raises
    ------
    GradingError
        A graded student missing from the roster (named), or a roster row lacking
        the identifier the format needs.

    Examples
    --------
    >>> rows = [{"student_id": "amy", "assignment": "a1", "score": 8.0, "max_score": 10.0,
    ...          "status": "graded"}]
    >>> table, warn = lms_table(rows, {"amy": {"email": "amy@uni.example"}}, "moodle")
    >>> table
    [['email', 'a1'], ['amy@uni.example', 8.0]]
    """
    if fmt not in ("canvas", "moodle"):
        raise GradingError(f"--format must be canvas or moodle, got {fmt!r}")
    if moodle_id not in MOODLE_IDS:
        raise GradingError(f"--moodle-id must be one of {', '.join(MOODLE_IDS)}, got {moodle_id!r}")
    assignments, maxima, scores = _by_student(rows)
    graded = sorted({student for student, _ in scores})
    missing = [s for s in graded if s not in roster]
    if missing:
        raise GradingError(f"--roster: no roster row for {', '.join(missing)} "
                           "(add them with their LMS identity)")
    warnings = [f"{s}: on the roster but no submission; grade left blank"
                for s in sorted(roster) if s not in graded]
    need = ("canvas_id", "sis_user_id", "sis_login_id") if fmt == "canvas" else (moodle_id,)
    unnamed = [s for s in sorted(roster) if not any(roster[s].get(k) for k in need)]
    if unnamed:
        raise GradingError(f"--roster: {', '.join(unnamed)} have none of {', '.join(need)}")
    if fmt == "canvas":
        table: list[list[Any]] = [[*CANVAS_COLUMNS, *assignments],
                                  ["Points Possible", "", "", "", "", *(maxima[a] for a in assignments)]]
        for s in sorted(roster):
            r = roster[s]
            table.append([r.get("name") or s, r.get("canvas_id", ""), r.get("sis_user_id", ""),
                          r.get("sis_login_id", ""), r.get("section", ""),
                          *(scores.get((s, a), "") for a in assignments)])
    else:
        table = [[moodle_id, *assignments]]
        for s in sorted(roster):
            table.append([roster[s][moodle_id], *(scores.get((s, a), "") for a in assignments)])
    return table, warnings


def write_table(table: Sequence[Sequence[Any]], path: str | Path) -> Path:
    """Write rows as UTF-8 CSV; returns the path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(table)
    return path
