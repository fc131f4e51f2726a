"""Fuzz specs: pvkit.appraisal (static and dynamic appraisal).

Valid values are small (20-year horizons, 200 draws) so that each call takes milliseconds.
"""

from __future__ import annotations

from pvkit import appraisal as ap
from fuzz.kinds import Spec, array, choice, fixed, mapping, number, obj, rate, seed, share, size, text, whole


def _projects() -> list:
    return ap.example_portfolio()


def _setting() -> ap.Setting:
    return ap.Setting(horizon=20)


def _uncertainty() -> ap.Uncertainty:
    return ap.Uncertainty()


def _appraisal() -> ap.Appraisal:
    return ap.appraise(ap.example_portfolio(), ap.Setting(horizon=20), n=200, seed=0)


def _ladder():
    return _appraisal().decomposition


def _simulation() -> ap.Simulation:
    return ap.simulate(ap.example_portfolio(), ap.Setting(horizon=20), n=200, seed=0)


def _components(name: str):
    return lambda: getattr(_simulation(), name)


def _draws(name: str):
    return lambda: getattr(ap.draw(ap.example_portfolio(), n=50, seed=0), name)


def _model(saving: float, cost: float) -> float:
    return ap.npv([-cost] + [saving] * 10)


FLOWS = [-1000.0, 150.0, 150.0, 150.0, 150.0, 150.0, 150.0, 150.0, 150.0, 150.0, 150.0]
BENEFITS = [0.0, 150.0, 150.0, 150.0, 150.0, 150.0]
COSTS = [500.0, 0.0, 0.0, 0.0, 0.0, 0.0]
SCHEDULE = choice("green_book")
# the shared keywords of every Monte Carlo entry point
RUN = dict(projects=obj(_projects), setting=obj(_setting), uncertainty=obj(_uncertainty), n=size(200),
           seed=seed(0))
OPTIONS = dict(externality_share=number(0.1, low=0.0), failed_spillover_share=share(0.5))

SPECS = [
    # discounting
    Spec("pvkit.appraisal.schedule_table", schedule=SCHEDULE),
    Spec("pvkit.appraisal.annual_rates", last_year=size(40), schedule=SCHEDULE, rate=rate(0.035)),
    Spec("pvkit.appraisal.discount_factors", years=array([0, 1, 10, 31, 80]), schedule=SCHEDULE,
         rate=rate(0.035)),
    # static appraisal
    Spec("pvkit.appraisal.present_value", flows=array(FLOWS), schedule=SCHEDULE, rate=rate(0.035)),
    Spec("pvkit.appraisal.npv", flows=array(FLOWS), schedule=SCHEDULE, rate=rate(0.035)),
    Spec("pvkit.appraisal.bcr", benefits=array(BENEFITS), costs=array(COSTS), schedule=SCHEDULE,
         rate=rate(0.035)),
    Spec("pvkit.appraisal.value_for_money", ratio=number(1.8)),
    Spec("pvkit.appraisal.irr", flows=array(FLOWS)),
    Spec("pvkit.appraisal.irr_all", flows=array([-100.0, 230.0, -132.0])),
    Spec("pvkit.appraisal.optimism_bias_table"),
    Spec("pvkit.appraisal.optimism_bias", project_type=choice("standard civil engineering"),
         measure=choice("capital expenditure"), bound=choice("upper")),
    Spec("pvkit.appraisal.apply_optimism_bias", costs=array([100.0, 50.0]), uplift=number(0.24, low=0.0)),
    Spec("pvkit.appraisal.switching_values", benefits=array(BENEFITS), costs=array(COSTS), schedule=SCHEDULE,
         rate=rate(0.035)),
    Spec("pvkit.appraisal.one_way_sensitivity", model=fixed(_model),
         base=mapping({"saving": 150.0, "cost": 1000.0}),
         ranges=mapping({"saving": (100.0, 200.0), "cost": (900.0, 1100.0)})),
    Spec("pvkit.appraisal.to_real", nominal=array([100.0, 103.0, 106.0]), deflator=array([100.0, 102.0, 104.5]),
         base_year=whole(1)),
    Spec("pvkit.appraisal.to_nominal", real=array([100.0, 100.0, 100.0]), inflation=rate(0.02),
         base_year=whole(0)),
    Spec("pvkit.appraisal.distributional_weights", group_income=array([15000.0, 30000.0, 60000.0]),
         median_income=number(30000.0, low=0.0), elasticity=number(1.3, low=0.0)),
    # learning and spillovers
    Spec("pvkit.appraisal.learning_exponent", learning_rate=share(0.2)),
    Spec("pvkit.appraisal.learning_rate_from_exponent", b=number(0.32, low=0.0)),
    Spec("pvkit.appraisal.unit_cost", cumulative=array([1000.0, 2000.0, 4000.0]), c0=number(100.0, low=0.0),
         x0=number(1000.0, low=0.0), learning_rate=share(0.2)),
    Spec("pvkit.appraisal.learning_path", horizon=size(15), c0=number(100.0, low=0.0),
         x0=number(1000.0, low=0.0), learning_rate=share(0.2), policy_per_year=number(100.0, low=0.0),
         market_per_year=number(400.0, low=0.0), policy_years=whole(10)),
    Spec("pvkit.appraisal.learning_rates"),
    Spec("pvkit.appraisal.spillover_flows", direct_benefits=array([0.0, 100.0, 100.0]), share=number(0.5, low=0.0)),
    Spec("pvkit.appraisal.with_spillovers", direct_benefits=array([0.0, 100.0, 100.0]), share=number(0.3, low=0.0)),
    # the project, the setting and the uncertainty
    Spec("pvkit.appraisal.Project", name=text("solar farms"), unit_cost=number(1000.0, low=0.0),
         unit_benefit=number(55.0, low=0.0), units_per_year=number(100.0, low=0.0), build_years=size(10),
         market_per_year=number(400.0, low=0.0), initial_cumulative=number(1000.0, low=0.0),
         learning_rate=share(0.2), spillover_share=number(0.3, low=0.0), p_success=share(0.95),
         gate_year=size(2)),
    Spec("pvkit.appraisal.Setting", horizon=size(20), schedule=SCHEDULE, rate=rate(0.035),
         optimism_bias=number(0.44, low=0.0)),
    Spec("pvkit.appraisal.example_portfolio", learning_rate=share(0.2), spillover_share=number(0.5, low=0.0)),
    Spec("pvkit.appraisal.Uncertainty", learning_rate_sd=number(0.05, low=0.0), adoption_sd=number(0.3, low=0.0),
         spillover_sd=number(0.5, low=0.0)),
    # the Monte Carlo
    Spec("pvkit.appraisal.draw", projects=obj(_projects), uncertainty=obj(_uncertainty), n=size(200),
         seed=seed(0)),
    Spec("pvkit.appraisal.Draws", learning_rate=obj(_draws("learning_rate")), adoption=obj(_draws("adoption")),
         spillover_share=obj(_draws("spillover_share")), success=obj(_draws("success"))),
    Spec("pvkit.appraisal.simulate", **RUN, **OPTIONS),
    Spec("pvkit.appraisal.Simulation", names=fixed(tuple(p.name for p in ap.example_portfolio())),
         committed=obj(_components("committed")), gated=obj(_components("gated"))),
    Spec("pvkit.appraisal.summarise", values=array([-1.0, 1.0, 2.0, 3.0]), percentiles=array([5, 50, 95])),
    Spec("pvkit.appraisal.histogram", values=array([0.0, 1.0, 1.0, 2.0]), bins=size(4)),
    # stage gates
    Spec("pvkit.appraisal.stage_gate_tree", pilot_cost=number(10.0, low=0.0), full_cost=number(100.0, low=0.0),
         p_success=share(0.4), value_success=number(400.0), value_failure=number(20.0), gate_year=whole(2),
         schedule=SCHEDULE, rate=rate(0.035)),
    Spec("pvkit.appraisal.portfolio_gates", **RUN, **OPTIONS),
    # the ladder
    Spec("pvkit.appraisal.appraise", **RUN, **OPTIONS),
    Spec("pvkit.appraisal.decompose", **RUN, **OPTIONS),
    Spec("pvkit.appraisal.green_book_flows", projects=obj(_projects), setting=obj(_setting),
         externality_share=number(0.1, low=0.0)),
    Spec("pvkit.appraisal.gap_split", result=obj(_appraisal, extra_bad=[_ladder().iloc[:-1]])),
    Spec("pvkit.appraisal.Appraisal", decomposition=obj(_ladder), simulation=obj(_simulation),
         green_book_costs=number(100.0), green_book_benefits=number(120.0), naive_costs=number(100.0),
         naive_benefits=number(150.0)),
    Spec("pvkit.appraisal.Scenario", setting=obj(_setting), uncertainty=obj(_uncertainty), n=size(200),
         seed=seed(0), learning_rate=share(0.2), spillover_share=number(0.5, low=0.0),
         externality_share=number(0.1, low=0.0), failed_spillover_share=share(0.5)),
    Spec("pvkit.appraisal.example_scenario", n=size(200), seed=seed(0), horizon=size(20),
         optimism_bias=number(0.44, low=0.0), learning_rate=share(0.2)),
]
