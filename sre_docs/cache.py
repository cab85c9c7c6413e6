"""Per-file results cache: document records keyed by content, tool version and configuration.

It lives in `.sre_docs_cache/` beside `mkdocs.yml` (ignored by git through its own .gitignore).
The lint cache is one SQLite database per cache key: each file's stat, content digest, document
type, record and stub, and the fact keys that tie documents together (`handbook.fact_keys`).
A run over named files (pre-commit) stats every file, reads the stored records of the named
ones, and loads the stubs of only the documents that share a fact key with them; nothing else
is parsed or unpickled. A whole-handbook run reads every record. Writes are transactions, so
concurrent runs never see half a cache; a corrupt or foreign database is removed and rebuilt,
and a cache that cannot be written (a read-only checkout, a locked database) is skipped.

The database also keeps the answer of the last runs: the findings of each reported file, with
the run's settings and a snapshot of the tree (every path, every document's stat). While the
tree and the settings are the same, a run is answered from there (`stored_findings`) before
any document, rule or record module is imported. This module imports none of them itself."""

from __future__ import annotations

import marshal
import os
import sqlite3
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from sre_docs import __version__
from sre_docs.config import Config
from sre_docs.digest import blake2b
from sre_docs.findings import Finding

if TYPE_CHECKING:
    import datetime as dt

    from sre_docs.handbook import DocRecord, KnownHits
    from sre_docs.tree import Tree

    Build = Callable[[Sequence[str], KnownHits], list[DocRecord]]
    """Builds the records of some files, given front-matter findings known by key."""

_FORMAT = 6
_RACY_SECONDS = 2.0
"""A file modified this close to when its stat was recorded may change again within the same
timestamp without changing its stat; such a file is hashed until its stat is recorded later."""
_PARTIAL_LIMIT = 200
"""Above this many named files, loading every record beats looking up the related ones."""
_REUSE_LIMIT = 50
"""Up to this many changed files, their stored front-matter findings are looked up for reuse."""
_LOCK_TIMEOUT = 5.0
"""Seconds to wait for another run's write before going on without the cache."""
_SCHEMA = """
CREATE TABLE IF NOT EXISTS files (
    rel TEXT PRIMARY KEY, digest BLOB, doc_type TEXT, record BLOB, stub BLOB
);
CREATE TABLE IF NOT EXISTS keys (key TEXT, rel TEXT);
CREATE INDEX IF NOT EXISTS keys_by_key ON keys (key);
CREATE INDEX IF NOT EXISTS keys_by_rel ON keys (rel);
CREATE TABLE IF NOT EXISTS state (name TEXT PRIMARY KEY, value BLOB);
CREATE TABLE IF NOT EXISTS answers (rel TEXT PRIMARY KEY, answer BLOB);
"""


def _load_index(blob: bytes) -> dict[str, tuple[int, int, str | None, bool]]:
    """The marshalled stat index; an unreadable one is empty (every file is then hashed)."""
    try:
        index = marshal.loads(blob)
    except (EOFError, ValueError, TypeError):
        return {}
    return index if isinstance(index, dict) else {}


def _code_fingerprint() -> str:
    """Changes when sre-docs itself changes (an upgrade, or an edited checkout)."""
    package = os.path.dirname(__file__)
    entries = []
    for folder, _, names in os.walk(package):
        for name in names:
            if name.endswith((".py", ".json")):
                path = os.path.join(folder, name)
                stat = os.stat(path)
                rel = os.path.relpath(path, package)
                entries.append(f"{rel}:{stat.st_size}:{stat.st_mtime_ns}")
    digest = blake2b(__version__.encode(), digest_size=8)
    for entry in sorted(entries):
        digest.update(entry.encode())
    return digest.hexdigest()


def _load(path: Path) -> Any:
    import pickle

    try:
        with path.open("rb") as handle:
            payload = pickle.load(handle)
    except FileNotFoundError:
        return None
    except Exception:  # any corrupt or truncated cache is simply rebuilt
        return None
    if isinstance(payload, dict) and payload.get("format") == _FORMAT:
        return payload
    return None


def prepare_folder(folder: Path) -> None:
    """Create the cache folder with its own .gitignore and a CACHEDIR.TAG for backup tools."""
    folder.mkdir(parents=True, exist_ok=True)
    ignore = folder / ".gitignore"
    if not ignore.exists():
        ignore.write_text("# Created by sre-docs.\n*\n", encoding="utf-8")
    tag = folder / "CACHEDIR.TAG"
    if not tag.exists():
        tag.write_text(
            "Signature: 8a477f597d28d172789f06886806bc55\n"
            "# This file is a cache directory tag created by sre-docs.\n",
            encoding="utf-8",
        )


def remove_old_caches(folder: Path, key: str) -> None:
    """Cache files of other versions or configurations, unused for a day (a parsed
    configuration file stays: it is rewritten only when the file changes)."""
    now = time.time()
    for old in folder.iterdir():
        name = old.name
        if key in name or name.startswith((".", "config-")) or name == "CACHEDIR.TAG":
            continue
        try:
            if old.is_file() and now - old.stat().st_mtime > 86400:
                old.unlink()
        except OSError:
            pass


def cache_key(config: Config) -> str:
    return blake2b(
        f"{_FORMAT}:{_code_fingerprint()}:{config.document_fingerprint()}:{config.docs_dir}".encode(),
        digest_size=10,
    ).hexdigest()


class PageRecordCache:
    """Full records of the site build, keyed by each page's text (the plugin has the text)."""

    def __init__(self, config: Config) -> None:
        self.folder = config.root / config.cache_dir
        self.key = cache_key(config)
        self.path = self.folder / f"pages-{self.key}.pickle"
        payload = _load(self.path)
        self.entries: dict[str, tuple[bytes, DocRecord]] = payload["records"] if payload else {}
        self.fresh: dict[str, tuple[bytes, DocRecord]] = {}

    def records(
        self, texts: dict[str, str], build: Callable[[dict[str, str]], dict[str, DocRecord]]
    ) -> dict[str, DocRecord]:
        """The record of every page: cached when its text is unchanged, else from `build`,
        which gets all the missing pages at once (so it can spread them over the cores)."""
        digests = {
            rel: blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()
            for rel, text in texts.items()
        }
        records: dict[str, DocRecord] = {}
        missing: dict[str, str] = {}
        for rel, digest in digests.items():
            cached = self.entries.get(rel)
            if cached is not None and cached[0] == digest:
                records[rel] = cached[1]
            else:
                missing[rel] = texts[rel]
        if missing:
            records.update(build(missing))
        self.fresh = {rel: (digest, records[rel]) for rel, digest in digests.items()}
        return records

    def save(self) -> None:
        if {rel: pair[0] for rel, pair in self.entries.items()} == {
            rel: pair[0] for rel, pair in self.fresh.items()
        }:
            return
        try:
            prepare_folder(self.folder)
            payload = {"format": _FORMAT, "records": self.fresh}
            from sre_docs.files import write_atomic

            write_atomic(self.path, _dumps(payload), durable=False)
            remove_old_caches(self.folder, self.key)
        except OSError:
            pass


class Cached(NamedTuple):
    """What the cache gives a lint run: records, and the type of every document."""

    records: list[DocRecord]
    types: dict[str, str | None]


def _uncached(build: Build, rels: Sequence[str]) -> Cached:
    built = build(rels, {})
    return Cached(built, {record.rel: record.doc_type for record in built})


def _file_digest(path: str) -> bytes | None:
    try:
        with open(path, "rb") as handle:
            return blake2b(handle.read(), digest_size=16).digest()
    except OSError:
        return None


def _index_entry(stat: tuple[int, int], doc_type: str | None) -> tuple[int, int, str | None, bool]:
    """(mtime_ns, size, type, trusted): a stat is trusted once the file was modified well
    before it was taken."""
    return (*stat, doc_type, stat[0] / 1e9 < time.time() - _RACY_SECONDS)


def _dumps(value: object) -> bytes:
    import pickle

    return pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)


class _Answer(NamedTuple):
    """A run's findings by file, with what they were computed from."""

    settings: str
    complete: bool  # every file of the tree is in `rows`
    snapshot: bytes  # `Tree.snapshot()`
    rows: list[tuple[str, bytes]]  # (rel, marshalled (findings, [(outside link, existed)]))


def _stored_answer(db: sqlite3.Connection) -> tuple[str, bool, bytes] | None:
    """(settings, complete, snapshot) of the stored answer; None when there is none, or when
    it is unreadable (it is then replaced)."""
    row = db.execute("SELECT value FROM state WHERE name = 'answer'").fetchone()
    if row is None:
        return None
    try:
        settings, complete, snapshot = marshal.loads(row[0])
    except (TypeError, ValueError, EOFError):
        return None
    if isinstance(settings, str) and isinstance(complete, bool) and isinstance(snapshot, bytes):
        return settings, complete, snapshot
    return None


def run_settings(
    config: Config, today: dt.date, select: Sequence[str], ignore: Sequence[str]
) -> str:
    """Everything besides the tree and the cache key (version, code) that a run's findings
    depend on, as one comparable text."""
    return repr((today.isoformat(), sorted(select), sorted(ignore), config))


class RecordCache:
    """One SQLite database: open, look up per run, write the changes in one transaction.

    The `files` table holds each document's digest, type, record and stub; `keys` its fact
    keys. The stat of every file sits in one marshalled row of `state`, (mtime_ns, size, type,
    trusted) per file, so a run compares ten thousand stats without reading ten thousand rows.
    A stat is trusted once the file was last modified well before the stat was taken; until
    then an edit within the same timestamp could hide behind it, so the file is hashed."""

    def __init__(self, folder: Path, key: str, docs_dir: Path) -> None:
        self.folder = folder
        self.key = key
        self.path = folder / f"lint-{key}.sqlite"
        self.docs_dir = docs_dir
        self.connection: sqlite3.Connection | None = None
        self.index: dict[str, tuple[int, int, str | None, bool]] = {}
        self.index_changed = False
        # Rows to write: rebuilt files (rel, digest, record), and files gone.
        self.rows: list[tuple[str, bytes, DocRecord]] = []
        self.gone: list[str] = []
        self.answer: _Answer | None = None  # this run's answer, to store
        self._snapshot: tuple[Tree, bytes] | None = None

    @classmethod
    def open(cls, config: Config) -> RecordCache:
        return cls(config.root / config.cache_dir, cache_key(config), config.docs_dir)

    def _connect(self) -> sqlite3.Connection | None:
        """The database, created when missing; a corrupt one is removed and created again."""
        for attempt in (1, 2):
            connection = None
            try:
                if not self.path.exists():
                    prepare_folder(self.folder)
                connection = sqlite3.connect(self.path, timeout=_LOCK_TIMEOUT)
                connection.executescript(_SCHEMA)
                return connection
            except sqlite3.DatabaseError:
                if connection is not None:
                    connection.close()
                if attempt == 1 and self.path.exists():
                    try:
                        self.path.unlink()  # not a database, or not ours: start again
                    except OSError:
                        return None
                    continue
                return None
            except OSError:
                return None
        return None

    def stored_findings(
        self, tree: Tree, wanted: set[str] | None, settings: str
    ) -> list[Finding] | None:
        """The findings of `wanted` (all files when None) as an earlier run with the same
        `settings` reported them, when the tree is the same as then; else None.

        Cheap by design: no record, rule or document module is imported, and the database is
        only opened, never created."""
        if not self.path.exists():
            return None
        self.connection = self._connect()
        if self.connection is None:
            return None
        try:
            findings = self._stored_findings(self.connection, tree, wanted, settings)
        except (sqlite3.DatabaseError, ValueError, EOFError, TypeError):
            return None  # damaged: the run rebuilds it
        if findings is not None:  # answered: this run writes nothing
            self.connection.close()
            self.connection = None
        return findings

    def _stored_findings(
        self, db: sqlite3.Connection, tree: Tree, wanted: set[str] | None, settings: str
    ) -> list[Finding] | None:
        stored = _stored_answer(db)
        if stored is None:
            return None
        stored_settings, complete, snapshot = stored
        if stored_settings != settings or (wanted is None and not complete):
            return None
        if snapshot != self._snapshot_of(tree):
            return None
        if wanted is None:
            rows = list(db.execute("SELECT rel, answer FROM answers"))
        else:
            rows = self._select(db, "SELECT rel, answer FROM answers", wanted)
            if len(rows) != len(wanted):
                return None  # a named file this answer did not cover
        findings: list[Finding] = []
        for _, blob in rows:
            hits, outside = marshal.loads(blob)
            if any(os.path.exists(path) != existed for path, existed in outside):
                return None  # a file outside the docs root, linked to, came or went
            findings.extend(Finding(*hit) for hit in hits)
        return findings

    def remember(
        self,
        tree: Tree,
        reported: Sequence[str],
        settings: str,
        findings: Sequence[Finding],
        links_out: Callable[[str], Sequence[str]],
        *,
        complete: bool,
    ) -> None:
        """Keep this run's findings of `reported` (`complete`: every file of the tree) for
        `stored_findings`, when every document's stat is trusted (see `_index_entry`); written
        by `save`. `links_out(rel)`: the paths beyond the docs root a file links to."""
        index = self.index
        if len(index) != len(tree.markdown) or not all(entry[3] for entry in index.values()):
            return  # a document not cached, or too recently modified for its stat to be trusted
        by_rel: dict[str, list[tuple[Any, ...]]] = {rel: [] for rel in reported}
        for finding in findings:
            if finding.path in by_rel:
                by_rel[finding.path].append(tuple(finding))
        rows = [
            (
                rel,
                marshal.dumps((hits, [(path, os.path.exists(path)) for path in links_out(rel)])),
            )
            for rel, hits in by_rel.items()
        ]
        self.answer = _Answer(settings, complete, self._snapshot_of(tree), rows)

    def _snapshot_of(self, tree: Tree) -> bytes:
        """`tree.snapshot()`, taken once for a run that looks up and then stores an answer."""
        if self._snapshot is None or self._snapshot[0] is not tree:
            self._snapshot = (tree, tree.snapshot())
        return self._snapshot[1]

    def _scan(
        self, db: sqlite3.Connection, rels: Sequence[str], stats: dict[str, tuple[int, int]]
    ) -> tuple[dict[str, bytes], list[str]]:
        """The files whose content changed since the cache was written, and the digests of
        those that were hashed to find out (a file whose trusted stat matches is not read)."""
        index = self.index
        suspects = [
            rel
            for rel in rels
            if (entry := index.get(rel)) is None
            or not entry[3]
            or (entry[0], entry[1]) != stats.get(rel)
        ]
        if not suspects:
            return {}, []
        stored = {
            rel: (digest, doc_type)
            for rel, digest, doc_type in self._select(
                db, "SELECT rel, digest, doc_type FROM files", set(suspects)
            )
        }
        root = str(self.docs_dir) + os.sep
        digests: dict[str, bytes] = {}
        changed: list[str] = []
        for rel in suspects:
            stat = stats.get(rel)
            digest = _file_digest(root + rel) if stat is not None else None
            if stat is None or digest is None:
                changed.append(rel)  # rebuilt every run (it reports why), never stored
                continue
            digests[rel] = digest
            row = stored.get(rel)
            if row is None or row[0] != digest:
                changed.append(rel)
            else:
                entry = _index_entry(stat, row[1])
                self.index_changed = self.index_changed or index.get(rel) != entry
                index[rel] = entry
        return digests, changed

    def records(
        self,
        rels: Sequence[str],
        stats: dict[str, tuple[int, int]],
        build: Build,
        wanted: set[str] | None = None,
        keys: set[str] | frozenset[str] = frozenset(),
    ) -> Cached:
        """Records for a run over `rels` (`stats`: their mtime and size, as `walk` found them).

        Every record, in order, when `wanted` is None (or large); else the records of the
        wanted files and the stubs of the documents that share a fact key with them or with
        `keys` (the alert rule files' alerts)."""
        if self.connection is None:
            self.connection = self._connect()
        if self.connection is None:
            return _uncached(build, rels)
        try:
            row = self.connection.execute("SELECT value FROM state WHERE name = 'index'").fetchone()
            self.index = _load_index(row[0]) if row else {}
            return self._records(self.connection, rels, stats, build, wanted, keys)
        except sqlite3.DatabaseError:
            # Corrupted while in use, or locked beyond the timeout: lint without the cache.
            self.connection.close()
            self.connection = None
            self.rows, self.gone, self.index_changed = [], [], False
            return _uncached(build, rels)

    def _records(
        self,
        db: sqlite3.Connection,
        rels: Sequence[str],
        stats: dict[str, tuple[int, int]],
        build: Build,
        wanted: set[str] | None,
        keys: set[str] | frozenset[str],
    ) -> Cached:
        import pickle

        from sre_docs.handbook import fact_keys

        digests, changed = self._scan(db, rels, stats)
        if len(self.index) != len(rels) or changed:  # else the same files as last time
            present = set(rels)
            self.gone = [rel for rel in self.index if rel not in present]
            for rel in self.gone:
                del self.index[rel]
            self.index_changed = self.index_changed or bool(self.gone)
        built = self._build(build, changed, stats, digests)
        types = {rel: entry[2] for rel, entry in self.index.items()}
        types.update((rel, record.doc_type) for rel, record in built.items())
        stale = set(changed) | set(self.gone)
        if wanted is None or len(wanted) > _PARTIAL_LIMIT:
            records = dict(built)
            for rel, blob in db.execute("SELECT rel, record FROM files"):
                if rel not in stale and rel in types:
                    records[rel] = pickle.loads(blob)
            # A row missing behind a matching stat (a damaged cache) is rebuilt, not lost.
            missing = [rel for rel in rels if rel not in records]
            records.update(self._build(build, missing, stats, {}))
            return Cached([records[rel] for rel in rels], types)
        chosen: dict[str, DocRecord] = {rel: built[rel] for rel in wanted if rel in built}
        for rel, blob in self._select(db, "SELECT rel, record FROM files", wanted - stale):
            if rel in types:
                chosen[rel] = pickle.loads(blob)
        missing = [rel for rel in rels if rel in wanted and rel not in chosen]
        chosen.update(self._build(build, missing, stats, {}))
        wanted_keys = set(keys)
        for record in chosen.values():
            wanted_keys |= fact_keys(record)
        related: set[str] = set()
        for (rel,) in self._select(db, "SELECT DISTINCT rel FROM keys", wanted_keys, "key"):
            if rel not in stale and rel not in chosen and rel in types:
                related.add(rel)
        for rel, blob in self._select(db, "SELECT rel, stub FROM files", related):
            chosen[rel] = pickle.loads(blob)
        for rel, record in built.items():
            if rel not in chosen and not wanted_keys.isdisjoint(fact_keys(record)):
                chosen[rel] = record.stub()
        return Cached([chosen[rel] for rel in rels if rel in chosen], types)

    def _build(
        self,
        build: Build,
        rels: list[str],
        stats: dict[str, tuple[int, int]],
        digests: dict[str, bytes],
    ) -> dict[str, DocRecord]:
        """Records of `rels` from `build`, queued to be stored with their stat and digest.

        A file that cannot be read is rebuilt every run (its record says why), never stored."""
        if not rels:
            return {}
        known = self._front_matter_hits(rels) if len(rels) <= _REUSE_LIMIT else {}
        built = {record.rel: record for record in build(rels, known)}
        root = str(self.docs_dir) + os.sep
        for rel, record in built.items():
            stat = stats.get(rel)
            digest = digests.get(rel) or (_file_digest(root + rel) if stat is not None else None)
            if stat is None or digest is None:
                self.index.pop(rel, None)
                continue
            self.index[rel] = _index_entry(stat, record.doc_type)
            self.rows.append((rel, digest, record))
            self.index_changed = True
        return built

    def _front_matter_hits(self, rels: list[str]) -> KnownHits:
        """Findings of the `front_matter_only` rules on the stored versions of `rels`, by
        front-matter key: a file edited below its front matter keeps them."""
        import pickle

        from sre_docs.rules import RULES

        names = {rule.name for rule in RULES if rule.front_matter_only}
        known: KnownHits = {}
        if self.connection is None:
            return known
        for _, blob in self._select(self.connection, "SELECT rel, record FROM files", set(rels)):
            record = pickle.loads(blob)
            if record.front_key is not None:
                known[record.front_key] = [hit for hit in record.hits if hit[0] in names]
        return known

    @staticmethod
    def _select(
        db: sqlite3.Connection, query: str, values: set[str], column: str = "rel"
    ) -> list[tuple[Any, ...]]:
        """Rows of `query` whose `column` is one of `values`, in batches SQLite accepts."""
        rows: list[tuple[Any, ...]] = []
        ordered = sorted(values)
        for start in range(0, len(ordered), 500):
            batch = ordered[start : start + 500]
            marks = ",".join("?" * len(batch))
            rows.extend(db.execute(f"{query} WHERE {column} IN ({marks})", batch))
        return rows

    def _save_answer(self, db: sqlite3.Connection, answer: _Answer) -> None:
        """Add the rows to the stored answer when it was for the same settings and tree, else
        replace it; a run that adds nothing writes nothing."""
        stored = _stored_answer(db)
        same = stored is not None and stored[0] == answer.settings and stored[2] == answer.snapshot
        if same and (stored[1] or not answer.complete):
            rels = {rel for rel, _ in answer.rows}
            if dict(self._select(db, "SELECT rel, answer FROM answers", rels)) == dict(answer.rows):
                return
        with db:
            if not same:
                db.execute("DELETE FROM answers")
            db.executemany("INSERT OR REPLACE INTO answers VALUES (?, ?)", answer.rows)
            complete = answer.complete or (same and bool(stored[1]))
            value = marshal.dumps((answer.settings, complete, answer.snapshot))
            db.execute("INSERT OR REPLACE INTO state VALUES ('answer', ?)", (value,))

    def save(self) -> None:
        """Write this run's changes in one transaction; skipped when there are none or when
        the database cannot be written (read-only, or another run holds it too long)."""
        db = self.connection
        if db is None:
            return
        try:
            if self.answer is not None:
                self._save_answer(db, self.answer)
            if self.index_changed:
                from sre_docs.handbook import fact_keys

                changed = [(row[0],) for row in self.rows] + [(rel,) for rel in self.gone]
                with db:
                    db.executemany("DELETE FROM files WHERE rel = ?", changed)
                    db.executemany("DELETE FROM keys WHERE rel = ?", changed)
                    db.executemany(
                        "INSERT INTO files VALUES (?, ?, ?, ?, ?)",
                        [
                            (rel, digest, record.doc_type, _dumps(record), _dumps(record.stub()))
                            for rel, digest, record in self.rows
                        ],
                    )
                    db.executemany(
                        "INSERT INTO keys VALUES (?, ?)",
                        [(key, row[0]) for row in self.rows for key in fact_keys(row[2])],
                    )
                    db.execute(
                        "INSERT OR REPLACE INTO state VALUES ('index', ?)",
                        (marshal.dumps(self.index),),
                    )
                remove_old_caches(self.folder, self.key)
        except (sqlite3.DatabaseError, OSError):
            pass  # a read-only checkout still lints; it just is not cached
        finally:
            db.close()
            self.connection = None
