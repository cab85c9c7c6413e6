"""Reading one file into a `Doc`: decode, split front matter from body, parse the YAML.

Every file is read once. YAML goes through the C loader when available; the composed node tree
gives the line of every key and list item, and bounds alias expansion and nesting before any
value is constructed."""

from __future__ import annotations

import codecs
import datetime as dt
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from sre_docs.doctypes import FIELD_ALIASES, FOREIGN_TYPES
from sre_docs.model import Doc, Problem

MAX_FILE_BYTES = 10 * 1024 * 1024
"""Larger files are reported, not parsed: no handbook document is 10 MiB of markdown."""
MAX_YAML_NODES = 50_000
"""Front matter that expands (through aliases) past this many values is an alias bomb."""
MAX_YAML_DEPTH = 64
"""Nesting deeper than this is refused before construction, so nothing recurses unbounded."""
_LINE_MAP_DEPTH = 4

_TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"
_BaseLoader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _DocLoader(_BaseLoader):  # type: ignore[misc, valid-type]
    """Safe loader that keeps dates as the strings the author wrote.

    Dates are validated (and `2026-02-30` reported) by the schema, with a clear message, instead
    of failing inside the YAML constructor."""


_INT_TAG = "tag:yaml.org,2002:int"
_FLOAT_TAG = "tag:yaml.org,2002:float"
# YAML 1.1 reads `14:05` as the sexagesimal number 845; times stay strings here.
_INT = re.compile(
    r"^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+)$"
)
_FLOAT = re.compile(
    r"^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+]?[0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+]?[0-9]+)?"
    r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
)


def _resolver(tag: str, regexp: re.Pattern[str]) -> tuple[str, re.Pattern[str]]:
    if tag == _INT_TAG:
        return tag, _INT
    if tag == _FLOAT_TAG:
        return tag, _FLOAT
    return tag, regexp


_DocLoader.yaml_implicit_resolvers = {
    first: [_resolver(tag, regexp) for tag, regexp in resolvers if tag != _TIMESTAMP_TAG]
    for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
}


@dataclass(slots=True)
class FrontMatter:
    data: Any
    key_lines: dict[tuple[str | int, ...], int]
    problems: list[Problem]


def decode(raw: bytes) -> tuple[str | None, Problem | None]:
    """Text of a file, or the reason it cannot be linted as markdown."""
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return None, Problem("unreadable-file", 1, 1, "file is UTF-16 encoded; save it as UTF-8")
    nul = raw.find(b"\x00")
    if nul != -1:
        line = raw.count(b"\n", 0, nul) + 1
        return None, Problem("unreadable-file", line, 1, "file contains NUL bytes (binary file?)")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        column = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        return None, Problem(
            "unreadable-file",
            line,
            column,
            f"invalid UTF-8 (byte 0x{raw[error.start]:02x}); save the file as UTF-8",
        )
    return text, None


def split_front_matter(text: str) -> tuple[str | None, int, str, int, Problem | None]:
    """(front matter, its first line, body, body's first line, problem).

    Front matter opens with `---` on the first line and closes with `---` or `...`."""
    if not text.startswith("---"):
        return None, 0, text, 1, None
    first_end = text.find("\n")
    first_line = text[:first_end] if first_end != -1 else text
    if first_line.rstrip() != "---":
        return None, 0, text, 1, None
    position = first_end + 1 if first_end != -1 else len(text)
    line_number = 2
    while position < len(text):
        end = text.find("\n", position)
        line = text[position:] if end == -1 else text[position:end]
        stripped = line.rstrip()
        if stripped in ("---", "..."):
            front = text[first_end + 1 : position]
            body_start = len(text) if end == -1 else end + 1
            return front, 2, text[body_start:], line_number + 1, None
        if end == -1:
            break
        position = end + 1
        line_number += 1
    problem = Problem(
        "invalid-front-matter", 1, 1, "front matter opened with '---' on line 1 is never closed"
    )
    return None, 0, text, 1, problem


def parse_yaml(text: str, first_line: int) -> FrontMatter:
    """Parse front matter text whose first line is `first_line` of the file."""
    key_lines: dict[tuple[str | int, ...], int] = {}
    problems: list[Problem] = []
    offset = first_line - 1
    loader = _DocLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return FrontMatter(None, key_lines, problems)
        problem = _inspect(node, key_lines, problems, offset)
        if problem is not None:
            return FrontMatter(None, key_lines, [*problems, problem])
        try:
            data = _construct_plain(node, loader)
        except _NotPlain:
            data = _normalise(loader.construct_document(node))
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
        line = mark.line + 1 + offset if mark is not None else first_line
        column = mark.column + 1 if mark is not None else 1
        problem_text = getattr(error, "problem", None) or str(error).splitlines()[0]
        context = getattr(error, "context", None)
        message = f"front matter is not valid YAML: {problem_text}"
        if context and "constructor" not in context:
            message += f" ({context})"
        return FrontMatter(
            None, key_lines, [Problem("invalid-front-matter", line, column, message)]
        )
    except (RecursionError, MemoryError, ValueError, OverflowError) as error:
        message = f"front matter could not be read: {type(error).__name__}"
        return FrontMatter(
            None, key_lines, [Problem("invalid-front-matter", first_line, 1, message)]
        )
    finally:
        loader.dispose()
    return FrontMatter(data, key_lines, problems)


def _inspect(
    root: yaml.Node,
    key_lines: dict[tuple[str | int, ...], int],
    problems: list[Problem],
    offset: int,
) -> Problem | None:
    """Record key lines and duplicate keys; refuse alias bombs and deep nesting.

    Iterative, so a 10,000-deep document cannot exhaust the Python stack."""
    expanded: dict[int, int] = {}
    stack: list[tuple[yaml.Node, tuple[str | int, ...], int, bool]] = [(root, (), 0, False)]
    while stack:
        node, path, depth, children_done = stack.pop()
        if depth > MAX_YAML_DEPTH:
            return Problem(
                "invalid-front-matter",
                node.start_mark.line + 1 + offset,
                node.start_mark.column + 1,
                f"front matter is nested deeper than {MAX_YAML_DEPTH} levels",
            )
        node_id = id(node)
        if children_done:
            total = 1 + sum(expanded[id(child)] for child in _children(node))
            expanded[node_id] = total
            if total > MAX_YAML_NODES:
                return Problem(
                    "invalid-front-matter",
                    node.start_mark.line + 1 + offset,
                    node.start_mark.column + 1,
                    f"front matter expands to more than {MAX_YAML_NODES} values "
                    "(YAML aliases used as a bomb?)",
                )
            continue
        if node_id in expanded:
            continue
        if isinstance(node, yaml.ScalarNode):
            expanded[node_id] = 1
            continue
        stack.append((node, path, depth, True))
        record = len(path) < _LINE_MAP_DEPTH
        if isinstance(node, yaml.MappingNode):
            seen: dict[str, int] = {}
            for key_node, value_node in node.value:
                child_path = path
                if isinstance(key_node, yaml.ScalarNode):
                    key = key_node.value
                    line = key_node.start_mark.line + 1 + offset
                    if key == "<<":
                        pass
                    elif key in seen:
                        problems.append(
                            Problem(
                                "invalid-front-matter",
                                line,
                                key_node.start_mark.column + 1,
                                f"duplicate key {key!r} (first on line {seen[key]}); "
                                "YAML keeps only the last value",
                            )
                        )
                    else:
                        seen[key] = line
                    child_path = (*path, key)
                    if record and child_path not in key_lines:
                        key_lines[child_path] = line
                if id(key_node) not in expanded:
                    stack.append((key_node, path, depth + 1, False))
                if id(value_node) not in expanded:
                    stack.append((value_node, child_path, depth + 1, False))
        else:
            for index, item in enumerate(node.value):
                child_path = (*path, index)
                if record and child_path not in key_lines:
                    key_lines[child_path] = item.start_mark.line + 1 + offset
                if id(item) not in expanded:
                    stack.append((item, child_path, depth + 1, False))
    return None


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


_STR_TAG = "tag:yaml.org,2002:str"
_MAP_TAG = "tag:yaml.org,2002:map"
_SEQ_TAG = "tag:yaml.org,2002:seq"
_PLAIN_SCALAR_TAGS = frozenset(
    (_INT_TAG, _FLOAT_TAG, "tag:yaml.org,2002:bool", "tag:yaml.org,2002:null")
)


class _NotPlain(Exception):
    """A node `_construct_plain` leaves to PyYAML's constructor."""


def _construct_plain(node: yaml.Node, loader: Any) -> Any:
    """What `_normalise(loader.construct_document(node))` gives, built straight from the
    nodes for the front matter almost every document has: strings, numbers, booleans, nulls,
    lists and mappings with scalar keys. Any other node (an explicit `!!timestamp`, `!!set` or
    `!!binary` tag, a merge key, a mapping key that is a collection) raises `_NotPlain`, and
    the caller builds the document with PyYAML's constructor instead.

    Scalars go through the constructor's own functions, so every value is the one PyYAML
    makes; keys are made strings after the mapping is built, as `_normalise` does (`1` and
    `true` are one key to YAML). Called after `_inspect`, which refused cycles, deep nesting
    and alias bombs, so the recursion is bounded and an alias costs what its expansion costs
    in `_normalise`; every alias gets its own copy, as there."""
    tag = node.tag
    kind = type(node)
    if kind is yaml.ScalarNode:
        if tag == _STR_TAG:
            return node.value
        if tag in _PLAIN_SCALAR_TAGS:
            return loader.yaml_constructors[tag](loader, node)
    elif kind is yaml.MappingNode and tag == _MAP_TAG:
        mapping: dict[Any, Any] = {}
        keys_are_text = True
        for key_node, value_node in node.value:
            if type(key_node) is not yaml.ScalarNode:
                raise _NotPlain
            key = _construct_plain(key_node, loader)
            if type(key) is not str:
                keys_are_text = False
            mapping[key] = _construct_plain(value_node, loader)
        if keys_are_text:
            return mapping
        return {key if isinstance(key, str) else str(key): item for key, item in mapping.items()}
    elif kind is yaml.SequenceNode and tag == _SEQ_TAG:
        return [_construct_plain(item, loader) for item in node.value]
    raise _NotPlain


def _normalise(value: Any) -> Any:
    """JSON-compatible values: dates as ISO strings, sets and tuples as lists, keys as strings."""
    if isinstance(value, dict):
        return {
            str(key) if not isinstance(key, str) else key: _normalise(item)
            for key, item in value.items()
        }
    if isinstance(value, list | tuple | set | frozenset):
        items = sorted(value, key=repr) if isinstance(value, set | frozenset) else value
        return [_normalise(item) for item in items]
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return value


def load_text(
    rel: str,
    path: Path,
    text: str,
    folder_type: str | None,
    types: Mapping[str, str | None] | None = None,
    action_synonyms: Mapping[str, tuple[str, ...]] | None = None,
    *,
    folder_form: Mapping[str, str] | None = None,
) -> Doc:
    """A `Doc` from already-decoded text (the plugin passes MkDocs' page source here).

    `types` maps foreign `type:` values (`docs`, `learn`) to a document type, or to None: such
    a page takes the type of its folder, if any, as if it declared none. `action_synonyms`
    are a team's extra action-item headings per type (`Config.action_item_synonyms`).
    `folder_form` holds the form values of the folder (`Config.folder_form`): a document of
    the folder's type takes those its front matter does not write. A dated document whose
    front matter has no date takes the one its file name starts with
    (`2024-03-05-db-outage.md`), as Jekyll dates a post; a field written under another tool's
    name (`doctypes.FIELD_ALIASES`: `owner_slack`) counts as the field."""
    doc = _load_text(rel, path, text, folder_type, types, action_synonyms)
    if folder_form and folder_type is not None and doc.doc_type == folder_type:
        doc.implied = {key: value for key, value in folder_form.items() if key not in doc.meta}
    entry = doc.entry
    if entry is None or not doc.meta:
        return doc
    if entry.date_key and entry.date_key not in doc.meta:
        named = file_name_date(rel)
        if named is not None:
            doc.implied = {**doc.implied, entry.date_key: named}
    for key, aliases in FIELD_ALIASES.items():
        if key not in doc.meta and key not in doc.implied:
            value = next((doc.meta[alias] for alias in aliases if doc.meta.get(alias)), None)
            if isinstance(value, str):
                doc.implied = {**doc.implied, key: value}
    return doc


_FILE_DATE = re.compile(r"(?<!\d)(\d{4}-\d{2}-\d{2})(?!\d)")


def file_name_date(rel: str, *, anywhere: bool = False) -> str | None:
    """The ISO date a file name starts with (`2024-03-05-db-outage.md` → `2024-03-05`), or with
    `anywhere` holds (`db-outage-2024-03-05.md`), if it is a real date; else None."""
    name = rel.rsplit("/", 1)[-1]
    match = _FILE_DATE.search(name) if anywhere else _FILE_DATE.match(name)
    if match is None:
        return None
    try:
        return dt.date.fromisoformat(match.group(1)).isoformat()
    except ValueError:
        return None


def _load_text(
    rel: str,
    path: Path,
    text: str,
    folder_type: str | None,
    types: Mapping[str, str | None] | None,
    action_synonyms: Mapping[str, tuple[str, ...]] | None,
) -> Doc:
    front, front_line, body, body_line, split_problem = split_front_matter(text)
    doc = Doc(rel=rel, path=path, body=body, body_line=body_line)
    if action_synonyms:
        doc.action_synonyms = action_synonyms
    if split_problem is not None:
        doc.problems.append(split_problem)
        return doc
    if front is None:
        _apply_folder_type(doc, folder_type)
        return doc
    parsed = parse_yaml(front, front_line)
    doc.key_lines = parsed.key_lines
    doc.problems.extend(parsed.problems)
    if parsed.data is None:
        if not parsed.problems:
            _apply_folder_type(doc, folder_type)  # an empty block
        return doc
    if not isinstance(parsed.data, dict):
        kind = type(parsed.data).__name__
        doc.problems.append(
            Problem(
                "invalid-front-matter",
                front_line,
                1,
                f"front matter must be a mapping of keys to values, not a {_yaml_kind(kind)}",
            )
        )
        return doc
    doc.meta = parsed.data
    declared = parsed.data.get("type")
    if types and isinstance(declared, str) and declared in types:
        declared = types[declared]
    elif isinstance(declared, str) and declared.strip().lower() in FOREIGN_TYPES:
        declared = None  # another tool's `type:` (`type: docs` of a Hugo theme, `type: index`)
    if declared is not None:
        doc.doc_type = str(declared)
        doc.type_declared = True
    else:
        _apply_folder_type(doc, folder_type)
    return doc


def _apply_folder_type(doc: Doc, folder_type: str | None) -> None:
    """A typed folder fills in a missing `type` (the caller gives no type for a folder's
    section page: `Config.folder_type`)."""
    if folder_type is not None:
        doc.doc_type = folder_type


def _yaml_kind(python_type: str) -> str:
    return {
        "list": "list",
        "str": "string",
        "int": "number",
        "float": "number",
        "bool": "boolean",
    }.get(python_type, python_type)


def load_file(
    rel: str,
    path: Path,
    folder_type: str | None,
    types: Mapping[str, str | None] | None = None,
    action_synonyms: Mapping[str, tuple[str, ...]] | None = None,
    *,
    folder_form: Mapping[str, str] | None = None,
) -> Doc:
    """Read and parse one file; problems (unreadable, too large, invalid) become findings."""
    return load_bytes(
        rel,
        path,
        read_document(path),
        folder_type,
        types,
        action_synonyms,
        folder_form=folder_form,
    )


def read_document(path: Path) -> bytes | Problem:
    """The bytes of a document, or why it cannot be read (missing, unreadable, too large)."""
    try:
        with open(path, "rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            if size > MAX_FILE_BYTES:
                return _too_large(size)
            # What the file holds, and more only if it grew meanwhile (or is no regular file),
            # still up to the limit: asking for the limit at once makes a buffer of that size.
            raw = handle.read(size + 1)
            if len(raw) > size:
                raw += handle.read(MAX_FILE_BYTES + 1 - len(raw))
    except OSError as error:
        reason = error.strerror or type(error).__name__
        return Problem("unreadable-file", 1, 1, f"cannot read file: {reason}")
    return _too_large(len(raw)) if len(raw) > MAX_FILE_BYTES else raw


def _too_large(size: int) -> Problem:
    return Problem(
        "unreadable-file",
        1,
        1,
        f"file is {size / 1048576:.1f} MiB, over the "
        f"{MAX_FILE_BYTES // 1048576} MiB limit for a document; not checked",
    )


def load_bytes(
    rel: str,
    path: Path,
    raw: bytes | Problem,
    folder_type: str | None,
    types: Mapping[str, str | None] | None = None,
    action_synonyms: Mapping[str, tuple[str, ...]] | None = None,
    *,
    folder_form: Mapping[str, str] | None = None,
) -> Doc:
    """Parse a document's bytes (as `read_document` returns them, or as MkDocs read them)."""
    if isinstance(raw, bytes) and len(raw) > MAX_FILE_BYTES:
        raw = _too_large(len(raw))
    if isinstance(raw, Problem):
        doc = Doc(rel=rel, path=path, body="", body_line=1)
        doc.problems.append(raw)
        return doc
    text, problem = decode(raw)
    if text is None:
        doc = Doc(rel=rel, path=path, body="", body_line=1)
        if problem is not None:
            doc.problems.append(problem)
        return doc
    return load_text(rel, path, text, folder_type, types, action_synonyms, folder_form=folder_form)
