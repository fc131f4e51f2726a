"""Binder's recipe works: a fresh environment from binder/ serves the dashboard.

Does what repo2docker does, on this machine: a new virtual environment gets
``binder/requirements.txt``, ``binder/postBuild`` runs from a copy of the
repository with ``HOME`` pointed at a temporary folder, and JupyterLab starts
from that environment as Binder starts it (Voila as a server extension, at
``/voila/render/...``). Headless Chromium then uses the dashboard.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from browser_fixtures import VoilaServer

# Shared browser fixtures (one Chromium per session); helpers imported inside functions.
pytest_plugins = ("browser_fixtures",)
REPO = Path(__file__).resolve().parents[1]
pytestmark = [pytest.mark.slow, pytest.mark.browser, pytest.mark.timeout(1800)]

DASHBOARD = "lessons/dashboards/case_sorter.ipynb"
NOT_COPIED = (".venv", ".git", "__pycache__", ".pytest_cache", ".hypothesis", "build", "dist",
              "*.egg-info", ".ipynb_checkpoints", "release", "submitted", "autograded", "feedback")


def run(command: list[str], **kwargs: object) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(command, capture_output=True, text=True, **kwargs)  # type: ignore[call-overload]
    assert result.returncode == 0, f"{command} failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    return result


def binder_env(home: Path, venv: Path) -> dict[str, str]:
    """The environment of a Binder user: their own HOME, the image's Python first on PATH."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JUPYTER_", "PYTHON", "VIRTUAL_ENV"))}
    env.update(HOME=str(home), VIRTUAL_ENV=str(venv), PATH=f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}")
    return env


@pytest.fixture(scope="module")
def binder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Path, Path]]:
    """(virtual environment, repository copy, HOME) after requirements.txt and postBuild."""
    root = tmp_path_factory.mktemp("binder")
    venv, repo, home = root / "venv", root / "repo", root / "home"
    home.mkdir()
    shutil.copytree(REPO, repo, ignore=shutil.ignore_patterns(*NOT_COPIED))
    run([sys.executable, "-m", "venv", str(venv)])
    # pip keeps its usual cache (the real HOME), so a second run is quick.
    run([str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
         "-r", str(repo / "binder" / "requirements.txt")], timeout=1500)
    run(["bash", str(repo / "binder" / "postBuild")], cwd=repo, env=binder_env(home, venv), timeout=600)
    yield venv, repo, home


@pytest.fixture(scope="module")
def binder_server(
    binder: tuple[Path, Path, Path], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[VoilaServer]:
    from browser_fixtures import free_port, start_voila, stop_server

    venv, repo, home = binder
    port = free_port()
    command = [
        str(venv / "bin" / "jupyter"), "lab", "--no-browser", "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={port}", "--ServerApp.port_retries=0", "--IdentityProvider.token=",
        f"--ServerApp.root_dir={repo}",
        "--ServerApp.allow_root=True",  # CI runs as root; Binder's user is not root
    ]
    server = start_voila(command, cwd=repo, env=binder_env(home, venv), port=port,
                         workdir=tmp_path_factory.mktemp("binder-server"), ready_path="api/status")
    try:
        yield server
    finally:
        stop_server(server)


def test_requirements_are_exact_pins() -> None:
    lines = [line.strip() for line in (REPO / "binder" / "requirements.txt").read_text().splitlines()]
    pins = [line for line in lines if line and not line.startswith("#")]
    assert pins and all("==" in pin for pin in pins), [p for p in pins if "==" not in p]
    names = {pin.split("==")[0].lower().replace("_", "-") for pin in pins}
    assert {"jupyterlab", "voila", "ipywidgets", "altair", "anywidget", "vl-convert-python", "pandas"} <= names
    assert (REPO / "binder" / "runtime.txt").read_text().strip() == "python-3.11"


def test_jupyter_config_is_safe_for_a_public_binder() -> None:
    config = REPO / "binder" / "jupyter"
    voila = json.loads((config / "voila.json").read_text())
    server = json.loads((config / "jupyter_server_config.json").read_text())
    assert voila["VoilaConfiguration"]["show_tracebacks"] is False
    assert voila["VoilaConfiguration"]["strip_sources"] is True
    for kernels in (voila["MappingKernelManager"], server["MappingKernelManager"]):
        assert 0 < kernels["cull_interval"] < kernels["cull_idle_timeout"] <= 3600
        assert kernels["cull_connected"] is True  # an open but idle tab still frees its kernel
    # Voila pre-heats kernels only for dashboards; its filter sees absolute paths and drops
    # a notebook when a denylist pattern matches it.
    patterns = [re.compile(p) for p in voila["VoilaKernelManager"]["preheat_denylist"]]

    def preheated(path: Path) -> bool:
        return not any(p.match(str(path)) for p in patterns)

    assert preheated(REPO / DASHBOARD)
    assert not preheated(REPO / "lessons" / "02_fix_or_shape.ipynb")
    assert not preheated(REPO / ".venv" / "lib" / "x.ipynb")


def test_postbuild_installs_pvkit_and_the_config(binder: tuple[Path, Path, Path]) -> None:
    venv, repo, home = binder
    where = run([str(venv / "bin" / "python"), "-c", "import pvkit, sys; print(pvkit.__file__)"],
                cwd=home, env=binder_env(home, venv)).stdout.strip()
    assert where.startswith(str(venv)), where  # installed into the image, not read from the checkout
    for name in ("jupyter_server_config.json", "voila.json"):
        installed = json.loads((home / ".jupyter" / name).read_text())
        assert installed == json.loads((repo / "binder" / "jupyter" / name).read_text())
    voila = json.loads((home / ".jupyter" / "voila.json").read_text())
    assert voila["VoilaConfiguration"]["show_tracebacks"] is False
    server = json.loads((home / ".jupyter" / "jupyter_server_config.json").read_text())
    assert server["MappingKernelManager"]["cull_connected"] is True
    # The offline chart bundle is in the image, so no viewer's kernel makes its own.
    bundles = list((venv / "share" / "pvkit").glob("jupyterchart-offline-*.js"))
    assert len(bundles) == 1 and bundles[0].stat().st_size > 500_000, bundles


def test_postbuild_keeps_existing_settings(binder: tuple[Path, Path, Path], tmp_path: Path) -> None:
    venv, repo, _ = binder
    home = tmp_path / "home"
    (home / ".jupyter").mkdir(parents=True)
    (home / ".jupyter" / "jupyter_server_config.json").write_text(
        json.dumps({"ServerApp": {"iopub_data_rate_limit": 1e7}, "MappingKernelManager": {"cull_interval": 5}})
    )
    run(["bash", str(repo / "binder" / "postBuild")], cwd=repo, env=binder_env(home, venv), timeout=600)
    merged = json.loads((home / ".jupyter" / "jupyter_server_config.json").read_text())
    assert merged["ServerApp"] == {"iopub_data_rate_limit": 1e7}
    assert merged["MappingKernelManager"]["cull_interval"] == 60  # ours wins for our keys


def test_jupyterlab_opens_the_lessons(binder_server: VoilaServer) -> None:
    with urllib.request.urlopen(binder_server.base_url + "lab/tree/lessons", timeout=30) as response:
        assert response.status == 200
        assert "JupyterLab" in response.read().decode()


def test_binder_serves_the_dashboard_in_a_browser(page, binder_server: VoilaServer) -> None:  # noqa: ANN001
    from browser_fixtures import open_dashboard
    from playwright.sync_api import expect

    open_dashboard(page, binder_server.render(DASHBOARD), ".pvkit-case-sorter")
    page.wait_for_function(
        "document.querySelectorAll('.pvkit-chart svg .mark-rect.role-mark path').length >= 5",
        timeout=60_000,
    )
    page.click(".pvkit-place-shaping")
    page.wait_for_selector(".pvkit-feedback .pvkit-feedback-box", timeout=30_000)
    expect(page.locator(".pvkit-score")).to_contain_text("of 1 right", timeout=30_000)
    page.wait_for_function(
        "document.querySelectorAll('.pvkit-chart svg .mark-symbol.role-mark path').length === 1",
        timeout=30_000,
    )
    text = page.locator("body").inner_text()
    assert "Traceback" not in text and "There was an error" not in text
    assert page.locator(".jp-CodeCell:not(.jp-mod-noInput)").count() == 0
    assert not [u for u in page.blocked_requests if "vega" in u or "esm.sh" in u]
    # The culling settings that postBuild installed are in force in Binder's server.
    assert "Culling kernels with idle durations > 1200 seconds" in binder_server.log_tail(200_000)
