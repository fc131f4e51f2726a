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

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from pvkit.rewards import _checks
from pvkit.rewards.deals import MARGIN, PARTIES, Deal, Equity, Grant, Royalty, Term, as_deal
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
    the order does not matter.
    """

    deals: tuple[Deal, ...]
    weights: tuple[float, ...]

    def counts(self, n_ventures: int) -> list[int]:
        """How many of ``n_ventures`` each deal gets (largest remainders, adding up).

        >>> from pvkit.rewards.deals import Equity, Loan
        >>> mix((Equity(0.2), 1), (Loan(0.05), 2)).counts(10)
        [3, 7]
        """
        exact = np.asarray(self.weights) / sum(self.weights) * n_ventures
        counts = np.floor(exact).astype(int)
        order = np.argsort(-(exact - counts), kind="stable")
        for i in order[: n_ventures - int(counts.sum())]:
            counts[i] += 1
        return [int(c) for c in counts]

    def label(self) -> str:
        """e.g. ``'30% equity (50%) | grant (50%)'``."""
        total = sum(self.weights)
        return " | ".join(f"{d.label()} ({100 * w / total:.0f}%)"
                          for d, w in zip(self.deals, self.weights))


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
        raise ValueError("a mix needs at least one (deal, weight) pair")
    deals, weights = [], []
    for pair in pairs:
        if not isinstance(pair, tuple) or len(pair) != 2:
            raise TypeError("give each deal of a mix as a (deal, weight) pair")
        deals.append(as_deal(pair[0]))
        weights.append(_checks.non_negative("weight of a deal", pair[1]))
    if sum(weights) == 0:
        raise ValueError("at least one deal of the mix needs a weight above 0")
    return DealMix(tuple(deals), tuple(weights))


def _as_plan(deal: object) -> DealMix:
    if isinstance(deal, DealMix):
        return deal
    if isinstance(deal, (Deal, Term)) or isinstance(deal, (list, tuple)):
        return DealMix((as_deal(deal),), (1.0,))
    raise TypeError(
        "expected a deal such as Equity(0.2), or a mix made with pvkit.rewards.mix(), "
        f"got {type(deal).__name__}"
    )


def _check_ventures(ventures: object) -> Ventures:
    if not isinstance(ventures, Ventures):
        raise TypeError(
            "expected ventures from pvkit.rewards.simulate() or from_outcomes(), "
            f"got {type(ventures).__name__}"
        )
    if ventures.profit.size == 0:
        raise ValueError("the portfolio is empty: it needs at least one venture")
    return ventures


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
            block = Ventures(ventures.investment[:, start:start + count],
                             ventures.profit[:, start:start + count],
                             ventures.failed[:, start:start + count])
            parts.append(one.split(block))
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
    table["public_return"] = table["public"] / table["investment"]
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
    return summary_of(_sums(ventures, plan), _label(plan))


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

    Examples
    --------
    >>> from pvkit.rewards.deals import Grant
    >>> from pvkit.rewards.ventures import from_outcomes
    >>> float(summary_of(portfolio_sums(from_outcomes([3.0]), Grant()))["public_return"])
    -1.0
    """
    means = {k: float(np.mean(v)) for k, v in sums.items()}
    total = means["total"]
    invested = np.asarray(sums["investment"])
    out = {
        "deal": label,
        "portfolios": int(invested.size),
        "invested": means["investment"],
        "public_return": float((sums["public"] / invested).mean()),
        "p_public_loses": float((sums["public"] < -1e-9 * invested).mean()),
        **{p: means[p] for p in PARTIES},
        "total": total,
        "reinvested": means["reinvested"],
    }
    for party in PARTIES:
        out[f"{party}_share"] = means[party] / total if total else float("nan")
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
    if not isinstance(deals, Mapping) or not deals:
        raise ValueError("give the deals to compare as a non-empty dict: name -> deal")
    rows = {name: summarise(ventures, deal) for name, deal in deals.items()}
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
        Number of equal-width bins.
    limits : (float, float), optional
        Range of the bins; by default from the data (returns outside go to the end bins).

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
    return histogram_of(_sums(_check_ventures(ventures), deal), bins, limits)


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
    bins = _checks.whole("number of bins", bins, lowest=1, highest=500)
    ratio = np.asarray(sums["public"]) / np.asarray(sums["investment"])
    low, high = (float(ratio.min()), float(ratio.max())) if limits is None else limits
    if not high > low:
        low, high = low - 0.5, low + 0.5
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
    if not isinstance(deals, Mapping) or not deals:
        raise ValueError("give the deals as a non-empty dict: name -> deal")
    if ventures.shape[0] != 1:
        raise ValueError("payments needs one portfolio (from_outcomes with a list of outcomes)")
    n = ventures.shape[1]
    names = list(outcomes) if outcomes is not None else [f"venture {i + 1}" for i in range(n)]
    if len(names) != n:
        raise ValueError(f"outcomes names {len(names)} columns but there are {n} ventures")
    if value not in ("paid", "public", "private", "consumer", "total"):
        raise ValueError(f"value must be paid, public, private, consumer or total, got {value!r}")
    rows = {name: split_ventures(ventures, deal)[value][0] for name, deal in deals.items()}
    return pd.DataFrame(rows, index=names).T.rename_axis("deal")


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
        Chances that a venture fails, each between 0 and 1.
    n_ventures, n_portfolios, seed, **settings
        Passed to :func:`pvkit.rewards.simulate` (e.g. ``skew=1.5``).

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

    if not isinstance(deals, Mapping) or not deals:
        raise ValueError("give the deals as a non-empty dict: name -> deal")
    rates = [_checks.share("failure rate", r) for r in np.atleast_1d(np.asarray(failure_rates,
                                                                             dtype=float))]
    if not rates:
        raise ValueError("give at least one failure rate")
    rows = []
    for rate in rates:
        v = simulate(n_ventures=n_ventures, n_portfolios=n_portfolios, seed=seed, p_fail=rate,
                     **settings)
        for name, deal in deals.items():
            s = summarise(v, deal)
            rows.append({"p_fail": rate, "deal": name, "public_return": float(s["public_return"]),
                         "p_public_loses": float(s["p_public_loses"])})
    return pd.DataFrame(rows)
