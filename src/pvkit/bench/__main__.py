"""Run every pvkit benchmark: ``python -m pvkit.bench [--only NAME] [--no-browser]``."""

from __future__ import annotations

import argparse
import importlib
import pkgutil

import pvkit.bench as bench


def main(argv: list[str] | None = None) -> int:
    names = sorted(m.name for m in pkgutil.iter_modules(bench.__path__) if not m.name.startswith("_"))
    parser = argparse.ArgumentParser(prog="python -m pvkit.bench", description=__doc__)
    parser.add_argument("--only", choices=names, action="append", help="run only these benchmarks")
    parser.add_argument("--repeats", type=int, default=30, help="Python repeats (default 30)")
    parser.add_argument("--no-browser", action="store_true", help="skip the browser timings")
    args = parser.parse_args(argv)
    browser = not args.no_browser and (bench.REPO / "tests" / "browser_fixtures.py").exists()
    if not args.no_browser and not browser:
        print("(browser timings skipped: they need a repository checkout)")
    failures = 0
    for name in args.only or names:
        module = importlib.import_module(f"pvkit.bench.{name}")
        failures += module.run(args.repeats, browser) != 0
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
