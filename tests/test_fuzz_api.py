"""Every public callable of pvkit, fed bad values of every kind (issue 9).

The public API is discovered by introspection: every callable named in the
``__all__`` of every pvkit module. Each must have a spec in ``tests/fuzz/specs_*.py``
(a new public function without one fails ``test_every_public_callable_has_a_spec``).
For each spec:

- the valid call succeeds with a finite result;
- values that mean the same (numpy ints, tuples, padded names) give the same result;
- every bad value of each argument's kind, one argument at a time, gives a
  ``ValueError``/``TypeError`` naming that argument, or a finite result;
- hypothesis draws further values of each kind (derandomised, so CI is repeatable).

Every call runs under a CPU-time budget and a memory ceiling (``fuzz/oracle.py``).
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import warnings
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import pvkit
from pvkit._validate import shown
from fuzz.kinds import Spec
from fuzz.oracle import digest, judge, memory_ceiling

# Tools run from the command line, not called from notebooks: benchmarks (`make bench`),
# the static site builder (`make site`), the grading commands behind `pvkit ...` and the
# notebook runner they share (their input comes from argparse and the course folder;
# tests/test_cli.py, the grading tests and tests/test_kernel_start.py cover their errors).
# The grading package's own names are still covered.
SKIPPED_PACKAGES = ("pvkit.bench", "pvkit.site", "pvkit.grading.", "pvkit.kernel_start")


def public_callables() -> dict[int, tuple[str, Any]]:
    """Every callable in every pvkit ``__all__``, by identity: {id: (first dotted name, object)}."""
    found: dict[int, tuple[str, Any]] = {}
    modules = [pvkit] + [importlib.import_module(m.name)
                         for m in pkgutil.walk_packages(pvkit.__path__, "pvkit.")
                         if not m.name.startswith(SKIPPED_PACKAGES)
                         and not m.name.rpartition(".")[2].startswith("_")]
    for module in modules:
        for name in getattr(module, "__all__", []):
            obj = getattr(module, name)
            if not callable(obj) or (inspect.isclass(obj) and issubclass(obj, BaseException)):
                continue
            found.setdefault(id(obj), (f"{module.__name__}.{name}", obj))
    return found


def resolve(target: str) -> Any:
    module_name, _, attribute = target.rpartition(".")
    return getattr(importlib.import_module(module_name), attribute)


def all_specs() -> list[Spec]:
    import fuzz

    specs: list[Spec] = []
    for info in pkgutil.iter_modules(fuzz.__path__):
        if info.name.startswith("specs_"):
            specs += importlib.import_module(f"fuzz.{info.name}").SPECS
    return specs


SPECS = all_specs()


@pytest.fixture(scope="module", autouse=True)
def bounded_memory() -> Iterator[None]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # a refused value may warn before it is refused
        with memory_ceiling():
            yield


def test_every_public_callable_has_a_spec() -> None:
    covered = {id(resolve(spec.target)) for spec in SPECS}
    missing = sorted(name for key, (name, _) in public_callables().items() if key not in covered)
    assert not missing, ("public callables with no fuzz spec (add one to tests/fuzz/specs_*.py): "
                         + ", ".join(missing))


def test_specs_are_unique_and_name_real_arguments() -> None:
    targets = [spec.target for spec in SPECS]
    assert len(targets) == len(set(targets)), "a callable has two specs"
    for spec in SPECS:
        parameters = inspect.signature(resolve(spec.target)).parameters
        takes_any = any(p.kind is p.VAR_KEYWORD for p in parameters.values())
        unknown = [name for name in spec.keywords if name not in parameters and not takes_any]
        assert not unknown, f"{spec.target}: spec names no such argument {unknown}"


def _call(spec: Spec, replace: str | None = None, value: Any = None) -> Any:
    function = resolve(spec.target)
    args, kwargs = spec.call_args(replace, value)
    return lambda: function(*args, **kwargs)


def _aliases(spec: Spec, name: str) -> tuple[str, ...]:
    return dict(spec.slots())[name].aliases


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s.target)
def test_valid_call_and_equivalent_values(spec: Spec) -> None:
    problem = judge(spec, _call(spec), None)
    assert problem is None, f"{spec.target}: {problem}"
    expected = digest(_call(spec)())
    for name, arg in spec.slots():
        for value in arg.same():
            problem = judge(spec, _call(spec, name, value), None)
            assert problem is None, f"{spec.target}({name}={shown(value, 60)}): {problem}"
            assert digest(_call(spec, name, value)()) == expected, (
                f"{spec.target}: {name}={value!r} should mean the same as {arg.make()!r}")


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s.target)
def test_every_bad_value_of_every_argument(spec: Spec) -> None:
    problems = []
    for name, arg in spec.slots():
        for value in arg.bad():
            problem = judge(spec, _call(spec, name, value), name, arg.aliases)
            if problem:
                problems.append(f"{name}={shown(value, 60)}: {problem}")
    assert not problems, f"{spec.target}:\n  " + "\n  ".join(problems)


@pytest.mark.parametrize("spec", [s for s in SPECS if any(a.strategy() is not None for _, a in s.slots())],
                         ids=lambda s: s.target)
@settings(max_examples=12, deadline=None, derandomize=True, database=None,
          suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_random_values_of_every_kind(spec: Spec, data: st.DataObject) -> None:
    fuzzable = [(name, arg) for name, arg in spec.slots() if arg.strategy() is not None]
    name, arg = data.draw(st.sampled_from(fuzzable), label="argument")
    value = data.draw(arg.strategy(), label=name)
    problem = judge(spec, _call(spec, name, value), name, arg.aliases)
    assert problem is None, f"{spec.target}({name}={shown(value, 60)}): {problem}"
