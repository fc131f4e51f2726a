"""A class of synthetic students, graded once with real nbgrader and shared by the tests.

The run happens in a temporary copy of ``course/`` and ``exercises/``, through the
``pvkit`` command itself (``pvkit.cli.main``), in the order an instructor would:

1. ``build`` the student version;
2. the students "submit" (notebooks made from the release version below);
3. ``autograde`` the whole class;
4. an instructor enters a manual grade, a late student submits, and ``autograde
   --student`` re-runs two students;
5. ``feedback``, ``export`` and ``status``.

Each step's exit code and output, and gradebook snapshots between steps, are kept
in a :class:`ClassRun` that every grading test module reads. The run is built the
first time a module asks for it and cached for the session.
"""

from __future__ import annotations

import contextlib
import copy
import csv
import io
import json
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
from nbformat.notebooknode import NotebookNode

from conftest import REPO
from pvkit import cli

ASSIGNMENT = "fix_or_shape"
NOTEBOOK = "fix_or_shape.ipynb"
TIMEOUT = 6  # seconds per cell: long enough for imports, short enough for the looping student
AUTO_MAX = 16.0  # autograded points of fix_or_shape
TOTAL_MAX = 20.0  # with the written answer
MANUAL_SCORE = 3.0  # entered by the "instructor" for ada's written answer


# -- notebooks ---------------------------------------------------------------------
def grade_id(cell: NotebookNode) -> str | None:
    return cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")


def solution_answers(source: NotebookNode) -> dict[str, str]:
    """The reference answers: solution cells of the source, markers removed."""
    answers = {}
    for cell in source.cells:
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("solution") and cell.cell_type == "code":
            lines = [ln for ln in cell.source.splitlines() if "### BEGIN SOLUTION" not in ln
                     and "### END SOLUTION" not in ln]
            answers[meta["grade_id"]] = "\n".join(lines)
    return answers


def fill(release: NotebookNode, answers: dict[str, str]) -> NotebookNode:
    """A copy of the release notebook with some answer cells replaced."""
    nb = copy.deepcopy(release)
    for cell in nb.cells:
        if grade_id(cell) in answers:
            cell.source = answers[grade_id(cell)]
    return nb


def insert_after(nb: NotebookNode, after: str, source: str) -> NotebookNode:
    """Add a plain code cell (the student's own) after the cell ``after``."""
    index = next(i for i, c in enumerate(nb.cells) if grade_id(c) == after)
    nb.cells.insert(index + 1, nbformat.v4.new_code_cell(source))
    return nb


WRONG_PART1 = """placements = {
    "fog_siren": "market fixing",
    "bag_levy": "market shaping",
    "speed_labels": "fixing",
    "green_steel_purchase": "Market Shaping",
    "health_data_team": "market fixing",
    "clean_coasts_mission": "shaping",
}"""  # two plausible slips: a levy "shapes" behaviour, an in-house team "fixes" a failure -> 4/6
WRONG_PART2 = """statements = {
    "A": ("business case appraisal", "market fixing"),
    "B": ("justification", "market shaping"),
    "C": ("justification", "market fixing"),
    "D": ("evaluation", "market shaping"),
    "E": ("underlying assumptions", "market fixing"),
    "F": ("approach to risk", "market fixing"),
}"""  # B's dimension and E's framing wrong -> 5/6
WRONG_PART3A = """argument_dimension = {"i": "evaluation", "ii": "justification",
                      "iii": "evaluation", "iv": "business case appraisal"}"""  # 1.5/2
WRONG_PART3B = """scored = frameworks.score_placements(ministry)
n_correct = int(scored["correct"].sum())
misplaced = sorted(scored.loc[~scored["correct"], "case_id"])[:2]"""  # 1/2
WRONG_SCORE = 4 + 5 + 1.5 + 1  # 11.5 of 16
ALL_WRONG = {"answer_part1": WRONG_PART1, "answer_part2": WRONG_PART2,
             "answer_part3a": WRONG_PART3A, "answer_part3b": WRONG_PART3B}

#: Values that appear only in the solution (never in the student version).
SOLUTION_VALUES = ('("business case appraisal", "market fixing")', "int(scored",
                   '"bag_levy": "market fixing"', '"iv": "business case appraisal"',
                   "The SBIR programme is usually read as market shaping")
#: Fragments of hidden tests (never in the student version or in feedback).
HIDDEN_FRAGMENTS = ("import builtins as _b", "_expected", "_points", "_canon(",
                    "misplaced == [\"apollo\"", "n_correct == 5")


@dataclass(frozen=True)
class Student:
    """A synthetic student: how the submission is made, what it should earn."""

    id: str
    make: Callable[[NotebookNode, dict[str, str]], NotebookNode | str]
    auto_score: float | None  # expected autograded score after the first run
    why: str


def _solution(rel: NotebookNode, sol: dict[str, str]) -> NotebookNode:
    nb = fill(rel, sol)
    for cell in nb.cells:
        if grade_id(cell) == "written_answer":
            cell.source = "EEG could be read as fixing a carbon externality; ..."
    return nb


def _variant_labels(rel: NotebookNode, sol: dict[str, str]) -> NotebookNode:
    answers = dict(sol)
    answers["answer_part1"] = sol["answer_part1"].replace('"market fixing"', '"Fixing"').replace(
        '"market shaping"', '" market-shaping "')
    answers["answer_part2"] = sol["answer_part2"].replace('"market shaping"', '"shaping"').replace(
        '"evaluation"', '"Evaluation"')
    return fill(rel, answers)


def _deleted_test(rel: NotebookNode, sol: dict[str, str]) -> NotebookNode:
    nb = fill(rel, {**sol, "answer_part1": WRONG_PART1})
    nb.cells = [c for c in nb.cells if grade_id(c) != "test_part1"]
    return nb


def _edited_tests(rel: NotebookNode, sol: dict[str, str]) -> NotebookNode:
    nb = fill(rel, {**sol, "answer_part2": WRONG_PART2})
    for cell in nb.cells:
        if grade_id(cell) == "test_part2":
            cell.source = "_points = 6.0\n_points"
            cell.metadata.nbgrader["points"] = 100
        if grade_id(cell) == "test_part3a":
            cell.source = "pass  # the tests are fine, trust me"
    return nb


def _tamper_eq(rel: NotebookNode, sol: dict[str, str]) -> NotebookNode:
    always = "\n".join([
        "class Yes(str):",
        "    def __eq__(self, other):",
        "        return True",
        "    __hash__ = str.__hash__",
        "class Anything(dict):",
        "    def __eq__(self, other):",
        "        return True",
        "    def get(self, key, default=None):",
        "        return Yes('x')",
        "placements = Anything({c: Yes('market fixing') for c in TO_CLASSIFY})",
    ])
    return fill(rel, {"answer_part1": always,
                      "answer_part3b": "n_correct = 5\nmisplaced = [Yes('a'), Yes('b'), Yes('c')]"})


def _tamper_patch(rel: NotebookNode, sol: dict[str, str]) -> NotebookNode:
    patch = "\n".join([
        "import pandas as pd",
        "fake = pd.DataFrame({'case_id': ['gds'], 'correct': [True]})",
        "frameworks.score_placements = lambda mapping: fake",
        "frameworks.DIMENSIONS = ('a', 'b')",
        "scored = frameworks.score_placements(ministry)",
        "n_correct = int(scored['correct'].sum())",
        "misplaced = sorted(scored.loc[~scored['correct'], 'case_id'])",
    ])
    return fill(rel, {"answer_part1": WRONG_PART1, "answer_part3b": patch})


def _tamper_custom_exc(rel: NotebookNode, sol: dict[str, str]) -> NotebookNode:
    nb = fill(rel, {"answer_part1": WRONG_PART1})
    swallow = "get_ipython().set_custom_exc((Exception,), lambda *a, **k: None)"
    return insert_after(nb, "setup", swallow)


def _tamper_builtins(rel: NotebookNode, sol: dict[str, str]) -> NotebookNode:
    # Rebinding what the kernel itself uses (type, len, isinstance) hangs the kernel;
    # `all` is what the hidden tests' exact-type check of the strings leans on.
    hack = "\n".join([
        "import builtins as b",
        "b.all = lambda items: True",
        "class Label(str):",
        "    pass",
        "placements = {c: Label('market fixing') for c in TO_CLASSIFY}",
    ])
    return fill(rel, {"answer_part1": hack})


def _tamper_shadow(rel: NotebookNode, sol: dict[str, str]) -> NotebookNode:
    # Shadowing builtins in the notebook is not flagged (honest code does it too);
    # the hidden tests simply do not look names up in the notebook.
    shadow = "\n".join([
        "def isinstance(*args):",
        "    return True",
        "def type(x):",
        "    return int",
        "def len(x):",
        "    return 8",
        "placements = 'I did not answer'",
    ])
    return fill(rel, {"answer_part1": shadow,
                      "answer_part3b": "n_correct = 'five'\nmisplaced = 'apollo, patents'"})


def _tamper_exit(rel: NotebookNode, sol: dict[str, str]) -> NotebookNode:
    # Ending the kernel before the tests run would leave test cells without
    # output, which nbgrader reads as "passed".
    return fill(rel, {"answer_part1": "import os\nos._exit(0)"})


CLASS: tuple[Student, ...] = (
    Student("ada", _solution, AUTO_MAX, "the reference solution"),
    Student("ben", lambda rel, sol: copy.deepcopy(rel), 0.0, "untouched student version"),
    Student("cat", lambda rel, sol: fill(rel, ALL_WRONG), WRONG_SCORE, "plausible wrong answers"),
    Student("kim", _variant_labels, AUTO_MAX, "right, with other spellings of the labels"),
    Student("dan", lambda rel, sol: fill(rel, {**sol, "answer_part1": "placements = {'apollo': "}),
            AUTO_MAX - 6, "syntax error in part 1"),
    Student("eve", lambda rel, sol: fill(rel, {**sol,
                                               "answer_part2": "raise ValueError('no idea')"}),
            AUTO_MAX - 6, "exception in part 2"),
    Student("fay", lambda rel, sol: fill(rel, {**sol, "answer_part3a": "while True:\n    pass"}),
            AUTO_MAX - 2, "infinite loop in part 3a"),
    Student("gus", _deleted_test, AUTO_MAX - 2, "deleted the part 1 test (and got 4/6 there)"),
    Student("hal", _edited_tests, AUTO_MAX - 1, "edited the part 2 and 3a tests (5/6 in part 2)"),
    Student("ivy", lambda rel, sol: '{"cells": [ {"cell_type": "code", "source": "pla',
            0.0, "corrupt notebook (invalid JSON)"),
    Student("tam_eq", _tamper_eq, 0.0, "answers whose __eq__ is always True"),
    Student("tam_patch", _tamper_patch, 0.0, "monkeypatches pvkit"),
    Student("tam_exc", _tamper_custom_exc, 0.0, "swallows errors with set_custom_exc"),
    Student("tam_builtins", _tamper_builtins, 0.0, "rebinds builtins"),
    Student("tam_shadow", _tamper_shadow, 0.0, "shadows builtins with wrong answers"),
    Student("tam_exit", _tamper_exit, 0.0, "kills the kernel before the tests"),
)
LATE = Student("lee", _solution, AUTO_MAX, "submits after the first run")
BY_ID = {s.id: s for s in (*CLASS, LATE)}


def submit(root: Path, student: Student, release: NotebookNode, answers: dict[str, str]) -> Path:
    """Write a student's submission under ``submitted/<id>/<assignment>/``."""
    folder = root / "submitted" / student.id / ASSIGNMENT
    folder.mkdir(parents=True, exist_ok=True)
    made = student.make(release, answers)
    path = folder / NOTEBOOK
    if isinstance(made, str):
        path.write_text(made, encoding="utf-8")
    else:
        nbformat.write(made, path)
    (folder / "timestamp.txt").write_text("2026-01-15 09:00:00.000000 UTC\n")
    return path


# -- running the command --------------------------------------------------------------
@dataclass(frozen=True)
class Step:
    """One ``pvkit`` invocation: exit code, output, seconds."""

    args: tuple[str, ...]
    code: int
    out: str
    err: str
    seconds: float


def run_cli(*args: str) -> Step:
    """Run ``pvkit`` in-process, capturing its output."""
    out, err = io.StringIO(), io.StringIO()
    start = time.perf_counter()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = cli.main(list(args))
        except SystemExit as exc:  # argparse errors
            code = int(exc.code or 0)
    return Step(tuple(args), code, out.getvalue(), err.getvalue(), time.perf_counter() - start)


def copy_course(target: Path) -> Path:
    """Copy ``course/`` (config only) and ``exercises/`` into ``target``; returns the root."""
    shutil.copytree(REPO / "exercises", target / "exercises",
                    ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"))
    (target / "course").mkdir()
    shutil.copy2(REPO / "course" / "nbgrader_config.py", target / "course" / "nbgrader_config.py")
    return target / "course"


def gradebook_scores(root: Path) -> dict[str, dict[str, float | None]]:
    """student -> {grade_id: score} straight from the gradebook (for snapshots)."""
    from nbgrader.api import Gradebook

    scores: dict[str, dict[str, float | None]] = {}
    with Gradebook(f"sqlite:///{root / 'gradebook.db'}", "pvkit") as gb:
        for sub in gb.find_assignment(ASSIGNMENT).submissions:
            for nb in sub.notebooks:
                for grade in nb.grades:
                    scores.setdefault(sub.student.id, {})[grade.name] = grade.score
                scores[sub.student.id]["manual:written_answer"] = next(
                    (g.manual_score for g in nb.grades if g.name == "written_answer"), None)
    return scores


@dataclass
class ClassRun:
    """Everything the grading tests assert on, from one run of the class."""

    root: Path
    source: NotebookNode
    steps: dict[str, Step] = field(default_factory=dict)
    first: dict[str, dict[str, float | None]] = field(default_factory=dict)
    second: dict[str, dict[str, float | None]] = field(default_factory=dict)
    failures: dict[str, dict[str, dict[str, object]]] = field(default_factory=dict)
    grades_csv: list[dict[str, str]] = field(default_factory=list)
    csv_header: list[str] = field(default_factory=list)

    def autograded(self, student: str) -> NotebookNode:
        return nbformat.read(self.root / "autograded" / student / ASSIGNMENT / NOTEBOOK, 4)

    def feedback_html(self, student: str) -> str:
        path = self.root / "feedback" / student / ASSIGNMENT / NOTEBOOK.replace(".ipynb", ".html")
        return path.read_text(encoding="utf-8")

    def auto_score(self, snapshot: dict[str, dict[str, float | None]], student: str) -> float:
        return sum(v or 0.0 for k, v in snapshot[student].items()
                   if k.startswith("test_"))


def _enter_manual_grade(root: Path, student: str, score: float) -> None:
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{root / 'gradebook.db'}", "pvkit") as gb:
        grade = gb.find_grade("written_answer", NOTEBOOK[:-6], ASSIGNMENT, student)
        grade.manual_score = score
        grade.needs_manual_grade = False
        gb.db.commit()


def _run_class(base: Path) -> ClassRun:
    root = copy_course(base)
    source = nbformat.read(root.parent / "exercises" / ASSIGNMENT / NOTEBOOK, 4)
    run = ClassRun(root=root, source=source)
    course = ("--course", str(root))
    run.steps["build"] = run_cli("build", ASSIGNMENT, *course)
    release = nbformat.read(root / "release" / ASSIGNMENT / NOTEBOOK, 4)
    answers = solution_answers(source)
    for student in CLASS:
        submit(root, student, release, answers)
    run.steps["autograde"] = run_cli("autograde", ASSIGNMENT, "--timeout", str(TIMEOUT), *course)
    run.first = gradebook_scores(root)

    _enter_manual_grade(root, "ada", MANUAL_SCORE)
    submit(root, LATE, release, answers)
    run.steps["regrade"] = run_cli("autograde", ASSIGNMENT, "--student", "ada", "lee",
                                   "--timeout", str(TIMEOUT), *course)
    run.second = gradebook_scores(root)

    run.steps["feedback"] = run_cli("feedback", ASSIGNMENT, *course)
    run.steps["export"] = run_cli("export", "--to", str(base / "grades.csv"), *course)
    run.steps["status"] = run_cli("status", *course)
    with (base / "grades.csv").open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        run.csv_header = list(reader.fieldnames or [])
        run.grades_csv = list(reader)
    failures = root / ".pvkit" / "failures.json"
    run.failures = json.loads(failures.read_text()) if failures.exists() else {}
    return run


_CACHE: dict[str, ClassRun] = {}


def class_run(tmp_path_factory) -> ClassRun:  # noqa: ANN001 - pytest's factory
    """The class run, made on first use and shared by every grading test module."""
    if "run" not in _CACHE:
        _CACHE["run"] = _run_class(tmp_path_factory.mktemp("class"))
    return _CACHE["run"]
