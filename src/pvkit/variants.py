"""Per-student variants: each student's own numbers for an exercise, stable and reproducible.

An exercise with a variant space (:data:`SPACES`) gives every student their own
parameters (a seed, a cost, a rate...). They are derived with HMAC-SHA256 from
the course's key, the assignment, the parameter's name and the student's id, so

* the same student always gets the same numbers (on the hub, when autograded,
  when the instructor re-runs the grading a month later);
* two students almost always get different numbers, and a neighbour's copied
  answers earn nothing: the hidden tests recompute the expected answers from the
  numbers of the student being graded;
* a new course key (a new term) gives everybody new numbers, so answers handed
  down from last year are wrong.

**The key.** ``pvkit build`` creates a random key in ``<course>/.pvkit/variant.key``
the first time an assignment uses variants, and puts a copy next to the student
version (``.pvkit-variant.key``), which nbgrader hands out with the notebook. It
is not a secret from students, and need not be: every student's notebook needs
it to show their own numbers, and knowing a neighbour's numbers does not help
you answer yours. It makes the derivation *keyed* so variants belong to one
offering of the course. When autograding, ``pvkit`` passes the course's own key
and the student's id to the kernel in the environment (:func:`grading_env`), so
an edited or deleted key file in a submission changes nothing.

**Who is this?** :func:`for_me` reads the kernel's starting environment (on
Linux, ``/proc/self/environ``, which code in the notebook cannot rewrite): the
id pvkit's autograder passes (``PVKIT_STUDENT``); else, under plain ``nbgrader
autograde`` (``NBGRADER_EXECUTION``), the student folder the kernel runs in
(``autograded/<student>/<assignment>``); else the JupyterHub user
(``JUPYTERHUB_USER``). Where it cannot tell (Binder, a laptop) or has no key, it
says so and uses the *default variant*: the numbers printed in the exercise.

>>> v = for_student("appraisal", "amy", key="k" * 32)
>>> v == for_student("appraisal", "amy", key="k" * 32)
True
>>> for_student("appraisal", "amy", key=None).values == defaults("appraisal")
True
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pvkit import _validate as check

# What a notebook calls. The instructor's side (course_key, grading_env,
# prepare_release, record_variant...) is called by pvkit's own grading commands.
__all__ = ["SPACES", "STUDENT_ENV", "KEY_ENV", "RELEASE_KEY_FILE", "Variant", "defaults",
           "parameters", "for_student", "for_me", "identity", "find_key"]

STUDENT_ENV = "PVKIT_STUDENT"
KEY_ENV = "PVKIT_VARIANT_KEY"
#: The copy of the course key handed out with an assignment (next to its notebook).
RELEASE_KEY_FILE = ".pvkit-variant.key"
COURSE_KEY_FILE = Path(".pvkit") / "variant.key"
_VERSION = "pvkit-variants-1"  # part of every HMAC message: a new scheme never reuses old numbers


def _steps(low: float, high: float, step: float, digits: int = 6) -> tuple[float, ...]:
    count = int(round((high - low) / step)) + 1
    return tuple(round(low + i * step, digits) for i in range(count))


@dataclass(frozen=True)
class Parameter:
    """One varied number: its label, the default (the printed exercise's) and the choices."""

    label: str
    default: float | int
    choices: Sequence[float | int]


#: assignment -> parameter name -> :class:`Parameter`. Defaults are the numbers the
#: exercise had before it had variants (Binder, laptops and the lesson use them).
SPACES: dict[str, dict[str, Parameter]] = {
    "appraisal": {
        "year_a": Parameter("Part 1: the first year (3.0% band)", 40, range(31, 76)),
        "year_b": Parameter("Part 1: the second year (2.5% band)", 80, range(76, 126)),
        "flood_cost": Parameter("Parts 2-4: the scheme's cost in year 0", 2000.0,
                                _steps(1600, 2400, 50)),
        "flood_upkeep": Parameter("Parts 2-4: upkeep a year, years 1-20", 20.0,
                                  _steps(10, 30, 2)),
        "flood_benefit": Parameter("Parts 2-4: damage avoided a year, years 1-20", 180.0,
                                   _steps(150, 220, 5)),
        "learning_rate": Parameter("Part 5: the learning rate per doubling", 0.18,
                                   _steps(0.14, 0.22, 0.01)),
        "battery_cost": Parameter("Part 5: cost per kWh at 500 GWh", 150.0,
                                  _steps(120, 180, 5)),
        "mc_seed": Parameter("Part 6: the Monte Carlo seed", 2024, range(1000, 10000)),
    },
    "rewards": {
        "profit": Parameter("Part 1: the firm's profit", 60.0, _steps(30, 90, 5)),
        "loan_rate": Parameter("Part 1: the loan's interest rate", 0.05, _steps(0.03, 0.08, 0.01)),
        "equity_stake": Parameter("Part 1: the equity stake", 0.20, _steps(0.10, 0.30, 0.05)),
        "royalty_rate": Parameter("Part 1: the royalty on revenue", 0.04, _steps(0.02, 0.06, 0.01)),
        "seed_part2": Parameter("Part 2: the portfolio seed", 2026, range(1000, 10000)),
        "seed_part3": Parameter("Part 3: the fund's seed", 7, range(1, 1000)),
        "rd_cost": Parameter("Part 4: the medicine's R&D cost", 1200.0, _steps(800, 1600, 100)),
        "price": Parameter("Part 4: the firm's own price", 40.0, _steps(30, 50, 2)),
    },
}


def _space(assignment: object) -> dict[str, Parameter]:
    return SPACES[check.choice("assignment", assignment, list(SPACES))]


def defaults(assignment: str) -> dict[str, float | int]:
    """The default variant of an assignment: the numbers printed in the exercise.

    >>> defaults("rewards")["seed_part2"]
    2026
    """
    return {name: p.default for name, p in _space(assignment).items()}


def _key_bytes(key: object) -> bytes:
    text = check.text("key", key, max_length=1000)
    if len(text) < 16:
        raise ValueError(f"key must be at least 16 characters (a course key from "
                         f"`pvkit build`), got {len(text)}")
    return text.encode("utf-8")


def parameters(key: str, assignment: str, student: str) -> dict[str, float | int]:
    """The parameters of ``student`` for ``assignment`` in the course whose key is ``key``.

    Each parameter is picked from its choices with HMAC-SHA256 of (scheme,
    assignment, student, parameter name) under the course key.

    Parameters
    ----------
    key : str
        The course key (``<course>/.pvkit/variant.key``), at least 16 characters.
    assignment : str
        An assignment with a variant space, e.g. ``"appraisal"``.
    student : str
        The student's id (their nbgrader / JupyterHub name).

    >>> p = parameters("a-course-key-of-this-term", "rewards", "amy")
    >>> p == parameters("a-course-key-of-this-term", "rewards", "amy")
    True
    >>> 1000 <= p["seed_part2"] <= 9999
    True
    """
    space = _space(assignment)
    secret = _key_bytes(key)
    who = check.text("student", student, max_length=200)
    values: dict[str, float | int] = {}
    for name, param in space.items():
        message = "\x1f".join((_VERSION, assignment, who, name)).encode("utf-8")
        digest = hmac.new(secret, message, hashlib.sha256).digest()
        values[name] = param.choices[int.from_bytes(digest[:8], "big") % len(param.choices)]
    return values


@dataclass(frozen=True)
class Variant:
    """One student's numbers for one assignment (read them as attributes: ``mine.mc_seed``)."""

    assignment: str
    student: str | None
    values: Mapping[str, float | int]
    default: bool = False
    note: str = ""
    labels: Mapping[str, str] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        space = _space(self.assignment)
        if self.student is not None:
            check.text("student", self.student, max_length=200)
        if not isinstance(self.values, Mapping):
            raise TypeError(f"values must be a dict of parameter -> number, got "
                            f"{type(self.values).__name__}")
        for name, value in self.values.items():
            check.choice("values", name, list(space))
            check.number(f"values[{name!r}]", value)
        object.__setattr__(self, "default", check.flag("default", self.default))
        if not isinstance(self.note, str):
            raise TypeError(f"note must be text, got {type(self.note).__name__}")
        if not isinstance(self.labels, Mapping):
            raise TypeError(f"labels must be a dict of parameter -> label, got "
                            f"{type(self.labels).__name__}")

    def __getattr__(self, name: str) -> Any:
        values = self.__dict__.get("values", {})
        if name in values:
            return values[name]
        raise AttributeError(f"this variant has no number {name!r}; it has "
                             f"{', '.join(values) or 'none'}")

    def __getitem__(self, name: str) -> float | int:
        return self.values[check.choice("name", name, list(self.values))]

    def describe(self) -> str:
        """A few lines for the student: whose numbers these are, and each number."""
        if self.default:
            head = f"Default variant of {self.assignment!r}. {self.note}"
        else:
            head = f"Your own numbers for {self.assignment!r} (student {self.student}):"
        width = max(len(n) for n in self.values)
        lines = [f"  {name:<{width}} = {value:g}   {self.labels.get(name, '')}".rstrip()
                 for name, value in self.values.items()]
        return "\n".join([head, *lines])

    def __str__(self) -> str:
        return self.describe()

    def short(self) -> str:
        """``name=value`` pairs on one line (for the instructor's tables)."""
        return ", ".join(f"{n}={v:g}" for n, v in self.values.items())


def for_student(assignment: str, student: str | None, key: str | None) -> Variant:
    """The variant of ``student``; the default variant when the student or key is unknown.

    >>> for_student("rewards", None, key=None).default
    True
    """
    space = _space(assignment)
    labels = {n: p.label for n, p in space.items()}
    if student is None:
        return Variant(assignment, None, defaults(assignment), True, NO_IDENTITY, labels)
    if key is None:
        return Variant(assignment, student, defaults(assignment), True, NO_KEY, labels)
    return Variant(assignment, student, parameters(key, assignment, student), False, "", labels)


NO_IDENTITY = ("pvkit could not tell who you are (no JupyterHub user: Binder or your own "
               "computer?), so these are the numbers printed in the exercise. On the course "
               "hub you get your own numbers: do the graded version there.")
NO_KEY = ("This copy of the exercise has no course key (the file .pvkit-variant.key that "
          "comes with the assignment), so these are the numbers printed in the exercise, "
          "not yours. Fetch the assignment again from the Assignments tab.")


def _initial_environ() -> dict[str, str]:
    """The environment this process started with (code run since cannot change it on Linux)."""
    try:
        raw = Path("/proc/self/environ").read_bytes()
    except OSError:
        return dict(os.environ)
    pairs = (item.split("=", 1) for item in raw.decode("utf-8", "replace").split("\0"))
    return {p[0]: p[1] for p in pairs if len(p) == 2}


def _environment(environ: object) -> Mapping[str, str]:
    if environ is None:
        return _initial_environ()
    if not isinstance(environ, Mapping):
        raise TypeError(f"environ must be a dict of environment variables (or None for this "
                        f"process's own), got {type(environ).__name__}")
    return environ


def _folder(cwd: object) -> Path:
    if cwd is None:
        return Path(os.getcwd())
    if isinstance(cwd, os.PathLike):
        cwd = os.fspath(cwd)
    if not isinstance(cwd, str):
        raise TypeError(f"cwd must be a folder's path (text), or None for the working folder; "
                        f"got {type(cwd).__name__}")
    return Path(check.text("cwd", cwd, max_length=4096))


def identity(environ: Mapping[str, str] | None = None,
             cwd: str | os.PathLike[str] | None = None) -> tuple[str | None, str]:
    """Who the running notebook belongs to, and how that was found.

    >>> identity({"PVKIT_STUDENT": "amy"}, "/tmp")
    ('amy', 'PVKIT_STUDENT (pvkit autograde)')
    >>> identity({"NBGRADER_EXECUTION": "autograde"}, "/c/autograded/bob/rewards")
    ('bob', 'the autograded folder (nbgrader autograde)')
    >>> identity({}, "/home/me")
    (None, 'unknown')
    """
    env = _environment(environ)
    where = _folder(cwd)
    if env.get(STUDENT_ENV, "").strip():
        return env[STUDENT_ENV].strip(), f"{STUDENT_ENV} (pvkit autograde)"
    if env.get("NBGRADER_EXECUTION") == "autograde" and where.parent.parent.name == "autograded":
        return where.parent.name, "the autograded folder (nbgrader autograde)"
    if env.get("JUPYTERHUB_USER", "").strip():
        return env["JUPYTERHUB_USER"].strip(), "the JupyterHub user"
    return None, "unknown"


def find_key(environ: Mapping[str, str] | None = None,
             cwd: str | os.PathLike[str] | None = None) -> str | None:
    """The course key the running notebook should use, or None.

    The environment (``PVKIT_VARIANT_KEY``, set by pvkit's autograder) first; then
    a course above the working folder (``.pvkit/variant.key`` next to
    ``nbgrader_config.py``); then the copy handed out with the assignment.
    """
    env = _environment(environ)
    if env.get(KEY_ENV, "").strip():
        return env[KEY_ENV].strip()
    where = _folder(cwd).resolve()
    for folder in (where, *where.parents):
        if (folder / "nbgrader_config.py").is_file() and (folder / COURSE_KEY_FILE).is_file():
            return _read_key(folder / COURSE_KEY_FILE)
    return _read_key(where / RELEASE_KEY_FILE)


def _read_key(path: Path) -> str | None:
    try:
        text = path.read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError):
        return None
    return text if len(text) >= 16 else None


def for_me(assignment: str) -> Variant:
    """The variant of whoever runs this notebook (see the module's notes).

    Call it in the set-up cell and show ``mine.describe()``; hidden tests call it
    again to compute the expected answers from the same numbers.
    """
    _space(assignment)
    student, _how = identity()
    return for_student(assignment, student, find_key() if student is not None else None)


# -- the instructor's side -------------------------------------------------------------
def course_key(root: str | os.PathLike[str], create: bool = False) -> str | None:
    """The key of the course at ``root`` (``.pvkit/variant.key``); made when ``create``.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     made = course_key(tmp, create=True)
    ...     made == course_key(tmp) and len(made) == 64
    True
    """
    path = Path(root) / COURSE_KEY_FILE
    found = _read_key(path)
    if found is None and check.flag("create", create):
        path.parent.mkdir(parents=True, exist_ok=True)
        found = secrets.token_hex(32)
        path.write_text(found + "\n", encoding="utf-8")
    return found


@contextmanager
def grading_env(root: str | os.PathLike[str], student: str) -> Iterator[None]:
    """Tell kernels started inside this block whose submission they grade, with the course key."""
    key = course_key(root)
    saved = {name: os.environ.get(name) for name in (STUDENT_ENV, KEY_ENV)}
    os.environ[STUDENT_ENV] = check.text("student", student)
    if key is None:
        os.environ.pop(KEY_ENV, None)
    else:
        os.environ[KEY_ENV] = key
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def uses_variants(folder: str | os.PathLike[str]) -> bool:
    """Whether any notebook in an assignment folder calls :func:`for_me`."""
    return any("variants.for_me(" in p.read_text(encoding="utf-8", errors="replace")
               for p in Path(folder).glob("*.ipynb"))


def prepare_release(root: str | os.PathLike[str], assignment: str,
                    release: str | os.PathLike[str]) -> bool:
    """Hand out the course key with a built assignment that uses variants; True if it does."""
    if assignment not in SPACES or not uses_variants(release):
        return False
    key = course_key(root, create=True)
    (Path(release) / RELEASE_KEY_FILE).write_text(f"{key}\n", encoding="utf-8")
    return True


def record_variant(root: str | os.PathLike[str], assignment: str, student: str,
                   release: str | os.PathLike[str]) -> str:
    """Remember the variant a student is graded against; returns it on one line.

    Returns ``''`` when the built assignment (its ``release`` folder) has no variants.
    """
    from pvkit.grading.records import VariantLog

    key = course_key(root)
    if assignment not in SPACES or key is None or not (Path(release) / RELEASE_KEY_FILE).is_file():
        return ""
    variant = for_student(assignment, student, key)
    VariantLog(Path(root)).record(assignment, student, dict(variant.values),
                                  hashlib.sha256(key.encode()).hexdigest()[:8])
    return variant.short()
