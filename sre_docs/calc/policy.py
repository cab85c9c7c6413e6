"""The error-budget policy: what a team does at each level of remaining error budget.

The default follows the example policy of Google's SRE workbook; `budget_policy` in the
configuration replaces it. Percentages are of the budget left (50 means half of it)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class PolicyStep:
    """One level of the policy: it applies while the budget left is above `above` percent;
    `above` None is the step for an exhausted budget (0 % or less left)."""

    above: float | None
    action: str

    @property
    def label(self) -> str:
        return "exhausted" if self.above is None else f"above {self.above:g} % left"


DEFAULT_POLICY: tuple[PolicyStep, ...] = (
    PolicyStep(50.0, "Normal velocity: ship features as planned."),
    PolicyStep(10.0, "Postpone risky changes; reliability work comes before new features."),
    PolicyStep(0.0, "Freeze non-critical changes: only fixes and reliability work ship."),
    PolicyStep(None, "Feature freeze: the team works on reliability until the budget recovers."),
)


def policy_step(
    remaining_pct: float | None, policy: Sequence[PolicyStep] = DEFAULT_POLICY
) -> PolicyStep | None:
    """The step that applies to `remaining_pct` (None when the budget is not measured)."""
    if remaining_pct is None:
        return None
    for step in policy:
        if step.above is None:
            if remaining_pct <= 0:
                return step
        elif remaining_pct > step.above:
            return step
    return None


def parse_policy(raw: Any) -> tuple[PolicyStep, ...]:
    """Steps from configuration: a list of `{above: PCT, action: TEXT}`, highest first, and
    optionally a last `{action: TEXT}` without `above` for an exhausted budget.

    Raises ValueError with a message that names the offending entry."""
    if not isinstance(raw, list) or not raw:
        raise ValueError("expected a list of {above: percent, action: text}")
    steps: list[PolicyStep] = []
    for index, entry in enumerate(raw):
        if not isinstance(entry, dict) or set(entry) - {"above", "action"}:
            raise ValueError(f"[{index}]: expected a mapping with 'above' and 'action'")
        action = entry.get("action")
        if not isinstance(action, str) or not action.strip():
            raise ValueError(f"[{index}].action: expected text")
        above = entry.get("above")
        if above is None:
            if index != len(raw) - 1:
                raise ValueError(f"[{index}]: only the last step may omit 'above' (exhausted)")
        elif isinstance(above, bool) or not isinstance(above, int | float) or not 0 <= above < 100:
            raise ValueError(f"[{index}].above: expected a percentage from 0 to under 100")
        elif steps and steps[-1].above is not None and above >= steps[-1].above:
            raise ValueError(f"[{index}].above: steps go from the most budget left to the least")
        steps.append(PolicyStep(None if above is None else float(above), action.strip()))
    return tuple(steps)
