"""What a rule is: a name, a code, a default severity, a scope and a `check` that yields hits.

Document rules see one parsed `Doc`; handbook rules see the `Handbook` of every document's
record. A rule's docstring is its documentation (`sre-docs explain`, the rule reference page)."""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from sre_docs import doctypes

DOCUMENT = "document"
HANDBOOK = "handbook"


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
    front_matter_only: bool = False
    """Its findings depend on the front matter text alone (`Doc.front_key`), so a file edited
    below its front matter keeps them without running the check again."""

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
    name: str, code: str, severity: str, scope: str = DOCUMENT, *, front_matter_only: bool = False
) -> Callable[[Any], Rule]:
    """Declare a rule; the decorated function is its `check` and its docstring its help."""

    def wrap(check: Callable[..., Iterator[Hit]]) -> Rule:
        return Rule(name, code, severity, scope, check, front_matter_only)

    return wrap
