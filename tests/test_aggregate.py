"""The aggregated handbook data behind every generated page, from documents held in memory.

Numbers are worked out by hand in the comments next to each assertion."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from sre_docs.aggregate import aggregate
from sre_docs.config import Config
from sre_docs.handbook import Handbook
from sre_docs.linter import record_from_text

TODAY = dt.date(2026, 11, 24)

DOCUMENTS = {
    "postmortems/2026-10-14-checkout.md": """---
type: postmortem
id: PM-1
title: Checkout 5xx
date: 2026-10-14
severity: SEV2
status: final
services: [checkout-api, payments-gateway]
authors: ["@amira"]
reviewers: ["@jonas"]
duration_minutes: 47
detection: {how_detected: alert, time_to_detect_minutes: 4}
resolution: {time_to_mitigate_minutes: 31, time_to_resolve_minutes: 47}
alerts: [CheckoutHigh5xx, NobodyAnswersThis]
action_items:
  - {id: AI-1, description: Done already, owner: "@a", due: 2026-11-01, ticket: PW-1, status: done}
  - {id: AI-2, description: Late by ten days, owner: "@b", due: 2026-11-14, ticket: PW-2}
  - {id: AI-3, description: Due next month, owner: "@c", due: 2026-12-15, ticket: PW-3,
     status: in-progress}
---
# Checkout 5xx
""",
    "postmortems/2026-08-02-postgres.md": """---
type: postmortem
title: Postgres failover
date: 2026-08-02
severity: SEV1
status: in-review
services: [postgres-main]
duration_minutes: 120
impact: {data_loss: true}
detection: {time_to_detect_minutes: 10}
resolution: {time_to_mitigate_minutes: 60, time_to_resolve_minutes: 120}
---
# Postgres failover

## Action Items

| Priority | Action | Owner | Due | Ticket |
|---|---|---|---|---|
| P0 | Late by forty days | @d | 2026-10-15 | PW-9 |
""",
    "slos/checkout.md": """---
type: slo
title: Checkout availability
service: checkout-api
owner: "@checkout-team"
sli: {name: checkout availability, type: availability}
target: 99.95
window: 30d
current: 99.985
burn_rate_alerts:
  - {name: CheckoutFastBurn, burn_rate: 14.4, long_window: 1h, short_window: 5m,
     severity: page, runbook: ../runbooks/checkout.md}
  - {name: CheckoutTicket, burn_rate: 1, long_window: 3d, short_window: 6h,
     severity: ticket, runbook: ../runbooks/missing.md}
---
""",
    "slos/tracking.md": """---
type: slo
title: Tracking latency
service: tracking-api
owner: "@platform-team"
sli: tracking latency
target: 99
window: 4w
current: 98.7
---
""",
    "slos/unmeasured.md": """---
type: slo
title: Unmeasured
service: label-service
owner: "@labels"
target: 99.9
window: 28d
---
""",
    "runbooks/checkout.md": """---
type: runbook
title: Checkout 5xx
alerts: [CheckoutHigh5xx, CheckoutFastBurn]
service: checkout-api
owner: "@checkout-team"
last_reviewed: 2026-09-01
escalation: {after_minutes: 15, contact: "@payments"}
---
""",
    "runbooks/old.md": """---
type: runbook
title: Old runbook
alerts: [DiskFull]
owner: "@ops"
last_updated: 2026-01-01
---
""",
    "toil/restarts.md": """---
type: toil
title: Restarting the solver
category: recovery
frequency: daily
time_per_occurrence_min: 15
occurrences_per_month: 60
automation_difficulty: medium
teams_affected: ["@logistics", "@platform"]
owner: "@tomasz"
---
""",
    "toil/keys.md": """---
type: toil
title: Resetting API keys
category: access
frequency: weekly
time_per_occurrence_min: 10
occurrences_per_month: 6
automation_difficulty: low
teams_affected: ["@platform"]
services: [checkout-api]
---
""",
    "handoffs/2026-11-16.md": """---
type: handoff
title: Week 46
date: 2026-11-16
from: "@a"
to: "@b"
rotation: primary
---
""",
    "handoffs/2026-11-23.md": """---
type: handoff
title: Week 47
date: 2026-11-23
from: "@b"
to: "@c"
rotation: primary
---
""",
    "services/tracking-api.md": """---
type: service
title: tracking-api
tier: critical
owner_team: "@platform-team"
oncall_rotation: platform-primary
dependencies:
  upstream: [postgres-main]
  downstream: [notification-service]
---
""",
    "index.md": "# Home\n\nA plain page.\n",
}


def build(documents: dict[str, str], tmp_path: Path, **options: Any) -> dict[str, Any]:
    config = Config(root=tmp_path, docs_dir=tmp_path, source="test", **options)
    records = [record_from_text(config, rel, text) for rel, text in documents.items()]
    handbook = Handbook(records=records, files=frozenset(documents))
    return aggregate(handbook, config, TODAY)


@pytest.fixture
def data(tmp_path: Path) -> dict[str, Any]:
    return build(DOCUMENTS, tmp_path)


def test_slos_budget_math_and_worst_first(data: dict[str, Any]) -> None:
    slos = {slo["title"]: slo for slo in data["slos"]}
    checkout = slos["Checkout availability"]
    # 30 d = 43,200 min; budget 0.05 % → 21.6 min; remaining 1 − 0.015 / 0.05 = 70 %.
    assert checkout["budget_minutes"] == 21.6
    assert checkout["error_budget_pct"] == 0.05
    assert checkout["budget_remaining_pct"] == 70.0
    assert checkout["state"] == "healthy"
    assert (checkout["sli"], checkout["sli_type"]) == ("checkout availability", "availability")
    tracking = slos["Tracking latency"]
    # 4 w = 40,320 min; budget 1 % → 403.2 min; remaining 1 − 1.3 / 1 = −30 %.
    assert (tracking["budget_minutes"], tracking["budget_remaining_pct"]) == (403.2, -30.0)
    assert tracking["state"] == "exhausted" and tracking["sli"] == "tracking latency"
    unmeasured = slos["Unmeasured"]
    # No `current`: the budget is known (40,320 × 0.1 % = 40.32 min) but not its state.
    assert unmeasured["budget_minutes"] == 40.32
    assert unmeasured["state"] is None and unmeasured["budget_remaining_pct"] is None
    assert [slo["title"] for slo in data["slos"]] == [
        "Tracking latency",
        "Checkout availability",
        "Unmeasured",
    ]


def test_burn_rate_alerts_link_only_existing_runbooks(data: dict[str, Any]) -> None:
    slo = next(slo for slo in data["slos"] if slo["title"] == "Checkout availability")
    fast, ticket = slo["burn_rate_alerts"]
    assert fast["runbook_rel"] == "runbooks/checkout.md"
    # 14.4 × 60 min / 43,200 min = 2 % of the budget when it fires.
    assert fast["budget_spent_pct"] == 2.0
    assert ticket["runbook"] == "../runbooks/missing.md" and ticket["runbook_rel"] is None
    # 1 × 3 d / 30 d = 10 %.
    assert ticket["budget_spent_pct"] == 10.0


def test_incidents_newest_first_with_statistics(data: dict[str, Any]) -> None:
    incidents = data["incidents"]
    assert [item["title"] for item in incidents["items"]] == ["Checkout 5xx", "Postgres failover"]
    checkout, postgres = incidents["items"]
    assert (checkout["open_items"], checkout["overdue_items"]) == (2, 1)
    assert (postgres["open_items"], postgres["overdue_items"]) == (1, 1)
    assert postgres["data_loss"] is True and checkout["data_loss"] is False
    assert incidents["count"] == 2
    assert incidents["by_severity"] == {"SEV1": 1, "SEV2": 1, "SEV3": 0, "SEV4": 0}
    # (4 + 10) / 2, (31 + 60) / 2, (47 + 120) / 2, 47 + 120.
    assert incidents["mean_time_to_detect_minutes"] == 7.0
    assert incidents["mean_time_to_mitigate_minutes"] == 45.5
    assert incidents["mean_time_to_resolve_minutes"] == 83.5
    assert incidents["total_duration_minutes"] == 167.0
    months = [row["month"] for row in incidents["per_month"]]
    assert months == ["2026-08", "2026-09", "2026-10"]  # empty months keep the axis even
    assert incidents["per_month"][1]["SEV1"] == 0


def test_open_action_items_overdue_first_with_their_postmortem(data: dict[str, Any]) -> None:
    items = data["action_items"]
    assert [item["description"] for item in items] == [
        "Late by forty days",
        "Late by ten days",
        "Due next month",
    ]
    first = items[0]
    assert first["status"] == "overdue" and first["days_overdue"] == 40
    assert (
        first["source"] == "table" and first["postmortem"] == "postmortems/2026-08-02-postgres.md"
    )
    assert first["postmortem_title"] == "Postgres failover"
    assert items[2]["status"] == "in-progress" and items[2]["days_overdue"] is None
    assert data["overview"]["open_action_items"] == 3
    assert data["overview"]["overdue_action_items"] == 2


def test_toil_hours_matrix_and_totals(data: dict[str, Any]) -> None:
    toil = data["toil"]
    restarts, keys = toil["items"]  # most hours first
    # 15 min × 60 / 60 = 15 h: high value, medium difficulty → do-first.
    assert (restarts["hours_per_month"], restarts["level"], restarts["priority"]) == (
        15.0,
        "high",
        "do-first",
    )
    # 10 min × 6 / 60 = 1 h: low value, low difficulty → quick-win.
    assert (keys["hours_per_month"], keys["priority"]) == (1.0, "quick-win")
    assert toil["total_hours_per_month"] == 16.0
    assert toil["by_category"] == {"recovery": 15.0, "access": 1.0}
    assert toil["by_team"]["@platform"] == 16.0 and toil["by_team"]["@logistics"] == 15.0
    assert toil["matrix"]["do-first"] == 1 and toil["matrix"]["quick-win"] == 1
    grid = {
        (row["level"], cell["difficulty"]): (cell["priority"], [i["title"] for i in cell["items"]])
        for row in toil["matrix_grid"]
        for cell in row["cells"]
    }
    assert len(grid) == 9
    assert grid[("high", "medium")] == ("do-first", ["Restarting the solver"])
    assert grid[("low", "low")] == ("quick-win", ["Resetting API keys"])
    assert grid[("high", "high")] == ("plan", [])


def test_runbooks_stale_flag_and_alert_map(data: dict[str, Any]) -> None:
    runbooks = {runbook["title"]: runbook for runbook in data["runbooks"]["items"]}
    fresh = runbooks["Checkout 5xx"]
    assert (fresh["age_days"], fresh["stale"]) == (84, False)
    assert fresh["escalation_contact"] == "@payments" and fresh["escalation_after_minutes"] == 15
    old = runbooks["Old runbook"]  # `last_updated` is the accepted alias
    assert (old["last_reviewed"], old["age_days"], old["stale"]) == ("2026-01-01", 327, True)
    alerts = {entry["alert"]: entry["runbooks"] for entry in data["runbooks"]["alerts"]}
    assert alerts["CheckoutHigh5xx"] == ["runbooks/checkout.md"]
    assert alerts["NobodyAnswersThis"] == []  # named by a postmortem, answered by no runbook
    assert alerts["CheckoutTicket"] == []
    assert data["overview"]["stale_runbooks"] == 1


def test_stale_threshold_is_configurable(tmp_path: Path) -> None:
    data = build(DOCUMENTS, tmp_path, stale_runbook_days=400)
    assert data["overview"]["stale_runbooks"] == 0


def test_handoffs_newest_first(data: dict[str, Any]) -> None:
    assert [handoff["title"] for handoff in data["handoffs"]] == ["Week 47", "Week 46"]
    assert data["handoffs"][0]["from"] == "@b" and data["handoffs"][0]["to"] == "@c"


def test_services_named_anywhere(data: dict[str, Any]) -> None:
    services = data["services"]
    assert list(services) == sorted(services)
    assert set(services) == {
        "checkout-api",  # SLO, runbook, postmortem, toil
        "payments-gateway",  # postmortem only
        "postgres-main",  # postmortem and a dependency
        "tracking-api",  # service document and SLO
        "notification-service",  # a dependency only
        "label-service",  # SLO only
    }
    tracking = services["tracking-api"]
    assert tracking["rel"] == "services/tracking-api.md" and tracking["tier"] == "critical"
    assert tracking["upstream"] == ["postgres-main"]
    assert tracking["downstream"] == ["notification-service"]
    assert [slo["title"] for slo in tracking["slos"]] == ["Tracking latency"]
    checkout = services["checkout-api"]
    assert [item["title"] for item in checkout["incidents"]] == ["Checkout 5xx"]
    assert [runbook["title"] for runbook in checkout["runbooks"]] == ["Checkout 5xx"]
    assert [item["title"] for item in checkout["toil"]] == ["Resetting API keys"]
    assert checkout["owners"] == ["@checkout-team"]
    assert services["notification-service"]["rel"] is None
    # Dependencies hold both ways, for services without a document of their own too.
    assert services["postgres-main"]["downstream"] == ["tracking-api"]
    assert services["notification-service"]["upstream"] == ["tracking-api"]


def test_overview_counts(data: dict[str, Any]) -> None:
    overview = data["overview"]
    assert overview["documents"] == 12  # the plain page is not a document
    assert (overview["postmortems"], overview["slos"], overview["runbooks"]) == (2, 3, 2)
    assert overview["slo_states"] == {"healthy": 1, "warning": 0, "critical": 0, "exhausted": 1}
    assert overview["services"] == 6 and overview["handoffs"] == 2
    assert overview["toil_hours_per_month"] == 16.0
    assert data["today"] == "2026-11-24"


def test_data_is_plain_json(data: dict[str, Any]) -> None:
    assert json.loads(json.dumps(data)) == data


def test_wrong_types_never_crash(tmp_path: Path) -> None:
    """Schema violations are the linter's to report; the aggregate shows what it can."""
    documents = {
        "slos/bad.md": "---\ntype: slo\ntarget: lots\nwindow: [30d]\nservice: {a: 1}\n"
        "current: true\nburn_rate_alerts: [1, {runbook: 7}]\nsli: [x]\n---\n",
        "postmortems/bad.md": "---\ntype: postmortem\ndate: yesterday\nseverity: 9\n"
        "services: 5\nduration_minutes: -3\nimpact: [1]\ndetection: x\n"
        "action_items: [1, {description: x, due: soon}]\n---\n",
        "toil/bad.md": "---\ntype: toil\ntime_per_occurrence_min: x\nteams_affected: 3\n---\n",
        "runbooks/bad.md": "---\ntype: runbook\nalerts: 5\nlast_reviewed: [1]\n"
        "escalation: 4\n---\n",
        "services/bad.md": "---\ntype: service\ndependencies: [1]\n---\n",
        "handoffs/bad.md": "---\ntype: handoff\ndate: {x: 1}\nfrom: [1]\n---\n",
    }
    data = build(documents, tmp_path)
    assert data["slos"][0]["state"] is None and data["slos"][0]["service"] is None
    assert data["incidents"]["count"] == 1 and data["incidents"]["items"][0]["services"] == []
    assert data["toil"]["items"][0]["hours_per_month"] is None
    assert json.loads(json.dumps(data)) == data


def test_a_service_named_by_title_and_by_id_has_one_entry(tmp_path: Path) -> None:
    """`sre-docs new service "Checkout API"` titles the entry; other documents say the id."""
    documents = {
        "services/checkout-api.md": "---\ntype: service\ntitle: Checkout API\n---\n",
        "slos/checkout.md": "---\ntype: slo\ntitle: Checkout\nservice: checkout-api\n"
        "target: 99.9\nwindow: 30d\nowner: '@a'\n---\n",
        "postmortems/2026-11-01-x.md": "---\ntype: postmortem\ntitle: X\ndate: 2026-11-01\n"
        "severity: SEV3\nstatus: draft\nservices: [Checkout API, checkout api]\n---\n",
    }
    data = build(documents, tmp_path)
    assert list(data["services"]) == ["checkout-api"]
    service = data["services"]["checkout-api"]
    assert service["name"] == "Checkout API" and service["rel"] == "services/checkout-api.md"
    assert [slo["title"] for slo in service["slos"]] == ["Checkout"]
    assert len(service["incidents"]) == 1
    assert data["overview"]["services"] == 1
    assert data["service_aliases"] == {
        "Checkout API": "checkout-api",
        "checkout-api": "checkout-api",
        "checkout api": "checkout-api",
    }


def test_service_pages_list_only_the_toil_that_names_them(data: dict[str, Any]) -> None:
    # "Restarting the solver" is toil of @platform, the team of no service here; only
    # "Resetting API keys" names checkout-api.
    toil = [item["title"] for item in data["services"]["checkout-api"]["toil"]]
    assert toil == ["Resetting API keys"]


def test_postmortem_summary_holds_the_whole_retrospective(data: dict[str, Any]) -> None:
    checkout = next(i for i in data["incidents"]["items"] if i["title"] == "Checkout 5xx")
    assert [item["id"] for item in checkout["action_items"]] == ["AI-1", "AI-2", "AI-3"]
    assert [item["status"] for item in checkout["action_items"]] == [
        "done",
        "overdue",
        "in-progress",
    ]
    assert checkout["how_detected"] == "alert"
    assert (
        checkout["time_to_detect_minutes"],
        checkout["time_to_mitigate_minutes"],
        checkout["time_to_resolve_minutes"],
    ) == (4.0, 31.0, 47.0)
    postgres = next(i for i in data["incidents"]["items"] if i["title"] == "Postgres failover")
    assert postgres["impact"] == {"data_loss": True}


def test_placeholders_are_not_shown_as_action_item_data(tmp_path: Path) -> None:
    documents = {
        "postmortems/2026-11-01-x.md": "---\ntype: postmortem\ntitle: X\ndate: 2026-11-01\n"
        "severity: SEV3\nstatus: draft\nservices: [a]\naction_items:\n"
        "  - {description: Fix it, owner: '@name', due: Date, ticket: XXX-123}\n---\n",
    }
    (item,) = build(documents, tmp_path)["incidents"]["items"][0]["action_items"]
    assert (item["owner"], item["due"], item["ticket"]) == (None, None, None)


def test_counts_add_up_and_say_what_they_come_from(tmp_path: Path) -> None:
    documents = {
        "postmortems/2026-11-01-a.md": "---\ntype: postmortem\ntitle: A\ndate: 2026-11-01\n"
        "severity: SEV2\nstatus: final\nservices: [a]\n"
        "detection: {time_to_detect_minutes: 6}\n---\n",
        "postmortems/2026-11-02-b.md": "---\ntype: postmortem\ntitle: B\ndate: 2026-11-02\n"
        "severity: SEV9\nstatus: final\nservices: [a]\n---\n",
        "slos/a.md": "---\ntype: slo\ntitle: A\nservice: a\ntarget: 99.9\nwindow: 30d\n"
        "owner: '@a'\n---\n",
    }
    data = build(documents, tmp_path)
    incidents = data["incidents"]
    assert incidents["count"] == 2
    assert sum(incidents["by_severity"].values()) + incidents["other_severity"] == 2
    assert incidents["samples"] == {"detect": 1, "mitigate": 0, "resolve": 0, "duration": 0}
    overview = data["overview"]
    assert sum(overview["slo_states"].values()) + overview["slos_not_measured"] == 1


def test_alerts_of_rule_files_are_listed_with_the_runbooks_they_lead_to(tmp_path: Path) -> None:
    from sre_docs.alert_rules import parse_alert_rule_file

    rules = tmp_path / "alerts.yml"
    rules.write_text(
        "groups:\n- name: g\n  rules:\n"
        "  - alert: DiskFull\n    annotations:\n      runbook_url: runbooks/disk.md\n"
        "  - alert: Elsewhere\n    annotations:\n      runbook_url: https://wiki.example/x\n"
        "  - alert: Orphan\n    expr: up == 0\n",
        encoding="utf-8",
    )
    documents = {
        "runbooks/disk.md": "---\ntype: runbook\ntitle: Disk\nalerts: []\nowner: '@a'\n---\n",
    }
    config = Config(root=tmp_path, docs_dir=tmp_path, source="test")
    records = [record_from_text(config, rel, text) for rel, text in documents.items()]
    handbook = Handbook(records=records, files=frozenset(documents))
    handbook.alert_rule_files = [parse_alert_rule_file(rules, "alerts.yml")]
    alerts = {
        entry["alert"]: entry for entry in aggregate(handbook, config, TODAY)["runbooks"]["alerts"]
    }
    assert alerts["DiskFull"]["runbooks"] == ["runbooks/disk.md"]
    assert alerts["Elsewhere"]["runbooks"] == []
    assert alerts["Elsewhere"]["runbook_url"] == "https://wiki.example/x"
    assert alerts["Orphan"]["runbooks"] == [] and alerts["Orphan"]["runbook_url"] is None
    assert alerts["Orphan"]["sources"] == ["alerts.yml"]
