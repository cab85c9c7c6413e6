"""Capacity math: utilisation, headroom, compound growth, months to a trigger, tolerances."""

from __future__ import annotations

import pytest

from sre_docs.calc import capacity


@pytest.mark.parametrize(
    ("peak", "total", "pct"),
    [(900, 1200, 75.0), (0, 10, 0.0), (10, 0, None), (-1, 10, None), ("x", 10, None)],
)
def test_utilisation(peak: object, total: object, pct: float | None) -> None:
    result = capacity.utilisation_pct(peak, total)
    assert result == (None if pct is None else pytest.approx(pct))


@pytest.mark.parametrize(
    ("current", "growth", "months", "projected"),
    [
        (60, 5, 12, 107.75),  # compounded, not 60 + 12 × 3 = 96
        (65, 4, 3, 73.12),
        (65, 4, 6, 82.25),
        (50, 0, 24, 50.0),
        (50, -10, 1, 45.0),
        (50, -100, 1, None),
        (50, 5, -1, None),
    ],
)
def test_projection_compounds_monthly(
    current: float, growth: float, months: int, projected: float | None
) -> None:
    result = capacity.projected_utilisation(current, growth, months)
    assert result == (None if projected is None else pytest.approx(projected, abs=0.01))


@pytest.mark.parametrize(
    ("current", "growth", "trigger", "months"),
    [(65, 4, 80, 5.29), (80, 4, 80, 0.0), (90, 4, 80, 0.0), (50, 0, 80, None), (0, 5, 80, None)],
)
def test_months_until_trigger(
    current: float, growth: float, trigger: float, months: float | None
) -> None:
    result = capacity.months_until(current, growth, trigger)
    assert result == (None if months is None else pytest.approx(months, abs=0.01))


@pytest.mark.parametrize(
    ("given", "expected", "ok"),
    [(35, 35, True), (36, 35, True), (36.01, 35, False), (34, 35, True)],
)
def test_one_point_tolerance(given: float, expected: float, ok: bool) -> None:
    assert capacity.within(given, expected) is ok


def test_summary_prefers_the_written_utilisation() -> None:
    summary = capacity.summarize_capacity(
        {
            "current": {"capacity": 1000, "peak": 500, "peak_utilisation_pct": 52},
            "growth": {
                "monthly_growth_pct": 10,
                "projections": [{"months": 2}, "x", {"months": 1.5}],
            },
            "scaling": {"trigger_utilisation_pct": 62.92},
        }
    )
    assert summary.peak_utilisation_pct == 52 and summary.headroom_pct == 48
    assert summary.months_to_trigger == pytest.approx(2.0, abs=0.01)
    assert [(months, written) for months, written, _ in summary.projections] == [(2, None)]
    computed = capacity.summarize_capacity({"current": {"capacity": 1000, "peak": 500}})
    assert computed.peak_utilisation_pct == 50 and computed.months_to_trigger is None


def test_absurd_horizons_do_not_overflow() -> None:
    assert capacity.projected_utilisation(60, 5, 10**6) is None
    assert capacity.months_until(1e-300, 1e-12, 1e300) is not None
