"""Grading case of the ROAR capstone exercise (module 6): a plausible wrong answer and its score."""

ASSIGNMENT = "roar"
NOTEBOOK = "roar.ipynb"
AUTO_MAX = 10.0  # 2 + 2 + 3 + 3 autograded points

WRONG = {
    # lists the criteria the draft meets instead of those it misses -> 1 of 2
    "answer_part1": (
        'checks = missions.check_mission(draft)\n'
        'n_met = int(checks["met"].sum())\n'
        'missing = sorted(int(c) for c in checks.loc[checks["met"], "criterion"])'
    ),
    # right HHI, band read from the 1,500-2,500 range -> 1 of 2
    "answer_part2": (
        'hhi_plan = float(roar.organisation(plan)["hhi"])\n'
        'band_plan = "moderately concentrated"'
    ),
    # discounts at a flat 10% instead of the Green Book rate; BCR 'low', not 'high' -> 0 of 3
    "answer_part3": (
        "net = [b - c for b, c in zip(lab_benefits, lab_costs)]\n"
        "npv_lab = appraisal.npv(net, rate=0.10)\n"
        "bcr_lab = appraisal.bcr(lab_benefits, lab_costs, rate=0.10)\n"
        "category_lab = appraisal.value_for_money(bcr_lab)"
    ),
    # forgets that the price condition shrinks profit -> 1 of 3
    "answer_part4": (
        "paid_back = 0.3 * sum(plan.outcomes)\n"
        "public_return = paid_back - 5 * 20.0\n"
        "break_even_stake = 100.0 / sum(plan.outcomes)"
    ),
}
WRONG_SCORE = 1.0 + 1.0 + 0.0 + 1.0
