"""Canvas and Moodle import tables from grade rows: layout and the roster's errors."""

from __future__ import annotations

import pytest

from pvkit.grading.coursedir import GradingError
from pvkit.grading.lms import lms_table, read_roster

ROWS = [
    {"student_id": "amy", "assignment": "a1", "score": 8.0, "max_score": 10.0, "status": "graded"},
    {"student_id": "amy", "assignment": "a2", "score": 0.0, "max_score": 5.0, "status": "missing"},
    {"student_id": "bob", "assignment": "a1", "score": 0.0, "max_score": 10.0, "status": "missing"},
    {"student_id": "bob", "assignment": "a2", "score": 0.0, "max_score": 5.0, "status": "missing"},
]
ROSTER = {"amy": {"name": "Amy A", "canvas_id": "7", "section": "Mon", "username": "amya"},
          "bob": {"name": "Bob B", "canvas_id": "8", "section": "Tue", "username": "bobb"}}


def test_canvas_layout_with_points_possible_and_blank_for_no_submission():
    table, warnings = lms_table(ROWS, ROSTER, "canvas")
    assert table == [["Student", "ID", "SIS User ID", "SIS Login ID", "Section", "a1", "a2"],
                     ["Points Possible", "", "", "", "", 10.0, 5.0],
                     ["Amy A", "7", "", "", "Mon", 8.0, 0.0],
                     ["Bob B", "8", "", "", "Tue", "", ""]]
    assert warnings == ["bob: on the roster but no submission; grade left blank"]


def test_moodle_layout_by_username():
    table, _ = lms_table(ROWS, ROSTER, "moodle", moodle_id="username")
    assert table == [["username", "a1", "a2"], ["amya", 8.0, 0.0], ["bobb", "", ""]]


def test_student_missing_from_roster_is_named():
    with pytest.raises(GradingError, match="no roster row for amy"):
        lms_table(ROWS, {"bob": ROSTER["bob"]}, "canvas")


def test_roster_row_without_the_needed_identity_is_an_error():
    with pytest.raises(GradingError, match="amy, bob have none of email"):
        lms_table(ROWS, ROSTER, "moodle")


@pytest.mark.parametrize(("fmt", "moodle_id", "message"),
                         [("blackboard", "email", "--format"), ("moodle", "sis", "--moodle-id")])
def test_bad_arguments_are_named(fmt, moodle_id, message):
    with pytest.raises(GradingError, match=message):
        lms_table(ROWS, ROSTER, fmt, moodle_id)


def test_roster_file_errors(tmp_path):
    with pytest.raises(GradingError, match="no such file"):
        read_roster(tmp_path / "nope.csv")
    bad = tmp_path / "bad.csv"
    bad.write_text("id,email\namy,a@x\n", encoding="utf-8")
    with pytest.raises(GradingError, match="nbgrader_id"):
        read_roster(bad)
    bad.write_text("nbgrader_id,email\namy,a@x\namy,b@x\n", encoding="utf-8")
    with pytest.raises(GradingError, match="'amy' appears twice"):
        read_roster(bad)
    good = tmp_path / "good.csv"
    good.write_text("\ufeffnbgrader_id,email\n amy ,a@x\n", encoding="utf-8")
    assert read_roster(good) == {"amy": {"nbgrader_id": "amy", "email": "a@x"}}
