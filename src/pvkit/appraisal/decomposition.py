"""From the static NPV to the dynamic expected NPV, one effect at a time.

static NPV + learning effect + spillover effect + risk effect + option value
= dynamic expected NPV, exactly (each step is the change from the previous one):

1. **static NPV**: today's prices, central case, technology assumed to work,
   optimism bias on the programme's costs, no spillovers (the Green Book view);
2. **learning effect**: unit costs fall with cumulative deployment (the
   programme's own included) at the central learning rate, which also makes
   the rest of the market's units cheaper: the policy changes prices;
3. **spillover effect**: benefits to other sectors at the central share;
4. **risk effect**: the Monte Carlo mean with uncertain learning, adoption,
   spillovers and technical success, every project funded to the end, minus
   step 3 (usually negative: projects can fail);
5. **option value**: the Monte Carlo mean when stage gates stop failed
   projects, minus step 4 (never negative).

>>> t = decompose(example_portfolio(), n=500, seed=0)
>>> t["component"].tolist()[-1]
'dynamic expected NPV'
>>> bool(abs(t["value"].iloc[:-1].sum() - t["value"].iloc[-1]) < 1e-6)
True
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from pvkit.appraisal._engine import as_arrays, present_values
from pvkit.appraisal.project import Project, Setting, example_portfolio
from pvkit.appraisal.uncertainty import Simulation, Uncertainty, simulate

__all__ = ["COMPONENTS", "Appraisal", "decompose", "appraise", "example_portfolio"]

COMPONENTS: tuple[str, ...] = ("static NPV", "learning effect", "spillover effect", "risk effect",
                               "option value", "dynamic expected NPV")


@dataclass(frozen=True)
class Appraisal:
    """Everything the explorer shows: the decomposition and the simulation behind it."""

    decomposition: pd.DataFrame
    simulation: Simulation
    static_costs: float
    static_benefits: float

    @property
    def static_npv(self) -> float:
        return float(self.decomposition["value"].iloc[0])

    @property
    def dynamic_npv(self) -> float:
        return float(self.decomposition["value"].iloc[-1])

    @property
    def static_bcr(self) -> float:
        return self.static_benefits / self.static_costs


def appraise(projects: Sequence[Project], setting: Setting = Setting(),
             uncertainty: Uncertainty = Uncertainty(), n: int = 10_000, seed: int = 0) -> Appraisal:
    """Appraise a portfolio both ways; see the module docstring for the steps.

    Examples
    --------
    >>> a = appraise(example_portfolio(), n=300, seed=2)
    >>> a.simulation.npv.shape
    (300,)
    """
    arr = as_arrays(projects)
    ones = np.ones((1, len(arr.names)))
    zeros = np.zeros_like(ones)
    b = -np.log2(1.0 - arr.lr)[None, :]
    static = present_values(arr, setting, zeros, ones, zeros, ones, gated=False)
    learning = present_values(arr, setting, b, ones, zeros, ones, gated=False)
    spill = present_values(arr, setting, b, ones, arr.spill[None, :], ones, gated=False)
    sim = simulate(projects, setting, uncertainty, n, seed)
    levels = [float(static.npv.sum()), float(learning.npv.sum()), float(spill.npv.sum()),
              float(sim.npv_committed.mean()), float(sim.npv.mean())]
    steps = [levels[0]] + [later - earlier for earlier, later in zip(levels, levels[1:])]
    values = steps + [levels[-1]]
    table = pd.DataFrame({"component": list(COMPONENTS), "value": values})
    table["running_total"] = np.r_[np.cumsum(steps), levels[-1]]
    return Appraisal(table, sim, float(static.costs.sum()), float(static.benefits.sum()))


def decompose(projects: Sequence[Project], setting: Setting = Setting(),
              uncertainty: Uncertainty = Uncertainty(), n: int = 10_000, seed: int = 0) -> pd.DataFrame:
    """The decomposition table: ``component``, ``value``, ``running_total``.

    Examples
    --------
    >>> list(decompose(example_portfolio(), n=100).columns)
    ['component', 'value', 'running_total']
    """
    return appraise(projects, setting, uncertainty, n, seed).decomposition
