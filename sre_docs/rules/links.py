"""The `broken-link` rule: relative links and images in every page point at files that exist.

Anchors and query strings are ignored, URL-encoded names are decoded, links in code are not
links, and absolute URLs are never fetched."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import TYPE_CHECKING

from sre_docs.handbook import outside_path, resolve_link
from sre_docs.rules.base import HANDBOOK, Hit, rule

if TYPE_CHECKING:
    from sre_docs.handbook import Handbook, LintContext


@rule("broken-link", "LN001", "error", scope=HANDBOOK)
def broken_link(handbook: Handbook, context: LintContext) -> Iterator[Hit]:
    """## What it does
    Reports a relative markdown link or image, in any page of the handbook (plain pages
    included), whose target file does not exist. `#anchors` and `?queries` are ignored,
    `%20` and other escapes are decoded, links inside code are skipped, and absolute URLs
    (`https://…`, `mailto:`) are not fetched. Links into the folder of generated pages
    (`reliability/` by default, the `index_folder` option) are left to the site build, which
    creates those pages.

    ## Why is this bad
    Handbooks are read in a hurry. A link from a postmortem to the runbook that was renamed,
    or from a handoff to a deleted dashboard page, breaks the one path the reader had.

    ## Example
    ```markdown
    See the [checkout runbook](../runbooks/checkout-5xx.md).
    ```

    ## Use instead
    ```markdown
    See the [checkout runbook](../runbooks/checkout-high-5xx.md).
    ```
    """
    root = context.config.docs_dir
    generated = context.config.index_folder.strip("/") + "/"
    for record in handbook.checked():
        for link in record.links:
            target = resolve_link(record.rel, link.target)
            if target is None:
                continue
            if target.startswith("../"):
                if os.path.exists(outside_path(root, target)):
                    continue
            elif handbook.exists(target.rstrip("/")) or target.startswith(generated):
                continue
            kind = "image" if link.image else "link"
            yield Hit(
                link.line, link.column, f"{kind} target {link.target!r} does not exist", record.rel
            )
