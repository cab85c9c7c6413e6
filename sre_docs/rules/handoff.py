"""The `missing-handoff-section` rule: an on-call handoff covers its five sections.

Section matching is shared with `missing-section` (`sre_docs.rules.sections`)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from sre_docs.rules import sections
from sre_docs.rules.base import Hit, rule

if TYPE_CHECKING:
    from sre_docs.handbook import LintContext
    from sre_docs.model import Doc


@rule("missing-handoff-section", "HO001", "error")
def missing_handoff_section(doc: Doc, context: LintContext) -> Iterator[Hit]:
    """## What it does
    Reports each of the five handoff sections a handoff document lacks: Open Issues, Recent
    Changes, Known Risks, Scheduled Maintenance, Runbook Updates (headings of any level,
    case-insensitive).

    ## Why is this bad
    The next on-call engineer reads the handoff to know what is burning, what changed and what
    is planned. A missing section reads as "nothing to report" when nobody checked.

    ## Example
    ```markdown
    ## Open Issues
    ## Recent Changes
    ```

    ## Use instead
    ```markdown
    ## Open Issues
    ## Recent Changes
    ## Known Risks
    ## Scheduled Maintenance
    None this week.
    ## Runbook Updates
    ```
    """
    if doc.doc_type != "handoff":
        return
    headings = [heading.title for heading in doc.body_index.headings]
    line = doc.body_line if doc.body.strip() else 1
    for section in sections.missing(sections.HANDOFF, headings):
        yield Hit(
            line, 1, f"handoff has no '{section.name}' section (write 'None' if there is nothing)"
        )
