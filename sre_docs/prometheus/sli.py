"""SLI queries of an SLO document: `sli.good_events` or `sli.bad_events`, and `sli.total_events`.

A query is PromQL with a `[{{window}}]` placeholder (Sloth's `{{.window}}` is accepted too), or a
plain selector that is wrapped in `sum(rate(…[window]))`. `error_ratio` gives the PromQL of the
error ratio over any window."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

PLACEHOLDER = re.compile(r"\{\{\s*\.?window\s*\}\}")
# A metric name with an optional label matcher, or a bare matcher: `requests_total{code="500"}`.
_SELECTOR = re.compile(r"^(?:[A-Za-z_:][A-Za-z0-9_:]*)?(?:\{[^{}]*\})?$")
QUERY_KEYS = ("good_events", "bad_events", "total_events")


@dataclass(frozen=True, slots=True)
class SliQueries:
    """The two queries of one SLI: `numerator` counts good events, or bad ones (`bad`)."""

    numerator: str
    total: str
    bad: bool

    def error_ratio(self, window: str) -> str:
        """PromQL of the share of bad events over `window` (`5m`, `30d`)."""
        numerator = render(self.numerator, window)
        total = render(self.total, window)
        if self.bad:
            return f"({numerator})\n/\n({total})"
        return f"1 - (\n  ({numerator})\n  /\n  ({total})\n)"


def is_selector(query: str) -> bool:
    text = query.strip()
    return bool(text) and text != "{}" and _SELECTOR.match(text) is not None


def render(query: str, window: str) -> str:
    """The query over `window`: placeholders filled in, or a selector wrapped in a rate."""
    text = query.strip()
    if PLACEHOLDER.search(text):
        return PLACEHOLDER.sub(window, text)
    return f"sum(rate({text}[{window}]))"


def query_problem(query: Any) -> str | None:
    """Why one SLI query cannot be used, or None."""
    if not isinstance(query, str) or not query.strip():
        return "must be a PromQL query"
    if PLACEHOLDER.search(query) or is_selector(query):
        return None
    return (
        "has no [{{window}}] placeholder and is not a plain selector, so its range cannot "
        "follow each alert window (write rate(x[{{window}}]) instead of rate(x[5m]))"
    )


def sli_problems(sli: Any) -> list[tuple[str, str]]:
    """(key, message) for what keeps an `sli` mapping from giving an error ratio."""
    if not isinstance(sli, dict) or not any(key in sli for key in QUERY_KEYS):
        return []  # an SLI described in words only: nothing to generate from
    problems: list[tuple[str, str]] = []
    if "good_events" in sli and "bad_events" in sli:
        problems.append(("bad_events", "give good_events or bad_events, not both"))
    if "total_events" not in sli:
        problems.append(
            (
                "good_events" if "good_events" in sli else "bad_events",
                "total_events is missing: the error ratio needs both queries",
            )
        )
    elif "good_events" not in sli and "bad_events" not in sli:
        problems.append(("total_events", "good_events or bad_events is missing"))
    for key in QUERY_KEYS:
        if key in sli:
            problem = query_problem(sli[key])
            if problem is not None:
                problems.append((key, f"sli.{key} {problem}"))
    return problems


def sli_queries(sli: Any) -> SliQueries | None:
    """The SLI's queries when they are complete and usable; None otherwise."""
    if not isinstance(sli, dict) or sli_problems(sli) or "total_events" not in sli:
        return None
    if "bad_events" in sli:
        return SliQueries(str(sli["bad_events"]), str(sli["total_events"]), bad=True)
    if "good_events" in sli:
        return SliQueries(str(sli["good_events"]), str(sli["total_events"]), bad=False)
    return None
