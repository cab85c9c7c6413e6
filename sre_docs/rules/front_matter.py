"""Rules about reading a document at all: unreadable files, front matter, types, schemas, ids.

Loading problems are raised by the loader; these rules give them a name, a code and a page."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from sre_docs import doctypes
from sre_docs.handbook import record_ids
from sre_docs.rules.base import HANDBOOK, Hit, rule
from sre_docs.schemas import required_fields, schema_message, validator

if TYPE_CHECKING:
    from sre_docs.handbook import Handbook, LintContext
    from sre_docs.model import Doc


def _problems(doc: Doc, name: str) -> Iterator[Hit]:
    for problem in doc.problems:
        if problem.rule == name:
            yield Hit(problem.line, problem.column, problem.message)


@rule("unreadable-file", "FM000", "error")
def unreadable_file(doc: Doc, context: LintContext) -> Iterator[Hit]:
    """## What it does
    Reports a markdown file that cannot be read as UTF-8 text: permissions, binary content,
    NUL bytes, invalid UTF-8, UTF-16, a file over 10 MiB, or a symbolic link that leaves the
    docs root or points at nothing.

    ## Why is this bad
    MkDocs cannot render it and no other rule can check it, so whatever it says is invisible.

    ## Example
    A runbook saved as UTF-16 by an editor, or a screenshot renamed to `diagram.md`.

    ## Use instead
    Save documents as UTF-8 text; keep binaries out of `.md` files; link files inside the
    docs root instead of symlinking outside it.
    """
    yield from _problems(doc, "unreadable-file")


@rule("invalid-front-matter", "FM001", "error")
def invalid_front_matter(doc: Doc, context: LintContext) -> Iterator[Hit]:
    """## What it does
    Reports front matter that is not valid YAML, is not a mapping, is never closed by `---`,
    repeats a key, or is abusive (alias bombs, nesting deeper than 64 levels). The finding
    points at the line of the YAML error.

    ## Why is this bad
    Every other rule and every generated page reads the front matter. A YAML error means the
    document silently drops out of the incident list, the SLO page and the action items.
    A repeated key keeps only its last value, so one of the two is lost without a word.

    ## Example
    ```markdown
    ---
    title: Checkout outage
    severity: SEV2
    services: [checkout-api
    ---
    ```

    ## Use instead
    ```markdown
    ---
    title: Checkout outage
    severity: SEV2
    services: [checkout-api]
    ---
    ```
    """
    yield from _problems(doc, "invalid-front-matter")


@rule("unknown-type", "FM002", "error")
def unknown_type(doc: Doc, context: LintContext) -> Iterator[Hit]:
    """## What it does
    Reports a `type` in front matter that is not one of {doc_types}. The values other site
    generators and themes write for their own purposes (Hugo's `docs`, `blog`, `posts`,
    `page`, `section`; `index`, `landing`, `learn` of Jekyll and Middleman sites; the full list
    is in the configuration guide) are not reported: such a page reads as one without a type,
    so its folder's type applies, if any.

    ## Why is this bad
    A misspelt type turns a postmortem into a plain page: none of its checks run and it is
    missing from every aggregated page.

    ## Example
    ```yaml
    type: post-mortem
    ```

    ## Use instead
    ```yaml
    type: postmortem
    ```
    A value of another tool that is not in that list is ignored with the `types` option
    (`types: {wiki: null}`), and a foreign value that means one of the types is mapped to it
    (`types: {incident: postmortem}`).
    """
    if not doc.type_declared or doc.is_sre_doc:
        return
    declared = doc.meta.get("type")
    import difflib

    names = doctypes.NAMES
    close = difflib.get_close_matches(str(declared).lower(), names, n=1, cutoff=0.6)
    hint = f"; did you mean {close[0]!r}?" if close else f" (one of {', '.join(names)})"
    yield Hit(doc.line_of("type"), 1, f"unknown document type {declared!r}{hint}")


@rule("schema-violation", "FM003", "error")
def schema_violation(doc: Doc, context: LintContext) -> Iterator[Hit]:
    """## What it does
    Validates the front matter of every SRE document against the JSON Schema of its type
    (shipped in the package, draft 2020-12): required fields, types, enumerations, dates.
    The finding names the field and points at its line. A document that has a type through
    its folder but no front matter at all gets one finding, which lists the required fields
    (a dated document whose file name starts with its date, `2024-03-05-db-outage.md`, is
    not asked for `date`: front matter without one takes the file name's).
    A document's `owner` is one person or team (`owner: "@payments"`) or a list of them
    (`owner: [team-cabbage, team-phoenix]`, teams sharing a runbook); an action item's `owner`
    stays one person, the one accountable for it.
    A runbook needs `alerts` unless it is a procedure (`kind: procedure`, a how-to) or a
    troubleshooting runbook (`kind: troubleshooting`, an error met while debugging, not an
    alert). A folder that gives its runbooks a kind (`{type: runbook, kind: procedure}` in
    `folders`) counts as their `kind`.

    ## Why is this bad
    Aggregated pages compute with these fields: a severity of `sev-2` is not counted, a target
    written as the string `"99.9"` breaks the budget math, and a date of `2026-02-30` sorts
    nowhere.

    ## Example
    ```yaml
    type: postmortem
    title: Checkout outage
    date: 2026-02-30
    severity: critical
    ```

    ## Use instead
    ```yaml
    type: postmortem
    title: Checkout outage
    date: 2026-02-28
    severity: SEV2
    status: draft
    services: [checkout-api]
    ```
    """
    if not doc.is_sre_doc:
        return
    assert doc.doc_type is not None
    if not doc.meta:
        if not doc.problems:
            # One finding for the file, not one per field: the document has none yet.
            from sre_docs.loader import file_name_date  # the registry imports no parser

            fields = required_fields(doc.doc_type, doc.fields)
            entry = doc.entry
            if entry is not None and entry.date_key and file_name_date(doc.rel) is not None:
                # Front matter without a date takes the file name's: it is not asked for.
                fields = [name for name in fields if name != entry.date_key]
            required = ", ".join(fields)
            form = entry.form_of(doc.fields) if entry is not None else None
            kind = f"{doc.doc_type} ({form.label})" if form is not None else doc.doc_type
            yield Hit(
                1,
                1,
                f"{kind} has no front matter (required: {required}); "
                "`sre-docs adopt` proposes it from the text",
            )
        return
    first_line = min(doc.key_lines.values(), default=1)
    errors = validator(doc.doc_type).iter_errors(doc.fields)
    for error in sorted(errors, key=lambda e: list(map(str, e.absolute_path))):
        path, message = schema_message(error)
        line = doc.line_of(*path) if path else first_line
        yield Hit(line, 1, message)


@rule("duplicate-id", "FM004", "error", scope=HANDBOOK, reads=("meta.id", "action_items"))
def duplicate_id(handbook: Handbook, context: LintContext) -> Iterator[Hit]:
    """## What it does
    Reports two documents, or two action items, anywhere in the handbook that share an `id`.
    The first occurrence (by path, then line) keeps the id; every later one is reported.

    ## Why is this bad
    Ids are how tickets, dashboards and other documents refer to a postmortem or an action
    item. Two owners of one id means links and status reports point at the wrong thing.

    ## Example
    Two postmortems both declaring `id: PM-2026-007`, or two action items `PM-7-AI-1`.

    ## Use instead
    Give every document and every action item its own id; `sre-docs new` proposes one.
    """
    seen: dict[str, tuple[str, int]] = {}
    entries = [
        (record.rel, line, identifier, kind)
        for record in handbook.records
        for line, identifier, kind in record_ids(record)
    ]
    reported = handbook.reported
    for rel, line, identifier, kind in sorted(entries):
        if identifier in seen:
            first_rel, first_line = seen[identifier]
            if reported is not None and rel not in reported:
                continue
            yield Hit(
                line,
                1,
                f"{kind} id {identifier!r} is already used at {first_rel}:{first_line}",
                rel,
            )
        else:
            seen[identifier] = (rel, line)
