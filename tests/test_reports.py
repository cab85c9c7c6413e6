"""The monthly reliability report of the demo handbook, against numbers worked out by hand.

November 2026 (the demo's "today" is 2026-11-24) from the documents under `content/`:

- incidents: only 2026-11-19 (SEV3, tracking-api and notification-service): detect 6 min,
  mitigate 22, resolve 62; October's one incident resolved in 47 min;
- budget consumed: 55 % on each of its two services (`impact.slo_budget_consumed_pct`);
- action items opened: one each in the 11-19 postmortem, the 11-05 chaos experiment and the
  11-12 readiness review = 3; completed: PM-2026-014-AI-1 on 11-08 = 1; overdue: none;
- toil: 4.5 + 15 + 2.67 + 15 + 4 + 1 = 42.17 h a month, less the certificate rotation
  (4.5 h, automated on 11-12) = 37.67 h left and 4.5 h automated away;
- on call: handoffs 11-09 (payments: 1 page), 11-16 (platform: 3, 1 off hours, 1 false) and
  11-23 (platform: 7, 2, 1) = 11 pages, 3 off hours, 2 false positives; platform-primary has
  5 pages a shift (warning: 2–5), 1.5 off hours (warning), 2 / 10 = 20 % false (warning) and
  (4 + 6) / 2 = 5 min to acknowledge (warning); payments-primary is healthy;
- SLOs (current month only): 5 of 6 meet their target; tracking latency 98.7 < 99, its budget
  1 − 1.3 / 1 = −30 %."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sre_docs.cli import main
from tests.conftest import REPO, TODAY


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> dict:
    out = tmp_path_factory.mktemp("export") / "data.json"
    import os

    cwd = os.getcwd()
    os.chdir(REPO)
    try:
        assert main(["export", "--today", TODAY, "--out", str(out)]) == 0
    finally:
        os.chdir(cwd)
    return json.loads(out.read_text(encoding="utf-8"))


def _report(data: dict, month: str) -> dict:
    return next(report for report in data["reports"] if report["month"] == month)


def test_months_with_data(exported: dict) -> None:
    assert [report["month"] for report in exported["reports"]] == [
        "2026-11",
        "2026-10",
        "2026-09",
        "2026-06",
    ]  # the chaos experiment planned for December is not reported before its month


def test_november_matches_the_numbers_worked_out_by_hand(exported: dict) -> None:
    report = _report(exported, "2026-11")
    assert (report["start"], report["end"], report["complete"]) == ("2026-11-01", TODAY, False)
    incidents = report["incidents"]
    assert incidents["count"] == 1
    assert incidents["by_severity"] == {"SEV1": 0, "SEV2": 0, "SEV3": 1, "SEV4": 0}
    assert incidents["mean_time_to_detect_minutes"] == 6
    assert incidents["mean_time_to_mitigate_minutes"] == 22
    assert incidents["mean_time_to_resolve_minutes"] == 62
    assert incidents["previous_mean_time_to_resolve_minutes"] == 47
    assert incidents["repeats"] == []
    assert incidents["budget_consumed_pct"] == {"notification-service": 55, "tracking-api": 55}
    items = report["action_items"]
    assert (items["opened"], items["completed"], items["overdue"]) == (3, 1, 0)
    assert report["toil"]["hours_per_month"] == pytest.approx(37.67)
    assert report["toil"]["automated_hours_per_month"] == pytest.approx(4.5)
    oncall = report["oncall"]
    assert (oncall["handoffs"], oncall["shifts"], oncall["pages"]) == (3, 3, 11)
    assert (oncall["off_hours_pages"], oncall["false_positive_pages"]) == (3, 2)
    rotations = {rotation["rotation"]: rotation for rotation in oncall["rotations"]}
    assert rotations["platform-primary"]["pages_per_shift"] == 5
    assert rotations["platform-primary"]["states"] == {
        "pages_per_shift": "warning",
        "off_hours_pages_per_shift": "warning",
        "false_positive_pct": "warning",
        "time_to_acknowledge_minutes": "warning",
    }
    assert rotations["payments-primary"]["state"] == "healthy"
    slos = report["slos"]
    assert (slos["measured"], len(slos["meeting"])) == (6, 5)
    assert [slo["title"] for slo in slos["breaching"]] == ["Tracking API latency"]
    assert slos["worst"]["budget_remaining_pct"] == pytest.approx(-30)
    assert [e["outcome"] for e in report["chaos_experiments"]] == ["confirmed"]
    assert [r["service"] for r in report["readiness_reviews"]] == ["tracking-api"]
    assert "Mean time to resolve rose from 47 to 62 min." in report["concerns"]
    assert "SLOs below target: Tracking API latency." in report["concerns"]
    assert "1 action item completed." in report["highlights"]
    assert "4.5 hours of toil a month automated away." in report["highlights"]
    assert "On-call rotation payments-primary is healthy." in report["highlights"]


def test_october_is_a_closed_month(exported: dict) -> None:
    report = _report(exported, "2026-10")
    assert report["complete"] and report["end"] == "2026-10-31"
    assert report["slos"] is None  # SLO documents hold today's attainment only
    assert report["incidents"]["by_severity"]["SEV2"] == 1
    assert report["incidents"]["previous_mean_time_to_resolve_minutes"] == 95
    assert "Mean time to resolve fell from 95 to 47 min." in report["highlights"]
    assert (report["action_items"]["opened"], report["action_items"]["completed"]) == (3, 0)
    assert report["toil"]["hours_per_month"] == pytest.approx(42.17)
    assert report["oncall"]["pages"] == 0


def test_every_service_has_a_scorecard_that_adds_up(exported: dict) -> None:
    weights = {d["key"]: d["weight"] for d in exported["scorecard"]["dimensions"]}
    assert sum(weights.values()) == 100
    for row in exported["scorecard"]["services"]:
        card = exported["services"][row["service"]]["scorecard"]
        assert card["total"] == row["total"] == round(sum(d["score"] for d in card["dimensions"]))
        for dimension in card["dimensions"]:
            assert 0 <= dimension["score"] <= weights[dimension["key"]]
            assert dimension["evidence"] and dimension["limits"]
            if dimension["score"] < dimension["weight"]:
                assert dimension["raise"], dimension
    checkout = exported["services"]["checkout-api"]["scorecard"]
    scores = {d["key"]: d["score"] for d in checkout["dimensions"]}
    assert scores["chaos"] == 10 and scores["capacity"] == 10  # the demo's experiment and plan


def test_the_new_documents_reach_their_pages(exported: dict) -> None:
    assert [e["title"] for e in exported["chaos_experiments"]] == [
        "Dispatch solver loses a node",
        "Payments gateway answers slowly",
    ]
    review = exported["readiness_reviews"][0]
    assert (review["passed"], review["failed"], review["contradicted"]) == (
        11,
        1,
        0,
    )  # 13 items, one n/a
    plan = exported["capacity_plans"][0]
    assert plan["months_to_trigger"] == pytest.approx(5.3)
    assert [p["computed_pct"] for p in plan["projections"]] == [73.1, 82.2]
    checkout = exported["services"]["checkout-api"]
    assert [e["rel"] for e in checkout["chaos_experiments"]] == [
        "chaos/2026-11-05-payments-gateway-latency.md"
    ]
    assert [p["rel"] for p in checkout["capacity_plans"]] == ["capacity/checkout-api.md"]
    assert exported["services"]["tracking-api"]["readiness_reviews"][0]["rel"] == (
        "readiness/2026-11-12-tracking-api.md"
    )
    # Action items of every type that has them reach the action-items page.
    sources = {item["document_type"] for item in exported["action_items"]}
    assert {"postmortem", "chaos-experiment", "readiness-review"} <= sources


def test_build_pages_writes_every_new_page(tmp_path: Path) -> None:
    import os

    cwd = os.getcwd()
    os.chdir(REPO)
    try:
        assert main(["build-pages", "--today", TODAY, "--out", str(tmp_path)]) == 0
    finally:
        os.chdir(cwd)
    folder = tmp_path / "reliability"
    for name in ("chaos", "readiness", "capacity", "oncall", "scorecard", "reports/index"):
        assert (folder / f"{name}.md").is_file(), name
    november = (folder / "reports" / "2026-11.md").read_text(encoding="utf-8")
    assert "11 pages over 3 reported shifts" in november
    assert "3 opened, 1 completed, 0 overdue" in november


def _records(documents: dict[str, str]) -> list:
    from sre_docs.config import Config
    from sre_docs.linter import record_from_text

    config = Config(root=Path("/h"), docs_dir=Path("/h"), source="test", cache=False)
    return [record_from_text(config, rel, text) for rel, text in documents.items()]


def _postmortem(date: str, services: str, alerts: str, items: str = "") -> str:
    return (
        f"---\ntype: postmortem\ntitle: PM {date}\ndate: {date}\nseverity: SEV2\n"
        f"status: final\nservices: [{services}]\nalerts: [{alerts}]\n{items}---\n# x\n"
    )


def test_repeat_incidents_and_items_overdue_at_the_end_of_a_past_month() -> None:
    import datetime as dt

    from sre_docs.reports import monthly_report

    item = (
        "action_items:\n  - {id: A, description: d, owner: '@a', due: 2026-09-20, ticket: T-1,"
        " status: done, completed: 2026-10-05}\n"
    )
    records = _records(
        {
            "p/1.md": _postmortem("2026-09-10", "api", "ApiDown", item),
            "p/2.md": _postmortem("2026-10-02", "api, db", "ApiDown"),  # repeats p/1
            "p/3.md": _postmortem("2026-10-20", "db", "ApiDown"),
            "p/4.md": _postmortem("2026-10-25", "api", "DbSlow"),
            "p/5.md": _postmortem("2026-10-28", "db", "DbSlow"),
        }
    )
    data = {"slos": [], "overview": {"slo_states": {}}}
    october = monthly_report(records, data, "2026-10", dt.date(2026, 11, 24))
    pairs = [(r["rel"], r["earlier_rel"]) for r in october["incidents"]["repeats"]]
    # p/2 repeats September's p/1 (api, ApiDown); p/3 repeats p/2 (db, ApiDown); p/4 and p/5
    # share a service or an alert with others, never both.
    assert pairs == [("p/2.md", "p/1.md"), ("p/3.md", "p/2.md")]
    september = monthly_report(records, data, "2026-09", dt.date(2026, 11, 24))
    # Due 09-20 and only completed on 10-05: overdue at the end of September, not October.
    assert september["action_items"]["overdue"] == 1
    assert october["action_items"]["overdue"] == 0 and october["action_items"]["completed"] == 1
