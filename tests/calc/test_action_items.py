"""Action-item dates: parsing, status with overdue, days overdue, business days, ordering."""

from __future__ import annotations

import datetime as dt

import pytest

from sre_docs.calc import action_items as items
from sre_docs.calc import reviews

TODAY = dt.date(2026, 11, 24)  # a Tuesday


@pytest.mark.parametrize(
    ("value", "parsed"),
    [
        ("2026-11-24", dt.date(2026, 11, 24)),
        ("2026-11-24T10:00:00Z", dt.date(2026, 11, 24)),
        (dt.date(2026, 1, 2), dt.date(2026, 1, 2)),
        (dt.datetime(2026, 1, 2, 23, 59), dt.date(2026, 1, 2)),
        ("2026-02-30", None),
        ("Date", None),
        ("26-11-24", None),
        (20261124, None),
        (None, None),
    ],
)
def test_parse_due(value: object, parsed: dt.date | None) -> None:
    assert items.parse_due(value) == parsed


@pytest.mark.parametrize(
    ("item", "status", "days"),
    [
        ({"due": "2026-11-23", "status": "open"}, "overdue", 1),
        ({"due": "2026-11-24", "status": "open"}, "open", None),  # due today is not late
        ({"due": "2026-11-25"}, "open", None),
        ({"due": "2026-10-25", "status": "in-progress"}, "overdue", 30),
        ({"due": "2026-11-30", "status": "In-Progress"}, "in-progress", None),
        ({"due": "2026-01-01", "status": "done"}, "done", None),
        ({"due": "2026-01-01", "status": "DONE"}, "done", None),
        ({"deadline": "2026-11-20"}, "overdue", 4),
        ({"status": "open"}, "open", None),
        ({"due": "TBD"}, "open", None),
    ],
)
def test_status_and_days_overdue(item: dict[str, str], status: str, days: int | None) -> None:
    assert items.item_status(item, TODAY) == status
    assert items.days_overdue(item, TODAY) == days


@pytest.mark.parametrize(
    ("start", "end", "days"),
    [
        ("2026-11-20", "2026-11-23", 1),  # Friday → Monday
        ("2026-11-20", "2026-11-27", 5),  # a week
        ("2026-11-21", "2026-11-22", 0),  # Saturday → Sunday
        ("2026-11-23", "2026-11-23", 0),
        ("2026-11-24", "2026-11-23", 0),
        ("2026-11-02", "2026-11-30", 20),
        ("2026-11-17", "2026-11-24", 5),
        ("2026-11-16", "2026-11-24", 6),
    ],
)
def test_business_days_between(start: str, end: str, days: int) -> None:
    first, last = dt.date.fromisoformat(start), dt.date.fromisoformat(end)
    assert items.business_days_between(first, last) == days
    brute = sum(
        1
        for offset in range(1, (last - first).days + 1)
        if (first + dt.timedelta(days=offset)).weekday() < 5
    )
    assert days == brute


def test_open_items_overdue_first_then_by_due_date() -> None:
    listed = [
        {"id": "a", "due": "2026-12-10"},
        {"id": "b", "due": "2026-11-01"},
        {"id": "c"},
        {"id": "d", "due": "2026-11-20"},
        {"id": "e", "due": "2026-11-01", "status": "done"},
        {"id": "f", "due": "2026-11-30"},
    ]
    assert [item["id"] for item in items.sort_open_items(listed, TODAY)] == [
        "b",
        "d",
        "f",
        "a",
        "c",
    ]


@pytest.mark.parametrize(
    ("meta", "key", "age", "stale"),
    [
        ({"last_reviewed": "2026-05-28"}, "last_reviewed", 180, False),  # the limit itself
        ({"last_reviewed": "2026-05-27"}, "last_reviewed", 181, True),
        ({"last_updated": "2025-01-01"}, "last_updated", 692, True),
        ({"last_reviewed": "2026-11-01", "last_updated": "2020-01-01"}, "last_reviewed", 23, False),
        ({"last_reviewed": "yesterday"}, "last_reviewed", None, False),
        ({}, "last_reviewed", None, False),
    ],
)
def test_review_age_and_staleness(
    meta: dict[str, str], key: str, age: int | None, stale: bool
) -> None:
    last = reviews.review(meta, TODAY, 180)
    assert (last.key, last.age_days, last.stale) == (key, age, stale)
