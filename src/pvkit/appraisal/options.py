"""Stage gates as real options: first one decision tree, then a portfolio.

HM Treasury and Defra (2009), *Accounting for the effects of climate change*,
show how a decision tree values flexibility: pay a little now, learn, then
decide. Here a pilot costs ``pilot_cost`` today; at the gate (``gate_year``)
we learn whether the technology works (probability ``p_success``); only then
is ``full_cost`` spent, and only if it is worth it. Committing to everything
today instead spends ``full_cost`` whatever happens. The difference in
expected NPV is the value of the option to stop.

>>> tree = stage_gate_tree(pilot_cost=10, full_cost=100, p_success=0.5,
...                        value_success=300, value_failure=0, rate=0.0)
>>> tree.attrs["option_value"]
50.0
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from pvkit.appraisal._checks import as_projects, as_year, check_amount, check_fraction, check_positive, finite
from pvkit.appraisal.discounting import discount_factors
from pvkit.appraisal.project import Project, Setting
from pvkit.appraisal.uncertainty import Uncertainty, simulate

__all__ = ["stage_gate_tree", "portfolio_gates"]


def stage_gate_tree(pilot_cost: float, full_cost: float, p_success: float, value_success: float,
                    value_failure: float = 0.0, gate_year: int = 1, schedule: str = "green_book",
                    rate: float | None = None) -> pd.DataFrame:
    """A two-stage decision tree: pilot, learn at the gate, then invest or stop.

    Costs and values after the gate fall in ``gate_year``; values are present
    values at that year of what the full investment brings.

    Returns
    -------
    pandas.DataFrame
        One row per strategy and outcome (``strategy``, ``outcome``,
        ``probability``, ``invest_at_gate``, ``npv``); ``.attrs`` holds
        ``expected_committed``, ``expected_gated`` and ``option_value``.

    Examples
    --------
    >>> t = stage_gate_tree(10, 100, 0.5, 300, rate=0.0)
    >>> t.attrs["expected_committed"], t.attrs["expected_gated"]
    (40.0, 90.0)
    """
    pilot = check_positive(pilot_cost, "pilot_cost", allow_zero=True)
    full = check_positive(full_cost, "full_cost", allow_zero=True)
    p = check_fraction(p_success, "p_success", hint="the probability of success")
    success = check_amount(value_success, "value_success")
    failure = check_amount(value_failure, "value_failure")
    d = float(discount_factors(as_year(gate_year, "gate_year"), schedule=schedule, rate=rate))
    rows = []
    for outcome, prob, value in (("works", p, success), ("fails", 1 - p, failure)):
        committed = -pilot + d * (value - full)
        go = value > full
        gated = -pilot + (d * (value - full) if go else 0.0)
        rows.append(("commit now", outcome, prob, True, committed))
        rows.append(("stage gate", outcome, prob, go, gated))
    table = pd.DataFrame(rows, columns=["strategy", "outcome", "probability", "invest_at_gate", "npv"])
    finite("the costs and values (with the rate)", table["npv"])
    expected = (table["probability"] * table["npv"]).groupby(table["strategy"]).sum()
    table.attrs.update(expected_committed=float(expected["commit now"]),
                       expected_gated=float(expected["stage gate"]),
                       option_value=float(expected["stage gate"] - expected["commit now"]))
    return table


def portfolio_gates(projects: Sequence[Project] | Project, setting: Setting = Setting(),
                    uncertainty: Uncertainty = Uncertainty(), n: int = 10_000, seed: int = 0,
                    **options: float) -> pd.DataFrame:
    """Expected NPV of each project funded to the end vs stopped at its gate if it fails.

    Returns
    -------
    pandas.DataFrame
        ``project``, ``p_success``, ``gate_year``, ``expected_committed``,
        ``expected_gated``, ``option_value``, ``prob_negative_gated``; a last
        row ``portfolio`` sums them (its ``prob_negative_gated`` is for the sum, its
        ``p_success`` the chance that every project works, its ``gate_year`` the last gate).

    Examples
    --------
    >>> from pvkit.appraisal.project import example_portfolio
    >>> t = portfolio_gates(example_portfolio(), n=500, seed=0)
    >>> bool((t["option_value"] >= 0).all())
    True
    """
    projects = as_projects(projects)
    sim = simulate(projects, setting, uncertainty, n, seed, **options)
    committed, gated = sim.committed.npv, sim.gated.npv
    table = pd.DataFrame({
        "project": list(sim.names),
        "p_success": [p.p_success for p in projects],
        "gate_year": [p.gate_year for p in projects],
        "expected_committed": committed.mean(axis=0),
        "expected_gated": gated.mean(axis=0),
    })
    table["option_value"] = table["expected_gated"] - table["expected_committed"]
    table["prob_negative_gated"] = (gated < 0).mean(axis=0)
    # the portfolio row has no single probability or gate: its p_success is the chance that
    # every project works and its gate_year the last gate (no NaN reaches a table or chart)
    total = {"project": "portfolio", "p_success": float(np.prod([p.p_success for p in projects])),
             "gate_year": max(p.gate_year for p in projects),
             "expected_committed": float(committed.sum(axis=1).mean()),
             "expected_gated": float(gated.sum(axis=1).mean()),
             "prob_negative_gated": float((gated.sum(axis=1) < 0).mean())}
    total["option_value"] = total["expected_gated"] - total["expected_committed"]
    return pd.concat([table, pd.DataFrame([total])], ignore_index=True)
