"""Run axe-core (the npm package pinned in ``tests/node``) inside a Playwright page.

The script is read from disk and injected into the page, so the audit works
with no network. ``serious_violations(page)`` returns the serious and critical
violations as short readable lines; an accessible page returns ``[]``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

AXE_JS = Path(__file__).resolve().parent / "node" / "node_modules" / "axe-core" / "axe.min.js"
#: WCAG 2.0/2.1/2.2 level A and AA rules, plus axe's best-practice checks.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
BLOCKING = {"serious", "critical"}


def run_axe(page: Any, tags: list[str] | None = None) -> list[dict[str, Any]]:
    """All axe-core violations on the page as it is now (axe's own JSON objects)."""
    if not AXE_JS.exists():
        raise FileNotFoundError(f"{AXE_JS} is missing: run `make node-tools` (make test does it)")
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=AXE_JS.read_text(encoding="utf-8"))
    result = page.evaluate(
        "async (tags) => await window.axe.run(document, {runOnly: {type: 'tag', values: tags}})",
        tags or AXE_TAGS,
    )
    return list(result["violations"])


def serious_violations(page: Any, tags: list[str] | None = None) -> list[str]:
    """Serious or critical violations, one line each: rule, impact, and the first nodes."""
    lines = []
    for violation in run_axe(page, tags):
        if violation.get("impact") not in BLOCKING:
            continue
        targets = [" ".join(map(str, node["target"])) for node in violation["nodes"][:3]]
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']} -> {targets}")
    return lines
