"""Action-item dates and status: due dates, overdue days, business days, ordering.

"Today" is always a parameter; nothing here reads the clock."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from typing import Any, NamedTuple


class DueDate(NamedTuple):
    """A due date as written: the date, or why it is not one (both None when it is absent)."""

    date: dt.date | None
    problem: str | None


def read_due(value: Any) -> DueDate:
    """The one reading of an action item's due date, for every place action items come from
    (front matter, tables, lists): a `date`, a `datetime`, or an ISO 8601 string
    (`2026-12-15`, `2026-12-15T17:00`). Anything else (`12/15/2026`, `next week`,
    `2026-13-01`) is a problem, never a silent "no date"; `None` or an empty string is absent."""
    if value is None:
        return DueDate(None, None)
    if isinstance(value, dt.datetime):
        return DueDate(value.date(), None)
    if isinstance(value, dt.date):
        return DueDate(value, None)
    if not isinstance(value, str):
        return DueDate(None, f"due date {value!r} is not a date (YYYY-MM-DD)")
    text = value.strip()
    if not text:
        return DueDate(None, None)
    if len(text) < 10 or text[4] != "-" or text[7] != "-":  # only the extended form
        return DueDate(None, f"due date {text!r} is not a date (YYYY-MM-DD)")
    try:
        return DueDate(dt.date.fromisoformat(text), None)
    except ValueError:
        pass
    try:
        return DueDate(dt.datetime.fromisoformat(text).date(), None)
    except ValueError:
        pass
    return DueDate(None, f"due date {text!r} is not a date (YYYY-MM-DD)")


_DUE_PHRASE = re.compile(
    r"\b(?:due(?: date)?|by|deadline|until|before|eta|target(?: date)?)"
    r"[ \t]{0,3}[:=]?[ \t]{0,3}"
    r"(\d{4}-\d{2}-\d{2}|\d{1,2}[/.]\d{1,2}[/.]\d{2,4})(?![\d/.-])",
    re.IGNORECASE,
)


def parse_due(value: Any) -> dt.date | None:
    """The due date in `value`; None when it is absent or not a date (see `read_due`)."""
    return read_due(value).date


def due_in_text(text: str) -> str | None:
    """The due date a sentence states (`due 2026-11-10`, `by 2026-11-10`, `Deadline: …`), as
    written; None when it states none. Parsed, like every due date, by `parse_due`."""
    match = _DUE_PHRASE.search(text)
    return match.group(1) if match else None


def _due_of(item: Mapping[str, Any]) -> dt.date | None:
    return parse_due(item.get("due", item.get("deadline")))


def item_status(item: Mapping[str, Any], today: dt.date) -> str:
    """`done`, `overdue`, `in-progress` or `open` (an item with no status is open)."""
    status = str(item.get("status") or "open").strip().lower()
    if status == "done":
        return "done"
    due = _due_of(item)
    if due is not None and due < today:
        return "overdue"
    return "in-progress" if status == "in-progress" else "open"


def days_overdue(item: Mapping[str, Any], today: dt.date) -> int | None:
    """Days past due for an item not done; None when it is done, undated or not yet due."""
    if item_status(item, today) != "overdue":
        return None
    due = _due_of(item)
    return (today - due).days if due is not None else None


def business_days_between(start: dt.date, end: dt.date) -> int:
    """Monday-to-Friday days after `start` up to and including `end`; 0 when end ≤ start."""
    if end <= start:
        return 0
    total_days = (end - start).days
    full_weeks, remainder = divmod(total_days, 7)
    count = full_weeks * 5
    weekday = start.weekday()
    for offset in range(1, remainder + 1):
        if (weekday + offset) % 7 < 5:
            count += 1
    return count


def sort_open_items(items: Iterable[Mapping[str, Any]], today: dt.date) -> list[Mapping[str, Any]]:
    """Items not done: overdue first (most overdue first), then by due date, undated last."""

    def key(item: Mapping[str, Any]) -> tuple[int, int, str, str]:
        due = _due_of(item)
        overdue = days_overdue(item, today)
        if overdue is not None:
            return (0, -overdue, "", str(item.get("id") or ""))
        if due is not None:
            return (1, 0, due.isoformat(), str(item.get("id") or ""))
        return (2, 0, "", str(item.get("id") or ""))

    return sorted((item for item in items if item_status(item, today) != "done"), key=key)
