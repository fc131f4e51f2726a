"""Fuzz specs: pvkit.grading (the instructor's API)."""

from conftest import REPO
from fuzz.kinds import Spec, text

SPECS = [
    Spec("pvkit.grading.find_course_root", explicit=text(str(REPO / "course"), aliases=("course",)),
         start=text(str(REPO), aliases=("course",))),
]
