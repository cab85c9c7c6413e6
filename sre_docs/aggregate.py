"""Aggregated handbook data: the content of every generated index page, as plain data.

One source for the site, `export` and `build-pages`; all arithmetic comes from `sre_docs.calc`."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from typing import Any

from sre_docs import doctypes, readiness, reports, scorecard
from sre_docs.calc import action_items as item_math
from sre_docs.calc import capacity as capacity_math
from sre_docs.calc import incidents as incident_math
from sre_docs.calc import oncall as oncall_math
from sre_docs.calc import reviews
from sre_docs.calc import slo as slo_math
from sre_docs.calc import toil as toil_math
from sre_docs.calc.policy import policy_step
from sre_docs.config import Config
from sre_docs.handbook import DocRecord, Handbook, resolve_link
from sre_docs.model import owner_text, owners_of
from sre_docs.placeholders import PLACEHOLDER_TEXT, is_missing
from sre_docs.rules.runbook import rule_file_runbook
from sre_docs.service_names import ServiceDirectory, directory

STATE_ORDER = {"exhausted": 0, "critical": 1, "warning": 2, "healthy": 3, None: 4}


def _text(value: Any) -> str | None:
    if value is None or isinstance(value, dict | list):
        return None
    text = str(value).strip()
    return text or None


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value] if value.strip() else []
    if isinstance(value, list):
        return [str(item) for item in value if isinstance(item, str | int | float) and str(item)]
    return []


def _round(value: float | None, digits: int = 2) -> float | None:
    return None if value is None else round(value, digits)


def _slo(
    record: DocRecord, handbook: Handbook, config: Config, measured: Any = None
) -> dict[str, Any]:
    meta = record.meta
    live = None
    if measured is not None:  # a `prometheus.query.Measurement`: its attainment wins
        from sre_docs.prometheus.query import live_values

        live = live_values(measured, meta.get("target"), meta.get("window"))
        if measured.attainment is not None:
            meta = {**meta, "current": measured.attainment}
    summary = slo_math.summarize_slo(meta)
    sli = meta.get("sli")
    sli_name = _text(sli.get("name")) if isinstance(sli, dict) else _text(sli)
    sli_type = _text(sli.get("type")) if isinstance(sli, dict) else None
    alerts = []
    raw_alerts = meta.get("burn_rate_alerts")
    for alert in raw_alerts if isinstance(raw_alerts, list) else []:
        if not isinstance(alert, dict):
            continue
        runbook = _text(alert.get("runbook"))
        target = resolve_link(record.rel, runbook.split("#")[0]) if runbook else None
        runbook_rel = target if target in handbook.by_rel else None
        spent = slo_math.burn_rate_budget_spent(
            alert.get("burn_rate"), alert.get("long_window"), meta.get("window")
        )
        alerts.append(
            {
                "name": _text(alert.get("name")),
                "burn_rate": slo_math.number(alert.get("burn_rate")),
                "short_window": _text(alert.get("short_window")),
                "long_window": _text(alert.get("long_window")),
                "severity": _text(alert.get("severity")),
                "runbook": runbook,
                "runbook_rel": runbook_rel,
                "budget_spent_pct": _round(spent * 100 if spent is not None else None),
            }
        )
    return {
        "rel": record.rel,
        "id": _text(meta.get("id")),
        "title": record.title,
        "service": _text(meta.get("service")),
        "owner": owner_text(meta.get("owner")),
        "owners": owners_of(meta.get("owner")),
        "sli": sli_name,
        "sli_type": sli_type,
        "target": summary.target,
        "window": summary.window,
        "window_minutes": summary.window_minutes,
        "sla": summary.sla,
        "error_budget_pct": _round(summary.error_budget_pct, 4),
        "budget_minutes": _round(summary.budget_minutes),
        "current": summary.current,
        "budget_remaining_pct": _round(summary.remaining_pct, 1),
        "state": summary.state,
        "policy": _policy_action(summary.remaining_pct, config),
        "burn_rate_alerts": alerts,
        "live": live,
    }


def _alert_map(
    handbook: Handbook,
    config: Config,
    runbooks: list[dict[str, Any]],
    incidents: list[dict[str, Any]],
    slos: list[dict[str, Any]],
) -> list[dict[str, Any]]:
    """Every alert the handbook knows (runbooks, postmortems, SLO burn-rate alerts, the alert
    rule files of `alert_rules`), where it is defined, and the runbooks that answer it: those
    listing it in `alerts`, and the runbook its `runbook_url` annotation leads to."""
    entries: dict[str, dict[str, Any]] = {}

    def add(alert: str, source: str) -> dict[str, Any]:
        entry = entries.setdefault(
            alert,
            {
                "alert": alert,
                "runbooks": sorted(handbook.runbook_alerts.get(alert, [])),
                "runbook_url": None,
                "sources": [],
            },
        )
        if source not in entry["sources"]:
            entry["sources"].append(source)
        return entry

    for runbook in runbooks:
        for alert in runbook["alerts"]:
            add(alert, "runbook")
    for incident in incidents:
        for alert in incident["alerts"]:
            add(alert, "postmortem")
    for slo in slos:
        for alert in slo["burn_rate_alerts"]:
            if alert["name"]:
                add(alert["name"], "SLO")
    for rule_file in handbook.alert_rule_files:
        for definition in rule_file.alerts:
            entry = add(definition.name, rule_file.rel)
            if definition.runbook is None:
                continue
            target, kind = rule_file_runbook(handbook, config, rule_file.rel, definition.runbook)
            if target is not None and handbook.doc_types.get(target) == "runbook":
                if target not in entry["runbooks"]:
                    entry["runbooks"] = sorted([*entry["runbooks"], target])
            elif kind == "external":
                entry["runbook_url"] = definition.runbook
    return sorted(entries.values(), key=lambda entry: entry["alert"])


def _policy_action(remaining_pct: float | None, config: Config) -> str | None:
    step = policy_step(remaining_pct, config.budget_policy)
    return step.action if step is not None else None


def _action_items(record: DocRecord, today: dt.date) -> list[dict[str, Any]]:
    items = []
    for item in record.action_items:
        data = item.to_dict()
        # Template placeholders (`@name`, `Date`, `XXX-123`) are no data: shown as missing.
        for key in ("owner", "due", "ticket"):
            if is_missing(data[key]):
                data[key] = None
        data["status"] = item_math.item_status(data, today)
        data["days_overdue"] = item_math.days_overdue(data, today)
        data["postmortem"] = record.rel  # the document that holds it, of any type
        data["postmortem_title"] = record.title
        data["document_type"] = record.doc_type
        data["opened"] = _text(record.meta.get("date"))
        items.append(data)
    return items


def _value(meta: dict[str, Any], path: str) -> Any:
    """The front-matter value at a dotted path, as a summary keeps it: numbers stay numbers,
    lists become lists of text, mappings are left out, anything else (a boolean, a date) is
    text: a summary field is shown, sorted and joined, so it is never a `True` where a date or a
    list is expected."""
    value: Any = meta
    for part in path.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value
    if isinstance(value, list):
        return _strings(value)
    return _text(value)


def _summary(record: DocRecord, entry: doctypes.DocType, today: dt.date) -> dict[str, Any]:
    """A document summarised from its registry entry: its `fields`, its service(s), and its
    action items when the type has some."""
    place = entry.aggregate
    assert place is not None
    meta = record.meta
    summary: dict[str, Any] = {
        "rel": record.rel,
        "id": _text(meta.get("id")),
        "title": record.title,
        "owner": owner_text(meta.get("owner")),
        "owners": owners_of(meta.get("owner")),
    }
    for key in place.service_keys:
        summary[key] = _strings(meta.get(key)) if key == "services" else _text(meta.get(key))
    for name, path in place.fields:
        summary[name] = _value(meta, path)
    if entry.action_items is not None:
        items = _action_items(record, today)
        summary["action_items"] = items
        summary["open_items"] = sum(1 for item in items if item["status"] != "done")
        summary["overdue_items"] = sum(1 for item in items if item["status"] == "overdue")
    return summary


def _capacity(
    summary: dict[str, Any], record: DocRecord, handbook: Handbook, today: dt.date
) -> None:
    plan = capacity_math.summarize_capacity(record.meta)
    cadence = slo_math.number(record.meta.get("review_cadence_days"))
    limit = int(cadence) if cadence and cadence > 0 else capacity_math.DEFAULT_REVIEW_CADENCE_DAYS
    last = reviews.review(record.meta, today, limit, keys=("last_reviewed",))
    summary.update(
        peak_utilisation_pct=_round(plan.peak_utilisation_pct, 1),
        headroom_pct=_round(plan.headroom_pct, 1),
        monthly_growth_pct=plan.monthly_growth_pct,
        trigger_utilisation_pct=plan.trigger_utilisation_pct,
        months_to_trigger=_round(plan.months_to_trigger, 1),
        projections=[
            {"months": months, "written_pct": written, "computed_pct": _round(computed, 1)}
            for months, written, computed in plan.projections
        ],
        last_reviewed=last.reviewed.isoformat() if last.reviewed else None,
        review_cadence_days=limit,
        review_age_days=last.age_days,
        review_overdue=last.stale,
    )


def _readiness(
    summary: dict[str, Any], record: DocRecord, handbook: Handbook, today: dt.date
) -> None:
    service = summary.get("service")
    summary["reviewers"] = _strings(record.meta.get("reviewers"))
    items = []
    for area, _, item in readiness.checklist_items(record.meta):
        check = item.get("verify")
        contradiction = None
        if item.get("status") == "pass" and service and check in readiness.CHECKS:
            contradiction = readiness.contradiction(handbook, service, str(check))
        items.append(
            {
                "area": area,
                "item": _text(item.get("item")),
                "status": _text(item.get("status")),
                "note": _text(item.get("note")),
                "verify": _text(check),
                "action_item": _text(item.get("action_item")),
                "contradiction": contradiction,
            }
        )
    summary["checklist"] = items
    summary["passed"] = sum(1 for item in items if item["status"] == "pass")
    summary["failed"] = sum(1 for item in items if item["status"] == "fail")
    summary["contradicted"] = sum(1 for item in items if item["contradiction"])


_DERIVED = {"capacity-plan": _capacity, "readiness-review": _readiness}
"""Values a type's summary computes beyond what its documents write."""


def _incident(record: DocRecord, handbook: Handbook, today: dt.date) -> dict[str, Any]:
    meta = record.meta
    items = _action_items(record, today)
    alerts = _strings(meta.get("alerts"))
    impact = _mapping(meta.get("impact"))
    detection = _mapping(meta.get("detection"))
    resolution = _mapping(meta.get("resolution"))
    return {
        "rel": record.rel,
        "id": _text(meta.get("id")),
        "title": record.title,
        "date": _text(meta.get("date")),
        "severity": _text(meta.get("severity")),
        "status": _text(meta.get("status")),
        "duration_minutes": slo_math.number(meta.get("duration_minutes")),
        "services": _strings(meta.get("services")),
        "owner": owner_text(meta.get("owner")),
        "owners": owners_of(meta.get("owner")),
        "authors": _strings(meta.get("authors")),
        "reviewers": _strings(meta.get("reviewers")),
        "alerts": alerts,
        "alert_runbooks": [
            {"alert": alert, "runbooks": sorted(handbook.runbook_alerts.get(alert, []))}
            for alert in alerts
        ],
        "open_items": sum(1 for item in items if item["status"] != "done"),
        "overdue_items": sum(1 for item in items if item["status"] == "overdue"),
        "action_items": items,
        "data_loss": impact.get("data_loss") is True,
        "impact": {key: impact.get(key) for key in _IMPACT_KEYS if _is_value(impact.get(key))},
        "how_detected": _text(detection.get("how_detected")),
        "time_to_detect_minutes": slo_math.number(detection.get("time_to_detect_minutes")),
        "time_to_mitigate_minutes": slo_math.number(resolution.get("time_to_mitigate_minutes")),
        "time_to_resolve_minutes": slo_math.number(resolution.get("time_to_resolve_minutes")),
    }


_IMPACT_KEYS = (
    "users_affected",
    "revenue_impact_usd",
    "slo_budget_consumed_pct",
    "customer_tickets",
    "data_loss",
)


def _is_value(value: Any) -> bool:
    return isinstance(value, bool | int | float) or (isinstance(value, str) and bool(value))


def _mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _toil(record: DocRecord) -> dict[str, Any]:
    summary = toil_math.summarize_toil(record.meta)
    return {
        "rel": record.rel,
        "title": record.title,
        "category": summary.category,
        "frequency": summary.frequency,
        "hours_per_month": _round(summary.hours),
        "level": summary.level,
        "difficulty": summary.difficulty,
        "priority": summary.cell,
        "teams": list(summary.teams),
        "owner": owner_text(record.meta.get("owner")),
        "owners": owners_of(record.meta.get("owner")),
        "services": _strings(record.meta.get("services")) or _strings(record.meta.get("service")),
        "status": _text(record.meta.get("status")) or "open",
        "automated_on": _text(record.meta.get("automated_on")),
    }


TOIL_LEVELS = ("high", "medium", "low")
TOIL_DIFFICULTIES = ("low", "medium", "high")


def _toil_grid(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The priority matrix as rows (value level) of cells (difficulty) with their records."""
    return [
        {
            "level": level,
            "cells": [
                {
                    "difficulty": difficulty,
                    "priority": toil_math.matrix_cell(level, difficulty),
                    "items": [
                        {"title": item["title"], "rel": item["rel"]}
                        for item in items
                        if item["level"] == level
                        and item["status"] != "automated"
                        and (item["difficulty"] or "").strip().lower() == difficulty
                    ],
                }
                for difficulty in TOIL_DIFFICULTIES
            ],
        }
        for level in TOIL_LEVELS
    ]


def _runbook_kind(meta: dict[str, Any]) -> str:
    """`alert`, or the name of the runbook's form (`procedure`, `troubleshooting`)."""
    form = doctypes.RUNBOOK.form_of(meta)
    return form.name if form is not None else "alert"


def _runbook(record: DocRecord, config: Config, today: dt.date) -> dict[str, Any]:
    meta = record.meta
    last = reviews.review(meta, today, config.stale_runbook_days)
    escalation = meta.get("escalation") if isinstance(meta.get("escalation"), dict) else {}
    return {
        "rel": record.rel,
        "title": record.title,
        "service": _text(meta.get("service")),
        "owner": owner_text(meta.get("owner")),
        "owners": owners_of(meta.get("owner")),
        "kind": _runbook_kind(meta),
        "alerts": _strings(meta.get("alerts")),
        "last_reviewed": last.reviewed.isoformat() if last.reviewed else None,
        "age_days": last.age_days,
        "stale": last.stale,
        "escalation_contact": _text(escalation.get("contact")),
        "escalation_after_minutes": slo_math.number(escalation.get("after_minutes")),
    }


def _handoff(record: DocRecord) -> dict[str, Any]:
    meta = record.meta
    return {
        "rel": record.rel,
        "title": record.title,
        "date": _text(meta.get("date")),
        "from": _text(meta.get("from")),
        "to": _text(meta.get("to")),
        "rotation": _text(meta.get("rotation")),
        **{key: slo_math.number(meta.get(key)) for key in oncall_math.SHIFT_KEYS},
        "sections": _shown_sections(record),
    }


def _shown_sections(record: DocRecord) -> list[dict[str, Any]]:
    """What the sections the type shows hold (a handoff's Open Issues and Known Risks): each
    with its heading's line (None: the document has no such section), its item count, its
    first items with their lines, and its words when it lists nothing ("None: …")."""
    return [
        {
            "name": section.name,
            "missing": section.missing,
            "line": None if section.missing else section.line,
            "count": section.count,
            "items": [{"line": line, "text": text} for line, text in section.items],
            "note": section.note or None,
        }
        for section in record.section_items
    ]


def _oncall(records: list[DocRecord]) -> dict[str, Any]:
    """On-call health per rotation, from the handoffs that report pages."""
    by_rotation: dict[str, list[dict[str, Any]]] = {}
    for record in records:
        rotation = _text(record.meta.get("rotation"))
        if rotation and not is_missing(rotation) and not PLACEHOLDER_TEXT.search(rotation):
            by_rotation.setdefault(rotation, []).append(record.meta)
    rotations = []
    for rotation, handoffs in sorted(by_rotation.items()):
        health = oncall_math.rotation_health(rotation, handoffs)
        rotations.append(
            {
                "rotation": rotation,
                "handoffs": len(handoffs),
                "shifts": health.shifts,
                "pages": health.pages,
                "off_hours_pages": health.off_hours_pages,
                "false_positive_pages": health.false_positive_pages,
                "metrics": {key: _round(value, 1) for key, value in health.metrics.items()},
                "states": health.states,
                "state": health.state,
            }
        )
    thresholds = [
        {
            "metric": t.metric,
            "label": t.label,
            "warning": t.warning,
            "critical": t.critical,
            "inclusive": t.inclusive,
            "unit": t.unit,
        }
        for t in oncall_math.THRESHOLDS
    ]
    return {"thresholds": thresholds, "rotations": rotations}


def _service_entry(name: str) -> dict[str, Any]:
    lists = {
        entry.aggregate.service_list: []
        for entry in doctypes.DOC_TYPES.values()
        if entry.aggregate is not None and entry.aggregate.service_list
    }
    return {
        "name": name,
        "rel": None,
        "tier": None,
        "owner_team": None,
        "oncall_rotation": None,
        "upstream": [],
        "downstream": [],
        **lists,
        "owners": [],
    }


def documents(data: dict[str, Any], doc_type: str) -> list[dict[str, Any]]:
    """The summaries of one type's documents in the aggregated data (its registry entry says
    where they are)."""
    entry = doctypes.DOC_TYPES[doc_type]
    if entry.aggregate is None:
        return []
    value: Any = data
    for part in entry.aggregate.key.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    if isinstance(value, dict):  # services: name → entry
        return list(value.values())
    return list(value) if isinstance(value, list) else []


def _service_names(summary: dict[str, Any], keys: tuple[str, ...]) -> list[str]:
    """The services a document summary names, through the first of `keys` that names any."""
    for key in keys:
        value = summary.get(key)
        names = value if isinstance(value, list) else [value] if value else []
        if names:
            return [str(name) for name in names]
    return []


def _by_type(records: Iterable[DocRecord], doc_type: str) -> list[DocRecord]:
    return [record for record in records if record.doc_type == doc_type]


def aggregate(handbook: Handbook, config: Config, today: dt.date) -> dict[str, Any]:
    """Every index page's data, from full records (`load_handbook(..., full=True)`)."""
    records = sorted(handbook.records, key=lambda record: record.rel)
    measured, live_warnings = {}, []
    if config.prometheus is not None:
        from sre_docs.prometheus.query import measure_slos

        measured, live_warnings = measure_slos(_by_type(records, "slo"), config, today)
    slos = sorted(
        (
            _slo(record, handbook, config, measured.get(record.rel))
            for record in _by_type(records, "slo")
        ),
        key=lambda slo: (STATE_ORDER.get(slo["state"], 4), slo["service"] or "", slo["title"]),
    )
    postmortems = _by_type(records, "postmortem")
    incidents = sorted(
        (_incident(record, handbook, today) for record in postmortems),
        key=lambda incident: (incident["date"] or "", incident["rel"]),
        reverse=True,
    )
    stats = incident_math.summarize_incidents(record.meta for record in postmortems)
    all_items = [
        item
        for entry in doctypes.with_action_items()
        for record in _by_type(records, entry.name)
        for item in _action_items(record, today)
    ]
    open_items = [dict(item) for item in item_math.sort_open_items(all_items, today)]
    toil_records = _by_type(records, "toil")
    toil_items = sorted(
        (_toil(record) for record in toil_records),
        key=lambda item: (-(item["hours_per_month"] or 0), item["title"]),
    )
    toil_totals = toil_math.aggregate_toil(
        toil_math.summarize_toil(record.meta) for record in toil_records
    )
    runbooks = sorted(
        (_runbook(record, config, today) for record in _by_type(records, "runbook")),
        key=lambda runbook: runbook["title"].lower(),
    )
    alert_map = _alert_map(handbook, config, runbooks, incidents, slos)
    handoffs = sorted(
        (_handoff(record) for record in _by_type(records, "handoff")),
        key=lambda handoff: (handoff["date"] or "", handoff["rel"]),
        reverse=True,
    )
    data: dict[str, Any] = {
        "today": today.isoformat(),
        "overview": {
            "documents": sum(1 for record in records if record.doc_type),
            "postmortems": len(incidents),
            "slos": len(slos),
            "slo_states": {
                state: sum(1 for s in slos if s["state"] == state) for state in slo_math.STATES
            },
            # No `current` (or no valid target): counted apart, so the states add up to `slos`.
            "slos_not_measured": sum(1 for s in slos if s["state"] is None),
            "open_action_items": len(open_items),
            "overdue_action_items": sum(1 for item in open_items if item["status"] == "overdue"),
            "runbooks": len(runbooks),
            "stale_runbooks": sum(1 for runbook in runbooks if runbook["stale"]),
            "toil_hours_per_month": _round(toil_totals["total_hours"]),
            "services": 0,  # counted below, once the services are gathered
            "handoffs": len(handoffs),
        },
        "slos": slos,
        "budget_policy": [
            {"above_pct": step.above, "label": step.label, "action": step.action}
            for step in config.budget_policy
        ],
        "prometheus": None
        if config.prometheus is None
        else {"url": config.prometheus.url, "warnings": live_warnings},
        "incidents": {
            "items": incidents,
            "count": stats.count,
            "by_severity": stats.by_severity,
            "other_severity": stats.other_severity,
            "samples": stats.samples,
            "mean_time_to_detect_minutes": _round(stats.mean_time_to_detect, 1),
            "mean_time_to_mitigate_minutes": _round(stats.mean_time_to_mitigate, 1),
            "mean_time_to_resolve_minutes": _round(stats.mean_time_to_resolve, 1),
            "total_duration_minutes": _round(stats.total_duration_minutes, 1),
            "per_month": [{"month": month, **counts} for month, counts in stats.per_month],
        },
        "action_items": open_items,
        "toil": {
            "items": toil_items,
            "total_hours_per_month": _round(toil_totals["total_hours"]),
            "by_category": {
                key: _round(value) for key, value in toil_totals["by_category"].items()
            },
            "by_team": {key: _round(value) for key, value in toil_totals["by_team"].items()},
            "matrix": toil_totals["matrix"],
            "matrix_grid": _toil_grid(toil_items),
        },
        "runbooks": {"items": runbooks, "alerts": alert_map},
        "handoffs": handoffs,
    }
    for entry in doctypes.DOC_TYPES.values():
        if entry.aggregate is None or not entry.aggregate.fields:
            continue
        summaries = []
        for record in _by_type(records, entry.name):
            summary = _summary(record, entry, today)
            derive = _DERIVED.get(entry.name)
            if derive is not None:
                derive(summary, record, handbook, today)
            summaries.append(summary)
        summaries.sort(
            key=lambda summary: (str(summary.get("date") or ""), summary["rel"]), reverse=True
        )
        data[entry.aggregate.key] = summaries
        data["overview"][entry.aggregate.key] = len(summaries)
    data["oncall"] = _oncall(_by_type(records, "handoff"))
    data["services"] = _services(records, data)
    data["overview"]["services"] = len(data["services"])
    data["scorecard"] = {
        "dimensions": [
            {"key": d.key, "name": d.name, "weight": d.weight, "limits": d.limits}
            for d in scorecard.DIMENSIONS
        ],
        "services": scorecard.scorecards(data, today),
    }
    data["reports"] = reports.monthly_reports(records, data, today)
    return _finite(data)


def _finite(value: Any) -> Any:
    """The data with every NaN or infinite float as None: `.nan` and `.inf` are YAML a document
    may hold, and `NaN` is no JSON (`sre-docs export` writes what the pages show)."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {key: _finite(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_finite(item) for item in value]
    return value


def _services(records: list[DocRecord], data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """One entry per service named anywhere: service documents, and every type whose registry
    entry names a service list (SLOs, postmortems, runbooks, toil, …)."""
    services: dict[str, dict[str, Any]] = {}
    entries = _by_type(records, "service")
    known = service_directory(entries)
    aliases: dict[str, str] = data.setdefault("service_aliases", {})

    def entry(name: str | None) -> dict[str, Any] | None:
        if not name or is_missing(name) or PLACEHOLDER_TEXT.search(name):
            return None  # a draft's `services: [TODO]` is not a service
        key = known.key(name)
        aliases.setdefault(name, key)
        return services.setdefault(key, _service_entry(known.names.get(key, name)))

    for record in entries:
        service = entry(_text(record.meta.get("title")) or record.title)
        if service is None:
            continue
        dependencies = record.meta.get("dependencies")
        dependencies = dependencies if isinstance(dependencies, dict) else {}
        for owner in owners_of(record.meta.get("owner")):
            if owner not in service["owners"]:
                service["owners"].append(owner)
        service.update(
            rel=record.rel,
            tier=_text(record.meta.get("tier")),
            owner_team=_text(record.meta.get("owner_team")),
            oncall_rotation=_text(record.meta.get("oncall_rotation")),
            upstream=_strings(dependencies.get("upstream")),
            downstream=_strings(dependencies.get("downstream")),
        )
    # A dependency holds both ways: A upstream of B is B downstream of A, so a service
    # without its own document still shows who depends on it.
    for name, service in list(services.items()):
        for other, reverse in [
            *((other, "downstream") for other in service["upstream"]),
            *((other, "upstream") for other in service["downstream"]),
        ]:
            related = entry(other)
            if related is not None and name not in related[reverse]:
                related[reverse].append(name)
    for doc_type in doctypes.DOC_TYPES.values():
        place = doc_type.aggregate
        if place is None or place.service_list is None:
            continue
        for summary in documents(data, doc_type.name):
            for name in _service_names(summary, place.service_keys):
                service = entry(name)
                if service is None or any(s is summary for s in service[place.service_list]):
                    continue  # a document naming one service twice (by id and title) counts once
                service[place.service_list].append(summary)
                if not place.owners_are_service_owners:
                    continue
                for owner in summary.get("owners") or ():
                    if owner not in service["owners"]:
                        service["owners"].append(owner)
    return dict(sorted(services.items()))


def service_directory(entries: Iterable[DocRecord]) -> ServiceDirectory:
    """The services of the handbook's service entries: id (the slug of the title; the `id` key
    is the document's id, as for every type) and display name (the title)."""
    return directory((None, _text(record.meta.get("title")) or record.title) for record in entries)
