"""Shared test configuration: repository paths and the notebooks of the kit."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

# Session-wide Voila server and Chromium fixtures (see browser_fixtures.py).
pytest_plugins = ["browser_fixtures"]

REPO = Path(__file__).resolve().parents[1]

# nbgrader and Jupyter tools are looked up on PATH; the tests must work when the
# virtual environment was never activated (CI calls .venv/bin/python directly).
os.environ["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])
# Keep Jupyter's runtime files (kernel connection files) out of the user's home.
os.environ.setdefault("JUPYTER_PLATFORM_DIRS", "1")


def repo_notebooks(*folders: str) -> list[Path]:
    """Every notebook under the given top-level folders, checkpoints excluded."""
    found: list[Path] = []
    for folder in folders:
        found += [
            p for p in sorted((REPO / folder).rglob("*.ipynb"))
            if ".ipynb_checkpoints" not in p.parts
        ]
    return found


@pytest.fixture(scope="session")
def repo() -> Path:
    return REPO
