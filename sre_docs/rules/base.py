"""What a rule is: a name, a code, a default severity, a scope and a `check` that yields hits.

A rule's docstring is its documentation (`sre-docs explain`, the rule reference page).

The contract between a rule and the engine (the same in `sre-docs lint`, the MkDocs plugin
and `sre-docs export`):

- A **document** rule sees one parsed `Doc` and the configuration (`context.today` is None).
  Its hits depend on nothing else: they are computed once per file content and configuration
  and kept in the results cache.
- A **handbook** rule sees the `Handbook`: every document's record, the files and folders of
  the docs root, the alert rule files, and today. It runs on every run, over the whole docs
  root, and reports on `handbook.checked()` records. It sees each record through
  `sre_docs.handbook.view`: `rel`, `doc_type`, `type_declared` and the fields it declares in
  `reads` (`title`, `action_items`, `links`, `headings`, `section_items`, `meta` for all
  front matter, or `meta.KEY` for one key and the lines of its values); other fields are
  empty. The records handed to handbook rules are these views in every pipeline (the union
  of the handbook rules' declarations; a test runs each rule on a view of its own
  declarations alone), so a missing declaration fails the rule's tests instead of working in
  the site and seeing nothing in `sre-docs lint`. The cache keeps exactly these views for
  the command line. `reads` may be a function returning the fields, for a rule whose fields
  come from the type registry."""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from sre_docs import doctypes

DOCUMENT = "document"
HANDBOOK = "handbook"
RECORD_FIELDS = frozenset({"title", "action_items", "links", "headings", "section_items"})
"""Fields a handbook rule may declare in `reads`, besides `meta` and `meta.KEY`."""

Reads = Iterable[str] | Callable[[], Iterable[str]]


@dataclass(frozen=True, slots=True)
class Hit:
    """A rule's raw finding: where and what. `rel` is set by handbook rules only."""

    line: int
    column: int
    message: str
    rel: str | None = None


@dataclass(frozen=True, slots=True)
class Rule:
    name: str
    code: str
    severity: str
    scope: str
    check: Callable[..., Iterator[Hit]]
    declared: Reads = ()
    """Handbook rules: the record fields the check reads (see the module docstring)."""

    @property
    def reads(self) -> frozenset[str]:
        fields = frozenset(self.declared() if callable(self.declared) else self.declared)
        for field in fields:
            if field not in RECORD_FIELDS and field != "meta" and not field.startswith("meta."):
                raise ValueError(f"{self.name}: {field!r} is not a record field a rule can read")
        return fields

    @property
    def doc(self) -> str:
        """The docstring, with what the type registry knows filled in: `{doc_types}` (every
        type name) and `{sections}` (the sections each type this rule checks expects)."""
        text = inspect.cleandoc(self.check.__doc__ or "")
        if "{doc_types}" in text:
            names = [f"`{name}`" for name in doctypes.NAMES]
            text = text.replace("{doc_types}", doctypes.listed(names))
        if "{sections}" in text:
            text = text.replace("{sections}", doctypes.sections_reference(self.name))
        return text

    @property
    def summary(self) -> str:
        """The first sentence of *What it does*, on one line."""
        paragraph = self.sections().get("What it does", "").split("\n\n", 1)[0]
        text = " ".join(paragraph.split())
        text = text.split(". ", 1)[0]
        return text.rstrip(".:") + "."

    def sections(self) -> dict[str, str]:
        """The docstring's sections by heading: What it does, Why is this bad, Example, …"""
        sections: dict[str, str] = {}
        current = "What it does"
        lines: list[str] = []
        for line in self.doc.splitlines():
            if line.startswith("## "):
                if lines:
                    sections[current] = "\n".join(lines).strip()
                current = line[3:].strip()
                lines = []
            else:
                lines.append(line)
        if lines:
            sections[current] = "\n".join(lines).strip()
        return sections


def rule(
    name: str, code: str, severity: str, scope: str = DOCUMENT, *, reads: Reads = ()
) -> Callable[[Any], Rule]:
    """Declare a rule; the decorated function is its `check` and its docstring its help.

    A handbook rule names the record fields it reads in `reads` (see the module docstring)."""
    if scope == DOCUMENT and (callable(reads) or tuple(reads)):
        raise ValueError(f"{name}: a document rule reads its whole Doc; `reads` is for handbook")
    declared = reads if callable(reads) else tuple(reads)

    def wrap(check: Callable[..., Iterator[Hit]]) -> Rule:
        made = Rule(name, code, severity, scope, check, declared)
        made.reads  # noqa: B018 - an unknown field is a bug, reported at import
        return made

    return wrap
