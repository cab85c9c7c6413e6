"""The schema validator: jsonschema's Draft 2020-12 with leaf values checked in place, which
must report exactly what jsonschema reports, error for error."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from sre_docs import doctypes
from sre_docs.loader import load_file
from sre_docs.schemas import validator

CONTENT = Path(__file__).resolve().parents[2] / "content"

_VALUES = [1, 0, -5, 1.5, 1e9, "x", "", None, True, False, [], {}, ["a"], [1], {"a": 1},
           "2026-02-30", "2026-01-01", "SEV9", "SEV1", "@bob", "P0", "done", 99.9]  # fmt: skip


def _documents() -> list[tuple[str, dict[str, Any]]]:
    found = []
    for path in sorted(CONTENT.rglob("*.md")):
        doc = load_file(path.relative_to(CONTENT).as_posix(), path, None)
        if doc.doc_type in doctypes.DOC_TYPES and doc.meta:
            found.append((doc.doc_type, doc.meta))
    return found


DOCUMENTS = _documents()
_REMOVED = object()


def _errors(checking: Any, instance: Any) -> list[tuple[object, ...]]:
    return [
        (
            tuple(error.absolute_path),
            tuple(error.schema_path),
            error.validator,
            repr(error.validator_value),
            repr(error.instance),
            error.message,
        )
        for error in checking.iter_errors(instance)
    ]


def _jsonschema(doc_type: str) -> Any:
    schema = validator(doc_type).schema
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def _places(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    places = [path]
    if isinstance(value, dict):
        for key, item in value.items():
            places += _places(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            places += _places(item, (*path, index))
    return places


def test_the_handbook_has_documents_of_every_kind() -> None:
    assert {doc_type for doc_type, _ in DOCUMENTS} >= {"postmortem", "runbook", "slo", "toil"}


@pytest.mark.parametrize(("doc_type", "meta"), DOCUMENTS)
def test_valid_documents_have_no_errors_either_way(doc_type: str, meta: dict[str, Any]) -> None:
    assert _errors(validator(doc_type), meta) == _errors(_jsonschema(doc_type), meta)


def _richest_of_each_type() -> list[tuple[str, dict[str, Any]]]:
    richest: dict[str, tuple[str, dict[str, Any]]] = {}
    for doc_type, meta in DOCUMENTS:
        if doc_type not in richest or len(_places(meta)) > len(_places(richest[doc_type][1])):
            richest[doc_type] = (doc_type, meta)
    return list(richest.values())


@pytest.mark.parametrize(("doc_type", "meta"), _richest_of_each_type())
def test_every_value_replaced_or_removed_gets_jsonschemas_errors(
    doc_type: str, meta: dict[str, Any]
) -> None:
    """Each value of the front matter, in turn, replaced by each of a set of wrong (and right)
    values, and each key removed."""
    fast, slow = validator(doc_type), _jsonschema(doc_type)
    reported = 0
    for place in _places(meta)[1:]:
        for value in [*_VALUES, _REMOVED]:
            broken = copy.deepcopy(meta)
            parent = broken
            for key in place[:-1]:
                parent = parent[key]
            if value is not _REMOVED:
                parent[place[-1]] = copy.deepcopy(value)
            elif isinstance(parent, dict):
                del parent[place[-1]]
            expected = _errors(slow, broken)
            assert _errors(fast, broken) == expected, (place, value)
            reported += len(expected)
    assert reported > 50


@settings(max_examples=100, deadline=None)
@given(st.data())
def test_broken_front_matter_gets_jsonschemas_errors(data: st.DataObject) -> None:
    doc_type, meta = data.draw(st.sampled_from(DOCUMENTS))
    broken = copy.deepcopy(meta)
    for _ in range(data.draw(st.integers(1, 4))):
        places = [place for place in _places(broken) if place]
        place = data.draw(st.sampled_from(places))
        parent = broken
        for key in place[:-1]:
            parent = parent[key]
        if isinstance(parent, dict) and data.draw(st.booleans()):
            del parent[place[-1]]
        else:
            parent[place[-1]] = copy.deepcopy(data.draw(st.sampled_from(_VALUES)))
    assert _errors(validator(doc_type), broken) == _errors(_jsonschema(doc_type), broken)


@pytest.mark.parametrize(
    ("tags", "message"),
    [
        ("a,,b", "tags: 'a,,b' is several values in one string; write them as a list: [a, b]"),
        ("incident,", "tags: 'incident,' has a stray comma; write 'incident'"),
        (" , ", "tags: ' , ' names no value; write one, or a list"),
    ],
)
def test_tags_in_one_string_get_the_value_to_write(tags: str, message: str) -> None:
    from sre_docs.schemas import schema_message

    errors = list(validator("postmortem").iter_errors({"tags": tags}))
    assert message in [schema_message(error)[1] for error in errors]


def test_a_huge_value_is_quoted_short() -> None:
    """A megabyte of tags in one string is reported in a line, not repeated in full."""
    from sre_docs.schemas import schema_message

    errors = list(
        validator("postmortem").iter_errors({"tags": "ab," * 300_000, "status": "x" * 10**6})
    )
    messages = [
        schema_message(error)[1] for error in errors if error.validator in ("pattern", "enum")
    ]
    assert len(messages) == 2
    assert all(len(message) < 400 for message in messages), [len(m) for m in messages]
    assert any("(300000 in all)" in message for message in messages)
