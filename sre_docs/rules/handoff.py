"""The `missing-handoff-section` rule: an on-call handoff covers its five sections.

The sections and their synonyms are the handoff entry of the type registry (`sre_docs.doctypes`),
matched as `missing-section` matches them."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from sre_docs import doctypes
from sre_docs.body import normalise_title
from sre_docs.rules.base import Hit, rule

if TYPE_CHECKING:
    from sre_docs.handbook import LintContext
    from sre_docs.model import Doc


@rule("missing-handoff-section", "HO001", "error")
def missing_handoff_section(doc: Doc, context: LintContext) -> Iterator[Hit]:
    """## What it does
    Reports each handoff section a handoff document lacks (headings of any level,
    case-insensitive, the synonyms in brackets accepted):

    {sections}

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
    entry = doc.entry
    if entry is None or entry.section_rule != "missing-handoff-section":
        return
    titles = [normalise_title(heading.title) for heading in doc.body_index.headings]
    line = doc.body_line if doc.body.strip() else 1
    expected, _forms = context.config.expected_sections(entry)
    for section in doctypes.missing_sections(expected, titles):
        yield Hit(
            line,
            1,
            f"{entry.name} has no '{section.name}' section (write 'None' if there is nothing)",
        )
