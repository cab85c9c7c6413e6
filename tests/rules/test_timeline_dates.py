"""Dates written at the start of timeline entries."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

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


LAST_DAY = """---
type: postmortem
title: Outage
{date}severity: SEV2
status: draft
services: [checkout]
---
# Outage

## Timeline

- 23:55 alert fires
- 00:10 mitigated
"""


@pytest.mark.parametrize(
    ("name", "date"), [("9999-12-31-outage.md", ""), ("outage.md", "date: 9999-12-31\n")]
)
def test_a_timeline_past_midnight_of_the_last_day_there_is(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    name: str,
    date: str,
) -> None:
    """A document dated 9999-12-31 (by its file name or its front matter) whose timeline
    passes midnight: its entries stay on that day (there is no next one), and the run goes on
    (it was an OverflowError)."""
    from sre_docs.cli import main

    (tmp_path / "mkdocs.yml").write_text("site_name: t\ndocs_dir: docs\n", encoding="utf-8")
    (tmp_path / "docs" / "postmortems").mkdir(parents=True)
    text = LAST_DAY.format(date=date)
    (tmp_path / "docs" / "postmortems" / name).write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["lint", "--no-cache", "--today", "2026-11-24", "--format", "json"]) == 1
    rules = {finding["rule"] for finding in json.loads(capsys.readouterr().out)}
    assert "missing-section" in rules
