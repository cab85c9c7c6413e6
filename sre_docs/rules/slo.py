"""SLO rules: a reachable target, an error budget that adds up, a target stricter than the SLA.

All arithmetic comes from `sre_docs.calc.slo`, the same functions the site and `export` use."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from sre_docs.calc import slo as slo_math
from sre_docs.rules.base import Hit, rule

if TYPE_CHECKING:
    from sre_docs.handbook import LintContext
    from sre_docs.model import Doc


def _number(value: object) -> float | None:
    # Numbers as written (a quoted "99.9" is a schema finding, not a target); finite only.
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return slo_math.number(value)


def _format(value: float) -> str:
    return f"{value:.4f}".rstrip("0").rstrip(".")


@rule("slo-target-invalid", "SLO001", "error")
def slo_target_invalid(doc: Doc, context: LintContext) -> Iterator[Hit]:
    """## What it does
    Reports an SLO `target` of 0 or less, or of 100 or more. Targets are percentages: a target
    of 1 or less (such as `0.999`) is reported too, with the percentage it probably meant.

    ## Why is this bad
    A 100 % target leaves no error budget: every deploy, every failover and every dependency
    blip is a violation, so the SLO stops guiding decisions. A target of `0.999` is 0.999 %,
    an objective that is always met: the ratio-versus-percent mix-up of Prometheus-based SLO
    tools.

    ## Example
    ```yaml
    target: 100
    ```

    ## Use instead
    ```yaml
    target: 99.95
    ```
    """
    if doc.doc_type != "slo":
        return
    target = _number(doc.meta.get("target"))
    if target is None:
        return
    line = doc.line_of("target")
    if target >= 100:
        yield Hit(
            line,
            1,
            f"target {_format(target)} % leaves no error budget; don't aim for 100 % (e.g. 99.9)",
        )
    elif target <= 0:
        yield Hit(line, 1, f"target {_format(target)} % must be above 0")
    elif slo_math.looks_like_ratio(target):
        yield Hit(
            line,
            1,
            f"target {_format(target)} is a percentage, not a ratio: "
            f"did you mean {_format(target * 100)}?",
        )


@rule("slo-budget-mismatch", "SLO002", "error")
def slo_budget_mismatch(doc: Doc, context: LintContext) -> Iterator[Hit]:
    """## What it does
    Checks the error budget fields of an SLO against its target and window:
    `error_budget` must equal 100 − target, and `error_budget_minutes` must equal the window in
    minutes × error budget / 100. The tolerance is relative to the budget: a written value is
    accepted within 1 % of the computed one, or when it is the computed value rounded to the
    decimals written and still has two significant digits (`22` for 21.6 minutes, `0.43` for
    0.432; not `4` for 4.32). So 99.999 % over 30d needs 0.43 minutes (1.4 is reported), and
    99.99 % over 30d needs 4.32 (5.3 is reported). The message gives the right value;
    `sre-docs lint --fix` writes it. The window is days or weeks (`28d`, `30d`, `4w`): any
    other unit (`1M`, `90m`, `2h`) is a `schema-violation` and no budget is computed from it;
    calendar months are not supported.

    ## Why is this bad
    Budget numbers written by hand drift when the target or window changes, and the team then
    plans releases and freezes against a budget that does not exist.

    ## Example
    ```yaml
    target: 99.9
    window: 30d
    error_budget_minutes: 4.32
    ```

    ## Use instead
    ```yaml
    target: 99.9
    window: 30d
    error_budget: 0.1
    error_budget_minutes: 43.2
    ```
    """
    if doc.doc_type != "slo":
        return
    target = _number(doc.meta.get("target"))
    if target is None or not 0 < target < 100:
        return
    expected_budget = slo_math.error_budget_pct(target)
    given_budget = _number(doc.meta.get("error_budget"))
    if given_budget is not None and expected_budget is not None:
        if not slo_math.budget_matches(doc.meta.get("error_budget"), expected_budget):
            yield Hit(
                doc.line_of("error_budget"),
                1,
                f"error_budget {_format(given_budget)} does not match target {_format(target)}: "
                f"it should be {_format(expected_budget)}",
            )
    given_minutes = _number(doc.meta.get("error_budget_minutes"))
    window = doc.meta.get("window")
    expected_minutes = slo_math.budget_minutes(target, window)
    if given_minutes is not None and expected_minutes is not None:
        if not slo_math.budget_matches(doc.meta.get("error_budget_minutes"), expected_minutes):
            yield Hit(
                doc.line_of("error_budget_minutes"),
                1,
                f"error_budget_minutes {_format(given_minutes)} does not match target "
                f"{_format(target)} over {window}: it should be {_format(expected_minutes)}",
            )


@rule("slo-below-sla", "SLO003", "error")
def slo_below_sla(doc: Doc, context: LintContext) -> Iterator[Hit]:
    """## What it does
    Reports an SLO whose `target` is not stricter than its `sla`.

    ## Why is this bad
    The SLO is the internal alarm that rings before the contract is broken. If the target is
    the SLA (or looser), the team learns it is out of budget at the moment it owes customers
    credits.

    ## Example
    ```yaml
    sla: 99.9
    target: 99.9
    ```

    ## Use instead
    ```yaml
    sla: 99.5
    target: 99.9
    ```
    """
    if doc.doc_type != "slo":
        return
    target = _number(doc.meta.get("target"))
    sla = _number(doc.meta.get("sla"))
    if target is None or sla is None:
        return
    if target <= sla:
        yield Hit(
            doc.line_of("target"),
            1,
            f"target {_format(target)} is not stricter than the SLA {_format(sla)}; "
            "set the SLO above the SLA so it warns before the contract is broken",
        )


@rule("invalid-sli-query", "SLO005", "error")
def invalid_sli_query(doc: Doc, context: LintContext) -> Iterator[Hit]:
    """## What it does
    Checks the SLI queries of an SLO (`sli.good_events` or `sli.bad_events`, and
    `sli.total_events`), from which `sre-docs generate prometheus-rules` writes recording rules
    and alerts and the site measures live budgets. Each must be PromQL with a `[{{window}}]`
    placeholder, or a plain selector (wrapped in `sum(rate(…[window]))`); both a numerator and
    `total_events` must be given, and not both `good_events` and `bad_events`.

    ## Why is this bad
    A query with a fixed range (`rate(x[5m])`) cannot be evaluated over the 1 h, 6 h or 30 d
    windows that burn-rate alerts and budgets need, and half an SLI gives no ratio at all: the
    generated alerts would silently not exist.

    ## Example
    ```yaml
    sli:
      good_events: 'sum(rate(http_requests_total{code!~"5.."}[5m]))'
    ```

    ## Use instead
    A request ratio, and a latency SLI from a histogram (requests under 300 ms):
    ```yaml
    sli:
      good_events: 'sum(rate(http_requests_total{code!~"5.."}[{{window}}]))'
      total_events: 'sum(rate(http_requests_total[{{window}}]))'
    ```
    ```yaml
    sli:
      type: latency
      good_events: 'sum(rate(http_request_duration_seconds_bucket{le="0.3"}[{{window}}]))'
      total_events: 'sum(rate(http_request_duration_seconds_count[{{window}}]))'
    ```
    """
    if doc.doc_type != "slo":
        return
    from sre_docs.prometheus.sli import sli_problems

    for key, message in sli_problems(doc.meta.get("sli")):
        yield Hit(doc.line_of("sli", key), 1, message)
