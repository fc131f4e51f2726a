"""Uncertainty by seeded Monte Carlo: results as distributions, not one number.

Each draw picks, for each project, a learning rate, an adoption multiplier (how
fast the rest of the market deploys), a spillover share and whether the
technology works at all. The same seed gives the same draws, so a class can
compare answers.

>>> sim = simulate(example_portfolio(), n=1000, seed=1)
>>> sim.npv.shape
(1000,)
>>> list(summarise(sim.npv).columns)
['mean', 'p5', 'p50', 'p95', 'prob_negative']
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from pvkit.appraisal._checks import check_positive
from pvkit.appraisal._engine import Components, as_arrays, present_values_both
from pvkit.appraisal.project import Project, Setting, example_portfolio

__all__ = ["Uncertainty", "Draws", "Simulation", "draw", "simulate", "summarise", "histogram",
           "example_portfolio"]

#: Learning-rate draws are kept within [0, LR_CAP].
LR_CAP = 0.6


@dataclass(frozen=True)
class Uncertainty:
    """Spreads of the uncertain inputs (all illustrative).

    Attributes
    ----------
    learning_rate_sd : float
        Standard deviation of the learning rate (0.05 = five points).
    adoption_sd : float
        Log-standard deviation of the market-adoption multiplier (mean 1).
    spillover_sd : float
        Log-standard deviation of the spillover multiplier (mean 1).
    """

    learning_rate_sd: float = 0.05
    adoption_sd: float = 0.3
    spillover_sd: float = 0.5

    def __post_init__(self) -> None:
        for name in ("learning_rate_sd", "adoption_sd", "spillover_sd"):
            check_positive(getattr(self, name), name.replace("_", " "), allow_zero=True)

    @classmethod
    def scaled(cls, level: float) -> "Uncertainty":
        """The default spreads times ``level`` (0 = only technical risk remains).

        Examples
        --------
        >>> Uncertainty.scaled(2).adoption_sd
        0.6
        """
        k = check_positive(level, "the uncertainty level", allow_zero=True)
        return cls(0.05 * k, 0.3 * k, 0.5 * k)


@dataclass(frozen=True)
class Draws:
    """Random inputs, each of shape (draws, projects)."""

    learning_rate: np.ndarray
    adoption: np.ndarray
    spillover_share: np.ndarray
    success: np.ndarray


@dataclass(frozen=True)
class Simulation:
    """Monte Carlo results: present values per draw and project, with and without gates."""

    names: tuple[str, ...]
    committed: Components
    gated: Components

    @property
    def npv(self) -> np.ndarray:
        """Portfolio NPV per draw, with stage gates."""
        return self.gated.npv.sum(axis=1)

    @property
    def npv_committed(self) -> np.ndarray:
        """Portfolio NPV per draw when every project is funded to the end."""
        return self.committed.npv.sum(axis=1)


def draw(projects: Sequence[Project], uncertainty: Uncertainty = Uncertainty(), n: int = 10_000,
         seed: int = 0) -> Draws:
    """Seeded random inputs for ``n`` draws.

    Every draw keeps the central value as its mean. Learning rates follow a
    beta distribution scaled to [0, 0.6] with mean equal to each project's
    rate and standard deviation ``learning_rate_sd`` (narrowed if the rate is
    too close to an edge for that spread), so a rate of 0 stays exactly 0 in
    every draw. Adoption and spillover multipliers are lognormal (the
    logarithm is normal, so a multiplier is never negative and a long right
    tail is allowed) with mean 1. Success is a coin with the project's
    ``p_success``.

    Examples
    --------
    >>> d = draw(example_portfolio(), n=5, seed=3)
    >>> d.success.shape
    (5, 5)
    >>> float(draw(example_portfolio(learning_rate=0.0), n=100).learning_rate.max())
    0.0
    """
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 1:
        raise ValueError(f"the number of draws must be a whole number, at least 1, got {n!r}")
    if not isinstance(uncertainty, Uncertainty):
        raise TypeError("uncertainty must be an Uncertainty, e.g. Uncertainty.scaled(1.0)")
    arr = as_arrays(projects)
    rng = np.random.default_rng(seed)
    shape = (int(n), len(arr.names))
    lr = _learning_rate_draws(rng, arr.lr, uncertainty.learning_rate_sd, shape)
    sa, ss = uncertainty.adoption_sd, uncertainty.spillover_sd
    adoption = np.exp(sa * rng.standard_normal(shape) - sa**2 / 2)
    spill = arr.spill * np.exp(ss * rng.standard_normal(shape) - ss**2 / 2)
    success = (rng.random(shape) < arr.p).astype(float)
    return Draws(lr, adoption, spill, success)


def _learning_rate_draws(rng: np.random.Generator, rates: np.ndarray, sd: float,
                         shape: tuple[int, int]) -> np.ndarray:
    """Beta draws on [0, LR_CAP] with mean ``rates`` (rates at an edge, or sd 0, stay fixed)."""
    m = rates / LR_CAP
    # rates within 1e-9 of an edge stay fixed (a beta that close to an edge cannot be drawn)
    inside = (m > 1e-9) & (m < 1 - 1e-9) & (sd > 0)
    safe = np.where(inside, m, 0.5)
    # the variance of a beta is below m(1-m); keep the spread feasible, never the mean
    var = np.minimum((sd / LR_CAP) ** 2, 0.9 * safe * (1 - safe))
    k = safe * (1 - safe) / np.maximum(var, 1e-300) - 1
    draws = LR_CAP * rng.beta(np.broadcast_to(safe * k, shape), np.broadcast_to((1 - safe) * k, shape))
    return np.where(inside, draws, rates)


def simulate(projects: Sequence[Project], setting: Setting = Setting(),
             uncertainty: Uncertainty = Uncertainty(), n: int = 10_000, seed: int = 0, *,
             externality_share: float = 0.0, failed_spillover_share: float = 0.0) -> Simulation:
    """Run the Monte Carlo: every draw appraised with and without stage gates.

    Examples
    --------
    >>> sim = simulate(example_portfolio(), n=200, seed=0)
    >>> bool((sim.npv >= sim.npv_committed - 1e-6).all())  # a gate never hurts
    True
    """
    arr = as_arrays(projects)
    d = draw(projects, uncertainty, n, seed)
    b = -np.log2(1.0 - d.learning_rate)
    committed, gated = present_values_both(arr, setting, b, d.adoption, d.spillover_share, d.success,
                                           externality_share=externality_share,
                                           failed_spillover_share=failed_spillover_share)
    return Simulation(arr.names, committed, gated)


def summarise(values: object, percentiles: tuple[int, int, int] = (5, 50, 95)) -> pd.DataFrame:
    """Mean, three percentiles and the probability of a negative value, as a one-row table.

    Examples
    --------
    >>> summarise(np.array([-1.0, 1.0, 2.0, 3.0]))["prob_negative"].item()
    0.25
    """
    array = np.asarray(values, dtype=float).ravel()
    if array.size == 0 or not np.all(np.isfinite(array)):
        raise ValueError("need at least one finite value to summarise")
    low, mid, high = np.percentile(array, percentiles)
    return pd.DataFrame({
        "mean": [float(array.mean())], f"p{percentiles[0]}": [float(low)],
        f"p{percentiles[1]}": [float(mid)], f"p{percentiles[2]}": [float(high)],
        "prob_negative": [float((array < 0).mean())],
    })


def histogram(values: object, bins: int = 40) -> pd.DataFrame:
    """Histogram bins for a chart: ``start``, ``end``, ``count``, ``share``.

    Examples
    --------
    >>> histogram(np.array([0.0, 1.0, 1.0, 2.0]), bins=2)["count"].tolist()
    [1, 3]
    """
    array = np.asarray(values, dtype=float).ravel()
    if array.size == 0 or not np.all(np.isfinite(array)):
        raise ValueError("need at least one finite value for a histogram")
    counts, edges = np.histogram(array, bins=bins)
    return pd.DataFrame({"start": edges[:-1], "end": edges[1:], "count": counts,
                         "share": counts / array.size})
