"""axe-core in the browser tests: inject the npm package's build into a page and run it
against WCAG 2.1 A and AA.

axe-core is a test asset (tests/axe/, `npm ci` there), never a static file the product
serves. Without it the audit fails rather than skips, so CI cannot pass without auditing.
"""

from pathlib import Path

AXE_JS = Path(__file__).resolve().parent.parent / "axe" / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING = {"serious", "critical"}


def run_axe(page) -> list[dict]:
    """The WCAG 2.1 A/AA violations axe finds on the page as it is now."""
    if not AXE_JS.exists():
        raise AssertionError(f"{AXE_JS} missing: run `npm ci --prefix tests/axe`")
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        # Evaluated through the DevTools protocol: a <script> tag would be refused by the
        # page's Content-Security-Policy, which the audit must not weaken.
        page.evaluate("() => {" + AXE_JS.read_text(encoding="utf-8") + "\n}")
    result = page.evaluate(
        "tags => axe.run(document, "
        "{runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        TAGS,
    )
    return result["violations"]


def blocking(violations: list[dict]) -> list[dict]:
    """The serious and critical ones: those the pages must not have."""
    return [v for v in violations if v["impact"] in BLOCKING]


def describe(violations: list[dict]) -> str:
    """One line per rule with its impact, node count and the first offending elements."""
    lines = []
    for v in violations:
        targets = ", ".join(" ".join(map(str, n["target"])) for n in v["nodes"][:3])
        lines.append(f"{v['impact']:8} {v['id']} ×{len(v['nodes'])}: {targets}")
    return "\n".join(lines)
