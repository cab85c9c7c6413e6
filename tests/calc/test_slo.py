"""SLO budget math, table by table: windows, budget percent and minutes, remaining, states."""

from __future__ import annotations

import pytest

from sre_docs.calc import slo


@pytest.mark.parametrize(
    ("window", "minutes"),
    [
        ("30d", 43_200),
        ("28d", 40_320),
        ("4w", 40_320),
        ("24h", 1_440),
        ("90m", 90),
        (" 7D ", 10_080),
        ("0d", None),
        ("30", None),
        ("monthly", None),
        ("1.5d", None),
        (30, None),
        (None, None),
    ],
)
def test_parse_window(window: object, minutes: int | None) -> None:
    assert slo.parse_window(window) == minutes


@pytest.mark.parametrize(
    ("target", "window", "minutes"),
    [
        (99.9, "30d", 43.2),
        (99.9, "28d", 40.32),
        (99.95, "30d", 21.6),
        (99.0, "4w", 403.2),
        (99.99, "30d", 4.32),
        ("99.5", "30d", 216.0),
        (99.9, "monthly", None),
        (None, "30d", None),
    ],
)
def test_budget_minutes(target: object, window: object, minutes: float | None) -> None:
    result = slo.budget_minutes(target, window)
    if minutes is None:
        assert result is None
    else:
        assert result == pytest.approx(minutes)


@pytest.mark.parametrize(
    ("remaining", "state"),
    [
        (1.0, "healthy"),
        (0.5000001, "healthy"),
        (0.5, "warning"),  # 50 % left is no longer healthy
        (0.25, "warning"),  # 25 % is still warning
        (0.2499999, "critical"),
        (0.0000001, "critical"),
        (0.0, "exhausted"),
        (-0.3, "exhausted"),
        (None, None),
    ],
)
def test_budget_state_boundaries(remaining: float | None, state: str | None) -> None:
    assert slo.budget_state(remaining) == state


@pytest.mark.parametrize(
    ("target", "current", "remaining", "state"),
    [
        (99.9, 99.95, 0.5, "warning"),
        (99.9, 99.975, 0.75, "healthy"),
        (99.9, 99.925, 0.25, "warning"),
        (99.9, 99.92, 0.2, "critical"),
        (99.9, 99.9, 0.0, "exhausted"),
        (99.9, 99.8, -1.0, "exhausted"),
        (99.0, 100, 1.0, "healthy"),
    ],
)
def test_remaining_budget_and_state(
    target: float, current: float, remaining: float, state: str
) -> None:
    left = slo.budget_remaining(target, current)
    assert left == pytest.approx(remaining)
    # Through the summary as the pages and export see it (float noise at the boundaries is
    # the reason the states are tested on the rounded inputs above too).
    summary = slo.summarize_slo({"target": target, "current": current, "window": "30d"})
    assert summary.remaining_pct == pytest.approx(remaining * 100)
    assert slo.budget_state(round(left, 9)) == state


@pytest.mark.parametrize(
    ("target", "error_budget"),
    [(99.9, 0.1), (99.95, 0.05), (95, 5.0), ("99.5%", 0.5), (True, None), ("x", None)],
)
def test_error_budget_pct(target: object, error_budget: float | None) -> None:
    result = slo.error_budget_pct(target)
    assert result == (None if error_budget is None else pytest.approx(error_budget))


@pytest.mark.parametrize(
    ("given", "expected", "consistent"),
    [
        (43.2, 43.2, True),
        (43, 43.2, True),  # rounded to whole minutes, two significant digits
        (44.2, 43.2, False),  # a minute is 2.3 % of this budget: relative, not ±1 minute
        (1010.0, 1000.0, True),  # ±1 % of a large budget
        (1011.0, 1000.0, False),
        (0.0, 0.5, False),
        (1.4, 0.432, False),  # 99.999 % over 30d
    ],
)
def test_budget_minutes_tolerance(given: float, expected: float, consistent: bool) -> None:
    assert slo.budget_matches(given, expected) is consistent


@pytest.mark.parametrize(
    ("target", "valid_budget"),
    [(99.9, True), (0.999, True), (100, False), (0, False), (-1, False), (None, False)],
)
def test_summary_computes_budgets_for_reachable_targets_only(
    target: object, valid_budget: bool
) -> None:
    summary = slo.summarize_slo({"target": target, "window": "30d", "current": 99.95})
    assert (summary.budget_minutes is not None) is valid_budget
    assert (summary.error_budget_pct is not None) is valid_budget


@pytest.mark.parametrize(
    ("rate", "long_window", "window", "spent"),
    [
        (14.4, "1h", "30d", 0.02),
        (6, "6h", "30d", 0.05),
        (1, "3d", "30d", 0.1),
        (2, "x", "30d", None),
    ],
)
def test_burn_rate_budget_spent(
    rate: float, long_window: str, window: str, spent: float | None
) -> None:
    result = slo.burn_rate_budget_spent(rate, long_window, window)
    assert result == (None if spent is None else pytest.approx(spent))


@pytest.mark.parametrize(
    ("value", "ratio"), [(0.999, True), (1, True), (99.9, False), (0, False), ("0.5", True)]
)
def test_looks_like_ratio(value: object, ratio: bool) -> None:
    assert slo.looks_like_ratio(value) is ratio
