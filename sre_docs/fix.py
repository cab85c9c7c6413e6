"""`sre-docs lint --fix` and `--diff`: write the values the rules already compute.

A fix edits the text of one front-matter line (the value after `key:`), or moves whole body
lines (the timeline, only with `--unsafe-fixes`); the YAML is never re-dumped, so comments,
quoting, key order and every other byte of the file stay as written. Files are replaced
atomically, keeping their mode."""

from __future__ import annotations

import os
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the summary's "fixable" count imports this module on the lint path
    from sre_docs.config import Config
    from sre_docs.findings import Finding
    from sre_docs.model import Doc

SAFE_FIXES = ("slo-budget-mismatch", "toil-hours-mismatch", "placeholder-text")
UNSAFE_FIXES = ("timeline-out-of-order",)
_DATED_FILE = re.compile(r"^(\d{4}-\d{2}-\d{2})-")
_DATE_PLACEHOLDER = "YYYY-MM-DD"


@dataclass(slots=True)
class FileFix:
    """The new text of one file and the findings it fixes (rule names, one per finding)."""

    rel: str  # relative to the docs root
    path: Path
    shown: str  # the path as findings show it
    before: str
    after: str
    fixed: list[str] = field(default_factory=list)


def fixable_rules(unsafe: bool) -> tuple[str, ...]:
    return SAFE_FIXES + (UNSAFE_FIXES if unsafe else ())


def plan_fixes(
    config: Config, findings: Sequence[Finding], cwd: Path, *, unsafe: bool = False
) -> list[FileFix]:
    """The fixes for `findings` (as reported: selected, not suppressed), one per file."""
    wanted = fixable_rules(unsafe)
    by_file: dict[str, list[Finding]] = defaultdict(list)
    for finding in findings:
        if finding.rule in wanted:
            by_file[finding.path].append(finding)
    fixes = []
    for shown, found in sorted(by_file.items()):
        path = Path(os.path.abspath(cwd / shown))
        try:
            rel = path.relative_to(config.docs_dir).as_posix()
        except ValueError:
            continue
        fix = _fix_file(config, rel, path, shown, found)
        if fix is not None and fix.after != fix.before:
            fixes.append(fix)
    return fixes


def apply_fixes(fixes: Iterable[FileFix]) -> int:
    """Write every fix (atomically); the number of findings fixed."""
    from sre_docs.files import write_atomic

    count = 0
    for fix in fixes:
        if fix.path.read_bytes().decode("utf-8") != fix.before:
            continue  # changed since it was read: leave it to the next run
        write_atomic(fix.path, fix.after)
        count += len(fix.fixed)
    return count


def unified_diff(fixes: Iterable[FileFix]) -> str:
    import difflib

    parts = []
    for fix in fixes:
        parts.extend(
            difflib.unified_diff(
                fix.before.splitlines(keepends=True),
                fix.after.splitlines(keepends=True),
                fromfile=f"a/{fix.shown}",
                tofile=f"b/{fix.shown}",
            )
        )
    return "".join(line if line.endswith("\n") else line + "\n" for line in parts)


def _fix_file(
    config: Config, rel: str, path: Path, shown: str, findings: list[Finding]
) -> FileFix | None:
    from sre_docs.loader import load_text

    if path.is_symlink():
        return None  # replacing it would turn the link into a copy
    try:
        text = path.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    if "\r" in text.replace("\r\n", ""):
        return None  # lone carriage returns: line numbers would not be the editor's
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    doc = load_text(
        rel, path, text[len(bom) :], config.folder_type(rel), folder_form=config.folder_form(rel)
    )
    if doc.problems:
        return None
    lines = text.splitlines(keepends=True)
    fix = FileFix(rel, path, shown, text, text)
    reported: dict[str, set[int]] = defaultdict(set)
    for finding in findings:
        reported[finding.rule].add(finding.line)
    for rule, reported_lines in reported.items():
        fix.fixed.extend([rule] * _FIXERS[rule](doc, lines, reported_lines))
    fix.after = "".join(lines)
    return fix


# Front-matter values --------------------------------------------------------------------------


def set_value(line: str, key: str, value: str) -> str | None:
    """`line` (a top-level `key: old  # comment` line) with `value` in place of the old value;
    quotes around the old value are kept. None when the line is not such a line (a block or
    flow value, a different key): nothing is guessed."""
    text = line.rstrip("\r\n")
    ending = line[len(text) :]
    if not text.startswith(key):
        return None
    rest = text[len(key) :]
    after_key = rest.lstrip(" \t")
    if not after_key.startswith(":"):
        return None
    separator = rest[: len(rest) - len(after_key)] + ":"
    after_colon = after_key[1:]
    spaces = after_colon[: len(after_colon) - len(after_colon.lstrip(" \t"))]
    remainder = after_colon[len(spaces) :]
    if not spaces or not remainder or remainder[0] in "#|>[{&*!":
        return None
    # A comment starts at a `#` after a space or a tab.
    comment_at = next(
        (i for i in range(1, len(remainder)) if remainder[i] == "#" and remainder[i - 1] in " \t"),
        -1,
    )
    old = remainder if comment_at < 0 else remainder[:comment_at]
    comment = "" if comment_at < 0 else remainder[comment_at:]
    core = old.rstrip(" \t")
    trailing = old[len(core) :]
    if len(core) >= 2 and core[0] == core[-1] and core[0] in "'\"":
        value = core[0] + value + core[0]
    elif core[:1] in "'\"":
        return None
    return f"{key}{separator}{spaces}{value}{trailing}{comment}{ending}"


def _replace_key(doc: Doc, lines: list[str], key: str, value: str) -> bool:
    if (key,) not in doc.key_lines:
        return False
    index = doc.line_of(key) - 1
    if not 0 <= index < len(lines):
        return False
    replaced = set_value(lines[index], key, value)
    if replaced is None or replaced == lines[index]:
        return False
    lines[index] = replaced
    return True


def _number_text(value: float, decimals: int) -> str:
    return f"{value:.{decimals}f}".rstrip("0").rstrip(".") or "0"


def _fix_slo_budget(doc: Doc, lines: list[str], reported_lines: set[int]) -> int:
    from sre_docs.calc import slo as slo_math

    target = slo_math.number(doc.meta.get("target"))
    if target is None or not 0 < target < 100:
        return 0
    expected = {
        "error_budget": slo_math.error_budget_pct(target),
        "error_budget_minutes": slo_math.budget_minutes(target, doc.meta.get("window")),
    }
    fixed = 0
    for key, value in expected.items():
        if value is None or doc.line_of(key) not in reported_lines or (key,) not in doc.key_lines:
            continue
        if _replace_key(doc, lines, key, _number_text(value, 4)):
            fixed += 1
    return fixed


def _fix_toil_hours(doc: Doc, lines: list[str], reported_lines: set[int]) -> int:
    from sre_docs.calc import toil as toil_math

    key = "total_hours_per_month"
    expected = toil_math.hours_per_month(
        doc.meta.get("time_per_occurrence_min"), doc.meta.get("occurrences_per_month")
    )
    if expected is None or doc.line_of(key) not in reported_lines:
        return 0
    return int(_replace_key(doc, lines, key, _number_text(expected, 2)))


def _fix_placeholder_dates(doc: Doc, lines: list[str], reported_lines: set[int]) -> int:
    """`date: YYYY-MM-DD` in a document of a dated type (postmortem, handoff) whose file name
    starts with its date (`2026-11-02-checkout.md`, as `sre-docs new` names them): the file
    name says the date."""
    from sre_docs import doctypes

    entry = doctypes.DOC_TYPES.get(doc.doc_type or "")
    key = entry.date_key if entry is not None and entry.dated else None
    if key is None or doc.meta.get(key) != _DATE_PLACEHOLDER:
        return 0
    named = _DATED_FILE.match(Path(doc.rel).name)
    if named is None or doc.line_of(key) not in reported_lines:
        return 0
    import datetime as dt

    try:
        dt.date.fromisoformat(named.group(1))
    except ValueError:
        return 0
    return int(_replace_key(doc, lines, key, named.group(1)))


def _fix_timeline(doc: Doc, lines: list[str], reported_lines: set[int]) -> int:
    """Timeline entries in time order (unsafe: an entry's date may be implied by the one
    before it, and moving text changes what a reader infers). Each entry moves with its
    continuation lines; blank lines stay where they were; equal times keep their order."""
    from sre_docs.rules.postmortem import timeline_entries

    entries = timeline_entries(doc)
    if len(entries) < 2:
        return 0
    starts = [entry.line - 1 for entry in entries]
    last = starts[-1] + 1
    while last < len(lines) and lines[last].strip() and lines[last][:1] in " \t":
        last += 1  # the last entry's indented continuation lines
    bounds = [*starts[1:], last]
    contents: list[list[str]] = []
    gaps: list[list[str]] = []
    for start, stop in zip(starts, bounds, strict=True):
        chunk = lines[start:stop]
        kept = len(chunk)
        while kept > 1 and not chunk[kept - 1].strip():
            kept -= 1
        contents.append(chunk[:kept])
        gaps.append(chunk[kept:])
    order = sorted(range(len(entries)), key=lambda index: (entries[index].moment, index))
    if order == list(range(len(entries))):
        return 0
    block = []
    for position, index in enumerate(order):
        content = list(contents[index])
        if not content[-1].endswith(("\n", "\r")):
            return 0  # the file's last line: moving it would join two lines
        block.extend(content)
        block.extend(gaps[position])
    lines[starts[0] : last] = block
    return len(reported_lines)


_FIXERS: dict[str, Callable[[Doc, list[str], set[int]], int]] = {
    "slo-budget-mismatch": _fix_slo_budget,
    "toil-hours-mismatch": _fix_toil_hours,
    "placeholder-text": _fix_placeholder_dates,
    "timeline-out-of-order": _fix_timeline,
}
