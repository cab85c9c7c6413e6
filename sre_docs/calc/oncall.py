"""On-call health: the thresholds per shift and the health of a rotation from its handoffs.

A handoff is one shift. Pages per shift: below 2 healthy, 2 to 5 warning, above 5 critical;
off-hours pages per shift: at most 1 healthy, 2 to 3 warning, above 3 critical; false
positives: below 10 % of pages healthy, 10 to 25 % warning, above 25 % critical; mean time to
acknowledge: below 5 minutes healthy, 5 to 15 warning, above 15 critical."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from sre_docs.calc.slo import number

HEALTH_ORDER = ("healthy", "warning", "critical")


@dataclass(frozen=True, slots=True)
class Threshold:
    """healthy while the value is below `warning` (or at most, with `inclusive`), critical
    above `critical`, warning between."""

    metric: str
    label: str
    warning: float
    critical: float
    inclusive: bool = False
    unit: str = ""

    def state(self, value: float | None) -> str | None:
        if value is None:
            return None
        if value > self.critical:
            return "critical"
        if value < self.warning or (self.inclusive and value <= self.warning):
            return "healthy"
        return "warning"


THRESHOLDS = (
    Threshold("pages_per_shift", "Pages per shift", 2, 5),
    Threshold("off_hours_pages_per_shift", "Off-hours pages per shift", 1, 3, inclusive=True),
    Threshold("false_positive_pct", "False positives", 10, 25, unit=" %"),
    Threshold("time_to_acknowledge_minutes", "Time to acknowledge", 5, 15, unit=" min"),
)
THRESHOLDS_BY_METRIC = {threshold.metric: threshold for threshold in THRESHOLDS}
SHIFT_KEYS = ("pages", "off_hours_pages", "false_positive_pages", "time_to_acknowledge_minutes")


def worst(states: Iterable[str | None]) -> str | None:
    """The worst of some health states (None when none is known)."""
    known = [state for state in states if state in HEALTH_ORDER]
    return max(known, key=HEALTH_ORDER.index) if known else None


def _count(value: Any) -> float | None:
    count = number(value)
    return count if count is not None and count >= 0 else None


@dataclass(frozen=True, slots=True)
class RotationHealth:
    rotation: str
    shifts: int
    """Handoffs that report pages."""
    pages: float
    off_hours_pages: float
    false_positive_pages: float
    metrics: dict[str, float | None]
    states: dict[str, str | None]
    state: str | None


def rotation_health(rotation: str, handoffs: Iterable[Mapping[str, Any]]) -> RotationHealth:
    """Health of one rotation over its handoffs (front matter); shifts without `pages` do not
    count, and the time to acknowledge is the mean over the shifts that give one."""
    shifts = 0
    pages = off_hours = false_positives = 0.0
    acknowledge: list[float] = []
    for meta in handoffs:
        shift_pages = _count(meta.get("pages"))
        if shift_pages is None:
            continue
        shifts += 1
        pages += shift_pages
        off_hours += _count(meta.get("off_hours_pages")) or 0.0
        false_positives += _count(meta.get("false_positive_pages")) or 0.0
        minutes = _count(meta.get("time_to_acknowledge_minutes"))
        if minutes is not None:
            acknowledge.append(minutes)
    metrics: dict[str, float | None] = {
        "pages_per_shift": pages / shifts if shifts else None,
        "off_hours_pages_per_shift": off_hours / shifts if shifts else None,
        "false_positive_pct": false_positives / pages * 100.0 if pages else None,
        "time_to_acknowledge_minutes": sum(acknowledge) / len(acknowledge) if acknowledge else None,
    }
    states = {
        metric: THRESHOLDS_BY_METRIC[metric].state(value) for metric, value in metrics.items()
    }
    return RotationHealth(
        rotation, shifts, pages, off_hours, false_positives, metrics, states, worst(states.values())
    )
