"""Production readiness review rules: failed items need an action item, and a `pass` the
handbook can check must agree with the handbook.

The checks themselves live in `sre_docs.readiness`, shared with the readiness pages."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from sre_docs import readiness
from sre_docs.rules.base import HANDBOOK, Hit, rule

if TYPE_CHECKING:
    from sre_docs.handbook import Handbook, LintContext
    from sre_docs.model import Doc


@rule("readiness-failed-without-action", "PR001", "error")
def readiness_failed_without_action(doc: Doc, context: LintContext) -> Iterator[Hit]:
    """## What it does
    Reports a checklist item of a readiness review with `status: fail` that names no action
    item (`action_item: ID`), or names an id that the review's `action_items` do not hold.

    ## Why is this bad
    A failed readiness item is a known gap in production. Without an action item it has no
    owner and no date, and the service launches with the gap for good.

    ## Example
    ```yaml
    checklist:
      data:
        - {item: Backups taken and a restore tested, status: fail, note: never restored}
    ```

    ## Use instead
    ```yaml
    checklist:
      data:
        - {item: Backups taken and a restore tested, status: fail, note: never restored,
           action_item: PRR-3}
    action_items:
      - {id: PRR-3, description: Restore last night's backup into staging, owner: "@li.wei",
         due: 2026-12-15, ticket: PW-4410}
    ```
    """
    if doc.doc_type != "readiness-review":
        return
    known = {item.id for item in doc.action_items if item.id}
    for area, index, item in readiness.checklist_items(doc.meta):
        if item.get("status") != "fail":
            continue
        reference = item.get("action_item")
        line = doc.line_of("checklist", area, index)
        label = f"{area} item {str(item.get('item') or index + 1)!r}"
        if reference is None or not str(reference).strip():
            yield Hit(line, 1, f"failed {label} names no action_item")
        elif str(reference).strip() not in known:
            yield Hit(
                doc.line_of("checklist", area, index, "action_item"),
                1,
                f"failed {label} names action item {str(reference)!r}, "
                "which the review's action_items do not list",
            )


@rule(
    "readiness-contradicted",
    "PR002",
    "error",
    scope=HANDBOOK,
    reads=readiness.RECORD_READS,
)
def readiness_contradicted(handbook: Handbook, context: LintContext) -> Iterator[Hit]:
    """## What it does
    Checks the readiness items marked `verify` against the handbook and reports a `pass`
    that the handbook contradicts:

    - `slo`: an SLO document names the service;
    - `alert-runbooks`: every paging burn-rate alert of the service's SLOs links to a
      runbook, and every alert named by the service's postmortems is answered by one;
    - `oncall-rotation`: the service's entry names an `oncall_rotation`;
    - `runbooks`: at least one runbook names the service.

    ## Why is this bad
    A readiness review is read as a promise. A `pass` the handbook itself disproves, such as
    "SLOs defined" for a service with no SLO document, is a launch on a false premise.

    ## Example
    ```yaml
    service: label-service
    checklist:
      slos:
        - {item: SLOs defined, status: pass, verify: slo}
    ```
    with no SLO document whose `service` is `label-service`.

    ## Use instead
    Write the SLO document (`sre-docs new slo "Label service availability"`), or record the
    item as `fail` with the action item that will fix it.
    """
    reviews = list(handbook.checked("readiness-review"))
    if not reviews:
        return
    for record in reviews:
        service = record.meta.get("service")
        if not isinstance(service, str) or not service.strip():
            continue
        for area, index, item in readiness.checklist_items(record.meta):
            check = item.get("verify")
            if item.get("status") != "pass" or check not in readiness.CHECKS:
                continue
            problem = readiness.contradiction(handbook, service.strip(), str(check))
            if problem is not None:
                yield Hit(
                    record.line_of("checklist", area, index),
                    1,
                    f"{area} item {str(item.get('item') or index + 1)!r} passes, "
                    f"but the handbook disagrees: {problem}",
                    record.rel,
                )
