"""The `blame-language` rule: wording that blames people instead of conditions.

Detection lives in `sre_docs.blameless`; this rule feeds it the prose of every SRE document
(code already blanked out) and the free-text front-matter fields."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from sre_docs.blameless import find_blame
from sre_docs.rules.base import Hit, rule

if TYPE_CHECKING:
    from sre_docs.handbook import LintContext
    from sre_docs.model import Doc

_TEXT_FIELDS = ("title", "summary", "description")


@rule("blame-language", "BL001", "error")
def blame_language(doc: Doc, context: LintContext) -> Iterator[Hit]:
    """## What it does
    Reports wording that blames people instead of conditions in SRE documents: "human error",
    "operator error", "X's fault", "careless", "should have known", "@bob forgot to", "the
    engineer failed to", "X broke prod", "X caused the outage", and their variants. Text in
    code spans and code blocks is not checked, and neutral prose such as "failed over",
    "the deploy failed", "fault-tolerant" or "the alert should have fired" is left alone. The
    message suggests a blameless rewrite.

    ## Why is this bad
    Blameless postmortems find the conditions that made a mistake possible and likely: the
    missing guard rail, the confusing tool, the absent alert. Naming a culprit ends the
    investigation early, teaches people to hide their mistakes, and fixes nothing.

    ## Example
    ```markdown
    The outage was caused by human error: @bob forgot to drain the node before the upgrade.
    ```

    ## Use instead
    ```markdown
    The upgrade procedure did not drain the node first, and nothing in the tooling checked
    for it; the node went down with live traffic.
    ```
    """
    if not doc.is_sre_doc:
        return
    accepted = context.config.blame_accepted_terms
    for key in _TEXT_FIELDS:
        value = doc.meta.get(key)
        if isinstance(value, str):
            for hit in find_blame(value, accepted):
                yield Hit(doc.line_of(key), 1, _message(hit.phrase, hit.suggestion))
    for item in doc.action_items:
        if item.source == "front-matter" and item.index is not None:
            for hit in find_blame(item.description, accepted):
                line = doc.item_field_line(item, "description")
                yield Hit(line, 1, _message(hit.phrase, hit.suggestion))
    for line, text in doc.body_index.prose:
        for hit in find_blame(text, accepted):
            yield Hit(line, hit.start + 1, _message(hit.phrase, hit.suggestion))


def _message(phrase: str, suggestion: str) -> str:
    return f"blaming wording {phrase.strip()!r}: {suggestion}"
