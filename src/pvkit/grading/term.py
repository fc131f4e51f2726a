"""A term of the course: nbgrader's Python API, wrapped for a whole class.

:class:`Course` builds student versions, autogrades every submission (one at a
time, so a broken one never stops the others), generates feedback, exports the
grades and summarises the state of the course. Problems a student caused are
recorded with a reason; problems the instructor must fix raise
:class:`~pvkit.grading.coursedir.GradingError`.
"""

from __future__ import annotations

import logging
import os
import sys
import time
import warnings
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
from nbformat.warnings import MissingIDFieldWarning
from nbgrader.api import Gradebook, MissingEntry
from nbgrader.apps import NbGraderAPI
from nbgrader.coursedir import CourseDirectory
from sqlalchemy.exc import SAWarning

from pvkit import variants
from pvkit.grading import submission as sub
from pvkit.grading.coursedir import GradingError, find_course_root, load_config
from pvkit.grading.preprocessors import tampering_findings
from pvkit.grading.records import FailureLog

LOG_DIR = Path(".pvkit") / "logs"
# Markers that must never reach a student: nbgrader removes what they delimit.
LEAK_MARKERS = ("BEGIN SOLUTION", "END SOLUTION", "BEGIN HIDDEN TESTS", "END HIDDEN TESTS",
                "BEGIN MARK SCHEME", "END MARK SCHEME")


def find_leaks(release: Path) -> list[str]:
    """Instructor-only markers left in the notebooks of a release folder."""
    leaks = []
    for path in sorted(Path(release).rglob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        for index, cell in enumerate(nb.cells, start=1):
            leaks += [f"{path.name} cell {index}: {m}" for m in LEAK_MARKERS if m in cell.source]
    return leaks


@dataclass
class StudentResult:
    """The outcome of one step (autograde or feedback) for one student."""

    student: str
    assignment: str
    status: str  # graded | flagged | failed | written | skipped
    score: float = 0.0
    max_score: float = 0.0
    reasons: list[str] = field(default_factory=list)
    seconds: float = 0.0
    variant: str = ""  # the per-student variant graded against, if the exercise has one

    @property
    def ok(self) -> bool:
        return self.status in ("graded", "written")


@dataclass(frozen=True)
class GradeOutcome:
    """What nbgrader made of one submission, before it is recorded in the course.

    ``zero_fill`` means nbgrader gave no grades (corrupt notebook, dead kernel):
    the course gives the never-scored cells a zero.
    """

    student: str
    assignment: str
    status: str  # graded | flagged | failed
    reasons: list[str] = field(default_factory=list)
    zero_fill: bool = False


def _flag_message(findings: list[str]) -> str:
    found = sub.shorten("tampering detected: " + "; ".join(findings))
    return found + " - flagged for instructor review"


def use_this_python_first() -> None:
    """Put this interpreter's bin folder first on PATH.

    nbgrader runs ``alembic`` (to create the gradebook) and Jupyter finds
    kernels through PATH; an instructor who calls ``.venv/bin/pvkit`` without
    activating the environment must get this environment's tools.
    """
    here = os.path.dirname(sys.executable)
    parts = os.environ.get("PATH", "").split(os.pathsep)
    if not parts or parts[0] != here:
        os.environ["PATH"] = os.pathsep.join([here, *[p for p in parts if p != here]])


@contextmanager
def quiet_warnings() -> Iterator[None]:
    """Silence two harmless warnings nbgrader triggers on every run.

    SQLAlchemy's autoflush warning when nbgrader adds a submission, and nbformat's
    missing-cell-id warning when it puts back a deleted test cell.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SAWarning)
        warnings.simplefilter("ignore", MissingIDFieldWarning)
        yield


def _quiet_nbgrader() -> None:
    """nbgrader logs through traitlets' logger; keep it for capture, off the console."""
    logger = logging.getLogger("traitlets")
    if not any(isinstance(h, logging.NullHandler) for h in logger.handlers):
        logger.addHandler(logging.NullHandler())
    logger.propagate = False


class Course:
    """An nbgrader course root, driven through nbgrader's Python API.

    Parameters
    ----------
    root : path, optional
        The course root; found from the working directory when omitted.
    timeout : int, optional
        Seconds a cell may run when autograding (overrides the config).
    """

    def __init__(self, root: str | os.PathLike[str] | None = None,
                 timeout: int | None = None,
                 exchange: str | os.PathLike[str] | None = None) -> None:
        use_this_python_first()
        _quiet_nbgrader()
        self.root = find_course_root(root)
        self.config = load_config(self.root)
        if timeout is not None:
            if timeout <= 0:
                raise GradingError(f"--timeout must be a positive number of seconds, got {timeout}")
            self.config.Execute.timeout = int(timeout)
        if exchange is not None:
            self.config.Exchange.root = str(Path(exchange).expanduser().resolve())
        self.coursedir = CourseDirectory(config=self.config)
        self.api = NbGraderAPI(coursedir=self.coursedir, config=self.config)
        self.failures = FailureLog(self.root)

    # -- lookups ------------------------------------------------------------
    def gradebook(self) -> Gradebook:
        """A gradebook connection (use as a context manager)."""
        return Gradebook(self.coursedir.db_url, self.coursedir.course_id)

    def assignments(self) -> list[str]:
        """Assignments with a source folder (e.g. ``exercises/fix_or_shape``)."""
        return sorted(self.api.get_source_assignments())

    def require_assignment(self, assignment: str) -> None:
        """Raise a readable error for an assignment that has no source."""
        known = self.assignments()
        if assignment not in known:
            listed = ", ".join(known) if known else "none"
            raise GradingError(
                f"unknown assignment {assignment!r}; assignments in this course: {listed}")

    def require_built(self, assignment: str) -> None:
        """Raise a readable error unless the assignment is in the gradebook."""
        self.require_assignment(assignment)
        with self.gradebook() as gb:
            try:
                gb.find_assignment(assignment)
            except MissingEntry:
                raise GradingError(
                    f"assignment {assignment!r} has not been built yet: "
                    f"run `pvkit build {assignment}`"
                ) from None

    def submitted_students(self, assignment: str) -> list[str]:
        """Students with a folder in ``submitted/<student>/<assignment>``."""
        return sorted(self.api.get_submitted_students(assignment))

    def _path(self, step: str, student: str, assignment: str) -> Path:
        return Path(self.coursedir.format_path(step, student, assignment))

    def _write_log(self, kind: str, assignment: str, student: str, result: dict[str, str]) -> None:
        folder = self.root / LOG_DIR / assignment
        folder.mkdir(parents=True, exist_ok=True)
        text = result.get("log", "") + ("\n" + result["error"] if result.get("error") else "")
        (folder / f"{kind}-{student}.log").write_text(text, encoding="utf-8")

    # -- build ----------------------------------------------------------------
    def build(self, assignment: str) -> Path:
        """Generate the student version into ``release/`` and register it.

        Returns
        -------
        pathlib.Path
            The release folder of the assignment.
        """
        self.require_assignment(assignment)
        with quiet_warnings():
            result = self.api.generate_assignment(assignment, force=True, create=True)
        self._write_log("build", assignment, "instructor", result)
        if not result["success"]:
            raise GradingError(f"could not build {assignment!r}: {sub.failure_reason(result)}",
                               exit_code=1)
        release = self._path(self.coursedir.release_directory, ".", assignment)
        leaks = find_leaks(release)
        if leaks:
            raise GradingError(f"the student version of {assignment!r} leaks: {'; '.join(leaks)}",
                               exit_code=1)
        variants.prepare_release(self.root, assignment, release)  # per-student numbers' key
        return release

    # -- the exchange (JupyterHub hand-out and hand-in) ---------------------------
    @property
    def exchange_root(self) -> Path:
        """The nbgrader exchange folder (``Exchange.root``) this course uses."""
        return Path(self.api.exchange.ReleaseAssignment(
            coursedir=self.coursedir, config=self.config).root)

    def _exchange_step(self, name: str, assignment: str, result: dict[str, str]) -> str:
        self._write_log(name, assignment, "instructor", result)
        if not result or not result["success"]:
            raise GradingError(f"could not {name.replace('_', ' ')} {assignment!r}: "
                               f"{sub.failure_reason(result or {})}", exit_code=1)
        return result.get("log", "")

    def release(self, assignment: str) -> Path:
        """Copy the built student version into the exchange (nbgrader release_assignment).

        Releasing again replaces the released copy. Returns the exchange's
        ``outbound/<assignment>`` folder students fetch from.
        """
        self.require_built(assignment)
        root = self.exchange_root
        if not root.is_dir():
            raise GradingError(f"the nbgrader exchange {root} does not exist: create it "
                               "(mode 1777) or pass --exchange PATH / set PVKIT_EXCHANGE")
        with quiet_warnings():
            self.api.unrelease(assignment)  # nbgrader refuses to overwrite a release
            result = self.api.release_assignment(assignment)
        self._exchange_step("release", assignment, result)
        return root / self.coursedir.course_id / "outbound" / assignment

    def collect(self, assignment: str) -> list[str]:
        """Collect the latest submission of every student (nbgrader collect --update).

        Returns the students whose submission was new or newer than the one already
        collected; the gradebook gets every submitter as a student.
        """
        self.require_built(assignment)
        with quiet_warnings():
            result = self.api.collect(assignment, update=True)
        log = self._exchange_step("collect", assignment, result)
        collected = []
        for line in log.splitlines():
            for marker in ("Collecting submission: ", "Updating submission: "):
                if marker in line:
                    collected.append(line.split(marker, 1)[1].split()[0])
        with quiet_warnings(), self.gradebook() as gb:
            for student in self.submitted_students(assignment):
                gb.update_or_create_student(student)
        return sorted(collected)

    def release_feedback(self, assignment: str) -> list[str]:
        """Put generated feedback in the exchange, each student's under their own hash.

        Returns the students whose feedback was released.
        """
        self.require_built(assignment)
        pattern = self._path(self.coursedir.feedback_directory, "*", assignment)
        students = sorted(p.parent.name for p in pattern.parent.parent.glob(
            f"*/{assignment}") if any(p.glob("*.html")))
        if not students:
            raise GradingError(f"no feedback for {assignment!r} yet: run "
                               f"`pvkit feedback {assignment}` first")
        with quiet_warnings(), warnings.catch_warnings():
            # nbgrader 0.9 misspells a keyword it passes ("authentictor"): harmless
            warnings.filterwarnings("ignore", message=".*authentictor", category=DeprecationWarning)
            result = self.api.release_feedback(assignment)
        self._exchange_step("release_feedback", assignment, result)
        return students

    def submission_times(self, assignment: str) -> dict[str, dict[str, object]]:
        """Per collected student: timestamp, seconds late and submissions in the exchange."""
        inbound = self.exchange_root / self.coursedir.course_id / "inbound"
        counts: dict[str, int] = {}
        for path in inbound.glob(f"*+{assignment}+*") if inbound.is_dir() else []:
            student = path.name.rsplit("+", 3)[0]
            counts[student] = counts.get(student, 0) + 1
        times: dict[str, dict[str, object]] = {}
        with self.gradebook() as gb:
            try:
                duedate = gb.find_assignment(assignment).duedate
            except MissingEntry:
                duedate = None
        for student in self.submitted_students(assignment):
            stamp = self.coursedir.get_existing_timestamp(
                str(self._path(self.coursedir.submitted_directory, student, assignment)))
            late = 0.0
            if stamp is not None and duedate is not None:
                late = max(0.0, (stamp - duedate).total_seconds())
            times[student] = {"timestamp": stamp, "seconds_late": late,
                              "submissions": counts.get(student, 1)}
        return times

    # -- autograde --------------------------------------------------------------
    def autograde(self, assignment: str, students: Iterable[str] | None = None,
                  progress: Callable[[int, int, StudentResult], None] | None = None,
                  jobs: int = 1) -> list[StudentResult]:
        """Autograde submissions, one at a time or in ``jobs`` worker processes.

        Parameters
        ----------
        assignment : str
            The assignment id.
        students : iterable of str, optional
            Only these students; every submitted student when omitted.
        progress : callable, optional
            Called as ``progress(i, n, result)`` after each student.
        jobs : int, optional
            Worker processes grading at once (see :mod:`pvkit.grading.parallel`);
            1, the default, grades in this process. Results come back in the
            order of ``students`` whatever the order they finished in.
        """
        if isinstance(jobs, bool) or not isinstance(jobs, int) or jobs < 1:
            raise GradingError(f"jobs must be a whole number of worker processes, at least 1; "
                               f"got {jobs!r}")
        self.require_built(assignment)
        submitted = self.submitted_students(assignment)
        chosen = list(students) if students else submitted
        unknown = sorted(set(chosen) - set(submitted))
        if unknown:
            raise GradingError(
                f"no submission of {assignment!r} from {', '.join(unknown)} "
                f"(looked in {self._path(self.coursedir.submitted_directory, '*', assignment)})"
            )
        if jobs > 1 and len(chosen) > 1:
            from pvkit.grading.parallel import autograde_in_workers

            return autograde_in_workers(self, assignment, chosen, jobs, progress)
        results = []
        for i, student in enumerate(chosen, start=1):
            start = time.perf_counter()
            result = self._autograde_one(assignment, student)
            result.seconds = time.perf_counter() - start
            results.append(result)
            if progress is not None:
                progress(i, len(chosen), result)
        return results

    def _notebook_names(self, assignment: str) -> list[str]:
        with self.gradebook() as gb:
            return sorted(nb.name for nb in gb.find_assignment(assignment).notebooks)

    def _release_notebook(self, assignment: str, name: str) -> nbformat.NotebookNode | None:
        path = self._path(self.coursedir.release_directory, ".", assignment) / f"{name}.ipynb"
        return nbformat.read(path, as_version=4) if path.is_file() else None

    def _autograde_one(self, assignment: str, student: str) -> StudentResult:
        return self.settle(self.grade_submission(assignment, student))

    def grade_submission(self, assignment: str, student: str) -> GradeOutcome:
        """Run nbgrader on one submission, writing only what nbgrader itself writes.

        It records nothing in ``failures.json`` and gives no zeros, so a worker
        process can run it against its own copy of the gradebook; :meth:`settle`
        does the rest in the course. The kernel learns the student's id (for
        per-student variants) from the environment, see :mod:`pvkit.variants`.
        """
        folder = self._path(self.coursedir.submitted_directory, student, assignment)
        notes: list[str] = []
        corrupt: list[str] = []
        flags: list[str] = []
        for name in self._notebook_names(assignment):
            path = folder / f"{name}.ipynb"
            if not path.exists():
                notes.append(f"{name}.ipynb was not submitted (scored zero)")
                continue
            try:
                nb = sub.read_submission(path)
            except sub.CorruptSubmission as exc:
                corrupt.append(str(exc))
                continue
            release = self._release_notebook(assignment, name)
            if release is not None:
                notes += sub.integrity_notes(nb, release)
            flags += tampering_findings(nb)
        if corrupt:
            return GradeOutcome(student, assignment, "failed", corrupt + notes, zero_fill=True)

        with quiet_warnings(), variants.grading_env(self.root, student):
            result = self.api.autograde(assignment, student, force=True, create=True)
        self._write_log("autograde", assignment, student, result)
        if not result["success"]:
            # Broken kernels are often the work of tampering: say so when it is.
            reasons = [sub.failure_reason(result)] + notes
            if flags:
                reasons.insert(0, _flag_message(flags))
            return GradeOutcome(student, assignment, "flagged" if flags else "failed", reasons,
                                zero_fill=True)

        reasons, flags = list(notes), []
        autograded = self._path(self.coursedir.autograded_directory, student, assignment)
        for path in sorted(autograded.glob("*.ipynb")):
            nb = nbformat.read(path, as_version=4)
            flags += sub.tampering(nb)
            reasons += sub.cell_errors(nb)
        if flags:
            return GradeOutcome(student, assignment, "flagged", [_flag_message(flags)] + reasons)
        return GradeOutcome(student, assignment, "graded", reasons)

    def settle(self, outcome: GradeOutcome) -> StudentResult:
        """Record one graded submission in the course: zeros, ``failures.json``, variant, score."""
        assignment, student = outcome.assignment, outcome.student
        given = variants.record_variant(
            self.root, assignment, student,
            self._path(self.coursedir.release_directory, ".", assignment))
        if outcome.zero_fill:
            result = self._record_failure(assignment, student, list(outcome.reasons),
                                          outcome.status)
        else:
            if outcome.status == "flagged":
                self.failures.record(assignment, student, "flagged", list(outcome.reasons))
            else:
                self.failures.clear(assignment, student)
            score, max_score = self._score(assignment, student)
            result = StudentResult(student, assignment, outcome.status, score, max_score,
                                   list(outcome.reasons))
        result.variant = given
        return result

    def _record_failure(self, assignment: str, student: str, reasons: list[str],
                        status: str = "failed") -> StudentResult:
        """Give a submission nbgrader could not autograde a gradebook entry and a reason."""
        with quiet_warnings(), self.gradebook() as gb:
            gb.update_or_create_student(student)
            submission = gb.update_or_create_submission(assignment, student)
            for notebook in submission.notebooks:
                for grade in notebook.grades:
                    # Only never-scored code cells get their zero; earlier or manual
                    # scores stay, so a re-run never loses what the gradebook had.
                    if grade.cell_type == "code" and grade.auto_score is None \
                            and grade.manual_score is None:
                        grade.auto_score = 0.0
                        grade.needs_manual_grade = False
            gb.db.commit()
        self.failures.record(assignment, student, status, reasons)
        score, max_score = self._score(assignment, student)
        return StudentResult(student, assignment, status, score, max_score, reasons)

    def _score(self, assignment: str, student: str) -> tuple[float, float]:
        with self.gradebook() as gb:
            found = gb.find_submission(assignment, student)
            penalty = found.late_submission_penalty or 0.0
            return float(found.score - penalty), float(found.max_score)

    # -- feedback ---------------------------------------------------------------
    def feedback(self, assignment: str,
                 progress: Callable[[int, int, StudentResult], None] | None = None
                 ) -> list[StudentResult]:
        """Generate HTML feedback for every student with a gradebook entry."""
        self.require_built(assignment)
        with self.gradebook() as gb:
            students = sorted(s.student.id for s in gb.find_assignment(assignment).submissions)
        results = []
        for i, student in enumerate(students, start=1):
            results.append(self._feedback_one(assignment, student))
            if progress is not None:
                progress(i, len(students), results[-1])
        return results

    def _feedback_one(self, assignment: str, student: str) -> StudentResult:
        score, max_score = self._score(assignment, student)
        if not self._path(self.coursedir.autograded_directory, student, assignment).is_dir():
            problem = self.failures.get(assignment, student)
            why = problem.reasons[0] if problem and problem.reasons else "not autograded"
            return StudentResult(student, assignment, "skipped", score, max_score,
                                 [f"no feedback: {why}"])
        with quiet_warnings():
            result = self.api.generate_feedback(assignment, student, force=True)
        self._write_log("feedback", assignment, student, result)
        if not result["success"]:
            return StudentResult(student, assignment, "failed", score, max_score,
                                 [sub.failure_reason(result)])
        return StudentResult(student, assignment, "written", score, max_score)

    def feedback_path(self, assignment: str, student: str) -> Path:
        """Folder of one student's feedback HTML files."""
        return self._path(self.coursedir.feedback_directory, student, assignment)
