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

from pvkit import _validate as v
from pvkit._validate import MAX_DRAWS
from pvkit.appraisal._checks import (MAX_CELLS, as_projects, check_draws, check_fraction, check_positive,
                                     check_seed, finite)
from pvkit.appraisal._engine import EXACT_LIMIT, GRID_POINTS, Components, as_arrays, present_values_both
from pvkit.appraisal.project import Project, Setting, example_portfolio

#: Most bars in a histogram.
MAX_BINS = 1_000

__all__ = ["Uncertainty", "Draws", "Simulation", "draw", "simulate", "summarise", "histogram",
           "example_portfolio"]

#: Learning-rate draws are kept within [0, LR_CAP].
LR_CAP = 0.6
#: Largest spreads: a beta on [0, 0.6] has a standard deviation below 0.3; a log-sd of 3
#: already puts one multiplier in twenty below 0.0001 of the mean (and keeps exp() finite).
MAX_LR_SD, MAX_LOG_SD = 0.3, 3.0
#: Largest level of :meth:`Uncertainty.scaled` (6 x the default spreads reaches the caps).
MAX_LEVEL = 6.0


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
        for name, high in (("learning_rate_sd", MAX_LR_SD), ("adoption_sd", MAX_LOG_SD),
                           ("spillover_sd", MAX_LOG_SD)):
            object.__setattr__(self, name, check_positive(getattr(self, name), name, allow_zero=True, high=high))

    @classmethod
    def scaled(cls, level: float) -> "Uncertainty":
        """The default spreads times ``level`` (0 = only technical risk remains).

        Examples
        --------
        >>> Uncertainty.scaled(2).adoption_sd
        0.6
        """
        k = check_positive(level, "level", allow_zero=True, high=MAX_LEVEL,
                           hint="1 means the default spreads, 0 only technical risk")
        return cls(0.05 * k, 0.3 * k, 0.5 * k)


@dataclass(frozen=True)
class Draws:
    """Random inputs, each of shape (draws, projects)."""

    learning_rate: np.ndarray
    adoption: np.ndarray
    spillover_share: np.ndarray
    success: np.ndarray

    def __post_init__(self) -> None:
        shape = None
        for name in ("learning_rate", "adoption", "spillover_share", "success"):
            value = _draw_array(name, getattr(self, name))
            if shape is not None and value.shape != shape:
                raise ValueError(f"{name} has shape {value.shape}, but learning_rate has {shape}: "
                                 "every input needs one row per draw and one column per project")
            shape = value.shape
            object.__setattr__(self, name, value)
        if np.any(self.learning_rate < 0) or np.any(self.learning_rate >= 1):
            raise ValueError("learning_rate draws must be at least 0 and below 1")
        if np.any(self.adoption <= 0) or np.any(self.spillover_share < 0):
            raise ValueError("adoption draws must be above 0 and spillover_share draws at least 0")
        if not np.all((self.success == 0) | (self.success == 1)):
            raise ValueError("success draws must be 0 (fails) or 1 (works)")


@dataclass(frozen=True)
class Simulation:
    """Monte Carlo results: present values per draw and project, with and without gates."""

    names: tuple[str, ...]
    committed: Components
    gated: Components

    def __post_init__(self) -> None:
        names = v.names("names", self.names)
        object.__setattr__(self, "names", tuple(names))
        for name in ("committed", "gated"):
            parts = v.instance(name, getattr(self, name), Components,
                               "the present values of each part (as simulate() computes them)")
            for part in ("costs", "benefits", "spillovers", "market_savings"):
                values = np.asarray(getattr(parts, part))
                if values.ndim != 2 or values.shape[1] != len(names):
                    raise ValueError(f"{name}.{part} must have one column per name in names")
                if not np.all(np.isfinite(values)):
                    raise ValueError(f"{name}.{part} has a missing or infinite value")

    @property
    def npv(self) -> np.ndarray:
        """Portfolio NPV per draw, with stage gates."""
        return self.gated.npv.sum(axis=1)

    @property
    def npv_committed(self) -> np.ndarray:
        """Portfolio NPV per draw when every project is funded to the end."""
        return self.committed.npv.sum(axis=1)


def _draw_array(name: str, value: object) -> np.ndarray:
    """A (draws, projects) array of finite numbers."""
    if value is None or isinstance(value, (str, bytes, dict, set)):
        raise TypeError(f"{name} must be an array of draws (rows) by projects (columns), got {v.shown(value)}")
    try:
        array = np.array(value, dtype=float)
    except (TypeError, ValueError, OverflowError):
        raise TypeError(f"{name} must contain numbers only, got {v.shown(value)}") from None
    if array.ndim != 2 or 0 in array.shape:
        raise ValueError(f"{name} must have one row per draw and one column per project, got shape {array.shape}")
    if array.size > MAX_CELLS:
        raise ValueError(f"{name} has {array.size:,} entries; at most {MAX_CELLS:,}")
    if not np.all(np.isfinite(array)):
        raise ValueError(f"{name} has a missing or infinite value")
    return array


def draw(projects: Sequence[Project] | Project, uncertainty: Uncertainty = Uncertainty(), n: int = 10_000,
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
    projects = as_projects(projects)
    n = check_draws(n)
    seed = check_seed(seed)
    v.instance("uncertainty", uncertainty, Uncertainty, "an Uncertainty, e.g. Uncertainty.scaled(1.0)")
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


def simulate(projects: Sequence[Project] | Project, setting: Setting = Setting(),
             uncertainty: Uncertainty = Uncertainty(), n: int = 10_000, seed: int = 0, *,
             externality_share: float = 0.0, failed_spillover_share: float = 0.0) -> Simulation:
    """Run the Monte Carlo: every draw appraised with and without stage gates.

    Parameters
    ----------
    projects : Project or list of Project
        One project or a portfolio of up to 100.
    setting : Setting
        Discounting, horizon and the optimism-bias uplift.
    uncertainty : Uncertainty
        Spreads of the draws.
    n : int
        Number of draws, 1 to 1,000,000; draws x projects x years is also bounded
        (50 million cells, about half a gigabyte) so that memory stays bounded.
    seed : int
        A whole number from 0: the same seed gives the same draws.
    externality_share, failed_spillover_share : float
        As for :func:`pvkit.appraisal.appraise`.

    Raises
    ------
    TypeError, ValueError
        An argument of the wrong kind or out of range; the message names it.

    Examples
    --------
    >>> sim = simulate(example_portfolio(), n=200, seed=0)
    >>> bool((sim.npv >= sim.npv_committed - 1e-6).all())  # a gate never hurts
    True
    """
    projects = as_projects(projects)
    v.instance("setting", setting, Setting, "a Setting, e.g. Setting(horizon=50)")
    n = check_size(n, projects, setting)
    options = _check_options(externality_share, failed_spillover_share)
    arr = as_arrays(projects)
    d = draw(projects, uncertainty, n, seed)
    b = -np.log2(1.0 - d.learning_rate)
    committed, gated = present_values_both(arr, setting, b, d.adoption, d.spillover_share, d.success,
                                           **options)
    for parts in (committed, gated):
        finite("the projects' amounts", parts.npv)
    return Simulation(arr.names, committed, gated)


def _check_options(externality_share: object, failed_spillover_share: object) -> dict[str, float]:
    return {"externality_share": check_positive(externality_share, "externality_share", allow_zero=True,
                                                high=100.0, hint="0.1 means 10% of the direct benefits"),
            "failed_spillover_share": check_fraction(failed_spillover_share, "failed_spillover_share",
                                                     hint="0.5 means half")}


def check_size(n: object, projects: list[Project], setting: Setting) -> int:
    """The number of draws, refused if the Monte Carlo's arrays would be too large."""
    n = check_draws(n)
    build = min(max(p.build_years for p in projects), setting.horizon)
    saving_rows = n if n * len(projects) <= EXACT_LIMIT else GRID_POINTS
    cells = max(n * build, saving_rows * setting.horizon) * len(projects)
    if cells > MAX_CELLS:
        most = max(1, MAX_CELLS // (len(projects) * build))
        raise ValueError(f"n (the number of draws) of {n:,} for {len(projects)} project(s) over "
                         f"{setting.horizon} years needs {cells:,} cells; at most {MAX_CELLS:,} (about "
                         f"half a gigabyte) to keep memory bounded: use n <= {min(most, MAX_DRAWS):,}, "
                         "fewer projects or a shorter horizon")
    return n


def summarise(values: object, percentiles: tuple[int, int, int] = (5, 50, 95)) -> pd.DataFrame:
    """Mean, three percentiles and the probability of a negative value, as a one-row table.

    Examples
    --------
    >>> summarise(np.array([-1.0, 1.0, 2.0, 3.0]))["prob_negative"].item()
    0.25
    """
    array = _values(values)
    points = v.array("percentiles", percentiles, min_length=3, max_length=3, low=0, high=100,
                     what="percentile")
    if not np.all(np.diff(points) > 0):
        raise ValueError(f"percentiles must be three different numbers in rising order, such as "
                         f"(5, 50, 95), got {v.shown(percentiles)}")
    with np.errstate(over="ignore", invalid="ignore"):  # an overflow is refused just below
        low, mid, high = np.percentile(array, points)
    table = pd.DataFrame({
        "mean": [_mean(array)], f"p{points[0]:g}": [float(low)],
        f"p{points[1]:g}": [float(mid)], f"p{points[2]:g}": [float(high)],
        "prob_negative": [float((array < 0).mean())],
    })
    finite("values", table.to_numpy(dtype=float))
    return table


def _mean(array: np.ndarray) -> float:
    with np.errstate(over="ignore", invalid="ignore"):
        return float(np.mean(array))


def _values(values: object) -> np.ndarray:
    """Simulated values, any shape, flattened: finite, at most MAX_DRAWS x MAX_PROJECTS of them."""
    if isinstance(values, np.ndarray) and values.ndim > 1:
        values = values.ravel()
    return v.array("values", values, max_length=100 * MAX_DRAWS)


def histogram(values: object, bins: int = 40) -> pd.DataFrame:
    """Histogram bins for a chart: ``start``, ``end``, ``count``, ``share``.

    Examples
    --------
    >>> histogram(np.array([0.0, 1.0, 1.0, 2.0]), bins=2)["count"].tolist()
    [1, 3]
    """
    array = _values(values)
    bins = v.whole("bins", bins, low=1, high=MAX_BINS, why="(more bars than a chart can show)")
    with np.errstate(over="ignore"):
        spread = float(array.max()) - float(array.min())
    if not np.isfinite(spread):
        raise ValueError("values are too far apart to bin (the range overflows); use smaller amounts")
    try:
        counts, edges = np.histogram(array, bins=bins)
    except ValueError:  # numpy cannot split the range into finite bins
        raise ValueError(f"values are too large to split into {bins} bins; use smaller amounts") from None
    table = pd.DataFrame({"start": edges[:-1], "end": edges[1:], "count": counts,
                          "share": counts / array.size})
    finite("values", table.to_numpy(dtype=float))
    return table
