"""Chaos experiment rules: safety before the fault is injected, an outcome once it is done.

Action items in `results.action_items` are checked like a postmortem's by the action-item
rules (the type's registry entry says where they are)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from sre_docs.rules.base import Hit, rule

if TYPE_CHECKING:
    from sre_docs.handbook import LintContext
    from sre_docs.model import Doc


def _block(doc: Doc, key: str) -> dict[str, Any]:
    value = doc.meta.get(key)
    return value if isinstance(value, dict) else {}


@rule("chaos-without-safety", "CH001", "error")
def chaos_without_safety(doc: Doc, context: LintContext) -> Iterator[Hit]:
    """## What it does
    Reports a chaos experiment that is `planned` or `running` without abort conditions
    (`safety.abort_conditions`, at least one) or without a rollback plan
    (`safety.rollback_plan`).

    ## Why is this bad
    A chaos experiment is a controlled incident. Without the conditions that stop it and the
    steps that undo it, a fault meant to last fifteen minutes on one node becomes a real
    outage with no plan to end it.

    ## Example
    ```yaml
    type: chaos-experiment
    status: planned
    safety:
      required_approvals: ["@payments-lead"]
    ```

    ## Use instead
    ```yaml
    type: chaos-experiment
    status: planned
    safety:
      abort_conditions: ["checkout error rate above 1 % for 2 minutes"]
      rollback_plan: Remove the network delay with `tc qdisc del dev eth0 root`
      required_approvals: ["@payments-lead"]
    ```
    """
    if doc.doc_type != "chaos-experiment" or doc.meta.get("status") not in ("planned", "running"):
        return
    safety = _block(doc, "safety")
    status = doc.meta["status"]
    conditions = safety.get("abort_conditions")
    if not isinstance(conditions, list) or not [c for c in conditions if str(c).strip()]:
        line = doc.line_of("safety", "abort_conditions") if safety else doc.line_of("status")
        yield Hit(line, 1, f"{status} chaos experiment has no safety.abort_conditions")
    plan = safety.get("rollback_plan")
    if not isinstance(plan, str) or not plan.strip():
        line = doc.line_of("safety", "rollback_plan") if safety else doc.line_of("status")
        yield Hit(line, 1, f"{status} chaos experiment has no safety.rollback_plan")


@rule("chaos-without-outcome", "CH002", "error")
def chaos_without_outcome(doc: Doc, context: LintContext) -> Iterator[Hit]:
    """## What it does
    Reports a chaos experiment with `status: done` and no `results.outcome` (`confirmed`,
    `disproved` or `inconclusive`).

    ## Why is this bad
    The outcome is what the experiment was for: whether the hypothesis held. A finished
    experiment without one teaches nothing, and the scorecard and reports cannot count it.

    ## Example
    ```yaml
    status: done
    results:
      observations: ["failover took 40 s"]
    ```

    ## Use instead
    ```yaml
    status: done
    results:
      outcome: disproved
      observations: ["failover took 40 s, not the 10 s the hypothesis said"]
    ```
    """
    if doc.doc_type != "chaos-experiment" or doc.meta.get("status") != "done":
        return
    results = _block(doc, "results")
    if not results.get("outcome"):
        line = doc.line_of("results") if results else doc.line_of("status")
        yield Hit(line, 1, "chaos experiment is done but has no results.outcome")
