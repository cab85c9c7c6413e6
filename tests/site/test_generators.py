"""The demo built by MkDocs, ProperDocs and Zensical through `sre-docs site build`, in Chromium.

Each generator comes from the package index (the test extra); each site is served over http on
127.0.0.1: the reliability pages and the summary boxes are there, search finds a generated page,
no markup shows as text, and `--strict` fails on a seeded finding with each generator."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest

from tests.conftest import REPO, run_cli
from tests.site import helpers
from tests.site.helpers import serve
from tests.site.test_browser import visit_hostile_pages
from tests.site.test_build import HOSTILE_TITLE, hostile_handbook

GENERATORS = ("mkdocs", "properdocs", "zensical")
BOX_PAGES = {
    "/slos/checkout-availability/": "of the error budget left",
    "/postmortems/2026-10-14-checkout-5xx-after-config-push/": "SEV2",
    "/runbooks/checkout-high-5xx/": "CheckoutAvailabilityFastBurn",
}
GENERATED_PAGES = (
    "/reliability/",
    "/reliability/slos/",
    "/reliability/incidents/",
    "/reliability/action-items/",
    "/reliability/toil/",
    "/reliability/runbooks/",
    "/reliability/handoffs/",
    "/reliability/services/checkout-api/",
)
# Text that shows when markdown or HTML went through unrendered or escaped twice.
LITERAL_MARKUP = ("!!!", "{{", "}}", "{%", "&lt;", "&gt;", "&amp;", "&#", "\\_", "\\-", "\\.")


def copy_demo(root: Path) -> Path:
    shutil.copytree(REPO / "content", root / "content")
    for name in ("mkdocs.yml", "zensical.toml"):
        shutil.copy(REPO / name, root / name)
    return root


@pytest.fixture(scope="module", params=GENERATORS)
def demo(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple:
    name = request.param
    root = copy_demo(tmp_path_factory.mktemp(f"demo-{name}"))
    start = time.perf_counter()
    result = run_cli(["site", "build", "--with", name, "--strict"], cwd=root)
    elapsed = time.perf_counter() - start
    assert result.returncode == 0, result.stdout + result.stderr
    print(f"{name}: the demo built in {elapsed:.2f} s")
    return name, root, serve(str(root / "site"))


def _visible_text(page: object) -> str:
    """The content area's text, code blocks left out (the guide shows markup in code)."""
    return page.evaluate(  # type: ignore[attr-defined]
        """() => { const content = document.querySelector('.md-content').cloneNode(true);
            content.querySelectorAll('pre, code').forEach(node => node.remove());
            return content.innerText; }"""
    )


def test_reliability_pages_and_summary_boxes(demo: tuple, browser: object) -> None:
    name, _, url = demo
    page = browser.new_page()  # type: ignore[attr-defined]
    for path in (*GENERATED_PAGES, *BOX_PAGES):
        response = page.goto(url + path)
        assert response is not None and response.ok, (name, path)
        text = _visible_text(page)
        for literal in LITERAL_MARKUP:
            assert literal not in text, (name, path, literal)
        title = page.title()
        assert "&" not in title and "<" not in title, (name, path, title)
    for path, expected in BOX_PAGES.items():
        page.goto(url + path)
        box = page.locator(".md-content .admonition").first
        assert box.is_visible(), (name, path)
        assert expected in box.inner_text(), (name, path)
    page.goto(url + "/reliability/slos/")
    assert page.locator("svg.sre-docs-chart").count() == 1
    assert page.locator(".md-content table").count() >= 1
    helpers.close_page(page)


def test_navigation_puts_reliability_after_home(demo: tuple, browser: object) -> None:
    name, _, url = demo
    page = browser.new_page()  # type: ignore[attr-defined]
    page.goto(url + "/")
    titles = page.eval_on_selector_all(
        ".md-nav--primary > .md-nav__list > .md-nav__item > .md-nav__link",
        "links => links.map(link => link.innerText.trim())",
    )
    titles = list(dict.fromkeys(titles))  # a section's index page may repeat its title
    assert titles[1] == "Reliability", (name, titles)
    assert "SLOs" in titles and "Slos" not in titles, (name, titles)
    helpers.close_page(page)


def _search_links(page: object, name: str) -> list[str]:
    if name == "zensical":
        # Zensical's search dialog lives in a shadow root.
        script = """() => [...document.querySelectorAll('*')].filter(e => e.shadowRoot)
            .flatMap(e => [...e.shadowRoot.querySelectorAll('a')]).map(a => a.href)"""
    else:
        script = """() => [...document.querySelectorAll('.md-search-result__item a')]
            .map(a => a.href)"""
    return page.evaluate(script)  # type: ignore[attr-defined]


def test_search_finds_a_generated_page(demo: tuple, browser: object) -> None:
    name, _, url = demo
    page = browser.new_page()  # type: ignore[attr-defined]
    page.goto(url + "/")
    page.click(".md-search__button" if name == "zensical" else ".md-search__input")
    # Type only once the search box has the focus (Zensical's opens in a shadow root, a moment
    # after the click): a letter typed before that is a keyboard shortcut of the theme ("n",
    # next page) and navigates away.
    page.wait_for_function(  # type: ignore[attr-defined]
        """() => {
            let active = document.activeElement;
            while (active && active.shadowRoot && active.shadowRoot.activeElement) {
                active = active.shadowRoot.activeElement;
            }
            return active !== null && active.tagName === "INPUT";
        }""",
        timeout=15_000,
    )
    page.keyboard.type("budget burnt")
    deadline = time.monotonic() + 15
    links: list[str] = []
    while time.monotonic() < deadline:
        links = _search_links(page, name)
        if any("/reliability/slos/" in link for link in links):
            break
        page.wait_for_timeout(200)  # type: ignore[attr-defined]
    assert any("/reliability/slos/" in link for link in links), (name, links)
    helpers.close_page(page)


SEEDED = """---
type: postmortem
title: Checkout outage
date: 2026-11-02
severity: SEV2
status: final
services: [checkout-api]
---

# Checkout outage

## Summary

Checkout failed.

## Timeline

- 10:00 alert fired

## Root Cause

A config push.

## Impact

Some users.

## Action Items

None.
"""

# The handbook of the other site tests, with the extension for Zensical (MkDocs' plugin drops it).
MKDOCS_YML = helpers.MKDOCS_YML.replace("  - tables\n", "  - tables\n  - sre_docs\n")


@pytest.mark.parametrize("name", GENERATORS)
def test_strict_fails_on_a_seeded_finding(name: str, tmp_path: Path) -> None:
    (tmp_path / "mkdocs.yml").write_text(MKDOCS_YML, encoding="utf-8")
    (tmp_path / "docs" / "postmortems").mkdir(parents=True)
    (tmp_path / "docs" / "index.md").write_text("# Home\n", encoding="utf-8")
    seeded = tmp_path / "docs" / "postmortems" / "2026-11-02-checkout.md"
    seeded.write_text(SEEDED, encoding="utf-8")
    strict = run_cli(["site", "build", "--with", name, "--strict"], cwd=tmp_path)
    output = strict.stdout + strict.stderr
    assert strict.returncode != 0, output
    assert "postmortems/2026-11-02-checkout.md" in output and "final-without-review" in output
    if name == "zensical":
        # Linted first: nothing generated, nothing built (MkDocs writes the site, then aborts).
        assert not (tmp_path / "docs" / "reliability").exists()
        assert not (tmp_path / "site").exists()
    plain = run_cli(["site", "build", "--with", name], cwd=tmp_path)
    assert plain.returncode == 0, plain.stdout + plain.stderr
    assert "final-without-review" in plain.stdout + plain.stderr
    built = (tmp_path / "site" / "postmortems" / "2026-11-02-checkout" / "index.html").read_text(
        encoding="utf-8"
    )
    assert "admonition" in built and "SEV2" in built
    assert (tmp_path / "site" / "reliability" / "index.html").is_file()


def test_hostile_handbook_under_zensical_runs_no_script(browser: object, tmp_path: Path) -> None:
    root = hostile_handbook(tmp_path)
    config = root / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("  - tables\n", "  - tables\n  - sre_docs\n"),
        encoding="utf-8",
    )
    result = run_cli(["site", "build", "--with", "zensical"], cwd=root)
    assert result.returncode == 0, result.stdout + result.stderr
    page, url, dialogs = visit_hostile_pages(browser, root / "site")
    assert dialogs == []
    page.goto(url + "/reliability/incidents/")
    assert page.locator(".md-content", has_text=HOSTILE_TITLE).count() == 1
    page.goto(url + "/runbooks/raw-html/")
    assert page.locator(".md-content script, .md-content iframe").count() == 0
    assert page.locator(".md-content .admonition").count() == 1
    page.goto(url + "/reliability/action-items/")
    assert page.locator("a[href^='javascript']").count() == 0
    # Zensical's search shows a result's page title as HTML: it must be the escaped title.
    page.click(".md-search__button")
    page.keyboard.type("Timeline")
    deadline = time.monotonic() + 15
    while not any(
        "/postmortems/2026-11-20-hostile/" in link for link in _search_links(page, "zensical")
    ):
        assert time.monotonic() < deadline, "no search result for the hostile postmortem"
        page.wait_for_timeout(200)  # type: ignore[attr-defined]
    assert dialogs == []


RUNBOOK = """---
type: runbook
title: Checkout 5xx
alerts: [CheckoutHigh5xxRate]
service: checkout-api
owner: "@payments-team"
last_reviewed: 2026-11-01
---

# Checkout 5xx

## Overview
## Impact
## Diagnosis
## Mitigation
## Escalation
"""


def test_zensical_boxes_follow_other_documents(tmp_path: Path) -> None:
    """A postmortem's box names the runbooks of its alerts: an edit to the runbook alone
    changes it, though Zensical keeps the HTML of pages whose own text is unchanged."""
    helpers.write_handbook(
        tmp_path,
        {
            "index.md": "# Home\n",
            "postmortems/2026-11-02-checkout.md": SEEDED.replace(
                "services: [checkout-api]",
                "services: [checkout-api]\nalerts: [CheckoutHigh5xxRate]",
            ),
            "runbooks/checkout.md": RUNBOOK,
        },
    )
    (tmp_path / "mkdocs.yml").write_text(MKDOCS_YML, encoding="utf-8")
    page = tmp_path / "site" / "postmortems" / "2026-11-02-checkout" / "index.html"
    assert run_cli(["site", "build", "--with", "zensical"], cwd=tmp_path).returncode == 0
    assert "CheckoutHigh5xxRate → <a" in page.read_text(encoding="utf-8")
    runbook = tmp_path / "docs" / "runbooks" / "checkout.md"
    runbook.write_text(RUNBOOK.replace("[CheckoutHigh5xxRate]", "[Other]"), encoding="utf-8")
    assert run_cli(["site", "build", "--with", "zensical"], cwd=tmp_path).returncode == 0
    assert "CheckoutHigh5xxRate → no runbook" in page.read_text(encoding="utf-8")
