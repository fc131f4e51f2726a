"""Module 6, the capstone: a mission-oriented policy planned with IIPP's ROAR framework.

The brief (Mazzucato & Kattel 2019, *Getting serious about value*, IIPP Policy
Brief 07) ends (section 5 and Box 6) by bringing its four questions together in
one framework, ROAR: **R**outes & directions, **O**rganisations,
**A**ssessment, **R**isks & rewards. This module turns it into a plan a student
can build, run and criticise, with each pillar answered by the model of an
earlier module:

=================== ===================================== ==============================
pillar              what the plan holds                   checked with
=================== ===================================== ==============================
routes & directions a :class:`~pvkit.missions.Mission`    :func:`missions.check_mission`
organisations       spending by supplier, in-house skills :func:`capabilities.hhi`
assessment          one or more appraisal ``Project``     :func:`appraisal.appraise`
risks & rewards     a deal and the ventures' outcomes     :mod:`pvkit.rewards`
=================== ===================================== ==============================

:func:`review` runs two transparent checks per pillar and says what is
missing. Like :func:`missions.check_mission`, the checks are proxies a computer
can apply: they can show a gap, never that a plan is good.

>>> plan = example_plan()
>>> plan.illustrative
True
>>> int(review(plan)["met"].sum()), len(review(plan))
(6, 8)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from pvkit import _validate as v
from pvkit import capabilities, data, missions
from pvkit.appraisal import Project, Setting, appraise, example_scenario, value_for_money
from pvkit.missions import Mission
from pvkit.rewards import Deal, Equity, PriceCap, Reinvestment, as_deal, from_outcomes

__all__ = [
    "PILLARS",
    "IN_HOUSE_MIN",
    "PARTICIPANTS",
    "RoarPlan",
    "framework",
    "example_plan",
    "organisation",
    "assessment",
    "public_return",
    "review",
    "score",
]

#: The four pillars of Box 6, in order.
PILLARS: tuple[str, str, str, str] = ("routes & directions", "organisations", "assessment",
                                      "risks & rewards")
#: Organisations check: the least share (percent) of the key skills the public body should hold.
IN_HOUSE_MIN = 50.0
#: Routes check: kinds of actor that bring the public into a mission (brief, section 1b).
PARTICIPANTS: tuple[str, str] = ("civil society", "citizens")
#: Simulation draws and seed used by :func:`assessment` (and so by :func:`review`).
DRAWS = 2000
SEED = 0
#: Most draws :func:`assessment` takes: a million draws of a 30-year plan take seconds and
#: about a gigabyte; more would not change the answer a student reads.
MAX_DRAWS = v.MAX_DRAWS
#: Most projects in one plan: each is appraised on every draw.
MAX_PROJECTS = 100


def framework() -> pd.DataFrame:
    """Box 6 of the brief as data: the four ROAR pillars and their guiding questions.

    The questions are paraphrased in pvkit's words.

    Returns
    -------
    pandas.DataFrame
        Columns ``pillar``, ``order`` (1-4), ``short`` (a label for charts),
        ``question``, ``brief_section`` (where the brief discusses it),
        ``pvkit_modules`` (the model that answers it) and ``source`` (the
        brief, Box 6, and the two papers its footnote 29 cites).

    Examples
    --------
    >>> framework()["pillar"].tolist() == list(PILLARS)
    True
    >>> framework().set_index("pillar").loc["assessment", "pvkit_modules"]
    'pvkit.appraisal'
    """
    return data.load("roar_framework")


# -- the plan --------------------------------------------------------------------------
def _number(value: object, what: str) -> float:
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise TypeError(f"{what} should be a number, got {v.shown(value)}")
    number = float(value)
    if not np.isfinite(number):
        raise ValueError(f"{what} should be a finite number, got {v.shown(value)}")
    if abs(number) > v.BIG:
        raise ValueError(f"{what} should be at most {v.BIG:.0e} in size, so that totals stay finite, "
                         f"got {v.shown(value)}")
    return number


@dataclass(frozen=True)
class RoarPlan:
    """A mission-oriented policy, one part per ROAR pillar.

    Parameters
    ----------
    mission : pvkit.missions.Mission
        Routes & directions: where the policy is going and the portfolio of projects.
    suppliers : mapping of str to float
        Organisations: what the programme spends (any money unit) with each
        supplier of its key capability, e.g. ``{"Mill A": 55, "Mill B": 45}``.
    in_house_share : float
        Organisations: percent (0-100) of the key skills the public body holds itself.
    projects : sequence of pvkit.appraisal.Project
        Assessment: the investments to appraise, statically and dynamically.
    deal : pvkit.rewards.Deal or Term
        Risks & rewards: the terms of public support, e.g. ``Equity(0.2) + PriceCap(0.3)``.
    outcomes : sequence of float
        Risks & rewards: lifetime profit (present value) of each firm supported;
        0 means it failed.
    investment : float
        Risks & rewards: public money put into each of those firms (more than 0).
    setting : pvkit.appraisal.Setting
        Discounting, horizon and optimism bias for the assessment.
    illustrative : bool
        True when the figures are made up for teaching.

    Raises
    ------
    TypeError, ValueError
        With a message that names the part of the plan that is wrong.

    Examples
    --------
    >>> plan = example_plan()
    >>> plan.mission.deadline, len(plan.projects), plan.deal.label()
    (2040, 1, '25% equity + price cap (-20% markup) + reinvest 50% of profit')
    >>> RoarPlan(plan.mission, {"A": 1}, 120, plan.projects, plan.deal, [1.0], 1.0)
    Traceback (most recent call last):
    ...
    ValueError: in_house_share is a percent between 0 and 100, got 120
    """

    mission: Mission
    suppliers: Mapping[str, float] = field(hash=False)
    in_house_share: float
    projects: tuple[Project, ...]
    deal: Deal
    outcomes: tuple[float, ...]
    investment: float
    setting: Setting = field(default_factory=Setting)
    illustrative: bool = field(default=False, compare=False)

    def __post_init__(self) -> None:
        if not isinstance(self.mission, Mission):
            raise TypeError("mission should be a pvkit.missions.Mission (routes & directions), "
                            f"got {type(self.mission).__name__}")
        if not isinstance(self.suppliers, Mapping) or not self.suppliers:
            raise TypeError("suppliers should be a non-empty dict of supplier -> spending, "
                            "e.g. {'Mill A': 55, 'Mill B': 45}")
        try:
            capabilities.hhi(self.suppliers, kind="sales")  # checks the figures
        except (TypeError, ValueError) as error:
            raise type(error)(f"suppliers: {error}") from None
        object.__setattr__(self, "suppliers", {str(k): float(x) for k, x in self.suppliers.items()})
        share = _number(self.in_house_share, "in_house_share")
        if not 0.0 <= share <= 100.0:
            raise ValueError("in_house_share is a percent between 0 and 100, "
                             f"got {v.shown(self.in_house_share)}")
        object.__setattr__(self, "in_house_share", share)
        projects = self.projects
        if isinstance(projects, Project):
            projects = (projects,)
        if isinstance(projects, (str, bytes)) or not isinstance(projects, Sequence) or not projects \
                or not all(isinstance(p, Project) for p in projects):
            raise TypeError("projects should be a non-empty list of pvkit.appraisal.Project (assessment)")
        if len(projects) > MAX_PROJECTS:
            raise ValueError(f"projects has {len(projects):,} projects; a plan holds at most {MAX_PROJECTS}")
        object.__setattr__(self, "projects", tuple(projects))
        try:
            object.__setattr__(self, "deal", as_deal(self.deal))
        except (TypeError, ValueError) as error:
            message = str(error)
            raise type(error)(message if "deal" in message else f"deal: {message}") from None
        outcomes = self.outcomes
        if isinstance(outcomes, (np.ndarray, pd.Series)) and outcomes.ndim == 1:
            outcomes = outcomes.tolist()
        if isinstance(outcomes, (str, bytes)) or not isinstance(outcomes, Sequence) or not outcomes:
            raise TypeError("outcomes should be a non-empty list of each firm's lifetime profit, "
                            "e.g. [0, 0, 50, 300]")
        if len(outcomes) > v.MAX_ITEMS:
            raise ValueError(f"outcomes has {len(outcomes):,} firms; at most {v.MAX_ITEMS:,}")
        tidy = tuple(_number(x, "outcomes: every entry") for x in outcomes)
        if any(x < 0 for x in tidy):
            raise ValueError("outcomes: each is a lifetime profit of 0 (failure) or more, not negative")
        object.__setattr__(self, "outcomes", tidy)
        invest = _number(self.investment, "investment")
        if invest <= 0:
            raise ValueError("investment is the public money put into each firm, more than 0, "
                             f"got {invest:g}")
        object.__setattr__(self, "investment", invest)
        if not isinstance(self.setting, Setting):
            raise TypeError(f"setting should be a pvkit.appraisal.Setting, got {v.shown(self.setting)}")
        object.__setattr__(self, "illustrative", v.flag("illustrative", self.illustrative))


_STEEL_MISSION = dict(
    grand_challenge="Clean growth",
    statement="Make all the country's steel with near-zero carbon emissions, keeping the jobs",
    target="cut carbon emissions from steelmaking by 90% against 2025",
    deadline=2040,
    launched=2025,
    sectors=["steel", "energy", "construction", "finance", "skills"],
    projects={
        "hydrogen direct-reduction pilot": "steel",
        "electric arc furnace conversion": "steel",
        "green hydrogen supply": "energy",
        "low-carbon steel in public building contracts": "construction",
        "green steel loans": "finance",
        "retraining furnace workers": "skills",
    },
    actors=["public sector", "business", "research", "civil society"],
    sdgs=[9, 12, 13],
)


def example_plan() -> RoarPlan:
    """An illustrative ROAR plan for net-zero steel (all figures invented for teaching).

    Money is in GBP million. One project (hydrogen steel plants, GBP 100m a
    plant, four a year for five years) is appraised over 30 years with a 20%
    optimism-bias uplift. Two incumbent mills take most of the spending, the
    public body holds 30% of the key skills, and four firms are backed with
    GBP 40m each under equity, a price condition and a reinvestment condition.

    Examples
    --------
    >>> plan = example_plan()
    >>> missions.criteria_met(plan.mission)
    5
    >>> plan.suppliers["Mill A"], plan.in_house_share, plan.outcomes
    (55.0, 30.0, (0.0, 0.0, 50.0, 300.0))
    """
    plant = Project("hydrogen steel plants", unit_cost=100, unit_benefit=6, units_per_year=4,
                    build_years=5, market_per_year=6, initial_cumulative=20, learning_rate=0.15,
                    spillover_share=0.3, p_success=0.7, gate_year=2)
    return RoarPlan(
        mission=Mission(**_STEEL_MISSION, illustrative=True),
        suppliers={"Mill A": 55, "Mill B": 30, "new entrant": 10, "recycler": 5},
        in_house_share=30,
        projects=(plant,),
        deal=Equity(0.25) + PriceCap(0.2) + Reinvestment(0.5),
        outcomes=(0.0, 0.0, 50.0, 300.0),
        investment=40.0,
        setting=Setting(horizon=30, optimism_bias=0.2),
        illustrative=True,
    )


def _check_plan(plan: object) -> RoarPlan:
    if not isinstance(plan, RoarPlan):
        raise TypeError(f"plan must be a pvkit.roar.RoarPlan, got {type(plan).__name__}")
    return plan


# -- one pillar at a time ---------------------------------------------------------------
def organisation(plan: RoarPlan) -> dict[str, object]:
    """Organisations: supplier concentration and the skills held in-house.

    Returns
    -------
    dict
        ``hhi`` (of the spending by supplier), ``band`` (2010 US merger
        guidelines), ``largest_share`` (percent) and ``in_house_share``.

    Examples
    --------
    >>> organisation(example_plan())
    {'hhi': 4050.0, 'band': 'highly concentrated', 'largest_share': 55.0, 'in_house_share': 30.0}
    """
    plan = _check_plan(plan)
    index = capabilities.hhi(plan.suppliers, kind="sales")
    return {"hhi": index, "band": capabilities.hhi_band(index),
            "largest_share": capabilities.top_k_share(plan.suppliers, 1, kind="sales"),
            "in_house_share": plan.in_house_share}


def assessment(plan: RoarPlan, n: int = DRAWS, seed: int = SEED) -> pd.DataFrame:
    """Assessment: the plan's projects appraised statically and dynamically.

    Runs :func:`pvkit.appraisal.appraise` on the plan's projects with its
    setting and the shared scenario's externality and failed-spillover shares
    (:func:`pvkit.appraisal.example_scenario`): the ladder from the naive
    static NPV through the Green Book central case (forecast market prices,
    expected values, optimism bias, externalities, a single-project decision
    tree) to the dynamic expected NPV (the programme's own learning,
    spillovers, a seeded Monte Carlo of ``n`` draws).

    Returns
    -------
    pandas.DataFrame
        The ladder (``component``, ``value``, ``running_total``, ``who``,
        ``why``) with the Green Book NPV, BCR and value-for-money category in
        ``attrs`` (``green_book_npv``, ``static_bcr``, ``category``).

    Examples
    --------
    >>> a = assessment(example_plan())
    >>> round(a.attrs["green_book_npv"], 1), a.attrs["category"], round(float(a["value"].iloc[-1]), 1)
    (-200.2, 'poor', 569.7)
    """
    plan = _check_plan(plan)
    n = v.whole("n", n, low=1, high=MAX_DRAWS, why="(draws of the Monte Carlo: more only cost "
                "time and memory)")
    seed = v.seed("seed", seed)
    shared = example_scenario()
    result = appraise(list(plan.projects), plan.setting, n=n, seed=seed,
                      externality_share=shared.externality_share,
                      failed_spillover_share=shared.failed_spillover_share)
    table = result.decomposition.copy()
    table.attrs["green_book_npv"] = result.green_book_npv
    table.attrs["static_bcr"] = result.green_book_bcr
    table.attrs["category"] = value_for_money(result.green_book_bcr)
    return table


def public_return(plan: RoarPlan) -> dict[str, float]:
    """Risks & rewards: what the deal gives the public on the firms it backed.

    Applies the plan's deal (:mod:`pvkit.rewards.deals`) to the firms'
    outcomes. All amounts are totals over the firms, in present value.

    Returns
    -------
    dict
        ``invested``, ``paid_back`` (what the firms pay the public),
        ``public_return`` (paid back minus invested), ``consumer_gain``
        (consumer surplus), ``reinvested`` and ``grant_return`` (the public
        return had the same money been a grant: minus the investment).

    Examples
    --------
    Hand-worked: the price cap keeps (1 - 0.2**2) = 96% of profit, so profits
    are 48 and 288; a 25% stake pays 12 + 72 = 84 back on 4 x 40 = 160.

    >>> r = public_return(example_plan())
    >>> r["invested"], r["paid_back"], r["public_return"], r["grant_return"]
    (160.0, 84.0, -76.0, -160.0)
    """
    plan = _check_plan(plan)
    split = plan.deal.split(from_outcomes(list(plan.outcomes), investment=plan.investment))
    totals = {key: round(float(np.sum(split[key])), 9) + 0.0
              for key in ("investment", "paid", "public", "consumer", "reinvested")}
    return {"invested": totals["investment"], "paid_back": totals["paid"],
            "public_return": totals["public"], "consumer_gain": totals["consumer"],
            "reinvested": totals["reinvested"], "grant_return": -totals["investment"]}


# -- the review ------------------------------------------------------------------------
def _routes(plan: RoarPlan) -> list[tuple[str, bool, str]]:
    table = missions.check_mission(plan.mission)
    met = int(table["met"].sum())
    missing = table.loc[~table["met"]]
    if missing.empty:
        first = (True, "all 5 criteria met by pvkit's rules (whether the mission inspires and is "
                 "realistic still needs your judgement)")
    else:
        first = (False, f"{met} of 5 criteria met; " + "; ".join(
            f"criterion {int(r.criterion)}: {r.feedback}" for r in missing.itertuples()))
    public = [a for a in plan.mission.actors if a in PARTICIPANTS]
    second = (bool(public),
              f"{' and '.join(public)} take part in setting and pursuing the mission" if public else
              "no civil society or citizens among the actors: the brief (section 1b) asks for "
              "missions framed with the public, not only for it")
    return [("meets the five mission criteria", *first),
            ("civil society or citizens help shape the mission", *second)]


def _organisations(plan: RoarPlan) -> list[tuple[str, bool, str]]:
    org = organisation(plan)
    open_market = org["band"] != "highly concentrated"
    first = (open_market,
             f"HHI {org['hhi']:,.0f} ({org['band']})" + ("" if open_market else
             f"; the largest supplier takes {org['largest_share']:g}%: split contracts or use "
             "challenge prizes and open calls to bring in more suppliers"))
    skilled = org["in_house_share"] >= IN_HOUSE_MIN
    second = (skilled,
              f"{org['in_house_share']:g}% of the key skills are in-house" + ("" if skilled else
              f"; below {IN_HOUSE_MIN:g}% (pvkit's own rule of thumb, not a sourced threshold) "
              "the public body may struggle to judge its suppliers: build a team that can"))
    return [("supplier market not highly concentrated", *first),
            (f"at least {IN_HOUSE_MIN:g}% of key skills in-house", *second)]


def _assessment(plan: RoarPlan) -> list[tuple[str, bool, str]]:
    table = assessment(plan)
    static, dynamic = table.attrs["green_book_npv"], float(table["value"].iloc[-1])
    ratio, category = table.attrs["static_bcr"], table.attrs["category"]
    both = (f"Green Book NPV {static:,.1f} (BCR {ratio:.2f}, '{category}' value for money); "
            f"dynamic expected NPV {dynamic:,.1f}")
    first = (dynamic > 0, both + ("" if dynamic > 0 else
             ": even with learning, spillovers and stage gates the case is negative; rethink the "
             "projects or the target"))
    late = [p.name for p in plan.projects if p.gate_year >= p.build_years]
    gated = not late
    second = (gated, "every project has a milestone before its last build year, so failures can be "
              "stopped early" if gated else
              f"no early milestone for {', '.join(late)}: set gate_year before the last build year")
    return [("positive dynamic expected NPV", *first),
            ("milestones: a stage gate before the build ends", *second)]


def _risks(plan: RoarPlan) -> list[tuple[str, bool, str]]:
    r = public_return(plan)
    shares = r["paid_back"] > 0
    first = (shares, f"the public gets {r['paid_back']:,.1f} back on {r['invested']:,.1f} "
             f"(return {r['public_return']:,.1f}; a grant would return {r['grant_return']:,.1f})"
             if shares else
             f"the public gets nothing back on {r['invested']:,.1f}: add equity, a royalty or an "
             "income-contingent loan so it shares the upside as well as the risk")
    conditions = [t.label() for t in plan.deal.terms if not t.monetary]
    second = (bool(conditions), "conditions: " + ", ".join(conditions) if conditions else
              "no conditions: add one on prices, knowledge sharing or reinvestment of profits "
              "(non-monetary returns, section 4 of the brief)")
    return [("the public shares in the upside", *first),
            ("conditions on prices, knowledge or reinvestment", *second)]


_PILLAR_CHECKS = dict(zip(PILLARS, (_routes, _organisations, _assessment, _risks)))


def review(plan: RoarPlan) -> pd.DataFrame:
    """Review a ROAR plan: two checks per pillar, and what to do about each gap.

    Parameters
    ----------
    plan : RoarPlan

    Returns
    -------
    pandas.DataFrame
        Eight rows with columns ``pillar`` (one of :data:`PILLARS`), ``check``,
        ``met`` (bool) and ``feedback``.

    Examples
    --------
    >>> r = review(example_plan())
    >>> r.loc[~r["met"], "check"].tolist()
    ['supplier market not highly concentrated', 'at least 50% of key skills in-house']
    """
    plan = _check_plan(plan)
    rows = [(pillar, check, bool(met), feedback)
            for pillar, rule in _PILLAR_CHECKS.items() for check, met, feedback in rule(plan)]
    return pd.DataFrame(rows, columns=["pillar", "check", "met", "feedback"])


def score(table: pd.DataFrame) -> pd.DataFrame:
    """Checks met per pillar, from a :func:`review` table.

    Returns
    -------
    pandas.DataFrame
        Columns ``pillar`` (in Box 6's order), ``met`` and ``checks``.

    Examples
    --------
    >>> score(review(example_plan()))["met"].tolist()
    [2, 0, 2, 2]
    """
    if not isinstance(table, pd.DataFrame) or not {"pillar", "met"} <= set(table.columns):
        raise TypeError(f"table: expected the table that review() returns, got {type(table).__name__}")
    v.frame("table", table, min_rows=0)
    odd = [p for p in table["pillar"] if not isinstance(p, str) or p not in PILLARS]
    if odd:
        raise ValueError(f"table: {v.shown(odd[0])} in column 'pillar' is not one of {list(PILLARS)}")
    if not table["met"].map(lambda m: isinstance(m, (bool, np.bool_))).all():
        raise ValueError("table: column 'met' must hold True or False for every check")
    grouped = table.groupby("pillar", sort=False)["met"].agg(["sum", "size"])
    grouped = grouped.reindex([p for p in PILLARS if p in grouped.index])
    return pd.DataFrame({"pillar": grouped.index, "met": grouped["sum"].astype(int).to_numpy(),
                         "checks": grouped["size"].astype(int).to_numpy()})
