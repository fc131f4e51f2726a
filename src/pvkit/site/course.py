"""The course's table of contents, read from the syllabus and the lessons' README.

The syllabus (``course/syllabus.md``) gives the order, the weeks and each
module's section of the brief; ``lessons/README.md`` says which dashboard
belongs to which lesson. Every notebook in ``lessons/`` and
``lessons/dashboards/`` must appear there: a lesson the syllabus does not list
is an error, not a page silently left out of the index.

>>> row = "| 1 | 0. What is value? | introduction | `lessons/00_value.ipynb` | `value` | — |"
>>> _syllabus_row(row)
('1', '0', 'What is value?', 'introduction', '00_value')
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Module", "Dashboard", "read_course"]

_LESSON_CELL = re.compile(r"^`?lessons/(?P<stem>[\w-]+)\.ipynb`?$")
_MODULE_CELL = re.compile(r"^(?P<number>\d+)\.\s+(?P<title>.+)$")
_README_LESSON = re.compile(r"\]\((?P<stem>[\w-]+)\.ipynb\)")
_README_DASHBOARD = re.compile(r"\[(?P<title>[^\]]+)\]\(dashboards/(?P<stem>[\w-]+)\.ipynb\)")


@dataclass(frozen=True)
class Dashboard:
    """A Voila dashboard: its file stem (``case_sorter``) and its name (``case sorter``)."""

    stem: str
    title: str


@dataclass(frozen=True)
class Module:
    """One module of the syllabus, in the syllabus's words."""

    number: str
    title: str
    week: str
    brief: str
    lesson: str
    dashboard: Dashboard | None


def _cells(line: str) -> list[str]:
    return [cell.strip() for cell in line.strip().strip("|").split("|")]


def _syllabus_row(line: str) -> tuple[str, str, str, str, str] | None:
    """``(week, number, title, brief section, lesson stem)`` of a syllabus table row, else None."""
    cells = _cells(line)
    if len(cells) < 4 or not line.lstrip().startswith("|"):
        return None
    lesson = _LESSON_CELL.match(cells[3])
    module = _MODULE_CELL.match(cells[1])
    if not (lesson and module):
        return None
    return cells[0], module["number"], module["title"], cells[2], lesson["stem"]


def _dashboards_by_lesson(readme: str) -> dict[str, Dashboard]:
    found: dict[str, Dashboard] = {}
    for line in readme.splitlines():
        lesson = _README_LESSON.search(line)
        dashboard = _README_DASHBOARD.search(line)
        if line.lstrip().startswith("|") and lesson and dashboard:
            found[lesson["stem"]] = Dashboard(dashboard["stem"], dashboard["title"])
    return found


def read_course(root: Path) -> list[Module]:
    """The modules of the course at ``root``, in syllabus order.

    Parameters
    ----------
    root : pathlib.Path
        The repository: it holds ``course/syllabus.md`` and ``lessons/``.

    Returns
    -------
    list of Module
        One per syllabus row; each lesson and dashboard file exists.

    Raises
    ------
    ValueError
        If a lesson or dashboard notebook is missing from the syllabus or the
        lessons' README, or one they list does not exist.

    Examples
    --------
    >>> from pathlib import Path
    >>> modules = read_course(Path(__file__).resolve().parents[3])
    >>> modules[0].lesson, modules[2].dashboard.stem
    ('00_value', 'case_sorter')
    """
    root = Path(root)
    syllabus = root / "course" / "syllabus.md"
    readme = root / "lessons" / "README.md"
    for path in (syllabus, readme):
        if not path.is_file():
            raise ValueError(f"root must be the pvkit repository: {path} is missing")
    dashboards = _dashboards_by_lesson(readme.read_text(encoding="utf-8"))
    modules = []
    for line in syllabus.read_text(encoding="utf-8").splitlines():
        row = _syllabus_row(line)
        if row:
            week, number, title, brief, stem = row
            modules.append(Module(number, title, week, brief, stem, dashboards.get(stem)))
    listed = {m.lesson for m in modules}
    on_disk = {p.stem for p in (root / "lessons").glob("*.ipynb")}
    if on_disk - listed:
        raise ValueError(f"course/syllabus.md does not list the lessons {sorted(on_disk - listed)}")
    if listed - on_disk:
        raise ValueError(f"course/syllabus.md lists lessons that do not exist: {sorted(listed - on_disk)}")
    mapped = {m.dashboard.stem for m in modules if m.dashboard}
    boards = {p.stem for p in (root / "lessons" / "dashboards").glob("*.ipynb")}
    if boards - mapped:
        raise ValueError(f"lessons/README.md does not give a lesson for the dashboards {sorted(boards - mapped)}")
    if mapped - boards:
        raise ValueError(f"lessons/README.md links dashboards that do not exist: {sorted(mapped - boards)}")
    return modules
