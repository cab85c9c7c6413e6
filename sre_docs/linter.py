"""The lint engine: find files, build records (cached, in parallel), run rules, suppress.

Document rules run once per file content and are cached; handbook rules run over all records
on every run, so cross-document findings always reflect the whole docs root."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sre_docs.config import Config
from sre_docs.findings import Finding, display_prefix, relocate, sort_findings
from sre_docs.handbook import (
    DocRecord,
    Handbook,
    KnownHits,
    LintContext,
    alert_key,
    outside_paths,
)
from sre_docs.model import Doc
from sre_docs.rules import RULE_SELECTORS, RULES, RULES_BY_NAME, expand_rules
from sre_docs.rules.base import DOCUMENT, HANDBOOK, Rule
from sre_docs.tree import Tree, walk, wanted_files

if TYPE_CHECKING:
    from sre_docs.cache import RecordCache
PARALLEL_THRESHOLD = 400
UNUSED_SUPPRESSION = "unused-suppression"


@dataclass(slots=True)
class LintResult:
    findings: list[Finding]
    handbook: Handbook
    files_checked: int


def check_document(
    doc: Doc, context: LintContext, *, full: bool = True, known: KnownHits | None = None
) -> DocRecord:
    """Run every document rule on one doc and keep its record (slim unless `full`).

    With `known` holding this doc's front-matter key, the `front_matter_only` rules are not run
    again: their findings are taken from there."""
    reused = known.get(doc.front_key) if known and doc.front_key is not None else None
    return DocRecord.from_doc(doc, document_hits(doc, context, reused), full=full)


def document_hits(
    doc: Doc, context: LintContext, reused: Sequence[tuple[str, int, int, str]] | None = None
) -> list[tuple[str, int, int, str]]:
    """The document rules' raw hits on `doc`; `reused` stands for the front-matter-only ones."""
    hits: list[tuple[str, int, int, str]] = list(reused or ())
    for rule in DOCUMENT_RULES:
        if reused is not None and rule.front_matter_only:
            continue
        for hit in rule.check(doc, context):
            hits.append((rule.name, hit.line, hit.column, hit.message))
    return hits


def warm_up() -> None:
    """Load and compile what building a record needs: the loader and every pattern. A worker
    does this while its caller is still listing pages; the schema validators (jsonschema,
    ~0.1 s) load on the first schema check, once the records are sent."""
    import sre_docs.loader  # noqa: F401
    from sre_docs.lazyre import compile_all

    compile_all()


def build_record(
    config: Config,
    today: dt.date,
    rel: str,
    *,
    full: bool = False,
    known: KnownHits | None = None,
) -> DocRecord:
    from sre_docs.loader import load_file

    doc = load_file(
        rel,
        config.docs_dir / rel,
        config.folder_type(rel),
        config.types,
        config.action_item_synonyms(),
    )
    return check_document(doc, LintContext(config, today), full=full, known=known)


def record_from_text(config: Config, today: dt.date, rel: str, text: str) -> DocRecord:
    """A record from text already in memory (the MkDocs plugin's page source)."""
    from sre_docs.loader import load_text

    doc = load_text(
        rel,
        config.docs_dir / rel,
        text,
        config.folder_type(rel),
        config.types,
        config.action_item_synonyms(),
    )
    return check_document(doc, LintContext(config, today))


DOCUMENT_RULES: tuple[Rule, ...] = tuple(rule for rule in RULES if rule.scope == DOCUMENT)
HANDBOOK_RULES: tuple[Rule, ...] = tuple(rule for rule in RULES if rule.scope == HANDBOOK)

_worker_config: Config | None = None
_worker_today: dt.date | None = None


def _init_worker(config: Config, today: dt.date) -> None:
    global _worker_config, _worker_today
    _worker_config, _worker_today = config, today


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
        config.check_rule_names(RULE_SELECTORS)
        severities = {rule.name: rule.severity for rule in RULES}
        severities[UNUSED_SUPPRESSION] = RULES_BY_NAME[UNUSED_SUPPRESSION].severity
        # The configuration keeps rules as written: names, codes, prefixes, `ALL`.
        for selector, severity in config.severities.items():
            severities.update(dict.fromkeys(expand_rules(selector), severity))
        for selector in config.ignore:
            severities.update(dict.fromkeys(expand_rules(selector), "off"))
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


def directive_rules(selectors: Sequence[str]) -> frozenset[str]:
    """The rule names a suppression comment (or `per_file_ignores`) names: names, codes,
    prefixes, `ALL`."""
    return frozenset(name for selector in selectors for name in expand_rules(selector))


def suppression_ranges(record: DocRecord) -> list[tuple[int, int, frozenset[str], int]]:
    """Suppression ranges (first line, last line, rules or empty for all, directive line)."""
    ranges: list[tuple[int, int, frozenset[str], int]] = []
    open_ranges: dict[frozenset[str], int] = {}
    for directive in record.directives:
        names = directive_rules(directive.rules)
        if directive.rules and not names:
            continue  # names no rule: suppresses nothing (`unused-suppression` says so)
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
    walked: tuple[Tree, set[str] | None] | None = None,
    cache: RecordCache | None = None,
) -> LintResult:
    """Lint the whole docs root; report findings for `paths` (all files when None).

    `walked` (the tree and the files `paths` name) and `cache` (opened): what a caller that
    already walked the docs root has."""
    cwd = cwd or Path.cwd()
    use_cache = use_cache and config.cache
    select, ignore = list(select), list(ignore)
    if walked is None:
        tree = walk(config, stats=use_cache)
        wanted = wanted_files(config, tree, paths, cwd)
    else:
        tree, wanted = walked
    context = LintContext(config, today)
    alert_rule_files: list[Any] = []
    if config.alert_rules:
        from sre_docs.alert_rules import load_alert_rule_files

        alert_rule_files = load_alert_rule_files(config)
    records: list[DocRecord]
    types: dict[str, str | None] | None = None
    if use_cache:
        from sre_docs.cache import RecordCache

        cache = cache or RecordCache.open(config)
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
    if cache is not None:
        if not alert_rule_files:  # their content is outside the tree's snapshot
            _remember_findings(cache, config, today, select, ignore, tree, handbook, findings)
        cache.save()
    display = display_prefix(config.docs_dir, cwd)
    findings = [relocate(finding, display) for finding in findings]
    # Alert rule files named by `alert_rules` are checked too, and count as files checked.
    checkable = set(tree.markdown).union(rule_file.rel for rule_file in alert_rule_files)
    checked = len(checkable) if wanted is None else len(wanted & checkable)
    return LintResult(sort_findings(findings), handbook, checked)


def _remember_findings(
    cache: RecordCache,
    config: Config,
    today: dt.date,
    select: Sequence[str],
    ignore: Sequence[str],
    tree: Tree,
    handbook: Handbook,
    findings: Sequence[Finding],
) -> None:
    """Hand the run's findings to the cache, which answers the same run again while nothing
    changes (`RecordCache.stored_findings`)."""
    from sre_docs.cache import run_settings

    reportable = [*tree.markdown, *(rel for rel, _ in tree.outside)]
    reported = (
        reportable
        if handbook.reported is None
        else [rel for rel in reportable if rel in handbook.reported]
    )

    def links_out(rel: str) -> list[str]:
        record = handbook.by_rel.get(rel)
        return outside_paths(record, config.docs_dir) if record is not None else []

    settings = run_settings(config, today, select, ignore)
    complete = handbook.reported is None
    cache.remember(tree, reported, settings, findings, links_out, complete=complete)


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
    ignored: dict[str, frozenset[str]] = {}  # per_file_ignores, expanded to rule names
    for rel, name, line, column, message in raw:
        if not selection.enabled(name):
            continue
        record = by_rel.get(rel)
        if record is not None and context.config.per_file_ignores:
            if rel not in ignored:
                ignored[rel] = directive_rules(tuple(context.config.ignored_for(rel)))
            if name in ignored[rel]:
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
            unknown = [name for name in directive.rules if not directive_rules((name,))]
            if unknown:
                from sre_docs.rules import unknown_rule

                message = f"{unknown_rule(unknown[0])} in sre-docs-{directive.action} comment"
            elif (record.rel, directive.line) in used or (
                directive.rules
                and not all(selection.enabled(name) for name in directive_rules(directive.rules))
            ):
                continue
            else:
                names = ", ".join(directive.rules) or "all rules"
                message = f"sre-docs-{directive.action} ({names}) suppresses nothing; remove it"
            findings.append(
                Finding(record.rel, directive.line, 1, rule.name, rule.code, severity, message)
            )
    return findings
