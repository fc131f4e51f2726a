"""Spillovers: benefits that land in other sectors than the one paid for.

The static view counts only the direct benefits of a project. Mission-type
programmes also build knowledge, skills and supplier firms that other sectors
use (the brief, section 3, asks for these dynamic spillovers to be measured
even when a mission fails). Here they are a share of the direct benefits: a
share of 1.0 means other sectors gain as much as the project's own users.
Social returns to R&D have been estimated at about twice private returns
(Bloom, Schankerman & Van Reenen 2013), so shares around 1 are not far-fetched;
the shares in the worked case are illustrative.

>>> spillover_flows([0, 100, 100], 0.5).tolist()
[0.0, 50.0, 50.0]
"""

from __future__ import annotations

import numpy as np

from pvkit.appraisal._checks import as_flows, check_positive, finite

__all__ = ["spillover_flows", "with_spillovers"]

#: Largest spillover share (as for a Project): other sectors gain 100 times the direct benefits.
MAX_SPILLOVER = 100.0


def spillover_flows(direct_benefits: object, share: float) -> np.ndarray:
    """Benefits in other sectors, year by year: ``share`` x the direct benefits.

    Raises
    ------
    ValueError
        A negative share, or missing values in the benefits.

    Examples
    --------
    >>> spillover_flows([10, 20], 0.0).tolist()
    [0.0, 0.0]
    """
    flows = as_flows(direct_benefits, "direct_benefits")
    return finite("direct_benefits and share", flows * _share(share))


def _share(share: object) -> float:
    return check_positive(share, "share", allow_zero=True, high=MAX_SPILLOVER,
                          hint="the spillover share: 0.5 means other sectors gain half the direct benefits")


def with_spillovers(direct_benefits: object, share: float) -> np.ndarray:
    """Direct benefits plus their spillovers: (1 + share) x the direct benefits.

    Examples
    --------
    >>> with_spillovers([0, 100], 0.3).tolist()
    [0.0, 130.0]
    """
    flows = as_flows(direct_benefits, "direct_benefits")
    return finite("direct_benefits and share", flows + flows * _share(share))
