"""Incident statistics: counts by severity, mean times to detect/mitigate/resolve, per month.

Input is the front matter of each postmortem; invalid or missing values are skipped."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from sre_docs.calc.action_items import parse_due
from sre_docs.calc.slo import number

SEVERITIES = ("SEV1", "SEV2", "SEV3", "SEV4")
"""Postmortem severities, most severe first: the one order every page and rule uses."""


def severity_rank(severity: Any) -> int | None:
    """1 for SEV1 (the most severe) … 4 for SEV4; None for anything else."""
    return SEVERITIES.index(severity) + 1 if severity in SEVERITIES else None


@dataclass(frozen=True, slots=True)
class IncidentStats:
    count: int
    by_severity: dict[str, int]
    mean_time_to_detect: float | None
    mean_time_to_mitigate: float | None
    mean_time_to_resolve: float | None
    total_duration_minutes: float
    per_month: list[tuple[str, dict[str, int]]]
    other_severity: int = 0
    """Postmortems whose severity is missing or not one of `SEVERITIES`."""
    samples: dict[str, int] | None = None
    """How many postmortems each mean and the total come from (`detect`, `mitigate`,
    `resolve`, `duration`): a mean of 1 value out of 8 says so on the page."""


def _section_value(meta: Mapping[str, Any], section: str, key: str) -> float | None:
    block = meta.get(section)
    if not isinstance(block, Mapping):
        return None
    value = number(block.get(key))
    return value if value is not None and value >= 0 else None


def _mean(values: list[float]) -> float | None:
    return sum(values) / len(values) if values else None


def month_key(day: dt.date) -> str:
    """`2026-11`: the year always four digits (`strftime("%Y")` writes year 999 as `999`, and a
    typo such as `0226-11-20` is a date YAML accepts)."""
    return f"{day.year:04d}-{day.month:02d}"


MAX_FILLED_MONTHS = 240
"""Over a longer span (twenty years), the months without incidents are left out of the chart:
two typos (`0001-01-01`, `9999-12-31`) would otherwise draw 120,000 columns."""


def _months_between(first: str, last: str, limit: int) -> list[str] | None:
    """Every month from `first` to `last`; None when they are more than `limit` apart."""
    year, month = int(first[:4]), int(first[5:7])
    end_year, end_month = int(last[:4]), int(last[5:7])
    if (end_year - year) * 12 + end_month - month >= limit:
        return None
    months = []
    while (year, month) <= (end_year, end_month):
        months.append(f"{year:04d}-{month:02d}")
        month += 1
        if month == 13:
            year, month = year + 1, 1
    return months


def summarize_incidents(postmortems: Iterable[Mapping[str, Any]]) -> IncidentStats:
    by_severity = dict.fromkeys(SEVERITIES, 0)
    detect: list[float] = []
    mitigate: list[float] = []
    resolve: list[float] = []
    total_duration = 0.0
    monthly: dict[str, dict[str, int]] = {}
    count = other_severity = durations = 0
    for meta in postmortems:
        count += 1
        severity = meta.get("severity")
        if not isinstance(severity, str):
            severity = None  # a list or a mapping written by mistake counts as no severity
        if severity in by_severity:
            by_severity[severity] += 1
        else:
            other_severity += 1
        for values, section, key in (
            (detect, "detection", "time_to_detect_minutes"),
            (mitigate, "resolution", "time_to_mitigate_minutes"),
            (resolve, "resolution", "time_to_resolve_minutes"),
        ):
            value = _section_value(meta, section, key)
            if value is not None:
                values.append(value)
        duration = number(meta.get("duration_minutes"))
        if duration is not None and duration >= 0:
            total_duration += duration
            durations += 1
        started = parse_due(meta.get("date"))
        if started is not None:
            month = month_key(started)
            bucket = monthly.setdefault(month, dict.fromkeys(SEVERITIES, 0))
            if severity in bucket:
                bucket[severity] += 1
    per_month: list[tuple[str, dict[str, int]]] = []
    if monthly:
        months = sorted(monthly)
        between = _months_between(months[0], months[-1], limit=MAX_FILLED_MONTHS)
        for month in between if between is not None else months:
            per_month.append((month, monthly.get(month, dict.fromkeys(SEVERITIES, 0))))
    return IncidentStats(
        count=count,
        by_severity=by_severity,
        mean_time_to_detect=_mean(detect),
        mean_time_to_mitigate=_mean(mitigate),
        mean_time_to_resolve=_mean(resolve),
        total_duration_minutes=total_duration,
        per_month=per_month,
        other_severity=other_severity,
        samples={
            "detect": len(detect),
            "mitigate": len(mitigate),
            "resolve": len(resolve),
            "duration": durations,
        },
    )
