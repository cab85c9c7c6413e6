"""`budget_matches`: the `slo-budget-mismatch` tolerance, relative to the budget."""

from __future__ import annotations

import pytest

from sre_docs.calc.slo import budget_matches, budget_minutes

THIRTY_DAYS = "30d"


@pytest.mark.parametrize(
    ("target", "window", "written", "accepted"),
    [
        (99.999, THIRTY_DAYS, 1.4, False),  # 0.432 is right: a minute off is 3x the budget
        (99.999, THIRTY_DAYS, 0.43, True),
        (99.999, THIRTY_DAYS, 0.432, True),
        (99.999, THIRTY_DAYS, 0.4, False),  # one significant digit, 7 % off
        (99.999, THIRTY_DAYS, 0, False),
        (99.99, THIRTY_DAYS, 5.3, False),  # 4.32 is right
        (99.99, THIRTY_DAYS, 4.32, True),
        (99.99, THIRTY_DAYS, 4.3, True),
        (99.99, THIRTY_DAYS, 4, False),
        (99.95, THIRTY_DAYS, 22, True),  # 21.6 rounded to whole minutes
        (99.95, THIRTY_DAYS, 21, False),
        (99.9, THIRTY_DAYS, 43.2, True),
        (99.9, THIRTY_DAYS, 43, True),
        (99.9, THIRTY_DAYS, 44, False),
        (99.9, "28d", 40.32, True),
        (99.9, "28d", 40, True),  # 0.8 % off
        (99.0, THIRTY_DAYS, 436, True),  # 0.9 % off
        (99.0, THIRTY_DAYS, 437, False),
    ],
)
def test_minutes(target: float, window: str, written: float, accepted: bool) -> None:
    expected = budget_minutes(target, window)
    assert expected is not None
    assert budget_matches(written, expected) is accepted


@pytest.mark.parametrize(
    ("written", "expected", "accepted"),
    [(0.001, 0.001, True), (0.002, 0.001, False), (0.1, 0.1, True), (0.11, 0.1, False)],
)
def test_percent(written: float, expected: float, accepted: bool) -> None:
    assert budget_matches(written, expected) is accepted


def test_not_a_number() -> None:
    assert budget_matches("soon", 4.32) is False
