"""The handbook as a whole: one `DocRecord` per markdown file, plus the set of every file.

A record is everything the rules, `export` and the site take from a document. Handbook rules
see each record through `view`: only the fields they declare they read (`Rule.reads`), in the
command line, the plugin and `export` alike, so what a cache keeps for them follows from the
declarations and no pipeline can show a rule less than another."""

from __future__ import annotations

import base64
import datetime as dt
import json
import os
import posixpath
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit

from sre_docs.body import Directive, Link
from sre_docs.model import ActionItem, Doc, key_line
from sre_docs.section_items import SectionItems, read_sections

if TYPE_CHECKING:
    from collections.abc import Sequence

    from sre_docs.config import Config
    from sre_docs.doctypes import Section


@dataclass(slots=True)
class DocRecord:
    """One document as rules, `export` and the site see it, and the document rules' raw hits."""

    rel: str
    doc_type: str | None
    type_declared: bool
    title: str
    meta: dict[str, Any]
    key_lines: dict[tuple[str | int, ...], int]
    action_items: list[ActionItem]
    links: list[Link]
    directives: list[Directive]
    headings: list[tuple[int, str, int]]
    last_line: int
    hits: list[tuple[str, int, int, str]] = field(default_factory=list)
    section_items: list[SectionItems] = field(default_factory=list)
    """The items of the sections its type shows (`DocType.shown_sections`), in that order."""

    def line_of(self, *path: str | int) -> int:
        return key_line(self.key_lines, path)

    @classmethod
    def from_doc(
        cls, doc: Doc, hits: list[tuple[str, int, int, str]], shown: Sequence[Section] = ()
    ) -> DocRecord:
        """The record of `doc`; `shown`: the sections whose items it carries
        (`section_items.shown_sections`)."""
        needs_body = doc.is_sre_doc or bool(doc.body)
        body = doc.body_index if needs_body else None
        return cls(
            rel=doc.rel,
            doc_type=doc.doc_type,
            type_declared=doc.type_declared,
            title=doc.title,
            meta=doc.fields,  # the folder's `kind: procedure` too
            key_lines=doc.key_lines,
            action_items=list(doc.action_items) if doc.is_sre_doc else [],
            links=body.links if body else [],
            directives=body.directives if body else [],
            headings=[(h.level, h.title, h.line) for h in body.headings] if body else [],
            last_line=body.last_line if body else 1,
            hits=hits,
            section_items=read_sections(doc, shown) if shown and doc.is_sre_doc else [],
        )


def view(record: DocRecord, reads: frozenset[str]) -> DocRecord:
    """`record` with only the fields in `reads` (see `rules.base.RECORD_FIELDS`); the others
    empty. `rel`, `doc_type`, `type_declared` stay, and what the engine reads itself: `hits`,
    `directives` and `last_line`."""
    if "meta" in reads:
        meta, key_lines = record.meta, record.key_lines
    else:
        keys = {name[5:] for name in reads if name.startswith("meta.")}
        meta = {key: value for key, value in record.meta.items() if key in keys}
        key_lines = {path: line for path, line in record.key_lines.items() if path[0] in keys}
    return DocRecord(
        rel=record.rel,
        doc_type=record.doc_type,
        type_declared=record.type_declared,
        title=record.title if "title" in reads else "",
        meta=meta,
        key_lines=key_lines,
        action_items=record.action_items if "action_items" in reads else [],
        links=record.links if "links" in reads else [],
        directives=record.directives,
        headings=record.headings if "headings" in reads else [],
        last_line=record.last_line,
        hits=record.hits,
        section_items=record.section_items if "section_items" in reads else [],
    )


def content_digest(raw: bytes) -> bytes:
    """The digest a cached record is keyed by: BLAKE2b of the document's bytes."""
    import hashlib

    return hashlib.blake2b(raw, digest_size=16).digest()


@dataclass(slots=True)
class LintContext:
    """Inputs every rule may read: the configuration and today's date.

    Document rules get `today=None`: their hits are cached by the file's content and the
    configuration, so they must not depend on the date (handbook rules run on every run)."""

    config: Config
    today: dt.date | None


def record_ids(record: DocRecord) -> Iterator[tuple[int, str, str]]:
    """(line, id, kind) of every id a document declares: its own and its action items'."""
    if not record.doc_type:
        return
    doc_id = record.meta.get("id")
    if isinstance(doc_id, str | int) and not isinstance(doc_id, bool) and str(doc_id).strip():
        yield record.line_of("id"), str(doc_id).strip(), "document"
    for item in record.action_items:
        if item.id:
            yield item.line, item.id, "action item"


@dataclass
class Handbook:
    """Every document record of the docs root and every file's relative path."""

    records: list[DocRecord]
    files: frozenset[str]
    folders: frozenset[str] = frozenset()
    alert_rule_files: list[Any] = field(default_factory=list)
    reported: frozenset[str] | None = None
    """Files whose findings are reported (None: all). Handbook rules still read every record
    for cross-document facts, but only check the reported ones."""

    @cached_property
    def by_rel(self) -> dict[str, DocRecord]:
        return {record.rel: record for record in self.records}

    @cached_property
    def doc_types(self) -> dict[str, str | None]:
        """Every markdown document's type (None: a plain page)."""
        return {record.rel: record.doc_type for record in self.records}

    def of_type(self, doc_type: str) -> Iterator[DocRecord]:
        return (record for record in self.records if record.doc_type == doc_type)

    def checked(self, doc_type: str | None = None) -> Iterator[DocRecord]:
        """Records whose findings are reported, optionally of one type."""
        for record in self.records:
            if doc_type is not None and record.doc_type != doc_type:
                continue
            if self.reported is None or record.rel in self.reported:
                yield record

    @cached_property
    def runbook_alerts(self) -> dict[str, list[str]]:
        """Alert name → runbooks (relative paths) that answer it."""
        answers: dict[str, list[str]] = {}
        for record in self.of_type("runbook"):
            alerts = record.meta.get("alerts")
            if isinstance(alerts, list):
                for alert in alerts:
                    if isinstance(alert, str):
                        answers.setdefault(alert, []).append(record.rel)
        return answers

    def exists(self, rel: str) -> bool:
        return rel in self.files or rel in self.folders or rel == ""


def resolve_link(source_rel: str, target: str) -> str | None:
    """Docs-root-relative path a relative link points at; None for URLs, anchors, absolute paths.

    The result may start with `../` when the link leaves the docs root."""
    target = target.strip()
    if not target or target.startswith(("#", "/", "\\")):
        return None
    if ":" in target or "?" in target or "#" in target or not target.isprintable():
        parts = urlsplit(target)
        if parts.scheme or parts.netloc:
            return None
        path = unquote(parts.path)
    else:
        # No scheme, query or fragment, nothing `urlsplit` removes: the path is the target
        # (most links, read without building a split result).
        path = unquote(target)
    if not path:
        return None
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(source_rel), path))
    return "" if joined == "." else joined


def outside_path(docs_dir: os.PathLike[str] | str, target: str) -> str:
    """Where on disk a link target that leaves the docs root (`../…`) points."""
    return os.path.normpath(os.path.join(docs_dir, target))


# Records as JSON, what the cache stores. Front matter may hold what JSON has no type for
# (dates, binary, sets, mappings with keys that are not strings): those are tagged objects
# under the key "\0". A record holding a value of any other type is not stored at all.


class Unstorable(Exception):
    """A value JSON cannot hold, even tagged: the record is not cached."""


_TAG = "\0"


def _encode(value: Any) -> Any:
    if value is None or isinstance(value, str | bool | int | float):
        return value
    if isinstance(value, list):
        return [_encode(item) for item in value]
    if isinstance(value, dict):
        if all(isinstance(key, str) for key in value) and _TAG not in value:
            return {key: _encode(item) for key, item in value.items()}
        return {_TAG: "map", "v": [[_encode(key), _encode(item)] for key, item in value.items()]}
    if isinstance(value, tuple):
        return {_TAG: "tuple", "v": [_encode(item) for item in value]}
    if isinstance(value, dt.datetime):
        return {_TAG: "datetime", "v": value.isoformat()}
    if isinstance(value, dt.date):
        return {_TAG: "date", "v": value.isoformat()}
    if isinstance(value, bytes):
        return {_TAG: "bytes", "v": base64.b64encode(value).decode("ascii")}
    if isinstance(value, set | frozenset):
        kind = "set" if isinstance(value, set) else "frozenset"
        return {_TAG: kind, "v": [_encode(item) for item in value]}
    raise Unstorable(type(value).__name__)


def _tagged(value: dict[str, Any]) -> Any:
    kind = value.get(_TAG)
    if kind is None:
        return value
    items = value["v"]
    if kind == "map":
        return {_hashable(key): item for key, item in items}
    if kind == "tuple":
        return tuple(items)
    if kind == "datetime":
        return dt.datetime.fromisoformat(items)
    if kind == "date":
        return dt.date.fromisoformat(items)
    if kind == "bytes":
        return base64.b64decode(items)
    if kind == "set":
        return {_hashable(item) for item in items}
    if kind == "frozenset":
        return frozenset(_hashable(item) for item in items)
    raise ValueError(f"unknown tag {kind!r}")


def _hashable(value: Any) -> Any:
    if isinstance(value, list | dict):
        raise TypeError("unhashable key")
    return value


def encode_record(record: DocRecord) -> str:
    return json.dumps(
        [
            record.rel,
            record.doc_type,
            record.type_declared,
            record.title,
            _encode(record.meta),
            [[list(path), line] for path, line in record.key_lines.items()],
            [[_encode(value) for value in item] for item in record.action_items],
            [list(link) for link in record.links],
            [[line, action, list(rules)] for line, action, rules in record.directives],
            [list(heading) for heading in record.headings],
            record.last_line,
            [list(hit) for hit in record.hits],
            [
                [name, line, [list(item) for item in items], count, note]
                for name, line, items, count, note in record.section_items
            ],
        ],
        ensure_ascii=False,
        separators=(",", ":"),
    )


def decode_record(text: str) -> DocRecord:
    (
        rel,
        doc_type,
        type_declared,
        title,
        meta,
        key_lines,
        action_items,
        links,
        directives,
        headings,
        last_line,
        hits,
        section_items,
    ) = json.loads(text, object_hook=_tagged) if "\\u0000" in text else json.loads(text)
    return DocRecord(
        rel=rel,
        doc_type=doc_type,
        type_declared=type_declared,
        title=title,
        meta=meta,
        key_lines={tuple(path): line for path, line in key_lines},
        action_items=[ActionItem(*item) for item in action_items],
        links=[Link(*link) for link in links],
        directives=[Directive(line, action, tuple(rules)) for line, action, rules in directives],
        headings=[tuple(heading) for heading in headings],
        last_line=last_line,
        hits=[tuple(hit) for hit in hits],
        section_items=[
            SectionItems(name, line, tuple(tuple(item) for item in items), count, note)
            for name, line, items, count, note in section_items
        ],
    )
