"""A plain-text progress bar with the time left, for long class-wide steps.

On a terminal the bar is redrawn in place under the per-student lines; in a log
file (or a pipe) it is one line after each student, so the log tells the same
story.

>>> bar = Bar(4, width=8, clock=iter([0.0, 10.0]).__next__)
>>> bar.line(1)
'[##------] 1/4  25%  0:10 so far, about 0:30 left'
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import TextIO

__all__ = ["Bar", "clock_text"]


def clock_text(seconds: float) -> str:
    """``m:ss`` (or ``h:mm:ss``) for a number of seconds.

    >>> clock_text(75.4), clock_text(3725)
    ('1:15', '1:02:05')
    """
    whole = int(round(max(0.0, seconds)))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


class Bar:
    """Progress of ``total`` items; :meth:`show` after each one.

    Parameters
    ----------
    total : int
        Items to do (at least 1).
    width : int
        Characters inside the brackets.
    stream : text stream, optional
        Where to draw; standard output by default.
    clock : callable, optional
        Seconds now (for tests); the first call marks the start.
    """

    def __init__(self, total: int, width: int = 30, stream: TextIO | None = None,
                 clock: Callable[[], float] = time.perf_counter) -> None:
        if isinstance(total, bool) or not isinstance(total, int) or total < 1:
            raise ValueError(f"total must be a whole number of items, at least 1; got {total!r}")
        if isinstance(width, bool) or not isinstance(width, int) or not 4 <= width <= 200:
            raise ValueError(f"width must be a whole number from 4 to 200, got {width!r}")
        self.total, self.width, self.clock = total, width, clock
        self.stream = stream
        self.start = clock()
        self.drawn = False

    def line(self, done: int) -> str:
        """The bar after ``done`` items, with the time so far and an estimate of the rest."""
        done = min(max(0, int(done)), self.total)
        elapsed = self.clock() - self.start
        filled = round(self.width * done / self.total)
        text = (f"[{'#' * filled}{'-' * (self.width - filled)}] {done}/{self.total}  "
                f"{100 * done / self.total:.0f}%  {clock_text(elapsed)} so far")
        if 0 < done < self.total:
            text += f", about {clock_text(elapsed / done * (self.total - done))} left"
        elif done == self.total:
            text += ", done"
        return text

    @property
    def _out(self) -> TextIO:
        return self.stream if self.stream is not None else sys.stdout

    @property
    def live(self) -> bool:
        """Redrawn in place (a terminal) rather than one line per update."""
        return bool(getattr(self._out, "isatty", lambda: False)())

    def clear(self) -> None:
        """Rub the live bar out before another line is printed."""
        if self.drawn and self.live:
            self._out.write("\r\x1b[K")
            self.drawn = False

    def show(self, done: int) -> None:
        """Draw the bar after ``done`` items."""
        out = self._out
        if self.live:
            out.write("\r\x1b[K" + self.line(done) + ("\n" if done >= self.total else ""))
            self.drawn = done < self.total
        else:
            out.write("  " + self.line(done) + "\n")
        out.flush()
