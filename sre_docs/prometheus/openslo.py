"""OpenSLO v1 out and in: `Service`, `SLI`, `SLO`, `AlertCondition` and `AlertPolicy` documents.

Out: one file per SLO plus one per service, names made RFC 1123 labels, the document's own
names kept as `displayName`; the runbook is an annotation (its published URL, and its path in
the handbook for the way back). In: any OpenSLO v1 file or stream, inline or referenced
objects, to SLO drafts."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from sre_docs.calc import slo as slo_math
from sre_docs.errors import UserError
from sre_docs.files import write_atomic
from sre_docs.prometheus.model import AlertSpec, SloSpec
from sre_docs.prometheus.rules import dump
from sre_docs.prometheus.sli import PLACEHOLDER

API_VERSION = "openslo/v1"
ANNOTATION_PREFIX = "sre-docs.dev/"


def dns_label(value: str) -> str:
    """An RFC 1123 label: lower-case letters, digits and `-`, at most 63 characters."""
    label = re.sub(r"[^a-z0-9-]+", "-", value.lower()).strip("-")
    return label[:63].strip("-") or "unnamed"


def _metric(query: str) -> dict[str, Any]:
    # Sloth, the OpenSLO reader for Prometheus, writes the window as `{{.window}}`.
    text = PLACEHOLDER.sub("{{.window}}", query.strip())
    return {"metricSource": {"type": "Prometheus", "spec": {"query": text}}}


def _annotations(values: dict[str, str | None]) -> dict[str, str]:
    return {key: value for key, value in values.items() if value}


def slo_documents(spec: SloSpec) -> list[dict[str, Any]]:
    """The SLI, the SLO and one AlertCondition and AlertPolicy per burn-rate alert."""
    name = dns_label(spec.slo_id)
    ratio: dict[str, Any] = {"counter": True}
    for key, side in (("good_events", "good"), ("bad_events", "bad"), ("total_events", "total")):
        if key in spec.raw_sli:
            ratio[side] = _metric(spec.raw_sli[key])
    sli = {
        "apiVersion": API_VERSION,
        "kind": "SLI",
        "metadata": {"name": f"{name}-sli", "displayName": spec.sli_name or spec.title},
        "spec": {"ratioMetric": ratio} if len(ratio) > 1 else {"description": spec.sli_name},
    }
    documents: list[dict[str, Any]] = [sli]
    policies: list[dict[str, str]] = []
    for alert in spec.alerts:
        documents.extend(_alert_documents(spec, alert))
        policies.append({"alertPolicyRef": dns_label(alert.name)})
    slo_spec: dict[str, Any] = {
        "description": spec.description or spec.title,
        "service": dns_label(spec.service),
        "indicatorRef": f"{name}-sli",
        "timeWindow": [{"duration": spec.window, "isRolling": True}],
        "budgetingMethod": "Occurrences",
        "objectives": [{"displayName": spec.title, "targetPercent": spec.target}],
    }
    if policies:
        slo_spec["alertPolicies"] = policies
    slo = {
        "apiVersion": API_VERSION,
        "kind": "SLO",
        "metadata": {
            "name": name,
            "displayName": spec.title,
            "annotations": _annotations(
                {
                    ANNOTATION_PREFIX + "id": spec.slo_id,
                    ANNOTATION_PREFIX + "owner": spec.owner,
                    ANNOTATION_PREFIX + "service": spec.service,
                    ANNOTATION_PREFIX + "sli-type": spec.sli_type,
                    ANNOTATION_PREFIX + "page": spec.page_url,
                    ANNOTATION_PREFIX + "file": spec.rel.rsplit("/", 1)[-1],
                }
            ),
        },
        "spec": slo_spec,
    }
    return [*documents, slo]


def _alert_documents(spec: SloSpec, alert: AlertSpec) -> list[dict[str, Any]]:
    name = dns_label(alert.name)
    condition = {
        "apiVersion": API_VERSION,
        "kind": "AlertCondition",
        "metadata": {"name": f"{name}-condition", "displayName": alert.name},
        "spec": {
            "description": (
                f"Error budget of {spec.title} burning {alert.burn_rate:g}x faster than allowed "
                f"over {alert.long_window} and {alert.short_window}"
            ),
            "severity": alert.severity,
            "condition": {
                "kind": "burnrate",
                "op": "gt",
                "threshold": alert.burn_rate,
                "lookbackWindow": alert.long_window,
                "alertAfter": alert.short_window,
            },
        },
    }
    policy = {
        "apiVersion": API_VERSION,
        "kind": "AlertPolicy",
        "metadata": {
            "name": name,
            "displayName": alert.name,
            "annotations": _annotations(
                {
                    "runbook": alert.runbook_url or alert.runbook_rel,
                    ANNOTATION_PREFIX + "runbook": alert.runbook_rel,
                }
            ),
        },
        "spec": {
            "alertWhenBreaching": True,
            "alertWhenResolved": False,
            "alertWhenNoData": False,
            "conditions": [{"conditionRef": f"{name}-condition"}],
            "notificationTargets": [],
        },
    }
    return [condition, policy]


def _stream(documents: list[dict[str, Any]]) -> str:
    return "---\n".join(dump(document) for document in documents)


def write_openslo(specs: list[SloSpec], folder: Path) -> int:
    """One file per SLO (`<name>.yaml`) and one per service (`service-<name>.yaml`); returns
    the number of OpenSLO documents written. Two SLOs or services of one name are an error,
    before anything is written."""
    files: dict[str, list[dict[str, Any]]] = {}
    made_by: dict[str, SloSpec] = {}
    services: dict[str, SloSpec] = {}
    for spec in specs:
        name = f"{dns_label(spec.slo_id)}.yaml"
        refuse_same_name(name, spec, made_by)
        files[name] = slo_documents(spec)
        services.setdefault(spec.service, spec)
    for service, spec in sorted(services.items()):
        name = f"service-{dns_label(service)}.yaml"
        refuse_same_name(name, spec, made_by)
        files[name] = [
            {
                "apiVersion": API_VERSION,
                "kind": "Service",
                "metadata": {"name": dns_label(service), "displayName": service},
                "spec": {"description": f"{service}, from the SRE handbook"},
            }
        ]
    for name, documents in files.items():
        write_atomic(folder / name, _stream(documents))
    return sum(len(documents) for documents in files.values())


def refuse_same_name(name: str, spec: SloSpec, made_by: dict[str, SloSpec]) -> None:
    """Record that `spec` makes the file `name`; an error when another SLO made it already
    (their ids or services differ only in what a name cannot hold, `.` and `-`, case)."""
    first = made_by.setdefault(name, spec)
    if first is not spec:
        raise UserError(
            f"{first.rel} and {spec.rel} both make {name} (names keep only letters, digits "
            "and '-'); give one of them another id or service; nothing written"
        )


# In ----------------------------------------------------------------------------------------


def _text(value: Any) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


def _query(side: Any) -> str | None:
    """The query of a `good`/`bad`/`total` metric: `metricSource.spec.query` (v1; `promql`,
    `expr` too), or `query` itself (v1alpha), placeholders as SLO documents write them."""
    if not isinstance(side, dict):
        return None
    source = side.get("metricSource")
    spec = source.get("spec") if isinstance(source, dict) else side
    if not isinstance(spec, dict):
        return None
    for key in ("query", "promql", "expr", "expression"):
        text = _text(spec.get(key))
        if text:
            return PLACEHOLDER.sub("{{window}}", text)
    return None


_UNITS = {"minute": "m", "hour": "h", "day": "d", "week": "w"}


def _window(spec: dict[str, Any]) -> str | None:
    """`timeWindow[0].duration` (v1), or `timeWindows[0]` as count and unit (v1alpha)."""
    windows = spec.get("timeWindow")
    if isinstance(windows, list) and windows and isinstance(windows[0], dict):
        duration = windows[0].get("duration")
        return duration.strip() if isinstance(duration, str) else None
    windows = spec.get("timeWindows")
    if isinstance(windows, list) and windows and isinstance(windows[0], dict):
        count, unit = windows[0].get("count"), str(windows[0].get("unit", "")).lower()
        if isinstance(count, int) and unit in _UNITS:
            return f"{count}{_UNITS[unit]}"
    return None


def openslo_drafts(documents: list[Any]) -> tuple[list[dict[str, Any]], list[str]]:
    """SLO drafts (front-matter mappings plus `_description`) from OpenSLO v1 documents, and
    notes on what could not be carried over."""
    objects: dict[tuple[str, str], dict[str, Any]] = {}
    notes: list[str] = []
    for document in documents:
        if not isinstance(document, dict) or not str(document.get("apiVersion", "")).startswith(
            "openslo/"
        ):
            continue
        kind = document.get("kind")
        name = (
            (document.get("metadata") or {}).get("name")
            if isinstance(document.get("metadata"), dict)
            else None
        )
        if isinstance(kind, str) and isinstance(name, str):
            objects[(kind, name)] = document
    drafts = []
    for (kind, name), document in sorted(objects.items()):
        if kind == "SLO":
            draft = _slo_draft(name, document, objects, notes)
            if draft is not None:
                drafts.append(draft)
    return drafts, notes


def _resolve(
    objects: dict[tuple[str, str], dict[str, Any]], kind: str, inline: Any, reference: Any
) -> dict[str, Any] | None:
    if isinstance(inline, dict):
        return inline
    if isinstance(reference, str):
        return objects.get((kind, reference))
    return None


def _slo_draft(
    name: str,
    document: dict[str, Any],
    objects: dict[tuple[str, str], dict[str, Any]],
    notes: list[str],
) -> dict[str, Any] | None:
    metadata = document.get("metadata") if isinstance(document.get("metadata"), dict) else {}
    annotations = (
        metadata.get("annotations") if isinstance(metadata.get("annotations"), dict) else {}
    )
    spec = document.get("spec") if isinstance(document.get("spec"), dict) else {}
    objectives = spec.get("objectives") if isinstance(spec.get("objectives"), list) else []
    objective = objectives[0] if objectives and isinstance(objectives[0], dict) else {}
    target = slo_math.number(objective.get("targetPercent"))
    if target is None and slo_math.number(objective.get("target")) is not None:
        target = round(slo_math.number(objective.get("target")) * 100, 10)  # type: ignore[operator]
    if target is None:
        notes.append(f"SLO {name}: no objective target; skipped")
        return None
    if len(objectives) > 1:
        notes.append(f"SLO {name}: {len(objectives)} objectives; only the first was imported")
    window = _window(spec)
    if window is None or slo_math.parse_window(window) is None:
        notes.append(f"SLO {name}: window {window!r} is not a rolling window such as 30d; used 30d")
        window = "30d"
    indicator = _resolve(objects, "SLI", spec.get("indicator"), spec.get("indicatorRef"))
    sli: dict[str, Any] = {}
    indicator_meta = (
        (indicator or {}).get("metadata")
        if isinstance((indicator or {}).get("metadata"), dict)
        else {}
    )
    indicator_spec = (
        (indicator or {}).get("spec") if isinstance((indicator or {}).get("spec"), dict) else {}
    )
    if _text(indicator_meta.get("displayName")):
        sli["name"] = _text(indicator_meta.get("displayName"))
    if _text(annotations.get(ANNOTATION_PREFIX + "sli-type")):
        sli["type"] = _text(annotations.get(ANNOTATION_PREFIX + "sli-type"))
    ratio = indicator_spec.get("ratioMetric") or objective.get("ratioMetrics")  # v1, v1alpha
    if isinstance(ratio, dict):
        for side, key in (
            ("good", "good_events"),
            ("bad", "bad_events"),
            ("total", "total_events"),
        ):
            query = _query(ratio.get(side))
            if query is not None:
                sli[key] = query
        if "raw" in ratio:
            notes.append(
                f"SLO {name}: a raw ratio SLI has no event queries; sli left without queries"
            )
    elif indicator_spec.get("thresholdMetric") is not None:
        notes.append(f"SLO {name}: a threshold SLI is not an event ratio; sli left without queries")
    title = _text(metadata.get("displayName")) or name
    service_name = _text(annotations.get(ANNOTATION_PREFIX + "service")) or _text(
        spec.get("service")
    )
    alerts = []
    for entry in spec.get("alertPolicies") if isinstance(spec.get("alertPolicies"), list) else []:
        if not isinstance(entry, dict):
            continue
        policy = _resolve(
            objects, "AlertPolicy", entry if "spec" in entry else None, entry.get("alertPolicyRef")
        )
        alert = _alert_draft(policy, objects, notes, name)
        if alert is not None:
            alerts.append(alert)
    draft: dict[str, Any] = {
        "id": _text(annotations.get(ANNOTATION_PREFIX + "id")) or name,
        "title": title,
        "service": service_name or "unknown",
        "owner": _text(annotations.get(ANNOTATION_PREFIX + "owner")),
        "sli": sli or title,
        "target": target,
        "window": window,
        "burn_rate_alerts": alerts,
        "_description": _text(spec.get("description")),
        "_file": _text(annotations.get(ANNOTATION_PREFIX + "file")),
    }
    return draft


def _alert_draft(
    policy: dict[str, Any] | None,
    objects: dict[tuple[str, str], dict[str, Any]],
    notes: list[str],
    slo_name: str,
) -> dict[str, Any] | None:
    if policy is None:
        notes.append(f"SLO {slo_name}: an alert policy it names is not in the file; skipped")
        return None
    metadata = policy.get("metadata") if isinstance(policy.get("metadata"), dict) else {}
    annotations = (
        metadata.get("annotations") if isinstance(metadata.get("annotations"), dict) else {}
    )
    spec = policy.get("spec") if isinstance(policy.get("spec"), dict) else {}
    conditions = spec.get("conditions") if isinstance(spec.get("conditions"), list) else []
    entry = conditions[0] if conditions and isinstance(conditions[0], dict) else {}
    condition = _resolve(
        objects, "AlertCondition", entry if "spec" in entry else None, entry.get("conditionRef")
    )
    condition_spec = (
        (condition or {}).get("spec") if isinstance((condition or {}).get("spec"), dict) else {}
    )
    rule = (
        condition_spec.get("condition") if isinstance(condition_spec.get("condition"), dict) else {}
    )
    rate = slo_math.number(rule.get("threshold"))
    long_window, short_window = _text(rule.get("lookbackWindow")), _text(rule.get("alertAfter"))
    if rate is None or long_window is None or str(rule.get("kind", "burnrate")) != "burnrate":
        notes.append(
            f"SLO {slo_name}: alert policy {metadata.get('name')!r} is not a burn-rate "
            "condition; skipped"
        )
        return None
    alert: dict[str, Any] = {
        "name": _text(metadata.get("displayName")) or _text(metadata.get("name")),
        "burn_rate": rate,
        "long_window": long_window,
        "short_window": short_window
        or slo_math.format_window(max(1, (slo_math.parse_window(long_window) or 60) // 12)),
        "severity": "page"
        if str(condition_spec.get("severity", "page")).lower() == "page"
        else "ticket",
    }
    alert["_runbook_rel"] = _text(annotations.get(ANNOTATION_PREFIX + "runbook"))
    alert["_runbook_url"] = _text(annotations.get("runbook")) or _text(
        annotations.get("runbook_url")
    )
    return alert
