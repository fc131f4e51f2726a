"""Per-student variants (pvkit.variants) in the appraisal and rewards exercises, graded for real.

One temporary course builds both exercises with a fixed course key and grades, with
``pvkit autograde``, for each: three students who submit the instructor solution, a
student who copies another student's numbers, the untouched student version and
three broken submissions of the class-run kind (syntax error, exception, corrupt file).
"""

from __future__ import annotations

import ast
import contextlib
import copy
import io
from dataclasses import dataclass
from pathlib import Path

import nbformat
import pytest

from conftest import REPO
from grading_fixtures import copy_course, fill, grade_id, run_cli, solution_answers
from pvkit import variants
from pvkit.grading.records import VariantLog
from pvkit.grading.term import find_leaks
from pvkit.kernel_start import NotebookRunner
from test_grading_roundtrip import leaks

KEY = "test-course-key-0123456789abcdef"
ASSIGNMENTS = ("appraisal", "rewards")
HONEST = ("amy", "bob", "cho")
COPYCAT = "zak"  # with KEY, some honest student differs from zak in every number
AUTO_MAX = {"appraisal": 12.0, "rewards": 14.0}
#: answer cell -> (the variables it defines, the test cell that grades them)
TESTS = {"appraisal": {f"answer_part{i}": f"test_part{i}" for i in range(1, 7)},
         "rewards": {f"answer_part{i}": f"test_part{i}" for i in range(1, 5)}}
BROKEN = {  # student -> (answer cell, code, what the reason says)
    "dan": ("answer_part1", "factor_a = (", "SyntaxError"),
    "eve": ("answer_part2", "raise ValueError('no idea')", "ValueError: no idea"),
}


# -- the reference answers of a student, computed from the instructor's solution -------
def answer_values(source: nbformat.NotebookNode, assignment: str, student: str | None,
                  key: str = KEY) -> dict[str, dict[str, object]]:
    """answer cell -> {variable: value} of the solution run on ``student``'s numbers.

    ``student=None``: the default variant; ``key``: the course key.
    """
    space: dict[str, object] = {}
    values: dict[str, dict[str, object]] = {}
    answers = solution_answers(source)
    for cell in source.cells:
        gid = grade_id(cell)
        if cell.cell_type != "code" or (gid or "").startswith("test_"):
            continue
        code = answers.get(gid, cell.source)
        with contextlib.redirect_stdout(io.StringIO()):
            exec(compile(code, gid or "cell", "exec"), space)  # noqa: S102 - our own notebook
        if gid == "setup":
            space["mine"] = variants.for_student(assignment, student,
                                                 None if student is None else key)
        if gid in answers:
            names = {t.id for node in ast.walk(ast.parse(code)) if isinstance(node, ast.Assign)
                     for t in node.targets if isinstance(t, ast.Name)}
            values[gid] = {n: copy.deepcopy(space[n]) for n in sorted(names)
                           if not n.startswith("_") and _is_answer(space[n])}
    return values


def _is_answer(value: object) -> bool:
    """A number, a label, a list of numbers or a dict of numbers (not a helper object)."""
    if isinstance(value, (float, int, str)):
        return True
    if isinstance(value, list):
        return all(isinstance(v, (float, int)) for v in value)
    if isinstance(value, dict):
        return all(isinstance(v, float) for v in value.values())
    return False


def literal_cell(values: dict[str, object]) -> str:
    return "\n".join(f"{name} = {value!r}" for name, value in values.items())


def victim_of(assignment: str) -> str:
    """An honest student whose every number differs from the copycat's."""
    theirs = variants.parameters(KEY, assignment, COPYCAT)
    for student in HONEST:
        mine = variants.parameters(KEY, assignment, student)
        if all(mine[k] != theirs[k] for k in mine):
            return student
    raise AssertionError("no honest student differs from the copycat in every number")


@dataclass
class Graded:
    root: Path
    out: dict[str, str]
    scores: dict[tuple[str, str], dict[str, float]]  # (assignment, student) -> test cell scores
    copied: dict[str, dict[str, dict[str, object]]]  # assignment -> the copied answers
    own: dict[str, dict[str, dict[str, object]]]  # assignment -> the copycat's right answers
    status: str


def _scores(root: Path) -> dict[tuple[str, str], dict[str, float]]:
    from nbgrader.api import Gradebook

    found = {}
    with Gradebook(f"sqlite:///{root / 'gradebook.db'}", "pvkit") as gb:
        for assignment in ASSIGNMENTS:
            for sub in gb.find_assignment(assignment).submissions:
                found[assignment, sub.student.id] = {
                    g.name: float(g.score) for nb in sub.notebooks for g in nb.grades}
    return found


@pytest.fixture(scope="module")
def graded(tmp_path_factory) -> Graded:  # noqa: ANN001
    root = copy_course(tmp_path_factory.mktemp("variants"))
    (root / ".pvkit").mkdir()
    (root / ".pvkit" / "variant.key").write_text(KEY + "\n")
    out, copied, own = {}, {}, {}
    for assignment in ASSIGNMENTS:
        step = run_cli("--course", str(root), "build", assignment)
        assert step.code == 0, step.out + step.err
        name = f"{assignment}.ipynb"
        release = nbformat.read(root / "release" / assignment / name, 4)
        source = nbformat.read(REPO / "exercises" / assignment / name, 4)
        copied[assignment] = answer_values(source, assignment, victim_of(assignment))
        own[assignment] = answer_values(source, assignment, COPYCAT)
        made = {s: fill(release, solution_answers(source)) for s in HONEST}
        made[COPYCAT] = fill(release, {g: literal_cell(v) for g, v in copied[assignment].items()})
        made["ben"] = release
        for student, (cell, code, _) in BROKEN.items():
            made[student] = fill(release, {**solution_answers(source), cell: code})
        for student, nb in made.items():
            folder = root / "submitted" / student / assignment
            folder.mkdir(parents=True)
            nbformat.write(nb, folder / name)
        folder = root / "submitted" / "ivy" / assignment
        folder.mkdir(parents=True)
        (folder / name).write_text('{"cells": [ {"cell_type": "code", "source": "fac')
        step = run_cli("--course", str(root), "autograde", assignment, "--jobs", "2")
        assert step.code == 0, step.out + step.err
        out[assignment] = step.out
    status = run_cli("--course", str(root), "status")
    assert status.code == 0, status.err
    return Graded(root, out, _scores(root), copied, own, status.out)


def auto(graded: Graded, assignment: str, student: str) -> float:
    return sum(v for k, v in graded.scores[assignment, student].items() if k.startswith("test_"))


# -- the module on its own --------------------------------------------------------------
def test_parameters_are_stable_and_differ_between_students_and_keys():
    a = variants.parameters(KEY, "appraisal", "amy")
    assert a == variants.parameters(KEY, "appraisal", "amy")
    assert a != variants.parameters(KEY, "appraisal", "bob")
    assert a != variants.parameters(KEY + "-next-term", "appraisal", "amy")
    for name, value in a.items():
        assert value in variants.SPACES["appraisal"][name].choices


def test_every_parameter_takes_many_values_across_a_class():
    for assignment, space in variants.SPACES.items():
        seen = {name: set() for name in space}
        for i in range(200):
            for name, value in variants.parameters(KEY, assignment, f"s{i}").items():
                seen[name].add(value)
        for name, values in seen.items():
            assert len(values) >= min(5, len(space[name].choices)), (assignment, name)


def test_defaults_are_the_numbers_printed_before_variants():
    assert variants.defaults("appraisal") == {
        "year_a": 40, "year_b": 80, "flood_cost": 2000.0, "flood_upkeep": 20.0,
        "flood_benefit": 180.0, "learning_rate": 0.18, "battery_cost": 150.0, "mc_seed": 2024}
    assert variants.defaults("rewards")["seed_part3"] == 7


def test_default_variant_reproduces_the_old_expected_answers():
    source = nbformat.read(REPO / "exercises" / "appraisal" / "appraisal.ipynb", 4)
    got = answer_values(source, "appraisal", None)
    # the literals the hidden tests had when the exercise had one set of numbers
    assert abs(got["answer_part1"]["factor_a"] - 0.26510459733825015) < 1e-12
    assert abs(got["answer_part1"]["factor_b"] - 0.08327124684377693) < 1e-12
    assert abs(got["answer_part2"]["flood_npv"] - 273.9845283123684) < 1e-6
    assert abs(got["answer_part3"]["flood_bcr"] - 1.1199451724993537) < 1e-9
    assert got["answer_part3"]["flood_category"] == "low"
    assert abs(got["answer_part4"]["benefit_switch"] - -0.1070991468552652) < 1e-9
    assert abs(got["answer_part5"]["cost_at_4000"] - 82.7052) < 1e-4
    assert abs(got["answer_part6"]["mc_mean"] - 1361876.3961256512) < 1e-3 * 1361876


def test_identity_comes_from_pvkit_then_nbgrader_then_the_hub():
    assert variants.identity({"PVKIT_STUDENT": "amy", "JUPYTERHUB_USER": "bob"}, "/x")[0] == "amy"
    assert variants.identity({"NBGRADER_EXECUTION": "autograde", "JUPYTERHUB_USER": "root"},
                             "/c/autograded/cho/appraisal")[0] == "cho"
    assert variants.identity({"NBGRADER_EXECUTION": "validate", "JUPYTERHUB_USER": "dee"},
                             "/home/dee/appraisal")[0] == "dee"
    assert variants.identity({}, "/home/dee/appraisal") == (None, "unknown")


def test_arguments_are_checked_with_their_names():
    with pytest.raises(ValueError, match="assignment must be one of"):
        variants.parameters(KEY, "apraisal", "amy")
    with pytest.raises(ValueError, match="key must be at least 16"):
        variants.parameters("short", "appraisal", "amy")
    with pytest.raises(TypeError, match="student must be text"):
        variants.parameters(KEY, "appraisal", 42)
    with pytest.raises(AttributeError, match="no number 'year_c'"):
        variants.for_student("appraisal", "amy", KEY).year_c


def test_the_student_notebook_knows_the_hub_user_and_says_when_it_cannot(tmp_path, monkeypatch):
    root = copy_course(tmp_path)
    assert run_cli("--course", str(root), "build", "appraisal").code == 0
    folder = root / "release" / "appraisal"
    key = (folder / variants.RELEASE_KEY_FILE).read_text().strip()
    assert key == variants.course_key(root)
    setup = next(c for c in nbformat.read(folder / "appraisal.ipynb", 4).cells
                 if grade_id(c) == "setup")

    def run_setup(cwd: Path) -> str:
        nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(setup.source)])
        NotebookRunner(nb, timeout=120, kernel_name="python3",
                       resources={"metadata": {"path": str(cwd)}}).execute()
        return "".join(o.get("text", "") for o in nb.cells[0].outputs)

    monkeypatch.delenv("PVKIT_STUDENT", raising=False)
    monkeypatch.delenv("PVKIT_VARIANT_KEY", raising=False)
    monkeypatch.setenv("JUPYTERHUB_USER", "amy")
    shown = run_setup(folder)
    assert "Your own numbers for 'appraisal' (student amy)" in shown
    amy = variants.parameters(key, "appraisal", "amy")
    assert f"mc_seed       = {amy['mc_seed']}" in shown
    monkeypatch.delenv("JUPYTERHUB_USER")
    shown = run_setup(folder)
    assert "Default variant" in shown and "could not tell who you are" in shown
    assert "mc_seed       = 2024" in shown


# -- graded for real ----------------------------------------------------------------------
@pytest.mark.slow
@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_the_solution_earns_full_marks_for_every_student(graded, assignment):
    for student in HONEST:
        assert auto(graded, assignment, student) == pytest.approx(AUTO_MAX[assignment]), student


@pytest.mark.slow
@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_two_students_get_different_numbers_and_see_them(graded, assignment):
    amy, bob = (variants.parameters(KEY, assignment, s) for s in ("amy", "bob"))
    assert amy != bob
    for student, numbers in (("amy", amy), ("bob", bob)):
        nb = nbformat.read(graded.root / "autograded" / student / assignment /
                           f"{assignment}.ipynb", 4)
        shown = "".join(o.get("text", "") for c in nb.cells if grade_id(c) == "setup"
                        for o in c.outputs)
        assert f"(student {student})" in shown
        for name, value in numbers.items():
            assert f" {name} " in shown and f"= {value:g}" in shown, (name, shown)


@pytest.mark.slow
@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_copying_another_students_numbers_loses_those_marks(graded, assignment):
    scores = graded.scores[assignment, COPYCAT]
    for cell, test in TESTS[assignment].items():
        same = {n for n, v in graded.copied[assignment][cell].items()
                if v == graded.own[assignment][cell][n]}
        numeric = [n for n, v in graded.copied[assignment][cell].items() if not isinstance(v, str)]
        assert not same & set(numeric), (cell, same)  # every number copied is wrong for zed
        if not same:
            assert scores[test] == 0.0, (test, scores)
    assert auto(graded, assignment, COPYCAT) <= 1.0  # at most a coinciding category label


@pytest.mark.slow
@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_the_untouched_version_earns_zero(graded, assignment):
    assert auto(graded, assignment, "ben") == 0.0


@pytest.mark.slow
@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_the_release_does_not_leak(graded, assignment):
    name = f"{assignment}.ipynb"
    release = nbformat.read(graded.root / "release" / assignment / name, 4)
    source = nbformat.read(REPO / "exercises" / assignment / name, 4)
    assert find_leaks(graded.root / "release" / assignment) == []
    assert leaks(release, source) == []
    text = "\n".join(c.source for c in release.cells)
    assert "_variants.for_me" not in text and "_mine" not in text  # the hidden tests' own names


@pytest.mark.slow
@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_broken_submissions_still_get_a_grade_and_a_reason(graded, assignment):
    table = graded.out[assignment].split("\n\n")[1]
    rows = {line.split()[0]: line for line in table.splitlines()[2:]}
    for student, (cell, _, words) in BROKEN.items():
        assert (assignment, student) in graded.scores
        assert cell in rows[student] and words in rows[student], rows[student]
        assert graded.scores[assignment, student][TESTS[assignment][cell]] == 0.0
        assert 0 < auto(graded, assignment, student) < AUTO_MAX[assignment]
    assert "failed" in rows["ivy"] and "not valid JSON" in rows["ivy"]
    assert auto(graded, assignment, "ivy") == 0.0


@pytest.mark.slow
@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_the_variant_each_student_got_is_recorded_and_shown(graded, assignment):
    rows = {r["student"]: r["variant"] for r in VariantLog(graded.root).rows(assignment)}
    assert set(rows) >= {*HONEST, COPYCAT, "ben", "ivy", *BROKEN}
    seed = "mc_seed" if assignment == "appraisal" else "seed_part2"
    for student in HONEST:
        value = variants.parameters(KEY, assignment, student)[seed]
        assert f"{seed}={value}" in rows[student]
    section = graded.status.split("Per-student variants")[1].split("\n\n")[0]
    amy = variants.parameters(KEY, assignment, "amy")[seed]
    assert any(line.split()[:2] == [assignment, "amy"] and f"{seed}={amy}" in line
               for line in section.splitlines()), section
    assert "variant" in graded.out[assignment].split("\n\n")[1].splitlines()[0]
    step = run_cli("--course", str(graded.root), "report", assignment)
    assert step.code == 0, step.out + step.err
    page = (graded.root / "reports" / f"{assignment}.html").read_text(encoding="utf-8")
    table = page.split("<h2>Per-student variants</h2>")[1]
    assert f"<td>amy</td><td>{rows['amy']}</td>" in table, table[:600]
