"""A seeded portfolio of risky public investments with skewed outcomes.

Each venture receives the same public investment. Most ventures fail (their
product never reaches the market) and, among those that succeed, a lognormal
spread makes a few very large and many small. The result is the shape venture
investors describe: most investments return little or nothing and a handful
return most of the money.

The parameters are **illustrative**, chosen for teaching, not fitted to any
dataset. The shape (most investments lose money; a small share of outliers
makes most of the return) is the pattern reported for US venture capital by
Kerr, Nanda & Rhodes-Kropf (2014), "Entrepreneurship as experimentation",
*Journal of Economic Perspectives* 28(3); the numbers here are not theirs.

>>> v = simulate(n_ventures=5, seed=1)
>>> v.shape
(1, 5)
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from pvkit._validate import BIG, MAX_DRAWS, MAX_ITEMS, shown, whole
from pvkit.rewards import _checks

__all__ = ["Ventures", "simulate", "from_outcomes", "P_FAIL", "SKEW", "MEAN_MULTIPLE"]

#: Default chance that a venture fails outright (illustrative).
P_FAIL = 0.6
#: Default spread (lognormal sigma) of successful ventures' profits: the skew (illustrative).
SKEW = 1.5
#: Default expected lifetime profit of a venture, as a multiple of its investment (illustrative).
MEAN_MULTIPLE = 3.0
#: Most portfolios x ventures that one simulation may hold (memory guard).
MAX_CELLS = _checks.MAX_CELLS


@dataclass(frozen=True, eq=False)
class Ventures:
    """Outcomes of many ventures, as arrays of shape (portfolios, ventures).

    Attributes
    ----------
    investment : numpy.ndarray
        Public money put into each venture.
    profit : numpy.ndarray
        The venture's lifetime profit (present value, before paying the public
        anything) if it sells at the price it would choose itself; 0 if it failed.
    failed : numpy.ndarray of bool
        True where the venture failed (a failed venture's profit is 0).

    The arrays are checked when the object is made: amounts finite, from 0 to
    1e15 (investments more than 0), all three of the same shape; a single list
    is one portfolio.
    """

    investment: np.ndarray
    profit: np.ndarray
    failed: np.ndarray

    def __post_init__(self) -> None:
        profit = _checks.amounts("profit", self.profit)
        profit = profit.reshape(1, -1) if profit.ndim < 2 else profit
        investment = _checks.amounts("investment", self.investment)
        investment = investment.reshape(1, -1) if investment.ndim < 2 else investment
        if investment.shape != profit.shape:
            raise ValueError(f"investment must have one amount per venture, shape {profit.shape} like "
                             f"profit; got shape {investment.shape}")
        if investment.min() == 0:
            raise ValueError("investment per venture must be more than 0")
        failed = self.failed
        if isinstance(failed, (bool, np.bool_)) or not isinstance(failed, (list, tuple, np.ndarray, pd.Series)):
            raise TypeError(f"failed must be a list or array of True/False, one per venture, "
                            f"got {type(failed).__name__} {shown(failed)}")
        failed = np.asarray(failed)
        if failed.dtype != bool:
            raise TypeError(f"failed must hold True/False values, got values of type {failed.dtype}")
        failed = failed.reshape(1, -1) if failed.ndim < 2 else failed
        if failed.shape != profit.shape:
            raise ValueError(f"failed must have one True/False per venture, shape {profit.shape} like "
                             f"profit; got shape {failed.shape}")
        wrong = failed & (profit > 0)
        if wrong.any():
            at = tuple(int(i) for i in np.argwhere(wrong)[0])
            raise ValueError(f"failed marks venture {at} as failed but its profit is {profit[at]:g}; "
                             "a failed venture earns nothing")
        object.__setattr__(self, "profit", profit)
        object.__setattr__(self, "investment", investment)
        object.__setattr__(self, "failed", failed)

    def columns(self, start: int, stop: int) -> Ventures:
        """Ventures ``start`` to ``stop - 1`` of every portfolio (views, not copies).

        The arrays were checked when these ventures were made, so the slice is
        not checked again: a slider moving over a million ventures would pay
        for it on every move.

        >>> from_outcomes([[1.0, 2.0, 0.0]]).columns(1, 3).profit.tolist()
        [[2.0, 0.0]]
        >>> from_outcomes([1.0, 2.0]).columns(1, 1)
        Traceback (most recent call last):
        ...
        ValueError: stop must be at least 2, got 1
        """
        n = self.shape[1]
        start = whole("start", start, low=0, high=n - 1)
        stop = whole("stop", stop, low=start + 1, high=n)
        part = object.__new__(Ventures)
        for name in ("investment", "profit", "failed"):
            object.__setattr__(part, name, getattr(self, name)[:, start:stop])
        return part

    @property
    def shape(self) -> tuple[int, int]:
        """(number of portfolios, ventures per portfolio).

        >>> from_outcomes([[1.0, 2.0, 0.0]]).shape
        (1, 3)
        """
        return (int(self.profit.shape[0]), int(self.profit.shape[1]))

    def to_frame(self) -> pd.DataFrame:
        """One row per venture: ``portfolio``, ``venture``, ``investment``, ``failed``, ``profit``.

        Examples
        --------
        >>> from_outcomes([0, 4]).to_frame()["profit"].tolist()
        [0.0, 4.0]
        """
        n_p, n_v = self.shape
        return pd.DataFrame(
            {
                "portfolio": np.repeat(np.arange(n_p), n_v),
                "venture": np.tile(np.arange(n_v), n_p),
                "investment": self.investment.ravel(),
                "failed": self.failed.ravel(),
                "profit": self.profit.ravel(),
            }
        )


@functools.lru_cache(maxsize=1)
def _draws(n_portfolios: int, n_ventures: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Uniform and standard-normal draws of the last simulation, re-used by the next one of that size.

    Only the last is kept (a dashboard's 10,000 portfolios of 100 ventures take
    16 MB of draws): a run over several failure rates re-uses it, and a
    dashboard re-draws (about 20 ms) only when its portfolio changes.
    """
    rng = np.random.default_rng(seed)
    uniform = rng.random((n_portfolios, n_ventures))
    normal = rng.standard_normal((n_portfolios, n_ventures))
    uniform.setflags(write=False)
    normal.setflags(write=False)
    return uniform, normal


def simulate(
    *,
    n_ventures: int = 100,
    n_portfolios: int = 1,
    p_fail: float = P_FAIL,
    skew: float = SKEW,
    mean_multiple: float = MEAN_MULTIPLE,
    investment: float = 1.0,
    seed: int = 0,
) -> Ventures:
    """Simulate portfolios of public investments in risky ventures (seeded).

    A venture fails with probability ``p_fail`` (profit 0). Otherwise its
    lifetime profit is ``investment`` times a lognormal multiple with spread
    ``skew``; the multiple's centre is set so that the *expected* profit of a
    venture is ``mean_multiple`` times its investment whatever the skew. More
    skew therefore means the same expected value, concentrated in fewer winners.
    All default values are illustrative (see the module docstring).

    Every argument is keyword-only, so that ventures and portfolios cannot be
    swapped by mistake.

    Parameters
    ----------
    n_ventures : int
        Ventures in each portfolio (1 to 100,000).
    n_portfolios : int
        How many portfolios to simulate (1 to 1,000,000; at most 5,000,000
        ventures in all, to keep memory bounded).
    p_fail : float
        Chance that a venture fails, between 0 and 1.
    skew : float
        Lognormal sigma of successful ventures' multiples, between 0 and 4.
    mean_multiple : float
        Expected lifetime profit per unit invested (at least 0).
    investment : float
        Public money per venture (more than 0, at most 1e15).
    seed : int
        Seed of the random numbers (a whole number from 0): the same seed gives
        the same portfolios.

    Returns
    -------
    Ventures
        Arrays of shape ``(n_portfolios, n_ventures)``.

    Examples
    --------
    >>> v = simulate(n_ventures=100, n_portfolios=2, seed=3)
    >>> v.shape, bool(v.failed.any()), bool((v.profit >= 0).all())
    ((2, 100), True, True)
    >>> bool((simulate(seed=3).profit == simulate(seed=3).profit).all())
    True
    """
    n_ventures = _checks.whole("n_ventures (ventures per portfolio)", n_ventures, highest=MAX_ITEMS,
                               why="(to keep tables and memory bounded)")
    n_portfolios = _checks.whole("n_portfolios (number of portfolios)", n_portfolios, highest=MAX_DRAWS,
                                 why="(as many as the draws of any pvkit simulation)")
    if n_ventures * n_portfolios > MAX_CELLS:
        raise ValueError(
            f"n_portfolios x n_ventures = {n_portfolios:,} x {n_ventures:,} is too many to simulate "
            f"at once: at most {MAX_CELLS:,} ventures in all (each array of them takes "
            f"{8 * MAX_CELLS // 10**6} MB and a split builds about ten)"
        )
    p_fail = _checks.share("p_fail (chance of failure)", p_fail)
    skew = _checks.non_negative("skew", skew, upper=4.0,
                                why="(a lognormal spread of 4 already puts almost all profit in one venture)")
    mean_multiple = _checks.non_negative("mean_multiple (expected profit per 1 invested)", mean_multiple)
    investment = _checks.positive("investment (per venture)", investment)
    seed = _checks.seed("seed", seed)
    uniform, normal = _draws(n_portfolios, n_ventures, seed)
    failed = uniform < p_fail
    if p_fail >= 1.0 or mean_multiple == 0.0:
        profit = np.zeros_like(uniform)
    else:
        centre = math.log(mean_multiple / (1.0 - p_fail)) - skew**2 / 2.0
        profit = np.exp(centre + skew * normal) * investment
        profit[failed] = 0.0
        if profit.max(initial=0.0) > BIG:
            raise ValueError(
                f"investment, mean_multiple and p_fail together give some simulated ventures a profit "
                f"above {BIG:g} (amounts are bounded so that sums stay finite); use a smaller "
                "investment or mean_multiple, or a lower p_fail"
            )
    # Every venture gets the same investment: a read-only view, not a full array.
    return Ventures(np.broadcast_to(np.float64(investment), uniform.shape), profit, failed)


def from_outcomes(profit: object, investment: object = 1.0) -> Ventures:
    """Ventures with given outcomes (one portfolio), e.g. for a worked example.

    Parameters
    ----------
    profit : array-like
        Lifetime profit of each venture at its own price; 0 means it failed.
        A 2-D array is read as (portfolios, ventures).
    investment : float or array-like
        Public money put into each venture (more than 0).

    Raises
    ------
    ValueError
        If there are no ventures, or a value is negative or NaN.

    Examples
    --------
    >>> v = from_outcomes([0.0, 12.0], investment=2.0)
    >>> v.failed.tolist(), v.investment.tolist()
    ([[True, False]], [[2.0, 2.0]])
    """
    profit_arr = _checks.amounts("profit", profit)
    if profit_arr.ndim < 2:
        profit_arr = profit_arr.reshape(1, -1)
    invest = _checks.amounts("investment", investment)
    if (invest == 0).any():
        raise ValueError("investment per venture must be more than 0")
    try:
        invest = np.broadcast_to(invest, profit_arr.shape).astype(float)
    except ValueError:
        raise ValueError(f"investment must be one amount, or one per venture (shape {profit_arr.shape}); "
                         f"got shape {invest.shape}") from None
    return Ventures(invest, profit_arr, profit_arr == 0)
