"""Rules about reading a document at all: unreadable files, front matter, types, schemas, ids.

Loading problems are raised by the loader; these rules give them a name, a code and a page."""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from typing import TYPE_CHECKING, Any

from sre_docs.config import DOC_TYPES
from sre_docs.handbook import record_ids
from sre_docs.rules.base import HANDBOOK, Hit, rule

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
    Reports a `type` in front matter that is not one of `postmortem`, `runbook`, `slo`,
    `handoff`, `toil` or `service`.

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
    Pages of other tools that use `type` for something else can be excluded with
    `per_file_ignores` or `exclude` in the configuration.
    """
    if not doc.type_declared or doc.doc_type in DOC_TYPES:
        return
    declared = doc.meta.get("type")
    import difflib

    close = difflib.get_close_matches(str(declared).lower(), DOC_TYPES, n=1, cutoff=0.6)
    hint = f"; did you mean {close[0]!r}?" if close else f" (one of {', '.join(DOC_TYPES)})"
    yield Hit(doc.line_of("type"), 1, f"unknown document type {declared!r}{hint}")


@cache
def _validator(doc_type: str) -> Any:
    import json
    from importlib import resources

    from jsonschema import Draft202012Validator

    text = (
        resources.files("sre_docs.schemas").joinpath(f"{doc_type}.schema.json").read_text("utf-8")
    )
    schema = json.loads(text)
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def load_schema(doc_type: str) -> dict[str, Any]:
    """The JSON Schema of a document type, as shipped in the package."""
    return _validator(doc_type).schema  # type: ignore[no-any-return]


_TYPE_NAMES = {
    "string": "a string",
    "number": "a number",
    "integer": "a whole number",
    "boolean": "true or false",
    "array": "a list",
    "object": "a mapping",
    "null": "nothing",
}


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f"the string {shown!r}"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return "nothing" if value is None else type(value).__name__


def _field_name(path: tuple[str | int, ...]) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "front matter"


def schema_message(error: Any) -> tuple[tuple[str | int, ...], str]:
    """A readable message for one jsonschema error, and the key path it is about."""
    path = tuple(error.absolute_path)
    name = _field_name(path)
    validator = error.validator
    if validator == "required":
        missing = error.message.split("'")[1] if "'" in error.message else error.message
        where = f" in {name}" if path else ""
        return path, f"missing required field {missing!r}{where}"
    if validator == "type":
        expected = error.validator_value
        expected_list = expected if isinstance(expected, list) else [expected]
        wanted = " or ".join(
            _TYPE_NAMES.get(item, item) for item in expected_list if item != "null"
        )
        return path, f"{name}: expected {wanted}, got {_describe(error.instance)}"
    if validator == "enum":
        choices = ", ".join(str(choice) for choice in error.validator_value)
        return path, f"{name}: {error.instance!r} is not one of {choices}"
    if validator == "format":
        return path, f"{name}: {error.instance!r} is not a valid date (YYYY-MM-DD)"
    if validator == "pattern":
        if "format" in error.schema:
            return path, f"{name}: {error.instance!r} is not a valid date (YYYY-MM-DD)"
        description = error.schema.get("description", f"matching {error.validator_value}")
        return path, f"{name}: {error.instance!r} is not valid ({description})"
    if validator == "minItems":
        return path, f"{name}: must list at least {error.validator_value} item"
    if validator == "minLength":
        return path, f"{name}: must not be empty"
    if validator in ("minimum", "exclusiveMinimum", "maximum", "exclusiveMaximum"):
        bounds = {
            "minimum": "≥",
            "exclusiveMinimum": ">",
            "maximum": "≤",
            "exclusiveMaximum": "<",
        }
        return (
            path,
            f"{name}: {error.instance!r} must be {bounds[validator]} {error.validator_value}",
        )
    if validator == "anyOf" and path == ("sli",):
        return path, "sli: expected a name, or a mapping with name, type, good_events, total_events"
    return path, f"{name}: {error.message}"


@rule("schema-violation", "FM003", "error", front_matter_only=True)
def schema_violation(doc: Doc, context: LintContext) -> Iterator[Hit]:
    """## What it does
    Validates the front matter of every SRE document against the JSON Schema of its type
    (shipped in the package, draft 2020-12): required fields, types, enumerations, dates.
    The finding names the field and points at its line.

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
    if doc.doc_type not in DOC_TYPES or not doc.meta:
        return
    validator = _validator(doc.doc_type)
    first_line = min(doc.key_lines.values(), default=1)
    for error in sorted(
        validator.iter_errors(doc.meta), key=lambda e: list(map(str, e.absolute_path))
    ):
        path, message = schema_message(error)
        line = doc.line_of(*path) if path else first_line
        yield Hit(line, 1, message)


@rule("duplicate-id", "FM004", "error", scope=HANDBOOK)
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
