"""The JSON Schema of every document type (draft 2020-12), and readable messages for its errors.

The schema files sit beside this module, named by the type's registry entry; the linter, `new`
and editors read the same files."""

from __future__ import annotations

from functools import cache
from typing import Any

from sre_docs import doctypes


@cache
def validator(doc_type: str) -> Any:
    """A checking validator of the type's schema; jsonschema is imported on first use."""
    import json
    from importlib import resources

    from jsonschema import Draft202012Validator

    entry = doctypes.DOC_TYPES[doc_type]
    text = resources.files("sre_docs.schemas").joinpath(entry.schema).read_text("utf-8")
    schema = json.loads(text)
    return _validator_class()(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


# Keywords checked in place: those that read only the value in front of them (and the
# validator's type and format checkers), annotations, which no validator function reads, and
# the three that go down into the values of an object or a list (through `descend`).
_IN_PLACE = frozenset(
    """type enum const pattern format minLength maxLength minimum maximum exclusiveMinimum
    exclusiveMaximum multipleOf minItems maxItems uniqueItems required minProperties
    maxProperties description title examples default $comment deprecated readOnly
    writeOnly properties items additionalProperties""".split()
)


def _passes(checking: Any, schema: Any, instance: Any) -> bool:
    """Whether `schema` holds keywords of `_IN_PLACE` only and `instance` passes every one of
    them: the keyword functions jsonschema itself would call, given the same value, instance
    and schema. What they read of the validator is the same for the one a descent would make:
    its type and format checkers, and `descend`, whose resolver matters only to a `$ref`
    below, which is never checked in place (nor an `$id`, which would change the base it is
    resolved from)."""
    if schema is True:
        return True
    if type(schema) is not dict or not _IN_PLACE.issuperset(schema):
        return False
    checks = checking.VALIDATORS
    for keyword, value in schema.items():
        check = checks.get(keyword)
        if check is not None:
            for _error in check(checking, value, instance, schema) or ():
                return False
    return True


class _LeafSkipping:
    """The validator as a keyword function sees it, with a `descend` that skips a schema the
    value passes in place (`_passes`): jsonschema's descent makes a new validator and a new
    resource for every value, and most of a front matter's values pass. A value that fails,
    and every other schema, descends as before: the errors are jsonschema's own, with their
    paths (a value that fails is read twice: once to know, once for the errors)."""

    __slots__ = ("_checking",)

    def __init__(self, checking: Any) -> None:
        self._checking = checking

    def __getattr__(self, name: str) -> Any:
        return getattr(self._checking, name)

    def descend(self, instance: Any, schema: Any, *args: Any, **kwargs: Any) -> Any:
        if (
            not args
            and kwargs.get("resolver") is None
            and _passes(self._checking, schema, instance)
        ):
            return ()
        return self._checking.descend(instance, schema, *args, **kwargs)


@cache
def _validator_class() -> Any:
    """Draft 2020-12 with `properties` and `items` (the keywords that descend into most
    values) run on a `_LeafSkipping` view of the validator."""
    from jsonschema import Draft202012Validator
    from jsonschema.validators import extend

    own_properties = Draft202012Validator.VALIDATORS["properties"]
    own_items = Draft202012Validator.VALIDATORS["items"]

    def properties(checking: Any, value: Any, instance: Any, schema: Any) -> Any:
        return own_properties(_LeafSkipping(checking), value, instance, schema)

    def items(checking: Any, value: Any, instance: Any, schema: Any) -> Any:
        return own_items(_LeafSkipping(checking), value, instance, schema)

    return extend(Draft202012Validator, {"properties": properties, "items": items})


def load_schema(doc_type: str) -> dict[str, Any]:
    """The JSON Schema of a document type, as shipped in the package."""
    return validator(doc_type).schema  # type: ignore[no-any-return]


@cache
def field_choices(doc_type: str, key: str) -> tuple[str, ...]:
    """The values the type's schema allows for a top-level key (its `enum`); read without
    jsonschema, for the configuration (`folders: {…: {type: runbook, kind: procedure}}`)."""
    import json
    from importlib import resources

    entry = doctypes.DOC_TYPES[doc_type]
    text = resources.files("sre_docs.schemas").joinpath(entry.schema).read_text("utf-8")
    field = json.loads(text).get("properties", {}).get(key, {})
    return tuple(str(value) for value in field.get("enum", ()))


def required_fields(doc_type: str, meta: Any = None) -> list[str]:
    """The fields a document of the type must have, given what its front matter says: a
    runbook needs `alerts` unless it is `kind: procedure` or `kind: troubleshooting` (the
    schema's `if`/`else`)."""
    from jsonschema import Draft202012Validator

    schema = load_schema(doc_type)
    fields: list[str] = []
    if "if" in schema:
        branch = "then" if Draft202012Validator(schema["if"]).is_valid(meta or {}) else "else"
        fields.extend(schema.get(branch, {}).get("required", []))
    return [*fields, *(name for name in schema.get("required", []) if name not in fields)]


_TYPE_NAMES = {
    "string": "a string",
    "number": "a number",
    "integer": "a whole number",
    "boolean": "true or false",
    "array": "a list",
    "object": "a mapping",
    "null": "nothing",
}


_SHOWN = 80
"""Characters of a value a message quotes: a value of a megabyte is not repeated in full."""


def _quoted(value: Any) -> str:
    """The value as a message quotes it, a long string cut at `_SHOWN` characters."""
    if isinstance(value, str) and len(value) > _SHOWN:
        return repr(value[: _SHOWN - 3] + "...")
    return repr(value)


def _several_values(name: str, value: str) -> str:
    """The message for a list-or-one-value field (`tags`) given commas in one string: the list
    to write, or the one value without its stray commas, or that it names none."""
    parts = [part.strip() for part in value.split(",") if part.strip()]
    if not parts:
        return f"{name}: {_quoted(value)} names no value; write one, or a list"
    if len(parts) == 1:
        return f"{name}: {_quoted(value)} has a stray comma; write {_quoted(parts[0])}"
    listed = ", ".join(parts[:10]) + (f", … ({len(parts)} in all)" if len(parts) > 10 else "")
    suggestion = listed if len(listed) <= 2 * _SHOWN else listed[: 2 * _SHOWN - 3] + "..."
    return (
        f"{name}: {_quoted(value)} is several values in one string; "
        f"write them as a list: [{suggestion}]"
    )


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
        return path, f"{name}: {_quoted(error.instance)} is not one of {choices}"
    if validator == "format":
        return path, f"{name}: {_quoted(error.instance)} is not a valid date (YYYY-MM-DD)"
    if validator == "pattern":
        schema_types = error.schema.get("type", ())
        if "array" in schema_types and isinstance(error.instance, str) and "," in error.instance:
            # A list-or-one-value field (`tags`) given several values in one string.
            return path, _several_values(name, error.instance)
        if "format" in error.schema:
            return path, f"{name}: {_quoted(error.instance)} is not a valid date (YYYY-MM-DD)"
        description = error.schema.get("description", f"matching {error.validator_value}")
        return path, f"{name}: {_quoted(error.instance)} is not valid ({description})"
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
            f"{name}: {_quoted(error.instance)} must be {bounds[validator]} "
            f"{error.validator_value}",
        )
    if validator == "anyOf" and path == ("sli",):
        return path, "sli: expected a name, or a mapping with name, type, good_events, total_events"
    return path, f"{name}: {error.message}"
