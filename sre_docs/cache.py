"""Per-file results cache: document records keyed by content, tool version and configuration.

Two files in `.sre_docs_cache/` beside `mkdocs.yml` (ignored by git through its own
.gitignore): a small index (each file's stat, digest and the few facts other documents depend
on) and the full records. A run over named files (pre-commit) loads only the index and parses
just the named files; a whole-handbook run loads both. Files are written atomically; a
corrupt or foreign cache is ignored and rebuilt."""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NamedTuple

from sre_docs import __version__
from sre_docs.config import Config
from sre_docs.handbook import DocRecord

_FORMAT = 4
_RACY_SECONDS = 2.0
"""A file modified this close to the cache write may change again within the same timestamp."""
_PARTIAL_LIMIT = 200
"""Above this many named files, loading all cached records beats parsing the named files."""


class _IndexEntry(NamedTuple):
    mtime_ns: int
    size: int
    digest: bytes


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


def _prepare(folder: Path) -> None:
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
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".cache-", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            pickle.dump(payload, stream, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def cache_key(config: Config) -> str:
    return hashlib.blake2b(
        f"{_FORMAT}:{_code_fingerprint()}:{config.document_fingerprint()}:{config.docs_dir}".encode(),
        digest_size=10,
    ).hexdigest()


class PageRecordCache:
    """Full records of the site build, keyed by each page's text (the plugin has the text)."""

    def __init__(self, config: Config) -> None:
        self.folder = config.root / config.cache_dir
        self.path = self.folder / f"pages-{cache_key(config)}.pickle"
        payload = _load(self.path)
        self.entries: dict[str, tuple[bytes, DocRecord]] = payload["records"] if payload else {}
        self.fresh: dict[str, tuple[bytes, DocRecord]] = {}

    def record(self, rel: str, text: str, build: Callable[[], DocRecord]) -> DocRecord:
        digest = hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()
        cached = self.entries.get(rel)
        record = cached[1] if cached is not None and cached[0] == digest else build()
        self.fresh[rel] = (digest, record)
        return record

    def save(self) -> None:
        if {rel: pair[0] for rel, pair in self.entries.items()} == {
            rel: pair[0] for rel, pair in self.fresh.items()
        }:
            return
        try:
            _prepare(self.folder)
            _write(self.path, {"format": _FORMAT, "records": self.fresh})
        except OSError:
            pass


class RecordCache:
    """Load once, look up per file, save once at the end of a run.

    Three files: the index (stat and digest per file, small), the stubs (what other documents'
    checks read of each file) and the full records. A run over named files reads the index and
    the stubs; a whole-handbook run reads the index and the records."""

    def __init__(self, folder: Path, key: str, docs_dir: Path) -> None:
        self.folder = folder
        self.index_path = folder / f"index-{key}.pickle"
        self.stubs_path = folder / f"stubs-{key}.pickle"
        self.records_path = folder / f"records-{key}.pickle"
        self.docs_dir = docs_dir
        payload = _load(self.index_path)
        self.index: dict[str, _IndexEntry] = payload["entries"] if payload else {}
        self.written_at: float = payload["written_at"] if payload else 0.0
        self.new_index: dict[str, _IndexEntry] = {}
        self.new_records: dict[str, tuple[bytes, DocRecord]] | None = None
        self.new_stubs: dict[str, DocRecord] | None = None
        self.index_changed = False

    @classmethod
    def open(cls, config: Config) -> RecordCache:
        return cls(config.root / config.cache_dir, cache_key(config), config.docs_dir)

    def _digests(
        self, rels: Sequence[str]
    ) -> tuple[dict[str, bytes], dict[str, tuple[int, int]], list[str]]:
        """Current digest and stat of every file, and the files whose content changed."""
        digests: dict[str, bytes] = {}
        stats: dict[str, tuple[int, int]] = {}
        changed: list[str] = []
        racy_before = self.written_at - _RACY_SECONDS
        root = str(self.docs_dir) + os.sep
        for rel in rels:
            path = root + rel
            try:
                stat = os.stat(path)
            except OSError:
                changed.append(rel)
                continue
            stats[rel] = (stat.st_mtime_ns, stat.st_size)
            entry = self.index.get(rel)
            if (
                entry is not None
                and entry.mtime_ns == stat.st_mtime_ns
                and entry.size == stat.st_size
                and stat.st_mtime_ns / 1e9 < racy_before
            ):
                digests[rel] = entry.digest
                continue
            try:
                with open(path, "rb") as handle:
                    digest = hashlib.blake2b(handle.read(), digest_size=16).digest()
            except OSError:
                changed.append(rel)
                continue
            digests[rel] = digest
            if entry is None or entry.digest != digest:
                changed.append(rel)
            elif entry.mtime_ns != stat.st_mtime_ns:
                self.index_changed = True
        return digests, stats, changed

    def records(
        self,
        rels: Sequence[str],
        build: Callable[[Sequence[str]], list[DocRecord]],
        wanted: set[str] | None = None,
    ) -> list[DocRecord]:
        """Records for `rels` in order: full records for the wanted files (all when None),
        stubs (the facts other documents depend on) for the rest."""
        partial = wanted is not None and len(wanted) <= _PARTIAL_LIMIT
        digests, stats, changed = self._digests(rels)
        stale = set(changed)
        to_build = list(changed)
        results: dict[str, DocRecord] = {}
        stubs: dict[str, DocRecord] = {}
        cached_full: dict[str, tuple[bytes, DocRecord]] = {}
        if partial:
            payload = _load(self.stubs_path)
            stubs = payload["stubs"] if payload else {}
        else:
            payload = _load(self.records_path)
            cached_full = payload["records"] if payload else {}
        for rel in rels:
            if rel in stale:
                continue
            if partial:
                if (wanted is not None and rel in wanted) or rel not in stubs:
                    to_build.append(rel)
                else:
                    results[rel] = stubs[rel]
                continue
            cached = cached_full.get(rel)
            if cached is not None and cached[0] == digests.get(rel):
                results[rel] = cached[1]
            else:
                to_build.append(rel)
        for record in build(to_build) if to_build else []:
            results[record.rel] = record
        for rel in rels:
            digest = digests.get(rel)
            if digest is None or rel not in stats:
                continue  # unreadable: rebuilt every run, never cached
            self.new_index[rel] = _IndexEntry(*stats[rel], digest)
        if changed or set(self.index) != set(self.new_index):
            self.index_changed = True
        cached_rels = set(cached_full) if not partial else set(stubs)
        if self.index_changed or cached_rels != set(self.new_index):
            # Stubs are a pure function of a record: rebuilt from what this run holds.
            fresh = set(stale) | (wanted or set())
            self.new_stubs = {
                rel: results[rel] if partial and rel not in fresh else results[rel].stub()
                for rel in self.new_index
            }
            self.index_changed = True
        if not partial and (self.index_changed or set(cached_full) != set(self.new_index)):
            self.new_records = {rel: (digests[rel], results[rel]) for rel in self.new_index}
        return [results[rel] for rel in rels]

    def save(self) -> None:
        """Write atomically; concurrent runs each replace a file whole, never interleave."""
        if not self.index_changed:
            return
        try:
            _prepare(self.folder)
            now = time.time()
            keep = (self.index_path, self.stubs_path, self.records_path)
            for old in self.folder.glob("*.pickle"):
                if old not in keep and not old.name.startswith("pages-"):
                    if now - old.stat().st_mtime > 86400:
                        old.unlink(missing_ok=True)
            # After a run over named files the full records keep their old digests; a later
            # whole-handbook run rebuilds just the entries whose digest no longer matches.
            if self.new_records is not None:
                _write(self.records_path, {"format": _FORMAT, "records": self.new_records})
            if self.new_stubs is not None:
                _write(self.stubs_path, {"format": _FORMAT, "stubs": self.new_stubs})
            _write(
                self.index_path, {"format": _FORMAT, "written_at": now, "entries": self.new_index}
            )
        except OSError:
            pass  # a read-only checkout still lints; it just is not cached
