"""The baseline: findings a team has accepted for now, so that only new ones fail.

An entry is keyed by rule, file and the text of the finding's line (and the message with its
numbers blanked), not by line number, so it survives edits above it; an entry whose line text
changed still matches a finding of the same rule, file and message. The file is JSON that
the team commits; it is read as data only."""

from __future__ import annotations

import json
import os
import re
import stat
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NamedTuple

from sre_docs.errors import UserError
from sre_docs.findings import Finding

FORMAT = 1
_NUMBER = re.compile(r"\d+")
MAX_BASELINE_BYTES = 64 * 1024 * 1024


class Key(NamedTuple):
    rule: str
    path: str
    text: str
    message: str


class Applied(NamedTuple):
    """What a baseline did to one run's findings."""

    findings: list[Finding]  # the findings not in the baseline: these are reported
    known: int  # findings the baseline absorbed
    stale: int  # entries that matched nothing (fixed since): `--write-baseline` drops them


class _Lines:
    """Lines of the files findings point at, read once each (a missing file has none)."""

    def __init__(self, cwd: Path) -> None:
        self.cwd = cwd
        self.files: dict[str, list[str]] = {}

    def text(self, path: str, line: int) -> str:
        lines = self.files.get(path)
        if lines is None:
            raw = _document_bytes(self.cwd / path)
            lines = raw.decode("utf-8", "replace").split("\n") if raw is not None else []
            self.files[path] = lines
        return lines[line - 1].strip() if 0 < line <= len(lines) else ""


def _document_bytes(path: Path) -> bytes | None:
    """The bytes of the regular file `path`, read as the linter reads a document (up to its
    size limit); None for anything else: a link in the tree to a pipe or a device would block,
    or never end (`/dev/zero`)."""
    from sre_docs.loader import read_document

    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            return None
    except OSError:
        return None
    raw = read_document(path)
    return raw if isinstance(raw, bytes) else None


def _key(finding: Finding, lines: _Lines, baseline_dir: Path) -> Key:
    path = Path(os.path.relpath(lines.cwd / finding.path, baseline_dir)).as_posix()
    message = _NUMBER.sub("#", finding.message)
    return Key(finding.rule, path, lines.text(finding.path, finding.line), message)


def write_baseline(file: Path, findings: Sequence[Finding], cwd: Path) -> int:
    """Write every finding to the baseline `file` (atomically); returns how many."""
    from sre_docs.files import write_atomic

    file = file if file.is_absolute() else cwd / file
    lines = _Lines(cwd)
    entries = []
    for finding in findings:
        key = _key(finding, lines, file.parent)
        entries.append(
            {
                "rule": key.rule,
                "path": key.path,
                "line": finding.line,  # for readers; matching ignores it
                "text": key.text,
                "message": key.message,
            }
        )
    entries.sort(key=lambda entry: (entry["path"], entry["line"], entry["rule"]))
    document = {"format": FORMAT, "tool": "sre-docs", "findings": entries}
    write_atomic(file, json.dumps(document, indent=2, ensure_ascii=False) + "\n")
    return len(entries)


def read_baseline(file: Path) -> Counter[Key]:
    """The entries of a baseline file, counted (two equal findings need two entries)."""
    try:
        with open(file, "rb") as stream:
            # What the file holds, then on to one byte over the limit only if it is no regular
            # file or grew: a link to a device or a pipe (`/dev/zero`) has no size and no end.
            size = min(os.fstat(stream.fileno()).st_size, MAX_BASELINE_BYTES)
            raw = stream.read(size + 1)
            if len(raw) > size:
                raw += stream.read(MAX_BASELINE_BYTES + 1 - len(raw))
        if len(raw) > MAX_BASELINE_BYTES:
            raise UserError(f"{file}: baseline file is larger than 64 MiB")
        data: Any = json.loads(raw.decode("utf-8"))
    except FileNotFoundError:
        raise UserError(
            f"{file}: baseline file not found (write it with `sre-docs lint --baseline "
            f"{file} --write-baseline`)"
        ) from None
    except (OSError, UnicodeDecodeError, ValueError) as error:
        raise UserError(f"{file}: not a baseline file: {error}") from None
    except RecursionError:
        raise UserError(f"{file}: not a baseline file: nested deeper than JSON is read") from None
    if not isinstance(data, dict) or not isinstance(data.get("findings"), list):
        raise UserError(f"{file}: not a baseline file: expected an object with 'findings'")
    entries: Counter[Key] = Counter()
    for index, entry in enumerate(data["findings"]):
        if not isinstance(entry, dict):
            raise UserError(f"{file}: findings[{index}] is not an object")
        values = [entry.get(name, "") for name in ("rule", "path", "text", "message")]
        if not all(isinstance(value, str) for value in values):
            raise UserError(f"{file}: findings[{index}]: rule, path, text and message are text")
        entries[Key(*values)] += 1
    return entries


def apply_baseline(file: Path, findings: Sequence[Finding], cwd: Path) -> Applied:
    """The findings the baseline `file` does not know, and how many it absorbed."""
    file = file if file.is_absolute() else cwd / file
    remaining = read_baseline(file)
    lines = _Lines(cwd)
    keys = [_key(finding, lines, file.parent) for finding in findings]
    matched = [False] * len(findings)
    for index, key in enumerate(keys):
        if remaining[key] > 0:
            remaining[key] -= 1
            matched[index] = True
    # A line whose text changed (a finding about the whole file points at line 1) still
    # matches an unused entry of the same rule, file and message.
    loose: Counter[tuple[str, str, str]] = Counter()
    for key, count in remaining.items():
        if count > 0:
            loose[(key.rule, key.path, key.message)] += count
    for index, key in enumerate(keys):
        wide = (key.rule, key.path, key.message)
        if not matched[index] and loose[wide] > 0:
            loose[wide] -= 1
            matched[index] = True
    new = [finding for finding, known in zip(findings, matched, strict=True) if not known]
    known = sum(matched)
    return Applied(new, known, sum(loose.values()))
