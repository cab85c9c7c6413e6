"""Review dates: when a document was last reviewed, how long ago, and whether that is stale.

One definition of "stale" for the rules and the pages: older than the limit, in whole days."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sre_docs.calc.action_items import parse_due

REVIEW_KEYS = ("last_reviewed", "last_updated")
"""Front-matter keys of the last review, the first present wins (`last_updated` is an alias)."""


@dataclass(frozen=True, slots=True)
class Review:
    key: str
    """The key the date was read from (for the line of a finding)."""
    reviewed: dt.date | None
    age_days: int | None
    stale: bool


def review(
    meta: Mapping[str, Any], today: dt.date, limit_days: int, keys: tuple[str, ...] = REVIEW_KEYS
) -> Review:
    """The last review of a document: stale when more than `limit_days` before `today`."""
    key = next((key for key in keys if key in meta), keys[0])
    reviewed = parse_due(meta.get(key))
    age = (today - reviewed).days if reviewed is not None else None
    return Review(key, reviewed, age, is_stale(age, limit_days))


def is_stale(age_days: int | None, limit_days: int) -> bool:
    """More than `limit_days` old; an unknown age is not stale (the schema reports it)."""
    return age_days is not None and age_days > limit_days
