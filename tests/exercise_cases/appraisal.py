"""Grading cases for the `appraisal` exercise (module 4), used by test_grading_every_exercise."""

ASSIGNMENT = "appraisal"
NOTEBOOK = "appraisal.ipynb"
#: Six autograded parts of 2 points each.
AUTO_MAX = 12.0
#: Plausible mistakes, written on the student's own numbers (``mine``, the per-student
#: variant) so they score the same whatever the variant: net flows that forget maintenance
#: (so the NPV is wrong too: 0/2), and a learning curve that treats an eight-fold rise as
#: eight doublings and the rate as the exponent (0/2). Every other part is right.
WRONG = {
    "answer_part2": "net_flows = [benefits[0] - costs[0]] + list(benefits[1:])\n"
                    "flood_npv = ap.npv(net_flows)",
    "answer_part5": "b_exponent = float(mine.learning_rate)\n"
                    "cost_at_4000 = mine.battery_cost * (1 - mine.learning_rate) ** 8",
}
WRONG_SCORE = 8.0
