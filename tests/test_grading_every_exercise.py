"""Every exercise in exercises/ survives a real nbgrader round trip through the pvkit CLI.

For each assignment a case file ``tests/exercise_cases/<assignment>.py`` names a
plausible wrong answer and the score it should earn. One temporary course builds
every assignment; three students submit each one (the reference solution, the
untouched student version, the wrong answer); the class is autograded, given
feedback and exported.
"""

from __future__ import annotations

import csv
import html
import importlib.util
import re
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

import nbformat
import pytest

from conftest import REPO
from grading_fixtures import copy_course, fill, run_cli, solution_answers

pytestmark = pytest.mark.slow

ASSIGNMENTS = sorted(p.name for p in (REPO / "exercises").iterdir()
                     if p.is_dir() and any(p.glob("*.ipynb")))
STUDENTS = ("solution", "untouched", "wrong")
HIDDEN = re.compile(r"### BEGIN HIDDEN TESTS\n(.*?)### END HIDDEN TESTS", re.S)


def case_file(assignment: str) -> ModuleType:
    path = REPO / "tests" / "exercise_cases" / f"{assignment}.py"
    assert path.exists(), f"exercise {assignment!r} has no grading case file {path.name}"
    spec = importlib.util.spec_from_file_location(f"exercise_case_{assignment}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@dataclass
class Term:
    root: Path
    scores: dict[tuple[str, str], tuple[float, float]]  # (assignment, student) -> (auto, max auto)
    feedback: dict[tuple[str, str], str]
    grades: list[dict[str, str]]
    outputs: dict[str, str]
    status: str


@pytest.fixture(scope="module")
def term(tmp_path_factory) -> Term:  # noqa: ANN001
    root = copy_course(tmp_path_factory.mktemp("every-exercise"))
    outputs = {}
    for assignment in ASSIGNMENTS:
        case = case_file(assignment)
        step = run_cli("--course", str(root), "build", assignment)
        assert step.code == 0, step.out + step.err
        release = nbformat.read(root / "release" / assignment / case.NOTEBOOK, 4)
        source = nbformat.read(REPO / "exercises" / assignment / case.NOTEBOOK, 4)
        made = {"solution": fill(release, solution_answers(source)),
                "untouched": release,
                "wrong": fill(release, {**solution_answers(source), **case.WRONG})}
        for student, nb in made.items():
            folder = root / "submitted" / student / assignment
            folder.mkdir(parents=True)
            nbformat.write(nb, folder / case.NOTEBOOK)
        step = run_cli("--course", str(root), "autograde", assignment)
        assert step.code == 0, step.out + step.err
        outputs[assignment] = step.out
        step = run_cli("--course", str(root), "feedback", assignment)
        assert step.code == 0, step.out + step.err

    from nbgrader.api import Gradebook

    scores = {}
    with Gradebook(f"sqlite:///{root / 'gradebook.db'}", "pvkit") as gb:
        for assignment in ASSIGNMENTS:
            for student in STUDENTS:
                sub = gb.find_submission(assignment, student)
                scores[assignment, student] = (sub.code_score, sub.max_code_score)
    feedback = {}
    for assignment in ASSIGNMENTS:
        for student in STUDENTS:
            pages = list((root / "feedback" / student / assignment).glob("*.html"))
            assert len(pages) == 1, (assignment, student, pages)
            feedback[assignment, student] = pages[0].read_text(encoding="utf-8")
    target = root.parent / "grades.csv"
    assert run_cli("--course", str(root), "export", "--to", str(target)).code == 0
    with target.open(newline="") as f:
        grades = list(csv.DictReader(f))
    status = run_cli("--course", str(root), "status")
    assert status.code == 0, status.out + status.err
    return Term(root, scores, feedback, grades, outputs, status.out)


def test_every_exercise_has_a_grading_case():
    assert "fix_or_shape" in ASSIGNMENTS
    for assignment in ASSIGNMENTS:
        case = case_file(assignment)
        assert case.ASSIGNMENT == assignment
        assert 0 < case.WRONG_SCORE < case.AUTO_MAX


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_solution_earns_every_autograded_point(term, assignment):
    case = case_file(assignment)
    assert term.scores[assignment, "solution"] == pytest.approx((case.AUTO_MAX, case.AUTO_MAX))


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_untouched_student_version_earns_zero(term, assignment):
    auto, maximum = term.scores[assignment, "untouched"]
    assert auto == 0 and maximum == pytest.approx(case_file(assignment).AUTO_MAX)


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_plausible_wrong_answer_earns_partial_credit(term, assignment):
    auto, _ = term.scores[assignment, "wrong"]
    assert auto == pytest.approx(case_file(assignment).WRONG_SCORE)


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_feedback_shows_scores_but_no_hidden_test_code(term, assignment):
    case = case_file(assignment)
    source = nbformat.read(REPO / "exercises" / assignment / case.NOTEBOOK, 4)
    # lines a student may legitimately show (their own answers) are not leaks
    visible = "\n".join([HIDDEN.sub("", c.source) for c in source.cells] + list(case.WRONG.values()))
    hidden_lines = {line.strip() for c in source.cells for block in HIDDEN.findall(c.source)
                    for line in block.splitlines()
                    if len(line.strip()) > 12 and line.strip() not in visible}
    assert hidden_lines, "an exercise without hidden tests cannot be graded fairly"
    for student in STUDENTS:
        page = term.feedback[assignment, student]
        text = html.unescape(re.sub(r"<[^>]+>", "", page))
        leaked = [line for line in hidden_lines if line in text]
        assert not leaked, (student, leaked[:3])
        auto, _ = term.scores[assignment, student]
        # nothing graded by hand yet, so the total shown is the autograded score
        assert f"{assignment} (Score: {auto:.1f} / " in text, student


def test_export_has_a_row_per_student_and_assignment(term):
    rows = {(r["assignment"], r["student_id"]) for r in term.grades}
    assert rows >= {(a, s) for a in ASSIGNMENTS for s in STUDENTS}


def test_autograde_prints_progress_and_a_summary_for_each_class(term):
    for assignment, out in term.outputs.items():
        for student in STUDENTS:
            assert re.search(rf"\[\d/3\] {student}\b", out), (assignment, out)


def test_status_shows_where_the_class_struggled(term):
    # the section ends at the next blank line (the submissions table follows it)
    out = term.status.split("Where the class struggled")[1].split("\n\n")[0]
    # fix_or_shape part 1 (6 points): solution 6, untouched 0, wrong answer 4
    assert re.search(r"^fix_or_shape\s+test_part1\s+3\s+3\.33\s+6\s+33%$", out, re.M), out
    rows = [line.split() for line in out.splitlines()[3:] if line.strip()]
    shares = [float(r[3]) / float(r[4]) for r in rows if float(r[4]) > 0]
    assert shares == sorted(shares), "hardest questions first"
