"""Shared fixtures for browser tests: a real Voila server and headless Chromium.

Import the fixtures in ``tests/conftest.py``::

    from browser_fixtures import browser, page, voila_server  # noqa: F401

A dashboard test then opens ``voila_server.render("lessons/dashboards/x.ipynb")``
with :func:`open_dashboard`. The helpers (:func:`start_voila`,
:func:`launch_chromium`) also serve the Binder test, which runs Voila from
another virtual environment.

Voila runs as Binder runs it: the repository's ``binder/jupyter`` folder is on
``JUPYTER_CONFIG_PATH`` (show_tracebacks off, kernel culling, a pre-heated
kernel pool), and every other Jupyter folder points into a temporary
directory, so nothing from the developer's own ``~/.jupyter`` leaks in.
Chromium is Debian's (``/usr/bin/chromium``, or ``$PVKIT_CHROMIUM``); every
request to a host other than this machine is blocked and recorded, so a test
proves the page works with no network.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import pytest

REPO = Path(__file__).resolve().parents[1]
CONFIG_DIR = REPO / "binder" / "jupyter"
CHROMIUM = os.environ.get("PVKIT_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-extensions",
]
#: Seconds to wait for a page (Voila executes the notebook first) before one retry.
PAGE_TIMEOUT_S = 90
SERVER_START_TIMEOUT_S = 120
LOCAL_HOSTS = {"127.0.0.1", "localhost", "[::1]", "::1"}


def free_port() -> int:
    """A TCP port on localhost that is free right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class VoilaServer:
    """A running Voila server: its base URL, process and log file."""

    base_url: str
    process: subprocess.Popen[bytes]
    log_path: Path
    workdir: Path = field(repr=False)

    def render(self, notebook: str) -> str:
        """URL of a notebook rendered as a dashboard, e.g. ``lessons/dashboards/x.ipynb``."""
        return f"{self.base_url}voila/render/{notebook}"

    def log_tail(self, chars: int = 4000) -> str:
        """The end of the server's log, for failure messages."""
        try:
            return self.log_path.read_text(errors="replace")[-chars:]
        except OSError:
            return "(no log)"


def jupyter_env(home: Path, bin_dir: Path, config_path: Path = CONFIG_DIR) -> dict[str, str]:
    """Environment for a Jupyter process isolated in ``home`` but reading ``config_path``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JUPYTER_", "VIRTUAL_ENV"))}
    for name in ("config", "data", "runtime"):
        (home / name).mkdir(parents=True, exist_ok=True)
    env.update(
        HOME=str(home),
        JUPYTER_CONFIG_DIR=str(home / "config"),
        JUPYTER_CONFIG_PATH=str(config_path),
        JUPYTER_DATA_DIR=str(home / "data"),
        JUPYTER_RUNTIME_DIR=str(home / "runtime"),
        JUPYTER_PLATFORM_DIRS="1",
        PATH=f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}",
        PYTHONUNBUFFERED="1",
        PYDEVD_DISABLE_FILE_VALIDATION="1",
    )
    return env


def _wait_until_up(url: str, process: subprocess.Popen[bytes], log: Path, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited early ({process.returncode}):\n{log.read_text()[-4000:]}")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.3)
    raise TimeoutError(f"server at {url} not up after {timeout}s:\n{log.read_text()[-4000:]}")


def start_voila(
    command: list[str],
    *,
    cwd: Path,
    env: dict[str, str],
    port: int,
    workdir: Path,
    ready_path: str = "",
    timeout: float = SERVER_START_TIMEOUT_S,
) -> VoilaServer:
    """Start a server command (``voila ...`` or ``jupyter server ...``) and wait until it answers.

    The process gets its own session so that :func:`stop_server` can end it
    together with the kernels it started.
    """
    log_path = workdir / f"server-{port}.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            command, cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
    server = VoilaServer(f"http://127.0.0.1:{port}/", process, log_path, workdir)
    try:
        _wait_until_up(server.base_url + ready_path, process, log_path, timeout)
    except BaseException:
        stop_server(server)
        raise
    return server


def stop_server(server: VoilaServer) -> None:
    """Stop a server started by :func:`start_voila`, and its kernels."""
    process = server.process
    if process.poll() is None:
        try:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=15)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            pass
    try:  # kernels live in the same process group; make sure none is left
        os.killpg(process.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    process.wait(timeout=15)


def voila_command(bin_dir: Path, port: int, root: Path) -> list[str]:
    """The Voila command the tests use: the repository as root, on ``port``."""
    return [
        str(bin_dir / "voila"),
        "--no-browser",
        f"--port={port}",
        "--Voila.ip=127.0.0.1",
        f"--Voila.root_dir={root}",
    ]


def launch_chromium(playwright):  # noqa: ANN001, ANN201 - playwright types are optional
    """Launch Debian's Chromium headless through Playwright (never downloads a browser)."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}; run `make chromium` (apt) first")
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)


def block_outside_requests(page) -> list[str]:  # noqa: ANN001
    """Abort every request to a host other than this machine; return the list of those URLs."""
    blocked: list[str] = []

    def handle(route) -> None:  # noqa: ANN001
        host = urlparse(route.request.url).hostname or ""
        if route.request.url.startswith(("data:", "blob:")) or host in LOCAL_HOSTS:
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()

    page.route("**/*", handle)
    return blocked


def open_dashboard(page, url: str, ready_selector: str, timeout_s: float = PAGE_TIMEOUT_S) -> None:  # noqa: ANN001
    """Open a Voila page and wait for ``ready_selector``; one retry on a timeout."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    for attempt in (1, 2):
        try:
            page.goto(url, timeout=timeout_s * 1000, wait_until="domcontentloaded")
            page.wait_for_selector(ready_selector, state="visible", timeout=timeout_s * 1000)
            return
        except PlaywrightTimeout:
            if attempt == 2:
                raise


#: Words that only appear on a page when Python or Voila reports an error.
ERROR_TEXT = ("Traceback", "Error:", "There was an error when executing cell", "Exception")
#: Output areas that hold errors or stderr.
ERROR_NODES = (
    '[data-mime-type="application/vnd.jupyter.stderr"]',
    ".jp-RenderedText[data-mime-type*='error']",
    ".output_error",
    ".jp-OutputArea-output.jp-mod-error",
)
#: Anything that shows code. (Markdown cells also have a .jp-InputArea holding the rendered
#: text, so only code cells count.)
CODE_NODES = (
    ".jp-CodeCell .jp-InputArea",
    ".jp-CodeCell:not(.jp-mod-noInput)",
    ".jp-InputPrompt",
    ".jp-CodeMirrorEditor",
    ".cm-editor",
    ".CodeMirror",
)


def assert_no_error_or_code(page, code: str) -> None:  # noqa: ANN001
    """The page shows no error text or output, no code cell, and not the line ``code``."""
    text = page.locator("body").inner_text()
    for word in ERROR_TEXT:
        assert word not in text, f"{word!r} shown on the page"
    for selector in ERROR_NODES:
        assert page.locator(selector).count() == 0, f"error output {selector} on the page"
    for selector in CODE_NODES:
        assert page.locator(selector).count() == 0, f"code shown: {selector}"
    assert code not in text, f"the dashboard's code {code!r} is visible"


@pytest.fixture(scope="session")
def voila_server() -> Iterator[VoilaServer]:
    """A Voila server from this virtual environment, serving the repository."""
    bin_dir = Path(sys.executable).parent
    with tempfile.TemporaryDirectory(prefix="pvkit-voila-") as tmp:
        workdir = Path(tmp)
        port = free_port()
        server = start_voila(
            voila_command(bin_dir, port, REPO),
            cwd=REPO,
            env=jupyter_env(workdir / "home", bin_dir),
            port=port,
            workdir=workdir,
        )
        try:
            yield server
        finally:
            stop_server(server)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Headless Debian Chromium, shared by the session's browser tests."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = launch_chromium(playwright)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def page(browser) -> Iterator[object]:  # noqa: ANN001
    """A fresh page at laptop size (1280x800); requests off this machine are blocked.

    The list of blocked URLs is ``page.blocked_requests``.
    """
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    new_page = context.new_page()
    new_page.blocked_requests = block_outside_requests(new_page)
    try:
        yield new_page
    finally:
        context.close()
