"""Toil value levels (10 h / 2 h), the priority matrix, the ±5 % tolerance and the totals."""

from __future__ import annotations

import pytest

from sre_docs.calc import toil


@pytest.mark.parametrize(
    ("hours", "level"),
    [
        (40.0, "high"),
        (10.01, "high"),
        (10.0, "medium"),  # 10 h is the top of medium
        (2.0, "medium"),  # 2 h is the bottom of medium
        (1.99, "low"),
        (0.0, "low"),
        (None, None),
    ],
)
def test_priority_level_boundaries(hours: float | None, level: str | None) -> None:
    assert toil.priority_level(hours) == level


@pytest.mark.parametrize(
    ("level", "difficulty", "cell"),
    [
        ("high", "low", "do-first"),
        ("high", "medium", "do-first"),
        ("high", "high", "plan"),
        ("medium", "low", "quick-win"),
        ("medium", "medium", "do-second"),
        ("medium", "high", "evaluate"),
        ("low", "low", "quick-win"),
        ("low", "medium", "evaluate"),
        ("low", "high", "skip"),
        ("high", " High ", "plan"),
        ("high", "extreme", None),
        (None, "low", None),
        ("low", 3, None),
    ],
)
def test_matrix(level: str | None, difficulty: object, cell: str | None) -> None:
    assert toil.matrix_cell(level, difficulty) == cell


@pytest.mark.parametrize(
    ("minutes", "occurrences", "hours"),
    [
        (30, 20, 10.0),
        (15, 4, 1.0),
        (0, 100, 0.0),
        ("45", "8", 6.0),
        (-5, 3, None),
        (10, None, None),
    ],
)
def test_hours_per_month(minutes: object, occurrences: object, hours: float | None) -> None:
    result = toil.hours_per_month(minutes, occurrences)
    assert result == (None if hours is None else pytest.approx(hours))


@pytest.mark.parametrize(
    ("given", "expected", "consistent"),
    [
        (10, 10.0, True),
        (10.5, 10.0, True),  # +5 %
        (10.51, 10.0, False),
        (9.5, 10.0, True),
        (9.49, 10.0, False),
        (0.05, 0.0, True),
        (0.06, 0.0, False),
        ("ten", 10.0, False),
    ],
)
def test_hours_tolerance(given: object, expected: float, consistent: bool) -> None:
    assert toil.hours_consistent(given, expected) is consistent


def test_summary_and_totals() -> None:
    records = [
        {
            "time_per_occurrence_min": 60,
            "occurrences_per_month": 12,
            "automation_difficulty": "low",
            "category": "deployment",
            "teams_affected": ["platform", "payments"],
        },
        {
            "time_per_occurrence_min": 30,
            "occurrences_per_month": 8,
            "automation_difficulty": "high",
            "category": "deployment",
            "teams_affected": ["platform"],
        },
        {
            "time_per_occurrence_min": 5,
            "occurrences_per_month": 6,
            "automation_difficulty": "medium",
        },
        {"time_per_occurrence_min": "often"},
    ]
    summaries = [toil.summarize_toil(meta) for meta in records]
    assert [(s.hours, s.level, s.cell) for s in summaries] == [
        (12.0, "high", "do-first"),
        (4.0, "medium", "evaluate"),
        (0.5, "low", "evaluate"),
        (None, None, None),
    ]
    totals = toil.aggregate_toil(summaries)
    assert totals["total_hours"] == pytest.approx(16.5)
    assert totals["by_category"] == {"deployment": 16.0, "uncategorised": 0.5}
    assert totals["by_team"] == {"platform": 16.0, "payments": 12.0}
    assert totals["matrix"] == {
        "do-first": 1,
        "do-second": 0,
        "plan": 0,
        "evaluate": 2,
        "quick-win": 0,
        "skip": 0,
    }


def test_hours_that_overflow_are_no_figure() -> None:
    from sre_docs.calc.toil import hours_per_month

    assert hours_per_month(1e308, 1e308) is None
    assert hours_per_month(10**400, 2) is None
