"""Every lesson, dashboard and exercise solution runs; committed notebooks stay clean."""

from __future__ import annotations

import nbformat
import pytest

from conftest import REPO, repo_notebooks
from pvkit.kernel_start import NotebookRunner

EXECUTED = repo_notebooks("lessons", "exercises")
COMMITTED = repo_notebooks("lessons", "exercises", "course", "binder")


def test_the_kit_has_notebooks_to_run():
    names = {p.name for p in EXECUTED}
    assert "02_fix_or_shape.ipynb" in names
    assert "case_sorter.ipynb" in names
    assert "fix_or_shape.ipynb" in names


@pytest.mark.parametrize("path", EXECUTED, ids=lambda p: str(p.relative_to(REPO)))
def test_notebook_executes_without_error(path):
    nb = nbformat.read(path, as_version=4)
    client = NotebookRunner(nb, timeout=300, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}})
    client.execute()  # raises CellExecutionError on the first failing cell
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs
              if o.output_type == "error"]
    assert not errors
    nbformat.validate(nb)  # outputs must be valid too: nbgrader rejects invalid ones


@pytest.mark.parametrize("path", COMMITTED, ids=lambda p: str(p.relative_to(REPO)))
def test_committed_notebook_has_no_outputs_or_counts(path):
    nb = nbformat.read(path, as_version=4)
    dirty = [i for i, c in enumerate(nb.cells) if c.cell_type == "code"
             and (c.get("outputs") or c.get("execution_count") is not None)]
    assert dirty == [], f"{path.name}: cells {dirty} carry outputs or execution counts"
    nbformat.validate(nb)
