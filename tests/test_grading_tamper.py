"""A student who interferes with the tests instead of answering earns no marks.

Two layers are tested: the hidden tests defend themselves (exact types, literal
expected values, builtins from the ``builtins`` module), and the FlagTampering
preprocessor fails every test cell of a notebook whose own code tampers.
"""

from __future__ import annotations

import types

import nbformat
import pytest

from conftest import REPO
from grading_fixtures import ASSIGNMENT, NOTEBOOK, ClassRun, class_run, grade_id
from pvkit import frameworks
from pvkit.grading.preprocessors import TAMPER_ENAME, is_test_cell
from pvkit.grading.tamper import find_tampering, pvkit_names

TAMPERERS = {  # student -> (export status, words of the reason)
    "tam_eq": ("flagged", "defines __eq__"),
    "tam_patch": ("flagged", "changes pvkit"),
    "tam_exc": ("flagged", "set_custom_exc"),
    "tam_builtins": ("flagged", "imports builtins"),
    "tam_exit": ("flagged", "_exit"),
    "tam_shadow": ("graded", "add a framing for"),
}


@pytest.fixture(scope="module")
def run(tmp_path_factory) -> ClassRun:
    return class_run(tmp_path_factory)


# -- in the class run -------------------------------------------------------------------
@pytest.mark.slow
@pytest.mark.parametrize("student", sorted(TAMPERERS))
def test_tampering_earns_no_autograded_marks(run, student):
    assert run.auto_score(run.first, student) == 0.0


@pytest.mark.slow
@pytest.mark.parametrize("student", sorted(TAMPERERS))
def test_tampering_is_reported_with_its_reason(run, student):
    status, words = TAMPERERS[student]
    row = next(r for r in run.grades_csv if r["student_id"] == student)
    assert row["status"] == status
    line = next(ln for ln in run.steps["autograde"].out.splitlines()
                if ln.startswith(f"{student} "))
    assert words in line, line
    if status == "flagged":
        assert "tampering detected" in line
        assert run.failures[ASSIGNMENT][student]["status"] == "flagged"


@pytest.mark.slow
def test_flagged_notebook_fails_every_test_cell_with_a_clear_message(run):
    nb = run.autograded("tam_eq")
    tests = [c for c in nb.cells if is_test_cell(c)]
    assert len(tests) == 4
    for cell in tests:
        assert [o.ename for o in cell.outputs] == [TAMPER_ENAME]
        assert "flagged for instructor review" in cell.outputs[0].evalue


@pytest.mark.slow
def test_honest_students_are_not_flagged(run):
    for student in ("ada", "ben", "cat", "kim", "dan", "eve", "fay", "gus", "hal"):
        row = next(r for r in run.grades_csv if r["student_id"] == student)
        assert row["status"] in ("graded", "needs manual grading"), student
        assert student not in run.failures.get(ASSIGNMENT, {})


@pytest.mark.slow
def test_edited_tests_are_restored_from_the_gradebook(run):
    """hal replaced the part 2 test with `_points = 6.0` (and set 100 points) and emptied 3a's."""
    assert run.first["hal"]["test_part2"] == 5.0  # his answer's real worth, not 6 or 100
    assert run.first["hal"]["test_part3a"] == 2.0
    nb = run.autograded("hal")
    test2 = next(c for c in nb.cells if grade_id(c) == "test_part2")
    assert "### BEGIN HIDDEN TESTS" in test2.source and test2.metadata.nbgrader.points == 6


# -- the hidden tests on their own (no kernel) ----------------------------------------
SOURCE = nbformat.read(REPO / "exercises" / ASSIGNMENT / NOTEBOOK, 4)
TESTS = {grade_id(c): c.source for c in SOURCE.cells if is_test_cell(c)}
TO_CLASSIFY = ["fog_siren", "bag_levy", "speed_labels", "green_steel_purchase",
               "health_data_team", "clean_coasts_mission"]


class Yes(str):
    def __eq__(self, other):  # noqa: D105 - the point of the test
        return True

    __hash__ = str.__hash__


class AlwaysEqualDict(dict):
    def __eq__(self, other):  # noqa: D105
        return True


class FiveInt(int):
    def __eq__(self, other):  # noqa: D105
        return True

    __hash__ = int.__hash__


def hidden_part(name: str) -> str:
    source = TESTS[name]
    return source[source.index("### BEGIN HIDDEN TESTS"):source.index("### END HIDDEN TESTS")]


def run_hidden(name: str, **namespace: object) -> float:
    """Execute only the hidden part of a test cell, as the kernel would; return its points.

    The visible checks use ordinary names on purpose (they only help students),
    so the defence must hold in the hidden part alone.
    """
    ns: dict[str, object] = {"frameworks": frameworks, **namespace}
    exec(compile(hidden_part(name), name, "exec"), ns)
    return float(ns["_points"])  # type: ignore[arg-type]


SOLUTION = dict(zip(TO_CLASSIFY, ["market fixing"] * 3 + ["market shaping"] * 3))


def test_hidden_tests_give_the_solution_full_marks():
    assert run_hidden("test_part1", placements=SOLUTION) == 6.0
    assert run_hidden("test_part3b", n_correct=5,
                      misplaced=["apollo", "longitude_prize", "patents"]) == 2.0


def test_always_equal_answers_fail_the_exact_type_checks():
    with pytest.raises(AssertionError, match="plain dict"):
        run_hidden("test_part1", placements=AlwaysEqualDict({c: "x" for c in TO_CLASSIFY}))
    with pytest.raises(AssertionError, match="plain strings"):
        run_hidden("test_part1", placements={c: Yes("market fixing") for c in TO_CLASSIFY})
    with pytest.raises(AssertionError, match="plain strings"):
        run_hidden("test_part1", placements={Yes(c): "fixing" for c in TO_CLASSIFY})
    assert run_hidden("test_part2", statements={k: (Yes("x"), Yes("y")) for k in "ABCDEF"}) == 0.0
    assert run_hidden("test_part3a", argument_dimension={k: Yes("x") for k in
                                                         ["i", "ii", "iii", "iv"]}) == 0.0
    assert run_hidden("test_part3b", n_correct=FiveInt(1), misplaced=[Yes("a")] * 3) == 0.0
    assert run_hidden("test_part3b", n_correct=True, misplaced=("apollo",)) == 0.0


def test_patched_pvkit_does_not_change_the_expected_values():
    liar = types.SimpleNamespace(
        normalise_framing=lambda label: label, FRAMINGS=("x", "y"),
        DIMENSIONS=("anything",), score_placements=lambda mapping: None,
        case=lambda case_id: {"framing": "market fixing"})
    everything_fixing = dict.fromkeys(TO_CLASSIFY, "market fixing")
    assert run_hidden("test_part1", frameworks=liar, placements=everything_fixing) == 3.0


def test_shadowed_builtins_do_not_fool_the_hidden_tests():
    shadows = {"type": lambda x: dict, "isinstance": lambda *a: True, "len": lambda x: 2,
               "dict": object, "str": object, "print": None, "all": lambda x: True}
    with pytest.raises(AssertionError):
        run_hidden("test_part1", placements="no answer", **shadows)
    with pytest.raises(AssertionError):
        run_hidden("test_part2", statements="no answer", **shadows)
    # ...and shadowing is no crime: a right answer still earns its marks
    assert run_hidden("test_part1", placements=SOLUTION, **shadows) == 6.0


# -- the static rules ------------------------------------------------------------------
FLAGGED = {
    "custom exc": "get_ipython().set_custom_exc((AssertionError,), lambda *a, **k: None)",
    "builtins module": "import builtins\nbuiltins.isinstance = lambda *a: True",
    "__builtins__": "__builtins__.type = lambda x: dict",
    "__eq__ def": "class S(str):\n    def __eq__(self, o):\n        return True",
    "__eq__ assign": "class S(str):\n    __eq__ = lambda s, o: True",
    "patch module": "frameworks.score_placements = lambda m: None",
    "patch alias": "fw = frameworks\nfw.cases = lambda: None",
    "patch private": "frameworks._FRAMING_WORDS['shaping'] = 'market fixing'",
    "patch by name": "import pvkit.frameworks as f\nsetattr(f, 'cases', None)",
    "sys.modules": "import sys\nsys.modules['pvkit.frameworks'] = None",
    "os._exit": "import os\nos._exit(0)",
    "exec": "exec('x = 1')",
    "dunder string": "type('S', (str,), {'__eq__': lambda s, o: True})",
    "cell magic": "%%capture\nx = 1",
    "shell escape": "!touch x",
    "computed getattr": "getattr(frameworks, 'ca' + 'ses')",
    "displayhook": "import sys\nsys.displayhook = print",
    "getattr literal": "import sys\ngetattr(sys, 'modules')['builtins'] = None",
    "pickle payload": "import pickle\npickle.loads(b'...')",
    "pandas pickle": "import pandas as pd\npd.read_pickle('payload.pkl')",
    "numpy pickle": "import numpy as np\nnp.load('payload.npy', allow_pickle=True)",
}
HONEST = {
    "dict answer": "placements = {'apollo': 'market shaping', 'gds': 'shaping'}",
    "pandas work": "scored = frameworks.score_placements(ministry)\n"
                   "n_correct = int(scored['correct'].sum())\n"
                   "misplaced = sorted(scored.loc[~scored['correct'], 'case_id'])",
    "pandas options": "import pandas as pd\npd.options.display.max_rows = 100",
    "matplotlib magic": "%matplotlib inline\nimport numpy as np",
    "shadowing a builtin": "sum = 0\nfor x in [1, 2]:\n    sum += x",
    "a small class": "class Case:\n    def __init__(self, name):\n        self.name = name",
    "syntax error": "placements = {'apollo': ",
    "main guard": "if __name__ == '__main__':\n    print(type(3))",
}


@pytest.mark.parametrize("code", FLAGGED.values(), ids=FLAGGED.keys())
def test_tampering_code_is_flagged(code):
    assert find_tampering(code, pvkit_names(["from pvkit import frameworks", code]))


@pytest.mark.parametrize("code", HONEST.values(), ids=HONEST.keys())
def test_honest_code_is_not_flagged(code):
    assert find_tampering(code, pvkit_names(["from pvkit import frameworks", code])) == []
