"""The handbook as a whole: one `DocRecord` per markdown file, plus the set of every file.

A record is what handbook rules, `export` and the site need from a document; it is small,
picklable and cached, so a one-file run sees the whole handbook without re-reading it."""

from __future__ import annotations

import datetime as dt
import os
import posixpath
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit

from sre_docs.body import Directive, Link
from sre_docs.model import ActionItem, Doc, key_line

if TYPE_CHECKING:
    from sre_docs.config import Config


HANDBOOK_KEYS = frozenset(
    {
        "type",
        "id",
        "title",
        "date",
        "status",
        "severity",
        "alerts",
        "burn_rate_alerts",
        "last_reviewed",
        "last_updated",
        "service",
        "services",
        "checklist",
        "oncall_rotation",
        "review_cadence_days",
        "impact",
    }
)
"""Front-matter keys handbook rules read. Lint records keep only these, which keeps the cache
small enough to load in a few milliseconds; export and the site keep everything."""


@dataclass(slots=True)
class DocRecord:
    """The cacheable essence of one document, and the document rules' raw hits."""

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
    front_key: bytes | None = None  # see `Doc.front_key`

    def __reduce__(self) -> tuple[type[DocRecord], tuple[Any, ...]]:
        # Positional re-creation pickles and loads several times faster than slot state.
        return (
            DocRecord,
            (
                self.rel,
                self.doc_type,
                self.type_declared,
                self.title,
                self.meta,
                self.key_lines,
                self.action_items,
                self.links,
                self.directives,
                self.headings,
                self.last_line,
                self.hits,
                self.front_key,
            ),
        )

    def stub(self) -> DocRecord:
        """The facts other documents' checks read: type, id, runbook alerts, action-item ids.

        A run over named files keeps stubs of every other document (see `cache.py`)."""
        meta = {key: self.meta[key] for key in ("id", "alerts") if key in self.meta}
        return DocRecord(
            rel=self.rel,
            doc_type=self.doc_type,
            type_declared=self.type_declared,
            title="",
            meta=meta,
            key_lines={("id",): self.key_lines[("id",)]} if ("id",) in self.key_lines else {},
            action_items=[
                ActionItem("", item.line, item.source, id=item.id)
                for item in self.action_items
                if item.id
            ],
            links=[],
            directives=[],
            headings=[],
            last_line=self.last_line,
            hits=[],
        )

    def line_of(self, *path: str | int) -> int:
        return key_line(self.key_lines, path)

    @classmethod
    def from_doc(
        cls, doc: Doc, hits: list[tuple[str, int, int, str]], *, full: bool = True
    ) -> DocRecord:
        """The record of `doc`; `full=False` keeps only what handbook rules read."""
        needs_body = doc.is_sre_doc or bool(doc.body)
        body = doc.body_index if needs_body else None
        meta = doc.meta
        key_lines = doc.key_lines
        if not full:
            meta = {key: value for key, value in meta.items() if key in HANDBOOK_KEYS}
            key_lines = {path: line for path, line in key_lines.items() if path[0] in HANDBOOK_KEYS}
        return cls(
            rel=doc.rel,
            doc_type=doc.doc_type,
            type_declared=doc.type_declared,
            title=doc.title,
            meta=meta,
            key_lines=key_lines,
            action_items=(
                [item if full else _slim(item) for item in doc.action_items]
                if doc.is_sre_doc
                else []
            ),
            links=body.links if body else [],
            directives=body.directives if body else [],
            headings=[(h.level, h.title, h.line) for h in body.headings] if body and full else [],
            last_line=body.last_line if body else 1,
            hits=hits,
            front_key=doc.front_key,
        )


def _slim(item: ActionItem) -> ActionItem:
    """What handbook rules read of an action item: id, due date, priority, status and line."""
    return item._replace(description="", owner=None, ticket=None, type=None)


@dataclass(slots=True)
class LintContext:
    """Inputs every rule may read: the configuration and today's date."""

    config: Config
    today: dt.date


KnownHits = dict[bytes, list[tuple[str, int, int, str]]]
"""Findings of the `front_matter_only` rules on front matter seen before, by `Doc.front_key`."""


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


def fact_keys(record: DocRecord) -> set[str]:
    """The keys that tie a document to others in handbook rules: ids it declares, alerts a
    runbook answers or a postmortem names.

    Contract of the handbook rules: a finding on document D depends only on D's record, the
    files and document types of the docs root, the alert rule files, and the records that share
    a fact key with D (or with an alert rule file). A run over named files loads just those, so
    a new cross-document rule must add the keys it relies on here."""
    keys = {f"id:{identifier}" for _, identifier, _ in record_ids(record)}
    if record.doc_type in ("runbook", "postmortem"):
        alerts = record.meta.get("alerts")
        if isinstance(alerts, list):
            keys.update(alert_key(alert) for alert in alerts if isinstance(alert, str))
    return keys


def alert_key(name: str) -> str:
    """The fact key of an alert, however a runbook, a postmortem or a rule file names it."""
    return f"alert:{name.strip()}"


@dataclass
class Handbook:
    """Every document record of the docs root and every file's relative path.

    A run over named files holds the full records of those files and the stubs of only the
    documents that share a fact key with them (see `fact_keys`); `types` still names the
    type of every document."""

    records: list[DocRecord]
    files: frozenset[str]
    folders: frozenset[str] = frozenset()
    alert_rule_files: list[Any] = field(default_factory=list)
    reported: frozenset[str] | None = None
    """Files whose findings are reported (None: all). Handbook rules still read every record
    for cross-document facts, but only check the reported ones."""
    types: dict[str, str | None] | None = None
    """Document type of every markdown document (None: a plain page); from `records` when unset."""

    @cached_property
    def by_rel(self) -> dict[str, DocRecord]:
        return {record.rel: record for record in self.records}

    @cached_property
    def doc_types(self) -> dict[str, str | None]:
        """Every markdown document's type, whether or not its record is loaded."""
        if self.types is not None:
            return self.types
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
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return None
    path = unquote(parts.path)
    if not path:
        return None
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(source_rel), path))
    return "" if joined == "." else joined


def outside_path(docs_dir: os.PathLike[str] | str, target: str) -> str:
    """Where on disk a link target that leaves the docs root (`../…`) points."""
    return os.path.normpath(os.path.join(docs_dir, target))


def outside_paths(record: DocRecord, docs_dir: os.PathLike[str] | str) -> list[str]:
    """The files outside the docs root that the record links to: the one thing beyond the
    docs root its findings depend on (`broken-link` looks them up on disk)."""
    paths = []
    for link in record.links:
        if ".." not in link.target:
            continue  # cannot climb out of the docs root
        target = resolve_link(record.rel, link.target)
        if target is not None and target.startswith("../"):
            paths.append(outside_path(docs_dir, target))
    return paths
