"""The project that the static and the dynamic appraisal both look at.

A programme buys ``units_per_year`` units of a new technology (solar farms,
batteries, ...) in years 1..``build_years`` at the going unit cost; each unit
yields ``unit_benefit`` a year from the year after it is built until the
horizon. The rest of the market deploys ``market_per_year`` units a year.

* A **naive static** view values everything at today's prices (``unit_cost``
  never changes) and assumes the technology works: a common mistake.
* The **Green Book** view forecasts prices from the rest of the market's
  deployment (outside the project), uses expected values for technical
  success (revealed at ``gate_year``), adds optimism bias and monetisable
  externalities, and values stopping a failed project at its gate with a
  single-project decision tree.
* The **dynamic** view adds what only it counts: the programme's own
  deployment moves prices down the learning curve, for itself and for other
  buyers, and spillovers reach other sectors, failed projects included.

See :mod:`pvkit.appraisal.decomposition` for the ladder between them.

All figures are illustrative unless a data file says otherwise.

>>> p = Project("demo", unit_cost=100, unit_benefit=10, units_per_year=10, build_years=5)
>>> p.learning_rate
0.2
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from pvkit import data
from pvkit.appraisal._checks import check_fraction, check_positive
from pvkit.appraisal.discounting import discount_factors

__all__ = ["Project", "example_portfolio", "Setting"]


@dataclass(frozen=True)
class Project:
    """One project of the worked case (money in any one unit, e.g. GBP million).

    Attributes
    ----------
    name : str
    unit_cost : float
        Cost of one unit today (cumulative deployment ``initial_cumulative``).
    unit_benefit : float
        Benefit of one working unit per year.
    units_per_year, build_years : float, int
        The programme's deployment per year and for how many years.
    market_per_year : float
        Deployment by everybody else, per year.
    initial_cumulative : float
        Cumulative deployment today (the X0 of Wright's law).
    learning_rate : float
        Cost cut per doubling of cumulative deployment, in [0, 1).
    spillover_share : float
        Benefits in other sectors, as a share of the direct benefits (>= 0).
    p_success : float
        Probability that the technology works at scale, in [0, 1].
    gate_year : int
        The milestone at which success or failure becomes known (1..build_years).
    """

    name: str
    unit_cost: float
    unit_benefit: float
    units_per_year: float
    build_years: int
    market_per_year: float = 0.0
    initial_cumulative: float = 1000.0
    learning_rate: float = 0.2
    spillover_share: float = 0.0
    p_success: float = 1.0
    gate_year: int = 1

    def __post_init__(self) -> None:
        check_positive(self.unit_cost, "unit_cost")
        check_positive(self.unit_benefit, "unit_benefit", allow_zero=True)
        check_positive(self.units_per_year, "units_per_year")
        check_positive(self.market_per_year, "market_per_year", allow_zero=True)
        check_positive(self.initial_cumulative, "initial_cumulative")
        check_fraction(self.learning_rate, "the learning rate", 0.0, 1.0, high_open=True)
        check_positive(self.spillover_share, "the spillover share", allow_zero=True)
        check_fraction(self.p_success, "the probability of technical success")
        for name in ("build_years", "gate_year"):
            value = self.build_years if name == "build_years" else self.gate_year
            if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1:
                raise ValueError(f"{name} must be a whole number of years, at least 1, got {value!r}")
        if self.gate_year > self.build_years:
            raise ValueError(f"gate_year ({self.gate_year}) must fall within the build years "
                             f"(1..{self.build_years})")


@dataclass(frozen=True)
class Setting:
    """How to appraise: discounting, horizon and the optimism-bias uplift on costs.

    Examples
    --------
    >>> Setting(horizon=50).factors().shape
    (50,)
    """

    horizon: int = 50
    schedule: str = "green_book"
    rate: float | None = None
    optimism_bias: float = 0.0

    def __post_init__(self) -> None:
        if isinstance(self.horizon, bool) or not isinstance(self.horizon, (int, np.integer)):
            raise TypeError(f"the horizon must be a whole number of years, got {self.horizon!r}")
        if not 1 <= self.horizon <= 500:
            raise ValueError(f"the horizon must be between 1 and 500 years, got {self.horizon}")
        check_positive(self.optimism_bias, "the optimism bias uplift", allow_zero=True)
        self.factors()  # validates the schedule and the rate

    def factors(self) -> np.ndarray:
        """Discount factors for years 1..horizon (flows at the end of each year)."""
        return discount_factors(np.arange(1, self.horizon + 1), schedule=self.schedule, rate=self.rate)


def example_portfolio(learning_rate: float | None = None,
                      spillover_share: float | None = None) -> list[Project]:
    """The five illustrative clean-energy projects of the lesson, optionally with one
    learning rate and spillover share for all.

    Examples
    --------
    >>> [p.name for p in example_portfolio()][:2]
    ['solar farms', 'grid batteries']
    """
    table = data.load("worked_appraisal_portfolio")
    projects = []
    for row in table.to_dict("records"):
        project = Project(
            name=row["project"], unit_cost=float(row["unit_cost"]),
            unit_benefit=float(row["unit_benefit"]), units_per_year=float(row["units_per_year"]),
            build_years=int(row["build_years"]), market_per_year=float(row["market_per_year"]),
            initial_cumulative=float(row["initial_cumulative"]), p_success=float(row["p_success"]),
            gate_year=int(row["gate_year"]), spillover_share=float(row["spillover_share"]),
        )
        changes = {}
        if learning_rate is not None:
            changes["learning_rate"] = learning_rate
        if spillover_share is not None:
            changes["spillover_share"] = spillover_share
        projects.append(replace(project, **changes) if changes else project)
    return projects
