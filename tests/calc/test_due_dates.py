"""`read_due`: the one reading of an action item's due date, table-driven."""

from __future__ import annotations

import datetime as dt

import pytest

from sre_docs.calc.action_items import item_status, parse_due, read_due

DAY = dt.date(2026, 12, 15)


@pytest.mark.parametrize(
    ("value", "date"),
    [
        (DAY, DAY),
        (dt.datetime(2026, 12, 15, 17, 0), DAY),
        ("2026-12-15", DAY),
        (" 2026-12-15 ", DAY),
        ("2026-12-15T17:00", DAY),
        ("2026-12-15T17:00:00Z", DAY),
        (None, None),
        ("", None),
    ],
)
def test_dates_and_absent_values(value: object, date: dt.date | None) -> None:
    assert read_due(value) == (date, None)
    assert parse_due(value) == date


@pytest.mark.parametrize(
    "value", ["12/15/2026", "next week", "2026-13-01", "2026-02-30", "2026-12-15 maybe", "15"]
)
def test_anything_else_is_a_problem_not_a_missing_date(value: str) -> None:
    due = read_due(value)
    assert due.date is None and due.problem is not None and repr(value.strip()) in due.problem


def test_a_bad_date_is_never_overdue() -> None:
    assert item_status({"due": "12/15/2025"}, DAY) == "open"
