"""A real `mkdocs build --strict` of the demo handbook, and of broken and hostile handbooks.

Values on the generated pages are computed from the documents: budget minutes, states,
counts and mean times are checked against the numbers in `content/`."""

from __future__ import annotations

import html as html_module
import json
import re
from pathlib import Path

import pytest

from sre_docs import doctypes
from tests.conftest import REPO, run_cli
from tests.site.helpers import mkdocs, write_handbook
from tests.site.test_built_pages import dangling_links


def _text(html: str) -> str:
    """The page's visible text, entities decoded, one space between elements."""
    text = html_module.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)))
    return text.replace(" ,", ",").replace(" ;", ";").replace(" :", ":")


@pytest.fixture
def site(demo_site: Path) -> Path:
    """The demo, built once for every test that reads it."""
    return demo_site


def _page(site: Path, rel: str) -> str:
    return (site / rel / "index.html").read_text(encoding="utf-8")


def _box(html: str) -> str:
    """The text of a page's summary box: its title and its body, nothing after it."""
    start = html.index(">", html.index('class="admonition')) + 1
    return _text(html[start : html.index("</div>", start)]).strip()


def test_generated_pages_exist_and_are_in_search(site: Path) -> None:
    # The demo has every type: it shows every generated page, and links to no missing one.
    for page in doctypes.index_pages():
        rel = page.path.removesuffix(".md").removesuffix("index").rstrip("/")
        assert (site / "reliability" / rel / "index.html").is_file(), page.path
    assert (site / "reliability" / "health" / "index.html").is_file()
    assert dangling_links(site / "reliability") == []
    assert (site / "reliability" / "index.html").is_file()
    for service in ("checkout-api", "tracking-api", "postgres-main", "notification-service"):
        assert (site / "reliability" / "services" / service / "index.html").is_file()
    search = (site / "search" / "search_index.json").read_text(encoding="utf-8")
    assert "reliability/slos/" in search and "reliability/services/checkout-api/" in search
    assert not (Path(__file__).resolve().parents[2] / "content" / "reliability").exists()


def test_slo_page_values(site: Path) -> None:
    text = _text(_page(site, "reliability/slos"))
    # 99.95 % over 30 days: 43,200 × 0.05 / 100 = 21.6 minutes; current 99.985 → 70 % left.
    checkout = r"Checkout availability checkout-api healthy 70 % 99\.95 % 99\.985 % 30d 21\.6 "
    assert re.search(checkout, text)
    # 99 % over 4 weeks: 40,320 × 1 / 100 = 403.2 minutes; current 98.7 → −30 %, exhausted.
    tracking = r"Tracking API latency tracking-api exhausted -30 % 99 % 98\.7 % 4w 403\.2 "
    assert re.search(tracking, text)
    assert "warning 40 %" in text and "critical 10 %" in text
    assert "<svg" in _page(site, "reliability/slos") and "Error budget remaining per SLO" in text
    assert "2 %" in text  # 14.4 × 1 h of 30 d spends 2 % of the budget when it fires


def test_incidents_page_values(site: Path) -> None:
    text = _text(_page(site, "reliability/incidents"))
    assert "4 postmortems: 1 SEV1, 1 SEV2, 2 SEV3, 0 SEV4" in text
    # Detection 4, 38, 6, 2 min → 12.5; mitigation 31, 71, 22, 19 → 35.75; resolution
    # 47, 95, 62, 134 → 84.5; durations sum to 338. Means are shown to 0.1 min.
    assert "12.5 min (n = 4) 35.8 min (n = 4) 84.5 min (n = 4) 338 min (n = 4)" in text
    assert "Incidents per month by severity" in text


def test_action_items_toil_runbooks_handoffs(site: Path) -> None:
    items = _text(_page(site, "reliability/action-items"))
    # 5 from postmortems, one from the chaos experiment, one from the readiness review.
    assert "7 open, 0 overdue" in items and "PW-4301" in items and "PW-4355" in items
    assert "PW-3650" not in items  # done items are not listed
    toil = _text(_page(site, "reliability/toil"))
    # 42.17 h less the certificate rotation (4.5 h), automated in November.
    assert "37.67 hours of toil per month across 5 records (1 more automated away)" in toil
    assert re.search(
        r"Restarting the stuck dispatch solver recovery daily 15 medium do-first", toil
    )
    assert "high (> 10 h) do-first: Resetting merchant API keys on request do-first: " in toil
    runbooks = _text(_page(site, "reliability/runbooks"))
    assert "CheckoutHigh5xxRate" in runbooks
    # Procedures are listed apart, in a table without alerts.
    table = runbooks[runbooks.index("Runbook Service Owner Alerts Last reviewed") :]
    alerts, procedures = table.split("How-to runbooks", 1)
    assert "Planned switchover of the Postgres primary" not in alerts
    assert "Postgres primary down" in alerts
    procedures, troubleshooting = procedures.split("Troubleshooting runbooks", 1)
    assert "Planned switchover of the Postgres primary postgres-main @data-platform-team" in (
        procedures
    )
    assert "Label printer reports E42" not in alerts + procedures
    assert "Label printer reports E42: media not detected label-service @fulfilment-team" in (
        troubleshooting
    )
    assert "<strong>stale</strong>" not in _page(site, "reliability/runbooks")
    handoffs = _text(_page(site, "reliability/handoffs"))
    table = handoffs[handoffs.index("Date Handoff From To Rotation") :]
    assert table.index("week 47") < table.index("week 46")


def test_handoff_index_and_pages_show_open_issues_and_known_risks(site: Path) -> None:
    """The demo's handoffs, as written in `content/handoffs/`: counts per handoff on the index,
    each item listed, "none recorded" for a section that says there is nothing."""
    index = _text(_page(site, "reliability/handoffs"))
    assert "Open Issues Known Risks Pages" in index  # the table's columns
    row = index[index.index("Payments on-call handoff, week 45 @amira") :]
    assert row.startswith("Payments on-call handoff, week 45 @amira @jonas payments-primary none")
    assert "Open Issues: 1 Connection-pool canary for config pushes is half done" in index
    assert "(PM-2026-014, PW-4122). Known Risks: 1 Black Friday traffic starts ramping" in index
    assert "Open Issues: none recorded (None: the checkout incident of October is closed;" in index
    week45 = _page(site, "handoffs/2026-11-09-payments-week-45")
    box = _text(week45[week45.index("sre-docs-box") : week45.index('id="open-issues"')])
    assert "On-call handoff · payments-primary" in box
    assert "Date 2026-11-09 · From @amira · To @jonas · Pages 1 (0 off hours" in box
    assert "Open Issues: none recorded" in box
    assert "Known Risks: 1 Campaign traffic on Friday: checkout is scaled up by hand" in box
    week47 = _text(_page(site, "handoffs/2026-11-23-platform-week-47"))
    assert "Open Issues: 1 Tracking API latency budget is exhausted" in week47


def test_service_page_and_headers(site: Path) -> None:
    service = _text(_page(site, "reliability/services/tracking-api"))
    assert "Tracking API latency" in service and "exhausted" in service
    assert "Lost shipment updates after an unplanned Postgres failover" in service
    assert "Upstream: postgres-main, dispatch-engine" in service
    postmortem = _text(_page(site, "postmortems/2026-06-21-postgres-failover-data-loss"))
    assert "SEV1 · final · data loss" in postmortem
    assert "Alerts PostgresPrimaryDown → postgres-primary-down;" in postmortem
    assert "Action items 3: 1 open, 0 overdue" in postmortem
    slo = _text(_page(site, "slos/checkout-availability"))
    assert "healthy · 70 % of the error budget left" in slo
    assert "Error budget 0.05 % = 21.6 min · Current 99.985 %" in slo
    assert "Service checkout-api · Owner" in slo
    runbook = _box(_page(site, "runbooks/postgres-primary-down"))
    assert runbook.startswith("Runbook for postgres-main Alerts PostgresPrimaryDown")
    assert "Escalate after 10 min to @data-platform-team" in runbook
    assert "Last reviewed 2026-08-30 (86 days ago)" in runbook
    procedure = _box(_page(site, "runbooks/postgres-planned-switchover"))
    assert procedure.startswith("Procedure for postgres-main Owner @data-platform-team · Last")
    guide = _box(_page(site, "runbooks/label-printer-e42"))
    assert guide.startswith("Troubleshooting for label-service Owner @fulfilment-team · Last")
    labels = _text(_page(site, "reliability/services/label-service"))
    assert "Label printer reports E42: media not detected (troubleshooting)" in labels
    database = _text(_page(site, "reliability/services/postgres-main"))
    assert "Planned switchover of the Postgres primary (procedure)" in database
    assert "Postgres primary down or replication lagging (PostgresPrimaryDown" in database


def test_no_cdn_or_font_requests(site: Path) -> None:
    for page in site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert "fonts.googleapis.com" not in html and "fonts.gstatic.com" not in html


BROKEN = {
    "postmortems/2026-11-20-broken.md": """---
title: Broken checkout
date: 2026-11-20
severity: SEV2
status: final
services: [checkout-api]
action_items:
  - description: Add a canary
    owner: "@name"
---
## Summary
Human error.
## Timeline
- **10:00** start
## Root Cause
x
## Impact
x
## Action Items
See front matter.
""",
    "slos/checkout.md": """---
type: slo
service: checkout-api
target: 99.9
window: 30d
error_budget_minutes: 4.32
owner: "@a"
burn_rate_alerts:
  - name: Fast
    severity: page
    runbook: ../runbooks/gone.md
---
""",
}


def test_strict_build_fails_naming_each_defect(tmp_path: Path) -> None:
    root = write_handbook(tmp_path, BROKEN)
    result = mkdocs(root, "build", "--strict", "--site-dir", str(tmp_path / "site"))
    assert result.returncode != 0
    for expected in (
        "postmortems/2026-11-20-broken.md:5:1: PM004 [final-without-review]",
        "[orphan-action-item]",
        "[blame-language]",
        "slos/checkout.md:6:1: SLO002 [slo-budget-mismatch]",
        "[broken-runbook-link]",
    ):
        assert expected in result.stderr, result.stderr


def test_fail_on_error_lets_warnings_pass(tmp_path: Path) -> None:
    documents = {
        "runbooks/old.md": """---
type: runbook
alerts: [A]
owner: "@a"
last_reviewed: 2020-01-01
---
## Overview
## Impact
## Diagnosis
## Mitigation
## Escalation
"""
    }
    root = write_handbook(tmp_path, documents)
    strict = mkdocs(root, "build", "--strict", "--site-dir", str(tmp_path / "a"))
    assert strict.returncode != 0 and "[stale-runbook]" in strict.stderr
    config = root / "mkdocs.yml"
    config.write_text(config.read_text() + "      fail_on: error\n", encoding="utf-8")
    relaxed = mkdocs(root, "build", "--strict", "--site-dir", str(tmp_path / "b"))
    assert relaxed.returncode == 0, relaxed.stderr


HOSTILE_TITLE = "<script>alert(1)</script> [x](javascript:alert(1))"


def hostile_handbook(root: Path) -> Path:
    return write_handbook(
        root,
        {
            "postmortems/2026-11-20-hostile.md": f"""---
title: '{HOSTILE_TITLE}'
date: 2026-11-20
severity: SEV3
status: draft
services: ['"><img src=x onerror=alert(2)>', '</title><script>alert(11)</script>']
authors: ["<b>@mallory</b>"]
action_items:
  - id: EVIL-1
    description: '<img src=x onerror=alert(3)> | broken | table'
    owner: "@mallory"
    due: 2026-12-01
    ticket: "javascript:alert(4)"
---
# Hostile

## What Happened
Text.
## Timeline
- **10:00** start
## Root Cause
x
## Fix
x
""",
            "runbooks/raw-html.md": """---
type: runbook
alerts: [Evil]
owner: "@m"
---
# Raw HTML in the body

<script>alert(8)</script>
<img src="x.png" onerror="alert(9)">
<a href="javascript:alert(10)">click</a>
<iframe src="https://example.com"></iframe>

## Overview
## Impact
## Diagnosis
## Mitigation
## Escalation
""",
            # Material unescapes a heading's title with `striptags`: entities must stay text.
            "notes/entities.md": "# &lt;/title&gt;&lt;script&gt;alert(12)&lt;/script&gt;\n",
            # A title that is no string: Zensical prints a list or a mapping as its text.
            "notes/list-title.md": '---\ntitle: ["<img src=x onerror=alert(13)>"]\n---\n\nBody.\n',
            "notes/mapping-title.md": '---\ntitle: {"<img src=x onerror=alert(14)>": 1}\n---\n',
            "slos/evil.md": """---
type: slo
title: '<svg onload=alert(5)>'
service: '<script>alert(6)</script>'
target: 99.9
window: 30d
owner: "@m"
burn_rate_alerts:
  - name: Evil
    severity: ticket
    runbook: "javascript:alert(7)"
---
""",
        },
    )


def test_hostile_values_are_escaped(tmp_path: Path) -> None:
    root = hostile_handbook(tmp_path)
    site = tmp_path / "site"
    result = mkdocs(root, "build", "--site-dir", str(site))
    assert result.returncode == 0, result.stderr
    incidents = (site / "reliability" / "incidents" / "index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in incidents
    for page in site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        for needle in (
            "<script>alert",
            "<img src=x onerror",
            '<img src="x.png" onerror',
            "alert(8)",
            'href="javascript:',
            "<iframe",
            "<svg onload",
        ):
            assert needle not in html, (page, needle)


def test_export_numbers_are_the_site_numbers(site: Path, tmp_path: Path) -> None:
    """One source: every SLO and incident count of `sre-docs export` is on the built pages."""
    out = tmp_path / "export.json"
    result = run_cli(["export", "--out", str(out)], REPO)
    assert result.returncode == 0, result.stderr
    data = json.loads(out.read_text(encoding="utf-8"))
    slos = _text(_page(site, "reliability/slos"))
    for slo in data["slos"]:
        remaining = f"{slo['budget_remaining_pct']:g} %"
        row = f"{slo['title']} {slo['service']} {slo['state']} {remaining} "
        assert row in slos, row
        assert f" {slo['budget_minutes']:g} " in slos
    incidents = _text(_page(site, "reliability/incidents"))
    counts = data["incidents"]["by_severity"]
    assert f"{data['incidents']['count']} postmortems: {counts['SEV1']} SEV1" in incidents
    overview = _text(_page(site, "reliability"))
    assert f"{data['overview']['open_action_items']} open action items:" in overview


def test_disabled_plugin_adds_nothing(tmp_path: Path) -> None:
    root = write_handbook(tmp_path, BROKEN)
    config = root / "mkdocs.yml"
    config.write_text(config.read_text() + "      enabled: false\n", encoding="utf-8")
    result = mkdocs(root, "build", "--site-dir", str(tmp_path / "site"))
    assert result.returncode == 0, result.stderr
    assert "sre-docs:" not in result.stderr
    assert not (tmp_path / "site" / "reliability").exists()


def test_bad_option_is_one_clear_error(tmp_path: Path) -> None:
    root = write_handbook(tmp_path, {"index.md": "# Home\n"})
    config = root / "mkdocs.yml"
    config.write_text(
        config.read_text() + "      rules: {stale-runbooks: error}\n", encoding="utf-8"
    )
    result = mkdocs(root, "build", "--site-dir", str(tmp_path / "site"))
    assert result.returncode != 0
    assert "plugins.sre-docs.rules.stale-runbooks: unknown rule" in result.stderr
    assert "Traceback" not in result.stderr
