"""Fuzz specs: the other models (value, missions, capabilities, frameworks, roar) and pvkit.data."""

import pandas as pd

from fuzz.kinds import Arg, Spec, array, choice, flag, frame, mapping, number, obj, seed, size, text, whole
from pvkit import capabilities, frameworks, missions, roar, value
from pvkit.appraisal import Setting


def _names(valid: list[str]) -> Arg:
    """A list of names (sectors, actors): bad values are other containers and non-text entries."""
    return Arg(valid, extra_bad=["energy", [3], [None], [["energy"]], ["x" * 200_000], ["e"] * 200_000])


def _economy() -> pd.DataFrame:
    return value.economy()


def _small_market() -> pd.DataFrame:
    return pd.DataFrame({"market": ["a", "a", "a", "b", "b"], "supplier": ["x", "y", "z", "x", "y"],
                         "sales": [50.0, 30.0, 20.0, 10.0, 90.0]})


_RULE = dict(table=frame(_economy), unpaid_care=flag(False), pollution=flag(False),
             public_services=choice("cost"))
_VALUES = dict(values=array([50.0, 30.0, 20.0]), kind=choice("shares"))
_MISSION = obj(missions.example_mission)
_PLAN = obj(roar.example_plan)

SPECS = [
    # pvkit.value
    Spec("pvkit.value.economy"),
    Spec("pvkit.value.value_added", **_RULE),
    Spec("pvkit.value.gdp", **_RULE),
    Spec("pvkit.value.productivity", **_RULE),
    Spec("pvkit.value.compare_rules", table=frame(_economy), rules=mapping(lambda: dict(value.RULES))),
    Spec("pvkit.value.raise_fees", table=frame(_economy), sector=choice("finance"),
         percent=number(20.0, low=-100)),
    # pvkit.missions
    # ``target`` collides with Spec's own first parameter, so the first four go by position
    Spec("pvkit.missions.Mission", text("Clean growth"),
         text("Every home in the city warm in winter without burning fossil fuels"),
         text("cut carbon emissions from heating homes by 80%"), whole(2040),
         positional_names=("grand_challenge", "statement", "target", "deadline"),
         sectors=_names(["housing", "energy", "finance"]),
         projects=mapping(lambda: {"heat pumps": "housing", "heat networks": "energy",
                                   "green mortgages": "finance", "insulation": "housing"}),
         actors=_names(["public sector", "business", "citizens"]), sdgs=array([7, 11, 13]),
         launched=whole(2025), illustrative=flag(False)),
    Spec("pvkit.missions.sdg_targets"),
    Spec("pvkit.missions.sdg_totals"),
    Spec("pvkit.missions.mission_criteria"),
    Spec("pvkit.missions.uk_grand_challenge_missions"),
    Spec("pvkit.missions.example_mission", name=choice("net_zero_heat")),
    Spec("pvkit.missions.target_quantity", text("cut emissions against 1990 by 80%"),
         positional_names=("target",)),
    Spec("pvkit.missions.projects_by_sector", mission=_MISSION),
    Spec("pvkit.missions.check_mission", mission=_MISSION),
    Spec("pvkit.missions.criteria_met", mission=_MISSION),
    Spec("pvkit.missions.map_nodes", missions=_MISSION),
    Spec("pvkit.missions.map_edges", nodes=frame(lambda: missions.map_nodes(missions.example_mission()))),
    # pvkit.capabilities
    Spec("pvkit.capabilities.market_shares", **_VALUES),
    Spec("pvkit.capabilities.hhi", **_VALUES),
    Spec("pvkit.capabilities.top_k_share", k=whole(2), **_VALUES),
    Spec("pvkit.capabilities.hhi_band", index=number(3800.0, low=0, high=10000)),
    Spec("pvkit.capabilities.suppliers", market=choice("few large vendors")),
    Spec("pvkit.capabilities.concentration", table=frame(_small_market), k=whole(2)),
    Spec("pvkit.capabilities.delivery_models"),
    Spec("pvkit.capabilities.rank_by_kpi", kpi=choice("cost"), table=frame(capabilities.delivery_models)),
    Spec("pvkit.capabilities.facts"),
    Spec("pvkit.capabilities.fact", key=choice("gds_savings")),
    Spec("pvkit.capabilities.hollowing_out"),
    # pvkit.frameworks
    Spec("pvkit.frameworks.Placement", case_id=text("apollo"), name=text("Apollo programme"),
         guess=choice("market shaping"), framing=choice("market shaping"), correct=flag(True),
         feedback=text("Right: Apollo is usually framed as market shaping.")),
    Spec("pvkit.frameworks.box4"),
    Spec("pvkit.frameworks.cases"),
    Spec("pvkit.frameworks.case", case_id=choice("apollo")),
    Spec("pvkit.frameworks.case_counts", table=frame(frameworks.cases)),
    Spec("pvkit.frameworks.normalise_framing", text=choice("market shaping")),
    Spec("pvkit.frameworks.check_placement", case_id=choice("apollo"), guess=choice("shaping")),
    Spec("pvkit.frameworks.score_placements",
         placements=mapping(lambda: {"apollo": "shaping", "patents": "shaping"})),
    # pvkit.roar
    Spec("pvkit.roar.RoarPlan", mission=obj(lambda: roar.example_plan().mission),
         suppliers=mapping(lambda: {"Mill A": 55, "Mill B": 30, "new entrant": 10, "recycler": 5}),
         in_house_share=number(30.0, low=0, high=100), projects=obj(lambda: roar.example_plan().projects),
         deal=obj(lambda: roar.example_plan().deal), outcomes=array([0.0, 0.0, 50.0, 300.0]),
         investment=number(40.0, low=0), setting=obj(lambda: Setting(horizon=30, optimism_bias=0.2)),
         illustrative=flag(True)),
    Spec("pvkit.roar.framework"),
    Spec("pvkit.roar.example_plan"),
    Spec("pvkit.roar.organisation", plan=_PLAN),
    Spec("pvkit.roar.assessment", plan=_PLAN, n=size(200), seed=seed(0)),
    Spec("pvkit.roar.public_return", plan=_PLAN),
    Spec("pvkit.roar.review", plan=_PLAN),
    Spec("pvkit.roar.score", table=frame(lambda: roar.review(roar.example_plan()))),
    # pvkit.data
    Spec("pvkit.data.available"),
    Spec("pvkit.data.load", name=choice("box4")),
]
