"""The generated content under axe-core (from the npm registry, injected by Playwright) in both
Material palettes: the reliability pages and the summary boxes of document pages.

Violations in Material's own chrome (header, navigation, search) and in what authors wrote are
not the plugin's and are left out: on a generated page the whole content counts, on a document
page its summary box."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import skip_or_fail

AXE_VERSION = "4"
GENERATED = ".md-content"
BOX = ".md-content .sre-docs-box"
PAGES = {
    "reliability/": GENERATED,
    "reliability/slos/": GENERATED,
    "reliability/incidents/": GENERATED,
    "reliability/action-items/": GENERATED,
    "reliability/toil/": GENERATED,
    "reliability/runbooks/": GENERATED,
    "reliability/handoffs/": GENERATED,
    "reliability/services/checkout-api/": GENERATED,
    "postmortems/2026-10-14-checkout-5xx-after-config-push/": BOX,
    "slos/tracking-api-latency/": BOX,
    "runbooks/checkout-high-5xx/": BOX,
}


@pytest.fixture(scope="module")
def axe_script() -> str:
    """axe-core's browser bundle, installed once into the test environment with npm."""
    folder = Path(sys.prefix) / "share" / "sre-docs-tests" / "node"
    bundle = folder / "node_modules" / "axe-core" / "axe.min.js"
    if not bundle.is_file():
        npm = shutil.which("npm")
        if npm is None:
            skip_or_fail("npm not found: axe-core comes from the npm registry")
        folder.mkdir(parents=True, exist_ok=True)
        result = subprocess.run(
            [npm, "install", "--no-audit", "--no-fund", "--prefix", str(folder),
             f"axe-core@{AXE_VERSION}"],
            capture_output=True, text=True, timeout=300, check=False,
        )  # fmt: skip
        if result.returncode != 0 or not bundle.is_file():
            skip_or_fail(f"npm could not install axe-core: {result.stderr.strip()[-300:]}")
    return bundle.read_text(encoding="utf-8")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_generated_content_has_no_axe_violation(
    browser: object,
    demo_url: str,
    axe_script: str,
    scheme: str,
) -> None:
    page = browser.new_page(color_scheme=scheme, viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]
    problems: list[str] = []
    for path, scope in PAGES.items():
        response = page.goto(f"{demo_url}/{path}")
        assert response is not None and response.ok, path
        assert page.locator(scope).count() == 1, (path, scope)
        page.add_script_tag(content=axe_script)
        violations = page.evaluate(
            """async (scope) => {
                const result = await axe.run(document.querySelector(scope), {
                    runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "best-practice"]},
                    rules: {region: {enabled: false}},
                });
                return result.violations.map(v => ({
                    id: v.id,
                    nodes: v.nodes.map(n => n.target.join(" ") + ": " + n.failureSummary),
                }));
            }""",
            scope,
        )
        for violation in violations:
            for node in violation["nodes"]:
                problems.append(f"{path} [{violation['id']}] {node}")
    assert problems == [], "\n".join(problems)
