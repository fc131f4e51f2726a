"""Grading case for the `capabilities` exercise (module 3), used by test_grading_every_exercise."""

ASSIGNMENT = "capabilities"
NOTEBOOK = "capabilities.ipynb"
AUTO_MAX = 8.0

WRONG = {
    # the top-3 share instead of the top-5 share: 2/3
    "answer_part1": """summary = capabilities.concentration(firms, k=3).set_index("market")
hhi_before = float(summary.loc["few large vendors", "hhi"])
hhi_after = float(summary.loc["many small suppliers", "hhi"])
top5_before = float(summary.loc["few large vendors", "top_k_share"])""",
    # right HHI, band misread as the 1,500-2,500 band: 1/2
    "answer_part2": """hhi_ministry = capabilities.hhi(ministry_spend, kind="sales")
band_ministry = "moderately concentrated\"""",
    # squares the merged share without taking away the two old squares: 2/3
    "answer_part3": """merger_rise = (12.0 + 9.6) ** 2
best_on_savings = "outsourced contract"
best_on_users = "in-house agile team\"""",
}
WRONG_SCORE = 5.0
