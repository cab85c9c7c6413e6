"""Sloth and Pyrra specs in, Sloth specs out.

Sloth (`prometheus/v1`, and the `PrometheusServiceLevel` resource) carries a target, event
queries and one page and one ticket alert but no window (a flag of `sloth generate`) and no
per-alert windows: imported alerts are the workbook's, scaled to the window. Pyrra's
`ServiceLevelObjective` carries plain selectors, which SLO documents accept as they are."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sre_docs.calc import slo as slo_math
from sre_docs.files import write_atomic
from sre_docs.prometheus.model import SloSpec, alert_name, camel_case
from sre_docs.prometheus.openslo import dns_label, refuse_same_name
from sre_docs.prometheus.rules import dump
from sre_docs.prometheus.sli import PLACEHOLDER

SLOTH_VERSION = "prometheus/v1"
SLOTH_PLACEHOLDER = "{{.window}}"


def _text(value: Any) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


def _get(mapping: Any, *keys: str) -> Any:
    """The first key present: Sloth files say `error_query`, its resource `errorQuery`."""
    if not isinstance(mapping, dict):
        return None
    for key in keys:
        if key in mapping:
            return mapping[key]
    return None


def _ours(query: str) -> str:
    return PLACEHOLDER.sub("{{window}}", query.strip())


def _title(name: str) -> str:
    words = name.replace("_", "-").split("-")
    return " ".join(words).strip().capitalize() or name


def _workbook_alerts(
    base: str, window: str, severities: set[str], runbook: str | None
) -> list[dict[str, Any]]:
    alerts = []
    for default in slo_math.default_burn_rate_alerts(window):
        if default["severity"] not in severities:
            continue
        alert = {
            "name": alert_name(base, default["severity"], default["burn_rate"]),
            "burn_rate": default["burn_rate"],
            "long_window": default["long_window"],
            "short_window": default["short_window"],
            "severity": default["severity"],
        }
        alert["_runbook_url"] = runbook
        alerts.append(alert)
    return alerts


def sloth_drafts(documents: list[Any], window: str) -> tuple[list[dict[str, Any]], list[str]]:
    """SLO drafts from Sloth specs (`window`: the SLO period `sloth generate` is run with)."""
    drafts: list[dict[str, Any]] = []
    notes: list[str] = []
    for document in documents:
        if not isinstance(document, dict):
            continue
        if document.get("version") == SLOTH_VERSION:
            spec = document
        elif document.get("kind") == "PrometheusServiceLevel" and isinstance(
            document.get("spec"), dict
        ):
            spec = document["spec"]
        else:
            continue
        service = _text(spec.get("service")) or "unknown"
        labels = spec.get("labels") if isinstance(spec.get("labels"), dict) else {}
        for slo in spec.get("slos") if isinstance(spec.get("slos"), list) else []:
            draft = _sloth_slo(slo, service, labels, window, notes)
            if draft is not None:
                drafts.append(draft)
    return drafts, notes


def _sloth_slo(
    slo: Any, service: str, labels: dict[str, Any], window: str, notes: list[str]
) -> dict[str, Any] | None:
    if not isinstance(slo, dict) or not _text(slo.get("name")):
        return None
    name = str(slo["name"]).strip()
    target = slo_math.number(slo.get("objective"))
    if target is None:
        notes.append(f"{service}/{name}: no objective; skipped")
        return None
    sli: dict[str, Any] = {}
    events = _get(slo.get("sli"), "events")
    if isinstance(events, dict):
        error_query = _text(_get(events, "error_query", "errorQuery"))
        total_query = _text(_get(events, "total_query", "totalQuery"))
        if error_query and total_query:
            sli = {"bad_events": _ours(error_query), "total_events": _ours(total_query)}
    elif _get(slo.get("sli"), "raw") is not None:
        notes.append(f"{service}/{name}: a raw error-ratio SLI has no event queries; sli left out")
    elif _get(slo.get("sli"), "plugin") is not None:
        notes.append(f"{service}/{name}: an SLI plugin's queries are not in the spec; sli left out")
    alerting = slo.get("alerting") if isinstance(slo.get("alerting"), dict) else {}
    base = _text(alerting.get("name")) or f"{service} {name}"
    annotations = (
        alerting.get("annotations") if isinstance(alerting.get("annotations"), dict) else {}
    )
    alerts: list[dict[str, Any]] = []
    for severity, keys in (
        ("page", ("page_alert", "pageAlert")),
        ("ticket", ("ticket_alert", "ticketAlert")),
    ):
        settings = _get(alerting, *keys)
        settings = settings if isinstance(settings, dict) else {}
        if settings.get("disable") is True:
            continue
        own = settings.get("annotations") if isinstance(settings.get("annotations"), dict) else {}
        runbook = (
            _text(own.get("runbook_url"))
            or _text(own.get("runbook"))
            or _text(annotations.get("runbook_url"))
            or _text(annotations.get("runbook"))
        )
        alerts.extend(_workbook_alerts(base, window, {severity}, runbook))
    own_labels = slo.get("labels") if isinstance(slo.get("labels"), dict) else {}
    owner = _text(own_labels.get("owner")) or _text(labels.get("owner"))
    description = _text(slo.get("description"))
    # A short description without a full stop reads as a title (what `generate sloth` writes).
    short = description and len(description) <= 60 and not description.endswith(".")
    draft: dict[str, Any] = {
        "id": name if name.upper().startswith("SLO-") else f"SLO-{service}-{name}",
        "title": description if short else _title(f"{service} {name}"),
        "service": service,
        "owner": f"@{owner}" if owner and not owner.startswith("@") else owner,
        "sli": {"name": name, **sli} if sli else name,
        "target": target,
        "window": window,
        "burn_rate_alerts": alerts,
        "_description": _text(slo.get("description")),
    }
    return draft


def pyrra_drafts(documents: list[Any]) -> tuple[list[dict[str, Any]], list[str]]:
    """SLO drafts from Pyrra `ServiceLevelObjective` resources (ratio and latency indicators)."""
    drafts: list[dict[str, Any]] = []
    notes: list[str] = []
    for document in documents:
        if not isinstance(document, dict) or document.get("kind") != "ServiceLevelObjective":
            continue
        metadata = document.get("metadata") if isinstance(document.get("metadata"), dict) else {}
        spec = document.get("spec") if isinstance(document.get("spec"), dict) else {}
        name = _text(metadata.get("name")) or "unnamed"
        target = slo_math.number(spec.get("target"))
        window = _text(spec.get("window")) or "30d"
        if target is None:
            notes.append(f"{name}: no target; skipped")
            continue
        if slo_math.parse_window(window) is None:
            notes.append(f"{name}: window {window!r} is not a window such as 28d; used 30d")
            window = "30d"
        indicator = spec.get("indicator") if isinstance(spec.get("indicator"), dict) else {}
        sli: dict[str, Any] = {}
        kind = next(iter(indicator), None)
        body = indicator.get(kind) if kind else None
        if kind == "ratio" and isinstance(body, dict):
            errors = _text(_get(body.get("errors"), "metric"))
            total = _text(_get(body.get("total"), "metric"))
            if errors and total:
                sli = {"type": "availability", "bad_events": errors, "total_events": total}
        elif kind == "latency" and isinstance(body, dict):
            success = _text(_get(body.get("success"), "metric"))
            total = _text(_get(body.get("total"), "metric"))
            if success and total:
                sli = {"type": "latency", "good_events": success, "total_events": total}
        else:
            notes.append(
                f"{name}: a {kind or 'missing'} indicator has no event selectors; sli left out"
            )
        if isinstance(body, dict) and body.get("grouping"):
            notes.append(f"{name}: grouping {body['grouping']} is not kept (one SLO, summed)")
        labels = metadata.get("labels") if isinstance(metadata.get("labels"), dict) else {}
        service = _text(labels.get("service")) or _text(labels.get("app")) or name
        alerting = spec.get("alerting") if isinstance(spec.get("alerting"), dict) else {}
        alerts = (
            []
            if alerting.get("disabled") is True
            else _workbook_alerts(
                _text(alerting.get("name")) or name, window, {"page", "ticket"}, None
            )
        )
        drafts.append(
            {
                "id": f"SLO-{dns_label(name)}",
                "title": _title(name),
                "service": service,
                "owner": None,
                "sli": {"name": name, **sli} if sli else name,
                "target": target,
                "window": window,
                "burn_rate_alerts": alerts,
                "_description": _text(spec.get("description")),
            }
        )
    return drafts, notes


# Out ---------------------------------------------------------------------------------------


def _sloth_query(query: str) -> str:
    from sre_docs.prometheus.sli import is_selector, render

    if is_selector(query):
        return render(query, SLOTH_PLACEHOLDER)
    return PLACEHOLDER.sub(SLOTH_PLACEHOLDER, query.strip())


def sloth_spec(service: str, specs: list[SloSpec]) -> dict[str, Any]:
    """One Sloth `prometheus/v1` spec for a service's SLOs of one window."""
    slos = []
    for spec in specs:
        raw = spec.raw_sli
        total = _sloth_query(raw["total_events"])
        if "bad_events" in raw:
            error = _sloth_query(raw["bad_events"])
        else:
            error = f"(\n  {total}\n)\n-\n(\n  {_sloth_query(raw['good_events'])}\n)"
        pages = [alert for alert in spec.alerts if alert.severity == "page"]
        tickets = [alert for alert in spec.alerts if alert.severity == "ticket"]
        alerting: dict[str, Any] = {"name": camel_case(spec.title)}
        for key, alerts in (("page_alert", pages), ("ticket_alert", tickets)):
            runbook = next((alert.runbook_url for alert in alerts if alert.runbook_url), None)
            if not alerts:
                alerting[key] = {"disable": True}
            else:
                alerting[key] = {"labels": {"severity": key.split("_")[0]}}
                if runbook:
                    alerting[key]["annotations"] = {"runbook_url": runbook}
        slo: dict[str, Any] = {"name": spec.slo_id, "objective": spec.target}
        slo["description"] = spec.title
        if spec.owner:
            slo["labels"] = {"owner": spec.owner.lstrip("@")}
        slo["sli"] = {"events": {"error_query": error, "total_query": total}}
        slo["alerting"] = alerting
        slos.append(slo)
    return {"version": SLOTH_VERSION, "service": service, "slos": slos}


def write_sloth(specs: list[SloSpec], folder: Path) -> int:
    """One Sloth spec per service and window: `<service>.yml`, `<service>-<window>.yml` for a
    window other than 30d (run `sloth generate --default-slo-period=<window>` on it)."""
    groups: dict[tuple[str, str], list[SloSpec]] = {}
    for spec in specs:
        if spec.queries is not None:
            groups.setdefault((spec.service, spec.window), []).append(spec)
    files: dict[str, str] = {}
    made_by: dict[str, SloSpec] = {}
    for (service, window), members in sorted(groups.items()):
        name = dns_label(service) + ("" if window == "30d" else f"-{window}")
        refuse_same_name(f"{name}.yml", members[0], made_by)
        header = (
            "# Generated by `sre-docs generate sloth` from the SLO documents.\n"
            f"# sloth generate --default-slo-period={window} -i {name}.yml\n"
        )
        files[f"{name}.yml"] = header + dump(sloth_spec(service, members))
    for name, text in files.items():
        write_atomic(folder / name, text)
    return len(groups)
