"""``pvkit report A``: one offline HTML page with the class's results, checked for real.

A small class is graded with real nbgrader in a copy of the course: a full solution,
plausible wrong answers, a corrupt notebook (fails), a tampering one (flagged), a
late hand-in and an enrolled student who never submitted. The page's numbers are
checked against the gradebook, and the page is opened from disk in headless
Chromium with every request blocked, then audited with axe-core.
"""

from __future__ import annotations

import datetime
import html
import re
from pathlib import Path

import nbformat
import pytest
from nbgrader.api import Gradebook

from axe_audit import serious_violations
from grading_fixtures import (ALL_WRONG, ASSIGNMENT, BY_ID, NOTEBOOK, TIMEOUT, copy_course,
                              fill, run_cli, solution_answers)
from pvkit.grading.html_report import ReportData, render_report

STUDENTS = {"ada": "solution", "cat": "wrong", "ivy": "corrupt", "tam": "tamper",
            "lee": "late"}
NEVER = "nia"


def _submit(root: Path, student: str, made: nbformat.NotebookNode | str, stamp: str) -> None:
    folder = root / "submitted" / student / ASSIGNMENT
    folder.mkdir(parents=True)
    path = folder / NOTEBOOK
    if isinstance(made, str):
        path.write_text(made, encoding="utf-8")
    else:
        nbformat.write(made, path)
    (folder / "timestamp.txt").write_text(f"{stamp}.000000 UTC\n")


@pytest.fixture(scope="module")
def graded(tmp_path_factory) -> dict:
    base = tmp_path_factory.mktemp("report")
    root = copy_course(base)
    opts = ("--course", str(root))
    assert run_cli("build", ASSIGNMENT, *opts).code == 0
    release = nbformat.read(root / "release" / ASSIGNMENT / NOTEBOOK, 4)
    answers = solution_answers(nbformat.read(base / "exercises" / ASSIGNMENT / NOTEBOOK, 4))
    made = {"ada": fill(release, answers), "cat": fill(release, ALL_WRONG),
            "ivy": BY_ID["ivy"].make(release, answers),
            "tam": BY_ID["tam_eq"].make(release, answers), "lee": fill(release, answers)}
    for student, notebook in made.items():
        _submit(root, student, notebook,
                "2026-01-16 10:30:00" if student == "lee" else "2026-01-15 09:00:00")
    with Gradebook(f"sqlite:///{root / 'gradebook.db'}", "pvkit") as gb:
        gb.update_or_create_assignment(ASSIGNMENT, duedate=datetime.datetime(2026, 1, 15, 12))
        gb.update_or_create_student(NEVER)
    steps = {"autograde": run_cli("autograde", ASSIGNMENT, "--timeout", str(TIMEOUT), *opts),
             "status_before": run_cli("status", *opts),
             "report": run_cli("report", ASSIGNMENT, *opts),
             "status": run_cli("status", *opts),
             "unknown": run_cli("report", "no_such", *opts)}
    assert steps["autograde"].code == 0, steps["autograde"].err
    page = (root / "reports" / f"{ASSIGNMENT}.html").read_text(encoding="utf-8")
    return {"root": root, "steps": steps, "page": page}


def text_of(page: str) -> str:
    page = re.sub(r"<(style|svg)\b.*?</\1>", "", page, flags=re.S)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", page)))


def gradebook(root: Path) -> tuple[dict[str, float], dict[str, list[float]], dict[str, float]]:
    scores, per_question, maxima = {}, {}, {}
    with Gradebook(f"sqlite:///{root / 'gradebook.db'}", "pvkit") as gb:
        for sub in gb.find_assignment(ASSIGNMENT).submissions:
            scores[sub.student.id] = float(sub.score)
            for grade in sub.notebooks[0].grades:
                maxima[grade.name] = float(grade.max_score)
                got = grade.auto_score if grade.manual_score is None else grade.manual_score
                if got is not None:
                    per_question.setdefault(grade.name, []).append(float(got))
    return scores, per_question, maxima


@pytest.mark.slow
def test_report_is_written_and_linked_from_status(graded):
    step = graded["steps"]["report"]
    assert step.code == 0, step.err
    path = graded["root"] / "reports" / f"{ASSIGNMENT}.html"
    assert path.is_file() and str(path) in step.out
    assert path.resolve().as_uri() in graded["steps"]["status"].out
    assert f"not written: pvkit report {ASSIGNMENT}" in graded["steps"]["status_before"].out
    unknown = graded["steps"]["unknown"]
    assert unknown.code == 2 and "unknown assignment 'no_such'" in unknown.err


@pytest.mark.slow
def test_report_is_self_contained(graded):
    page = graded["page"]
    assert "<script" not in page.lower()
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page, flags=re.I)
    assert not re.search(r"url\(\s*['\"]?(https?:)?//", page, flags=re.I)
    assert page.count("<svg") == 2  # the two charts, drawn into the page


@pytest.mark.slow
def test_report_gives_every_score_and_the_class_figures(graded):
    scores, _, _ = gradebook(graded["root"])
    text = text_of(graded["page"])
    assert set(scores) == set(STUDENTS)
    for student, score in scores.items():
        assert re.search(rf"\b{student} {score:g} / 20\b", text), (student, score)
    assert f"Never submitted: {NEVER}." in text
    values = sorted(scores.values())
    assert f"mean {sum(values) / len(values):.1f} / 20" in text
    assert f"{len(scores)} graded" in text


@pytest.mark.slow
def test_report_ranks_questions_by_difficulty_with_part_names(graded):
    _, per_question, maxima = gradebook(graded["root"])
    text = text_of(graded["page"])
    table = text.split("full marks, per question", 1)[1].split("Failures and flags", 1)[0]
    part1 = per_question["test_part1"]
    full = round(100 * sum(g >= maxima["test_part1"] for g in part1) / len(part1))
    expected = (f"Part 1 — Classify six new policies {len(part1)} "
                f"{round(sum(part1) / len(part1), 2):g} 6 {full}%")
    assert expected in table, table
    order = [m.group(1) for m in re.finditer(r"(Part \w+) —", table)]
    shares = {f"Part {gid.split('part')[1]}": sum(v) / len(v) / maxima[gid]
              for gid, v in per_question.items() if gid.startswith("test_part")}
    ranked = [p for p in order if p in shares]
    assert ranked == sorted(ranked, key=lambda p: shares[p]), (ranked, shares)


@pytest.mark.slow
def test_report_lists_failures_flags_and_late_hand_ins(graded):
    text = text_of(graded["page"])
    problems = text.split("Failures and flags", 1)[1].split("Late submissions", 1)[0]
    assert re.search(r"ivy failed .*not valid JSON", problems), problems
    assert re.search(r"tam flagged .*tampering detected", problems), problems
    assert "ada" not in problems and "cat" not in problems
    late = text.split("Late submissions", 1)[1]
    assert re.search(r"lee 22\.5 h late 2026-01-16 10:30 UTC 1", late), late
    assert "ada" not in late


@pytest.mark.slow
def test_distribution_chart_draws_one_bar_per_occupied_tenth(graded):
    scores, _, _ = gradebook(graded["root"])
    tenths = {min(9, int(10 * s / 20)) for s in scores.values()}
    svg = re.search(r"<svg.*?</svg>", graded["page"], flags=re.S).group(0)
    bars = re.findall(r'<path[^>]*aria-roledescription="bar"', svg)
    assert len(bars) == len(tenths), (len(bars), tenths)


def test_render_report_checks_its_argument_and_escapes_text():
    with pytest.raises(TypeError, match="data must be a ReportData"):
        render_report({"assignment": "x"})
    page = render_report(ReportData("a<b", 4.0, {"<i>x</i>": 2.0}))
    assert "<i>x</i>" not in page and "&lt;i&gt;x&lt;/i&gt;" in page
    assert "No question has been graded yet." in page


@pytest.mark.slow
@pytest.mark.browser
def test_report_page_offline_in_chromium_is_accessible(graded, browser):
    path = graded["root"] / "reports" / f"{ASSIGNMENT}.html"
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    blocked: list[str] = []

    def only_the_file(route) -> None:  # noqa: ANN001
        if route.request.url.startswith(("file://", "data:")):
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()

    page.route("**/*", only_the_file)
    try:
        page.goto(path.as_uri())
        assert page.locator("h1").inner_text().startswith(ASSIGNMENT)
        charts = page.locator('figure [role="img"] svg')
        assert charts.count() == 2
        assert all(charts.nth(i).bounding_box()["width"] > 200 for i in range(2))
        assert blocked == []
        assert serious_violations(page) == []
    finally:
        context.close()
