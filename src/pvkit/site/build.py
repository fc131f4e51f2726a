"""Build the course's static site: every lesson run and drawn, every dashboard as it opens.

The output folder holds::

    index.html                      the modules in syllabus order
    lessons/<lesson>.html           each lesson, executed, code and outputs
    dashboards/<dashboard>.html     each dashboard's first state, with its Binder link
    notebooks/lessons/...           the notebooks as committed (no outputs), to download
    assets/                         the site's CSS and scripts, and one copy of Vega

Every link is relative and no page asks for anything outside the folder, so
the site works from ``file://``, from GitHub Pages or any static host, and
with no network. Charts are drawn in the browser by vega-embed from
``assets/vega.js``, which vl-convert-python bundles (Vega, Vega-Lite and
vega-embed, at the Vega-Lite version Altair uses).
"""

from __future__ import annotations

import re
import shutil
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from importlib import resources
from pathlib import Path

import jinja2
import nbformat
from markupsafe import Markup

from pvkit.site.course import Module, read_course
from pvkit.site.execute import execute_notebooks
from pvkit.site.render import code_css, render_notebook

__all__ = ["SiteReport", "Page", "build_site", "binder_url", "default_binder_repo", "vega_bundle"]

_BINDER = "https://mybinder.org/v2/gh/{repo}/{ref}?urlpath={path}"
_README_BINDER = re.compile(r"mybinder\.org/v2/gh/(?P<repo>[\w.-]+/[\w.-]+)/(?P<ref>[\w.-]+)\?urlpath=")
_REPO = re.compile(r"^[\w.-]+/[\w.-]+$")


@dataclass
class Page:
    """One page of the site: its path in the site, title, kind and what it draws."""

    path: str
    title: str
    kind: str
    charts: int = 0
    controls: int = 0
    notebook: str = ""
    binder: str = ""


@dataclass
class SiteReport:
    """What :func:`build_site` made: the pages, seconds taken, and the folder's size in bytes."""

    out: Path
    pages: list[Page] = field(default_factory=list)
    seconds: float = 0.0
    execute_seconds: float = 0.0
    size_bytes: int = 0


def binder_url(repo: str, ref: str, notebook: str, dashboard: bool) -> str:
    """The Binder link that opens ``notebook`` in JupyterLab, or in Voila for a dashboard.

    The same pattern as the README's badges (``voila/render/...`` for dashboards).

    Examples
    --------
    >>> binder_url("OWNER/pvkit", "HEAD", "lessons/dashboards/case_sorter.ipynb", dashboard=True)
    'https://mybinder.org/v2/gh/OWNER/pvkit/HEAD?urlpath=voila/render/lessons/dashboards/case_sorter.ipynb'
    """
    if not isinstance(repo, str) or not _REPO.match(repo):
        raise ValueError(f"repo must look like 'owner/name', not {repo!r}")
    if not isinstance(ref, str) or not re.match(r"^[\w./-]+$", ref):
        raise ValueError(f"ref must be a branch, tag or commit, not {ref!r}")
    if not isinstance(notebook, str) or not notebook.endswith(".ipynb"):
        raise ValueError(f"notebook must be a path ending in .ipynb, not {notebook!r}")
    path = ("voila/render/" if dashboard else "lab/tree/") + notebook
    return _BINDER.format(repo=repo, ref=ref, path=path)


def default_binder_repo(root: Path) -> tuple[str, str]:
    """The ``(owner/name, ref)`` the README's Binder badges use, so a fork changes it in one place.

    Examples
    --------
    >>> default_binder_repo(Path(__file__).resolve().parents[3])[1]
    'HEAD'
    """
    readme = Path(root) / "README.md"
    found = _README_BINDER.search(readme.read_text(encoding="utf-8")) if readme.is_file() else None
    return (found["repo"], found["ref"]) if found else ("OWNER/pvkit", "HEAD")


def vega_bundle() -> str:
    """Vega, Vega-Lite and vega-embed as one classic script that sets ``window.vegaEmbed``.

    A classic script, not a module: browsers refuse ES modules from ``file://``.
    """
    import vl_convert
    from altair.utils._importers import vl_version_for_vl_convert

    return vl_convert.javascript_bundle(vl_version=vl_version_for_vl_convert())


def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("pvkit.site", "templates"),
        autoescape=jinja2.select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )


def _write_assets(out: Path) -> None:
    assets = out / "assets"
    assets.mkdir(parents=True, exist_ok=True)
    source = resources.files("pvkit.site") / "assets"
    for name in ("site.css", "charts.js"):
        (assets / name).write_text((source / name).read_text(encoding="utf-8"), encoding="utf-8")
    with (assets / "site.css").open("a", encoding="utf-8") as css:
        css.write("\n/* code highlighting (Pygments 'default') */\n" + code_css() + "\n")
    (assets / "vega.js").write_text(vega_bundle(), encoding="utf-8")
    (out / ".nojekyll").write_text("", encoding="utf-8")  # GitHub Pages: serve files as they are


def _folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def build_site(
    root: Path,
    out: Path,
    *,
    binder_repo: str | None = None,
    ref: str | None = None,
    jobs: int = 2,
    timeout: int = 300,
) -> SiteReport:
    """Execute the course's lessons and dashboards and write the static site into ``out``.

    Parameters
    ----------
    root : pathlib.Path
        The pvkit repository (``course/syllabus.md``, ``lessons/``).
    out : pathlib.Path
        Output folder; emptied first if it holds an earlier build.
    binder_repo, ref : str, optional
        GitHub ``owner/name`` and ref for the Binder links; by default those
        of the README's Binder badges.
    jobs : int
        Notebooks executed at once.
    timeout : int
        Seconds allowed per cell.

    Returns
    -------
    SiteReport
        The pages written, the time taken and the site's size.
    """
    start = time.monotonic()
    root, out = Path(root).resolve(), Path(out).resolve()
    modules = read_course(root)
    if root == out or out in root.parents:
        raise ValueError(f"out must not be the repository or a folder above it: {out}")
    default_repo, default_ref = default_binder_repo(root)
    repo, ref = binder_repo or default_repo, ref or default_ref
    binder_url(repo, ref, "x.ipynb", dashboard=False)  # validates repo and ref early

    if out.exists() and any(out.iterdir()) and not (out / "index.html").is_file():
        raise ValueError(f"out is a folder that is not an earlier site build; refusing to empty it: {out}")

    lessons = [root / "lessons" / f"{m.lesson}.ipynb" for m in modules]
    boards = [root / "lessons" / "dashboards" / f"{m.dashboard.stem}.ipynb" for m in modules if m.dashboard]
    executed = execute_notebooks(lessons + boards, jobs=jobs, timeout=timeout)
    execute_seconds = sum(e.seconds for e in executed)
    by_path = {e.path.resolve(): nbformat.reads(e.text, as_version=4) for e in executed}

    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    _write_assets(out)
    env = _environment()
    built = datetime.now(timezone.utc).strftime("%d %B %Y")
    report = SiteReport(out=out, execute_seconds=execute_seconds)

    def copy_notebook(source: Path) -> str:
        relative = source.relative_to(root).as_posix()
        target = out / "notebooks" / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
        return f"notebooks/{relative}"

    lesson_pages: dict[str, Page] = {}
    board_pages: dict[str, Page] = {}
    for module in modules:
        source = root / "lessons" / f"{module.lesson}.ipynb"
        lesson_pages[module.lesson] = Page(
            f"lessons/{module.lesson}.html", module.title, "lesson", notebook=copy_notebook(source),
            binder=binder_url(repo, ref, f"lessons/{module.lesson}.ipynb", dashboard=False))
        if module.dashboard:
            stem = module.dashboard.stem
            source = root / "lessons" / "dashboards" / f"{stem}.ipynb"
            board_pages[stem] = Page(
                f"dashboards/{stem}.html", module.dashboard.title, "dashboard", notebook=copy_notebook(source),
                binder=binder_url(repo, ref, f"lessons/dashboards/{stem}.ipynb", dashboard=True))

    def write(page: Page, template: str, **context: object) -> None:
        html_text = env.get_template(template).render(root="../", page=page, built=built, **context)
        (out / page.path).parent.mkdir(parents=True, exist_ok=True)
        (out / page.path).write_text(html_text, encoding="utf-8")
        report.pages.append(page)

    for i, module in enumerate(modules):
        page = lesson_pages[module.lesson]
        body = render_notebook(by_path[(root / "lessons" / f"{module.lesson}.ipynb").resolve()],
                               show_code=True, prefix=f"l{i}")
        page.title, page.charts, page.controls = body.title or module.title, body.charts, body.controls
        write(page, "lesson.html", module=module, body=Markup(body.html),
              dashboard=board_pages.get(module.dashboard.stem) if module.dashboard else None,
              previous=lesson_pages[modules[i - 1].lesson] if i else None,
              next=lesson_pages[modules[i + 1].lesson] if i + 1 < len(modules) else None)
    for i, module in enumerate(m for m in modules if m.dashboard):
        assert module.dashboard is not None
        page = board_pages[module.dashboard.stem]
        nb = by_path[(root / "lessons" / "dashboards" / f"{module.dashboard.stem}.ipynb").resolve()]
        body = render_notebook(nb, show_code=False, prefix=f"d{i}")
        page.title = str(nb.metadata.get("title") or body.title or module.dashboard.title)
        page.charts, page.controls = body.charts, body.controls
        write(page, "dashboard.html", module=module, body=Markup(body.html),
              lesson=lesson_pages[module.lesson])

    index = env.get_template("index.html").render(
        root="", modules=modules, lessons=lesson_pages, dashboards=board_pages, built=built,
        page=Page("index.html", "pvkit: the economics of public value", "index"),
        course_notes=_course_notes(modules))
    (out / "index.html").write_text(index, encoding="utf-8")
    report.pages.insert(0, Page("index.html", "pvkit: the economics of public value", "index"))
    report.seconds = time.monotonic() - start
    report.size_bytes = _folder_size(out)
    return report


def _course_notes(modules: list[Module]) -> dict[str, int]:
    return {"modules": len(modules), "dashboards": sum(1 for m in modules if m.dashboard)}
