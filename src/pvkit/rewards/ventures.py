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

from pvkit.rewards import _checks

__all__ = ["Ventures", "simulate", "from_outcomes", "P_FAIL", "SKEW", "MEAN_MULTIPLE"]

#: Default chance that a venture fails outright (illustrative).
P_FAIL = 0.6
#: Default spread (lognormal sigma) of successful ventures' profits: the skew (illustrative).
SKEW = 1.5
#: Default expected lifetime profit of a venture, as a multiple of its investment (illustrative).
MEAN_MULTIPLE = 3.0
#: Most portfolios x ventures that one simulation may hold (memory guard).
MAX_CELLS = 5_000_000


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
        True where the venture failed.
    """

    investment: np.ndarray
    profit: np.ndarray
    failed: np.ndarray

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


@functools.lru_cache(maxsize=4)
def _draws(n_portfolios: int, n_ventures: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Uniform and standard-normal draws, cached so that moving a slider re-uses them."""
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
        Ventures in each portfolio (at least 1).
    n_portfolios : int
        How many portfolios to simulate (at least 1).
    p_fail : float
        Chance that a venture fails, between 0 and 1.
    skew : float
        Lognormal sigma of successful ventures' multiples, between 0 and 4.
    mean_multiple : float
        Expected lifetime profit per unit invested (at least 0).
    investment : float
        Public money per venture (more than 0).
    seed : int
        Seed of the random numbers: the same seed gives the same portfolios.

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
    n_ventures = _checks.whole("number of ventures", n_ventures)
    n_portfolios = _checks.whole("number of portfolios", n_portfolios)
    if n_ventures * n_portfolios > MAX_CELLS:
        raise ValueError(
            f"{n_portfolios} portfolios of {n_ventures} ventures is too many to simulate "
            f"at once (at most {MAX_CELLS:,} ventures in all)"
        )
    p_fail = _checks.share("chance of failure", p_fail)
    skew = _checks.non_negative("skew", skew, upper=4.0)
    mean_multiple = _checks.non_negative("mean multiple", mean_multiple)
    investment = _checks.non_negative("investment per venture", investment)
    if investment == 0:
        raise ValueError("investment per venture must be more than 0")
    seed = _checks.whole("seed", seed, lowest=0)
    uniform, normal = _draws(n_portfolios, n_ventures, seed)
    failed = uniform < p_fail
    if p_fail >= 1.0 or mean_multiple == 0.0:
        profit = np.zeros_like(uniform)
    else:
        centre = math.log(mean_multiple / (1.0 - p_fail)) - skew**2 / 2.0
        profit = np.exp(centre + skew * normal) * investment
        profit[failed] = 0.0
    return Ventures(np.full_like(uniform, investment), profit, failed)


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
    if profit_arr.ndim == 0:
        profit_arr = profit_arr.reshape(1, 1)
    elif profit_arr.ndim == 1:
        profit_arr = profit_arr.reshape(1, -1)
    elif profit_arr.ndim > 2:
        raise ValueError("profit must be a list of ventures or a table (portfolios x ventures)")
    invest = _checks.amounts("investment", investment)
    if (invest == 0).any():
        raise ValueError("investment per venture must be more than 0")
    try:
        invest = np.broadcast_to(invest, profit_arr.shape).astype(float)
    except ValueError as error:
        raise ValueError("give one investment, or one per venture") from error
    return Ventures(invest, profit_arr, profit_arr == 0)
