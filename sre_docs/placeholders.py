"""Template placeholder text: the values and phrases `sre-docs new` leaves for the author.

Rules report them, and the aggregates skip them (a draft's `services: [TODO]` is no service)."""

from __future__ import annotations

import re

PLACEHOLDER_VALUES = frozenset(
    {
        "",
        "@name",
        "@owner",
        "@handle",
        "@username",
        "@someone",
        "owner",
        "name",
        "date",
        "due",
        "due date",
        "yyyy-mm-dd",
        "xxx-123",
        "xxx",
        "ticket",
        "tbd",
        "tba",
        "todo",
        "n/a",
        "na",
        "none",
        "null",
        "-",
        "?",
        "??",
        "unknown",
        "[answer]",
    }
)
_PLACEHOLDER_PATTERN = re.compile(r"^(?:\[[^\]]*\]|<[^>]*>|x{2,}-\d+|\{\{.*\}\})$", re.IGNORECASE)


def is_missing(value: str | None) -> bool:
    """True for empty values and for template placeholders such as `@name`, `Date`, `TBD`."""
    if value is None:
        return True
    text = value.strip().strip("*_`").strip()
    return text.lower() in PLACEHOLDER_VALUES or _PLACEHOLDER_PATTERN.match(text) is not None


PLACEHOLDER_TEXT = re.compile(
    r"\[Answer\]|\bYYYY-MM-DD\b|\bHH:MM\b|\bTODO\b|\bTBD\b|\b[Xx]{3}-\d{3}\b|"
    r"\[(?:Insert|Describe|Add|Fill in|Explain|List|Link|Summari[sz]e)\b[^\[\]]*\](?!\()"
)
