"""Readiness checks the handbook can make itself: an SLO for the service, runbooks for its
alerts, a named on-call rotation, runbooks at all.

Shared by the `readiness-contradicted` rule and the readiness pages; each check returns what
in the handbook contradicts a `pass`, or None when the handbook agrees."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sre_docs.handbook import DocRecord, Handbook, resolve_link
from sre_docs.placeholders import is_missing

CHECKS = ("slo", "alert-runbooks", "oncall-rotation", "runbooks")
RECORD_READS = (
    "title",
    "meta.title",
    "meta.service",
    "meta.services",
    "meta.checklist",
    "meta.burn_rate_alerts",
    "meta.alerts",
    "meta.oncall_rotation",
)
"""What the checks read of each record (the rule's `reads`)."""


def _names_service(record: DocRecord, service: str) -> bool:
    named = record.meta.get("service")
    if isinstance(named, str) and named.strip() == service:
        return True
    services = record.meta.get("services")
    return isinstance(services, list) and service in services


def _slo(handbook: Handbook, service: str) -> str | None:
    if any(_names_service(record, service) for record in handbook.of_type("slo")):
        return None
    return f"no SLO document names the service {service!r}"


def _alert_runbooks(handbook: Handbook, service: str) -> str | None:
    for record in handbook.of_type("slo"):
        if not _names_service(record, service):
            continue
        alerts = record.meta.get("burn_rate_alerts")
        for alert in alerts if isinstance(alerts, list) else []:
            if not isinstance(alert, dict) or alert.get("severity") != "page":
                continue
            name = alert.get("name") or "a paging alert"
            link = alert.get("runbook")
            target = resolve_link(record.rel, link.split("#")[0]) if isinstance(link, str) else None
            if target is None or handbook.doc_types.get(target) != "runbook":
                return f"paging alert {name!r} of {record.rel} leads to no runbook"
    answered = handbook.runbook_alerts
    for record in handbook.of_type("postmortem"):
        if not _names_service(record, service):
            continue
        alerts = record.meta.get("alerts")
        for alert in alerts if isinstance(alerts, list) else []:
            if isinstance(alert, str) and alert.strip() and alert.strip() not in answered:
                return f"alert {alert!r} of {record.rel} is answered by no runbook"
    return None


def _oncall_rotation(handbook: Handbook, service: str) -> str | None:
    for record in handbook.of_type("service"):
        title = record.meta.get("title") or record.title
        if str(title).strip() == service:
            rotation = record.meta.get("oncall_rotation")
            if isinstance(rotation, str) and not is_missing(rotation):
                return None
            return f"the service entry {record.rel} names no oncall_rotation"
    return f"no service entry for {service!r} names an on-call rotation"


def _runbooks(handbook: Handbook, service: str) -> str | None:
    if any(_names_service(record, service) for record in handbook.of_type("runbook")):
        return None
    return f"no runbook names the service {service!r}"


_CHECKS: dict[str, Callable[[Handbook, str], str | None]] = {
    "slo": _slo,
    "alert-runbooks": _alert_runbooks,
    "oncall-rotation": _oncall_rotation,
    "runbooks": _runbooks,
}


def contradiction(handbook: Handbook, service: str, check: str) -> str | None:
    """What in the handbook contradicts a `pass` of `check` for `service`; None if nothing."""
    verify = _CHECKS.get(check)
    return verify(handbook, service) if verify is not None else None


def checklist_items(meta: dict[str, Any]) -> list[tuple[str, int, dict[str, Any]]]:
    """(area, index, item) of every checklist item that is a mapping."""
    checklist = meta.get("checklist")
    items = []
    if isinstance(checklist, dict):
        for area, entries in checklist.items():
            for index, item in enumerate(entries if isinstance(entries, list) else []):
                if isinstance(item, dict):
                    items.append((str(area), index, item))
    return items
