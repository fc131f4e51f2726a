"""Grading the course with nbgrader: course discovery, a class-wide API, safeguards.

- :mod:`~pvkit.grading.coursedir` finds the course root and reads its config;
- :mod:`~pvkit.grading.term` wraps nbgrader's Python API for a whole class;
- :mod:`~pvkit.grading.tamper` and :mod:`~pvkit.grading.preprocessors` keep
  tampered notebooks from earning marks and hidden tests out of feedback;
- :mod:`~pvkit.grading.submission` explains broken submissions in one line;
- :mod:`~pvkit.grading.records` remembers failed and flagged submissions;
- :mod:`~pvkit.grading.report` turns the gradebook into tables and CSV.

The ``pvkit`` command (:mod:`pvkit.cli`) is the instructor's entry point.
"""

from pvkit.grading.coursedir import GradingError, find_course_root

__all__ = ["GradingError", "find_course_root"]
