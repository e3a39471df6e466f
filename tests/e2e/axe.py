"""axe-core in the browser tests: inject the npm package's ``axe.min.js`` and run it.

The file comes from ``node_modules/axe-core`` (``npm ci`` installs it from
``package-lock.json``; ``make setup-dev`` does that). Without it the accessibility tests
skip with the reason, except under ``CI=true`` where they fail.

The site's Content-Security-Policy forbids inline scripts, so the page must be opened in a
browser context created with ``bypass_csp=True`` (only the accessibility tests do that).
"""

import json
import os
from functools import cache
from pathlib import Path

import pytest

AXE_JS = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING_IMPACTS = ("serious", "critical")


@cache
def _source() -> str | None:
    return AXE_JS.read_text(encoding="utf-8") if AXE_JS.is_file() else None


def axe_source() -> str:
    """The axe-core script; skips (fails under CI=true) when it is not installed."""
    source = _source()
    if source is None:
        message = f"axe-core is not installed ({AXE_JS} is missing): run `npm ci`"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return source


def axe_run(page) -> list[dict]:
    """The page's violations of impact serious or critical (WCAG 2.x A/AA and best practice)."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=axe_source())
    results = page.evaluate(
        """async () => {
            const r = await axe.run(document, {resultTypes: ["violations"]});
            return r.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
                nodes: v.nodes.map(n => ({target: n.target, html: n.html,
                                          summary: n.failureSummary})),
            }));
        }"""
    )
    return [v for v in results if v["impact"] in BLOCKING_IMPACTS]


def axe_report(found: dict[str, list[dict]]) -> str:
    """Violations per page, one readable block each (for an assertion message)."""
    lines = []
    for where, violations in found.items():
        for v in violations:
            lines.append(f"\n{where}: [{v['impact']}] {v['id']}: {v['help']} ({v['helpUrl']})")
            for node in v["nodes"][:5]:
                lines.append(f"    at {json.dumps(node['target'])}: {node['html'][:160]}")
                summary = (node["summary"] or "").replace("\n", " ")[:300]
                lines.append(f"       {summary}")
    return "\n".join(lines)
