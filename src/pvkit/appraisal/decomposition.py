"""From a naive static NPV to the dynamic expected NPV, one named rung at a time.

The ladder is a fair comparison: it first builds the Green Book appraisal at
its best, and only then adds what the dynamic view of the brief (section 3)
counts and a Green Book appraisal would not. Each rung is the change from the
one before, so the rungs add up exactly to the dynamic expected NPV.

1. **naive static NPV**: today's prices for the whole horizon, the technology
   assumed to work, no optimism bias. A common mistake, not the Green Book.
2. **market price forecast** (Green Book): relative prices are forecast from
   the rest of the market's deployment, as something outside the project.
3. **technical risk** (Green Book): expected values, so a project that may
   fail counts its benefits times its probability of success.
4. **optimism bias** (Green Book): the uplift on costs for a measured bias.
5. **monetisable externalities** (Green Book): external benefits of working
   units, as ``externality_share`` of their direct benefits.
6. **single-project real option** (Green Book supplementary guidance): each
   project, on its own decision tree, is stopped at its gate if it fails.
   The sum of rungs 1-6 is the **Green Book central case**.
7. **own learning, for the programme** (dynamic view only): the programme's own
   deployment moves it down the learning curve, so its later units cost less.
8. **own learning, for other buyers** (dynamic view only): the same price cut
   makes every other buyer's units cheaper.
9. **spillovers** (dynamic view only): benefits in other sectors, including
   ``failed_spillover_share`` of them from projects that fail.
10. **portfolio of stage gates beyond single-project trees** (dynamic view
    only): zero in this model, because its projects are independent, so a
    portfolio's gates are worth exactly the sum of the single-project trees
    (rung 6). The portfolio still narrows the spread of outcomes.
11. **uncertainty around the central values** (both): the Monte Carlo mean
    minus the central case. Draws keep the central values as their means, so
    this rung is what curvature (and sampling) adds, usually small.

>>> t = decompose(example_portfolio(), n=500, seed=0)
>>> t["component"].tolist()[-1]
'dynamic expected NPV'
>>> bool(abs(t["value"].iloc[:-1].sum() - t["value"].iloc[-1]) < 1e-6)
True
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, fields, replace

import numpy as np
import pandas as pd

from pvkit import _validate as v
from pvkit.appraisal._checks import as_projects, check_draws, check_positive, check_seed, finite
from pvkit.appraisal._engine import Components, as_arrays, present_values_both
from pvkit.appraisal.project import MAX_SPILLOVER, Project, Setting, example_portfolio
from pvkit.appraisal.uncertainty import Simulation, Uncertainty, _check_options, check_size, simulate

__all__ = ["COMPONENTS", "LADDER", "GREEN_BOOK", "Appraisal", "Scenario", "example_scenario",
           "decompose", "appraise", "green_book_flows", "gap_split", "example_portfolio"]

GREEN_BOOK = "Green Book"
DYNAMIC = "dynamic view only"
BOTH = "both"

#: The rungs: (component, who would count it, why).
LADDER: tuple[tuple[str, str, str], ...] = (
    ("naive static NPV", "common mistake",
     "today's prices for the whole horizon, failure ignored: the Green Book asks for neither"),
    ("market price forecast", GREEN_BOOK,
     "the Green Book asks for expected changes in relative prices; the rest of the market's "
     "deployment is outside the project"),
    ("technical risk", GREEN_BOOK,
     "the Green Book works with expected values: benefits times the chance the technology works"),
    ("optimism bias", GREEN_BOOK,
     "the Green Book's uplift corrects a measured tendency to underestimate costs"),
    ("monetisable externalities", GREEN_BOOK,
     "external effects with a money value belong in a social cost-benefit analysis"),
    ("single-project real option", GREEN_BOOK,
     "the Green Book's supplementary guidance values flexibility with a decision tree"),
    ("own learning, for the programme", DYNAMIC,
     "the programme's own deployment lowers its later costs: the policy changes prices"),
    ("own learning, for other buyers", DYNAMIC,
     "the same price cut makes every other buyer's units cheaper"),
    ("spillovers", DYNAMIC,
     "benefits in other sectors, failed projects included (the brief, section 3)"),
    ("portfolio of gates beyond single trees", DYNAMIC,
     "zero here: the projects are independent, so a portfolio's gates add up to the single trees"),
    ("uncertainty around the central values", BOTH,
     "Monte Carlo mean minus the central case; the draws keep the central values as their means"),
    ("dynamic expected NPV", "total", "the sum of every rung above"),
)
#: Component names, in order (the last is the total).
COMPONENTS: tuple[str, ...] = tuple(name for name, _, _ in LADDER)
_GREEN_BOOK_LAST = COMPONENTS.index("single-project real option")


@dataclass(frozen=True)
class Appraisal:
    """The ladder, the Monte Carlo behind its last rungs and the Green Book central case."""

    decomposition: pd.DataFrame
    simulation: Simulation
    green_book_costs: float
    green_book_benefits: float
    naive_costs: float
    naive_benefits: float

    def __post_init__(self) -> None:
        v.instance("decomposition", self.decomposition, pd.DataFrame, "the ladder table (a DataFrame)")
        _ladder("decomposition", self.decomposition)
        v.instance("simulation", self.simulation, Simulation, "a Simulation (as simulate() returns)")
        for name in ("green_book_costs", "green_book_benefits", "naive_costs", "naive_benefits"):
            object.__setattr__(self, name, v.number(name, getattr(self, name)))

    @property
    def naive_npv(self) -> float:
        return float(self.decomposition["value"].iloc[0])

    @property
    def green_book_npv(self) -> float:
        """NPV of the Green Book central case (the sum of rungs 1-6)."""
        return float(self.decomposition["running_total"].iloc[_GREEN_BOOK_LAST])

    @property
    def green_book_bcr(self) -> float:
        return self.green_book_benefits / self.green_book_costs

    @property
    def dynamic_npv(self) -> float:
        return float(self.decomposition["value"].iloc[-1])

    # the static view is the Green Book at its best
    static_npv = green_book_npv
    static_bcr = green_book_bcr
    static_costs = property(lambda self: self.green_book_costs)
    static_benefits = property(lambda self: self.green_book_benefits)


def _expected(arr, setting: Setting, b: np.ndarray, p: np.ndarray, gated: bool, risky: bool,
              **options: float) -> Components:
    """Central-case parts, as expected values over success (``risky``) or assuming success."""
    ones = np.ones((1, len(arr.names)))
    works = present_values_both(arr, setting, b, ones, arr.spill[None, :], ones, **options)
    if not risky:
        return works[0]
    fails = present_values_both(arr, setting, b, ones, arr.spill[None, :], 0 * ones, **options)
    pick = 1 if gated else 0
    w, f = works[pick], fails[pick]
    mix = {name: p * getattr(w, name) + (1 - p) * getattr(f, name)
           for name in ("costs", "benefits", "spillovers", "market_savings", "externalities")}
    return Components(**mix)


def appraise(projects: Sequence[Project] | Project, setting: Setting = Setting(),
             uncertainty: Uncertainty = Uncertainty(), n: int = 10_000, seed: int = 0, *,
             externality_share: float = 0.0, failed_spillover_share: float = 0.0) -> Appraisal:
    """Walk the ladder for a portfolio; see the module docstring for the rungs.

    Parameters
    ----------
    projects : Project or list of Project
        One project or a portfolio of up to 100.
    setting : Setting
        Discounting, horizon and the optimism-bias uplift.
    uncertainty : Uncertainty
        Spreads of the Monte Carlo draws (their means are the central values).
    n, seed : int
        Number of draws (1 to 1,000,000, and draws x projects x years at most 50
        million) and the seed (a whole number from 0).
    externality_share : float
        External benefits of a working unit, as a share of its direct benefit.
    failed_spillover_share : float
        Share of its spillovers that a failed project still yields, in [0, 1].

    Examples
    --------
    >>> a = appraise(example_portfolio(), n=300, seed=2)
    >>> a.simulation.npv.shape
    (300,)
    """
    projects = as_projects(projects)
    _check_run(projects, setting, uncertainty, n, seed)
    options = _check_options(externality_share, failed_spillover_share)
    ext, fail = options["externality_share"], options["failed_spillover_share"]
    arr = as_arrays(projects)
    p = arr.p[None, :]
    b = -np.log2(1.0 - arr.lr)[None, :]
    plain = replace(setting, optimism_bias=0.0)
    no_spill = replace(arr, spill=np.zeros_like(arr.spill))

    def parts(s: Setting, b_: np.ndarray, risky: bool, gated: bool, own: float, ext_: float,
              spilling: bool) -> Components:
        return _expected(arr if spilling else no_spill, s, b_, p, gated, risky, own=own,
                         externality_share=ext_, failed_spillover_share=fail)

    def level(*args, drop_savings: bool = False) -> float:
        c = parts(*args)
        return float((c.npv - (c.market_savings if drop_savings else 0.0)).sum())

    ones = np.ones((1, len(arr.names)))
    naive = present_values_both(no_spill, plain, 0 * b, ones, 0 * ones, ones, own=0.0)[0]
    gb = parts(setting, b, True, True, 0.0, ext, False)  # the Green Book central case
    sim = simulate(projects, setting, uncertainty, n, seed, externality_share=ext,
                   failed_spillover_share=fail)
    levels = [
        float(naive.npv.sum()),
        level(plain, b, False, False, 0.0, 0.0, False),
        level(plain, b, True, False, 0.0, 0.0, False),
        level(setting, b, True, False, 0.0, 0.0, False),
        level(setting, b, True, False, 0.0, ext, False),
        float(gb.npv.sum()),
        level(setting, b, True, True, 1.0, ext, False, drop_savings=True),
        level(setting, b, True, True, 1.0, ext, False),
        level(setting, b, True, True, 1.0, ext, True),
    ]
    levels.append(levels[-1])  # a portfolio of independent gates is worth the single trees
    levels.append(float(sim.npv.mean()))
    finite("the projects' amounts", levels)
    steps = [levels[0]] + [later - earlier for earlier, later in zip(levels, levels[1:])]
    table = pd.DataFrame({"component": list(COMPONENTS), "value": steps + [levels[-1]],
                          "running_total": levels + [levels[-1]],
                          "who": [who for _, who, _ in LADDER], "why": [why for _, _, why in LADDER]})
    return Appraisal(table, sim, float(gb.costs.sum()),
                     float((gb.benefits + gb.externalities).sum()),
                     float(naive.costs.sum()), float(naive.benefits.sum()))


def _check_run(projects: list[Project], setting: object, uncertainty: object, n: object,
               seed: object) -> None:
    v.instance("setting", setting, Setting, "a Setting, e.g. Setting(horizon=50)")
    v.instance("uncertainty", uncertainty, Uncertainty, "an Uncertainty, e.g. Uncertainty.scaled(1.0)")
    check_size(n, projects, setting)  # type: ignore[arg-type]
    check_seed(seed)


def green_book_flows(projects: Sequence[Project] | Project, setting: Setting = Setting(),
                     externality_share: float = 0.0) -> pd.DataFrame:
    """Year-by-year expected costs and benefits of the Green Book central case.

    Prices follow the learning curve driven by the rest of the market's
    deployment only; benefits (with ``externality_share`` on top) are expected
    values, costs carry the optimism-bias uplift, and a failed project is
    stopped after its gate year. Discounting these flows with the setting's
    schedule gives the Green Book central case of :func:`appraise`.

    Returns
    -------
    pandas.DataFrame
        ``year`` (0..horizon; year 0 has no flows), ``costs``, ``benefits``.

    Examples
    --------
    >>> p = Project("p", unit_cost=100, unit_benefit=12, units_per_year=10, build_years=3,
    ...             learning_rate=0.0, p_success=0.5, gate_year=1)
    >>> green_book_flows([p], Setting(horizon=4))[["costs", "benefits"]].values.tolist()
    [[0.0, 0.0], [1000.0, 0.0], [500.0, 60.0], [500.0, 120.0], [0.0, 180.0]]
    """
    projects = as_projects(projects)
    v.instance("setting", setting, Setting, "a Setting, e.g. Setting(horizon=50)")
    ext = _check_options(externality_share, 0.0)["externality_share"]
    arr = as_arrays(projects)
    t = np.arange(1, setting.horizon + 1, dtype=float)[None, :]
    building = t <= arr.build[:, None]
    b = -np.log2(1.0 - arr.lr)[:, None]
    price = arr.c0[:, None] * (1.0 + (arr.m / arr.x0)[:, None] * (t - 1.0)) ** -b
    paid = np.where(t <= arr.gate[:, None], 1.0, arr.p[:, None])  # a failure stops after the gate
    costs = (1.0 + setting.optimism_bias) * arr.q[:, None] * price * building * paid
    operating = np.minimum(t - 1.0, arr.build[:, None])
    benefits = (1.0 + ext) * arr.p[:, None] * arr.v[:, None] * arr.q[:, None] * operating
    table = pd.DataFrame({"year": np.arange(setting.horizon + 1),
                          "costs": np.r_[0.0, costs.sum(axis=0)],
                          "benefits": np.r_[0.0, benefits.sum(axis=0)]})
    finite("the projects' amounts", table[["costs", "benefits"]].to_numpy())
    return table


def decompose(projects: Sequence[Project] | Project, setting: Setting = Setting(),
              uncertainty: Uncertainty = Uncertainty(), n: int = 10_000, seed: int = 0,
              **options: float) -> pd.DataFrame:
    """The ladder table: ``component``, ``value``, ``running_total``, ``who``, ``why``.

    Examples
    --------
    >>> list(decompose(example_portfolio(), n=100).columns)
    ['component', 'value', 'running_total', 'who', 'why']
    """
    return appraise(projects, setting, uncertainty, n, seed, **options).decomposition


@dataclass(frozen=True)
class Scenario:
    """The settings that lesson 04, the explorer, the exercise and the capstone share.

    Attributes
    ----------
    setting : Setting
        Discounting, horizon and optimism bias (default: 50 years, the Green
        Book schedule and a 44% uplift, the upper bound for standard civil
        engineering capital costs in Mott MacDonald's 2002 review for HM
        Treasury).
    uncertainty : Uncertainty
        Illustrative spreads of the Monte Carlo draws.
    n, seed : int
        Number of draws and seed.
    learning_rate : float or None
        One learning rate for every project (20%: the solar PV and
        lithium-ion rates in ``wright_learning_rates.csv``); None keeps each
        project's own.
    spillover_share : float or None
        One spillover share for every project (illustrative 50%, the mean of
        the data file's illustrative shares); None keeps each project's share.
    externality_share, failed_spillover_share : float
        Illustrative: external benefits as a share of direct benefits, and the
        share of spillovers a failed project still yields.

    Examples
    --------
    >>> s = example_scenario()
    >>> s.setting.optimism_bias, s.seed, s.n
    (0.44, 0, 10000)
    >>> round(s.with_(n=200).appraise().green_book_npv) == round(s.with_(n=300).appraise().green_book_npv)
    True
    """

    setting: Setting = field(default_factory=lambda: Setting(horizon=50, optimism_bias=0.44))
    uncertainty: Uncertainty = field(default_factory=Uncertainty)
    n: int = 10_000
    seed: int = 0
    learning_rate: float | None = 0.2
    spillover_share: float | None = 0.5
    externality_share: float = 0.1
    failed_spillover_share: float = 0.5

    def __post_init__(self) -> None:
        set_ = object.__setattr__
        v.instance("setting", self.setting, Setting, "a pvkit.appraisal.Setting")
        v.instance("uncertainty", self.uncertainty, Uncertainty, "a pvkit.appraisal.Uncertainty")
        set_(self, "n", check_draws(self.n))  # sized against the projects when they are appraised
        set_(self, "seed", check_seed(self.seed))
        if self.learning_rate is not None:
            set_(self, "learning_rate", v.number("learning_rate", self.learning_rate, low=0.0, high=1.0,
                                                 high_open=True, hint="0.2 means 20% cheaper per doubling"))
        if self.spillover_share is not None:
            set_(self, "spillover_share", check_positive(self.spillover_share, "spillover_share",
                                                         allow_zero=True, high=MAX_SPILLOVER))
        options = _check_options(self.externality_share, self.failed_spillover_share)
        for name, value in options.items():
            set_(self, name, value)

    def with_(self, **changes: object) -> "Scenario":
        """A copy with some settings changed (``optimism_bias`` and ``horizon`` go to the Setting)."""
        setting_keys = {"horizon", "schedule", "rate", "optimism_bias"}
        own_keys = {f.name for f in fields(self)}
        unknown = [k for k in changes if k not in setting_keys | own_keys]
        if unknown:
            allowed = ", ".join(sorted(setting_keys | own_keys))
            raise TypeError(f"{unknown[0]} is not a setting of the scenario; change one of {allowed}")
        setting = replace(self.setting, **{k: changes.pop(k) for k in list(changes) if k in setting_keys})
        return replace(self, setting=setting, **changes)

    def portfolio(self) -> list[Project]:
        """The example portfolio under this scenario's learning rate and spillover share."""
        return example_portfolio(learning_rate=self.learning_rate, spillover_share=self.spillover_share)

    @property
    def options(self) -> dict[str, float]:
        return {"externality_share": self.externality_share,
                "failed_spillover_share": self.failed_spillover_share}

    def appraise(self, projects: Sequence[Project] | None = None) -> Appraisal:
        """Walk the ladder for ``projects`` (default: :meth:`portfolio`)."""
        return appraise(self.portfolio() if projects is None else projects, self.setting,
                        self.uncertainty, self.n, self.seed, **self.options)

    def decompose(self, projects: Sequence[Project] | None = None) -> pd.DataFrame:
        return self.appraise(projects).decomposition

    def simulate(self, projects: Sequence[Project] | None = None) -> Simulation:
        return simulate(self.portfolio() if projects is None else projects, self.setting,
                        self.uncertainty, self.n, self.seed, **self.options)

    def portfolio_gates(self, projects: Sequence[Project] | None = None) -> pd.DataFrame:
        """:func:`pvkit.appraisal.portfolio_gates` under this scenario."""
        from pvkit.appraisal.options import portfolio_gates

        return portfolio_gates(self.portfolio() if projects is None else projects, self.setting,
                               self.uncertainty, self.n, self.seed, **self.options)


def gap_split(result: Appraisal | pd.DataFrame) -> dict[str, float]:
    """How much of the gap between the naive and the dynamic NPV is which.

    ``result`` is what :func:`appraise` returns, or its ladder table (as
    :func:`decompose` and :func:`pvkit.roar.assessment` return).

    Returns
    -------
    dict
        ``naive``, ``green_book``, ``dynamic`` (NPVs); ``poor_practice``
        (Green Book minus naive: what a competent static appraisal already
        corrects), ``dynamic_only`` (dynamic minus Green Book: what the
        brief's argument rests on), ``own_learning`` (both own-learning
        rungs) and ``spillovers``.

    Examples
    --------
    >>> g = gap_split(appraise(example_portfolio(), n=200))
    >>> bool(abs(g["naive"] + g["poor_practice"] + g["dynamic_only"] - g["dynamic"]) < 1e-6)
    True
    """
    table = result.decomposition if isinstance(result, Appraisal) else result
    if not isinstance(table, pd.DataFrame):
        raise TypeError(f"result must be what pvkit.appraisal.appraise() or decompose() returns, "
                        f"got {v.shown(result)}")
    t = _ladder("result", table).set_index("component")
    naive = float(t.loc["naive static NPV", "value"])
    green_book = float(t.loc["single-project real option", "running_total"])
    dynamic = float(t.loc["dynamic expected NPV", "value"])
    return {"naive": naive, "green_book": green_book, "dynamic": dynamic,
            "poor_practice": green_book - naive, "dynamic_only": dynamic - green_book,
            "own_learning": float(t.loc["own learning, for the programme", "value"]
                                  + t.loc["own learning, for other buyers", "value"]),
            "spillovers": float(t.loc["spillovers", "value"])}


def _ladder(name: str, table: pd.DataFrame) -> pd.DataFrame:
    """A ladder table: every rung, in order, with finite values."""
    if "component" not in table or table["component"].tolist() != list(COMPONENTS):
        raise TypeError(f"{name} must be what pvkit.appraisal.appraise() or decompose() returns: "
                        "a table with one row per rung of the ladder")
    return v.frame(name, table, columns=["component"], numeric=["value", "running_total"])


def example_scenario(**changes: object) -> Scenario:
    """The shared scenario of module 4, optionally with some settings changed.

    Examples
    --------
    >>> example_scenario(optimism_bias=0.0).setting.optimism_bias
    0.0
    """
    return Scenario().with_(**changes)
