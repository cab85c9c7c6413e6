"""The rule registry: an explicit, ordered list of every rule (no import-time discovery).

Adding a rule is a module, one line here, two fixtures and its docstring."""

from __future__ import annotations

from sre_docs.rules import (
    action_items,
    blame,
    capacity,
    chaos,
    front_matter,
    handoff,
    links,
    postmortem,
    readiness,
    runbook,
    services,
    slo,
    suppression,
    toil,
)
from sre_docs.rules.base import Rule

RULES: tuple[Rule, ...] = (
    front_matter.unreadable_file,
    front_matter.invalid_front_matter,
    front_matter.unknown_type,
    front_matter.schema_violation,
    front_matter.duplicate_id,
    action_items.orphan_action_item,
    action_items.overdue_action_item,
    blame.blame_language,
    postmortem.missing_section,
    postmortem.timeline_out_of_order,
    postmortem.overdue_postmortem,
    postmortem.final_without_review,
    postmortem.severity_too_low,
    postmortem.placeholder_text,
    postmortem.budget_burn_without_p0,
    runbook.missing_runbook_link,
    runbook.broken_runbook_link,
    runbook.stale_runbook,
    slo.slo_target_invalid,
    slo.slo_budget_mismatch,
    slo.slo_below_sla,
    slo.invalid_sli_query,
    toil.toil_hours_mismatch,
    handoff.missing_handoff_section,
    chaos.chaos_without_safety,
    chaos.chaos_without_outcome,
    readiness.readiness_failed_without_action,
    readiness.readiness_contradicted,
    capacity.capacity_headroom_mismatch,
    capacity.capacity_projection_mismatch,
    capacity.capacity_plan_overdue,
    services.unknown_service,
    links.broken_link,
    suppression.unused_suppression,
)
RULES_BY_NAME: dict[str, Rule] = {rule.name: rule for rule in RULES}
RULES_BY_CODE: dict[str, Rule] = {rule.code: rule for rule in RULES}
RULE_NAMES: tuple[str, ...] = tuple(RULES_BY_NAME)


def find_rule(name_or_code: str) -> Rule | None:
    """A rule by its name or its code (case-insensitive code)."""
    return RULES_BY_NAME.get(name_or_code) or RULES_BY_CODE.get(name_or_code.upper())
