"""The `unknown-service` rule: every service a document names is one of the service entries.

Names are matched by id (the slug of the entry's title) or display name, through
`sre_docs.service_names`, the same directory the site's service pages use."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from sre_docs import doctypes
from sre_docs.placeholders import PLACEHOLDER_TEXT, is_missing
from sre_docs.rules.base import HANDBOOK, Hit, rule
from sre_docs.service_names import directory

if TYPE_CHECKING:
    from sre_docs.handbook import Handbook, LintContext


def _service_keys() -> dict[str, tuple[str, ...]]:
    """Document type → the front-matter keys that name its services (the type registry)."""
    return {
        entry.name: entry.aggregate.service_keys
        for entry in doctypes.DOC_TYPES.values()
        if entry.aggregate is not None and entry.aggregate.service_keys
    }


def _reads() -> tuple[str, ...]:
    keys = {key for names in _service_keys().values() for key in names}
    return ("title", "meta.title", *sorted(f"meta.{key}" for key in keys))


@rule("unknown-service", "SV001", "warning", scope=HANDBOOK, reads=_reads)
def unknown_service(handbook: Handbook, context: LintContext) -> Iterator[Hit]:
    """## What it does
    Reports a service name (an SLO's `service`, a postmortem's `services`, a runbook's
    `service`, …) that matches no service entry, when the handbook has service entries.
    A service is named by its id (the slug of its entry's title: `checkout-api`) or by its
    display name (the title: `Checkout API`); the message suggests the closest entry.

    ## Why is this bad
    A misspelt or renamed service splits the handbook: its SLOs, incidents and runbooks land on
    a second service page that nobody looks at, and the real page shows nothing.

    ## Example
    ```yaml
    type: slo
    service: chekout-api   # the service entry is titled "Checkout API"
    ```

    ## Use instead
    Name the service by its id or its title (`service: checkout-api`), or add a service entry
    (`sre-docs new service "Checkout API"`) for a service that has none yet.
    """
    entries = [record for record in handbook.records if record.doc_type == "service"]
    if not entries:
        return  # a handbook without service entries names services freely
    known = directory((None, str(record.meta.get("title") or record.title)) for record in entries)
    keys = _service_keys()
    for record in handbook.checked():
        for key in keys.get(record.doc_type or "", ()):
            value = record.meta.get(key)
            names = value if isinstance(value, list) else [value]
            for index, name in enumerate(names):
                if not isinstance(name, str) or is_missing(name) or PLACEHOLDER_TEXT.search(name):
                    continue  # schema-violation and placeholder-text report those
                if known.resolve(name) is not None:
                    continue
                suggestion = known.suggest(name)
                hint = f"; did you mean {suggestion!r}?" if suggestion else ""
                path = (key, index) if isinstance(value, list) else (key,)
                yield Hit(
                    record.line_of(*path),
                    1,
                    f"service {name!r} matches no service entry (by id or title){hint}",
                    record.rel,
                )
