"""Grading case for the `value` exercise (module 0), used by test_grading_every_exercise."""

ASSIGNMENT = "value"
NOTEBOOK = "value.ipynb"
AUTO_MAX = 7.0

WRONG = {
    # pollution of manufacturing only (241, not 238): 2/3
    "answer_part1": """gdp_na = value.gdp()
gdp_green = value.gdp() - 24.0
gdp_broad = value.gdp(unpaid_care=True, pollution=True, public_services="outcomes")""",
    # the broad ranking forgets to count unpaid care: 1/2
    "answer_part2": """ranking_na = value.productivity()["sector"].tolist()
ranking_broad = value.productivity(pollution=True, public_services="outcomes")["sector"].tolist()""",
    # divides by value added instead of sales: 1/2
    "answer_part3": """table = value.productivity(value.raise_fees(sector="finance", percent=20)).set_index("sector")
finance_after = float(table.loc["finance", "productivity"])
rise_for_100 = float(100 * (100.0 / 60.0 - 1))""",
}
WRONG_SCORE = 4.0
