"""Grading cases for the `fix_or_shape` exercise (module 2), used by test_grading_every_exercise."""

from grading_fixtures import ALL_WRONG, AUTO_MAX, WRONG_SCORE

ASSIGNMENT = "fix_or_shape"
NOTEBOOK = "fix_or_shape.ipynb"
AUTO_MAX = AUTO_MAX
WRONG = ALL_WRONG
WRONG_SCORE = WRONG_SCORE
