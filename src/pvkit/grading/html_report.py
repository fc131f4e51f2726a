"""``pvkit report A``: one self-contained HTML page on how a class did on an assignment.

The page holds the score distribution, each question's difficulty (mean score and
the share of students with full marks), the submissions that failed or were flagged
with their reasons, the late submissions, the students who never submitted and, for
an exercise with per-student variants, the numbers each student was graded on. Its
charts are SVG drawn at build time by Vega (vl-convert's bundled copy), each with the
same numbers as a table beside it; the page loads nothing from anywhere, so it can be
opened from disk, mailed or archived.

It is for the instructor only: it names students. It is written to
``<course>/reports/<assignment>.html``.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import nbformat

from pvkit.grading.preprocessors import part_names
from pvkit.grading.records import VariantLog
from pvkit.grading.report import _late_text

if TYPE_CHECKING:
    from pvkit.grading.term import Course

REPORT_DIR = "reports"
BAR_COLOUR = "#2c5d8f"  # 7.1:1 against white


@dataclass
class ReportData:
    """The numbers one report shows (gathered by :func:`report_data`)."""

    assignment: str
    max_score: float
    scores: dict[str, float] = field(default_factory=dict)  # student -> final score
    never: list[str] = field(default_factory=list)  # enrolled, never submitted
    questions: list[dict[str, Any]] = field(default_factory=list)
    problems: list[dict[str, str]] = field(default_factory=list)
    late: list[dict[str, str]] = field(default_factory=list)
    generated: str = ""
    variants: dict[str, str] = field(default_factory=dict)  # student -> their numbers


def report_path(course: Course, assignment: str) -> Path:
    """Where the report of ``assignment`` is written: ``<course>/reports/<assignment>.html``."""
    if not isinstance(assignment, str) or not assignment:
        raise ValueError(f"assignment must be a non-empty assignment id, got {assignment!r}")
    return Path(course.root) / REPORT_DIR / f"{assignment}.html"


def _labels(course: Course, assignment: str) -> dict[str, str]:
    source = Path(course.coursedir.format_path(course.coursedir.source_directory, ".",
                                               assignment))
    labels: dict[str, str] = {}
    for path in sorted(source.glob("*.ipynb")):
        try:
            labels.update(part_names(nbformat.read(path, as_version=4)))
        except (OSError, ValueError):
            continue  # an unreadable source only costs the part names
    return labels


def report_data(course: Course, assignment: str) -> ReportData:
    """Gather scores, question difficulty, problems and lateness from the gradebook.

    A question's score is the manual score where the instructor gave one, else the
    autograder's; questions nobody was graded on yet are left out.
    """
    course.require_built(assignment)
    labels = _labels(course, assignment)
    scores: dict[str, float] = {}
    per_question: dict[str, list[float]] = {}
    maxima: dict[str, float] = {}
    with course.gradebook() as gb:
        found = gb.find_assignment(assignment)
        max_score = float(found.max_score)
        enrolled = sorted(s.id for s in gb.students)
        for submission in found.submissions:
            penalty = submission.late_submission_penalty or 0.0
            scores[submission.student.id] = round(float(submission.score) - penalty, 2)
            for notebook in submission.notebooks:
                for grade in notebook.grades:
                    got = grade.auto_score if grade.manual_score is None else grade.manual_score
                    maxima[grade.name] = float(grade.max_score)
                    if got is not None:
                        per_question.setdefault(grade.name, []).append(float(got))
    questions = []
    for name, got in per_question.items():
        top = maxima[name]
        mean = sum(got) / len(got)
        questions.append({
            "question": labels.get(name, name), "grade_id": name, "graded": len(got),
            "mean": round(mean, 2), "max": top,
            "mean_share": mean / top if top else 1.0,
            "full_share": sum(g >= top for g in got) / len(got),
        })
    questions.sort(key=lambda q: (q["mean_share"], q["question"]))
    problems = [{"student": p.student, "status": p.status,
                 "reasons": "; ".join(p.reasons) or "(no reason recorded)"}
                for p in course.failures.problems(assignment)]
    late = []
    for student, info in sorted(course.submission_times(assignment).items()):
        seconds = float(info["seconds_late"])  # type: ignore[arg-type]
        if seconds > 0:
            stamp = info["timestamp"]
            late.append({"student": student, "late": _late_text(seconds),
                         "submitted": stamp.strftime("%Y-%m-%d %H:%M UTC") if stamp else "?",
                         "submissions": str(info["submissions"])})
    given = {r["student"]: r["variant"] for r in VariantLog(Path(course.root)).rows(assignment)}
    return ReportData(assignment, max_score, scores,
                      sorted(set(enrolled) - set(scores)), questions, problems, late,
                      datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"), given)


# -- charts -------------------------------------------------------------------------
def _svg(spec: dict[str, Any]) -> str:
    import vl_convert
    from altair.utils._importers import vl_version_for_vl_convert

    return vl_convert.vegalite_to_svg(spec, vl_version=vl_version_for_vl_convert())


def distribution_chart(data: ReportData) -> str:
    """The score distribution as SVG: students per tenth of the maximum score."""
    import altair as alt
    import pandas as pd

    top = data.max_score or 1.0
    percent = [min(100.0, 100.0 * s / top) for s in data.scores.values()]
    tallest = max((sum(10 * k <= p < 10 * (k + 1) or (k == 9 and p == 100) for p in percent)
                   for k in range(10)), default=1)
    # whole students on the axis: 0, 1, 2... for a small class, Vega's own ticks otherwise
    ticks = alt.Axis(values=list(range(tallest + 1))) if tallest <= 10 else \
        alt.Axis(format="d", tickMinStep=1)
    frame = pd.DataFrame({"percent": percent})
    chart = alt.Chart(frame).mark_bar(color=BAR_COLOUR).encode(
        x=alt.X("percent:Q", bin=alt.Bin(extent=[0, 100], step=10),
                title="score (% of the maximum)"),
        y=alt.Y("count():Q", title="students", axis=ticks),
    ).properties(width=420, height=200)
    return _svg(chart.to_dict())


def difficulty_chart(data: ReportData) -> str:
    """Each question's mean score as a share of its points, hardest first, as SVG."""
    import altair as alt
    import pandas as pd

    frame = pd.DataFrame({"question": [q["question"] for q in data.questions],
                          "mean": [round(100 * q["mean_share"], 1) for q in data.questions]})
    chart = alt.Chart(frame).mark_bar(color=BAR_COLOUR).encode(
        x=alt.X("mean:Q", scale=alt.Scale(domain=[0, 100]), title="mean score (% of points)"),
        y=alt.Y("question:N", sort=None, title=None, axis=alt.Axis(labelLimit=360)),
    ).properties(width=320, height=max(60, 24 * len(frame)),
                 padding={"left": 40, "right": 10, "top": 5, "bottom": 5})  # label widths vary
    return _svg(chart.to_dict())


# -- the page -------------------------------------------------------------------------
def _esc(value: object) -> str:
    return html.escape(str(value))


def _table(caption: str, columns: list[str], rows: list[list[object]], numeric: set[int]
           ) -> str:
    head = "".join(f'<th scope="col"{" class=num" if i in numeric else ""}>{_esc(c)}</th>'
                   for i, c in enumerate(columns))
    body = "".join(
        "<tr>" + "".join(f'<td{" class=num" if i in numeric else ""}>{_esc(v)}</td>'
                         for i, v in enumerate(row)) + "</tr>" for row in rows)
    return (f"<table><caption>{_esc(caption)}</caption><thead><tr>{head}</tr></thead>"
            f"<tbody>{body}</tbody></table>")


def _figure(svg: str, label: str) -> str:
    # the chart's name is on its wrapper; the SVG's own text would be read piecemeal
    hidden = svg.replace("<svg ", '<svg aria-hidden="true" focusable="false" ', 1)
    return (f'<figure><div class="chart" role="img" aria-label="{_esc(label)}">{hidden}'
            f"</div><figcaption>{_esc(label)}</figcaption></figure>")


STYLE = """
body { font-family: system-ui, sans-serif; color: #1a1a1a; background: #fff; margin: 0;
       line-height: 1.45; }
main { max-width: 960px; margin: 0 auto; padding: 1em 1.5em 3em; }
h1 { font-size: 1.7em; } h2 { font-size: 1.3em; margin-top: 1.8em; }
table { border-collapse: collapse; margin: 0.6em 0 1.2em; min-width: 50%; }
caption { text-align: left; font-weight: bold; padding-bottom: 0.3em; }
th, td { border: 1px solid #999; padding: 0.3em 0.6em; text-align: left; vertical-align: top; }
thead { background: #eef2f6; }
.num { text-align: right; white-space: nowrap; }
figure { margin: 0.6em 0; } figcaption { color: #333; font-size: 0.9em; }
.facts { display: flex; flex-wrap: wrap; gap: 0.5em 2em; padding: 0; list-style: none; }
.facts strong { font-size: 1.3em; }
.flagged { color: #8a0010; }
"""


def render_report(data: ReportData) -> str:
    """The report page as one HTML string (no external resources).

    >>> page = render_report(ReportData("demo", 10.0, {"amy": 7.0, "bo": 10.0}))
    >>> "Score distribution" in page and "<script" not in page
    True
    >>> with_variants = ReportData("demo", 1.0, variants={"amy": "seed=7"})
    >>> "Per-student variants" in render_report(with_variants)
    True
    """
    if not isinstance(data, ReportData):
        raise TypeError(f"data must be a ReportData, got {type(data).__name__}")
    scores = sorted(data.scores.values())
    top = data.max_score
    mean = sum(scores) / len(scores) if scores else 0.0
    median = (scores[(len(scores) - 1) // 2] + scores[len(scores) // 2]) / 2 if scores else 0.0
    parts = [f"<h1>{_esc(data.assignment)}: how the class did</h1>",
             f"<p>From the gradebook, {_esc(data.generated)}. Scores include manual grades "
             "entered so far and any late penalty. For the instructor: this page names "
             "students.</p>",
             '<ul class="facts">'
             f"<li><strong>{len(scores)}</strong> graded</li>"
             f"<li><strong>{len(data.never)}</strong> never submitted</li>"
             f"<li>mean <strong>{mean:.1f}</strong> / {top:g}</li>"
             f"<li>median <strong>{median:.1f}</strong> / {top:g}</li>"
             f"<li><strong>{len(data.problems)}</strong> failed or flagged</li>"
             f"<li><strong>{len(data.late)}</strong> late</li></ul>"]

    parts.append("<h2>Score distribution</h2>")
    if scores:
        label = (f"Bar chart: students per tenth of the maximum score ({top:g} points); "
                 "the table below gives each student's score.")
        parts.append(_figure(distribution_chart(data), label))
        parts.append(_table("Each student's score", ["student", "score", "% of maximum"],
                            [[s, f"{v:g} / {top:g}", f"{100 * v / top:.0f}%" if top else "-"]
                             for s, v in sorted(data.scores.items())], {1, 2}))
    else:
        parts.append("<p>No submission has been graded yet.</p>")
    if data.never:
        parts.append(f"<p>Never submitted: {_esc(', '.join(data.never))}.</p>")

    parts.append("<h2>Question difficulty (hardest first)</h2>")
    if data.questions:
        parts.append(_figure(difficulty_chart(data),
                             "Bar chart: each question's mean score as a percentage of its "
                             "points, hardest first; the table below gives the numbers."))
        parts.append(_table("Mean score and share of students with full marks, per question",
                            ["question", "graded", "mean", "points", "full marks"],
                            [[q["question"], q["graded"], f"{q['mean']:g}", f"{q['max']:g}",
                              f"{100 * q['full_share']:.0f}%"] for q in data.questions],
                            {1, 2, 3, 4}))
    else:
        parts.append("<p>No question has been graded yet.</p>")

    parts.append("<h2>Failures and flags</h2>")
    if data.problems:
        parts.append(_table("Submissions that could not be autograded (failed, scored zero) "
                            "or were flagged for review (tampering), with the reasons",
                            ["student", "status", "reasons"],
                            [[p["student"], p["status"], p["reasons"]] for p in data.problems],
                            set()))
    else:
        parts.append("<p>None: every submission was autograded cleanly.</p>")

    parts.append("<h2>Late submissions</h2>")
    if data.late:
        parts.append(_table("Submissions after the due date set in the gradebook (the "
                            "latest submission counts)",
                            ["student", "late by", "submitted", "submissions"],
                            [[r["student"], r["late"], r["submitted"], r["submissions"]]
                             for r in data.late], {3}))
    else:
        parts.append("<p>None (or no due date set in the gradebook).</p>")

    if data.variants:
        parts.append("<h2>Per-student variants</h2>")
        parts.append(_table("The numbers each student was graded on (their own variant of "
                            "the exercise)", ["student", "variant"],
                            [[s, v] for s, v in sorted(data.variants.items())], set()))

    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            f"<title>{_esc(data.assignment)}: class report (pvkit)</title>"
            f"<style>{STYLE}</style></head><body><main>{''.join(parts)}</main></body></html>\n")


def write_report(course: Course, assignment: str, path: str | Path | None = None) -> Path:
    """Write the report of ``assignment`` (default :func:`report_path`); returns the path."""
    target = Path(path) if path is not None else report_path(course, assignment)
    page = render_report(report_data(course, assignment))
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(page, encoding="utf-8")
    return target


def report_links(course: Course) -> list[dict[str, str]]:
    """For ``pvkit status``: per built assignment, its report's address or how to write it."""
    with course.gradebook() as gb:
        built = sorted(a.name for a in gb.assignments)
    rows = []
    for name in built:
        path = report_path(course, name)
        if path.is_file():
            when = datetime.fromtimestamp(path.stat().st_mtime, UTC).strftime("%Y-%m-%d %H:%M")
            rows.append({"assignment": name, "report": path.resolve().as_uri(),
                         "written": f"{when} UTC"})
        else:
            rows.append({"assignment": name, "report": f"not written: pvkit report {name}",
                         "written": "-"})
    return rows


__all__ = ["ReportData", "report_links", "distribution_chart", "difficulty_chart",
           "render_report", "report_data", "report_path", "write_report"]
