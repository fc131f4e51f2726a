"""Portfolio summaries: the public's return, its chance of losing, and who gets what.

A portfolio's public net return is what the public got back minus what it put
in, over everything it put in. Deals can be mixed: a :class:`DealMix` gives
each deal a share of every portfolio's ventures.

>>> from pvkit.rewards.deals import Equity, Grant
>>> from pvkit.rewards.ventures import simulate
>>> v = simulate(n_ventures=100, n_portfolios=500, seed=0)
>>> s = summarise(v, Equity(0.3))
>>> bool(s["public_return"] > summarise(v, Grant())["public_return"])
True
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from pvkit import _validate
from pvkit._validate import MAX_DRAWS, MAX_ITEMS, shown
from pvkit.rewards import _checks
from pvkit.rewards._checks import MAX_CELLS, MAX_DEALS
from pvkit.rewards.deals import MARGIN, PARTIES, Deal, Equity, Grant, Royalty, Term, _as_deal
from pvkit.rewards.ventures import Ventures

__all__ = [
    "DealMix",
    "mix",
    "split_ventures",
    "portfolio_totals",
    "summarise",
    "compare",
    "who_gets_what",
    "return_histogram",
    "split",
    "portfolio_sums",
    "summary_of",
    "histogram_of",
    "payments",
    "by_failure_rate",
]

_SUMMED = ("investment", "paid", "public", "private", "consumer", "total", "reinvested")


@dataclass(frozen=True)
class DealMix:
    """Deals with weights: each deal gets that share of every portfolio's ventures.

    Build one with :func:`mix`. Ventures are assigned in blocks (the first
    ones to the first deal, and so on); since ventures are drawn independently
    the order does not matter. Weights need not add up to 1 (only their ratios
    count); they must be finite, at least 0, and not all 0.

    >>> DealMix((Equity(0.2), Grant()), (1e308, 1e308)).counts(20)
    [10, 10]
    """

    deals: tuple[Deal, ...]
    weights: tuple[float, ...]

    def __post_init__(self) -> None:
        deals = self.deals
        if isinstance(deals, (Deal, Term)) or isinstance(deals, (str, bytes, Mapping)) \
                or not isinstance(deals, Iterable):
            raise TypeError(f"deals must be a tuple of deals such as (Equity(0.2), Grant()), "
                            f"got {type(deals).__name__} {shown(deals)}")
        deals = tuple(deals)
        if not deals:
            raise ValueError("deals is empty: a mix needs at least one deal")
        if len(deals) > MAX_DEALS:
            raise ValueError(f"deals has {len(deals):,} deals; a mix takes at most {MAX_DEALS}")
        deals = tuple(_as_deal(d, f"deals[{i}]") for i, d in enumerate(deals))
        weights = _validate.array("weights", self.weights, max_length=MAX_DEALS, low=0.0, what="weight")
        if weights.size != len(deals):
            raise ValueError(f"weights must give one weight per deal ({len(deals)}), got {weights.size}")
        if not weights.any():
            raise ValueError("weights are all 0: at least one deal of the mix needs a weight above 0")
        object.__setattr__(self, "deals", deals)
        object.__setattr__(self, "weights", tuple(float(w) for w in weights))

    def _shares(self) -> np.ndarray:
        # divide by the largest weight first, so that huge weights cannot overflow the sum
        scaled = np.asarray(self.weights) / max(self.weights)
        return scaled / scaled.sum()

    def counts(self, n_ventures: int) -> list[int]:
        """How many of ``n_ventures`` each deal gets (largest remainders, adding up).

        >>> from pvkit.rewards.deals import Equity, Loan
        >>> mix((Equity(0.2), 1), (Loan(0.05), 2)).counts(10)
        [3, 7]
        """
        n_ventures = _checks.whole("n_ventures", n_ventures, lowest=0, highest=MAX_ITEMS,
                                   why="(ventures per portfolio)")
        exact = self._shares() * n_ventures
        counts = np.floor(exact).astype(int)
        order = np.argsort(-(exact - counts), kind="stable")
        for i in order[: n_ventures - int(counts.sum())]:
            counts[i] += 1
        return [int(c) for c in counts]

    def label(self) -> str:
        """e.g. ``'30% equity (50%) | grant (50%)'``."""
        return " | ".join(f"{d.label()} ({100 * w:.0f}%)" for d, w in zip(self.deals, self._shares()))


def mix(*pairs: tuple[object, float]) -> DealMix:
    """A mix of deals from ``(deal, weight)`` pairs; weights need not add up to 1.

    Raises
    ------
    ValueError
        If there are no deals, a weight is negative or NaN, or all weights are 0.

    Examples
    --------
    >>> from pvkit.rewards.deals import Equity, Grant
    >>> mix((Equity(0.2), 0.5), (Grant(), 0.5)).label()
    '20% equity (50%) | grant (50%)'
    """
    if not pairs:
        raise ValueError("pairs: a mix needs at least one (deal, weight) pair")
    if len(pairs) > MAX_DEALS:
        raise ValueError(f"pairs: a mix takes at most {MAX_DEALS} deals, got {len(pairs):,}")
    deals, weights = [], []
    for i, pair in enumerate(pairs):
        if not isinstance(pair, tuple) or len(pair) != 2:
            raise TypeError(f"pairs[{i}] must be a (deal, weight) pair such as (Equity(0.2), 0.5), "
                            f"got {shown(pair)}")
        deals.append(_as_deal(pair[0], f"pairs[{i}] deal"))
        weights.append(_checks.non_negative(f"pairs[{i}] weight of a deal", pair[1], upper=None))
    if sum(w > 0 for w in weights) == 0:
        raise ValueError("pairs: at least one deal of the mix needs a weight above 0")
    return DealMix(tuple(deals), tuple(weights))


def _as_plan(deal: object, name: str = "deal") -> DealMix:
    if isinstance(deal, DealMix):
        return deal
    if isinstance(deal, (Deal, Term)) or isinstance(deal, (list, tuple)):
        return DealMix((_as_deal(deal, name),), (1.0,))
    raise TypeError(
        f"{name} must be a deal such as Equity(0.2), or a mix made with pvkit.rewards.mix(), "
        f"got {type(deal).__name__} {shown(deal)}"
    )


def _check_ventures(ventures: object, name: str = "ventures") -> Ventures:
    if not isinstance(ventures, Ventures):
        raise TypeError(
            f"{name} must come from pvkit.rewards.simulate() or from_outcomes(), "
            f"got {type(ventures).__name__} {shown(ventures)}"
        )
    return ventures


def _check_sums(name: str, sums: object) -> dict[str, np.ndarray]:
    """Per-portfolio sums as :func:`portfolio_sums` gives them: every key, equal lengths, finite."""
    if not isinstance(sums, Mapping):
        raise TypeError(f"{name} must be the dict that portfolio_sums() returns, got "
                        f"{type(sums).__name__} {shown(sums)}")
    missing = [key for key in _SUMMED if key not in sums]
    if missing:
        raise ValueError(f"{name} is missing {', '.join(missing)}: pass what portfolio_sums() returns")
    out = {key: _validate.array(f"{name}[{key!r}]", sums[key], max_length=MAX_DRAWS, what="portfolio")
           for key in _SUMMED}
    sizes = {a.size for a in out.values()}
    if len(sizes) > 1:
        raise ValueError(f"{name} must hold one value per portfolio in every entry; lengths differ {sorted(sizes)}")
    if (out["investment"] <= 0).any():
        raise ValueError(f"{name}['investment'] must be more than 0 in every portfolio")
    return out


def _returns(sums: Mapping[str, np.ndarray], name: str) -> np.ndarray:
    """The public's net return of each portfolio (public / investment), checked finite."""
    with np.errstate(over="ignore"):
        ratio = np.asarray(sums["public"]) / np.asarray(sums["investment"])
    if not (np.abs(ratio) <= _checks.BIG).all():  # also False for NaN
        raise ValueError(f"{name}: the public's return is more than {_checks.BIG:g} times what it invested "
                         "(an investment is tiny next to what the ventures pay back); use investments "
                         "of a sensible size")
    return ratio


def split_ventures(ventures: Ventures, deal: object) -> dict[str, np.ndarray]:
    """Venture-by-venture split under a deal or a mix (arrays of the ventures' shape).

    Keys as :meth:`Deal.split`; under a mix, ventures are split by their own deal.

    Examples
    --------
    >>> from pvkit.rewards.deals import Equity, Grant
    >>> from pvkit.rewards.ventures import from_outcomes
    >>> s = split_ventures(from_outcomes([10.0, 10.0]), mix((Equity(0.5), 1), (Grant(), 1)))
    >>> s["paid"].tolist()
    [[5.0, 0.0]]
    """
    ventures = _check_ventures(ventures)
    plan = _as_plan(deal)
    if len(plan.deals) == 1:
        return plan.deals[0].split(ventures)
    n = ventures.shape[1]
    parts, start = [], 0
    for one, count in zip(plan.deals, plan.counts(n)):
        if count:
            parts.append(one.split(ventures.columns(start, start + count)))
        start += count
    return {key: np.concatenate([p[key] for p in parts], axis=1) for key in parts[0]}


def portfolio_totals(ventures: Ventures, deal: object) -> pd.DataFrame:
    """One row per portfolio: amounts summed over its ventures, and the public's return.

    Returns
    -------
    pandas.DataFrame
        ``portfolio``, ``investment``, ``paid``, ``public``, ``private``,
        ``consumer``, ``total``, ``reinvested`` and ``public_return``
        (public / investment: -1 means the public lost everything).

    Examples
    --------
    >>> from pvkit.rewards.deals import Loan
    >>> from pvkit.rewards.ventures import from_outcomes
    >>> portfolio_totals(from_outcomes([0.0, 50.0], 10.0), Loan(0.1))["public_return"].tolist()
    [-0.45]
    """
    sums = _sums(ventures, deal)
    table = pd.DataFrame({"portfolio": np.arange(len(sums["public"])), **sums})
    table["public_return"] = _returns(sums, "ventures")
    return table


def _sums(ventures: Ventures, deal: object) -> dict[str, np.ndarray]:
    """Per-portfolio sums, computed without building every per-venture array.

    Profit, revenue, consumer surplus and the total are linear in a venture's
    profit, so only payments with a floor or a ceiling (loans, windfall shares)
    and, with a reinvestment requirement, what the owners keep are computed
    venture by venture.
    """
    ventures = _check_ventures(ventures)
    plan = _as_plan(deal)
    n = ventures.shape[1]
    counts = plan.counts(n) if len(plan.deals) > 1 else [n]
    sums = {key: np.zeros(ventures.shape[0]) for key in _SUMMED}
    start = 0
    for one, count in zip(plan.deals, counts):
        if not count:
            continue
        cols = slice(start, start + count)
        start += count
        invest, raw = ventures.investment[:, cols], ventures.profit[:, cols]
        cut = one.cut
        to_profit = 1.0 - cut * cut
        to_revenue = (1.0 / MARGIN - cut) * (1.0 + cut)
        raw_sum = raw.sum(axis=1)
        invest_sum = invest.sum(axis=1)
        profit_sum = to_profit * raw_sum
        consumer_sum = 0.5 * (1.0 + cut) ** 2 * raw_sum
        linear = 0.0  # payments proportional to profit or revenue: summed directly
        paid = None  # the other payments, venture by venture
        for term in one.terms:
            if not term.monetary or isinstance(term, Grant):
                continue
            if isinstance(term, Equity):
                linear += term.stake * to_profit
            elif isinstance(term, Royalty):
                linear += term.rate * to_revenue
            else:
                take = term.public_take(invest, to_profit * raw, to_revenue * raw)
                paid = take if paid is None else paid + take
        paid_sum = linear * raw_sum + (0.0 if paid is None else paid.sum(axis=1))
        if one.reinvest_share:
            venture_paid = linear * raw + (0.0 if paid is None else paid)
            kept = np.maximum(to_profit * raw - venture_paid, 0.0)
            sums["reinvested"] += one.reinvest_share * kept.sum(axis=1)
        sums["investment"] += invest_sum
        sums["paid"] += paid_sum
        sums["public"] += paid_sum - invest_sum
        sums["private"] += profit_sum - paid_sum
        sums["consumer"] += consumer_sum
        sums["total"] += profit_sum + consumer_sum - invest_sum
    return sums


def summarise(ventures: Ventures, deal: object) -> pd.Series:
    """The public's return and who gets what, averaged over the portfolios.

    Returns
    -------
    pandas.Series
        ``deal`` (its label), ``portfolios``, ``invested`` (per portfolio),
        ``public_return`` (mean of public net / invested), ``p_public_loses``
        (share of portfolios where the public gets back less than it put in),
        mean amounts ``public``, ``private``, ``consumer``, ``total`` per
        portfolio, and ``public_share``, ``private_share``, ``consumer_share``
        (each mean amount over the mean total value; they add up to 1).

    Examples
    --------
    >>> from pvkit.rewards.deals import Grant
    >>> from pvkit.rewards.ventures import from_outcomes
    >>> s = summarise(from_outcomes([0.0, 8.0], 2.0), Grant())
    >>> float(s["public_return"]), float(s["p_public_loses"]), float(s["total"])
    (-1.0, 1.0, 8.0)
    """
    ventures = _check_ventures(ventures)
    plan = _as_plan(deal)
    return _summary(_sums(ventures, plan), _label(plan), "ventures")


def _label(plan: DealMix) -> str:
    return plan.label() if len(plan.deals) > 1 else plan.deals[0].label()


def portfolio_sums(ventures: Ventures, deal: object) -> dict[str, np.ndarray]:
    """Per-portfolio sums of every amount, fast (the simulator's workhorse).

    Returns
    -------
    dict of numpy.ndarray
        ``investment``, ``paid``, ``public``, ``private``, ``consumer``,
        ``total``, ``reinvested``: one value per portfolio. Pass it to
        :func:`summary_of` or :func:`histogram_of`.

    Examples
    --------
    >>> from pvkit.rewards.deals import Equity
    >>> from pvkit.rewards.ventures import from_outcomes
    >>> portfolio_sums(from_outcomes([[0.0, 10.0], [2.0, 2.0]]), Equity(0.5))["paid"].tolist()
    [5.0, 2.0]
    """
    return _sums(ventures, deal)


def summary_of(sums: Mapping[str, np.ndarray], label: str = "") -> pd.Series:
    """:func:`summarise` from sums already computed by :func:`portfolio_sums`.

    Raises
    ------
    ValueError
        If ``sums`` lacks an amount, holds a NaN or infinity, or the ventures
        create no value at all (then the parties' shares of it are undefined).

    Examples
    --------
    >>> from pvkit.rewards.deals import Grant
    >>> from pvkit.rewards.ventures import from_outcomes
    >>> float(summary_of(portfolio_sums(from_outcomes([3.0]), Grant()))["public_return"])
    -1.0
    """
    return _summary(_check_sums("sums", sums), _checks.text("label", label, empty=True, max_length=500), "sums")


def _summary(sums: Mapping[str, np.ndarray], label: str, name: str) -> pd.Series:
    """:func:`summary_of` on checked sums; ``name`` is the argument blamed if shares are undefined."""
    with np.errstate(over="ignore"):
        means = {k: float(np.mean(v)) for k, v in sums.items()}
    if not all(np.isfinite(list(means.values()))):
        raise ValueError(f"{name}: the amounts are too large to average (the mean overflows)")
    total = means["total"]
    if total == 0:
        raise ValueError(f"{name}: the ventures create no value in total (0 per portfolio), so the "
                         "shares of it that each party gets are undefined")
    invested = np.asarray(sums["investment"])
    out = {
        "deal": label,
        "portfolios": int(invested.size),
        "invested": means["investment"],
        "public_return": float(_returns(sums, name).mean()),
        "p_public_loses": float((sums["public"] < -1e-9 * invested).mean()),
        **{p: means[p] for p in PARTIES},
        "total": total,
        "reinvested": means["reinvested"],
    }
    for party in PARTIES:
        out[f"{party}_share"] = means[party] / total
    return pd.Series(out)


def compare(ventures: Ventures, deals: Mapping[str, object]) -> pd.DataFrame:
    """:func:`summarise` for several deals on the same portfolios, one row each.

    Examples
    --------
    >>> from pvkit.rewards.deals import Equity, Grant
    >>> from pvkit.rewards.ventures import simulate
    >>> t = compare(simulate(n_ventures=50, n_portfolios=100, seed=1), {"grant": Grant(), "equity": Equity(0.2)})
    >>> t.index.tolist(), bool((t["total"].diff().dropna() == 0).all())
    (['grant', 'equity'], True)
    """
    ventures = _check_ventures(ventures)
    plans = {name: _as_plan(deal, f"deals[{name!r}]") for name, deal in _checks.deal_names("deals", deals).items()}
    rows = {name: summarise(ventures, plan) for name, plan in plans.items()}
    return pd.DataFrame(rows).T.rename_axis("name")


def who_gets_what(ventures: Ventures, deals: Mapping[str, object]) -> pd.DataFrame:
    """Tidy table for a stacked bar: mean amount per portfolio by deal and party.

    Examples
    --------
    >>> from pvkit.rewards.deals import Grant
    >>> from pvkit.rewards.ventures import from_outcomes
    >>> who_gets_what(from_outcomes([4.0], 1.0), {"grant": Grant()}).values.tolist()
    [['grant', 'public', -1.0], ['grant', 'private', 4.0], ['grant', 'consumer', 2.0]]
    """
    table = compare(ventures, deals)
    rows = [(name, party, float(table.loc[name, party]))
            for name in table.index for party in PARTIES]
    return pd.DataFrame(rows, columns=["deal", "party", "amount"])


def return_histogram(ventures: Ventures, deal: object, bins: int = 40,
                     limits: tuple[float, float] | None = None) -> pd.DataFrame:
    """Histogram of the public's net return over portfolios (aggregated for charts).

    Parameters
    ----------
    bins : int
        Number of equal-width bins (1 to 500).
    limits : (float, float), optional
        Range of the bins, low below high; by default from the data (returns
        outside go to the end bins).

    Returns
    -------
    pandas.DataFrame
        ``start``, ``end``, ``portfolios`` (count) and ``share`` (of all portfolios).

    Examples
    --------
    >>> from pvkit.rewards.deals import Grant
    >>> from pvkit.rewards.ventures import simulate
    >>> h = return_histogram(simulate(n_ventures=10, n_portfolios=30, seed=0), Grant(), bins=4)
    >>> int(h["portfolios"].sum())
    30
    """
    ventures = _check_ventures(ventures)
    bins, limits = _bins(bins), _limits(limits)
    return _histogram(_sums(ventures, deal), bins, limits, "ventures")


def histogram_of(sums: Mapping[str, np.ndarray], bins: int = 40,
                 limits: tuple[float, float] | None = None) -> pd.DataFrame:
    """:func:`return_histogram` from sums already computed by :func:`portfolio_sums`.

    Examples
    --------
    >>> from pvkit.rewards.deals import Grant
    >>> from pvkit.rewards.ventures import from_outcomes
    >>> histogram_of(portfolio_sums(from_outcomes([[3.0], [0.0]]), Grant()), bins=2, limits=(-1, 1))["portfolios"].tolist()
    [2, 0]
    """
    return _histogram(_check_sums("sums", sums), _bins(bins), _limits(limits), "sums")


#: Most bins of a histogram: a chart cannot show more bars than it has pixels.
MAX_BINS = 500


def _bins(bins: object) -> int:
    return _checks.whole("bins", bins, lowest=1, highest=MAX_BINS, why="(a chart cannot show more bars)")


def _limits(limits: object) -> tuple[float, float] | None:
    if limits is None:
        return None
    pair = _validate.array("limits", limits, min_length=2, max_length=2, low=-_checks.BIG,
                           high=_checks.BIG, what="limit")
    low, high = float(pair[0]), float(pair[1])
    if not high - low > _WIDTH * max(1.0, abs(low), abs(high)):
        raise ValueError(f"limits must be (low, high) with high above low, got ({low:g}, {high:g})")
    return low, high


#: Narrowest range of a histogram, relative to its size (finer bins than this are not distinct numbers).
_WIDTH = 1e-6


def _histogram(sums: Mapping[str, np.ndarray], bins: int, limits: tuple[float, float] | None,
               name: str) -> pd.DataFrame:
    ratio = _returns(sums, name)
    low, high = (float(ratio.min()), float(ratio.max())) if limits is None else limits
    if not high - low > _WIDTH * max(1.0, abs(low), abs(high)):  # all (nearly) equal: one bin around them
        middle = low / 2 + high / 2
        low, high = middle - 0.5 * max(1.0, abs(middle)), middle + 0.5 * max(1.0, abs(middle))
    counts, edges = np.histogram(np.clip(ratio, low, high), bins=bins, range=(low, high))
    return pd.DataFrame({"start": edges[:-1], "end": edges[1:], "portfolios": counts,
                         "share": counts / ratio.size})


def split(ventures: Ventures, deal: object) -> pd.DataFrame:
    """Tidy venture-by-venture table of a split (for reading; summaries use arrays).

    Examples
    --------
    >>> from pvkit.rewards.deals import Equity
    >>> from pvkit.rewards.ventures import from_outcomes
    >>> split(from_outcomes([10.0]), Equity(0.5))[["public", "private", "consumer"]].values.tolist()
    [[4.0, 5.0, 5.0]]
    """
    ventures = _check_ventures(ventures)
    cells = ventures.profit.size
    if cells > MAX_ITEMS:
        raise ValueError(f"ventures has {cells:,} ventures in all; a venture-by-venture table holds at most "
                         f"{MAX_ITEMS:,} rows (use summarise() or portfolio_totals() for more)")
    parts = split_ventures(ventures, deal)
    table = ventures.to_frame()[["portfolio", "venture", "failed"]]
    for key in ("investment", "profit", "revenue", "paid", "public", "private", "consumer",
                "total", "reinvested"):
        table[key] = parts[key].ravel()
    return table


def payments(ventures: Ventures, deals: Mapping[str, object],
             outcomes: list[str] | None = None, value: str = "paid") -> pd.DataFrame:
    """One row per deal, one column per venture: an amount of each deal's split.

    Parameters
    ----------
    ventures : Ventures
        Usually one portfolio from :func:`from_outcomes` (a few illustrative outcomes).
    deals : dict
        Name -> deal.
    outcomes : list of str, optional
        Column names, one per venture (default ``venture 1``, ``venture 2``, ...).
    value : str
        Which amount of :meth:`Deal.split`: ``paid`` (to the public), ``public``,
        ``private``, ``consumer`` or ``total``.

    Examples
    --------
    >>> from pvkit.rewards.deals import Equity, Grant
    >>> from pvkit.rewards.ventures import from_outcomes
    >>> payments(from_outcomes([0.0, 10.0]), {"grant": Grant(), "half": Equity(0.5)},
    ...          ["fails", "succeeds"]).values.tolist()
    [[0.0, 0.0], [0.0, 5.0]]
    """
    ventures = _check_ventures(ventures)
    if ventures.shape[0] != 1:
        raise ValueError(f"ventures must be one portfolio (from_outcomes with a list of outcomes), "
                         f"got {ventures.shape[0]:,} portfolios")
    plans = {name: _as_plan(deal, f"deals[{name!r}]") for name, deal in _checks.deal_names("deals", deals).items()}
    n = ventures.shape[1]
    if outcomes is None:
        names = [f"venture {i + 1}" for i in range(n)]
    else:
        names = _checks.names("outcomes", outcomes)
        if len(names) != n:
            raise ValueError(f"outcomes names {len(names)} columns but there are {n} ventures")
    value = _checks.choice("value", value, ("paid", "public", "private", "consumer", "total"))
    rows = {name: split_ventures(ventures, plan)[value][0] for name, plan in plans.items()}
    return pd.DataFrame(rows, index=names).T.rename_axis("deal")


#: Most failure rates in one call of :func:`by_failure_rate` (each is a new simulation).
MAX_RATES = 100
#: Most ventures valued in one call of :func:`by_failure_rate`, over every rate and deal:
#: about 20 s of work on one core (measured: 2 s per 50,000,000).
MAX_WORK = 100 * MAX_CELLS


def by_failure_rate(deals: Mapping[str, object], failure_rates: object, *,
                    n_ventures: int = 100, n_portfolios: int = 2000, seed: int = 0,
                    **settings: float) -> pd.DataFrame:
    """How the public does under each deal as the chance that a venture fails changes.

    For each failure rate the same seeded draws are re-used (only ``p_fail``
    changes; the expected profit per venture stays ``mean_multiple``), and
    each deal is summarised with :func:`summarise`.

    Parameters
    ----------
    deals : dict
        Name -> deal.
    failure_rates : list of float
        Chances that a venture fails, each between 0 and 1 (at most 100 of them).
    n_ventures, n_portfolios, seed, **settings
        Passed to :func:`pvkit.rewards.simulate`; ``settings`` may set ``skew``,
        ``mean_multiple`` and ``investment``. Rates x deals x portfolios x
        ventures is at most 500,000,000 (tens of seconds of work).

    Returns
    -------
    pandas.DataFrame
        One row per failure rate and deal: ``p_fail``, ``deal``,
        ``public_return`` and ``p_public_loses``.

    Examples
    --------
    >>> from pvkit.rewards.deals import Loan
    >>> t = by_failure_rate({"loan": Loan(0.05)}, [0.0, 0.5], n_ventures=10, n_portfolios=50,
    ...                     skew=0.25)
    >>> t["public_return"].round(3).tolist()
    [0.05, -0.418]
    """
    from pvkit.rewards.ventures import simulate

    plans = {name: _as_plan(deal, f"deals[{name!r}]") for name, deal in _checks.deal_names("deals", deals).items()}
    rates = _validate.array("failure_rates", failure_rates, max_length=MAX_RATES, low=0.0, high=1.0,
                            what="failure rate").tolist()
    settings = {_checks.choice(f"settings ({key!r})", key, _SETTINGS): value for key, value in settings.items()}
    n_ventures = _checks.whole("n_ventures (ventures per portfolio)", n_ventures, highest=MAX_ITEMS,
                               why="(to keep tables and memory bounded)")
    n_portfolios = _checks.whole("n_portfolios (number of portfolios)", n_portfolios, highest=MAX_DRAWS,
                                 why="(as many as the draws of any pvkit simulation)")
    work = len(rates) * len(plans) * n_ventures * n_portfolios
    if work > MAX_WORK:
        raise ValueError(
            f"failure_rates x deals x n_portfolios x n_ventures = {len(rates)} x {len(plans)} x "
            f"{n_portfolios:,} x {n_ventures:,} ventures to value; at most {MAX_WORK:,} in one call "
            "(tens of seconds of work): use fewer portfolios, rates or deals"
        )
    rows = []
    for rate in rates:
        v = simulate(n_ventures=n_ventures, n_portfolios=n_portfolios, seed=seed, p_fail=rate,
                     **settings)
        for name, plan in plans.items():
            s = summarise(v, plan)
            rows.append({"p_fail": rate, "deal": name, "public_return": float(s["public_return"]),
                         "p_public_loses": float(s["p_public_loses"])})
    return pd.DataFrame(rows)


#: What ``**settings`` of :func:`by_failure_rate` may set (``p_fail`` is what it varies).
_SETTINGS = ("skew", "mean_multiple", "investment")
