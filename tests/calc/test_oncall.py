"""On-call health thresholds at their boundaries, and a rotation's health from its handoffs."""

from __future__ import annotations

import pytest

from sre_docs.calc import oncall

T = oncall.THRESHOLDS_BY_METRIC


@pytest.mark.parametrize(
    ("metric", "value", "state"),
    [
        ("pages_per_shift", 1.99, "healthy"),
        ("pages_per_shift", 2, "warning"),  # < 2 healthy
        ("pages_per_shift", 5, "warning"),  # 2–5 warning
        ("pages_per_shift", 5.01, "critical"),  # > 5 critical
        ("off_hours_pages_per_shift", 1, "healthy"),  # at most 1
        ("off_hours_pages_per_shift", 1.5, "warning"),
        ("off_hours_pages_per_shift", 3, "warning"),
        ("off_hours_pages_per_shift", 3.5, "critical"),
        ("false_positive_pct", 9.9, "healthy"),
        ("false_positive_pct", 10, "warning"),
        ("false_positive_pct", 25, "warning"),
        ("false_positive_pct", 26, "critical"),
        ("time_to_acknowledge_minutes", 4.9, "healthy"),
        ("time_to_acknowledge_minutes", 15, "warning"),
        ("time_to_acknowledge_minutes", 15.5, "critical"),
        ("pages_per_shift", None, None),
    ],
)
def test_threshold_boundaries(metric: str, value: float | None, state: str | None) -> None:
    assert T[metric].state(value) == state


def test_rotation_health_from_handoffs() -> None:
    handoffs = [
        {
            "pages": 3,
            "off_hours_pages": 1,
            "false_positive_pages": 1,
            "time_to_acknowledge_minutes": 4,
        },
        {
            "pages": 7,
            "off_hours_pages": 2,
            "false_positive_pages": 1,
            "time_to_acknowledge_minutes": 6,
        },
        {"from": "@a"},  # a shift that reports nothing does not count
        {"pages": "many"},
    ]
    health = oncall.rotation_health("platform", handoffs)
    assert health.shifts == 2 and health.pages == 10
    assert health.metrics == {
        "pages_per_shift": 5,
        "off_hours_pages_per_shift": 1.5,
        "false_positive_pct": 20,
        "time_to_acknowledge_minutes": 5,
    }
    assert set(health.states.values()) == {"warning"} and health.state == "warning"
    worse = oncall.rotation_health("x", [{"pages": 9, "time_to_acknowledge_minutes": 1}])
    assert worse.states["pages_per_shift"] == "critical" and worse.state == "critical"
    quiet = oncall.rotation_health("y", [{"pages": 0}])
    assert quiet.metrics["false_positive_pct"] is None and quiet.state == "healthy"
    assert oncall.rotation_health("z", []).state is None


def test_worst() -> None:
    assert oncall.worst(["healthy", None, "critical", "warning"]) == "critical"
    assert oncall.worst([None]) is None
