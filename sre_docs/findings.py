"""Findings: the values every rule produces and every reporter consumes.

A finding is immutable; sorting, filtering and suppression work on lists of them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

ERROR = "error"
WARNING = "warning"
SEVERITIES = (ERROR, WARNING)


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem at one place: `path` is relative to the docs root, `/`-separated."""

    path: str
    line: int
    column: int
    rule: str
    code: str
    severity: str
    message: str

    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (self.path, self.line, self.column, self.rule, self.message)

    def to_dict(self) -> dict[str, object]:
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "rule": self.rule,
            "code": self.code,
            "severity": self.severity,
            "message": self.message,
        }


def sort_findings(findings: Iterable[Finding]) -> list[Finding]:
    """Deterministic order: path, line, column, rule, message; duplicates dropped."""
    return sorted(set(findings), key=Finding.sort_key)
