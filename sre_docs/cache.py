"""Per-file results cache: document records keyed by content, tool version and configuration.

Stored in `.sre_docs_cache/` beside `mkdocs.yml` (ignored by git through its own .gitignore),
written atomically; a corrupt or foreign cache file is ignored and rebuilt."""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from sre_docs import __version__
from sre_docs.config import Config
from sre_docs.handbook import DocRecord

_FORMAT = 1
_RACY_SECONDS = 2.0
"""A file modified this close to the cache write may change again within the same timestamp."""


@dataclass(slots=True)
class _Entry:
    mtime_ns: int
    size: int
    digest: bytes
    record: DocRecord


def _code_fingerprint() -> str:
    """Changes when sre-docs itself changes (an upgrade, or an edited checkout)."""
    package = Path(__file__).parent
    digest = hashlib.blake2b(__version__.encode(), digest_size=8)
    for path in sorted(package.rglob("*")):
        if path.suffix in (".py", ".json"):
            stat = path.stat()
            digest.update(f"{path.relative_to(package)}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    return digest.hexdigest()


class RecordCache:
    """Load once, look up per file, save once at the end of a run."""

    def __init__(self, path: Path, docs_dir: Path, entries: dict[str, _Entry], written_at: float):
        self.path = path
        self.docs_dir = docs_dir
        self.entries = entries
        self.written_at = written_at
        self.fresh: dict[str, _Entry] = {}
        self.changed = False

    @classmethod
    def open(cls, config: Config) -> RecordCache:
        folder = config.root / config.cache_dir
        key = hashlib.blake2b(
            f"{_FORMAT}:{_code_fingerprint()}:{config.document_fingerprint()}:{config.docs_dir}".encode(),
            digest_size=10,
        ).hexdigest()
        path = folder / f"records-{key}.pickle"
        entries: dict[str, _Entry] = {}
        written_at = 0.0
        try:
            with path.open("rb") as handle:
                payload = pickle.load(handle)
            if isinstance(payload, dict) and payload.get("format") == _FORMAT:
                entries = payload["entries"]
                written_at = float(payload["written_at"])
        except FileNotFoundError:
            pass
        except Exception:
            entries = {}
        return cls(path, config.docs_dir, entries, written_at)

    def records(
        self, rels: Sequence[str], build: Callable[[Sequence[str]], list[DocRecord]]
    ) -> list[DocRecord]:
        """Records for `rels` in order: cached where the file is unchanged, built otherwise."""
        results: dict[str, DocRecord] = {}
        stale: list[str] = []
        pending: dict[str, tuple[int, int, bytes]] = {}
        racy_before = self.written_at - _RACY_SECONDS
        for rel in rels:
            path = self.docs_dir / rel
            try:
                stat = path.stat()
            except OSError:
                stale.append(rel)
                continue
            entry = self.entries.get(rel)
            if (
                entry is not None
                and entry.mtime_ns == stat.st_mtime_ns
                and entry.size == stat.st_size
                and stat.st_mtime_ns / 1e9 < racy_before
            ):
                results[rel] = entry.record
                self.fresh[rel] = entry
                continue
            try:
                digest = hashlib.blake2b(path.read_bytes(), digest_size=16).digest()
            except OSError:
                stale.append(rel)
                continue
            if entry is not None and entry.digest == digest:
                results[rel] = entry.record
                self.fresh[rel] = _Entry(stat.st_mtime_ns, stat.st_size, digest, entry.record)
                self.changed = self.changed or entry.mtime_ns != stat.st_mtime_ns
                continue
            stale.append(rel)
            pending[rel] = (stat.st_mtime_ns, stat.st_size, digest)
        if stale:
            self.changed = True
            for record in build(stale):
                results[record.rel] = record
                if record.rel in pending:
                    mtime_ns, size, digest = pending[record.rel]
                    self.fresh[record.rel] = _Entry(mtime_ns, size, digest, record)
        if set(self.entries) != set(self.fresh):
            self.changed = True
        return [results[rel] for rel in rels]

    def save(self) -> None:
        """Write atomically; concurrent runs each replace the file whole, never interleave."""
        if not self.changed:
            return
        folder = self.path.parent
        try:
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
            for old in folder.glob("records-*.pickle"):
                if old != self.path and time.time() - old.stat().st_mtime > 7 * 86400:
                    old.unlink(missing_ok=True)
            payload = {"format": _FORMAT, "written_at": time.time(), "entries": self.fresh}
            handle, temporary = tempfile.mkstemp(dir=folder, prefix=".records-", suffix=".tmp")
            try:
                with os.fdopen(handle, "wb") as stream:
                    pickle.dump(payload, stream, protocol=pickle.HIGHEST_PROTOCOL)
                os.replace(temporary, self.path)
            except BaseException:
                Path(temporary).unlink(missing_ok=True)
                raise
        except OSError:
            pass  # a read-only checkout still lints; it just is not cached
