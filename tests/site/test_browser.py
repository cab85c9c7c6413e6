"""The built site in headless Chromium (Debian's package, driven by Playwright) over http.

Search finds a postmortem by a word of its body and an SLO by its service, service pages
link through, hostile titles render as text and run no script, and the SLO and incidents
pages are captured as screenshots."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import yaml

from tests.conftest import REPO
from tests.site.helpers import close_page, mkdocs, serve
from tests.site.test_build import HOSTILE_TITLE, hostile_handbook

SCREENSHOTS = Path("/tmp/sre-docs-screens")
CONTENT = REPO / "content"


def _search(page: object, url: str, query: str, expected: str) -> list[str]:
    """Type `query` into Material's search box; the result links, best first, once a result
    linking to `expected` shows."""
    page.goto(url + "/")  # type: ignore[attr-defined]
    page.click(".md-search__input")  # type: ignore[attr-defined]
    # The whole query at once, then one key press for the search to read it: typed letter by
    # letter, the results of a prefix ("f" for "finishes") may already link to `expected`,
    # in another order than the whole word's.
    page.fill(".md-search__input", query)  # type: ignore[attr-defined]
    page.keyboard.press("End")  # type: ignore[attr-defined]
    try:
        page.wait_for_function(  # type: ignore[attr-defined]
            """expected => [...document.querySelectorAll(".md-search-result__item a")]
                .some(a => a.href.includes(expected))""",
            arg=expected,
            timeout=15_000,
        )
    finally:
        links = page.eval_on_selector_all(  # type: ignore[attr-defined]
            ".md-search-result__item a", "links => links.map(a => a.href)"
        )
        print(f"search {query!r}: {links}")
    return links


def _words(text: str) -> set[str]:
    return {word.lower() for word in re.findall(r"[A-Za-z]{7,}", text)}


def _word_only_in(target: Path) -> str:
    """A long word of `target`'s body that no other page of the demo contains."""
    front_matter, body = target.read_text(encoding="utf-8").split("\n---\n", 1)
    # Front-matter values reach the generated pages too: only the body is the page's own.
    others = _words(front_matter)
    for path in CONTENT.rglob("*.md"):
        if path != target:
            others |= _words(path.read_text(encoding="utf-8"))
    candidates = sorted(_words(body) - others)
    assert candidates, f"no word unique to {target}"
    return candidates[0]


def test_search_finds_postmortem_by_body_word(browser: object, demo_url: str) -> None:
    page = browser.new_page()  # type: ignore[attr-defined]
    for postmortem in sorted((CONTENT / "postmortems").glob("2*.md")):
        word = _word_only_in(postmortem)
        expected = f"/postmortems/{postmortem.stem}/"
        links = _search(page, demo_url, word, expected)
        assert expected in links[0], (word, links)


def test_search_finds_slo_by_service_and_follows_service_page(
    browser: object, demo_url: str
) -> None:
    slo = CONTENT / "slos" / "payments-gateway-latency.md"
    meta = yaml.safe_load(slo.read_text(encoding="utf-8").split("---")[1])
    service, title = meta["service"], meta["title"]
    page = browser.new_page()  # type: ignore[attr-defined]
    _search(page, demo_url, service, "/slos/payments-gateway-latency/")
    page.locator(".md-search-result__item a[href*='/slos/payments-gateway-latency/']").first.click()
    page.wait_for_url("**/slos/payments-gateway-latency/**")
    # The summary header links the SLO's service to its generated page.
    page.locator(".admonition a", has_text=service).first.click()
    page.wait_for_url(f"**/reliability/services/{service}/")
    content = page.locator(".md-content")
    assert content.locator("h1").inner_text().rstrip("¶") == service
    assert content.locator("a", has_text=title).count() >= 1
    content.locator("a", has_text=title).first.click()
    page.wait_for_url("**/slos/payments-gateway-latency/")


def _luminance(colour: str) -> float:
    red, green, blue = (float(part) for part in re.findall(r"[\d.]+", colour)[:3])
    return (0.2126 * red + 0.7152 * green + 0.0722 * blue) / 255


def test_screenshots_of_slo_and_incident_pages(
    browser: object, demo_url: str, tmp_path: Path
) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for scheme in ("light", "dark"):
        page = browser.new_page(  # type: ignore[attr-defined]
            viewport={"width": 1280, "height": 1000}, color_scheme=scheme
        )
        for name in ("slos", "incidents"):
            page.goto(f"{demo_url}/reliability/{name}/")
            chart = page.locator("svg.sre-docs-chart")
            assert chart.count() == 1 and chart.is_visible()
            assert chart.get_attribute("role") == "img"
            assert chart.locator("title").count() >= 1 and chart.locator("desc").count() == 1
            # Chart text follows the palette: dark on the light scheme, light on slate.
            fill = chart.locator("text").first.evaluate("node => getComputedStyle(node).fill")
            assert (_luminance(fill) > 0.5) == (scheme == "dark"), (scheme, fill)
            # The chart frame scrolls sideways on a phone instead of shrinking the text.
            frame = page.locator(".sre-docs-chart-frame").first
            assert frame.evaluate("node => getComputedStyle(node).overflowX") == "auto"
            if name == "incidents":
                # The demo has a SEV1 and a SEV2: their columns carry hatching and dots
                # drawn by the chart's own patterns (colour is not the only cue).
                assert chart.locator("pattern").count() == 2
                overlays = chart.locator('rect[aria-hidden="true"]')
                fills = overlays.evaluate_all("nodes => nodes.map(n => getComputedStyle(n).fill)")
                assert {fill.split('"')[1] for fill in fills} == {
                    "#incidents-per-month-hatch",
                    "#incidents-per-month-dots",
                }, fills
            path = tmp_path / f"{name}-{scheme}.png"
            page.screenshot(path=str(path), full_page=True)
            assert path.stat().st_size > 10_000
            shutil.copy(path, SCREENSHOTS / path.name)
        close_page(page)


def visit_hostile_pages(browser: object, site: Path) -> tuple[object, str, list[str]]:
    """Every page of the built hostile handbook opened over http: (page, url, the messages of
    the dialogs a script opened, which must stay empty)."""
    url = serve(str(site))
    page = browser.new_page()  # type: ignore[attr-defined]
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    paths = [
        "/reliability/incidents/",
        "/reliability/",
        "/reliability/action-items/",
        "/reliability/slos/",
        "/postmortems/2026-11-20-hostile/",
        "/runbooks/raw-html/",
        "/slos/evil/",
        "/notes/entities/",
    ]
    paths += [
        "/" + path.parent.relative_to(site).as_posix() + "/"
        for path in (site / "reliability" / "services").glob("*/index.html")
    ]
    for path in paths:
        response = page.goto(url + path)  # type: ignore[attr-defined]
        assert response is not None and response.ok, path
        page.wait_for_load_state("load")  # type: ignore[attr-defined]
    return page, url, dialogs


def test_hostile_handbook_runs_no_script(browser: object, tmp_path: Path) -> None:
    root = hostile_handbook(tmp_path)
    site = tmp_path / "site"
    result = mkdocs(root, "build", "--site-dir", str(site))
    assert result.returncode == 0, result.stderr
    page, url, dialogs = visit_hostile_pages(browser, site)
    assert dialogs == []
    page.goto(url + "/reliability/incidents/")
    assert page.locator(".md-content", has_text=HOSTILE_TITLE).count() == 1
    link = page.locator(".md-content a", has_text="<script>alert(1)</script>")
    assert link.count() == 1 and "/postmortems/2026-11-20-hostile/" in link.get_attribute("href")
    page.goto(url + "/reliability/action-items/")
    # A `javascript:` ticket is shown, never linked.
    assert page.locator("a[href^='javascript']").count() == 0
    assert page.locator(".md-content", has_text="javascript:alert(4)").count() == 1
    shutil.rmtree(site)
