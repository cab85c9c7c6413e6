"""The handbook as a whole: one `DocRecord` per markdown file, plus the set of every file.

A record is what handbook rules, `export` and the site need from a document; it is small,
picklable and cached, so a one-file run sees the whole handbook without re-reading it."""

from __future__ import annotations

import datetime as dt
import posixpath
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit

from sre_docs.body import Directive, Link
from sre_docs.model import ActionItem, Doc

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

    def line_of(self, *path: str | int) -> int:
        while path:
            line = self.key_lines.get(path)
            if line is not None:
                return line
            path = path[:-1]
        return 1

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
            key_lines = {
                path: line
                for path, line in key_lines.items()
                if path[0] in HANDBOOK_KEYS or path[0] == "action_items"
            }
        return cls(
            rel=doc.rel,
            doc_type=doc.doc_type,
            type_declared=doc.type_declared,
            title=doc.title,
            meta=meta,
            key_lines=key_lines,
            action_items=doc.action_items if doc.is_sre_doc else [],
            links=body.links if body else [],
            directives=body.directives if body else [],
            headings=[(h.level, h.title, h.line) for h in body.headings] if body and full else [],
            last_line=body.last_line if body else 1,
            hits=hits,
        )


@dataclass(slots=True)
class LintContext:
    """Inputs every rule may read: the configuration and today's date."""

    config: Config
    today: dt.date


@dataclass
class Handbook:
    """Every document record of the docs root and every file's relative path."""

    records: list[DocRecord]
    files: frozenset[str]
    folders: frozenset[str] = frozenset()
    alert_rule_files: list[tuple[str, Any]] = field(default_factory=list)

    @cached_property
    def by_rel(self) -> dict[str, DocRecord]:
        return {record.rel: record for record in self.records}

    def of_type(self, doc_type: str) -> Iterator[DocRecord]:
        return (record for record in self.records if record.doc_type == doc_type)

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
