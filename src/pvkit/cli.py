"""``pvkit``: the instructor's command for a whole term of the course.

::

    pvkit build fix_or_shape                 # student version into course/release/
    pvkit autograde fix_or_shape [--student ID ...] [--timeout S] [--jobs N]
    pvkit feedback fix_or_shape              # HTML feedback into course/feedback/
    pvkit export [--to grades.csv]           # one row per student x assignment
    pvkit status                             # assignments, submissions, scores, problems
    pvkit report fix_or_shape                # one HTML page: charts, hardest questions, ...
    pvkit release fix_or_shape               # hand out through nbgrader's exchange
    pvkit collect fix_or_shape               # latest submission of every student
    pvkit release-feedback fix_or_shape      # students fetch it in the Assignments tab

The exchange folder is the course config's ``Exchange.root`` (``/srv/nbgrader/exchange``,
or ``$PVKIT_EXCHANGE``), or ``--exchange PATH``.

The course (``course/``) is found from the working directory, or given with
``--course PATH``. Exit codes: 0 when every step ran (a student scoring zero, or
a submission recorded as failed, is a result, not an error); 1 when a step
could not run; 2 for a wrong request (unknown assignment, no course, ...).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from pvkit.grading import html_report, lms, report
from pvkit.grading.coursedir import GradingError
from pvkit.grading.parallel import default_jobs
from pvkit.grading.progress import Bar
from pvkit.grading.records import VariantLog
from pvkit.grading.term import Course, StudentResult


def _progress(i: int, n: int, result: StudentResult) -> None:
    line = f"[{i}/{n}] {result.student} ... "
    if result.status == "failed":
        line += f"FAILED: {result.reasons[0] if result.reasons else 'see the log'}"
    elif result.status == "skipped":
        line += result.reasons[0] if result.reasons else "skipped"
    else:
        line += f"{result.score:g}/{result.max_score:g}"
        if result.status == "flagged":
            line += "  FLAGGED for review"
    if result.seconds:
        line += f"  ({result.seconds:.1f} s)"
    print(line, flush=True)


def _jobs(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of processes") from None
    if value < 1:
        raise argparse.ArgumentTypeError("--jobs must be at least 1")
    return value


def _timeout(text: str) -> int:
    try:
        value = int(float(text))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds") from None
    if value <= 0:
        raise argparse.ArgumentTypeError("the timeout must be a positive number of seconds")
    return value


EPILOG = """examples:
  pvkit build fix_or_shape
  pvkit autograde fix_or_shape --timeout 60
  pvkit autograde fix_or_shape --student alice bob
  pvkit autograde fix_or_shape --jobs 4     # four submissions at a time
  pvkit feedback fix_or_shape
  pvkit export --to grades.csv
  pvkit status

exit codes: 0 every step ran (students scoring zero or recorded as failed included);
1 a step could not run; 2 a wrong request (no course, unknown assignment, ...)."""


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (exposed for documentation and tests)."""
    parser = argparse.ArgumentParser(
        prog="pvkit", description="Run the pvkit course with nbgrader: build, autograde, "
        "feedback, export and status for a whole class.",
        epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    course = argparse.ArgumentParser(add_help=False)
    course.add_argument("--course", metavar="PATH", default=argparse.SUPPRESS,
                        help="the course root (holding nbgrader_config.py) or a folder "
                             "containing course/; default: found from the working directory")
    course.add_argument("--exchange", metavar="PATH", default=argparse.SUPPRESS,
                        help="the nbgrader exchange folder; default: the course config "
                             "(/srv/nbgrader/exchange or $PVKIT_EXCHANGE)")
    parser.add_argument("--course", metavar="PATH", default=None, help=argparse.SUPPRESS)
    parser.add_argument("--exchange", metavar="PATH", default=None, help=argparse.SUPPRESS)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    p = sub.add_parser("build", parents=[course],
                       help="generate the student version of an assignment")
    p.add_argument("assignment", help="assignment id, e.g. fix_or_shape")

    p = sub.add_parser("autograde", parents=[course],
                       help="autograde every submission of an assignment")
    p.add_argument("assignment", help="assignment id, e.g. fix_or_shape")
    p.add_argument("--student", nargs="+", metavar="ID", help="only these students")
    p.add_argument("--timeout", type=_timeout, metavar="S",
                   help="seconds one cell may run (default: the course config, 30)")
    p.add_argument("--jobs", type=_jobs, metavar="N", default=None,
                   help="submissions graded at once, each in its own process with its own "
                        "gradebook copy merged into the course's after each student "
                        "(default: the machine's cores)")

    p = sub.add_parser("feedback", parents=[course],
                       help="generate HTML feedback for an assignment")
    p.add_argument("assignment", help="assignment id, e.g. fix_or_shape")

    p = sub.add_parser("export", parents=[course], help="write grades as CSV for an LMS")
    p.add_argument("--to", metavar="CSV", help="output file (default: <course>/grades.csv, "
                   "or grades-canvas.csv / grades-moodle.csv)")
    p.add_argument("--format", choices=("csv", "canvas", "moodle"), default="csv",
                   help="plain CSV (default), Canvas gradebook import or Moodle grade import")
    p.add_argument("--roster", metavar="CSV", help="maps nbgrader ids to LMS identities "
                   "(needed for canvas/moodle; columns nbgrader_id, name, canvas_id, "
                   "sis_user_id, sis_login_id, section, email, username, idnumber)")
    p.add_argument("--moodle-id", choices=lms.MOODLE_IDS, default="email",
                   help="the roster column Moodle matches users by (default: email)")

    sub.add_parser("status", parents=[course], help="assignments, submissions, scores and problems")

    p = sub.add_parser("report", parents=[course],
                       help="write an HTML page on how the class did (charts, hardest "
                            "questions, failures, late submissions)")
    p.add_argument("assignment", help="assignment id, e.g. fix_or_shape")
    p.add_argument("--to", metavar="HTML", help="output file (default: "
                   "<course>/reports/<assignment>.html)")

    sub.add_parser("prepare", help="prepare this install for fast kernels: write the offline "
                   "chart bundle once (make setup and Binder's postBuild run it)")

    for name, text in (("release", "hand out the built student version through the exchange"),
                       ("collect", "collect the latest submission of every student"),
                       ("release-feedback", "hand generated feedback back through the exchange")):
        p = sub.add_parser(name, parents=[course], help=text)
        p.add_argument("assignment", help="assignment id, e.g. fix_or_shape")
    return parser


def _prepare() -> int:
    from pvkit.widgets.helpers import prepare_offline_bundle

    path = prepare_offline_bundle()
    if not path.is_file():
        print(f"pvkit: error: could not write the offline chart bundle to {path}", file=sys.stderr)
        return 1
    print(f"Offline chart bundle: {path}")
    return 0


def _build(course: Course, args: argparse.Namespace) -> int:
    release = course.build(args.assignment)
    notebooks = sorted(p.name for p in release.glob("*.ipynb"))
    print(f"Built {args.assignment}: {len(notebooks)} notebook(s) in {release}")
    for name in notebooks:
        print(f"  {name}")
    return 0


def _autograde(course: Course, args: argparse.Namespace) -> int:
    students = args.student or course.submitted_students(args.assignment)
    jobs = min(args.jobs or default_jobs(), max(1, len(students)))
    print(f"Autograding {args.assignment}: {len(students)} submission(s) "
          f"(cell timeout {course.config.Execute.timeout} s, {jobs} at a time)", flush=True)
    bar = Bar(max(1, len(students)))

    def show(i: int, n: int, result: StudentResult) -> None:
        bar.clear()
        _progress(i, n, result)
        bar.show(i)

    results = course.autograde(args.assignment, args.student, progress=show, jobs=jobs)
    print()
    rows = report.summary_rows(results)
    columns = ["student", "status", "score", "reason"]
    if any(r.variant for r in results):
        for row, result in zip(rows, results, strict=True):
            row["variant"] = result.variant
        columns.append("variant")
    print(report.format_table(rows, columns))
    graded = sum(r.status == "graded" for r in results)
    flagged = sum(r.status == "flagged" for r in results)
    failed = sum(r.status == "failed" for r in results)
    print(f"\n{graded} graded, {flagged} flagged for review, {failed} could not be autograded "
          f"(recorded with a zero; see {course.root / '.pvkit' / 'failures.json'})")
    return 0


def _feedback(course: Course, args: argparse.Namespace) -> int:
    results = course.feedback(args.assignment, progress=_progress)
    written = sum(r.ok for r in results)
    print(f"\nFeedback written for {written} of {len(results)} student(s) in "
          f"{course.root / course.coursedir.feedback_directory}")
    failed = [r for r in results if r.status == "failed"]
    return 1 if failed else 0


def _export(course: Course, args: argparse.Namespace) -> int:
    rows = report.grade_rows(course)
    if args.format != "csv":
        if not args.roster:
            raise GradingError(f"--format {args.format} needs --roster CSV (nbgrader ids "
                               "to LMS identities)")
        table, warnings = lms.lms_table(rows, lms.read_roster(args.roster), args.format,
                                        args.moodle_id)
        target = Path(args.to) if args.to else course.root / f"grades-{args.format}.csv"
        lms.write_table(table, target)
        for line in warnings:
            print(f"warning: {line}")
        print(f"Wrote {len(table) - (2 if args.format == 'canvas' else 1)} student row(s) "
              f"for {args.format} to {target}")
        return 0
    target = Path(args.to) if args.to else course.root / "grades.csv"
    report.write_grades_csv(rows, target)
    print(report.format_table(rows, report.GRADE_COLUMNS))
    print(f"\nWrote {len(rows)} row(s) to {target}")
    return 0


def _status(course: Course, args: argparse.Namespace) -> int:
    print(report.format_table(report.status_rows(course), report.STATUS_COLUMNS))
    questions = report.question_rows(course)
    if questions:
        print("\nWhere the class struggled (questions, hardest first):")
        print(report.format_table(questions, report.QUESTION_COLUMNS))
    submissions = report.submission_rows(course)
    if submissions:
        print("\nSubmissions (the latest counts; late as against the gradebook's due date):")
        print(report.format_table(submissions, report.SUBMISSION_COLUMNS))
    given = VariantLog(course.root).rows()
    if given:
        print("\nPer-student variants (the numbers each student was graded on):")
        print(report.format_table(given, ["assignment", "student", "variant"]))
    problems = course.failures.problems()
    if problems:
        print("\nProblems:")
        rows = [{"assignment": p.assignment, "student": p.student, "status": p.status,
                 "reason": p.reasons[0] if p.reasons else ""} for p in problems]
        print(report.format_table(rows, ["assignment", "student", "status", "reason"]))
    links = html_report.report_links(course)
    if links:
        print("\nReports (`pvkit report A` writes or refreshes one):")
        print(report.format_table(links, ["assignment", "written", "report"]))
    return 0


def _report(course: Course, args: argparse.Namespace) -> int:
    path = html_report.write_report(course, args.assignment, args.to)
    print(f"Wrote the report of {args.assignment} to {path}")
    print(f"  open {path.resolve().as_uri()}")
    return 0


def _release(course: Course, args: argparse.Namespace) -> int:
    outbound = course.release(args.assignment)
    print(f"Released {args.assignment} to {outbound}: students fetch it from the "
          "Assignments tab")
    return 0


def _collect(course: Course, args: argparse.Namespace) -> int:
    new = course.collect(args.assignment)
    times = course.submission_times(args.assignment)
    print(f"Collected {args.assignment}: {len(new)} new or newer submission(s), "
          f"{len(times)} student(s) in {course.root / course.coursedir.submitted_directory}")
    for student in new:
        print(f"  {student}")
    return 0


def _release_feedback(course: Course, args: argparse.Namespace) -> int:
    students = course.release_feedback(args.assignment)
    print(f"Released feedback of {args.assignment} for {len(students)} student(s): "
          + ", ".join(students))
    return 0


COMMANDS = {"release": _release, "collect": _collect, "release-feedback": _release_feedback,
            "build": _build, "autograde": _autograde, "feedback": _feedback,
            "export": _export, "status": _status, "report": _report}


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``pvkit`` command; returns the exit code."""
    args = build_parser().parse_args(argv)
    if args.command == "prepare":
        return _prepare()
    try:
        course = Course(args.course, timeout=getattr(args, "timeout", None),
                        exchange=args.exchange)
        return COMMANDS[args.command](course, args)
    except GradingError as exc:
        print(f"pvkit: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("pvkit: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # output piped into `head` and the like
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - silences the exit-time flush
        return 0


if __name__ == "__main__":
    raise SystemExit(main())
