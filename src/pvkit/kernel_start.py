"""Notebook runners that start the kernel again when a start is lost to a port race.

Jupyter picks a new kernel's ports by asking the system for free ones, lets them
go, and hands their numbers to the kernel, which binds them a moment later. When
several kernels start at once (``pvkit autograde --jobs 2``, ``make site``, a
class on one hub) another process can take a port in that moment, and the kernel
dies before running anything (``ZMQError: Address already in use``). It is a race
inherent in the Jupyter protocol (see jupyter/jupyter_client and
nteract/papermill#511), not a fault of the notebook. :class:`RetryKernelStart`
starts a fresh kernel, with fresh ports, when one dies or stays silent before
replying to its first message: no cell has run by then, so nothing runs twice.

:class:`NotebookRunner` is nbclient's ``NotebookClient`` with that retry; the
course's autograding uses :class:`pvkit.grading.preprocessors.Execute`, nbgrader's
``Execute`` with the same retry.
"""

from __future__ import annotations

import atexit
from typing import Any

from jupyter_core.utils import run_sync
from nbclient import NotebookClient

__all__ = ["KERNEL_START_ATTEMPTS", "KernelStartError", "NotebookRunner", "RetryKernelStart"]

#: Kernel starts tried before giving up: a lost race is rare, and losing it three
#: times in a row means something else is wrong (a broken kernel, no free ports).
KERNEL_START_ATTEMPTS = 3


class KernelStartError(RuntimeError):
    """Every kernel start failed; no cell of the notebook ran."""


class RetryKernelStart:
    """Mix into a ``NotebookClient`` subclass (before it): a kernel that dies at start is replaced.

    >>> issubclass(NotebookRunner, RetryKernelStart) and issubclass(NotebookRunner, NotebookClient)
    True
    """

    _start_kwargs: dict[str, Any] | None = None  # how this client last started its kernel

    async def async_start_new_kernel(self, **kwargs: Any) -> None:
        self._start_kwargs = dict(kwargs)
        await super().async_start_new_kernel(**kwargs)  # type: ignore[misc]

    async def async_start_new_kernel_client(self) -> Any:
        attempt = 1
        while True:
            try:
                return await super().async_start_new_kernel_client()  # type: ignore[misc]
            except RuntimeError as exc:  # jupyter_client: died, or no reply in startup_timeout
                if self._start_kwargs is None or not self.owns_km:  # type: ignore[attr-defined]
                    raise  # a kernel started elsewhere: not ours to replace
                if attempt == KERNEL_START_ATTEMPTS:
                    # nbclient left its exit-time clean-up registered, for a kernel now gone.
                    atexit.unregister(self._cleanup_kernel)  # type: ignore[attr-defined]
                    raise KernelStartError(f"the kernel could not start ({KERNEL_START_ATTEMPTS} "
                                           f"tries; last: {exc})") from exc
                attempt += 1
                log = self.log  # type: ignore[attr-defined]
                log.warning("The kernel did not start (%s); starting a new one (try %d of %d)",
                            exc, attempt, KERNEL_START_ATTEMPTS)
                # nbclient has shut the dead kernel down and dropped its manager.
                self.km = self.create_kernel_manager()  # type: ignore[attr-defined]
                await self.async_start_new_kernel(**self._start_kwargs)

    # nbclient's blocking methods wrap its own coroutines; these wrap the ones above.
    start_new_kernel = run_sync(async_start_new_kernel)
    start_new_kernel_client = run_sync(async_start_new_kernel_client)


class NotebookRunner(RetryKernelStart, NotebookClient):
    """nbclient's ``NotebookClient``, whose kernel is started again if it dies at start.

    Used wherever pvkit runs notebooks itself: ``make site``, ``make bench`` and the tests.
    """
