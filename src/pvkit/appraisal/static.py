"""Static cost-benefit analysis as the Green Book teaches it.

Net present value, benefit-cost ratio and the Department for Transport's
value-for-money category, internal rate of return, optimism bias, switching
values, one-way sensitivity, real vs nominal prices and distributional weights.

Conventions: ``flows[t]`` is the net flow at the **end** of year t (year 0 is
today, undiscounted), in real prices; discounting uses the Green Book schedule
unless a constant ``rate`` is given. With these conventions the Green Book
(2003) worked example comes out as published: an IT system costing GBP 1m today
that saves GBP 150k a year for ten years has an NPV of about +GBP 247k.

>>> round(npv([-1000] + [150] * 10), 1)
247.5
>>> value_for_money(1.8)
'medium'
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import numpy as np
import pandas as pd

from pvkit import data
from pvkit.appraisal._checks import as_flows, check_positive, check_rate
from pvkit.appraisal.discounting import discount_factors

__all__ = [
    "present_value", "npv", "bcr", "value_for_money", "VFM_CATEGORIES", "irr", "irr_all",
    "optimism_bias_table", "optimism_bias", "apply_optimism_bias", "switching_values",
    "one_way_sensitivity", "to_real", "to_nominal", "distributional_weights",
]

#: Value-for-money categories of the Department for Transport, by benefit-cost ratio.
VFM_CATEGORIES: tuple[str, ...] = ("very poor", "poor", "low", "medium", "high", "very high")


def present_value(flows: object, schedule: str = "green_book", rate: float | None = None) -> float:
    """Present value of flows at the end of years 0, 1, 2, ...

    Examples
    --------
    >>> round(present_value([0, 110], rate=0.10), 6)
    100.0
    """
    array = as_flows(flows)
    factors = discount_factors(np.arange(array.size), schedule=schedule, rate=rate)
    return float(np.dot(array, factors))


def npv(flows: object, schedule: str = "green_book", rate: float | None = None) -> float:
    """Net present value of net flows (benefits minus costs), one per year from year 0.

    Parameters
    ----------
    flows : array-like of float
        ``flows[t]`` is the net flow at the end of year t; year 0 is not discounted.
    schedule : {"green_book", "green_book_health"}
        Declining Green Book schedule (default), ignored when ``rate`` is given.
    rate : float, optional
        A constant annual discount rate instead of the schedule.

    Returns
    -------
    float

    Examples
    --------
    >>> round(npv([-1000] + [100] * 10), 1)
    -168.3
    >>> round(npv([-100, 110], rate=0.10), 9)
    0.0
    """
    return present_value(flows, schedule, rate)


def bcr(benefits: object, costs: object, schedule: str = "green_book", rate: float | None = None) -> float:
    """Benefit-cost ratio: present value of benefits over present value of costs.

    Both are streams of positive amounts, one per year from year 0, of the
    same length.

    Raises
    ------
    ValueError
        Different lengths, negative amounts, or costs whose present value is zero.

    Examples
    --------
    >>> round(bcr([0, 0, 300], [200, 0, 0], rate=0.0), 2)
    1.5
    """
    b, c = as_flows(benefits, "benefits"), as_flows(costs, "costs")
    if b.size != c.size:
        raise ValueError(f"benefits ({b.size} years) and costs ({c.size} years) must cover the same years")
    if np.any(b < 0) or np.any(c < 0):
        raise ValueError("give benefits and costs as positive amounts; the ratio subtracts nothing")
    pv_c = present_value(c, schedule, rate)
    if pv_c == 0:
        raise ValueError("the costs have a present value of zero, so the ratio is undefined")
    return present_value(b, schedule, rate) / pv_c


def value_for_money(ratio: float) -> str:
    """The DfT value-for-money category of a benefit-cost ratio (any real number).

    Edges come from ``uk_dft_value_for_money.csv``: very poor at 0 or below,
    poor below 1, low from 1, medium from 1.5, high from 2 up to and including
    4, very high above 4. A negative ratio (benefits below zero) is "very poor",
    not an error. The edges at 0 and 4 are from secondary summaries of the DfT
    Value for Money Framework (see ``src/pvkit/data/PROVENANCE.md``).

    Examples
    --------
    >>> [value_for_money(x) for x in (-0.5, 0.0, 0.99, 1.0, 1.5, 2.0, 4.0, 4.01)]
    ['very poor', 'very poor', 'poor', 'low', 'medium', 'high', 'high', 'very high']
    """
    if isinstance(ratio, bool) or not isinstance(ratio, (int, float, np.integer, np.floating)):
        raise TypeError(f"the benefit-cost ratio must be a number, got {type(ratio).__name__}")
    value = float(ratio)
    if not np.isfinite(value):
        raise ValueError(f"the benefit-cost ratio must be a finite number, got {value}")
    table = data.load("uk_dft_value_for_money")
    if value <= 0.0:
        return "very poor"
    for row in table.iloc[1:].itertuples():  # in rising order; each includes its lower edge
        top = row.bcr_to
        if pd.isna(top) or value < top or (row.category == "high" and value == top):
            return str(row.category)
    raise AssertionError("unreachable: the last category has no upper edge")  # pragma: no cover


def irr_all(flows: object) -> np.ndarray:
    """Every internal rate of return: all real rates above -100% that make NPV zero.

    Solves sum_t flows[t] x^t = 0 for x = 1/(1+r) with numpy's polynomial
    roots and keeps the real, positive x. Sorted ascending; empty if none.

    Examples
    --------
    >>> irr_all([-100, 230, -132]).round(4).tolist()
    [0.1, 0.2]
    """
    array = np.trim_zeros(as_flows(flows), "b")
    if array.size < 2:
        return np.array([])
    lead = int(np.flatnonzero(array)[0]) if np.any(array) else 0
    array = array[lead:]  # leading zeros only shift the polynomial by powers of x
    roots = np.polynomial.polynomial.polyroots(array)
    real = roots[np.abs(roots.imag) <= 1e-9 * np.maximum(1.0, np.abs(roots.real))].real
    real = real[real > 1e-12]
    rates = np.unique(np.round(1.0 / real - 1.0, 12))
    return rates[rates > -1.0]


def irr(flows: object) -> float:
    """The internal rate of return, when there is exactly one.

    Raises
    ------
    ValueError
        If no rate makes the NPV zero (e.g. all flows have one sign), or if
        several do (flows that change sign more than once); the message lists
        them, and :func:`irr_all` returns them all.

    Examples
    --------
    >>> round(irr([-1000] + [150] * 10), 4)
    0.0814
    """
    rates = irr_all(flows)
    if rates.size == 0:
        raise ValueError("no internal rate of return exists: no discount rate makes these flows' NPV zero "
                         "(check that they contain both costs and benefits)")
    if rates.size > 1:
        listed = ", ".join(f"{r:.2%}" for r in rates)
        raise ValueError(f"these flows have several internal rates of return ({listed}); "
                         "the IRR cannot rank them, so use the NPV")
    return float(rates[0])


def optimism_bias_table() -> pd.DataFrame:
    """Optimism bias uplifts (upper and lower bounds, as fractions) by project type.

    Examples
    --------
    >>> t = optimism_bias_table()
    >>> t.query("project_type == 'standard buildings' and measure == 'capital expenditure'")["upper"].item()
    0.24
    """
    return data.load("uk_green_book_optimism_bias")


def optimism_bias(project_type: str, measure: str = "capital expenditure", bound: str = "upper") -> float:
    """The optimism-bias uplift for a project type, as a fraction (0.24 = 24%).

    ``bound="upper"`` is the Green Book's starting point before any
    mitigation; ``"lower"`` is what is left when risks are well managed.

    Examples
    --------
    >>> optimism_bias("equipment/development")
    2.0
    >>> optimism_bias("standard civil engineering", "works duration", "lower")
    0.01
    """
    table = optimism_bias_table()
    if bound not in ("upper", "lower"):
        raise ValueError(f"bound must be 'upper' or 'lower', got {bound!r}")
    if project_type not in set(table["project_type"]):
        raise ValueError(f"unknown project type {project_type!r}; use one of "
                         f"{sorted(set(table['project_type']))}")
    rows = table[(table["project_type"] == project_type) & (table["measure"] == measure)]
    if rows.empty:
        have = table.loc[table["project_type"] == project_type, "measure"].tolist()
        raise ValueError(f"no {measure!r} figure for {project_type!r}; it has {have}")
    return float(rows[bound].iloc[0])


def apply_optimism_bias(costs: object, uplift: float) -> np.ndarray:
    """Costs raised by an optimism-bias uplift (0.24 means +24%).

    Examples
    --------
    >>> apply_optimism_bias([100, 50], 0.24).tolist()
    [124.0, 62.0]
    """
    return as_flows(costs, "costs") * (1.0 + check_positive(uplift, "the uplift", allow_zero=True))


def switching_values(benefits: object, costs: object, schedule: str = "green_book",
                     rate: float | None = None) -> pd.DataFrame:
    """How far benefits or costs must move, all years alike, to bring the NPV to zero.

    Returns
    -------
    pandas.DataFrame
        One row each for ``benefits`` and ``costs``: ``present_value``,
        ``switching_change`` (the proportional change: -0.2 means "if benefits
        were 20% lower, the NPV would be zero") and ``switching_value`` (the
        present value at which the NPV is zero).

    Examples
    --------
    >>> sv = switching_values([0, 120], [100, 0], rate=0.0)
    >>> sv["switching_change"].round(4).tolist()
    [-0.1667, 0.2]
    """
    b, c = as_flows(benefits, "benefits"), as_flows(costs, "costs")
    if b.size != c.size:
        raise ValueError(f"benefits ({b.size} years) and costs ({c.size} years) must cover the same years")
    pv_b, pv_c = present_value(b, schedule, rate), present_value(c, schedule, rate)
    net = pv_b - pv_c
    rows = []
    for name, pv, sign in (("benefits", pv_b, -1.0), ("costs", pv_c, 1.0)):
        change = sign * net / pv if pv else float("nan")
        rows.append((name, pv, change, pv * (1 + change) if pv else float("nan")))
    return pd.DataFrame(rows, columns=["variable", "present_value", "switching_change", "switching_value"])


def one_way_sensitivity(model: Callable[..., float], base: Mapping[str, float],
                        ranges: Mapping[str, tuple[float, float]]) -> pd.DataFrame:
    """Move one input at a time to its low and high value; record the result.

    Parameters
    ----------
    model : callable
        ``model(**inputs) -> float`` (e.g. an NPV).
    base : mapping
        The central value of every input.
    ranges : mapping
        Input name -> (low, high) for the inputs to vary.

    Returns
    -------
    pandas.DataFrame
        ``parameter``, ``low``, ``high``, ``result_low``, ``result_high``,
        ``base_result`` and ``swing`` (|high - low| result), largest swing
        first: the rows of a tornado chart.

    Examples
    --------
    >>> f = lambda a, b: 2 * a + b
    >>> one_way_sensitivity(f, {"a": 1, "b": 1}, {"a": (0, 2), "b": (0, 2)})["parameter"].tolist()
    ['a', 'b']
    """
    if not callable(model):
        raise TypeError("model must be a function of the inputs, returning a number")
    unknown = [k for k in ranges if k not in base]
    if unknown:
        raise ValueError(f"{unknown} have a range but no central value in base")
    central = float(model(**base))
    rows = []
    for name, pair in ranges.items():
        if len(pair) != 2:
            raise ValueError(f"the range for {name!r} must be a (low, high) pair")
        low, high = pair
        rows.append((name, low, high, float(model(**{**base, name: low})),
                     float(model(**{**base, name: high})), central))
    table = pd.DataFrame(rows, columns=["parameter", "low", "high", "result_low", "result_high", "base_result"])
    table["swing"] = (table["result_high"] - table["result_low"]).abs()
    return table.sort_values("swing", ascending=False, kind="stable").reset_index(drop=True)


def _deflator_ratio(n: int, deflator: object | None, inflation: float | None, base_year: int) -> np.ndarray:
    if (deflator is None) == (inflation is None):
        raise ValueError("give either a GDP deflator index (one value per year) or a constant inflation rate")
    if deflator is not None:
        index = as_flows(deflator, "deflator")
        if index.size != n:
            raise ValueError(f"the deflator has {index.size} values but the flows cover {n} years")
        if np.any(index <= 0):
            raise ValueError("a GDP deflator index must be above zero")
    else:
        index = (1.0 + check_rate(inflation, "inflation")) ** np.arange(n)
    if not 0 <= base_year < n:
        raise ValueError(f"base_year must be one of the years 0..{n - 1}, got {base_year}")
    return index / index[base_year]


def to_real(nominal: object, deflator: object | None = None, inflation: float | None = None,
            base_year: int = 0) -> np.ndarray:
    """Convert nominal (cash) flows into real prices of ``base_year`` with a GDP deflator.

    Examples
    --------
    >>> to_real([100, 102], inflation=0.02).round(6).tolist()
    [100.0, 100.0]
    >>> to_real([100, 125], deflator=[100, 125]).tolist()
    [100.0, 100.0]
    """
    flows = as_flows(nominal, "nominal flows")
    return flows / _deflator_ratio(flows.size, deflator, inflation, base_year)


def to_nominal(real: object, deflator: object | None = None, inflation: float | None = None,
               base_year: int = 0) -> np.ndarray:
    """Convert real flows (prices of ``base_year``) into nominal cash flows.

    Examples
    --------
    >>> to_nominal([100, 100], inflation=0.02).tolist()
    [100.0, 102.0]
    """
    flows = as_flows(real, "real flows")
    return flows * _deflator_ratio(flows.size, deflator, inflation, base_year)


def distributional_weights(group_income: object, median_income: float,
                           elasticity: float = 1.3) -> np.ndarray:
    """Welfare weights (median income / group income) ** elasticity.

    A pound to a group at half the median income counts 2 ** 1.3 = 2.46 times.
    The default elasticity of 1.3 is the commonly quoted Green Book value; it is
    not verified for pvkit, so treat it as illustrative.

    Examples
    --------
    >>> distributional_weights([15000, 30000, 60000], 30000).round(3).tolist()
    [2.462, 1.0, 0.406]
    """
    incomes = as_flows(group_income, "group incomes")
    if np.any(incomes <= 0):
        raise ValueError("incomes must be above zero")
    median = check_positive(median_income, "the median income")
    e = check_positive(elasticity, "the elasticity", allow_zero=True)
    return (median / incomes) ** e
