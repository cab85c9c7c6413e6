"""The lint engine: one pipeline from files to records for the command line, the plugin and
`export`, then the rules, selection and suppression.

Document rules run once per file content and their hits are cached with the record; handbook
rules run on every run over the views of every record (`handbook.view`), so cross-document
findings always reflect the whole docs root and are the same in every pipeline."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sre_docs.config import Config
from sre_docs.errors import UserError
from sre_docs.findings import Finding, display_prefix, relocate, sort_findings
from sre_docs.handbook import (
    DocRecord,
    Handbook,
    LintContext,
    content_digest,
    resolve_link,
    view,
)
from sre_docs.rules import RULE_SELECTORS, RULES, RULES_BY_NAME, expand_rules
from sre_docs.rules.base import HANDBOOK, Rule
from sre_docs.tree import Tree, walk, wanted_files
from sre_docs.workers import PARALLEL_THRESHOLD, Built, RecordPool, Want, build, build_record

if TYPE_CHECKING:
    from sre_docs.cache import Inputs
    from sre_docs.model import Problem

UNUSED_SUPPRESSION = "unused-suppression"

HANDBOOK_RULES: tuple[Rule, ...] = tuple(rule for rule in RULES if rule.scope == HANDBOOK)


def handbook_reads() -> frozenset[str]:
    """What handbook rules read of every record: the fields of each view (see `rules.base`;
    a rule may take its fields from the type registry, so they are asked for each run)."""
    return frozenset().union(*(rule.reads for rule in HANDBOOK_RULES))


@dataclass(slots=True)
class LintResult:
    findings: list[Finding]
    handbook: Handbook
    files_checked: int
    inputs: Inputs | None = None
    """What the findings were made from, when asked for and when that is all they depend on
    (`answer_inputs`): what a stored answer keeps."""


def record_from_text(config: Config, rel: str, text: str) -> DocRecord:
    """The record of a document held in memory as text."""
    return build_record(config, rel, text.encode("utf-8", "surrogatepass")).record


@dataclass(slots=True)
class Loaded:
    """What the pipeline gives: the handbook the rules see, and full records when asked."""

    handbook: Handbook
    records: dict[str, DocRecord]
    """Every document's full record (`full=True`: export and the site), else empty."""
    later: Later | None = None
    """The document rules' hits still being found (`defer_hits`); `finish` waits for them."""
    digests: dict[str, bytes] = dataclasses.field(default_factory=dict)
    """Each document's digest of the bytes its record was made from (None-less: a document
    that could not be read has none)."""

    def full_handbook(self) -> Handbook:
        """The handbook of full records, for the aggregate (export and the site pages)."""
        return dataclasses.replace(self.handbook, records=list(self.records.values()))

    def finish(self) -> None:
        """Wait for the hits `defer_hits` left to find: every record has them afterwards
        (full records and views share the list), and the cache stores the records."""
        later, self.later = self.later, None
        if later is None:
            return
        by_rel = self.handbook.by_rel
        rows = []
        for built in later.wait():
            by_rel[built.record.rel].hits.extend(built.record.hits)
            if built.stored is not None and built.digest is not None:
                from sre_docs.cache import Row

                rel = built.record.rel
                rows.append(Row(rel, later.tree.stats.get(rel), built.digest, *built.stored))
        if rows:
            from sre_docs.cache import RecordCache, default_folder_refused

            try:
                cache = RecordCache.open(later.config, handbook_reads())
            except UserError as error:
                default_folder_refused(error)  # refused when loading: said once already
                return
            try:
                cache.save(rows, {}, later.tree.markdown, later.tree.walked_ns)
            finally:
                cache.close()


@dataclass(slots=True)
class Later:
    """Documents built without their hits, being built again with them on one worker."""

    config: Config
    tree: Tree
    wait: Callable[[], list[Built]]


def load_handbook(
    config: Config,
    tree: Tree,
    *,
    contents: Mapping[str, bytes] | None = None,
    wanted: set[str] | None = None,
    use_cache: bool = True,
    full: bool = False,
    pool: RecordPool | None = None,
    jobs: int | None = None,
    meanwhile: Callable[[], None] | None = None,
    defer_hits: bool = False,
) -> Loaded:
    """The one pipeline from files to records, for `lint`, the plugin and `export`.

    `tree`: the docs root as `walk` found it (with stats when the cache is on); `contents`:
    the bytes of documents the caller already read (the plugin has MkDocs' page sources);
    `wanted`: the files whose findings are reported (None: all). A document is built again
    unless the cache holds a row made from exactly its bytes; every record, cached or
    built, reaches the handbook rules as the same view. `pool`: one already started (the
    plugin's); `jobs`: at most this many worker processes (1: none); `meanwhile`: work of
    the caller's to run while the pool builds (the plugin compiles its page templates).

    `defer_hits` (the plugin, with a started pool and enough documents to build): records
    come without the document rules' hits, which one worker finds while the caller goes on
    (MkDocs renders the pages); `Loaded.finish` waits for them. Handbook rules need no hits,
    and the findings, taken after `finish`, are those of a run without it."""
    contents = contents or {}
    reads = handbook_reads()
    cache = None
    if use_cache and config.cache:
        from sre_docs.cache import RecordCache, default_folder_refused

        try:
            cache = RecordCache.open(config, reads)
        except UserError as error:
            if config.cache_dir:
                raise  # the folder the configuration names is wrong: say so, exit 2
            default_folder_refused(error)  # the user's own cache folder: go on without it
    try:
        sources: list[tuple[str, bytes | Problem | None]] = []
        reused: list[str] = []
        seen: dict[str, tuple[int, int, int, int]] = {}
        digests: dict[str, bytes] = {}
        entries = cache.entries() if cache is not None else {}
        for rel in tree.markdown:
            raw: bytes | Problem | None = contents.get(rel)
            entry = entries.get(rel)
            if entry is not None:
                stat = tree.stats.get(rel)
                if stat is not None and entry.stat == stat:
                    reused.append(rel)
                    digests[rel] = entry.digest
                    continue
                if raw is None:
                    from sre_docs.loader import read_document

                    raw = read_document(config.docs_dir / rel)
                if isinstance(raw, bytes) and content_digest(raw) == entry.digest:
                    reused.append(rel)
                    digests[rel] = entry.digest
                    if stat is not None:
                        seen[rel] = stat
                    continue
            sources.append((rel, raw))
        loaded = cache.load(reused, full=full) if cache is not None else {}
        # A row that could not be decoded is built again like any other.
        sources.extend((rel, contents.get(rel)) for rel in reused if rel not in loaded)
        for rel in reused:
            if rel not in loaded:
                digests.pop(rel, None)
        want = Want(reads, full=full, store=cache is not None)
        later = None
        if defer_hits and pool is not None and len(sources) >= PARALLEL_THRESHOLD and pool.start():
            first = want._replace(hits=False, store=False)
            built = _build(config, sources, pool, first, jobs, meanwhile)
            # Queued after the first pass: it runs on one worker while the caller goes on.
            later = Later(config, tree, pool.build_later(sources, want))
        else:
            built = _build(config, sources, pool, want, jobs, meanwhile)
        records: dict[str, DocRecord] = {}
        views: dict[str, DocRecord] = {}
        for rel, record in loaded.items():
            if full:
                records[rel] = record
                views[rel] = view(record, reads)
            else:
                views[rel] = record
        rows = []
        for record, digest, stored in built:
            rel = record.rel
            if digest is not None:
                digests[rel] = digest
            if full:
                records[rel] = record
                views[rel] = view(record, reads)
            else:
                views[rel] = record
            if stored is not None and digest is not None:
                from sre_docs.cache import Row

                rows.append(Row(rel, tree.stats.get(rel), digest, *stored))
        if cache is not None:
            cache.save(rows, seen, tree.markdown, tree.walked_ns)
    finally:
        if cache is not None:
            cache.close()
    alert_rule_files: list[Any] = []
    if config.alert_rules:
        from sre_docs.alert_rules import load_alert_rule_files

        alert_rule_files = load_alert_rule_files(config)
    handbook = Handbook(
        records=[views[rel] for rel in tree.markdown],
        files=tree.files,
        folders=tree.folders,
        alert_rule_files=alert_rule_files,
        reported=frozenset(wanted) if wanted is not None else None,
    )
    return Loaded(
        handbook, {rel: records[rel] for rel in tree.markdown} if full else {}, later, digests
    )


def _build(
    config: Config,
    sources: Sequence[tuple[str, bytes | Problem | None]],
    pool: RecordPool | None,
    want: Want,
    jobs: int | None = None,
    meanwhile: Callable[[], None] | None = None,
) -> list[Built]:
    if pool is not None:
        return pool.build(sources, want, meanwhile)
    if len(sources) < PARALLEL_THRESHOLD or jobs == 1:
        if meanwhile is not None:
            meanwhile()
        return build(config, sources, want)
    with RecordPool(config, jobs) as own:
        return own.build(sources, want, meanwhile)


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
    inputs: bool = False,
) -> LintResult:
    """Lint the whole docs root; report findings for `paths` (all files when None).

    `walked`: the tree and the files `paths` name, for a caller that already walked it;
    `inputs`: say what the findings were made from (`LintResult.inputs`)."""
    cwd = cwd or Path.cwd()
    use_cache = use_cache and config.cache
    if walked is None:
        tree = walk(config, stats=use_cache)
        wanted = wanted_files(config, tree, paths, cwd)
    else:
        tree, wanted = walked
    loaded = load_handbook(config, tree, wanted=wanted, use_cache=use_cache)
    handbook = loaded.handbook
    selection = Selection.build(config, select, ignore)
    context = LintContext(config, today)
    findings = collect_findings(handbook, context, selection, tree.outside, wanted)
    display = display_prefix(config.docs_dir, cwd)
    findings = [relocate(finding, display) for finding in findings]
    # Alert rule files named by `alert_rules` are checked too, and count as files checked.
    checkable = set(tree.markdown).union(rule_file.rel for rule_file in handbook.alert_rule_files)
    checked = len(checkable) if wanted is None else len(wanted & checkable)
    made_from = answer_inputs(config, tree, loaded) if inputs and use_cache else None
    return LintResult(sort_findings(findings), handbook, checked, made_from)


def answer_inputs(config: Config, tree: Tree, loaded: Loaded) -> Inputs | None:
    """What the findings of a run over `tree` were made from, for a stored answer; None
    when they may depend on anything else, which no stored answer could check:

    - links and files outside the docs root: symbolic links (what they lead to), files
      found outside (`tree.outside`), links whose target leaves the root (`broken-link`
      looks them up on disk);
    - files read besides the documents: alert rule files, the marker of generated pages,
      the MyST labels of a Sphinx handbook (`link_forms: [sphinx]`);
    - a document that could not be read, or a walk without stats (no cache)."""
    from sre_docs.cache import Inputs, trusted
    from sre_docs.generated import marker_path

    if (
        not config.cache
        or config.cache_dir
        or not config.docs_dir_written
        or config.alert_rules
        or "sphinx" in config.link_forms
        or tree.outside
        or tree.symlinks
        or not tree.listings
        or os.path.lexists(marker_path(config))
    ):
        return None
    documents: dict[str, list[tuple[str, int | None, int | None, int | None, int | None, str]]]
    documents = {rel: [] for rel in tree.listings}
    for rel in tree.markdown:
        digest = loaded.digests.get(rel)
        folder, _, name = rel.rpartition("/")
        if digest is None or rel not in tree.stats or folder not in documents:
            return None
        documents[folder].append((name, *trusted(tree.stats[rel], tree.walked_ns), digest.hex()))
    for record in loaded.handbook.records:
        depth = record.rel.count("/")
        for link in record.links:
            # Each `..` climbs one folder: a target with no more of them than the document
            # has folders above it (and none percent-encoded) stays in the docs root.
            if link.target.count("..") <= depth and "%" not in link.target:
                continue
            target = resolve_link(record.rel, link.target)
            if target is not None and (target == ".." or target.startswith("../")):
                return None
    folders = [
        (rel, *trusted(info, tree.walked_ns), digest.hex(), documents[rel])
        for rel, (info, digest) in sorted(tree.listings.items())
    ]
    return Inputs(str(config.docs_dir), config.docs_dir_written, folders)


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
