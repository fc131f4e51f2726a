"""Grading case of the rewards exercise (module 5): a plausible wrong answer and its score.

The wrong answers are written on the student's own numbers (``mine``, the per-student
variant), so they score the same whatever the variant.
"""

ASSIGNMENT = "rewards"
NOTEBOOK = "rewards.ipynb"
AUTO_MAX = 14.0  # 4 + 4 + 3 + 3 autograded points

WRONG = {
    # forgets the loan's interest and takes the royalty on profit, not revenue -> 2 of 4
    "answer_part1": (
        "venture = rewards.from_outcomes([mine.profit], investment=10.0)\n"
        "def paid(deal):\n"
        '    return float(deal.split(venture)["paid"][0, 0])\n'
        'cash_back = {"loan": 10.0, "equity": paid(rewards.Equity(mine.equity_stake)),\n'
        '             "royalty": float(mine.royalty_rate * mine.profit),\n'
        '             "income_contingent": paid(rewards.IncomeContingentLoan(\n'
        "                 rate=mine.loan_rate, income_share=0.10))}"
    ),
    # forgets the price cap -> 0 of 4
    "answer_part2": (
        "portfolios = rewards.simulate(n_ventures=50, n_portfolios=2000, seed=mine.seed_part2)\n"
        'stats = rewards.summarise(portfolios, rewards.Equity(0.25))\n'
        'mean_return = float(stats["public_return"])\n'
        'p_loss = float(stats["p_public_loses"])\n'
        'consumer_share = float(stats["consumer_share"])'
    ),
    # right stake, but the royalty ignores the price cap -> 1.5 of 3
    "answer_part3": (
        "fund_bets = rewards.simulate(n_ventures=20, n_portfolios=500, seed=mine.seed_part3)\n"
        'stake = rewards.break_even_share(fund_bets, "equity")\n'
        'royalty_rate = rewards.break_even_share(fund_bets, "royalty")'
    ),
    # counts only the purchases, forgetting the public R&D (the first payment) -> 1 of 3
    "answer_part4": (
        "bill = rewards.paying_twice(rd_cost=mine.rd_cost, public_share=0.5, units=100,\n"
        "                            unit_cost=2, price=mine.price,\n"
        '                            margin=0.1).set_index("scenario")\n'
        'total_no_condition = float(bill.loc["no price condition", "purchases"])\n'
        'total_with_condition = float(bill.loc["price condition", "purchases"])\n'
        "saving = total_no_condition - total_with_condition"
    ),
}
WRONG_SCORE = 2.0 + 0.0 + 1.5 + 1.0
