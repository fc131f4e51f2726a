"""Look at one submitted or autograded notebook and say what went wrong, readably."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import nbformat
from nbformat.notebooknode import NotebookNode

from pvkit.grading.preprocessors import TAMPER_ENAME, last_error_line

MAX_REASON = 160


class CorruptSubmission(Exception):
    """A submitted notebook that cannot be read as a notebook at all."""


def shorten(text: str, limit: int = MAX_REASON) -> str:
    """One line, at most ``limit`` characters."""
    line = " ".join(str(text).split())
    return line if len(line) <= limit else line[: limit - 3] + "..."


def read_submission(path: Path) -> NotebookNode:
    """Read a submitted notebook, or say in one line why it is unreadable.

    Raises
    ------
    CorruptSubmission
        If the file is missing, not JSON, or not a notebook.
    """
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise CorruptSubmission(f"{Path(path).name} cannot be read: {exc}") from exc
    try:
        nb = nbformat.reads(text, as_version=4)
    except nbformat.reader.NotJSONError as exc:
        raise CorruptSubmission(
            f"{Path(path).name} is not valid JSON (the file is damaged, not a notebook)"
        ) from exc
    except Exception as exc:  # nbformat raises several kinds for a non-notebook
        raise CorruptSubmission(f"{Path(path).name} is not a notebook: {shorten(exc)}") from exc
    if not isinstance(nb.get("cells"), list):
        raise CorruptSubmission(f"{Path(path).name} is not a notebook: it has no cells")
    return nb


def integrity_notes(nb: NotebookNode, release: NotebookNode) -> list[str]:
    """Read-only cells the student deleted or edited (nbgrader restores them).

    Parameters
    ----------
    nb : NotebookNode
        The submitted notebook.
    release : NotebookNode
        The student version it was made from (``release/``).
    """
    submitted: dict[str, NotebookNode] = {}
    for cell in nb.cells:
        grade_id = _meta(cell).get("grade_id")
        if grade_id:
            submitted[grade_id] = cell  # nbgrader keeps the last copy of a duplicate
    notes = []
    for original in release.cells:
        meta = _meta(original)
        if not meta.get("locked") or not meta.get("grade_id"):
            continue
        name = meta["grade_id"]
        cell = submitted.get(name)
        if cell is None:
            notes.append(f"{name}: read-only cell was deleted; the original was put back")
        elif cell.get("source") != original.source or any(
                _meta(cell).get(k) != meta.get(k) for k in _GUARDED):
            notes.append(f"{name}: read-only cell was edited; the original was restored")
    return notes


_GUARDED = ("grade", "solution", "locked", "points")


def _meta(cell: NotebookNode) -> dict[str, Any]:
    meta = cell.get("metadata", {}).get("nbgrader", {})
    return meta if isinstance(meta, dict) else {}


_STOPPED = ("KeyboardInterrupt", "CellTimeoutError")
_CELL_FILE = re.compile(r"\(\d+\.py, line (\d+)\)")  # IPython's temporary cell file names


def cell_errors(nb: NotebookNode) -> list[str]:
    """``"<cell>: Error: message"`` for each code cell that ended in an error."""
    reasons = []
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error" and output.get("ename") != TAMPER_ENAME:
                label = cell.metadata.get("nbgrader", {}).get("grade_id") or f"cell {index + 1}"
                if output.get("ename") in _STOPPED:
                    what = f"ran past the time limit and was stopped ({output.get('ename')})"
                else:
                    what = _CELL_FILE.sub(r"(line \1)", last_error_line(output))
                reasons.append(shorten(f"{label}: {what}"))
                break
    return reasons


def tampering(nb: NotebookNode) -> list[str]:
    """The tamper findings FlagTampering stored in an autograded notebook."""
    return [str(f) for f in nb.metadata.get("pvkit", {}).get("tampering", [])]


_EXCEPTION_LINE = re.compile(r"^([A-Za-z_][\w.]*(?:Error|Exception|Exit|Interrupt))(?::\s*(.*))?$")
_GENERIC = ("NbGraderException",)
_FRIENDLY = {
    "DeadKernelError": "the kernel died while running the notebook (did the code end the process?)",
    "UnresponsiveKernelError": "the kernel stopped responding and could not be interrupted",
    "ValidationError": "the notebook's nbgrader metadata is damaged",
    "CellTimeoutError": "a cell ran past the time limit",
    "KernelStartError": "the grading kernel could not start, before any of the code ran "
                        "(not the submission's fault); re-run autograde for this student",
}


def failure_reason(result: dict[str, Any]) -> str:
    """One readable line from a failed ``NbGraderAPI`` call (its log and traceback)."""
    lines = (result.get("log", "") + "\n" + result.get("error", "")).splitlines()
    candidates = []
    for line in lines:
        match = _EXCEPTION_LINE.match(line.strip())
        if match and not match.group(1).endswith(_GENERIC):
            candidates.append((match.group(1).rsplit(".", 1)[-1], match.group(2) or ""))
    if candidates:
        name, message = candidates[-1]
        friendly = _FRIENDLY.get(name)
        return shorten(f"{friendly} ({name})" if friendly else f"{name}: {message}")
    errors = [ln for ln in lines if ln.startswith("[ERROR]")]
    return shorten(errors[0][len("[ERROR] "):] if errors else "nbgrader could not autograde it")
