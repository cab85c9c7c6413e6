"""Incident statistics: counts by severity, means, durations, months without incidents."""

from __future__ import annotations

import pytest

from sre_docs.calc import incidents


@pytest.mark.parametrize(
    ("severity", "rank"), [("SEV1", 1), ("SEV2", 2), ("SEV4", 4), ("sev1", None), (1, None)]
)
def test_severity_rank(severity: object, rank: int | None) -> None:
    assert incidents.severity_rank(severity) == rank


def test_counts_means_and_months() -> None:
    postmortems = [
        {
            "date": "2026-09-02",
            "severity": "SEV2",
            "duration_minutes": 95,
            "detection": {"time_to_detect_minutes": 6},
            "resolution": {"time_to_mitigate_minutes": 41, "time_to_resolve_minutes": 95},
        },
        {
            "date": "2026-11-19",
            "severity": "SEV3",
            "duration_minutes": 25,
            "detection": {"time_to_detect_minutes": 4},
            "resolution": {"time_to_mitigate_minutes": 12},
        },
        {
            "date": "2026-11-02",
            "severity": "SEV2",
            "detection": {"time_to_detect_minutes": -3},  # invalid: skipped
            "resolution": "quick",
        },
        {"severity": "SEV9", "duration_minutes": "long"},
    ]
    stats = incidents.summarize_incidents(postmortems)
    assert stats.count == 4
    assert stats.by_severity == {"SEV1": 0, "SEV2": 2, "SEV3": 1, "SEV4": 0}
    assert stats.mean_time_to_detect == pytest.approx(5.0)
    assert stats.mean_time_to_mitigate == pytest.approx(26.5)
    assert stats.mean_time_to_resolve == pytest.approx(95.0)
    assert stats.total_duration_minutes == pytest.approx(120.0)
    assert [month for month, _ in stats.per_month] == ["2026-09", "2026-10", "2026-11"]
    assert dict(stats.per_month)["2026-10"] == {"SEV1": 0, "SEV2": 0, "SEV3": 0, "SEV4": 0}
    assert dict(stats.per_month)["2026-11"]["SEV2"] == 1


def test_no_postmortems() -> None:
    stats = incidents.summarize_incidents([])
    assert stats.count == 0 and stats.per_month == []
    assert stats.mean_time_to_detect is None


def test_months_cross_a_year() -> None:
    stats = incidents.summarize_incidents([{"date": "2025-12-30"}, {"date": "2026-02-01"}])
    assert [month for month, _ in stats.per_month] == ["2025-12", "2026-01", "2026-02"]


def test_months_of_a_span_of_centuries_are_only_those_with_incidents() -> None:
    """Two typos in dates must not make a chart of 120,000 months (a 20 MB page)."""
    import datetime as dt

    stats = incidents.summarize_incidents(
        [{"date": dt.date(1, 1, 1)}, {"date": "2026-11-02"}, {"date": dt.date(9999, 12, 31)}]
    )
    assert [month for month, _ in stats.per_month] == ["0001-01", "2026-11", "9999-12"]
    twenty_years = incidents.summarize_incidents([{"date": "2006-12-01"}, {"date": "2026-11-01"}])
    assert len(twenty_years.per_month) == incidents.MAX_FILLED_MONTHS
