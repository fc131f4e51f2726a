"""Grading cases for the `appraisal` exercise (module 4), used by test_grading_every_exercise."""

ASSIGNMENT = "appraisal"
NOTEBOOK = "appraisal.ipynb"
#: Six autograded parts of 2 points each.
AUTO_MAX = 12.0
#: Plausible mistakes: net flows that forget maintenance (so the NPV is wrong too: 0/2), and a
#: learning curve that treats an eight-fold rise as eight doublings and the rate as the exponent
#: (0/2). Every other part is right.
WRONG = {
    "answer_part2": "net_flows = list(benefits[:1]) + [b for b in benefits[1:]]\n"
                    "net_flows[0] = -2000.0\n"
                    "flood_npv = ap.npv(net_flows)",
    "answer_part5": "b_exponent = 0.18\n"
                    "cost_at_4000 = 150 * (1 - 0.18) ** 8",
}
WRONG_SCORE = 8.0
