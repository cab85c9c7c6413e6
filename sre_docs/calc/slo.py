"""SLO error-budget math: windows, budget percent and minutes, remaining budget and its state.

Targets are percentages (99.9); a remaining budget is a fraction (0.4 means 40 % left)."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

_WINDOW = re.compile(r"^\s*([1-9][0-9]*)\s*([mhdw])\s*$", re.IGNORECASE)
_SLO_WINDOW = re.compile(r"^\s*([1-9][0-9]*)\s*([dw])\s*$", re.IGNORECASE)
_UNIT_MINUTES = {"m": 1, "h": 60, "d": 1440, "w": 10080}
STATES = ("healthy", "warning", "critical", "exhausted")


def number(value: Any) -> float | None:
    """A finite float from an int, a float or a numeric string; None otherwise (booleans,
    `.nan`, `.inf`, and integers too large for a float: front matter may hold any of them)."""
    if isinstance(value, bool) or value is None:
        return None
    try:
        if isinstance(value, int | float):
            result = float(value)
        elif isinstance(value, str):
            result = float(value.strip().rstrip("%"))
        else:
            return None
    except (ValueError, OverflowError):
        return None
    return result if math.isfinite(result) else None


def parse_window(window: Any) -> int | None:
    """Minutes in `28d`, `30d`, `4w`, `24h`, `90m`; None when unparsable."""
    if not isinstance(window, str):
        return None
    match = _WINDOW.match(window)
    if match is None:
        return None
    return int(match.group(1)) * _UNIT_MINUTES[match.group(2).lower()]


def parse_slo_window(window: Any) -> int | None:
    """Minutes in an SLO's `window`: days or weeks only (`28d`, `30d`, `4w`). `1M` is not a
    month (nor a minute), and calendar windows are not supported: None for anything else."""
    if not isinstance(window, str) or _SLO_WINDOW.match(window) is None:
        return None
    return parse_window(window)


def looks_like_ratio(target: Any) -> bool:
    """True for 0 < target ≤ 1: probably a ratio (0.999) where a percentage (99.9) belongs."""
    value = number(target)
    return value is not None and 0 < value <= 1


def error_budget_pct(target: Any) -> float | None:
    value = number(target)
    return None if value is None else 100.0 - value


def budget_minutes(target: Any, window: Any) -> float | None:
    """Window minutes × (100 − target) / 100."""
    value = number(target)
    minutes = parse_slo_window(window)
    if value is None or minutes is None:
        return None
    return minutes * (100.0 - value) / 100.0


def budget_remaining(target: Any, current: Any) -> float | None:
    """1 − (100 − current) / (100 − target): the fraction of the budget left (may be < 0)."""
    goal = number(target)
    measured = number(current)
    if goal is None or measured is None or goal >= 100:
        return None
    return 1.0 - (100.0 - measured) / (100.0 - goal)


def budget_state(remaining: float | None) -> str | None:
    """healthy > 0.5, warning 0.25–0.5, critical 0–0.25, exhausted ≤ 0."""
    if remaining is None:
        return None
    if remaining <= 0:
        return "exhausted"
    if remaining < 0.25:
        return "critical"
    if remaining <= 0.5:
        return "warning"
    return "healthy"


RELATIVE_TOLERANCE = 0.01  # a written budget may be 1 % off the computed one


def _decimals(value: Any) -> int | None:
    """Decimal places `value` was written with (YAML gives an int or a float); None when its
    text has an exponent (`4e-1`), where no rounding can be read off."""
    if isinstance(value, int):
        return 0
    text = repr(value)
    if "e" in text or "E" in text:
        return None
    return len(text.split(".", 1)[1]) if "." in text else 0


def budget_matches(given: Any, expected: float) -> bool:
    """True when a written budget (`error_budget` or `error_budget_minutes`) stands for the
    computed one: within 1 % of it, or the computed value rounded to the decimals written,
    provided that keeps two significant digits (21.6 minutes written as 22, 0.432 as 0.43,
    not 4.32 as 4). The tolerance follows the budget: 1.4 minutes for a 0.432-minute budget
    is wrong, even though it is within a minute."""
    value = number(given)
    if value is None:
        return False
    difference = abs(value - expected)
    if difference <= RELATIVE_TOLERANCE * abs(expected) + 1e-12:
        return True
    decimals = _decimals(given)
    if decimals is None:
        return False
    unit = 10.0**-decimals
    two_digits = abs(value) >= 10 * unit - 1e-12
    return two_digits and difference <= unit / 2 + 1e-9


def burn_rate_budget_spent(burn_rate: Any, long_window: Any, window: Any) -> float | None:
    """Fraction of the budget spent when the alert fires: rate × long window / SLO window."""
    rate = number(burn_rate)
    long_minutes = parse_window(long_window)
    window_minutes = parse_slo_window(window)
    if rate is None or long_minutes is None or not window_minutes:
        return None
    return rate * long_minutes / window_minutes


@dataclass(frozen=True, slots=True)
class SloSummary:
    target: float | None
    window: str | None
    window_minutes: int | None
    error_budget_pct: float | None
    budget_minutes: float | None
    current: float | None
    remaining: float | None
    remaining_pct: float | None
    state: str | None
    sla: float | None


def summarize_slo(meta: dict[str, Any]) -> SloSummary:
    """Every derived value of one SLO document's front matter; None where not computable."""
    target = number(meta.get("target"))
    window = meta.get("window") if isinstance(meta.get("window"), str) else None
    valid_target = target is not None and 0 < target < 100
    remaining = budget_remaining(target, meta.get("current")) if valid_target else None
    return SloSummary(
        target=target,
        window=window,
        window_minutes=parse_slo_window(window),
        error_budget_pct=error_budget_pct(target) if valid_target else None,
        budget_minutes=budget_minutes(target, window) if valid_target else None,
        current=number(meta.get("current")),
        remaining=remaining,
        remaining_pct=None if remaining is None else remaining * 100.0,
        state=budget_state(remaining),
        sla=number(meta.get("sla")),
    )


# The SRE workbook's multiwindow, multi-burn-rate alerts for a 30-day window: severity, burn
# rate, long and short window (minutes). Each spends 2 %, 5 %, 10 % and 10 % of the budget.
WORKBOOK_WINDOW_MINUTES = 30 * 1440
WORKBOOK_ALERTS = (
    ("page", 14.4, 60, 5),
    ("page", 6.0, 360, 30),
    ("ticket", 3.0, 1440, 120),
    ("ticket", 1.0, 4320, 360),
)


def format_window(minutes: int) -> str:
    """A duration in the largest unit that divides it: 1440 → `1d`, 90 → `90m`."""
    for unit, size in (("d", 1440), ("h", 60)):
        if minutes and minutes % size == 0:
            return f"{minutes // size}{unit}"
    return f"{max(minutes, 1)}m"


def usable_burn_rate_alert(alert: dict[str, Any], window: Any) -> bool:
    """A burn rate above 0 and windows such as 5m and 1h, the short one shorter, the long one
    within the SLO window: what a generated alert needs."""
    rate = number(alert.get("burn_rate"))
    short_minutes = parse_window(alert.get("short_window"))
    long_minutes = parse_window(alert.get("long_window"))
    window_minutes = parse_window(window)
    return (
        rate is not None
        and rate > 0
        and short_minutes is not None
        and long_minutes is not None
        and short_minutes < long_minutes
        and (window_minutes is None or long_minutes <= window_minutes)
    )


def default_burn_rate_alerts(window: Any) -> list[dict[str, Any]]:
    """The workbook's four alerts, windows scaled to `window` so each spends the same share."""
    minutes = parse_window(window)
    if minutes is None:
        return []
    scale = minutes / WORKBOOK_WINDOW_MINUTES
    return [
        {
            "severity": severity,
            "burn_rate": rate,
            "long_window": format_window(max(1, round(long * scale))),
            "short_window": format_window(max(1, round(short * scale))),
        }
        for severity, rate, long, short in WORKBOOK_ALERTS
    ]


def error_ratio_budget(target: Any) -> float | None:
    """The share of events allowed to fail: (100 − target) / 100, e.g. 0.001 for 99.9."""
    value = number(target)
    if value is None or not 0 < value < 100:
        return None
    return round((100.0 - value) / 100.0, 12)


def alert_for_minutes(short_window: Any) -> int:
    """How long a burn-rate alert stays pending before it fires: half its short window."""
    minutes = parse_window(short_window) or 2
    return max(1, minutes // 2)


def attainment_pct(error_ratio: float) -> float:
    """Measured attainment in percent from an error ratio (0.0012 → 99.88)."""
    return 100.0 * (1.0 - error_ratio)


def burn_rate(error_ratio: float | None, target: Any) -> float | None:
    """How many times faster than allowed the budget burns: error ratio / budget ratio."""
    budget = error_ratio_budget(target)
    if error_ratio is None or not budget:
        return None
    return error_ratio / budget


def hours_to_exhaustion(remaining: float | None, rate: float | None, window: Any) -> float | None:
    """Hours until the remaining budget is gone at burn `rate` (None: not burning, or gone).

    At burn rate 1 the whole budget lasts one window, so what is left lasts
    remaining × window / rate."""
    minutes = parse_window(window)
    if remaining is None or rate is None or minutes is None or rate <= 0 or remaining <= 0:
        return None
    return remaining * minutes / rate / 60.0
