"""The built site in headless Chromium (Debian's package, driven by Playwright) over http.

Search finds a postmortem by a word of its body and an SLO by its service, service pages
link through, hostile titles render as text and run no script, and the SLO and incidents
pages are captured as screenshots."""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import skip_or_fail
from tests.site.helpers import build_demo, mkdocs
from tests.site.test_build import HOSTILE_TITLE, hostile_handbook

SCREENSHOTS = Path("/tmp/sre-docs-screens")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="module")
def browser(chromium_path: str) -> Iterator[object]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        skip_or_fail("playwright is not installed (pip install -e '.[test]')")
        raise
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        return


@functools.cache
def _serve(folder: str) -> str:
    handler = functools.partial(_QuietHandler, directory=folder)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}"


@pytest.fixture(scope="module")
def demo_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    site = tmp_path_factory.mktemp("demo-site")
    result = build_demo(site)
    assert result.returncode == 0, result.stderr
    return _serve(str(site))


def _search(page: object, url: str, query: str) -> list[str]:
    page.goto(url + "/")  # type: ignore[attr-defined]
    page.click(".md-search__input")  # type: ignore[attr-defined]
    page.keyboard.type(query)  # type: ignore[attr-defined]
    page.wait_for_selector(".md-search-result__item", timeout=15_000)  # type: ignore[attr-defined]
    return page.eval_on_selector_all(  # type: ignore[attr-defined]
        ".md-search-result__item a", "links => links.map(a => a.href)"
    )


def test_search_finds_postmortem_by_body_word(browser: object, demo_url: str) -> None:
    page = browser.new_page()  # type: ignore[attr-defined]
    links = _search(page, demo_url, "patroni")
    assert any(
        "postgres-failover-data-loss" in link or "postgres-primary-down" in link for link in links
    ), links
    links = _search(page, demo_url, "connection-pool")
    assert any("checkout-5xx-after-config-push" in link for link in links), links


def test_search_finds_slo_by_service_and_follows_service_page(
    browser: object, demo_url: str
) -> None:
    page = browser.new_page()  # type: ignore[attr-defined]
    # Search syntax reads "-" as "without", so the service name is typed as two words.
    links = _search(page, demo_url, "payments gateway latency")
    assert any("/slos/payments-gateway-latency/" in link for link in links), links
    page.goto(demo_url + "/reliability/slos/")
    page.locator(".md-content a", has_text="payments-gateway").first.click()
    page.wait_for_load_state()
    assert "/reliability/services/payments-gateway/" in page.url
    assert page.locator("text=Payments gateway latency").count() >= 1


def test_screenshots_of_slo_and_incident_pages(browser: object, demo_url: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page = browser.new_page(viewport={"width": 1280, "height": 1000})  # type: ignore[attr-defined]
    for name in ("slos", "incidents"):
        page.goto(f"{demo_url}/reliability/{name}/")
        assert page.locator("svg.sre-docs-chart").count() == 1
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        assert path.stat().st_size > 10_000


def test_hostile_handbook_runs_no_script(browser: object, tmp_path: Path) -> None:
    root = hostile_handbook(tmp_path)
    site = tmp_path / "site"
    result = mkdocs(root, "build", "--site-dir", str(site))
    assert result.returncode == 0, result.stderr
    url = _serve(str(site))
    page = browser.new_page()  # type: ignore[attr-defined]
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    for path in (
        "/reliability/incidents/",
        "/reliability/",
        "/reliability/action-items/",
        "/postmortems/2026-11-20-hostile/",
        "/runbooks/raw-html/",
        "/reliability/slos/",
    ):
        page.goto(url + path)
        page.wait_for_load_state("load")
    assert dialogs == []
    page.goto(url + "/reliability/incidents/")
    assert page.locator(f"text={HOSTILE_TITLE}").count() >= 1
    shutil.rmtree(site)
