"""A kernel that loses the port race at start is replaced, in notebooks run by pvkit and in grading.

The race is made for real: a ``python3`` kernel spec (first on ``JUPYTER_PATH``)
whose first launches take the shell port jupyter_client chose for them, as another
process starting at the same moment would, before ipykernel binds it. ipykernel then
dies with ``ZMQError: Address already in use``, exactly as it did in a CI run of
``pvkit autograde --jobs 2``.
"""

from __future__ import annotations

import atexit
import json
import sys
from dataclasses import dataclass
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from grading_fixtures import (ASSIGNMENT, AUTO_MAX, BY_ID, NOTEBOOK, TIMEOUT, WRONG_SCORE,
                              copy_course, gradebook_scores, run_cli, solution_answers, submit)
from pvkit.kernel_start import KERNEL_START_ATTEMPTS, KernelStartError, NotebookRunner
from test_parallel_autograde import auto

_LAUNCHER = """\
import json, os, runpy, socket, sys
from pathlib import Path

folder = Path({folder!r})
with open(folder / "launches", "a") as log:
    log.write(f"{{os.getpid()}}\\n")
launch = len((folder / "launches").read_text().split())
if launch <= {lose}:
    # Take the shell port first, as a kernel starting at the same moment would.
    os.dup2(os.open(folder / f"stderr-{{launch}}", os.O_WRONLY | os.O_CREAT), 2)
    info = json.loads(Path(sys.argv[sys.argv.index("-f") + 1]).read_text())
    taken = socket.socket()
    taken.bind((info["ip"], info["shell_port"]))
    taken.listen()
sys.argv = ["ipykernel_launcher", *sys.argv[1:]]
runpy.run_module("ipykernel_launcher", run_name="__main__")
"""


@dataclass
class RacyKernel:
    folder: Path

    @property
    def launches(self) -> int:
        path = self.folder / "launches"
        return len(path.read_text().split()) if path.exists() else 0

    def stderr(self, launch: int) -> str:
        return (self.folder / f"stderr-{launch}").read_text()


@pytest.fixture
def racy_kernel(tmp_path, monkeypatch):  # noqa: ANN001
    """``racy_kernel(lose)``: the ``python3`` kernel loses its first ``lose`` starts."""

    def make(lose: int) -> RacyKernel:
        folder = tmp_path / "racy"
        spec = folder / "kernels" / "python3"
        spec.mkdir(parents=True)
        (folder / "launcher.py").write_text(_LAUNCHER.format(folder=str(folder), lose=lose))
        (spec / "kernel.json").write_text(json.dumps({
            "argv": [sys.executable, str(folder / "launcher.py"), "-f", "{connection_file}"],
            "display_name": "Python 3 (loses its first starts)", "language": "python"}))
        monkeypatch.setenv("JUPYTER_PATH", str(folder))
        return RacyKernel(folder)

    return make


def _one_cell(source: str) -> nbformat.NotebookNode:
    return nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(source)])


def test_the_race_is_real_and_plain_nbclient_loses_it(racy_kernel):
    kernel = racy_kernel(lose=1)
    client = NotebookClient(_one_cell("1 + 1"), timeout=60, kernel_name="python3")
    with pytest.raises(RuntimeError, match="Kernel died"):
        client.execute()
    atexit.unregister(client._cleanup_kernel)  # nbclient's, for the kernel that died
    assert kernel.launches == 1
    assert "Address already in use" in kernel.stderr(1)


def test_the_runner_starts_a_new_kernel_and_runs_every_cell_once(racy_kernel):
    kernel = racy_kernel(lose=2)
    nb = _one_cell("import os\nprint(os.getpid())")
    NotebookRunner(nb, timeout=60, kernel_name="python3").execute()
    assert kernel.launches == 3
    assert "Address already in use" in kernel.stderr(2)
    pids = (kernel.folder / "launches").read_text().split()
    assert nb.cells[0].outputs[0]["text"].strip() == pids[-1]  # ran once, in the third kernel


def test_a_kernel_that_never_starts_gives_a_clear_error(racy_kernel):
    kernel = racy_kernel(lose=KERNEL_START_ATTEMPTS)
    with pytest.raises(KernelStartError, match=rf"could not start \({KERNEL_START_ATTEMPTS} tries"):
        NotebookRunner(_one_cell("1 + 1"), timeout=60, kernel_name="python3").execute()
    assert kernel.launches == KERNEL_START_ATTEMPTS


@pytest.fixture
def course(tmp_path) -> Path:  # noqa: ANN001
    root = copy_course(tmp_path / "kernels")
    step = run_cli("build", ASSIGNMENT, "--course", str(root))
    assert step.code == 0, step.err
    source = nbformat.read(tmp_path / "kernels" / "exercises" / ASSIGNMENT / NOTEBOOK, 4)
    release = nbformat.read(root / "release" / ASSIGNMENT / NOTEBOOK, 4)
    for student in ("ada", "cat"):
        submit(root, BY_ID[student], release, solution_answers(source))
    return root


def _autograde(root: Path, jobs: int):  # noqa: ANN202
    return run_cli("autograde", ASSIGNMENT, "--jobs", str(jobs), "--timeout", str(TIMEOUT),
                   "--course", str(root))


@pytest.mark.slow
def test_grading_workers_lose_the_race_and_no_grade_is_lost(course, racy_kernel):
    kernel = racy_kernel(lose=1)
    step = _autograde(course, jobs=2)
    assert step.code == 0, step.out + step.err
    assert kernel.launches == 3  # one lost start, one kernel per student
    scores = {student: auto(grades) for student, grades in gradebook_scores(course).items()}
    assert scores == {"ada": AUTO_MAX, "cat": WRONG_SCORE}
    assert "FAILED" not in step.out


@pytest.mark.slow
def test_a_grading_kernel_that_never_starts_is_blamed_on_the_kernel(course, racy_kernel):
    kernel = racy_kernel(lose=99)
    step = _autograde(course, jobs=1)
    assert step.code == 0, step.out + step.err
    assert kernel.launches == 2 * KERNEL_START_ATTEMPTS
    failures = json.loads((course / ".pvkit" / "failures.json").read_text())[ASSIGNMENT]
    for student in ("ada", "cat"):
        status, reasons = failures[student]["status"], failures[student]["reasons"]
        assert status == "failed"
        assert "grading kernel could not start" in reasons[0]
        assert "not the submission's fault" in reasons[0]
