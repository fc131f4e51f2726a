"""Static cost-benefit analysis and dynamic appraisal of the same project.

Section 3 of the brief (Mazzucato & Kattel 2019, "How to assess value") asks
whether the Moon landing would have passed an ex-ante cost-benefit test, and
contrasts static, allocative appraisal at fixed prices with a dynamic view
that counts learning, spillovers, uncertainty and the value of stopping
failures early. This package implements both, so students can see exactly
where the numbers part ways:

* :mod:`~pvkit.appraisal.discounting` - Green Book discount factors;
* :mod:`~pvkit.appraisal.static` - NPV, BCR and value for money, IRR,
  optimism bias, switching values, sensitivity, real/nominal, distributional weights;
* :mod:`~pvkit.appraisal.learning` - Wright's law;
* :mod:`~pvkit.appraisal.spillovers` - benefits in other sectors;
* :mod:`~pvkit.appraisal.uncertainty` - seeded Monte Carlo;
* :mod:`~pvkit.appraisal.options` - stage gates: a decision tree, then a portfolio;
* :mod:`~pvkit.appraisal.decomposition` - the ladder from a naive static NPV through the
  Green Book central case to the dynamic expected NPV, and the shared ``Scenario``.

>>> from pvkit import appraisal
>>> round(appraisal.npv([-1000] + [150] * 10), 1)
247.5
"""

from pvkit.appraisal.decomposition import (COMPONENTS, LADDER, Appraisal, Scenario, appraise, decompose,
                                           example_scenario, gap_split, green_book_flows)
from pvkit.appraisal.discounting import RATE_RANGE, SCHEDULES, annual_rates, discount_factors, schedule_table
from pvkit.appraisal.learning import (learning_exponent, learning_path, learning_rate_from_exponent,
                                      learning_rates, unit_cost)
from pvkit.appraisal.options import portfolio_gates, stage_gate_tree
from pvkit.appraisal.project import Project, Setting, example_portfolio
from pvkit.appraisal.spillovers import spillover_flows, with_spillovers
from pvkit.appraisal.static import (VFM_CATEGORIES, apply_optimism_bias, bcr, distributional_weights,
                                    irr, irr_all, npv, one_way_sensitivity, optimism_bias,
                                    optimism_bias_table, present_value, switching_values, to_nominal,
                                    to_real, value_for_money)
from pvkit.appraisal.uncertainty import Draws, Simulation, Uncertainty, draw, histogram, simulate, summarise

__all__ = [
    "COMPONENTS", "LADDER", "Appraisal", "Scenario", "example_scenario", "appraise", "decompose", "green_book_flows", "gap_split", "SCHEDULES", "RATE_RANGE", "annual_rates",
    "discount_factors", "schedule_table", "learning_exponent", "learning_path",
    "learning_rate_from_exponent", "learning_rates", "unit_cost", "portfolio_gates",
    "stage_gate_tree", "Project", "Setting", "example_portfolio", "spillover_flows",
    "with_spillovers", "VFM_CATEGORIES", "apply_optimism_bias", "bcr", "distributional_weights",
    "irr", "irr_all", "npv", "one_way_sensitivity", "optimism_bias", "optimism_bias_table",
    "present_value", "switching_values", "to_nominal", "to_real", "value_for_money", "Draws",
    "Simulation", "Uncertainty", "draw", "histogram", "simulate", "summarise",
]
