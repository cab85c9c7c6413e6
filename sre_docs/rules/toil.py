"""The `toil-hours-mismatch` rule: a toil record's monthly hours add up.

The arithmetic comes from `sre_docs.calc.toil`, shared with the toil page and `export`."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from sre_docs.calc import toil as toil_math
from sre_docs.rules.base import Hit, rule

if TYPE_CHECKING:
    from sre_docs.handbook import LintContext
    from sre_docs.model import Doc


@rule("toil-hours-mismatch", "TL001", "error")
def toil_hours_mismatch(doc: Doc, context: LintContext) -> Iterator[Hit]:
    """## What it does
    Checks a toil record's `total_hours_per_month` against `time_per_occurrence_min` ×
    `occurrences_per_month` / 60, within ±5 %. The message gives the right value.

    ## Why is this bad
    The toil page ranks automation work by hours per month. A stale total sends the team to
    automate the wrong thing.

    ## Example
    ```yaml
    time_per_occurrence_min: 30
    occurrences_per_month: 20
    total_hours_per_month: 4
    ```

    ## Use instead
    ```yaml
    time_per_occurrence_min: 30
    occurrences_per_month: 20
    total_hours_per_month: 10
    ```
    """
    if doc.doc_type != "toil":
        return
    given = doc.meta.get("total_hours_per_month")
    if isinstance(given, bool) or not isinstance(given, int | float):
        return
    expected = toil_math.hours_per_month(
        doc.meta.get("time_per_occurrence_min"), doc.meta.get("occurrences_per_month")
    )
    if expected is None:
        return
    if not toil_math.hours_consistent(given, expected):
        yield Hit(
            doc.line_of("total_hours_per_month"),
            1,
            f"total_hours_per_month {given} does not match "
            f"{doc.meta.get('time_per_occurrence_min')} min × "
            f"{doc.meta.get('occurrences_per_month')} per month: it should be {expected:.2f}",
        )
