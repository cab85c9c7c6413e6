"""Findings: the values every rule produces and every reporter consumes.

A finding is immutable; sorting, filtering and suppression work on lists of them. This module
is on the start-up path of every lint run, so it imports nothing heavy."""

from __future__ import annotations

import os
import posixpath
from collections.abc import Iterable
from pathlib import Path
from typing import NamedTuple

ERROR = "error"
WARNING = "warning"
SEVERITIES = (ERROR, WARNING)


class Finding(NamedTuple):
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


def has_errors(findings: Iterable[Finding], strict: bool = False) -> bool:
    return any(finding.severity == ERROR or strict for finding in findings)


def display_prefix(docs_dir: Path, cwd: Path) -> str:
    """Prefix that turns a docs-root-relative path into one relative to the working folder."""
    relative = os.path.relpath(docs_dir, cwd)
    return "" if relative == "." else Path(relative).as_posix() + "/"


def relocate(finding: Finding, prefix: str) -> Finding:
    """The finding with its path shown from the working folder (`display_prefix`)."""
    if not prefix and not finding.path.startswith("../"):
        return finding
    return finding._replace(path=posixpath.normpath(prefix + finding.path))
