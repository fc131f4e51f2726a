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

import math
from collections.abc import Callable, Mapping

import numpy as np
import pandas as pd

from pvkit import _validate as v
from pvkit import data
from pvkit._validate import BIG, MAX_ITEMS
from pvkit.appraisal._checks import as_flows, as_year, check_positive, check_rate, finite
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
    return _pv(as_flows(flows), schedule, rate, "flows")


def _pv(array: np.ndarray, schedule: object, rate: object, name: str) -> float:
    factors = discount_factors(np.arange(array.size), schedule=schedule, rate=rate)
    with np.errstate(over="ignore", invalid="ignore"):
        total = float(np.dot(array, factors))
    if not math.isfinite(total):
        raise ValueError(f"{name} and rate give a present value too large to compute with (it overflows)")
    return total


def npv(flows: object, schedule: str = "green_book", rate: float | None = None) -> float:
    """Net present value of net flows (benefits minus costs), one per year from year 0.

    Parameters
    ----------
    flows : array-like of float
        ``flows[t]`` is the net flow at the end of year t; year 0 is not discounted.
        At most 1,001 years (0..1,000) and amounts at most 1e15 in size, so the
        sums stay finite.
    schedule : {"green_book", "green_book_health"}
        Declining Green Book schedule (default), ignored when ``rate`` is given
        (but still checked: a misspelt name is an error).
    rate : float, optional
        A constant annual discount rate instead of the schedule, from -40% to
        1000% (below -40% the factors of a 1,000-year flow would overflow).

    Returns
    -------
    float

    Examples
    --------
    >>> round(npv([-1000] + [100] * 10), 1)
    -168.3
    >>> abs(npv([-100, 110], rate=0.10)) < 1e-9
    True
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
    b, c = _streams(benefits, costs)
    pv_c = _pv(c, schedule, rate, "costs")
    if pv_c == 0:
        raise ValueError("costs have a present value of zero, so the benefit-cost ratio is undefined")
    ratio = _pv(b, schedule, rate, "benefits") / pv_c
    return float(finite("benefits and costs", ratio))


def _streams(benefits: object, costs: object) -> tuple[np.ndarray, np.ndarray]:
    """Benefits and costs: amounts of zero or more, one per year, covering the same years."""
    b = as_flows(benefits, "benefits", low=0.0)
    c = as_flows(costs, "costs", low=0.0)
    if b.size != c.size:
        raise ValueError(f"benefits ({b.size} years) and costs ({c.size} years) must cover the same years")
    return b, c


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
    value = v.number("ratio", ratio, hint="the benefit-cost ratio, e.g. 1.8")
    table = data.load("uk_dft_value_for_money")
    # rising order whatever the file's order; the open-ended bottom band sorts first
    table = table.sort_values("bcr_from", na_position="first", kind="stable")
    if value <= 0.0:
        return "very poor"
    for row in table.iloc[1:].itertuples():  # each includes its lower edge
        top = row.bcr_to
        if pd.isna(top) or value < top or (row.category == "high" and value == top):
            return str(row.category)
    raise AssertionError("unreachable: the last category has no upper edge")  # pragma: no cover


def irr_all(flows: object) -> np.ndarray:
    """Every internal rate of return: all real rates above -100% that make NPV zero.

    Solves sum_t flows[t] x^t = 0 for x = 1/(1+r) > 0. Up to 60 years of flows
    the roots come from numpy's polynomial roots (exact, all of them). Longer
    flows, whose roots would take cubic time, are searched instead: the NPV's
    sign is evaluated on a fine grid of x between the bounds that hold every
    root, and each sign change is narrowed down by bisection. Flows with one
    change of sign (a cost, then benefits) have exactly one rate and it is
    always found; for longer flows with several changes of sign, two rates
    closer together than about 0.1% can be missed. Sorted ascending; empty if none.

    Examples
    --------
    >>> irr_all([-100, 230, -132]).round(4).tolist()
    [0.1, 0.2]
    """
    array = np.trim_zeros(as_flows(flows), "b")
    if array.size < 2:
        return np.array([])
    array = array[int(np.flatnonzero(array)[0]):]  # leading zeros only shift by powers of x
    signs = np.sign(array[array != 0])
    if array.size < 2 or not np.any(signs[1:] != signs[:-1]):
        return np.array([])  # one sign throughout: the NPV is never zero
    x = _roots_exact(array) if array.size <= EXACT_IRR_LENGTH else None
    if x is None:
        x = _roots_searched(array)
    with np.errstate(divide="ignore", over="ignore"):
        rates = np.unique(np.round(1.0 / x - 1.0, 12))
    return rates[np.isfinite(rates) & (rates > -1.0)]


#: Flows up to this length get every root from the companion matrix (cubic in the length).
EXACT_IRR_LENGTH = 60
#: Points of the grid on which longer flows' NPV sign is searched.
IRR_GRID = 4001


def _roots_exact(array: np.ndarray) -> np.ndarray | None:
    """Real positive roots from numpy's polynomial roots; None if badly scaled."""
    try:
        with np.errstate(all="ignore"):
            roots = np.polynomial.polynomial.polyroots(array)
    except np.linalg.LinAlgError:
        return None
    if not np.all(np.isfinite(roots)):
        return None
    real = roots[np.abs(roots.imag) <= 1e-9 * np.maximum(1.0, np.abs(roots.real))].real
    return real[real > 1e-12]


def _scaled_npv(array: np.ndarray, u: np.ndarray) -> np.ndarray:
    """sum_t a_t x^t with x = e^u, divided by x^n where x > 1: the same sign, never overflowing."""
    t = np.arange(array.size, dtype=float)
    out = np.empty(u.size)
    for start in range(0, u.size, 256):
        chunk = u[start:start + 256]
        shift = np.where(chunk > 0, array.size - 1, 0)[:, None]
        out[start:start + 256] = np.exp(np.outer(chunk, t) - chunk[:, None] * shift) @ array
    return out


def _roots_searched(array: np.ndarray) -> np.ndarray:
    """Positive roots in x by sign changes on a log grid, then bisection."""
    size = np.abs(array)
    # Cauchy's bounds: every root has |a_0|/(|a_0| + max|a_i|) <= x <= 1 + max|a_i|/|a_n|
    low = math.log(size[0]) - np.logaddexp(math.log(size[0]), math.log(size[1:].max()))
    high = np.logaddexp(0.0, math.log(size[:-1].max()) - math.log(size[-1]))
    limit = math.log(1e9)  # rates between -100% + 1e-9 and 1e9 (10^11 %)
    u = np.linspace(max(low, -limit), min(high, limit), IRR_GRID)
    f = _scaled_npv(array, u)
    found = [u[f == 0]]
    left = np.flatnonzero(np.sign(f[:-1]) * np.sign(f[1:]) < 0)
    a, b, fa = u[left], u[left + 1], f[left]
    for _ in range(60):
        mid = 0.5 * (a + b)
        fm = _scaled_npv(array, mid)
        same = np.sign(fm) == np.sign(fa)
        a, fa = np.where(same, mid, a), np.where(same, fm, fa)
        b = np.where(same, b, mid)
    found.append(0.5 * (a + b))
    return np.exp(np.concatenate(found))


def irr(flows: object) -> float:
    """The internal rate of return, when there is exactly one.

    Found as :func:`irr_all` finds them, so 1,000 years of flows take a
    fraction of a second.

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
    bound = v.choice("bound", bound, ["upper", "lower"])
    types = list(dict.fromkeys(table["project_type"]))
    if isinstance(project_type, str) and project_type.strip().lower() not in {t.lower() for t in types}:
        try:
            v.choice("project_type", project_type, types)
        except ValueError as error:
            raise ValueError(f"{error} (an unknown project type)") from None
    project_type = v.choice("project_type", project_type, types)
    have = table.loc[table["project_type"] == project_type, "measure"].tolist()
    try:
        measure = v.choice("measure", measure, have)
    except ValueError as error:
        raise ValueError(f"{error}: those are the figures for {project_type!r}") from None
    rows = table[(table["project_type"] == project_type) & (table["measure"] == measure)]
    return float(rows[bound].iloc[0])


def apply_optimism_bias(costs: object, uplift: float) -> np.ndarray:
    """Costs raised by an optimism-bias uplift (0.24 means +24%).

    Examples
    --------
    >>> apply_optimism_bias([100, 50], 0.24).tolist()
    [124.0, 62.0]
    """
    raised = as_flows(costs, "costs") * (1.0 + check_positive(uplift, "uplift", allow_zero=True, high=10.0,
                                                               hint="0.24 means +24%"))
    return finite("costs and uplift", raised)


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
    b, c = _streams(benefits, costs)
    pv_b, pv_c = _pv(b, schedule, rate, "benefits"), _pv(c, schedule, rate, "costs")
    for name, pv in (("benefits", pv_b), ("costs", pv_c)):
        if pv == 0:
            raise ValueError(f"{name} have a present value of zero: no proportional change in them can "
                             "bring the NPV to zero, so switching values need benefits and costs both above zero")
    net = pv_b - pv_c
    rows = []
    for name, pv, sign in (("benefits", pv_b, -1.0), ("costs", pv_c, 1.0)):
        change = sign * net / pv
        rows.append((name, pv, change, pv * (1 + change)))
    table = pd.DataFrame(rows, columns=["variable", "present_value", "switching_change", "switching_value"])
    finite("benefits and costs", table.select_dtypes("number").to_numpy())
    return table


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
        raise TypeError(f"model must be a function of the inputs, returning a number, got {v.shown(model)}")
    base = _inputs("base", base)
    if not isinstance(ranges, Mapping):
        raise TypeError(f"ranges must be a dict of input name -> (low, high), got {v.shown(ranges)}")
    v.names("ranges", list(ranges))
    unknown = [name for name in ranges if name not in base]
    if unknown:
        raise ValueError(f"ranges gives {unknown} but base has no central value for them; base has {list(base)}")
    pairs = {}
    for name, pair in ranges.items():
        if isinstance(pair, (str, bytes, Mapping)) or not hasattr(pair, "__len__") or len(pair) != 2:
            raise TypeError(f"ranges[{name!r}] must be a (low, high) pair of numbers, got {v.shown(pair)}")
        for x in pair:
            _amount(f"ranges[{name!r}]", x)
        pairs[name] = tuple(pair)
    central = _result(model, base)
    rows = []
    for name, (low, high) in pairs.items():
        rows.append((name, low, high, _result(model, {**base, name: low}),
                     _result(model, {**base, name: high}), central))
    table = pd.DataFrame(rows, columns=["parameter", "low", "high", "result_low", "result_high", "base_result"])
    table["swing"] = (table["result_high"] - table["result_low"]).abs()
    finite("model results", table["swing"])
    return table.sort_values("swing", ascending=False, kind="stable").reset_index(drop=True)


def _amount(name: str, value: object) -> float:
    return v.number(name, value, low=-BIG, high=BIG)


def _inputs(name: str, values: object) -> dict[str, float]:
    """A dict of input name -> number."""
    if not isinstance(values, Mapping):
        raise TypeError(f"{name} must be a dict of input name -> central value, got {v.shown(values)}")
    keys = v.names(name, list(values))
    if len(keys) > MAX_ITEMS:
        raise ValueError(f"{name} has too many inputs; at most {MAX_ITEMS:,}")
    for key in keys:
        _amount(f"{name}[{key!r}]", values[key])
    return dict(values)  # the model gets the values as given (an int stays an int)


def _result(model: Callable[..., float], inputs: dict[str, float]) -> float:
    """model(**inputs) as a finite number; its own errors are reported as the model's."""
    try:
        value = model(**inputs)
    except (ValueError, TypeError) as error:
        raise ValueError(f"model failed at {inputs}: {error}") from None
    try:
        return v.number("model's result", value)
    except (TypeError, ValueError) as error:
        raise ValueError(f"model must return a finite number: {error}") from None


def _deflator_ratio(n: int, deflator: object | None, inflation: float | None, base_year: object,
                    flows_name: str) -> np.ndarray:
    if (deflator is None) == (inflation is None):
        raise ValueError("give either a GDP deflator index (one value per year) or a constant inflation rate "
                         "(deflator=... or inflation=..., not both)")
    if deflator is not None:
        index = as_flows(deflator, "deflator", low=0.0)
        if index.size != n:
            raise ValueError(f"deflator has {index.size} values but {flows_name} has {n} (one per year)")
        if np.any(index <= 0):
            raise ValueError("deflator: a GDP deflator index must be above zero")
    else:
        with np.errstate(over="ignore"):
            index = (1.0 + check_rate(inflation, "inflation")) ** np.arange(n)
        finite("inflation and the number of years", index)
    year = as_year(base_year, "base_year", high=n - 1)
    return index / index[year]


def to_real(nominal: object, deflator: object | None = None, inflation: float | None = None,
            base_year: int = 0) -> np.ndarray:
    """Convert nominal (cash) flows into real prices of ``base_year`` with a GDP deflator.

    Give either ``deflator`` (an index above zero, one value per year of the
    flows) or a constant ``inflation`` rate (-40% to 1000%); ``base_year`` is one
    of the years of the flows (0, 1, ...).

    Examples
    --------
    >>> to_real([100, 102], inflation=0.02).round(6).tolist()
    [100.0, 100.0]
    >>> to_real([100, 125], deflator=[100, 125]).tolist()
    [100.0, 100.0]
    """
    flows = as_flows(nominal, "nominal")
    with np.errstate(over="ignore"):
        out = flows / _deflator_ratio(flows.size, deflator, inflation, base_year, "nominal")
    return finite("nominal, deflator and inflation", out)


def to_nominal(real: object, deflator: object | None = None, inflation: float | None = None,
               base_year: int = 0) -> np.ndarray:
    """Convert real flows (prices of ``base_year``) into nominal cash flows.

    Examples
    --------
    >>> to_nominal([100, 100], inflation=0.02).tolist()
    [100.0, 102.0]
    """
    flows = as_flows(real, "real")
    with np.errstate(over="ignore"):
        out = flows * _deflator_ratio(flows.size, deflator, inflation, base_year, "real")
    return finite("real, deflator and inflation", out)


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
    incomes = as_flows(group_income, "group_income", what="group", low=0.0, max_length=MAX_ITEMS)
    if np.any(incomes <= 0):
        raise ValueError("group_income: every group's income must be above zero")
    median = check_positive(median_income, "median_income")
    e = check_positive(elasticity, "elasticity", allow_zero=True, high=10.0,
                       hint="the Green Book's is about 1.3")
    with np.errstate(over="ignore"):
        weights = (median / incomes) ** e
    return finite("group_income, median_income and elasticity", weights)
