"""A revolving fund: do the winners' returns pay for the next round of investments?

The fund starts with some capital. Each round it invests in up to
``ventures_per_round`` new ventures (as many as its balance allows); what the
firms pay back under the deal returns to the fund at the end of the round.
A fund is *self-sustaining* when, on average, it gets back at least what it
invests.

>>> from pvkit.rewards.deals import Equity
>>> t = revolving_fund(Equity(0.5), capital=20.0, rounds=3, ventures_per_round=10, seed=1)
>>> t["round"].tolist()
[1, 2, 3]
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from pvkit import _validate
from pvkit._validate import BIG, MAX_DRAWS, shown
from pvkit.rewards import _checks
from pvkit.rewards._checks import MAX_CELLS
from pvkit.rewards.deals import Deal, KnowledgeSharing, PriceCap, _market
from pvkit.rewards.portfolio import _as_plan, _check_ventures, split_ventures
from pvkit.rewards.ventures import MEAN_MULTIPLE, P_FAIL, SKEW, Ventures, simulate

__all__ = ["revolving_fund", "fund_bands", "compare_funds", "break_even_share"]


def revolving_fund(
    deal: object,
    *,
    capital: float = 50.0,
    rounds: int = 10,
    ventures_per_round: int = 20,
    investment: float = 1.0,
    p_fail: float = P_FAIL,
    skew: float = SKEW,
    mean_multiple: float = MEAN_MULTIPLE,
    paths: int = 1,
    seed: int = 0,
) -> pd.DataFrame:
    """Run a revolving fund over several rounds, for one or many simulated histories.

    Parameters
    ----------
    deal : deal or mix
        The terms of every investment the fund makes.
    capital : float
        The fund's money at the start.
    rounds : int
        Rounds of investment (1 to 100).
    ventures_per_round : int
        Most ventures funded in a round (1 to 10,000).
    investment, p_fail, skew, mean_multiple
        As in :func:`pvkit.rewards.simulate`.
    paths : int
        Independent histories to simulate (for a band of outcomes; 1 to 10,000).
        ``rounds x paths x ventures_per_round`` is at most 5,000,000 (the
        limit of :func:`simulate`).
    seed : int
        Seed of the random numbers (a whole number from 0).

    Returns
    -------
    pandas.DataFrame
        One row per path and round: ``path``, ``round``, ``balance_start``,
        ``funded`` (ventures), ``invested``, ``returned``, ``balance_end``.

    Examples
    --------
    >>> from pvkit.rewards.deals import Grant
    >>> t = revolving_fund(Grant(), capital=25.0, rounds=2, ventures_per_round=20)
    >>> t[["funded", "balance_end"]].values.tolist()
    [[20.0, 5.0], [5.0, 0.0]]
    """
    plan = _as_plan(deal)
    capital = _checks.non_negative("capital (starting capital)", capital)
    rounds = _checks.whole("rounds", rounds, highest=MAX_ROUNDS, why="(rounds of investment)")
    n = _checks.whole("ventures_per_round", ventures_per_round, highest=MAX_PER_ROUND,
                      why="(the fund's ventures are simulated all at once)")
    paths = _checks.whole("paths", paths, highest=MAX_PATHS, why="(histories: a band needs far fewer)")
    if rounds * paths * n > MAX_CELLS:
        raise ValueError(f"rounds x paths x ventures_per_round = {rounds:,} x {paths:,} x {n:,} is more "
                         f"than {MAX_CELLS:,} ventures to simulate at once (memory)")
    sim = simulate(n_ventures=n, n_portfolios=rounds * paths, p_fail=p_fail, skew=skew, mean_multiple=mean_multiple,
                   investment=investment, seed=seed)
    paid = split_ventures(sim, plan)["paid"].reshape(rounds, paths, n)
    investment = float(sim.investment[0, 0])
    balance = np.full(paths, capital)
    index = np.arange(n)
    columns = {key: np.empty((rounds, paths)) for key in ("balance_start", "funded", "returned")}
    for r in range(rounds):
        with np.errstate(over="ignore"):  # a tiny investment: the balance funds every venture
            funded = np.minimum(n, np.floor(balance / investment + 1e-9))
        returned = np.where(index < funded[:, None], paid[r], 0.0).sum(axis=1)
        columns["balance_start"][r], columns["funded"][r], columns["returned"][r] = balance, funded, returned
        balance = balance - funded * investment + returned
    invested = columns["funded"] * investment
    return pd.DataFrame({"path": np.tile(np.arange(paths), rounds), "round": np.repeat(np.arange(1, rounds + 1), paths),
                         "balance_start": columns["balance_start"].ravel(), "funded": columns["funded"].ravel(),
                         "invested": invested.ravel(), "returned": columns["returned"].ravel(),
                         "balance_end": (columns["balance_start"] - invested + columns["returned"]).ravel()})


def fund_bands(table: pd.DataFrame) -> pd.DataFrame:
    """The fund's balance by round across paths: 10th percentile, median, 90th percentile.

    Round 0 is the starting capital.

    Examples
    --------
    >>> from pvkit.rewards.deals import Grant
    >>> fund_bands(revolving_fund(Grant(), capital=10.0, rounds=1, paths=3))["median"].tolist()
    [10.0, 0.0]
    """
    table = _validate.frame("table", table, columns=["round", "balance_start", "balance_end"],
                            numeric=["round", "balance_start", "balance_end"], max_rows=MAX_DRAWS)
    numbers = {c: pd.to_numeric(table[c]).to_numpy(dtype=float) for c in ("round", "balance_start", "balance_end")}
    rounds = numbers["round"]
    if (rounds < 1).any() or (rounds != np.floor(rounds)).any() or (rounds > MAX_ROUNDS).any():
        raise ValueError(f"table column 'round' must hold whole numbers from 1 to {MAX_ROUNDS} "
                         "(as revolving_fund() gives)")
    if not (rounds == 1).any():
        raise ValueError("table has no round 1, so the fund's starting balance is unknown")
    for column in ("balance_start", "balance_end"):
        if (np.abs(numbers[column]) > BIG).any():
            raise ValueError(f"table column {column!r} has a balance above {BIG:g} "
                             "(amounts are bounded so that sums stay finite)")
    starts = numbers["balance_start"][rounds == 1]
    keys = np.concatenate([np.zeros(len(starts), dtype=np.int64), rounds.astype(np.int64)])
    balances = np.concatenate([starts, numbers["balance_end"]])
    order = np.argsort(keys, kind="stable")
    keys, balances = keys[order], balances[order]
    labels, first = np.unique(keys, return_index=True)
    # Linear interpolation between order statistics, as pandas' quantile does by default.
    bands = np.array([np.quantile(group, (0.1, 0.5, 0.9)) for group in np.split(balances, first[1:])])
    return pd.DataFrame({"round": labels, "p10": bands[:, 0], "median": bands[:, 1], "p90": bands[:, 2]})


def compare_funds(deals: dict, **settings: object) -> pd.DataFrame:
    """:func:`fund_bands` of a revolving fund under each deal, with a ``deal`` column.

    ``settings`` go to :func:`revolving_fund` (capital, rounds, paths, seed, ...);
    every deal meets the same simulated ventures. At most 50 deals.

    Examples
    --------
    >>> from pvkit.rewards.deals import Grant
    >>> t = compare_funds({"grant": Grant()}, capital=10.0, rounds=1, paths=3)
    >>> t[["deal", "round", "median"]].values.tolist()
    [['grant', 0, 10.0], ['grant', 1, 0.0]]
    """
    named = _checks.deal_names("deals", deals)
    settings = {_checks.choice(f"settings ({key!r})", key, _SETTINGS): value for key, value in settings.items()}
    plans = {name: _as_plan(deal, f"deals[{name!r}]") for name, deal in named.items()}
    return pd.concat([fund_bands(revolving_fund(plan, **settings)).assign(deal=name)
                      for name, plan in plans.items()], ignore_index=True)


#: Bounds of :func:`revolving_fund`: rounds, ventures per round, paths.
MAX_ROUNDS, MAX_PER_ROUND, MAX_PATHS = 100, 10_000, 10_000
#: What ``**settings`` of :func:`compare_funds` may set: the arguments of :func:`revolving_fund`.
_SETTINGS = ("capital", "rounds", "ventures_per_round", "investment", "p_fail", "skew", "mean_multiple",
             "paths", "seed")


def break_even_share(ventures: Ventures, kind: str = "equity", *, target_return: float = 0.0,
                     conditions: object = None) -> float:
    """The equity stake or royalty rate at which the public gets back what it invested.

    Over all the given ventures, the share ``s`` such that the firms' payments
    equal ``(1 + target_return)`` times the investment: a fund on these terms
    would, on average, pay for its next round. A result above 1 means no
    share of that kind can do it.

    Parameters
    ----------
    ventures : Ventures
        Simulated or given outcomes.
    kind : {"equity", "royalty"}
        Equity is a share of profit; a royalty a share of revenue.
    target_return : float
        Extra return the fund must make (0.05 for 5%); 0 to break even.
    conditions : PriceCap, KnowledgeSharing or Deal, optional
        Price conditions that apply too (they lower profit and change revenue).

    Examples
    --------
    >>> from pvkit.rewards.ventures import from_outcomes
    >>> break_even_share(from_outcomes([0.0, 0.0, 30.0], 2.0))
    0.2
    >>> break_even_share(from_outcomes([0.0, 0.0, 30.0], 2.0), "royalty")
    0.05
    """
    ventures = _check_ventures(ventures)
    kind = _checks.choice("kind", kind, ("equity", "royalty"))
    target = _checks.non_negative("target_return", target_return, upper=MAX_TARGET,
                                  why="(0.05 means 5%; 1000 is 100,000%)")
    cut = 0.0
    if conditions is not None:
        if isinstance(conditions, (PriceCap, KnowledgeSharing)):
            conditions = Deal((conditions,))
        if not isinstance(conditions, Deal):
            raise TypeError(f"conditions must be a PriceCap, KnowledgeSharing or a Deal, got "
                            f"{type(conditions).__name__} {shown(conditions)}")
        cut = conditions.cut
    profit, _, revenue = _market(ventures.profit, cut)
    base = float((profit if kind == "equity" else revenue).sum())
    share = float(ventures.investment.sum()) * (1.0 + target) / base if base > 0 else float("inf")
    if not np.isfinite(share):
        raise ValueError("ventures: no venture earned anything (or almost nothing), so no share can pay "
                         "the fund back")
    return round(share, 12)


#: Largest ``target_return`` of :func:`break_even_share` (1000 = 100,000%).
MAX_TARGET = 1000.0
