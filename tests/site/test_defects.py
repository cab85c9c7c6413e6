"""A handbook with every document type and seeded defects, built by the real `mkdocs build`.

`--strict` fails and names each defect with its file, line, code and rule; the generated pages
still show the states and numbers computed from the documents."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest

from sre_docs.rules import RULES
from tests.conftest import TODAY, run_cli
from tests.site.helpers import mkdocs, write_handbook

CODES = {rule.name: rule.code for rule in RULES}

POSTMORTEM_BODY = """
## Summary
The queue stalled.
## Timeline
- **10:00** queue stalls
- **10:20** worker restarted
## Root Cause
A lease was never released.
## Impact
Labels printed late.
## Action Items
See the front matter.
"""

HANDBOOK = {
    # 1 postmortem: final without reviewers (line 6), data loss at SEV2 (line 7), an alert no
    # runbook answers (line 9), an action item without a ticket (line 15), an overdue one
    # (line 19) and blaming wording in the body (line 39).
    "postmortems/2026-10-05-label-queue.md": """---
type: postmortem
id: PM-1
title: Label queue stalled
date: 2026-10-05
status: final
severity: SEV2
impact: {data_loss: true}
alerts: [LabelQueueStuck, GhostAlert]
services: [label-service]
detection: {time_to_detect_minutes: 6}
resolution: {time_to_mitigate_minutes: 20, time_to_resolve_minutes: 40}
duration_minutes: 40
action_items:
  - id: AI-1
    description: Alert on lease age
    owner: "@amira"
    due: 2026-12-20
  - id: AI-2
    description: Release leases on shutdown
    owner: "@jonas"
    due: 2026-11-04
    ticket: PW-2
  - id: AI-3
    description: Document the lease table
    owner: "@li"
    due: 2026-11-01
    ticket: PW-3
    status: done
---
# Label queue stalled
"""
    + POSTMORTEM_BODY.replace("A lease was never released.", "Human error by the operator."),
    # 2 a clean postmortem, which shares its id with the first (line 3).
    "postmortems/2026-11-10-checkout.md": """---
type: postmortem
id: PM-1
title: Checkout errors
date: 2026-11-10
status: final
reviewers: ["@li"]
severity: SEV3
services: [checkout-api]
alerts: [LabelQueueStuck]
detection: {time_to_detect_minutes: 2}
resolution: {time_to_mitigate_minutes: 10, time_to_resolve_minutes: 30}
duration_minutes: 30
---
# Checkout errors
"""
    + POSTMORTEM_BODY,
    # 3 a runbook not reviewed for 327 days (line 6).
    "runbooks/label-queue.md": """---
type: runbook
title: Label queue stuck
alerts: [LabelQueueStuck]
owner: "@labels"
last_reviewed: 2026-01-01
service: label-service
---
# Label queue stuck
## Overview
## Impact
## Diagnosis
## Mitigation
## Escalation
""",
    # 4 SLOs in each state; one with a wrong budget (line 8) and one with a broken runbook
    # link (line 12); one whose target is not stricter than its SLA (line 7).
    "slos/healthy.md": """---
type: slo
title: Checkout availability
service: checkout-api
owner: "@checkout"
target: 99.95
window: 30d
error_budget_minutes: 30
current: 99.985
burn_rate_alerts:
  - name: CheckoutFastBurn
    severity: page
    runbook: ../runbooks/gone.md
---
""",
    "slos/warning.md": """---
type: slo
title: Payments latency
service: payments-gateway
owner: "@payments"
target: 99.9
sla: 99.95
window: 28d
current: 99.94
---
""",
    "slos/critical.md": """---
type: slo
title: Tracking availability
service: tracking-api
owner: "@platform"
target: 99.9
window: 30d
current: 99.91
---
""",
    "slos/exhausted.md": """---
type: slo
title: Tracking latency
service: tracking-api
owner: "@platform"
target: 99
window: 4w
current: 98.7
---
""",
    # 5 a handoff without its Known Risks section (reported at the first section, line 7).
    "handoffs/2026-11-23.md": """---
type: handoff
date: 2026-11-23
from: "@li"
to: "@amira"
---
## Open Issues
## Recent Changes
## Scheduled Maintenance
## Runbook Updates
""",
    # 6 toil whose total disagrees with 15 min × 60 / 60 = 15 h (line 7).
    "toil/restarts.md": """---
type: toil
title: Restarting the solver
category: recovery
time_per_occurrence_min: 15
occurrences_per_month: 60
total_hours_per_month: 20
automation_difficulty: medium
teams_affected: ["@logistics"]
---
""",
    # Entries for the services the other documents name (else each is `unknown-service`).
    **{
        f"services/{name}.md": f"---\ntype: service\ntitle: {name}\ntier: standard\n---\n"
        for name in ("checkout-api", "payments-gateway", "label-service")
    },
    # 7 a service with a tier outside its enum (line 4); its dependency gets a page too.
    "services/tracking-api.md": """---
type: service
title: tracking-api
tier: platinum
dependencies:
  upstream: [postgres-main]
---
""",
    # 8 a plain page with a broken link (line 3).
    "index.md": "# Home\n\nSee the [missing page](nowhere.md).\n",
}

DEFECTS: list[tuple[str, int, str]] = [
    ("postmortems/2026-10-05-label-queue.md", 6, "final-without-review"),
    ("postmortems/2026-10-05-label-queue.md", 9, "missing-runbook-link"),
    ("postmortems/2026-10-05-label-queue.md", 7, "severity-too-low"),
    ("postmortems/2026-10-05-label-queue.md", 15, "orphan-action-item"),
    ("postmortems/2026-10-05-label-queue.md", 19, "overdue-action-item"),
    ("postmortems/2026-10-05-label-queue.md", 39, "blame-language"),
    ("postmortems/2026-11-10-checkout.md", 3, "duplicate-id"),
    ("runbooks/label-queue.md", 6, "stale-runbook"),
    ("slos/healthy.md", 8, "slo-budget-mismatch"),
    ("slos/healthy.md", 13, "broken-runbook-link"),
    ("slos/warning.md", 6, "slo-below-sla"),
    ("handoffs/2026-11-23.md", 7, "missing-handoff-section"),
    ("toil/restarts.md", 7, "toil-hours-mismatch"),
    ("services/tracking-api.md", 4, "schema-violation"),
    ("index.md", 3, "broken-link"),
]


@pytest.fixture(scope="module")
def build(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[subprocess.CompletedProcess[str], Path]:
    root = write_handbook(tmp_path_factory.mktemp("defects"), HANDBOOK)
    site = root / "site"
    return mkdocs(root, "build", "--strict", "--site-dir", str(site)), site


def _text(site: Path, rel: str) -> str:
    html = (site / rel / "index.html").read_text(encoding="utf-8")
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace(" :", ":")


def test_strict_build_fails_naming_each_defect(
    build: tuple[subprocess.CompletedProcess[str], Path],
) -> None:
    result, _ = build
    assert result.returncode != 0
    assert "in strict mode" in result.stdout + result.stderr
    warnings = [line for line in result.stderr.splitlines() if line.startswith("WARNING")]
    for path, line, rule in DEFECTS:
        where = f"{path}:{line}:"
        expected = f"{CODES[rule]} [{rule}]"
        assert any(where in warning and expected in warning for warning in warnings), (
            path,
            rule,
            result.stderr,
        )
    named = {re.search(r"\[([a-z-]+)\]", line).group(1) for line in warnings if "[" in line}  # type: ignore[union-attr]
    assert named == {rule for _, _, rule in DEFECTS}, result.stderr


def test_pages_show_states_and_numbers(
    build: tuple[subprocess.CompletedProcess[str], Path],
) -> None:
    _, site = build
    slos = _text(site, "reliability/slos")
    # 30 d × 0.05 % = 21.6 min, (99.985) → 70 %; 28 d × 0.1 % = 40.32 min, (99.94) → 40 %;
    # 30 d × 0.1 % = 43.2 min, (99.91) → 10 %; 4 w × 1 % = 403.2 min, (98.7) → −30 %.
    for row in (
        r"Checkout availability checkout-api healthy 70 % .*? 21\.6 ",
        r"Payments latency payments-gateway warning 40 % .*? 40\.32 ",
        r"Tracking availability tracking-api critical 10 % .*? 43\.2 ",
        r"Tracking latency tracking-api exhausted -30 % .*? 403\.2 ",
    ):
        assert re.search(row, slos), row
    overview = _text(site, "reliability")
    assert "4 SLOs: 1 healthy, 1 warning, 1 critical, 1 exhausted" in overview
    assert "2 open action items: 1 overdue" in overview  # AI-1 open, AI-2 overdue, AI-3 done
    assert "1 runbook: 1 stale" in overview
    incidents = _text(site, "reliability/incidents")
    assert "2 postmortems: 0 SEV1, 1 SEV2, 1 SEV3, 0 SEV4" in incidents
    # (6+2)/2, (20+10)/2, (40+30)/2, 40+30, each from both postmortems.
    assert "4 min (n = 2) 15 min (n = 2) 35 min (n = 2) 70 min (n = 2)" in incidents
    items = _text(site, "reliability/action-items")
    assert items.index("Release leases on shutdown") < items.index("Alert on lease age")
    assert "20 days" in items and "Document the lease table" not in items
    toil = _text(site, "reliability/toil")
    assert re.search(r"Restarting the solver recovery .*? 15 medium do-first", toil)
    runbooks = _text(site, "reliability/runbooks")
    assert "327 days ago" in runbooks and "stale" in runbooks
    assert re.search(r"GhostAlert none", runbooks)
    handoffs = _text(site, "reliability/handoffs")
    assert "Open Issues: none recorded Known Risks: missing: the handoff has no Known" in handoffs
    for service in ("checkout-api", "label-service", "payments-gateway", "postgres-main"):
        assert (site / "reliability" / "services" / service / "index.html").is_file()
    tracking = _text(site, "reliability/services/tracking-api")
    assert "Tracking latency" in tracking and "exhausted" in tracking


def test_build_logs_what_lint_reports(
    build: tuple[subprocess.CompletedProcess[str], Path],
) -> None:
    """The build checks its pages in worker processes, and `sre-docs lint` in its own way: the
    findings are the same, one for one."""
    result, site = build
    root = site.parent
    linted = run_cli(["lint", "--no-cache", "--format", "json"], root)
    assert linted.returncode == 1, linted.stderr
    expected = sorted(
        f"{finding['path'].removeprefix('docs/')}:{finding['line']}:{finding['column']}: "
        f"{finding['code']} [{finding['rule']}] {finding['message']}"
        for finding in json.loads(linted.stdout)
    )
    lines = result.stderr.splitlines()
    logged = sorted(line.split("sre-docs: ", 1)[1] for line in lines if "sre-docs: " in line)
    assert logged == expected


def test_health_page_lists_every_finding_and_pages_link_to_it(
    build: tuple[subprocess.CompletedProcess[str], Path],
) -> None:
    result, site = build
    health = _text(site, "reliability/health")
    warnings = [line for line in result.stderr.splitlines() if "sre-docs:" in line]
    assert f"Every finding of sre-docs lint in this build of {TODAY}: {len(warnings)} in" in health
    for path, line, rule in DEFECTS:
        assert re.search(rf"{re.escape(path)} {line} {rule} ", health), (path, line, rule)
    # Each rule's count, and a notice on a page with findings that links to the health page.
    assert f"{rule} {CODES[rule]} " in health
    path = DEFECTS[0][0]
    page = (site / path.removesuffix(".md") / "index.html").read_text(encoding="utf-8")
    assert "lint finding" in page and "reliability/health/" in page
