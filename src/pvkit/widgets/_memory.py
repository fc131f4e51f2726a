"""Give a dashboard kernel's freed memory back to the system once the dashboard is built.

Building a dashboard runs its models once over large arrays (10,000 simulated
portfolios, a 13,000-point interpolation grid); numpy frees them, but glibc's
allocator keeps much of the freed space for re-use, so the kernel's resident
memory stays 7-9 MB higher than what it holds, for every open page. Asking
glibc to trim (as Dask's workers do) returns it. Elsewhere (macOS, Windows,
musl) this does nothing.

>>> release_free_memory() in (True, False)
True
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
from collections.abc import Callable

__all__ = ["release_free_memory"]


@functools.lru_cache(maxsize=1)
def _malloc_trim() -> Callable[[int], int] | None:
    name = ctypes.util.find_library("c")
    try:
        return ctypes.CDLL(name).malloc_trim if name else None
    except (OSError, AttributeError):  # no such library, or not glibc
        return None


def release_free_memory() -> bool:
    """Return the C allocator's free pages to the system; True if it could (glibc)."""
    trim = _malloc_trim()
    if trim is None:
        return False
    trim(0)
    return True
