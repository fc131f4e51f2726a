"""The vectorised core: present values of a portfolio over many draws at once.

Every input is broadcast to shape (draws, projects); years run along a third
axis. Nothing here loops over draws, so 10,000 draws x 50 years x 5 projects
take a few milliseconds.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from pvkit.appraisal._checks import as_projects
from pvkit.appraisal.project import Project, Setting

__all__ = ["ProjectArrays", "Components", "as_arrays", "present_values", "present_values_both", "EXACT_LIMIT",
           "B_MAX", "ADOPTION_RANGE", "GRID_POINTS"]

#: Up to this many (draw, project) pairs the market savings are computed exactly;
#: above it they are interpolated on a fine grid (relative error below 0.1%).
EXACT_LIMIT = 2000
#: Wright exponents on the grid run from 0 to B_MAX (a learning rate of 60%).
B_MAX = float(-np.log2(0.4))
#: Adoption multipliers on the grid (log-spaced); draws outside are clipped.
ADOPTION_RANGE = (0.05, 20.0)
_NB, _NA = 161, 81
_GRID_BLOCK = 2048  # grid rows computed at once
#: Rows of the interpolation grid (each a (b, adoption) pair).
GRID_POINTS = _NB * _NA


@dataclass(frozen=True)
class ProjectArrays:
    """Project attributes as arrays of shape (projects,)."""

    names: tuple[str, ...]
    c0: np.ndarray
    v: np.ndarray
    q: np.ndarray
    build: np.ndarray
    m: np.ndarray
    x0: np.ndarray
    lr: np.ndarray
    spill: np.ndarray
    p: np.ndarray
    gate: np.ndarray


@dataclass(frozen=True)
class Components:
    """Present values of each part, each of shape (draws, projects)."""

    costs: np.ndarray
    benefits: np.ndarray
    spillovers: np.ndarray
    market_savings: np.ndarray
    externalities: np.ndarray | float = 0.0

    @property
    def npv(self) -> np.ndarray:
        return self.benefits + self.externalities + self.spillovers + self.market_savings - self.costs


def as_arrays(projects: Sequence[Project] | Project) -> ProjectArrays:
    projects = as_projects(projects)

    def col(name: str, kind: type = float) -> np.ndarray:
        return np.array([getattr(p, name) for p in projects], dtype=kind)

    return ProjectArrays(
        names=tuple(p.name for p in projects), c0=col("unit_cost"), v=col("unit_benefit"),
        q=col("units_per_year"), build=col("build_years", np.int64), m=col("market_per_year"),
        x0=col("initial_cumulative"), lr=col("learning_rate"), spill=col("spillover_share"),
        p=col("p_success"), gate=col("gate_year", np.int64),
    )


def present_values(arr: ProjectArrays, setting: Setting, b: np.ndarray, adoption: np.ndarray,
                   spill: np.ndarray, success: np.ndarray, gated: bool, **options: float) -> Components:
    """Present values of each part, with (``gated``) or without stage gates."""
    committed, with_gates = present_values_both(arr, setting, b, adoption, spill, success, **options)
    return with_gates if gated else committed


def present_values_both(arr: ProjectArrays, setting: Setting, b: np.ndarray, adoption: np.ndarray,
                        spill: np.ndarray, success: np.ndarray, own: float = 1.0,
                        externality_share: float = 0.0,
                        failed_spillover_share: float = 0.0) -> tuple[Components, Components]:
    """Present value of every part, for draws of shape (N, P).

    ``b`` is Wright's exponent (0 means fixed prices), ``adoption`` multiplies
    the market's deployment, ``spill`` is the spillover share and ``success``
    is 1 where the technology works, 0 where it fails. ``own`` = 0 treats
    prices as set by the rest of the market alone (the programme's own
    deployment does not move them, and so saves other buyers nothing);
    ``own`` = 1 lets the programme's deployment count too. External benefits
    are ``externality_share`` of the direct benefits of working units; a failed
    project still yields ``failed_spillover_share`` of the spillovers it would
    have had. Returns the parts without and with stage gates (they differ
    only in the costs of failed projects, which a gate stops at ``gate_year``).
    """
    horizon = setting.horizon
    d = setting.factors()
    years = np.arange(1, horizon + 1, dtype=float)
    before = years - 1.0  # completed years at the start of year t
    uplift = 1.0 + setting.optimism_bias

    # --- programme costs: only in the build years, cumulated so a gate can cut them short
    last_build = int(min(arr.build.max(), horizon))
    t_build = before[:last_build]
    built = np.minimum(t_build[None, :], arr.build[:, None])  # (P, Tb)
    growth_b = own * arr.q[:, None] * built / arr.x0[:, None]  # programme's own deployment, (P, Tb)
    market_b = (arr.m / arr.x0)[:, None] * t_build[None, :]  # (P, Tb)
    dtype = np.float64 if b.size <= EXACT_LIMIT else np.float32
    work = adoption.astype(dtype)[..., None] * market_b.astype(dtype)[None]
    work += (1.0 + growth_b).astype(dtype)[None]
    np.log(work, out=work)
    work *= (-b).astype(dtype)[..., None]
    np.exp(work, out=work)  # price relative to today, in (0, 1]: float32 cannot overflow here
    cum_cost = work.astype(float)
    del work
    cum_cost *= (d[:last_build] * arr.c0[:, None])[None]  # money and discounting in float64
    np.cumsum(cum_cost, axis=2, out=cum_cost)
    full = np.broadcast_to(np.minimum(arr.build, last_build) - 1, b.shape)
    cut = np.where(success == 0, np.minimum(arr.gate, last_build)[None, :] - 1, full)
    scale = uplift * arr.q[None, :]
    costs = scale * np.take_along_axis(cum_cost, full[..., None], axis=2)[..., 0]
    gated_costs = scale * np.take_along_axis(cum_cost, cut[..., None], axis=2)[..., 0]

    # --- direct benefits and spillovers (no prices involved)
    operating = np.minimum(before[None, :], arr.build[:, None])  # (P, T)
    direct = arr.v * arr.q * (operating @ d)  # (P,)
    benefits = success * direct[None, :]
    externalities = externality_share * benefits
    spillovers = spill * direct[None, :] * (success + (1.0 - success) * failed_spillover_share)

    # --- market savings: the programme makes every other buyer's units cheaper
    if own and np.any(b > 0) and np.any(arr.m > 0):
        sums = (_saving_sums(arr, b, adoption, before, operating, d) if b.size <= EXACT_LIMIT
                else _saving_sums_interpolated(arr, setting, b, adoption))
        market_savings = success * adoption * (arr.m * arr.c0)[None, :] * sums
    else:
        market_savings = np.zeros_like(benefits)
    return (Components(costs, benefits, spillovers, market_savings, externalities),
            Components(gated_costs, benefits, spillovers, market_savings, externalities))


def _saving_sums(arr: ProjectArrays, b: np.ndarray, adoption: np.ndarray, before: np.ndarray,
                 operating: np.ndarray, d: np.ndarray, dtype: type | None = None) -> np.ndarray:
    """Discounted sum over years of the per-unit price cut the programme causes.

    Per unit, in year t: (1 + M t)^-b - (1 + M t + Q_t)^-b, with M the market's
    and Q_t the programme's cumulative deployment relative to X0. This is the
    only (draws x projects x years) computation, done in place, in float32
    above ``EXACT_LIMIT`` pairs unless ``dtype`` is given.
    """
    if dtype is None:
        dtype = np.float64 if b.size <= EXACT_LIMIT else np.float32
    rel = (adoption * (arr.m / arr.x0)[None, :]).astype(dtype)
    work = rel[..., None] * before.astype(dtype)[None, None, :]
    work += dtype(1.0)
    low = np.log(work)
    work += (arr.q[:, None] * operating / arr.x0[:, None]).astype(dtype)[None]
    high = np.log(work, out=work)
    minus_b = (-b).astype(dtype)[..., None]
    low *= minus_b
    high *= minus_b
    np.exp(low, out=low)
    np.exp(high, out=high)
    low -= high
    top = float(d.max())  # scaled so float32 holds the factors (they exceed 1 at negative rates)
    return (low @ (d / top).astype(dtype)).astype(float) * top


@lru_cache(maxsize=8)
def _grid(key: tuple) -> np.ndarray:
    arr, setting = _GRID_INPUTS[key]
    b = np.linspace(0.0, B_MAX, _NB)
    adoption = np.exp(np.linspace(np.log(ADOPTION_RANGE[0]), np.log(ADOPTION_RANGE[1]), _NA))
    bb = np.broadcast_to(b[:, None, None], (_NB, _NA, len(arr.names))).reshape(-1, len(arr.names))
    aa = np.broadcast_to(adoption[None, :, None], (_NB, _NA, len(arr.names))).reshape(-1, len(arr.names))
    horizon = setting.horizon
    before = np.arange(horizon, dtype=float)
    operating = np.minimum(before[None, :], arr.build[:, None])
    d = setting.factors()
    # In blocks of rows: the whole grid at once would hold about 30 MB of temporaries.
    blocks = range(0, len(bb), _GRID_BLOCK)
    sums = np.concatenate([_saving_sums(arr, bb[i:i + _GRID_BLOCK], aa[i:i + _GRID_BLOCK],
                                        before, operating, d, np.float32) for i in blocks])
    return sums.reshape(_NB, _NA, len(arr.names))


_GRID_INPUTS: dict[tuple, tuple[ProjectArrays, Setting]] = {}


def _grid_key(arr: ProjectArrays, setting: Setting) -> tuple:
    """The cache key of the grid for these projects and setting (its inputs kept under it)."""
    key = (arr.names, *(tuple(getattr(arr, f)) for f in ("c0", "q", "build", "m", "x0")),
           setting.horizon, setting.schedule, setting.rate)
    _GRID_INPUTS.setdefault(key, (arr, setting))
    return key


def _saving_sums_interpolated(arr: ProjectArrays, setting: Setting, b: np.ndarray,
                              adoption: np.ndarray) -> np.ndarray:
    """:func:`_saving_sums` by bilinear interpolation in (b, log adoption) on a cached grid."""
    grid = _grid(_grid_key(arr, setting))
    fb = np.clip(b, 0.0, B_MAX) * ((_NB - 1) / B_MAX)
    lo, hi = np.log(ADOPTION_RANGE[0]), np.log(ADOPTION_RANGE[1])
    fa = (np.clip(np.log(adoption), lo, hi) - lo) * ((_NA - 1) / (hi - lo))
    ib = np.minimum(fb.astype(np.int64), _NB - 2)
    ia = np.minimum(fa.astype(np.int64), _NA - 2)
    wb, wa = fb - ib, fa - ia
    p = np.broadcast_to(np.arange(b.shape[1]), b.shape)
    g00, g01 = grid[ib, ia, p], grid[ib, ia + 1, p]
    g10, g11 = grid[ib + 1, ia, p], grid[ib + 1, ia + 1, p]
    return (1 - wb) * ((1 - wa) * g00 + wa * g01) + wb * ((1 - wa) * g10 + wa * g11)
