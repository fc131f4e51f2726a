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

from pvkit import _validate as v
from pvkit import data
from pvkit.appraisal._checks import check_fraction, check_positive, check_rate
from pvkit.appraisal.discounting import _check_schedule, discount_factors

__all__ = ["Project", "example_portfolio", "Setting"]

#: Longest horizon (and build period) in years: the Green Book's schedule runs to 300 years.
MAX_HORIZON = 500
#: Largest spillover share: 100 means other sectors gain 100 times the direct benefits.
MAX_SPILLOVER = 100.0
#: Largest optimism-bias uplift: the Green Book's highest upper bound is 200% (equipment/development).
MAX_UPLIFT = 10.0


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
        set_ = object.__setattr__  # frozen: store the cleaned values (numpy scalars become floats)
        set_(self, "name", v.text("name", self.name, max_length=200))
        for field_, zero, hint in (("unit_cost", False, ""), ("unit_benefit", True, ""),
                                   ("units_per_year", False, ""), ("market_per_year", True, ""),
                                   ("initial_cumulative", False, "")):
            set_(self, field_, check_positive(getattr(self, field_), field_, allow_zero=zero, hint=hint))
        set_(self, "learning_rate", check_fraction(self.learning_rate, "learning_rate", high_open=True,
                                                   hint="the learning rate: 0.2 means 20% cheaper per doubling"))
        set_(self, "spillover_share", check_positive(self.spillover_share, "spillover_share", allow_zero=True,
                                                     high=MAX_SPILLOVER, hint="the spillover share: 0.5 "
                                                     "means other sectors gain half the direct benefits"))
        set_(self, "p_success", check_fraction(self.p_success, "p_success",
                                               hint="the probability of technical success"))
        set_(self, "build_years", v.whole("build_years", self.build_years, low=1, high=MAX_HORIZON,
                                          why="(the longest horizon a Setting takes)"))
        set_(self, "gate_year", v.whole("gate_year", self.gate_year, low=1, high=MAX_HORIZON))
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
        # checked without reading the discount-rate file, so a default Setting() in a
        # signature costs nothing at import (the file is read on first use)
        set_ = object.__setattr__
        set_(self, "horizon", v.whole("horizon", self.horizon, low=1, high=MAX_HORIZON,
                                      why="years (longer than any appraisal period)"))
        set_(self, "schedule", _check_schedule(self.schedule))
        set_(self, "rate", None if self.rate is None else check_rate(self.rate))
        set_(self, "optimism_bias", check_positive(self.optimism_bias, "optimism_bias", allow_zero=True,
                                                   high=MAX_UPLIFT, hint="the optimism-bias uplift on "
                                                   "costs: 0.44 means +44%"))

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
    if learning_rate is not None:
        learning_rate = check_fraction(learning_rate, "learning_rate", high_open=True,
                                       hint="the learning rate: 0.2 means 20% cheaper per doubling")
    if spillover_share is not None:
        spillover_share = check_positive(spillover_share, "spillover_share", allow_zero=True,
                                         high=MAX_SPILLOVER)
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
