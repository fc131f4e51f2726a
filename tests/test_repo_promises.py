"""The repository keeps its promises to users: two commands, CI runs the test one."""

from __future__ import annotations

import re
import subprocess

from conftest import REPO


def quick_start_commands() -> list[str]:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    match = re.search(r"^## Quick start\n(.*?)```[^\n]*\n(.*?)```", readme, re.S | re.M)
    assert match, "README has no code block under '## Quick start'"
    return [line.strip() for line in match.group(2).splitlines() if line.strip()]


def test_readme_quick_start_is_exactly_two_commands():
    assert quick_start_commands() == ["make start", "make test"]


def test_ci_runs_the_readme_test_command():
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert re.search(r"^make test$", ci, re.M)


def test_make_knows_both_targets():
    for target in ["start", "test"]:
        dry = subprocess.run(["make", "-n", target], cwd=REPO, capture_output=True, text=True)
        assert dry.returncode == 0, dry.stderr
    assert "pytest" in subprocess.run(["make", "-n", "test"], cwd=REPO, capture_output=True,
                                      text=True).stdout


def test_generated_grading_files_are_never_committed():
    ignored = subprocess.run(
        ["git", "check-ignore", "course/release/x", "course/submitted/x", "course/autograded/x",
         "course/feedback/x", "course/gradebook.db"],
        cwd=REPO, capture_output=True, text=True)
    assert len(ignored.stdout.split()) == 5


def test_readme_links_each_dashboard_through_binder_voila():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for dashboard in sorted((REPO / "lessons" / "dashboards").glob("*.ipynb")):
        rel = dashboard.relative_to(REPO).as_posix()
        assert f"urlpath=voila/render/{rel}" in readme, rel


def test_syllabus_lists_every_lesson_and_exercise_in_order():
    syllabus = (REPO / "course" / "syllabus.md").read_text(encoding="utf-8")
    lessons = sorted(p.name for p in (REPO / "lessons").glob("*.ipynb"))
    positions = [syllabus.find(f"lessons/{name}") for name in lessons]
    assert -1 not in positions, dict(zip(lessons, positions))
    assert positions == sorted(positions)
    for folder in (REPO / "exercises").iterdir():
        if folder.is_dir():
            assert f"`{folder.name}`" in syllabus, folder.name
