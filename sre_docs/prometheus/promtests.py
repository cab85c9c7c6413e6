"""`sre-docs generate prometheus-tests`: `promtool test rules` cases for every burn-rate alert.

Each alert is driven through its own recorded error ratios: healthy traffic, then a burn that
starts at once, the long and short windows' averages rising as the burn fills them. A burn just
above the alert's threshold must fire once the long window is full and `for` has passed, with
every label and annotation the rule file gives; a burn at exactly the SLO must never fire."""

from __future__ import annotations

from typing import Any

from sre_docs.calc import slo as slo_math
from sre_docs.prometheus.model import AlertSpec, SloSpec
from sre_docs.prometheus.rules import HEADER, alert_rule, dump, record_name, slo_labels

ABOVE = 1.1  # "just above": 10 % over the alert's threshold


# Samples and rule evaluations every 5 minutes: Prometheus' lookback delta, so every sample is
# seen until the next; a 3-day alert then needs a thousand evaluations, not five thousand.
STEP_MINUTES = 5


def _interval_minutes(alert: AlertSpec) -> int:
    return STEP_MINUTES


def _number(value: float) -> str:
    return f"{value:.12g}"


def _trailing_average(ratio: float, start: int, window: int, end: int) -> str:
    """promtool's expanding notation for a window's average error ratio, sampled every step:
    0 until the burn starts at step `start`, rising over `window` steps, then `ratio`."""
    parts = [f"0x{start}"]
    if window > 1:
        step = ratio / window
        parts.append(f"{_number(step)}+{_number(step)}x{window - 2}")
    parts.append(f"{_number(ratio)}x{max(end - start - window, 0)}")
    return " ".join(parts)


def _series(spec: SloSpec, alert: AlertSpec, ratio: float, steps: dict[str, int]) -> list[Any]:
    series = []
    for window in (alert.long_window, alert.short_window):
        labels = {**slo_labels(spec), "slo_window": window}
        matcher = ", ".join(f'{key}="{value}"' for key, value in labels.items())
        minutes = slo_math.parse_window(window) or 1
        values = _trailing_average(
            ratio, steps["start"], minutes // steps["interval"], steps["end"]
        )
        series.append({"series": f"{record_name(window)}{{{matcher}}}", "values": values})
    return series


def _duration(minutes: int) -> str:
    return slo_math.format_window(minutes) if minutes else "0m"


def tests_for(spec: SloSpec, alert: AlertSpec) -> list[dict[str, Any]]:
    interval = _interval_minutes(alert)
    long_minutes = slo_math.parse_window(alert.long_window) or interval
    start = 10  # steps of healthy traffic first
    margin = 2 * interval
    fire_at = start * interval + long_minutes + alert.for_minutes + margin
    end = fire_at // interval + 10
    steps = {"interval": interval, "start": start, "end": end}
    rule = alert_rule(spec, alert)
    threshold = alert.burn_rate * spec.budget_ratio
    labels = {**rule["labels"], "slo_window": alert.long_window}
    firing = {"exp_labels": labels, "exp_annotations": rule["annotations"]}
    burning = {
        "interval": f"{interval}m",
        "name": f"{alert.name}: a burn of {_number(alert.burn_rate * ABOVE)}x fires",
        "input_series": _series(spec, alert, threshold * ABOVE, steps),
        "alert_rule_test": [
            {
                # Half the long window into the burn: its average is still below the threshold.
                "eval_time": _duration(start * interval + long_minutes // 2),
                "alertname": alert.name,
                "exp_alerts": [],
            },
            {"eval_time": _duration(fire_at), "alertname": alert.name, "exp_alerts": [firing]},
        ],
    }
    at_objective = {
        "interval": f"{interval}m",
        "name": f"{alert.name}: errors at the SLO ({_number(spec.target)} %) do not fire",
        "input_series": _series(spec, alert, spec.budget_ratio, steps),
        "alert_rule_test": [
            {"eval_time": _duration(fire_at), "alertname": alert.name, "exp_alerts": []},
        ],
    }
    return [burning, at_objective]


def render_tests(specs: list[SloSpec], rule_file: str) -> str:
    """The promtool test file for every alert of every SLO with usable SLI queries."""
    tests: list[dict[str, Any]] = []
    for spec in sorted(specs, key=lambda s: s.slo_id):
        if spec.queries is None:
            continue
        for alert in spec.alerts:
            tests.extend(tests_for(spec, alert))
    document = {
        "rule_files": [rule_file],
        "evaluation_interval": f"{STEP_MINUTES}m",
        "tests": tests,
    }
    return HEADER.replace("prometheus-rules", "prometheus-tests") + dump(document)
