"""Per-file results cache: document records keyed by content, tool version and configuration.

It lives in `.sre_docs_cache/` beside `mkdocs.yml` (ignored by git through its own .gitignore).
The lint cache is one SQLite database per cache key: each file's stat, content digest, document
type, record and stub, and the fact keys that tie documents together (`handbook.fact_keys`).
A run over named files (pre-commit) stats every file, reads the stored records of the named
ones, and loads the stubs of only the documents that share a fact key with them; nothing else
is parsed or unpickled. A whole-handbook run reads every record. Writes are transactions, so
concurrent runs never see half a cache; a corrupt or foreign database is removed and rebuilt,
and a cache that cannot be written (a read-only checkout, a locked database) is skipped."""

from __future__ import annotations

import hashlib
import marshal
import os
import pickle
import sqlite3
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NamedTuple

from sre_docs import __version__
from sre_docs.config import Config
from sre_docs.handbook import DocRecord, KnownHits, fact_keys

_FORMAT = 5
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
    package = Path(__file__).parent
    digest = hashlib.blake2b(__version__.encode(), digest_size=8)
    for path in sorted(package.rglob("*")):
        if path.suffix in (".py", ".json"):
            stat = path.stat()
            digest.update(f"{path.relative_to(package)}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    return digest.hexdigest()


def _load(path: Path) -> Any:
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


def _write(path: Path, payload: dict[str, Any]) -> None:
    import tempfile

    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".cache-", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            pickle.dump(payload, stream, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def remove_old_caches(folder: Path, key: str) -> None:
    """Cache files of other versions or configurations, unused for a day."""
    now = time.time()
    for old in folder.iterdir():
        if key in old.name or old.name.startswith(".") or old.name == "CACHEDIR.TAG":
            continue
        try:
            if old.is_file() and now - old.stat().st_mtime > 86400:
                old.unlink()
        except OSError:
            pass


def cache_key(config: Config) -> str:
    return hashlib.blake2b(
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
            rel: hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()
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
            _write(self.path, {"format": _FORMAT, "records": self.fresh})
            remove_old_caches(self.folder, self.key)
        except OSError:
            pass


Build = Callable[[Sequence[str], KnownHits], list[DocRecord]]
"""Builds the records of some files, given front-matter findings known by key."""


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
            return hashlib.blake2b(handle.read(), digest_size=16).digest()
    except OSError:
        return None


def _index_entry(stat: tuple[int, int], doc_type: str | None) -> tuple[int, int, str | None, bool]:
    """(mtime_ns, size, type, trusted): a stat is trusted once the file was modified well
    before it was taken."""
    return (*stat, doc_type, stat[0] / 1e9 < time.time() - _RACY_SECONDS)


def _dumps(value: object) -> bytes:
    return pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)


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
                row = connection.execute("SELECT value FROM state WHERE name = 'index'").fetchone()
                self.index = _load_index(row[0]) if row else {}
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
        self.connection = self._connect()
        if self.connection is None:
            return _uncached(build, rels)
        try:
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

    def save(self) -> None:
        """Write this run's changes in one transaction; skipped when there are none or when
        the database cannot be written (read-only, or another run holds it too long)."""
        db = self.connection
        if db is None:
            return
        try:
            if self.index_changed:
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
