"""The course's record of submissions that failed or were flagged.

nbgrader's gradebook holds scores but not *why* a submission could not be
autograded (a corrupt notebook leaves no autograded copy behind). pvkit keeps
that in ``<course>/.pvkit/failures.json``, which is never committed::

    {"fix_or_shape": {"dora": {"status": "failed", "reasons": ["..."], "when": "..."}}}

An entry disappears when a later run grades the student cleanly.

:class:`VariantLog` keeps, in ``.pvkit/variants.json``, the per-student numbers
(:mod:`pvkit.variants`) each student was graded against.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

RECORD_DIR = ".pvkit"
RECORD_NAME = "failures.json"


@dataclass(frozen=True)
class Problem:
    """Why one student's submission was not graded normally."""

    student: str
    assignment: str
    status: str  # "failed" (could not be autograded) or "flagged" (tampering)
    reasons: tuple[str, ...]
    when: str


class _JsonRecord:
    """One JSON file under ``<course>/.pvkit``: assignment -> student -> entry."""

    NAME = ""

    def __init__(self, root: Path) -> None:
        self.path = Path(root) / RECORD_DIR / self.NAME

    def _load(self) -> dict[str, dict[str, dict[str, object]]]:
        if not self.path.is_file():
            return {}
        try:
            return json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}  # a damaged record must not stop grading; the next run rebuilds it

    def _save(self, data: dict[str, dict[str, dict[str, object]]]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".tmp")  # written whole, then renamed: never half a file
        tmp.write_text(json.dumps(data, indent=2, sort_keys=True), encoding="utf-8")
        tmp.replace(self.path)


class FailureLog(_JsonRecord):
    """Read and update ``.pvkit/failures.json`` of a course root."""

    NAME = RECORD_NAME

    def record(self, assignment: str, student: str, status: str, reasons: list[str]) -> None:
        """Remember a failed or flagged submission (replacing an older entry)."""
        data = self._load()
        data.setdefault(assignment, {})[student] = {
            "status": status,
            "reasons": list(reasons),
            "when": datetime.now(UTC).isoformat(timespec="seconds"),
        }
        self._save(data)

    def clear(self, assignment: str, student: str) -> None:
        """Forget a student's entry once they are graded cleanly."""
        data = self._load()
        if data.get(assignment, {}).pop(student, None) is not None:
            if not data[assignment]:
                del data[assignment]
            self._save(data)

    def problems(self, assignment: str | None = None) -> list[Problem]:
        """Every recorded problem, optionally for one assignment, sorted."""
        found = []
        for name, students in sorted(self._load().items()):
            if assignment is not None and name != assignment:
                continue
            for student, entry in sorted(students.items()):
                found.append(Problem(student, name, str(entry.get("status", "failed")),
                                     tuple(map(str, entry.get("reasons", []))),
                                     str(entry.get("when", ""))))
        return found

    def get(self, assignment: str, student: str) -> Problem | None:
        """The problem recorded for one student, if any."""
        for problem in self.problems(assignment):
            if problem.student == student:
                return problem
        return None


VARIANT_NAME = "variants.json"


class VariantLog(_JsonRecord):
    """Read and update ``.pvkit/variants.json``: the numbers each student was graded on.

    ::

        {"appraisal": {"amy": {"values": {"mc_seed": 4711, ...}, "key": "1a2b3c4d",
                               "when": "..."}}}

    ``key`` is a fingerprint of the course key the numbers came from, so a changed
    key (a new term) is visible.
    """

    NAME = VARIANT_NAME

    def record(self, assignment: str, student: str, values: dict[str, float | int],
               key: str) -> None:
        """Remember the variant ``student`` was graded against (replacing an older entry)."""
        data = self._load()
        data.setdefault(assignment, {})[student] = {
            "values": dict(values), "key": key,
            "when": datetime.now(UTC).isoformat(timespec="seconds"),
        }
        self._save(data)

    def rows(self, assignment: str | None = None) -> list[dict[str, str]]:
        """One row per assignment x student: ``assignment, student, variant`` (sorted)."""
        rows = []
        for name, students in sorted(self._load().items()):
            if assignment is not None and name != assignment:
                continue
            for student, entry in sorted(students.items()):
                values = entry.get("values", {})
                shown = ", ".join(f"{k}={v:g}" for k, v in values.items()) \
                    if isinstance(values, dict) else ""
                rows.append({"assignment": name, "student": student, "variant": shown})
        return rows
