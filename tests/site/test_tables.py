"""The generated pages in headless Chromium: sortable, filterable tables, and summary boxes on
a handbook whose `mkdocs.yml` enables no markdown extension at all."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import TODAY
from tests.site.helpers import mkdocs, serve

MINIMAL_YML = f"""site_name: Minimal handbook
docs_dir: docs
theme:
  name: material
  font: false
plugins:
  - search
  - sre-docs:
      today: {TODAY}
"""

POSTMORTEM = """---
type: postmortem
title: Queue stalled
date: 2026-11-02
severity: SEV2
status: draft
services: [queue]
---
# Queue stalled

## Summary

The queue stalled.

## Timeline

- 10:00 alert fired

## Root Cause

A full disk.

## Impact

Ten minutes of delay.

## Action Items

| Priority | Action | Owner | Due | Ticket |
|---|---|---|---|---|
| P1 | Alert on disk usage | @ann | 2026-12-01 | OPS-1 |
"""

SLO = """---
type: slo
title: Queue availability
service: queue
owner: "@ann"
target: 99.9
window: 30d
current: 99.95
---
# Queue availability

Requests served without error.
"""


def _column(page: object, table: object, index: int) -> list[str]:
    return table.locator(f"tbody tr:not([hidden]) td:nth-child({index})").all_inner_texts()  # type: ignore[attr-defined]


def test_clicking_a_header_sorts_rows_and_the_filter_hides_rows(
    browser: object,
    demo_url: str,
) -> None:
    page = browser.new_page()  # type: ignore[attr-defined]
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{demo_url}/reliability/slos/")
    table = page.locator(".md-content table").first
    headers = table.locator("thead th").all_inner_texts()
    remaining = next(i for i, text in enumerate(headers, 1) if text.startswith("Remaining"))
    title_column = 1

    def numbers() -> list[float]:
        return [float(text.split()[0]) for text in _column(page, table, remaining)]

    table.locator(f"thead th:nth-child({remaining}) button").click()
    assert numbers() == sorted(numbers())
    assert table.locator(f"thead th:nth-child({remaining})").get_attribute("aria-sort") == (
        "ascending"
    )
    table.locator(f"thead th:nth-child({remaining}) button").click()
    assert numbers() == sorted(numbers(), reverse=True)
    titles = _column(page, table, title_column)
    assert len(titles) >= 3
    page.locator(".sre-docs-filter input").first.fill("tracking")
    shown = _column(page, table, title_column)
    assert shown and len(shown) < len(titles)
    assert all(
        "tracking" in row.lower()
        for row in table.locator("tbody tr:not([hidden])").all_inner_texts()
    )
    assert errors == []


def test_tables_read_without_javascript(browser: object, demo_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)  # type: ignore[attr-defined]
    page = context.new_page()
    page.goto(f"{demo_url}/reliability/action-items/")
    table = page.locator(".md-content table").first
    assert table.locator("tbody tr").count() >= 1
    assert page.locator(".sre-docs-filter").count() == 0
    context.close()


def test_summary_boxes_need_no_markdown_extension(
    browser: object,
    tmp_path: Path,
) -> None:
    root = tmp_path / "handbook"
    (root / "docs" / "postmortems").mkdir(parents=True)
    (root / "docs" / "slos").mkdir()
    (root / "mkdocs.yml").write_text(MINIMAL_YML, encoding="utf-8")
    (root / "docs" / "index.md").write_text("# Home\n", encoding="utf-8")
    (root / "docs" / "postmortems" / "2026-11-02-queue.md").write_text(POSTMORTEM, "utf-8")
    (root / "docs" / "slos" / "queue.md").write_text(SLO, encoding="utf-8")
    site = tmp_path / "site"
    result = mkdocs(root, "build", "--site-dir", str(site))
    assert result.returncode == 0, result.stderr
    url = serve(str(site))
    page = browser.new_page()  # type: ignore[attr-defined]
    for path in ("/postmortems/2026-11-02-queue/", "/slos/queue/"):
        page.goto(url + path)
        text = page.locator(".md-content").inner_text()
        assert "!!!" not in text, path
        assert page.locator(".md-content .admonition").count() >= 1, path
        assert page.locator(".md-content pre").count() == 0, path


def test_a_postmortem_lists_its_action_items_and_search_finds_it_by_ticket(
    browser: object,
    demo_url: str,
) -> None:
    from tests.site.test_browser import _search

    page = browser.new_page()  # type: ignore[attr-defined]
    path = "/postmortems/2026-10-14-checkout-5xx-after-config-push/"
    page.goto(demo_url + path)
    box = page.locator(".md-content .sre-docs-box")
    rows = box.locator("table tbody tr")
    assert rows.count() == 3
    assert "PW-4122" in rows.nth(1).inner_text() and "in progress" in rows.nth(1).inner_text()
    links = _search(page, demo_url, "PW-4122", path)
    # The action-items page lists the ticket too; the postmortem is among the first results.
    assert any(path in link for link in links[:3]), links
