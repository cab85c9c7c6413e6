"""The `unused-suppression` rule: suppression comments that suppress nothing, or name no rule.

The engine applies suppression comments after every rule has run, so it also reports these."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from sre_docs.rules.base import Hit, rule

if TYPE_CHECKING:
    from sre_docs.handbook import Handbook, LintContext

ENGINE = "engine"


@rule("unused-suppression", "SD100", "warning", scope=ENGINE)
def unused_suppression(handbook: Handbook, context: LintContext) -> Iterator[Hit]:
    """## What it does
    Reports a suppression comment that suppressed no finding, or that names a rule that does
    not exist. Suppression comments work like markdownlint's:

    - `<!-- sre-docs-disable NAME ... -->` … `<!-- sre-docs-enable NAME ... -->`
    - `<!-- sre-docs-disable-next-line NAME -->`
    - `<!-- sre-docs-disable-file NAME -->`

    Without a NAME they apply to every rule.

    ## Why is this bad
    A suppression that no longer suppresses anything hides the next real finding on that line,
    and one with a misspelt rule name never worked at all.

    ## Example
    ```markdown
    <!-- sre-docs-disable-next-line blame-langauge -->
    We quote the customer: "your careless engineers".
    ```

    ## Use instead
    ```markdown
    <!-- sre-docs-disable-next-line blame-language -->
    We quote the customer: "your careless engineers".
    ```
    """
    yield from ()
