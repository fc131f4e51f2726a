"""show_chart draws a chart once, and the offline bundle is made once per install and reused."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from pvkit.kernel_start import NotebookRunner
from pvkit.widgets.helpers import chart_widget, show_chart

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def test_show_chart_as_last_line_is_displayed_once(tmp_path: Path) -> None:
    code = (
        "import altair as alt, pandas as pd\n"
        "from pvkit.widgets import show_chart\n"
        "show_chart(alt.Chart(pd.DataFrame({'x': [1, 2]})).mark_bar().encode(x='x'))"
    )
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(code)])
    NotebookRunner(nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}).execute()
    outputs = nb.cells[0].outputs
    views = [o for o in outputs if WIDGET_VIEW in o.get("data", {})]
    assert len(views) == 1, outputs
    assert not [o for o in outputs if o.output_type == "execute_result"]
    assert not [o for o in outputs if o.output_type == "error"]


def test_show_chart_and_chart_widget_reject_a_non_chart() -> None:
    with pytest.raises(TypeError, match="chart"):
        show_chart(["mark", "bar"])  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="chart"):
        chart_widget("bar")  # type: ignore[arg-type]


_BUNDLE = (
    "import hashlib, altair as alt\n"
    "from pvkit.widgets.helpers import _bundle_vega, _bundle_cache_path\n"
    "_bundle_vega()\n"
    "print(_bundle_cache_path().exists(), hashlib.sha256(alt.JupyterChart._esm.encode()).hexdigest())\n"
)


def _fresh_kernel_bundle(cache: Path) -> tuple[str, str]:
    env = {**os.environ, "PVKIT_CACHE_DIR": str(cache)}
    out = subprocess.run([sys.executable, "-c", _BUNDLE], env=env, capture_output=True, text=True, check=True, timeout=120)
    exists, digest = out.stdout.split()
    return exists, digest


def test_offline_bundle_is_made_once_and_reused(tmp_path: Path) -> None:
    import altair as alt

    exists, first = _fresh_kernel_bundle(tmp_path)
    files = list(tmp_path.glob("jupyterchart-offline-*.js"))
    assert exists == "True" and len(files) == 1
    # The cached file is exactly what Altair's own enable_offline() bundles.
    alt.JupyterChart.enable_offline()
    assert hashlib.sha256(alt.JupyterChart._esm.encode()).hexdigest() == first
    # A second kernel reads the file: same bundle; a tampered file proves it was read.
    _, second = _fresh_kernel_bundle(tmp_path)
    assert second == first
    files[0].write_text("// marker", encoding="utf-8")
    _, third = _fresh_kernel_bundle(tmp_path)
    assert third == hashlib.sha256(b"// marker").hexdigest()


_FROM_THE_INSTALL = (
    "import altair as alt, sys\n"
    "def refuse():\n"
    "    raise SystemExit('the kernel bundled Vega itself')\n"
    "alt.JupyterChart.enable_offline = staticmethod(refuse)\n"
    "from pvkit.widgets.helpers import _bundle_vega, _bundle_cache_path\n"
    "_bundle_vega()\n"
    "print(_bundle_cache_path())\n"
)


def test_a_new_user_reads_the_bundle_the_install_prepared(tmp_path: Path) -> None:
    # `pvkit prepare` (run by make setup and Binder's postBuild) writes the bundle into the
    # install; a kernel of a user with an empty home reads it, and writes nothing of its own.
    prepared = subprocess.run([str(Path(sys.executable).parent / "pvkit"), "prepare"], capture_output=True,
                              text=True, timeout=120, env=_without_cache_dir())
    assert prepared.returncode == 0, prepared.stderr
    path = Path(prepared.stdout.split(": ", 1)[1].strip())
    assert path.parent == Path(sys.prefix) / "share" / "pvkit" and path.stat().st_size > 500_000
    home = tmp_path / "home"
    home.mkdir()
    env = {**_without_cache_dir(), "HOME": str(home), "XDG_CACHE_HOME": str(home / ".cache")}
    out = subprocess.run([sys.executable, "-c", _FROM_THE_INSTALL], env=env, capture_output=True, text=True,
                         timeout=120)
    assert out.returncode == 0, out.stderr
    assert Path(out.stdout.strip()) == path
    assert not any(home.rglob("*")), list(home.rglob("*"))


def test_the_bundle_is_looked_for_in_the_install_then_the_user_cache(monkeypatch, tmp_path: Path) -> None:
    from pvkit.widgets import helpers

    monkeypatch.delenv("PVKIT_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    assert helpers._bundle_folders() == [Path(sys.prefix) / "share" / "pvkit", tmp_path / "cache" / "pvkit"]
    monkeypatch.setenv("PVKIT_CACHE_DIR", str(tmp_path / "mine"))
    assert helpers._bundle_folders() == [tmp_path / "mine"]
    assert helpers._bundle_cache_path() == tmp_path / "mine" / helpers._bundle_name()


def _without_cache_dir() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k != "PVKIT_CACHE_DIR"}
