"""The monthly reliability report: one per month that has data, from the documents alone.

A pure function of the handbook's full records and the aggregated data; every number comes
from `sre_docs.calc`, and "today" bounds the current month."""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sre_docs import doctypes
from sre_docs.calc import action_items as item_math
from sre_docs.calc import incidents as incident_math
from sre_docs.calc import oncall as oncall_math
from sre_docs.calc import toil as toil_math
from sre_docs.calc.slo import number
from sre_docs.handbook import DocRecord

SERIOUS = incident_math.SEVERITIES[:2]
"""SEV1 and SEV2: the incidents a month's report calls out."""


def month_of(value: Any) -> str | None:
    day = item_math.parse_due(value)
    return incident_math.month_key(day) if day else None


def month_bounds(month: str) -> tuple[dt.date, dt.date]:
    year, number_of_month = int(month[:4]), int(month[5:7])
    last = calendar.monthrange(year, number_of_month)[1]
    return dt.date(year, number_of_month, 1), dt.date(year, number_of_month, last)


def previous_month(month: str) -> str:
    start, _ = month_bounds(month)
    if start.month == 1:
        return f"{start.year - 1:04d}-12"  # 0000-12 before year 1: a month no date is in
    return f"{start.year:04d}-{start.month - 1:02d}"


def _round(value: float | None, digits: int = 1) -> float | None:
    return None if value is None else round(value, digits)


def _of_type(records: Iterable[DocRecord], *types: str) -> list[DocRecord]:
    return [record for record in records if record.doc_type in types]


def _strings(value: Any) -> list[str]:
    if isinstance(value, list):
        return [str(item) for item in value if isinstance(item, str | int) and str(item).strip()]
    return [value] if isinstance(value, str) and value.strip() else []


def report_months(records: list[DocRecord], today: dt.date) -> list[str]:
    """Months up to today's in which a document is dated, an item completed or toil automated,
    newest first."""
    months: set[str] = set()
    for record in records:
        entry = doctypes.get(record.doc_type)
        if entry is not None and entry.date_key:
            month = month_of(record.meta.get(entry.date_key))
            if month:
                months.add(month)
        for item in record.action_items:
            month = month_of(item.completed)
            if month:
                months.add(month)
        if record.doc_type == "toil":
            month = month_of(record.meta.get("automated_on"))
            if month:
                months.add(month)
    current = incident_math.month_key(today)
    return sorted((month for month in months if month <= current), reverse=True)


def _repeats(months: _Months, month: str) -> list[dict[str, Any]]:
    """Incidents of `month` that share a service and an alert with another incident of the
    same month or the month before."""
    window = {month, previous_month(month)}
    near = [
        (record, record_month) for record, record_month in months.dated if record_month in window
    ]
    repeats = []
    for record, record_month in near:
        if record_month != month:
            continue
        services, alerts = months.services_alerts[record.rel]
        for other, other_month in near:
            if other.rel == record.rel:
                continue
            other_services, other_alerts = months.services_alerts[other.rel]
            same_services = services & other_services
            same_alerts = alerts & other_alerts
            if same_services and same_alerts:
                if other_month == month and other.rel > record.rel:
                    continue  # a pair within the month is listed once
                repeats.append(
                    {
                        "rel": record.rel,
                        "title": record.title,
                        "earlier_rel": other.rel,
                        "earlier_title": other.title,
                        "services": sorted(same_services),
                        "alerts": sorted(same_alerts),
                    }
                )
    return repeats


def _items(records: list[DocRecord]) -> list[dict[str, Any]]:
    items = []
    for entry in doctypes.with_action_items():
        for record in _of_type(records, entry.name):
            opened = item_math.parse_due(record.meta.get(entry.date_key or "date"))
            for item in record.action_items:
                items.append(
                    {
                        "description": item.description,
                        "rel": record.rel,
                        "title": record.title,
                        "opened": opened,
                        "due": item_math.parse_due(item.due),
                        "done": item.status == "done",
                        "completed": item_math.parse_due(item.completed),
                    }
                )
    return items


@dataclass(slots=True)
class _Months:
    """What every month's report reads of the records, read once for all the months: each
    dated document's month, the postmortems' services and alerts, the toil hours and the
    action items (`_items`)."""

    dated: list[tuple[DocRecord, str | None]]
    """Every postmortem with the month of its `date`, in the records' order."""
    services_alerts: dict[str, tuple[set[str], set[str]]]
    by_month: dict[tuple[str, str], list[DocRecord]]
    """(document type, month of its `date`) → its documents, in the records' order."""
    toil: list[tuple[DocRecord, float, Any, dt.date | None]]
    """Toil records with hours: (record, hours per month, status, `automated_on`)."""
    items: list[dict[str, Any]]

    @classmethod
    def of(cls, records: list[DocRecord], items: list[dict[str, Any]] | None = None) -> _Months:
        by_month: dict[tuple[str, str], list[DocRecord]] = {}
        dated = []
        for record in _of_type(records, *_BY_DATE):
            month = month_of(record.meta.get("date"))
            if record.doc_type == "postmortem":
                dated.append((record, month))
            if month is not None:
                by_month.setdefault((record.doc_type or "", month), []).append(record)
        toil = []
        for record in _of_type(records, "toil"):
            hours = toil_math.summarize_toil(record.meta).hours
            if hours is not None:
                done_on = item_math.parse_due(record.meta.get("automated_on"))
                toil.append((record, hours, record.meta.get("status"), done_on))
        return cls(
            dated=dated,
            services_alerts={
                record.rel: (
                    set(_strings(record.meta.get("services"))),
                    set(_strings(record.meta.get("alerts"))),
                )
                for record, _ in dated
            },
            by_month=by_month,
            toil=toil,
            items=_items(records) if items is None else items,
        )

    def dated_in(self, doc_type: str, month: str) -> list[DocRecord]:
        """The documents of `doc_type` whose `date` is in `month`."""
        return self.by_month.get((doc_type, month), [])


_BY_DATE = ("postmortem", "handoff", "chaos-experiment", "readiness-review")
"""The types whose documents a month's report takes by the month of their `date`."""


def _open_at(item: dict[str, Any], day: dt.date) -> bool:
    """Whether an item was still open at the end of `day` (one done without a date counts as
    done all along)."""
    if item["opened"] is not None and item["opened"] > day:
        return False
    if not item["done"]:
        return True
    return item["completed"] is not None and item["completed"] > day


def _toil(months: _Months, start: dt.date, end: dt.date) -> dict[str, Any]:
    remaining = automated = 0.0
    automated_items = []
    undated = 0
    for record, hours, status, done_on in months.toil:
        if status == "automated" and done_on is None:
            undated += 1
            continue
        if status == "automated" and done_on is not None and done_on <= end:
            if done_on >= start:
                automated += hours
                automated_items.append(
                    {
                        "rel": record.rel,
                        "title": record.title,
                        "hours_per_month": round(hours, 2),
                    }
                )
            continue
        remaining += hours
    return {
        "hours_per_month": round(remaining, 2),
        "automated_hours_per_month": round(automated, 2),
        "automated": automated_items,
        "automated_undated": undated,
    }


def _oncall(months: _Months, month: str) -> dict[str, Any]:
    handoffs = months.dated_in("handoff", month)
    by_rotation: dict[str, list[dict[str, Any]]] = {}
    for record in handoffs:
        rotation = record.meta.get("rotation")
        if isinstance(rotation, str) and rotation.strip():
            by_rotation.setdefault(rotation.strip(), []).append(record.meta)
    rotations = []
    for rotation, metas in sorted(by_rotation.items()):
        health = oncall_math.rotation_health(rotation, metas)
        if health.shifts:
            rotations.append(
                {
                    "rotation": rotation,
                    "shifts": health.shifts,
                    "pages_per_shift": _round(health.metrics["pages_per_shift"]),
                    "state": health.state,
                    "states": health.states,
                }
            )
    total = oncall_math.rotation_health("all", [record.meta for record in handoffs])
    return {
        "handoffs": len(handoffs),
        "shifts": total.shifts,
        "pages": int(total.pages),
        "off_hours_pages": int(total.off_hours_pages),
        "false_positive_pages": int(total.false_positive_pages),
        "rotations": rotations,
    }


def _slos(data: dict[str, Any]) -> dict[str, Any]:
    measured = [slo for slo in data["slos"] if slo["current"] is not None and slo["target"]]
    meeting = [slo for slo in measured if slo["current"] >= slo["target"]]
    breaching = [slo for slo in measured if slo["current"] < slo["target"]]
    ranked = [slo for slo in measured if slo["budget_remaining_pct"] is not None]
    worst = min(ranked, key=lambda slo: slo["budget_remaining_pct"], default=None)
    return {
        "measured": len(measured),
        "unmeasured": len(data["slos"]) - len(measured),
        "meeting": [{"title": s["title"], "rel": s["rel"]} for s in meeting],
        "breaching": [
            {"title": s["title"], "rel": s["rel"], "current": s["current"], "target": s["target"]}
            for s in breaching
        ],
        "worst": None
        if worst is None
        else {
            "title": worst["title"],
            "rel": worst["rel"],
            "budget_remaining_pct": worst["budget_remaining_pct"],
            "state": worst["state"],
        },
        "states": dict(data["overview"]["slo_states"]),
    }


def monthly_report(
    records: list[DocRecord],
    data: dict[str, Any],
    month: str,
    today: dt.date,
    items: list[dict[str, Any]] | None = None,
    months: _Months | None = None,
) -> dict[str, Any]:
    """The report of one month (`YYYY-MM`); `items`: the handbook's action items as `_items`
    reads them, `months`: what every month reads of the records, when the caller reports
    several months."""
    start, last = month_bounds(month)
    end = min(last, today)
    months = _Months.of(records, items) if months is None else months
    in_month = months.dated_in("postmortem", month)
    before = months.dated_in("postmortem", previous_month(month))
    stats = incident_math.summarize_incidents(record.meta for record in in_month)
    earlier = incident_math.summarize_incidents(record.meta for record in before)
    budget: dict[str, float] = {}
    for record in in_month:
        impact = record.meta.get("impact")
        consumed = (
            number(impact.get("slo_budget_consumed_pct")) if isinstance(impact, dict) else None
        )
        if consumed is not None and consumed >= 0:
            for service in _strings(record.meta.get("services")):
                budget[service] = round(budget.get(service, 0.0) + consumed, 2)
    items = months.items
    opened = [i for i in items if i["opened"] is not None and start <= i["opened"] <= end]
    completed = [i for i in items if i["completed"] is not None and start <= i["completed"] <= end]
    overdue = [i for i in items if _open_at(i, end) and i["due"] is not None and i["due"] < end]
    chaos = [
        {
            "rel": r.rel,
            "title": r.title,
            "status": r.meta.get("status"),
            "outcome": (r.meta.get("results") or {}).get("outcome")
            if isinstance(r.meta.get("results"), dict)
            else None,
        }
        for r in months.dated_in("chaos-experiment", month)
    ]
    reviews = [
        {
            "rel": r.rel,
            "title": r.title,
            "service": r.meta.get("service"),
            "decision": r.meta.get("decision"),
        }
        for r in months.dated_in("readiness-review", month)
    ]
    report: dict[str, Any] = {
        "month": month,
        "start": start.isoformat(),
        "end": end.isoformat(),
        "complete": last <= today,
        "slos": _slos(data) if incident_math.month_key(today) == month else None,
        "incidents": {
            "count": stats.count,
            "by_severity": stats.by_severity,
            "mean_time_to_detect_minutes": _round(stats.mean_time_to_detect),
            "mean_time_to_mitigate_minutes": _round(stats.mean_time_to_mitigate),
            "mean_time_to_resolve_minutes": _round(stats.mean_time_to_resolve),
            "previous_mean_time_to_resolve_minutes": _round(earlier.mean_time_to_resolve),
            "items": [
                {
                    "rel": r.rel,
                    "title": r.title,
                    "date": r.meta.get("date"),
                    "severity": r.meta.get("severity"),
                    "services": _strings(r.meta.get("services")),
                }
                for r in sorted(in_month, key=lambda r: (str(r.meta.get("date")), r.rel))
            ],
            "repeats": _repeats(months, month),
            "budget_consumed_pct": dict(sorted(budget.items())),
        },
        "toil": _toil(months, start, end),
        "oncall": _oncall(months, month),
        "action_items": {
            "opened": len(opened),
            "completed": len(completed),
            "overdue": len(overdue),
            "overdue_items": [
                {
                    "description": i["description"],
                    "rel": i["rel"],
                    "title": i["title"],
                    "due": i["due"].isoformat(),
                }
                for i in sorted(overdue, key=lambda i: (i["due"], i["rel"]))
            ],
        },
        "chaos_experiments": chaos,
        "readiness_reviews": reviews,
    }
    report["highlights"], report["concerns"] = _observations(report)
    return report


def _observations(report: dict[str, Any]) -> tuple[list[str], list[str]]:
    """What the month's numbers support saying, good and bad; nothing the data does not show."""
    highlights: list[str] = []
    concerns: list[str] = []
    incidents = report["incidents"]
    serious = sum(incidents["by_severity"][severity] for severity in SERIOUS)
    if incidents["count"] == 0:
        highlights.append("No incident was recorded.")
    elif serious == 0:
        highlights.append(f"No SEV1 or SEV2 incident ({incidents['count']} minor).")
    else:
        concerns.append(f"{serious} SEV1/SEV2 incident{'s' if serious != 1 else ''}.")
    now, before = (
        incidents["mean_time_to_resolve_minutes"],
        incidents["previous_mean_time_to_resolve_minutes"],
    )
    if now is not None and before is not None and now != before:
        trend = "fell" if now < before else "rose"
        text = f"Mean time to resolve {trend} from {before:g} to {now:g} min."
        (highlights if now < before else concerns).append(text)
    for repeat in incidents["repeats"]:
        concerns.append(
            f"Repeat incident: {repeat['title']} shares {', '.join(repeat['alerts'])} on "
            f"{', '.join(repeat['services'])} with {repeat['earlier_title']}."
        )
    items = report["action_items"]
    if items["completed"]:
        highlights.append(
            f"{items['completed']} action item{'s' if items['completed'] != 1 else ''} completed."
        )
    if items["overdue"]:
        concerns.append(
            f"{items['overdue']} action item{'s' if items['overdue'] != 1 else ''} "
            "overdue at the end of the period."
        )
    toil = report["toil"]
    if toil["automated_hours_per_month"]:
        highlights.append(
            f"{toil['automated_hours_per_month']:g} hours of toil a month automated away."
        )
    for rotation in report["oncall"]["rotations"]:
        if rotation["state"] == "critical":
            concerns.append(f"On-call rotation {rotation['rotation']} is critical.")
        elif rotation["state"] == "healthy":
            highlights.append(f"On-call rotation {rotation['rotation']} is healthy.")
    for experiment in report["chaos_experiments"]:
        if experiment["outcome"] == "confirmed":
            highlights.append(f"Chaos experiment {experiment['title']} confirmed its hypothesis.")
        elif experiment["outcome"] == "disproved":
            concerns.append(f"Chaos experiment {experiment['title']} disproved its hypothesis.")
    slos = report["slos"]
    if slos is not None:
        if slos["breaching"]:
            names = ", ".join(slo["title"] for slo in slos["breaching"])
            concerns.append(f"SLOs below target: {names}.")
        elif slos["measured"]:
            highlights.append(f"All {slos['measured']} measured SLOs meet their target.")
    return highlights, concerns


def monthly_reports(
    records: list[DocRecord], data: dict[str, Any], today: dt.date
) -> list[dict[str, Any]]:
    """One report per month that has data, newest first."""
    months = _Months.of(records)  # read once, not once a month
    return [
        monthly_report(records, data, month, today, months=months)
        for month in report_months(records, today)
    ]
