"""``python -m pvkit.site [--out DIR]``: build the course's static site.

Run it from the repository (or give ``--root``). Exit code 0 when the site was
written, 1 when a notebook failed, 2 for a wrong request.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from pvkit.site.build import build_site


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return value


def main(argv: Sequence[str] | None = None) -> int:
    """Parse the command line, build the site, print what was made."""
    parser = argparse.ArgumentParser(prog="python -m pvkit.site", description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="the pvkit repository (default: here)")
    parser.add_argument("--out", type=Path, default=None, help="output folder (default: ROOT/_site)")
    parser.add_argument("--binder-repo", default=None,
                        help="GitHub owner/name for Binder links (default: the README's badges)")
    parser.add_argument("--ref", default=None, help="branch, tag or commit for Binder links")
    parser.add_argument("--jobs", type=_positive, default=2, help="notebooks run at once (default 2)")
    parser.add_argument("--timeout", type=_positive, default=300, help="seconds allowed per cell")
    args = parser.parse_args(argv)
    out = args.out or args.root / "_site"
    try:
        report = build_site(args.root, out, binder_repo=args.binder_repo, ref=args.ref,
                            jobs=args.jobs, timeout=args.timeout)
    except ValueError as error:
        print(f"pvkit.site: {error}", file=sys.stderr)
        return 2
    except RuntimeError as error:
        print(f"pvkit.site: {error}", file=sys.stderr)
        return 1
    for page in report.pages:
        extra = f"  ({page.charts} charts)" if page.charts else ""
        print(f"  {page.path}{extra}")
    print(f"Site written to {report.out} ({len(report.pages)} pages, {report.size_bytes / 1e6:.1f} MB) "
          f"in {report.seconds:.0f} s; open {report.out / 'index.html'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
