"""Custom nbgrader preprocessors of the pvkit course.

``FlagTampering`` runs while autograding, after execution and before the grades
are saved: if a student's own cells tamper with what the tests rely on, every
autograder test cell becomes a failure, so no autograded marks are earned and
the instructor sees why.

``HideHiddenTests`` runs while generating feedback: nbgrader's default feedback
shows the autograded notebook, hidden tests included. This one removes the
hidden-test regions from test cells and cuts every error traceback down to its
last ``Error: message`` line, which would otherwise quote hidden test code.
"""

from __future__ import annotations

import re
from typing import Any

from nbformat.notebooknode import NotebookNode
from nbgrader import utils
from nbgrader.preprocessors import NbGraderPreprocessor
from traitlets import Unicode

from pvkit.grading.tamper import find_tampering, pvkit_names

TAMPER_ENAME = "TamperingDetected"
HIDDEN_BEGIN = "BEGIN HIDDEN TESTS"
HIDDEN_END = "END HIDDEN TESTS"
HIDDEN_NOTE = "# (hidden tests run here; their code is not shown)"
_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


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
