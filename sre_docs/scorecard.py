"""The reliability scorecard of each service: eight weighted dimensions, 0–100 in all.

Scores come from what the handbook's documents say, not from the running systems: each
dimension lists the evidence it used, what would raise it, and what documents cannot show."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sre_docs.calc.action_items import parse_due

CHAOS_RECENT_DAYS = 365
HEADROOM_FLOOR_PCT = 20.0


@dataclass(frozen=True, slots=True)
class Dimension:
    key: str
    name: str
    weight: int
    limits: str
    """What the documents cannot show about this dimension."""


DIMENSIONS = (
    Dimension(
        "slo_coverage",
        "SLO coverage",
        20,
        "`current` is as written; the documents do not measure the service.",
    ),
    Dimension(
        "monitoring",
        "Monitoring",
        15,
        "counts the alerts the handbook names, not the rules Prometheus runs or whether they fire.",
    ),
    Dimension(
        "incident_response",
        "Incident response",
        15,
        "sees written postmortems and runbooks; incidents nobody wrote up are invisible.",
    ),
    Dimension(
        "automation",
        "Automation",
        10,
        "sees recorded toil only; unrecorded manual work cannot lower the score.",
    ),
    Dimension(
        "chaos",
        "Chaos engineering",
        10,
        "counts experiments written down, not how far they reached.",
    ),
    Dimension(
        "capacity",
        "Capacity",
        10,
        "trusts the plan's figures; it does not see the real utilisation.",
    ),
    Dimension(
        "oncall_health",
        "On-call health",
        10,
        "uses the pages handoffs report; shifts without numbers do not count.",
    ),
    Dimension(
        "documentation",
        "Documentation",
        10,
        "checks that documents exist and are reviewed, not that they are right.",
    ),
)


@dataclass
class _Score:
    points: float = 0.0
    evidence: list[str] = field(default_factory=list)
    raise_by: list[str] = field(default_factory=list)

    def add(self, points: float, evidence: str) -> None:
        self.points += points
        self.evidence.append(evidence)

    def miss(self, advice: str, evidence: str | None = None) -> None:
        self.raise_by.append(advice)
        if evidence:
            self.evidence.append(evidence)


def _new() -> _Score:
    return _Score()


def _slo_coverage(service: dict[str, Any], context: dict[str, Any]) -> _Score:
    score, slos = _new(), service["slos"]
    if not slos:
        score.miss("write an SLO for the service's main user journey", "no SLO document")
        return score
    score.add(0.5, f"{len(slos)} SLO{'s' if len(slos) != 1 else ''}")
    unmeasured = [slo["title"] for slo in slos if slo["current"] is None]
    if unmeasured:
        score.miss(f"record current in {', '.join(unmeasured)}", "some SLOs are not measured")
    else:
        score.add(0.25, "every SLO has a measured current")
    breaching = [slo["title"] for slo in slos if slo["state"] in ("critical", "exhausted")]
    if breaching:
        score.miss(f"bring {', '.join(breaching)} back within budget", "budget critical or gone")
    elif not unmeasured:
        score.add(0.25, "no error budget critical or exhausted")
    return score


def _monitoring(service: dict[str, Any], context: dict[str, Any]) -> _Score:
    score = _new()
    alerts = [alert for slo in service["slos"] for alert in slo["burn_rate_alerts"]]
    if not alerts:
        score.miss("add burn-rate alerts to the service's SLOs", "no burn-rate alert")
        return score
    score.add(0.5, f"{len(alerts)} burn-rate alert{'s' if len(alerts) != 1 else ''}")
    paging = [alert for alert in alerts if alert["severity"] == "page"]
    without = [alert["name"] or "?" for alert in paging if not alert["runbook_rel"]]
    if without:
        score.miss(f"link a runbook from {', '.join(without)}", "paging alerts without runbook")
    else:
        score.add(0.5, "every paging alert links to a runbook")
    return score


def _incident_response(service: dict[str, Any], context: dict[str, Any]) -> _Score:
    score = _new()
    # A procedure (a how-to) or a troubleshooting runbook answers no alert: neither stands in
    # for an alert runbook.
    runbooks = service["runbooks"]
    alert_runbooks = [runbook for runbook in runbooks if runbook["kind"] == "alert"]
    kinds = Counter(runbook["kind"] for runbook in runbooks if runbook["kind"] != "alert")
    others = ", ".join(
        f"{count} {kind}(s)" if kind == "procedure" else f"{count} {kind} runbook(s)"
        for kind, count in sorted(kinds.items())
    )
    also = f", {others}" if others else ""
    if alert_runbooks:
        score.add(1 / 3, f"{len(alert_runbooks)} alert runbook(s){also}")
    else:
        evidence = f"no alert runbook ({others} only)" if others else ""
        score.miss("write a runbook for the service's alerts", evidence or "no runbook")
    incidents = service["incidents"]
    unfinished = [i["title"] for i in incidents if i["status"] != "final"]
    if unfinished:
        score.miss(f"finish the review of {', '.join(unfinished)}", "postmortems not final")
    else:
        score.add(1 / 3, "every postmortem final" if incidents else "no postmortem open")
    overdue = sum(incident["overdue_items"] for incident in incidents)
    if overdue:
        score.miss(f"close or re-plan {overdue} overdue action item(s)", "overdue action items")
    else:
        score.add(1 / 3, "no overdue action item")
    return score


def _automation(service: dict[str, Any], context: dict[str, Any]) -> _Score:
    score = _new()
    toil = service["toil"]
    if not toil:
        score.add(0.5, "no toil recorded (the documents cannot tell if there is none)")
        score.miss("record the team's manual work as toil documents")
        return score
    total = sum(item["hours_per_month"] or 0 for item in toil)
    automated = sum(
        item["hours_per_month"] or 0 for item in toil if item.get("status") == "automated"
    )
    share = automated / total if total else 0.0
    score.add(share, f"{automated:g} of {total:g} toil hours a month automated")
    first = [
        item["title"]
        for item in toil
        if item["priority"] in ("do-first", "quick-win") and item.get("status") != "automated"
    ]
    if first:
        score.miss(f"automate {', '.join(first[:2])} (do-first or quick-win)")
    elif share < 1:
        score.miss("automate the remaining toil")
    return score


def _chaos(service: dict[str, Any], context: dict[str, Any]) -> _Score:
    score = _new()
    today: dt.date = context["today"]
    experiments = service["chaos_experiments"]
    recent = [
        e
        for e in experiments
        if e["status"] == "done"
        and e["outcome"]
        and (day := parse_due(e["date"])) is not None
        and (today - day).days <= CHAOS_RECENT_DAYS
    ]
    if recent:
        score.add(1.0, f"{len(recent)} experiment(s) done in the last year")
        return score
    planned = [e for e in experiments if e["status"] in ("planned", "running")]
    if planned:
        score.add(0.5, f"{len(planned)} experiment(s) planned")
        score.miss("run the planned experiment and record its outcome")
    else:
        score.miss("plan a chaos experiment (game day)", "no chaos experiment")
    return score


def _capacity(service: dict[str, Any], context: dict[str, Any]) -> _Score:
    score = _new()
    plans = service["capacity_plans"]
    if not plans:
        score.miss("write a capacity plan", "no capacity plan")
        return score
    plan = plans[0]
    score.add(0.5, f"capacity plan {plan['title']}")
    if plan["review_overdue"]:
        score.miss("review the capacity plan", f"last reviewed {plan['review_age_days']} days ago")
    else:
        score.add(0.3, "reviewed within its cadence")
    headroom = plan["headroom_pct"]
    if headroom is not None and headroom >= HEADROOM_FLOOR_PCT:
        score.add(0.2, f"{headroom:g} % headroom")
    else:
        score.miss(
            f"get headroom back above {HEADROOM_FLOOR_PCT:g} %", "little or unknown headroom"
        )
    return score


def _oncall_health(service: dict[str, Any], context: dict[str, Any]) -> _Score:
    score = _new()
    rotation = service["oncall_rotation"]
    if not rotation:
        score.miss("name the on-call rotation in the service entry", "no rotation named")
        return score
    score.add(0.3, f"rotation {rotation}")
    health = context["rotations"].get(rotation)
    state = health["state"] if health else None
    if state == "healthy":
        score.add(0.7, "handoffs report healthy paging")
    elif state == "warning":
        score.add(0.35, "handoffs report paging at warning level")
        score.miss("cut noisy or off-hours pages")
    elif state == "critical":
        score.miss("cut the pages per shift (critical)", "paging is critical")
    else:
        score.miss("record pages in the rotation's handoffs", "no handoff reports pages")
    return score


def _documentation(service: dict[str, Any], context: dict[str, Any]) -> _Score:
    score = _new()
    if service["rel"]:
        score.add(0.4, "service entry")
    else:
        score.miss("write the service entry (tier, team, rotation, dependencies)", "no entry")
    stale = [runbook["title"] for runbook in service["runbooks"] if runbook["stale"]]
    if service["runbooks"] and not stale:
        score.add(0.3, "runbooks reviewed")
    elif stale:
        score.miss(f"review {', '.join(stale)}", "stale runbooks")
    else:
        score.miss("write runbooks")
    reviews = service["readiness_reviews"]
    if reviews and reviews[0]["failed"] == 0 and reviews[0]["contradicted"] == 0:
        score.add(0.3, f"readiness review {reviews[0]['date']} without failed items")
    elif reviews:
        score.miss("fix the failed readiness items", "readiness review with failed items")
    else:
        score.miss("hold a production readiness review", "no readiness review")
    return score


_SCORERS: dict[str, Callable[[dict[str, Any], dict[str, Any]], _Score]] = {
    "slo_coverage": _slo_coverage,
    "monitoring": _monitoring,
    "incident_response": _incident_response,
    "automation": _automation,
    "chaos": _chaos,
    "capacity": _capacity,
    "oncall_health": _oncall_health,
    "documentation": _documentation,
}


def scorecard(service: dict[str, Any], context: dict[str, Any]) -> dict[str, Any]:
    """The scorecard of one service entry of the aggregated data."""
    dimensions = []
    for dimension in DIMENSIONS:
        result = _SCORERS[dimension.key](service, context)
        points = round(min(1.0, result.points) * dimension.weight, 1)
        dimensions.append(
            {
                "key": dimension.key,
                "name": dimension.name,
                "weight": dimension.weight,
                "score": points,
                "evidence": result.evidence,
                "raise": result.raise_by,
                "limits": dimension.limits,
            }
        )
    total = round(sum(item["score"] for item in dimensions))
    return {"total": total, "dimensions": dimensions}


def scorecards(data: dict[str, Any], today: dt.date) -> list[dict[str, Any]]:
    """Every service's scorecard (also set on its service entry), best first."""
    context = {
        "today": today,
        "rotations": {entry["rotation"]: entry for entry in data["oncall"]["rotations"]},
    }
    table = []
    for name, service in data["services"].items():
        card = scorecard(service, context)
        service["scorecard"] = card
        table.append(
            {
                "service": name,
                "total": card["total"],
                "scores": {item["key"]: item["score"] for item in card["dimensions"]},
            }
        )
    return sorted(table, key=lambda row: (-row["total"], row["service"]))
