"""The exchange through ``pvkit``: release, fetch, submit, collect, feedback, fetch feedback.

Real nbgrader throughout, in a copy of the course with a temporary exchange folder.
The students are played by nbgrader's own exchange classes (``ExchangeFetchAssignment``,
``ExchangeSubmit``, ``ExchangeFetchFeedback``), each working in a home folder of their
own, under their own student id (nbgrader's ``--student``; on a hub, their Linux user name).
"""

from __future__ import annotations

import csv
import datetime
import time
from pathlib import Path

import nbformat
import pytest
from nbgrader.api import Gradebook
from nbgrader.auth import Authenticator
from nbgrader.coursedir import CourseDirectory
from nbgrader.exchange.default import (ExchangeFetchAssignment, ExchangeFetchFeedback,
                                       ExchangeSubmit)

from grading_fixtures import (ALL_WRONG, ASSIGNMENT, HIDDEN_FRAGMENTS, NOTEBOOK, TIMEOUT,
                              copy_course, fill, run_cli, solution_answers)
from pvkit.grading.coursedir import load_config

pytestmark = pytest.mark.slow


class Home:
    """A student's home folder, and nbgrader's exchange as that student uses it."""

    def __init__(self, base: Path, name: str, exchange: Path, course: Path) -> None:
        self.name, self.path, self.exchange, self.course = name, base / name, exchange, course
        self.path.mkdir(parents=True)

    def _run(self, cls: type) -> None:
        config = load_config(self.course)
        config.Exchange.root = str(self.exchange)
        config.Exchange.cache = str(self.path / ".nbgrader-cache")
        config.Exchange.assignment_dir = str(self.path)
        config.CourseDirectory.assignment_id = ASSIGNMENT
        # nbgrader's --student: as the student's own process would be, by its user name
        config.CourseDirectory.student_id = self.name
        coursedir = CourseDirectory(config=config)
        app = cls(coursedir=coursedir, authenticator=Authenticator(config=config), config=config)
        app.start()

    def fetch(self) -> Path:
        self._run(ExchangeFetchAssignment)
        return self.path / ASSIGNMENT / NOTEBOOK

    def submit(self) -> None:
        self._run(ExchangeSubmit)

    def fetch_feedback(self) -> list[Path]:
        self._run(ExchangeFetchFeedback)
        return sorted((self.path / ASSIGNMENT / "feedback").rglob("*.html"))


@pytest.fixture(scope="module")
def term(tmp_path_factory):
    """Build, release, three students work, one resubmits, one is late; collect."""
    base = tmp_path_factory.mktemp("term")
    course = copy_course(base)
    exchange = base / "exchange"
    exchange.mkdir()
    exchange.chmod(0o1777)
    opts = ("--course", str(course), "--exchange", str(exchange))
    steps = {"build": run_cli("build", ASSIGNMENT, *opts)}
    assert steps["build"].code == 0, steps["build"].err
    steps["release"] = run_cli("release", ASSIGNMENT, *opts)
    steps["release_again"] = run_cli("release", ASSIGNMENT, *opts)
    source = nbformat.read(base / "exercises" / ASSIGNMENT / NOTEBOOK, as_version=4)
    answers = solution_answers(source)
    homes = {n: Home(base / "home", n, exchange, course) for n in ("amy", "bob", "cy")}
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}", "pvkit") as gb:
        for name in (*homes, "dee"):  # dee is enrolled and never submits
            gb.update_or_create_student(name)
    work = {"amy": dict(answers), "bob": ALL_WRONG, "cy": {}}
    for name, home in homes.items():
        path = home.fetch()
        release = nbformat.read(path, as_version=4)
        # bob first hands in an empty notebook, then his (partly right) work
        nbformat.write(fill(release, {} if name == "bob" else work[name]), path)
        if name != "cy":
            home.submit()
    time.sleep(0.05)
    nbformat.write(fill(nbformat.read(homes["bob"].path / ASSIGNMENT / NOTEBOOK,
                                      as_version=4), ALL_WRONG),
                   homes["bob"].path / ASSIGNMENT / NOTEBOOK)
    homes["bob"].submit()
    time.sleep(0.05)
    due = datetime.datetime.now(datetime.UTC).replace(tzinfo=None)
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}", "pvkit") as gb:
        gb.update_or_create_assignment(ASSIGNMENT, duedate=due)
    time.sleep(0.05)
    homes["cy"].submit()  # after the due date: late
    steps["collect"] = run_cli("collect", ASSIGNMENT, *opts)
    steps["collect_again"] = run_cli("collect", ASSIGNMENT, *opts)
    steps["status"] = run_cli("status", *opts)
    steps["autograde"] = run_cli("autograde", ASSIGNMENT, "--timeout", str(TIMEOUT), *opts)
    steps["release_feedback_early"] = run_cli("release-feedback", ASSIGNMENT, *opts)
    steps["feedback"] = run_cli("feedback", ASSIGNMENT, *opts)
    steps["release_feedback"] = run_cli("release-feedback", ASSIGNMENT, *opts)
    return {"course": course, "exchange": exchange, "homes": homes, "steps": steps,
           "opts": opts}


def test_release_puts_the_student_version_in_the_exchange(term):
    step = term["steps"]["release"]
    assert step.code == 0, step.err
    outbound = term["exchange"] / "pvkit" / "outbound" / ASSIGNMENT / NOTEBOOK
    assert outbound.is_file()
    text = outbound.read_text(encoding="utf-8")
    assert "BEGIN SOLUTION" not in text and "BEGIN HIDDEN TESTS" not in text
    assert term["steps"]["release_again"].code == 0, term["steps"]["release_again"].err


def test_every_student_fetched_their_own_copy(term):
    for home in term["homes"].values():
        assert (home.path / ASSIGNMENT / NOTEBOOK).is_file()


def test_collect_takes_the_latest_submission_of_each_student(term):
    step = term["steps"]["collect"]
    assert step.code == 0, step.err
    assert "3 new or newer submission(s)" in step.out, step.out
    submitted = term["course"] / "submitted"
    assert sorted(p.name for p in submitted.iterdir()) == ["amy", "bob", "cy"]
    bob = nbformat.read(submitted / "bob" / ASSIGNMENT / NOTEBOOK, as_version=4)
    assert any("bag_levy" in c.source and "market shaping" in c.source for c in bob.cells)
    again = term["steps"]["collect_again"]
    assert again.code == 0 and "0 new or newer submission(s)" in again.out, again.out


def test_status_shows_late_resubmitted_and_never_submitted(term):
    out = term["steps"]["status"].out
    rows = {ln.split()[1]: ln for ln in out.splitlines()
            if ln.startswith(ASSIGNMENT) and len(ln.split()) > 2 and ln.split()[1] in
            ("amy", "bob", "cy", "dee")}
    assert rows["dee"].split()[2:] == ["never", "submitted", "-", "0"], out
    assert rows["bob"].split()[-1] == "2" and rows["bob"].split()[-2] == "-", out
    assert "late" in rows["cy"] and rows["cy"].split()[-1] == "1", out
    assert "late" not in rows["amy"], out


def test_grade_release_feedback_and_each_student_sees_only_their_own(term):
    steps = term["steps"]
    assert steps["autograde"].code == 0, steps["autograde"].err
    early = steps["release_feedback_early"]
    assert early.code == 2 and "run `pvkit feedback" in early.err, early.err
    assert steps["feedback"].code == 0, steps["feedback"].err
    step = steps["release_feedback"]
    assert step.code == 0, step.err
    assert "for 3 student(s): amy, bob, cy" in step.out
    scores = {}
    for name, home in term["homes"].items():
        files = home.fetch_feedback()
        assert [f.name for f in files] and all(f.name == "fix_or_shape.html" for f in files)
        html = files[-1].read_text(encoding="utf-8")
        assert not any(fragment in html for fragment in HIDDEN_FRAGMENTS), name
        scores[name] = html
    with Gradebook(f"sqlite:///{term['course'] / 'gradebook.db'}", "pvkit") as gb:
        own = {n: float(gb.find_submission(ASSIGNMENT, n).score) for n in term["homes"]}
    assert own["amy"] > own["bob"] > own["cy"]
    for name, html in scores.items():  # the feedback page's own total, nobody else's
        assert f"{own[name]:g} / 20" in html or f"{own[name]:.1f} / 20" in html, name
    # each home holds only feedback fetched for its own hash: nobody else's files
    for name, home in term["homes"].items():
        others = [p for p in (home.path / ASSIGNMENT).rglob("*") if
                  any(o in p.name for o in term["homes"] if o != name)]
        assert others == []


def test_lms_exports_from_the_collected_term(term, tmp_path):
    opts = term["opts"]
    roster = tmp_path / "roster.csv"
    roster.write_text("nbgrader_id,name,canvas_id,sis_user_id,sis_login_id,section,email\n"
                      "amy,Amy A,101,S1,amy1,Mon,amy@uni.example\n"
                      "bob,Bob B,102,S2,bob2,Mon,bob@uni.example\n"
                      "cy,Cy C,103,S3,cy3,Tue,cy@uni.example\n"
                      "dee,Dee D,104,S4,dee4,Tue,dee@uni.example\n", encoding="utf-8")
    with Gradebook(f"sqlite:///{term['course'] / 'gradebook.db'}", "pvkit") as gb:
        own = {n: round(float(gb.find_submission(ASSIGNMENT, n).score), 2) for n in term["homes"]}
    out = tmp_path / "canvas.csv"
    step = run_cli("export", "--format", "canvas", "--roster", str(roster), "--to", str(out), *opts)
    assert step.code == 0, step.err
    assert "warning: dee: on the roster but no submission; grade left blank" in step.out
    table = list(csv.reader(out.open(newline="", encoding="utf-8")))
    assert table[0] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", ASSIGNMENT]
    assert table[1] == ["Points Possible", "", "", "", "", "20.0"]
    assert table[2] == ["Amy A", "101", "S1", "amy1", "Mon", str(own["amy"])]
    assert table[5] == ["Dee D", "104", "S4", "dee4", "Tue", ""]
    out = tmp_path / "moodle.csv"
    step = run_cli("export", "--format", "moodle", "--roster", str(roster), "--to", str(out), *opts)
    assert step.code == 0, step.err
    table = list(csv.reader(out.open(newline="", encoding="utf-8")))
    assert table[0] == ["email", ASSIGNMENT]
    assert table[1:] == [["amy@uni.example", str(own["amy"])], ["bob@uni.example", str(own["bob"])],
                         ["cy@uni.example", str(own["cy"])], ["dee@uni.example", ""]]
    roster.write_text("nbgrader_id,email\namy,amy@uni.example\n", encoding="utf-8")
    step = run_cli("export", "--format", "moodle", "--roster", str(roster), "--to", str(out), *opts)
    assert step.code == 2 and "no roster row for bob, cy" in step.err, step.err
    step = run_cli("export", "--format", "canvas", *opts)
    assert step.code == 2 and "--roster" in step.err
