"""Capacity math: utilisation and headroom, growth compounded monthly, time to a trigger.

Percentages are 0–100; growth is percent per month, compounded: u × (1 + g/100) ^ months."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sre_docs.calc.slo import number

UTILISATION_TOLERANCE = 1.0
"""Percentage points a written utilisation, headroom or projection may be off by."""
DEFAULT_REVIEW_CADENCE_DAYS = 90


def utilisation_pct(peak: Any, capacity: Any) -> float | None:
    """peak / capacity × 100; None without a positive capacity."""
    used, total = number(peak), number(capacity)
    if used is None or total is None or total <= 0 or used < 0:
        return None
    return used / total * 100.0


def headroom_pct(utilisation: float | None) -> float | None:
    return None if utilisation is None else 100.0 - utilisation


def projected_utilisation(current: Any, monthly_growth_pct: Any, months: Any) -> float | None:
    """Utilisation after `months` of growth compounded monthly."""
    now, growth, span = number(current), number(monthly_growth_pct), number(months)
    if now is None or growth is None or span is None or growth <= -100 or span < 0:
        return None
    try:
        return now * (1.0 + growth / 100.0) ** span
    except OverflowError:  # centuries of growth: no utilisation to compare with
        return None


def months_until(current: Any, monthly_growth_pct: Any, threshold: Any) -> float | None:
    """Months until utilisation reaches `threshold`: 0 when already there, None when it never
    does (no growth) or the inputs are missing."""
    now, growth, limit = number(current), number(monthly_growth_pct), number(threshold)
    if now is None or growth is None or limit is None or now <= 0:
        return None
    if now >= limit:
        return 0.0
    if growth <= 0:
        return None
    return math.log(limit / now) / math.log(1.0 + growth / 100.0)


def within(given: float, expected: float, tolerance: float = UTILISATION_TOLERANCE) -> bool:
    return abs(given - expected) <= tolerance + 1e-9


@dataclass(frozen=True, slots=True)
class CapacitySummary:
    peak_utilisation_pct: float | None
    headroom_pct: float | None
    monthly_growth_pct: float | None
    trigger_utilisation_pct: float | None
    months_to_trigger: float | None
    projections: tuple[tuple[int, float | None, float | None], ...]
    """(months, written utilisation, utilisation the growth rate gives)."""


def summarize_capacity(meta: Mapping[str, Any]) -> CapacitySummary:
    """The derived values of one capacity plan's front matter; None where not computable."""
    current = meta.get("current") if isinstance(meta.get("current"), Mapping) else {}
    growth = meta.get("growth") if isinstance(meta.get("growth"), Mapping) else {}
    scaling = meta.get("scaling") if isinstance(meta.get("scaling"), Mapping) else {}
    utilisation = number(current.get("peak_utilisation_pct"))
    if utilisation is None:
        utilisation = utilisation_pct(current.get("peak"), current.get("capacity"))
    rate = number(growth.get("monthly_growth_pct"))
    trigger = number(scaling.get("trigger_utilisation_pct"))
    projections = []
    raw = growth.get("projections")
    for entry in raw if isinstance(raw, list) else []:
        if not isinstance(entry, Mapping):
            continue
        months = number(entry.get("months"))
        if months is None or months != int(months):
            continue
        projections.append(
            (
                int(months),
                number(entry.get("peak_utilisation_pct")),
                projected_utilisation(utilisation, rate, months),
            )
        )
    return CapacitySummary(
        peak_utilisation_pct=utilisation,
        headroom_pct=headroom_pct(utilisation),
        monthly_growth_pct=rate,
        trigger_utilisation_pct=trigger,
        months_to_trigger=months_until(utilisation, rate, trigger) if trigger else None,
        projections=tuple(projections),
    )
