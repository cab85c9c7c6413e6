"""The error-budget policy: which step applies at each level of budget left, and its options."""

from __future__ import annotations

import pytest

from sre_docs.calc.policy import DEFAULT_POLICY, PolicyStep, parse_policy, policy_step


@pytest.mark.parametrize(
    ("remaining", "above"),
    [
        (100.0, 50.0),
        (50.01, 50.0),
        (50.0, 10.0),  # half the budget left is no longer "normal velocity"
        (25.0, 10.0),
        (10.01, 10.0),
        (10.0, 0.0),
        (0.01, 0.0),
        (0.0, None),  # exhausted
        (-35.0, None),
    ],
)
def test_default_policy_steps(remaining: float, above: float | None) -> None:
    step = policy_step(remaining)
    assert step is not None and step.above == above


def test_unmeasured_budget_has_no_step() -> None:
    assert policy_step(None) is None


def test_default_policy_names_the_four_actions() -> None:
    actions = [step.action.split(":")[0].split(";")[0] for step in DEFAULT_POLICY]
    assert actions == [
        "Normal velocity",
        "Postpone risky changes",
        "Freeze non-critical changes",
        "Feature freeze",
    ]


def test_custom_policy_without_an_exhausted_step() -> None:
    policy = parse_policy([{"above": 20, "action": "Ship"}, {"above": 0, "action": "Slow down"}])
    assert policy == (PolicyStep(20.0, "Ship"), PolicyStep(0.0, "Slow down"))
    assert policy_step(-5.0, policy) is None
    assert policy_step(20.0, policy) == PolicyStep(0.0, "Slow down")


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ([], "expected a list"),
        ("freeze", "expected a list"),
        ([{"above": 50}], "[0].action"),
        ([{"above": 50, "action": "a", "colour": "red"}], "[0]: expected a mapping"),
        ([{"action": "x"}, {"above": 10, "action": "y"}], "only the last step"),
        ([{"above": 10, "action": "x"}, {"above": 50, "action": "y"}], "most budget left"),
        ([{"above": 100, "action": "x"}], "[0].above"),
        ([{"above": True, "action": "x"}], "[0].above"),
    ],
)
def test_invalid_policies_say_which_entry(raw: object, message: str) -> None:
    with pytest.raises(ValueError, match=message.replace("[", r"\[").replace("]", r"\]")):
        parse_policy(raw)
