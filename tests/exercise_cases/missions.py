"""Grading cases for the ``missions`` exercise (module 1), read by the generic exercise test.

``WRONG`` holds plausible slips, one per solution cell:

- part 1: "ten or more" read as ``> 10``, so goals with exactly ten targets are lost (2 of 3);
- part 2: a mission with only two kinds of actor and a deadline two years away, so the
  cross-actor and the ambitious-but-realistic rules fail (3 of 5);
- part 3: counts from a loop over the projects (empty sectors left out), the failed criteria right, and
  the extra project put in the sector that already dominates (1 of 3).
"""

ASSIGNMENT = "missions"
NOTEBOOK = "missions.ipynb"
AUTO_MAX = 11.0

WRONG = {
    "answer_part1": """total_targets = int(sdgs["targets"].sum())
biggest_goal = int(sdgs.loc[sdgs["targets"].idxmax(), "goal"])
goals_with_10_or_more = sorted(int(g) for g in sdgs.loc[sdgs["targets"] > 10, "goal"])""",
    "answer_part2": """my_mission = missions.Mission(
    grand_challenge="Clean growth",
    statement="Every bus in the city runs on clean electricity",
    target="100% of buses zero emission",
    deadline=2027,
    launched=2025,
    sectors=["transport", "energy", "manufacturing"],
    projects={"electric buses": "transport", "depot chargers": "energy",
              "battery recycling": "manufacturing", "bus lanes": "transport"},
    actors=["public sector", "business"],
    sdgs=[7, 11],
)
missions.check_mission(my_mission)""",
    "answer_part3": """projects_per_sector = {}
for project, sector in draft.projects:
    projects_per_sector[sector] = projects_per_sector.get(sector, 0) + 1
checks = missions.check_mission(draft)
failed_criteria = sorted(int(c) for c in checks.loc[~checks["met"], "criterion"])
extra_projects = {"hedgerow planting": "agriculture"}""",
}
WRONG_SCORE = 2.0 + 3.0 + 1.0
