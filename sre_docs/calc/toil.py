"""Toil value and the automation priority matrix.

Value is hours per month; its level (high > 10 h, medium 2–10 h, low < 2 h) crossed with the
automation difficulty gives the matrix cell:

| value \\ difficulty | low       | medium    | high     |
|--------------------|-----------|-----------|----------|
| high               | do-first  | do-first  | plan     |
| medium             | quick-win | do-second | evaluate |
| low                | quick-win | evaluate  | skip     |
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sre_docs.calc.slo import number

CELLS = ("do-first", "do-second", "plan", "evaluate", "quick-win", "skip")
_MATRIX = {
    ("high", "low"): "do-first",
    ("high", "medium"): "do-first",
    ("high", "high"): "plan",
    ("medium", "low"): "quick-win",
    ("medium", "medium"): "do-second",
    ("medium", "high"): "evaluate",
    ("low", "low"): "quick-win",
    ("low", "medium"): "evaluate",
    ("low", "high"): "skip",
}


def hours_per_month(time_per_occurrence_min: Any, occurrences_per_month: Any) -> float | None:
    minutes = number(time_per_occurrence_min)
    occurrences = number(occurrences_per_month)
    if minutes is None or occurrences is None or minutes < 0 or occurrences < 0:
        return None
    hours = minutes * occurrences / 60.0
    return hours if math.isfinite(hours) else None  # 1e308 minutes × 1e308 times is no figure


def priority_level(hours: float | None) -> str | None:
    """high > 10 h, medium 2–10 h (inclusive), low < 2 h."""
    if hours is None:
        return None
    if hours > 10:
        return "high"
    if hours >= 2:
        return "medium"
    return "low"


def matrix_cell(level: str | None, difficulty: Any) -> str | None:
    if level is None or not isinstance(difficulty, str):
        return None
    return _MATRIX.get((level, difficulty.strip().lower()))


def hours_consistent(given: Any, expected: float) -> bool:
    """Within ±5 % (±0.05 h when nothing is expected)."""
    value = number(given)
    if value is None:
        return False
    if expected == 0:
        return abs(value) <= 0.05
    return abs(value - expected) <= 0.05 * abs(expected) + 1e-9


@dataclass(frozen=True, slots=True)
class ToilSummary:
    hours: float | None
    level: str | None
    difficulty: str | None
    cell: str | None
    category: str | None
    frequency: str | None
    teams: tuple[str, ...] = field(default_factory=tuple)
    automated: bool = False
    """`status: automated`: no longer toil, left out of the totals and the matrix."""


def summarize_toil(meta: dict[str, Any]) -> ToilSummary:
    hours = hours_per_month(meta.get("time_per_occurrence_min"), meta.get("occurrences_per_month"))
    level = priority_level(hours)
    difficulty = meta.get("automation_difficulty")
    difficulty = difficulty if isinstance(difficulty, str) else None
    teams = meta.get("teams_affected")
    team_list = tuple(str(team) for team in teams) if isinstance(teams, list) else ()
    category = meta.get("category") if isinstance(meta.get("category"), str) else None
    frequency = meta.get("frequency") if isinstance(meta.get("frequency"), str) else None
    return ToilSummary(
        hours,
        level,
        difficulty,
        matrix_cell(level, difficulty),
        category,
        frequency,
        team_list,
        meta.get("status") == "automated",
    )


def aggregate_toil(summaries: Iterable[ToilSummary]) -> dict[str, Any]:
    """Total hours, hours by category and by team (each listed team gets the item's full
    hours), and how many items fall in each matrix cell; automated records do not count."""
    total = 0.0
    by_category: dict[str, float] = {}
    by_team: dict[str, float] = {}
    cells = dict.fromkeys(CELLS, 0)
    for summary in summaries:
        if summary.hours is None or summary.automated:
            continue
        total += summary.hours
        category = summary.category or "uncategorised"
        by_category[category] = by_category.get(category, 0.0) + summary.hours
        for team in summary.teams:
            by_team[team] = by_team.get(team, 0.0) + summary.hours
        if summary.cell is not None:
            cells[summary.cell] += 1
    return {
        "total_hours": total,
        "by_category": dict(sorted(by_category.items(), key=lambda kv: (-kv[1], kv[0]))),
        "by_team": dict(sorted(by_team.items(), key=lambda kv: (-kv[1], kv[0]))),
        "matrix": cells,
    }
