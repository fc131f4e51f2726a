"""What a public viewer waits for: Voila's time to first chart, and N viewers at once.

* **first chart, standalone** (``voila <notebook>``, a fresh server per load):
  seconds from ``page.goto`` to the first drawn chart, for each dashboard and
  for a one-slider notebook, interleaved over several rounds (the ratio of
  medians is the cost of pvkit over Voila itself), with and without a
  pre-heated kernel (the page is opened once the pooled kernel has run the
  notebook, not when Voila logs the pool as filled); and the memory of the
  page's kernel while it is open: its RSS, and its USS (what it alone holds,
  without the shared libraries every kernel maps: what one more viewer adds);
* **N viewers** (the Binder path: ``jupyter server`` + ``voila/render`` with
  ``binder/jupyter`` settings): N fresh pages opened at once on one server, in
  waves (56 loads), then the same for a one-slider notebook (what Voila alone
  costs on this machine); loads completed and hung, first-chart median and
  max, kernel memory while open, the CPU time the server and its kernels used,
  then the kernels still alive a minute after the last page closed.
"""

from __future__ import annotations

import json
import math
import os
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pvkit.bench import REPO

__all__ = ["DASHBOARDS", "first_chart_seconds", "viewers_at_once", "run"]

DASHBOARDS = sorted(p.relative_to(REPO).as_posix() for p in (REPO / "lessons" / "dashboards").glob("*.ipynb"))
#: Something drawn: a chart's SVG (Vega) or the one-slider notebook's slider.
DRAWN = ".vega-embed svg, .pvkit-chart svg, .widget-slider"
ONE_SLIDER = {
    "cells": [{"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [],
               "source": "import ipywidgets as widgets\nwidgets.IntSlider(description='n')"}],
    "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}},
    "nbformat": 4, "nbformat_minor": 5,
}


#: Loads of each notebook in the standalone first-chart figures (a median of them is printed).
ROUNDS = 3
#: Waves of viewers in the load figure: 7 x 8 = 56 loads (the issue asks for none hung in 50).
WAVES = 7


def _fixtures() -> Any:
    sys.path.insert(0, str(REPO / "tests"))
    import browser_fixtures

    return browser_fixtures


def _time_to_drawn(browser: Any, url: str, timeout_s: float = 120,
                   while_open: Callable[[], Any] = lambda: None) -> tuple[float, Any]:
    """Seconds from ``page.goto(url)`` to a drawn chart, and what ``while_open()`` returns then."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    _fixtures().block_outside_requests(page)
    try:
        start = time.perf_counter()
        page.goto(url, timeout=timeout_s * 1000, wait_until="domcontentloaded")
        page.wait_for_selector(DRAWN, state="visible", timeout=timeout_s * 1000)
        return time.perf_counter() - start, while_open()
    finally:
        context.close()


def _kernels_and(pid: int, measure: Callable[[Any], float]) -> tuple[int, float, float]:
    """(kernels, sum of ``measure`` over the kernels, over the server and all it started).

    A process that ends while it is looked at (a kernel shutting down) is left out.
    """
    import psutil

    server = psutil.Process(pid)
    kernels, in_kernels, in_all = 0, 0.0, 0.0
    for process in [server, *server.children(recursive=True)]:
        try:
            value = measure(process)
            is_kernel = "ipykernel" in " ".join(process.cmdline())
        except psutil.Error:
            continue
        in_all += value
        if is_kernel:
            kernels, in_kernels = kernels + 1, in_kernels + value
    return kernels, in_kernels, in_all


def _cpu_seconds(process: Any) -> float:
    times = process.cpu_times()
    return float(times.user + times.system)


def _wait_until_quiet(pid: int, settle_s: float = 1.5, timeout_s: float = 120) -> None:
    """Wait until a server holds a kernel and it and the server have stopped working.

    Voila logs "is filled" as soon as the pooled kernel has *started*, while it
    is still running the notebook; only when the CPU time stops rising is the
    kernel really pre-heated.
    """
    deadline = time.monotonic() + timeout_s
    last, quiet_since = -1.0, time.monotonic()
    while time.monotonic() < deadline:
        kernels, _, used = _kernels_and(pid, _cpu_seconds)
        now = time.monotonic()
        if kernels == 0 or used - last > 0.05:
            last, quiet_since = used, now
        elif now - quiet_since >= settle_s:
            return
        time.sleep(0.25)


def first_chart_seconds(notebook: Path, browser: Any, preheat: bool) -> tuple[float, float, float]:
    """Seconds to the first drawn chart of ``voila notebook`` on a fresh server,
    and the page's kernel's RSS and USS in MB once it is drawn (NaN with a
    pre-heated kernel: Voila starts the next pooled kernel as the page takes one)."""
    bf = _fixtures()
    bin_dir = Path(sys.executable).parent
    with tempfile.TemporaryDirectory(prefix="pvkit-bench-voila-") as tmp:
        work = Path(tmp)
        port = bf.free_port()
        command = [str(bin_dir / "voila"), str(notebook), "--no-browser", f"--port={port}",
                   "--Voila.ip=127.0.0.1", f"--VoilaConfiguration.preheat_kernel={preheat}",
                   "--VoilaKernelManager.preheat_denylist=[]"]
        # A static file shows that the server is up: asking for the page would take the pooled kernel.
        server = bf.start_voila(command, cwd=REPO, env=bf.jupyter_env(work / "home", bin_dir),
                                port=port, workdir=work, ready_path="voila/static/voila.js")
        try:
            if preheat:
                _wait_until_quiet(server.process.pid)
                seconds, _ = _time_to_drawn(browser, server.base_url)
                return seconds, math.nan, math.nan
            seconds, (rss, uss) = _time_to_drawn(
                browser, server.base_url, while_open=lambda: _kernel_rss_uss_mb(server.process.pid))
            return seconds, rss, uss
        finally:
            bf.stop_server(server)


def _kernel_memory_mb(server_pid: int) -> tuple[int, float]:
    kernels, rss, _ = _kernels_and(server_pid, lambda process: process.memory_info().rss)
    return kernels, rss / 2**20


def _kernel_rss_uss_mb(server_pid: int) -> tuple[float, float]:
    """The kernels' RSS and USS in MB (USS reads every mapping: too slow to poll under load)."""
    _, rss = _kernel_memory_mb(server_pid)
    _, uss, _ = _kernels_and(server_pid, lambda process: process.memory_full_info().uss)
    return rss, uss / 2**20


#: Chromium's resolver answers "not found" for every host but this machine: outside requests
#: fail without Playwright intercepting each of a page's ~90 requests (as eight real viewers'
#: browsers would load them; the tests record blocked requests with routing instead).
OFFLINE_RESOLVER = "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost"


def _wave(browser: Any, url: str, n: int, timeout_s: float, hung: list[str]) -> list[float | None]:
    """Open ``n`` fresh pages of ``url`` at once; seconds to each first chart (None: hung); then leave.

    What a hung page shows (the start of its text) is added to ``hung``.
    """
    contexts = [browser.new_context(viewport={"width": 1280, "height": 900}) for _ in range(n)]
    pages = [c.new_page() for c in contexts]
    results: list[float | None] = [None] * n
    start = time.perf_counter()
    for page in pages:  # all requested before any is waited for
        page.goto(url, wait_until="commit", timeout=timeout_s * 1000)
    for i, page in enumerate(pages):
        left = max(1.0, timeout_s - (time.perf_counter() - start))
        try:
            page.wait_for_selector(DRAWN, state="visible", timeout=left * 1000)
            results[i] = time.perf_counter() - start
        except Exception:  # noqa: BLE001 - a hung load is a figure, not a crash
            results[i] = None
            try:
                shown = " ".join(page.inner_text("body", timeout=5000).split())[:300]
            except Exception as error:  # noqa: BLE001
                shown = f"(page unreadable: {type(error).__name__})"
            hung.append(shown or "(blank page)")
    for page in pages:  # a viewer leaving: Voila's unload handler asks for a shutdown
        page.goto("about:blank")
    for context in contexts:
        context.close()
    return results


def viewers_at_once(browser: Any, n: int = 8, dashboard: str = "lessons/dashboards/appraisal_explorer.ipynb",
                    waves: int = 1, root: Path = REPO, timeout_s: float = 120, after_s: float = 60
                    ) -> dict[str, Any]:
    """``waves`` times, open ``n`` pages of one dashboard at once on one Binder-like server.

    ``dashboard`` is a path under ``root`` (the server's root folder). Returns
    the figures over every load as a dict; the memory and CPU figures are those
    of the first wave.
    """
    bf = _fixtures()
    bin_dir = Path(sys.executable).parent
    loads: list[float | None] = []
    hung: list[str] = []
    with tempfile.TemporaryDirectory(prefix="pvkit-bench-load-") as tmp:
        work = Path(tmp)
        port = bf.free_port()
        command = [str(bin_dir / "jupyter"), "server", "--no-browser", f"--port={port}",
                   "--ServerApp.ip=127.0.0.1", f"--ServerApp.root_dir={root}",
                   "--IdentityProvider.token=", "--ServerApp.password=",
                   "--ServerApp.disable_check_xsrf=True"]
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            command.append("--allow-root")
        server = bf.start_voila(command, cwd=root, env=bf.jupyter_env(work / "home", bin_dir),
                                port=port, workdir=work)
        try:
            url = f"{server.base_url}voila/render/{dashboard}"
            peak = [0, 0.0]
            done = threading.Event()

            def watch() -> None:
                while not done.is_set():
                    count, mb = _kernel_memory_mb(server.process.pid)
                    if mb > peak[1]:
                        peak[:] = [count, mb]
                    time.sleep(1)

            watcher = threading.Thread(target=watch, daemon=True)
            watcher.start()
            _, _, cpu_before = _kernels_and(server.process.pid, _cpu_seconds)
            first = _wave(browser, url, n, timeout_s, hung)
            _, _, cpu_after = _kernels_and(server.process.pid, _cpu_seconds)
            done.set()
            watcher.join()
            loads += first
            for _ in range(waves - 1):
                time.sleep(3)  # the last wave's kernels are shutting down
                loads += _wave(browser, url, n, timeout_s, hung)
            time.sleep(after_s)
            alive, alive_mb = _kernel_memory_mb(server.process.pid)
            if hung:
                hung.append("server log: " + " ".join(server.log_tail(1500).split()))
        finally:
            bf.stop_server(server)
    drawn = [r for r in loads if r is not None]
    first_drawn = [r for r in first if r is not None]
    return {
        "viewers": n, "loads": len(loads), "drawn": len(drawn), "hung": len(loads) - len(drawn),
        "median_s": statistics.median(drawn) if drawn else None, "max_s": max(drawn) if drawn else None,
        "first_max_s": max(first_drawn) if first_drawn else None,
        "kernels_open": peak[0], "kernel_mb_open": peak[1],
        "mb_per_kernel": peak[1] / peak[0] if peak[0] else None,
        "server_cpu_s": cpu_after - cpu_before, "cores": os.cpu_count() or 1,
        "kernels_alive_after": alive, "kernel_mb_after": alive_mb, "after_s": after_s,
        "hung_pages": hung,
    }


def _seconds(value: float | None) -> str:
    return f"{value:.1f}" if value is not None else "-"


def run(repeats: int, browser: bool) -> int:
    """Print the viewers' figures; returns a process exit code."""
    print("public viewers (Voila)")
    if not browser:
        print("  (skipped: needs the browser)")
        return 0
    from playwright.sync_api import sync_playwright

    bf = _fixtures()
    with sync_playwright() as playwright, tempfile.TemporaryDirectory() as tmp:
        chromium = bf.launch_chromium(playwright)
        slider = Path(tmp) / "one_slider.ipynb"
        slider.write_text(json.dumps(ONE_SLIDER))
        notebooks = [slider, *(REPO / d for d in DASHBOARDS)]
        for preheat in (False, True):
            label = "pre-heated kernel" if preheat else "no pre-heat"
            # Interleaved rounds, so that a slow spell of the machine hits every notebook alike.
            samples = [[first_chart_seconds(nb, chromium, preheat) for nb in notebooks] for _ in range(ROUNDS)]
            seconds, rss, uss = ([statistics.median(r[i][k] for r in samples) for i in range(len(notebooks))]
                                 for k in range(3))
            memory = (lambda i: "") if preheat else (lambda i: f", {rss[i]:.0f} / {uss[i]:.0f} MB")
            print(f"  first chart, standalone voila, {label} (median of {ROUNDS} loads each"
                  f"{'' if preheat else '; kernel memory with the page open, RSS / USS'}): "
                  f"one-slider notebook {seconds[0]:.1f} s{memory(0)}")
            for i, dashboard in enumerate(DASHBOARDS, start=1):
                print(f"    {Path(dashboard).stem}: {seconds[i]:.1f} s ({seconds[i] / seconds[0]:.2f}x the "
                      f"one-slider; slowest load {max(r[i][0] for r in samples):.1f} s){memory(i)}")
        chromium.close()
        offline = playwright.chromium.launch(executable_path=bf.CHROMIUM, headless=True,
                                             args=[*bf.CHROMIUM_ARGS, OFFLINE_RESOLVER])
        baseline = viewers_at_once(offline, dashboard=slider.name, root=Path(tmp), waves=2, after_s=5)
        figures = viewers_at_once(offline, waves=WAVES)
        offline.close()
    n = figures["viewers"]
    print(f"  {n} viewers at once, {figures['loads']} loads in {WAVES} waves (jupyter server + voila/render, "
          f"binder settings): {figures['drawn']} drawn, {figures['hung']} hung; first chart median "
          f"{_seconds(figures['median_s'])} s, max {_seconds(figures['max_s'])} s")
    print(f"    the same for a one-slider notebook ({baseline['loads']} loads): median "
          f"{_seconds(baseline['median_s'])} s, max {_seconds(baseline['max_s'])} s, {baseline['hung']} hung; "
          "what Voila itself costs here")
    for shown in figures["hung_pages"] + baseline["hung_pages"]:
        print(f"    hung: {shown}")
    per = f"{figures['mb_per_kernel']:.0f}" if figures["mb_per_kernel"] else "-"
    print(f"    kernels while open (first wave): {figures['kernels_open']} using {figures['kernel_mb_open']:.0f} MB "
          f"({per} MB each); {figures['after_s']:.0f} s after the last page closed: "
          f"{figures['kernels_alive_after']} alive ({figures['kernel_mb_after']:.0f} MB)")
    if figures["first_max_s"] is not None:
        span = figures["cores"] * figures["first_max_s"]
        print(f"    first wave: the server and its kernels used {figures['server_cpu_s']:.1f} CPU-s of the "
              f"{figures['cores']} cores' {span:.0f} until the last chart ({figures['server_cpu_s'] / span:.0%}); "
              f"the rest went to the {n} browsers, which here share the machine, and to Playwright")
    return 0
