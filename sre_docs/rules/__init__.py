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


ALL = "ALL"


def find_rule(name_or_code: str) -> Rule | None:
    """A rule by its name or its code (case-insensitive code)."""
    return RULES_BY_NAME.get(name_or_code) or RULES_BY_CODE.get(name_or_code.upper())


def expand_rules(selector: str) -> tuple[str, ...]:
    """The rule names a selector stands for, wherever rules are named (`--select`, `--ignore`,
    `explain`, `rules:` and `ignore:` in the configuration, suppression comments): a name
    (`blame-language`), a code (`BL001`, any case), a code prefix (`SLO` for every SLO rule,
    `AI00`), or `ALL`. Empty when it names no rule."""
    text = selector.strip()
    if text.upper() == ALL:
        return RULE_NAMES
    rule = find_rule(text)
    if rule is not None:
        return (rule.name,)
    prefix = text.upper()
    if not prefix.isalnum():
        return ()
    return tuple(rule.name for rule in RULES if rule.code.startswith(prefix))


def suggest_rule(selector: str) -> str | None:
    """The rule name or code closest to a misspelt selector, if one is close."""
    import difflib

    text = selector.strip()
    names = difflib.get_close_matches(text.lower(), RULE_NAMES, n=1, cutoff=0.6)
    if names:
        return names[0]
    codes = difflib.get_close_matches(text.upper(), list(RULES_BY_CODE), n=1, cutoff=0.6)
    return codes[0] if codes else None


def unknown_rule(selector: str) -> str:
    """The message for a selector that names no rule, with a suggestion when one is close."""
    suggestion = suggest_rule(selector)
    hint = f"did you mean {suggestion!r}? " if suggestion else ""
    return f"unknown rule {selector!r} ({hint}see `sre-docs rules`)"


class _RuleSelectors:
    """Every selector `expand_rules` accepts, as the collection `Config.check_rule_names`
    asks: `name in RULE_SELECTORS` is true for names, codes, prefixes and `ALL`."""

    def __contains__(self, selector: object) -> bool:
        return isinstance(selector, str) and bool(expand_rules(selector))

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(RULE_NAMES)

    def __len__(self) -> int:
        return len(RULE_NAMES)

    @staticmethod
    def unknown(selector: str) -> str:
        return unknown_rule(selector)


RULE_SELECTORS = _RuleSelectors()
