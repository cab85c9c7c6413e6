"""The lint engine: find files, build records (cached, in parallel), run rules, suppress.

Document rules run once per file content and are cached; handbook rules run over all records
on every run, so cross-document findings always reflect the whole docs root."""

from __future__ import annotations

import datetime as dt
import os
import posixpath
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sre_docs.config import Config
from sre_docs.errors import UserError
from sre_docs.findings import ERROR, Finding, sort_findings
from sre_docs.handbook import DocRecord, Handbook, KnownHits, LintContext, alert_key
from sre_docs.model import Doc
from sre_docs.rules import RULES, RULES_BY_NAME
from sre_docs.rules.base import DOCUMENT, HANDBOOK, Rule

MARKDOWN_SUFFIXES = (".md", ".markdown")
SKIPPED_DIRECTORIES = frozenset({".git", ".hg", ".svn", "node_modules", "__pycache__", ".venv"})
PARALLEL_THRESHOLD = 400
PAGE_PARALLEL_THRESHOLD = 100
"""Pages already in memory cost no reading, so a build forks workers for fewer of them."""
UNUSED_SUPPRESSION = "unused-suppression"


@dataclass(slots=True)
class Tree:
    """The docs root's files: markdown documents to parse, every file, every folder."""

    markdown: list[str]
    files: frozenset[str]
    folders: frozenset[str]
    outside: list[tuple[str, str]]  # (rel, reason) for links that leave the root
    stats: dict[str, tuple[int, int]]  # markdown rel → (mtime_ns, size), when asked for


@dataclass(slots=True)
class LintResult:
    findings: list[Finding]
    handbook: Handbook
    files_checked: int


def today_from_environment(config: Config, override: dt.date | None = None) -> dt.date:
    """`--today`, else the configuration's `today`, else SOURCE_DATE_EPOCH, else UTC today."""
    if override is not None:
        return override
    if config.today is not None:
        return config.today
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).date()
        except (ValueError, OverflowError, OSError):
            raise UserError(f"SOURCE_DATE_EPOCH={epoch!r} is not a Unix timestamp") from None
    return dt.datetime.now(tz=dt.UTC).date()


def walk(config: Config, *, stats: bool = False) -> Tree:
    """Every file below the docs root; symbolic links are listed, never followed out of it.

    With `stats`, also each markdown document's modification time and size (what the cache
    compares), taken from the directory entry while it is at hand."""
    root = config.docs_dir
    if not root.is_dir():
        raise UserError(f"{root}: docs folder not found")
    markdown: list[str] = []
    files: set[str] = set()
    folders: set[str] = set()
    outside: list[tuple[str, str]] = []
    stat_of: dict[str, tuple[int, int]] = {}
    excluded = config.is_excluded if config.exclude else None
    templates_prefix = config.templates_dir.strip("/") + "/"
    root_real = os.path.realpath(root)
    stack = [(str(root), "")]
    seen_dirs: set[tuple[int, int]] = set()
    while stack:
        directory, prefix = stack.pop()
        try:
            entries = list(os.scandir(directory))
        except OSError as error:
            outside.append((prefix.rstrip("/") or ".", f"cannot list folder: {error.strerror}"))
            continue
        for entry in entries:
            name = entry.name
            rel = prefix + name
            if not entry.is_file(follow_symlinks=False):
                # A folder, a symbolic link or a special file: the rare cases, checked in full.
                try:
                    is_link = entry.is_symlink()
                    is_dir = entry.is_dir()
                except OSError:
                    continue
                if is_link:
                    target = os.path.realpath(entry.path)
                    if target != root_real and not target.startswith(root_real + os.sep):
                        if name.endswith(MARKDOWN_SUFFIXES) or is_dir:
                            outside.append((rel, "symbolic link points outside the docs root"))
                        continue
                    if not os.path.exists(target):
                        if name.endswith(MARKDOWN_SUFFIXES):
                            outside.append((rel, "symbolic link points at nothing"))
                        continue
                if is_dir:
                    if name.startswith(".") or name in SKIPPED_DIRECTORIES:
                        continue
                    if (rel + "/") == templates_prefix:
                        continue
                    try:
                        stat = entry.stat()
                    except OSError:
                        continue
                    key = (stat.st_dev, stat.st_ino)
                    if key in seen_dirs:
                        continue  # a symbolic link loop
                    seen_dirs.add(key)
                    folders.add(rel)
                    stack.append((entry.path, rel + "/"))
                    continue
                try:
                    regular = entry.is_file()
                except OSError:
                    regular = False
                if not regular:
                    if name.endswith(MARKDOWN_SUFFIXES):
                        outside.append(
                            (rel, "not a regular file (a FIFO, socket or device); not read")
                        )
                    continue
            files.add(rel)
            if (
                name.endswith(MARKDOWN_SUFFIXES)
                and name[0] != "."
                and (excluded is None or not excluded(rel))
            ):
                markdown.append(rel)
                if stats:
                    try:
                        stat = entry.stat()
                    except OSError:
                        continue  # vanished or unreadable: the cache treats it as changed
                    stat_of[rel] = (stat.st_mtime_ns, stat.st_size)
    markdown.sort()
    return Tree(markdown, frozenset(files), frozenset(folders), outside, stat_of)


def check_document(
    doc: Doc, context: LintContext, *, full: bool = True, known: KnownHits | None = None
) -> DocRecord:
    """Run every document rule on one doc and keep its record (slim unless `full`).

    With `known` holding this doc's front-matter key, the `front_matter_only` rules are not run
    again: their findings are taken from there."""
    reused = known.get(doc.front_key) if known and doc.front_key is not None else None
    hits: list[tuple[str, int, int, str]] = list(reused or ())
    for rule in DOCUMENT_RULES:
        if reused is not None and rule.front_matter_only:
            continue
        for hit in rule.check(doc, context):
            hits.append((rule.name, hit.line, hit.column, hit.message))
    return DocRecord.from_doc(doc, hits, full=full)


def build_record(
    config: Config,
    today: dt.date,
    rel: str,
    *,
    full: bool = False,
    known: KnownHits | None = None,
) -> DocRecord:
    from sre_docs.loader import load_file

    doc = load_file(rel, config.docs_dir / rel, config.folder_type(rel))
    return check_document(doc, LintContext(config, today), full=full, known=known)


def record_from_text(config: Config, today: dt.date, rel: str, text: str) -> DocRecord:
    """A record from text already in memory (the MkDocs plugin's page source)."""
    from sre_docs.loader import load_text

    doc = load_text(rel, config.docs_dir / rel, text, config.folder_type(rel))
    return check_document(doc, LintContext(config, today))


def records_from_texts(
    config: Config, today: dt.date, texts: dict[str, str], jobs: int | None = None
) -> dict[str, DocRecord]:
    """Records of pages already in memory, spread over all cores when there are many.

    Workers are forked, so they inherit the texts instead of reading the files again. A
    process that runs other threads (`mkdocs serve`) is never forked, since a fork copies
    only the calling thread and may inherit a lock another thread held; it builds in-process."""
    import multiprocessing
    import threading

    jobs = jobs or os.cpu_count() or 1
    rels = list(texts)
    if (
        jobs <= 1
        or len(rels) < PAGE_PARALLEL_THRESHOLD
        or threading.active_count() > 1
        or "fork" not in multiprocessing.get_all_start_methods()
    ):
        return {rel: record_from_text(config, today, rel, texts[rel]) for rel in rels}
    from concurrent.futures import ProcessPoolExecutor

    global _worker_texts
    chunk = max(8, min(64, len(rels) // (jobs * 4) or 1))
    batches = [rels[start : start + chunk] for start in range(0, len(rels), chunk)]
    records: dict[str, DocRecord] = {}
    _worker_texts = texts
    try:
        with ProcessPoolExecutor(
            max_workers=jobs,
            mp_context=multiprocessing.get_context("fork"),
            initializer=_init_worker,
            initargs=(config, today),
        ) as pool:
            for batch in pool.map(_work_texts, batches):
                records.update((record.rel, record) for record in batch)
    finally:
        _worker_texts = {}
    return records


DOCUMENT_RULES: tuple[Rule, ...] = tuple(rule for rule in RULES if rule.scope == DOCUMENT)
HANDBOOK_RULES: tuple[Rule, ...] = tuple(rule for rule in RULES if rule.scope == HANDBOOK)

_worker_config: Config | None = None
_worker_today: dt.date | None = None
_worker_texts: dict[str, str] = {}


def _init_worker(config: Config, today: dt.date) -> None:
    global _worker_config, _worker_today
    _worker_config, _worker_today = config, today


def _work_texts(rels: list[str]) -> list[DocRecord]:
    assert _worker_config is not None and _worker_today is not None
    return [
        record_from_text(_worker_config, _worker_today, rel, _worker_texts[rel]) for rel in rels
    ]


def _work(task: tuple[list[str], bool]) -> list[DocRecord]:
    assert _worker_config is not None and _worker_today is not None
    rels, full = task
    return [build_record(_worker_config, _worker_today, rel, full=full) for rel in rels]


def build_records(
    config: Config,
    today: dt.date,
    rels: Sequence[str],
    jobs: int | None = None,
    *,
    full: bool = False,
    known: KnownHits | None = None,
) -> list[DocRecord]:
    """Records for `rels`, spread over all cores when there are many.

    Lint records are slim (`full=False`); export and the site ask for full ones. `known`
    findings (see `check_document`) serve the in-process path (few files: a pre-commit run)."""
    jobs = jobs or os.cpu_count() or 1
    if jobs <= 1 or len(rels) < PARALLEL_THRESHOLD:
        return [build_record(config, today, rel, full=full, known=known) for rel in rels]
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else None
    context = multiprocessing.get_context(method)
    chunk = max(16, min(128, len(rels) // (jobs * 8) or 1))
    batches = [(list(rels[start : start + chunk]), full) for start in range(0, len(rels), chunk)]
    records: list[DocRecord] = []
    with ProcessPoolExecutor(
        max_workers=jobs, mp_context=context, initializer=_init_worker, initargs=(config, today)
    ) as pool:
        for batch in pool.map(_work, batches):
            records.extend(batch)
    return records


def run_handbook_rules(
    handbook: Handbook, context: LintContext
) -> list[tuple[str, str, int, int, str]]:
    hits: list[tuple[str, str, int, int, str]] = []
    for rule in HANDBOOK_RULES:
        for hit in rule.check(handbook, context):
            assert hit.rel is not None
            hits.append((hit.rel, rule.name, hit.line, hit.column, hit.message))
    return hits


@dataclass(frozen=True, slots=True)
class Selection:
    """Which rules report, at which severity: config severities, then --select / --ignore."""

    severities: dict[str, str]

    @classmethod
    def build(
        cls, config: Config, select: Iterable[str] = (), ignore: Iterable[str] = ()
    ) -> Selection:
        severities = {rule.name: rule.severity for rule in RULES}
        severities[UNUSED_SUPPRESSION] = RULES_BY_NAME[UNUSED_SUPPRESSION].severity
        for name, severity in config.severities.items():
            severities[name] = severity
        for name in config.ignore:
            severities[name] = "off"
        selected = list(select)
        if selected:
            for name in severities:
                if name not in selected:
                    severities[name] = "off"
        for name in ignore:
            severities[name] = "off"
        return cls(severities)

    def enabled(self, name: str) -> bool:
        return self.severities.get(name, "off") != "off"


def suppression_ranges(record: DocRecord) -> list[tuple[int, int, frozenset[str], int]]:
    """Suppression ranges (first line, last line, rules or empty for all, directive line)."""
    ranges: list[tuple[int, int, frozenset[str], int]] = []
    open_ranges: dict[frozenset[str], int] = {}
    for directive in record.directives:
        names = frozenset(directive.rules)
        if directive.action == "disable-next-line":
            ranges.append((directive.line + 1, directive.line + 1, names, directive.line))
        elif directive.action == "disable-file":
            ranges.append((1, record.last_line + 1, names, directive.line))
        elif directive.action == "disable":
            open_ranges.setdefault(names, directive.line)
        elif directive.action == "enable":
            for key in [key for key in open_ranges if not names or key == names or key & names]:
                start = open_ranges.pop(key)
                ranges.append((start, directive.line, key, start))
    for names, start in open_ranges.items():
        ranges.append((start, record.last_line + 1, names, start))
    return ranges


def lint_handbook(
    config: Config,
    *,
    today: dt.date,
    paths: Sequence[Path] | None = None,
    select: Iterable[str] = (),
    ignore: Iterable[str] = (),
    use_cache: bool = True,
    cwd: Path | None = None,
) -> LintResult:
    """Lint the whole docs root; report findings for `paths` (all files when None)."""
    cwd = cwd or Path.cwd()
    use_cache = use_cache and config.cache
    tree = walk(config, stats=use_cache)
    wanted = _wanted(config, tree, paths, cwd)
    context = LintContext(config, today)
    alert_rule_files: list[Any] = []
    if config.alert_rules:
        from sre_docs.alert_rules import load_alert_rule_files

        alert_rule_files = load_alert_rule_files(config)
    records: list[DocRecord]
    types: dict[str, str | None] | None = None
    if use_cache:
        from sre_docs.cache import RecordCache

        cache = RecordCache.open(config)
        alert_keys = {
            alert_key(alert.name) for rule_file in alert_rule_files for alert in rule_file.alerts
        }
        cached = cache.records(
            tree.markdown,
            tree.stats,
            lambda rels, known: build_records(config, today, rels, known=known),
            wanted,
            alert_keys,
        )
        cache.save()
        records, types = cached.records, cached.types
    else:
        records = build_records(config, today, tree.markdown)
    handbook = Handbook(
        records=records,
        files=tree.files,
        folders=tree.folders,
        alert_rule_files=alert_rule_files,
        reported=frozenset(wanted) if wanted is not None else None,
        types=types,
    )
    selection = Selection.build(config, select, ignore)
    findings = collect_findings(handbook, context, selection, tree.outside, wanted)
    display = _display_paths(config, cwd)
    findings = [_relocate(finding, display) for finding in findings]
    # Alert rule files named by `alert_rules` are checked too, and count as files checked.
    checkable = set(tree.markdown).union(rule_file.rel for rule_file in alert_rule_files)
    checked = len(checkable) if wanted is None else len(wanted & checkable)
    return LintResult(sort_findings(findings), handbook, checked)


def _wanted(config: Config, tree: Tree, paths: Sequence[Path] | None, cwd: Path) -> set[str] | None:
    if not paths:
        return None
    wanted: set[str] = set()
    root = config.docs_dir
    for path in paths:
        absolute = Path(os.path.abspath(cwd / path))
        if not absolute.exists() and not absolute.is_symlink():
            raise UserError(f"{path}: no such file or folder")
        # Compare real locations (the docs root is resolved), but keep a named symbolic link
        # file itself: it is reported as the link, not as its target.
        if absolute.is_dir():
            absolute = Path(os.path.realpath(absolute))
        else:
            absolute = Path(os.path.realpath(absolute.parent)) / absolute.name
        try:
            rel = absolute.relative_to(root).as_posix()
        except ValueError:
            # Outside the docs root: not a handbook page, but it may be an alert rule file.
            wanted.add(Path(os.path.relpath(absolute, root)).as_posix())
            continue
        if rel == ".":
            return None
        if absolute.is_dir():
            prefix = rel + "/"
            wanted.update(name for name in tree.markdown if name.startswith(prefix))
            wanted.update(name for name, _ in tree.outside if name.startswith(prefix))
        else:
            wanted.add(rel)
    return wanted


def collect_findings(
    handbook: Handbook,
    context: LintContext,
    selection: Selection,
    outside: Sequence[tuple[str, str]] = (),
    wanted: set[str] | None = None,
) -> list[Finding]:
    """Findings of every record's document rules and of the handbook rules, selected,
    per-file-ignored and suppressed; docs-root-relative paths, not yet sorted."""
    raw: list[tuple[str, str, int, int, str]] = []
    for record in handbook.records:
        if wanted is None or record.rel in wanted:
            raw.extend(
                (record.rel, name, line, column, message)
                for name, line, column, message in record.hits
            )
    for rel, reason in outside:
        raw.append((rel, "unreadable-file", 1, 1, reason))
    for hit in run_handbook_rules(handbook, context):
        if wanted is None or hit[0] in wanted:
            raw.append(hit)
    findings: list[Finding] = []
    by_rel = handbook.by_rel
    used: set[tuple[str, int]] = set()
    ranges: dict[str, list[tuple[int, int, frozenset[str], int]]] = {}
    for rel, name, line, column, message in raw:
        if not selection.enabled(name):
            continue
        record = by_rel.get(rel)
        if record is not None and name in context.config.ignored_for(rel):
            continue
        if record is not None and record.directives:
            if rel not in ranges:
                ranges[rel] = suppression_ranges(record)
            if _is_suppressed(ranges[rel], rel, name, line, used):
                continue
        rule = RULES_BY_NAME[name]
        findings.append(
            Finding(
                rel,
                max(line, 1),
                max(column, 1),
                name,
                rule.code,
                selection.severities[name],
                message,
            )
        )
    if selection.enabled(UNUSED_SUPPRESSION):
        findings.extend(_unused_suppressions(handbook, selection, used, wanted))
    return findings


def _is_suppressed(
    ranges: list[tuple[int, int, frozenset[str], int]],
    rel: str,
    name: str,
    line: int,
    used: set[tuple[str, int]],
) -> bool:
    for first, last, names, directive_line in ranges:
        if first <= line <= last and (not names or name in names):
            used.add((rel, directive_line))
            return True
    return False


def _unused_suppressions(
    handbook: Handbook, selection: Selection, used: set[tuple[str, int]], wanted: set[str] | None
) -> list[Finding]:
    rule = RULES_BY_NAME[UNUSED_SUPPRESSION]
    severity = selection.severities[UNUSED_SUPPRESSION]
    findings = []
    for record in handbook.records:
        if wanted is not None and record.rel not in wanted:
            continue
        for directive in record.directives:
            if directive.action == "enable":
                continue
            unknown = [name for name in directive.rules if name not in RULES_BY_NAME]
            if unknown:
                message = f"unknown rule {unknown[0]!r} in sre-docs-{directive.action} comment"
            elif (record.rel, directive.line) in used or (
                directive.rules and not all(selection.enabled(name) for name in directive.rules)
            ):
                continue
            else:
                names = ", ".join(directive.rules) or "all rules"
                message = f"sre-docs-{directive.action} ({names}) suppresses nothing; remove it"
            findings.append(
                Finding(record.rel, directive.line, 1, rule.name, rule.code, severity, message)
            )
    return findings


def _display_paths(config: Config, cwd: Path) -> str:
    """Prefix that turns a docs-root-relative path into one relative to the working folder."""
    relative = os.path.relpath(config.docs_dir, cwd)
    return "" if relative == "." else Path(relative).as_posix() + "/"


def _relocate(finding: Finding, prefix: str) -> Finding:
    if not prefix and not finding.path.startswith("../"):
        return finding
    return Finding(
        posixpath.normpath(prefix + finding.path),
        finding.line,
        finding.column,
        finding.rule,
        finding.code,
        finding.severity,
        finding.message,
    )


def has_errors(findings: Iterable[Finding], strict: bool = False) -> bool:
    return any(finding.severity == ERROR or strict for finding in findings)
