"""pvkit: a course kit on the economics of public value.

The package follows the argument of the IIPP policy brief "Getting serious about
value" (Mazzucato & Kattel, June 2019). One module per idea of the brief
(``frameworks`` for Box 4, market fixing vs market shaping), then ``charts``,
``widgets``, ``grading`` and ``cli``. Data flow one way:
data -> models -> charts -> widgets -> notebooks.
"""

__version__ = "0.1.0"

from pvkit._imports import defer_rfc3987_syntax as _defer

_defer()  # about 2 s off every kernel's start-up; see pvkit._imports
