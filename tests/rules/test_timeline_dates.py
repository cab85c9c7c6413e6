"""Dates written at the start of timeline entries."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sre_docs.rules.postmortem import _DATE_HINT, _ISO_DATE, _NUMERIC_DATE, written_date


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("### 19. April, 11:00", dt.date(2000, 4, 19)),
        ("19. April 2024 11:00", dt.date(2024, 4, 19)),
        # A numbered list item is not a dotted day: the date is the one after it.
        ("2. May 13, 14:05 deploy starts", dt.date(2000, 5, 13)),
        ("- 7th Nov 2023 09:00", dt.date(2023, 11, 7)),
    ],
)
def test_written_date(text: str, expected: dt.date) -> None:
    assert written_date(text) == expected


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="0123456789/.-: aT٣", max_size=16))
def test_every_numeric_and_iso_date_holds_the_hint_looked_for_first(text: str) -> None:
    if _NUMERIC_DATE.search(text) or _ISO_DATE.search(text):
        assert _DATE_HINT.search(text)
