"""Capacity plan rules: utilisation and headroom agree, projections follow the growth rate,
and the plan is reviewed within its cadence.

The arithmetic is `sre_docs.calc.capacity`, shared with the capacity page."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from sre_docs.calc import capacity as capacity_math
from sre_docs.calc.reviews import review
from sre_docs.calc.slo import number
from sre_docs.rules.base import HANDBOOK, Hit, rule

if TYPE_CHECKING:
    from sre_docs.handbook import Handbook, LintContext
    from sre_docs.model import Doc


def _format(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


@rule("capacity-headroom-mismatch", "CP001", "error")
def capacity_headroom_mismatch(doc: Doc, context: LintContext) -> Iterator[Hit]:
    """## What it does
    Checks the current figures of a capacity plan: `current.peak_utilisation_pct` must be
    `peak` / `capacity` × 100 when both are given, and `current.headroom_pct` must be
    100 − the peak utilisation, each within ±1 percentage point.

    ## Why is this bad
    Headroom is what the scaling decision rests on. Figures copied from last quarter's plan
    disagree with each other, and the team scales too late or pays for capacity it never uses.

    ## Example
    ```yaml
    current:
      capacity: 1200
      peak: 900
      peak_utilisation_pct: 65
      headroom_pct: 35
    ```

    ## Use instead
    ```yaml
    current:
      capacity: 1200
      peak: 900
      peak_utilisation_pct: 75
      headroom_pct: 25
    ```
    """
    if doc.doc_type != "capacity-plan":
        return
    current = _mapping(doc.meta.get("current"))
    written = number(current.get("peak_utilisation_pct"))
    computed = capacity_math.utilisation_pct(current.get("peak"), current.get("capacity"))
    if written is not None and computed is not None and not capacity_math.within(written, computed):
        yield Hit(
            doc.line_of("current", "peak_utilisation_pct"),
            1,
            f"peak_utilisation_pct {_format(written)} does not match peak "
            f"{current.get('peak')} / capacity {current.get('capacity')}: "
            f"it should be {_format(computed)}",
        )
    utilisation = written if written is not None else computed
    headroom = number(current.get("headroom_pct"))
    if headroom is not None and utilisation is not None:
        expected = 100.0 - utilisation
        if not capacity_math.within(headroom, expected):
            yield Hit(
                doc.line_of("current", "headroom_pct"),
                1,
                f"headroom_pct {_format(headroom)} does not match a peak utilisation of "
                f"{_format(utilisation)} %: it should be {_format(expected)}",
            )


@rule("capacity-projection-mismatch", "CP002", "error")
def capacity_projection_mismatch(doc: Doc, context: LintContext) -> Iterator[Hit]:
    """## What it does
    Checks each `growth.projections` entry of a capacity plan against the current peak
    utilisation grown by `growth.monthly_growth_pct`, compounded monthly: utilisation ×
    (1 + growth / 100) ^ months, within ±1 percentage point.

    ## Why is this bad
    A projection that does not follow the stated growth rate was computed by hand (often as
    simple, not compound, growth) or left over from an older forecast; the plan then shows
    months of headroom that are not there.

    ## Example
    ```yaml
    current: {peak_utilisation_pct: 60}
    growth:
      monthly_growth_pct: 5
      projections:
        - {months: 12, peak_utilisation_pct: 96}    # 60 + 12 × 3: simple growth
    ```

    ## Use instead
    ```yaml
        - {months: 12, peak_utilisation_pct: 107.8}   # 60 × 1.05 ^ 12
    ```
    """
    if doc.doc_type != "capacity-plan":
        return
    summary = capacity_math.summarize_capacity(doc.meta)
    growth = _mapping(doc.meta.get("growth"))
    projections = growth.get("projections")
    for index, entry in enumerate(projections if isinstance(projections, list) else []):
        if not isinstance(entry, dict):
            continue
        written = number(entry.get("peak_utilisation_pct"))
        months = number(entry.get("months"))
        expected = capacity_math.projected_utilisation(
            summary.peak_utilisation_pct, summary.monthly_growth_pct, months
        )
        if written is None or expected is None or capacity_math.within(written, expected):
            continue
        yield Hit(
            doc.line_of("growth", "projections", index),
            1,
            f"projection for {_format(months or 0)} months is {_format(written)} %, but "
            f"{_format(summary.peak_utilisation_pct or 0)} % growing "
            f"{_format(summary.monthly_growth_pct or 0)} % a month (compounded) gives "
            f"{_format(expected)} %",
        )


@rule(
    "capacity-plan-overdue",
    "CP003",
    "warning",
    scope=HANDBOOK,
    reads=("meta.review_cadence_days", "meta.last_reviewed"),
)
def capacity_plan_overdue(handbook: Handbook, context: LintContext) -> Iterator[Hit]:
    """## What it does
    Reports a capacity plan whose `last_reviewed` date is older than its review cadence:
    `review_cadence_days`, 90 days when not given.

    ## Why is this bad
    A forecast ages with the traffic it forecasts. A plan nobody revisited since the last
    launch or sale still promises headroom that growth has used up.

    ## Example
    ```yaml
    last_reviewed: 2026-03-02
    review_cadence_days: 90
    ```
    linted on 2026-11-24.

    ## Use instead
    Compare the forecast with the peak since the last review, update the figures and
    `last_reviewed`.
    """
    for record in handbook.checked("capacity-plan"):
        cadence = number(record.meta.get("review_cadence_days"))
        limit = (
            int(cadence) if cadence and cadence > 0 else capacity_math.DEFAULT_REVIEW_CADENCE_DAYS
        )
        last = review(record.meta, context.today, limit, keys=("last_reviewed",))
        if last.stale and last.reviewed is not None:
            yield Hit(
                record.line_of("last_reviewed"),
                1,
                f"capacity plan was last reviewed {last.age_days} days ago "
                f"({last.reviewed.isoformat()}); its cadence is {limit} days",
                record.rel,
            )
