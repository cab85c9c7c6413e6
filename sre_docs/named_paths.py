"""Files named on the command line that the lint does not check, and why.

`sre-docs lint README.md` outside the docs root, or an excluded file, is said to be unchecked
rather than passed as "All checks passed (0 files checked)"."""

from __future__ import annotations

import glob
import os
from collections.abc import Sequence
from pathlib import Path

from sre_docs.config import Config
from sre_docs.tree import SKIPPED_DIRECTORIES, Tree


def not_checked(
    config: Config, tree: Tree, paths: Sequence[Path], cwd: Path
) -> list[tuple[Path, str]]:
    """(path as named, reason) for each named file the lint does not check. Folders are not
    judged: naming one checks whatever it holds."""
    reportable = set(tree.markdown).union(rel for rel, _ in tree.outside)
    alert_files: set[str] | None = None
    unchecked: list[tuple[Path, str]] = []
    root = config.docs_dir
    for path in paths:
        absolute = Path(os.path.abspath(cwd / path))
        if absolute.is_dir():
            continue
        located = Path(os.path.realpath(absolute.parent)) / absolute.name
        try:
            rel = located.relative_to(root).as_posix()
        except ValueError:
            if alert_files is None:
                alert_files = _alert_rule_files(config)
            if os.path.realpath(located) not in alert_files:
                shown = os.path.relpath(root, cwd)
                unchecked.append((path, f"outside the docs root {shown}/"))
            continue
        if rel in reportable:
            continue
        unchecked.append((path, _reason(config, rel)))
    return unchecked


def _reason(config: Config, rel: str) -> str:
    parts = rel.split("/")
    if not config.is_markdown(parts[-1]):
        return "not a markdown file (see the `suffixes` option)"
    if rel.startswith(config.templates_dir.strip("/") + "/"):
        return "in the templates folder"
    if any(part.startswith(".") or part in SKIPPED_DIRECTORIES for part in parts):
        return "in a hidden or skipped folder"
    if config.is_excluded(rel):
        return "excluded by the `exclude` option"
    return "not a document of the handbook"


def _alert_rule_files(config: Config) -> set[str]:
    found: set[str] = set()
    for pattern in config.alert_rules:
        for match in glob.glob(str(config.root / pattern), recursive=True):
            found.add(os.path.realpath(match))
    return found
