"""Custom nbgrader preprocessors of the pvkit course.

``Execute`` is nbgrader's own, with one change: a kernel that dies before running
anything (a port lost to another kernel starting at the same moment) is started
again, instead of failing the submission (see :mod:`pvkit.kernel_start`).

``FlagTampering`` runs while autograding, after execution and before the grades
are saved: if a student's own cells tamper with what the tests rely on, every
autograder test cell becomes a failure, so no autograded marks are earned and
the instructor sees why.

``HideHiddenTests`` runs while generating feedback: nbgrader's default feedback
shows the autograded notebook, hidden tests included. This one removes the
hidden-test regions from test cells and cuts every error traceback down to its
last ``Error: message`` line, which would otherwise quote hidden test code.

``NameParts`` runs while generating feedback too: it names each graded cell
after the part heading above it ("Part 1 — Classify six new policies"), which
the course's feedback template shows instead of nbgrader's "Test cell".
"""

from __future__ import annotations

import re
from typing import Any

from nbformat.notebooknode import NotebookNode
from nbgrader import utils
from nbgrader.preprocessors import Execute as NbGraderExecute
from nbgrader.preprocessors import NbGraderPreprocessor
from traitlets import Unicode

from pvkit.grading.tamper import find_tampering, pvkit_names
from pvkit.kernel_start import RetryKernelStart

TAMPER_ENAME = "TamperingDetected"
HIDDEN_BEGIN = "BEGIN HIDDEN TESTS"
HIDDEN_END = "END HIDDEN TESTS"
HIDDEN_NOTE = "# (hidden tests run here; their code is not shown)"
_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


class Execute(RetryKernelStart, NbGraderExecute):
    """nbgrader's ``Execute`` (configured as ``c.Execute``), retrying a kernel that dies at start."""


def is_test_cell(cell: NotebookNode) -> bool:
    """An autograder test cell: a graded code cell the student does not write."""
    return cell.cell_type == "code" and utils.is_grade(cell) and not utils.is_solution(cell)


def is_instructor_cell(cell: NotebookNode) -> bool:
    """A locked cell with a grade id: nbgrader restored it from the gradebook."""
    meta = cell.metadata.get("nbgrader", {})
    return bool(meta.get("locked")) and bool(meta.get("grade_id"))


def tampering_findings(nb: NotebookNode) -> list[str]:
    """Tampering findings in the student's own code cells of a notebook.

    Returns
    -------
    list of str
        ``"<cell>, line N: what"`` for each finding.
    """
    code = [(i, c) for i, c in enumerate(nb.cells) if c.cell_type == "code"]
    protected = pvkit_names(c.source for _, c in code)
    findings = []
    for index, cell in code:
        if is_instructor_cell(cell):
            continue
        label = cell.metadata.get("nbgrader", {}).get("grade_id") or f"cell {index + 1}"
        findings += [f"{label}, {f}" for f in find_tampering(cell.source, protected)]
    return findings


class FlagTampering(NbGraderPreprocessor):
    """Fail every autograder test cell of a notebook whose code tampers."""

    message = Unicode(
        "tampering detected: {findings} - flagged for instructor review",
        help="Error message put in each test cell; {findings} lists what was found.",
    ).tag(config=True)

    def preprocess(self, nb: NotebookNode, resources: dict[str, Any]
                   ) -> tuple[NotebookNode, dict[str, Any]]:
        findings = tampering_findings(nb)
        nb.metadata["pvkit"] = {"tampering": findings}
        if not findings:
            return nb, resources
        more = f" (+{len(findings) - 5} more)" if len(findings) > 5 else ""
        summary = "; ".join(findings[:5]) + more
        text = self.message.format(findings=summary)
        self.log.warning("%s", text)
        for cell in nb.cells:
            if is_test_cell(cell):
                cell.outputs = [NotebookNode(
                    output_type="error", ename=TAMPER_ENAME, evalue=text,
                    traceback=[f"{TAMPER_ENAME}: {text}"],
                )]
        return nb, resources


def strip_hidden_tests(source: str) -> str:
    """Remove the hidden-test regions of a cell's source.

    >>> strip_hidden_tests("a\\n### BEGIN HIDDEN TESTS\\nsecret\\n### END HIDDEN TESTS\\nb")
    'a\\n# (hidden tests run here; their code is not shown)\\nb'
    """
    kept: list[str] = []
    hidden = False
    for line in source.split("\n"):
        if HIDDEN_BEGIN in line:
            hidden = True
            kept.append(HIDDEN_NOTE)
        elif HIDDEN_END in line:
            hidden = False
        elif not hidden:
            kept.append(line)
    return "\n".join(kept)


def last_error_line(output: NotebookNode) -> str:
    """``"Ename: message"`` of an error output, without colour codes."""
    name, message = output.get("ename", "Error"), output.get("evalue", "")
    return _ANSI.sub("", f"{name}: {message}" if message else name).strip()


class HideHiddenTests(NbGraderPreprocessor):
    """Hide hidden tests and traceback details from the student's feedback."""

    def preprocess_cell(self, cell: NotebookNode, resources: dict[str, Any], index: int
                        ) -> tuple[NotebookNode, dict[str, Any]]:
        if cell.cell_type != "code":
            return cell, resources
        if is_test_cell(cell):
            cell.source = strip_hidden_tests(cell.source)
        for output in cell.get("outputs", []):
            if output.output_type == "error":
                output.traceback = [last_error_line(output)]
        return cell, resources


_HEADING = re.compile(r"^(#{1,2})\s+(.+?)\s*#*\s*$")
_POINTS_NOTE = re.compile(r"\s*\((?:[^()]*\bpoints?\b[^()]*)\)\s*$", re.I)


def part_title(heading: str) -> str:
    """A part's name as its heading gives it, without the points note.

    >>> part_title("## Part 3a — What is the argument about? (2 points)")
    'Part 3a — What is the argument about?'
    >>> part_title("## Part 4 — Frame it (4 points, graded by your instructor)")
    'Part 4 — Frame it'
    """
    if not isinstance(heading, str):
        raise TypeError(f"heading must be a str, got {type(heading).__name__}")
    found = _HEADING.match(heading.strip())
    text = found.group(2) if found else heading.strip()
    return _POINTS_NOTE.sub("", text).strip()


def part_names(nb: NotebookNode) -> dict[str, str]:
    """Each graded or answer cell's part: the nearest level-1 or -2 heading above it.

    Returns
    -------
    dict
        ``{grade_id: part name}``; a cell with no heading above it is left out.

    >>> import nbformat
    >>> nb = nbformat.v4.new_notebook(cells=[
    ...     nbformat.v4.new_markdown_cell("## Part 1 — Fees (2 points)"),
    ...     nbformat.v4.new_code_cell("x = 1", metadata={"nbgrader": {"grade": True,
    ...                                                  "grade_id": "test_part1"}})])
    >>> part_names(nb)
    {'test_part1': 'Part 1 — Fees'}
    """
    if not hasattr(nb, "cells"):
        raise TypeError(f"nb must be a notebook, got {type(nb).__name__}")
    names: dict[str, str] = {}
    current = ""
    for cell in nb.cells:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        marked = meta.get("grade") or meta.get("solution") or meta.get("task")
        if meta.get("grade_id") and marked and current:
            names[meta["grade_id"]] = current
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if _HEADING.match(line.strip()):
                    current = part_title(line)
    return names


class NameParts(NbGraderPreprocessor):
    """Give each graded cell the name of its part, for the feedback page.

    The course's feedback template (``course/templates/feedback``) shows
    ``cell.metadata.pvkit.part`` where nbgrader's own page says "Test cell".
    """

    def preprocess(self, nb: NotebookNode, resources: dict[str, Any]
                   ) -> tuple[NotebookNode, dict[str, Any]]:
        names = part_names(nb)
        for cell in nb.cells:
            grade_id = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
            if grade_id in names:
                cell.metadata.setdefault("pvkit", {})["part"] = names[grade_id]
        return nb, resources
