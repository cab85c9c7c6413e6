"""The results cache: every document's record, keyed by its content, in the user's cache folder.

Like pre-commit's store, it lives outside the repository (`$XDG_CACHE_HOME/sre-docs`, else
`~/.cache/sre-docs`, or the `cache_dir` option), so nothing committed, restored or edited in
the tree is ever read as a cache. It holds data only: one SQLite database per project and
configuration, a row per document with its stat, the BLAKE2b digest of its bytes, its record
as JSON and the view of it that handbook rules read (`handbook.view`). Nothing is unpickled,
unmarshalled or executed. A row is used only when the file's bytes are the ones it was made
from: by the digest, or by a stat (mtime, ctime, inode, size, as git compares them) taken
well after the file was last changed. Writes are transactions; the folder is refused unless
it is a folder of its own, and only files the cache names itself are ever deleted there."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import stat
import time
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import NamedTuple

from sre_docs import __version__
from sre_docs.config import Config
from sre_docs.errors import UserError
from sre_docs.handbook import DocRecord, decode_record

FORMAT = 2
RACY_NANOSECONDS = 2_000_000_000
"""A stat taken this soon after the file last changed is not trusted: an edit within the same
timestamp could hide behind it, so the file is hashed next time (git's racy-entry rule)."""
LOCK_TIMEOUT = 5.0
"""Seconds to wait for another run's write before going on without the cache."""
UNUSED_DAYS = 7
"""Databases of other versions or configurations unused this long are removed."""
TAG_NAME = "CACHEDIR.TAG"
TAG = (
    "Signature: 8a477f597d28d172789f06886806bc55\n"
    "# This file is a cache directory tag created by sre-docs.\n"
    "# For information about cache directory tags see https://bford.info/cachedir/\n"
)
_PREFIX = "lint-"
_SUFFIXES = (".sqlite", ".sqlite-journal")
_COLUMNS = ["rel", "mtime", "ctime", "inode", "size", "seen", "digest", "view", "record"]
_SCHEMA = """
CREATE TABLE IF NOT EXISTS files (
    rel TEXT PRIMARY KEY,
    mtime INTEGER, ctime INTEGER, inode INTEGER, size INTEGER, seen INTEGER,
    digest BLOB NOT NULL,
    view TEXT NOT NULL,
    record TEXT NOT NULL
);
"""

Stat = tuple[int, int, int, int]
"""(mtime_ns, ctime_ns, inode, size) of a file, as `tree.walk` takes it."""


def cache_folder(config: Config) -> Path:
    """Where the cache lives: `cache_dir` (relative to the project), else the user's cache
    folder. Reading the environment here is the one exception to "settings come from the
    configuration": where a user keeps caches is the user's, not the project's."""
    if config.cache_dir:
        return config.root / Path(config.cache_dir).expanduser()
    base = os.environ.get("XDG_CACHE_HOME", "")
    home = Path(base) if os.path.isabs(base) else Path.home() / ".cache"
    return home / "sre-docs"


def _repository_root(start: Path) -> Path:
    """The work tree that holds `start` (the nearest folder with `.git`), else `start`."""
    for folder in (start, *start.parents):
        if os.path.lexists(folder / ".git"):
            return folder
    return start


def _within(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def own_folder(config: Config) -> Path:
    """The cache folder, created if needed; a `UserError` when it is not a folder of its own:
    the project, the docs root, the repository or a folder around them, a folder inside the
    repository (anything there may have been committed), a symbolic link, or a folder with
    files of its own and no tag of ours."""
    folder = cache_folder(config)
    shown = f"cache folder {folder}"
    if os.path.islink(folder):
        raise UserError(f"{shown} is a symbolic link; the cache does not write through one")
    real = Path(os.path.realpath(folder))
    root = Path(os.path.realpath(config.root))
    docs = Path(os.path.realpath(config.docs_dir))
    repository = _repository_root(root)
    for place, name in ((docs, "docs root"), (root, "project"), (repository, "repository")):
        if _within(place, real):
            raise UserError(
                f"{shown} is or holds the {name} ({place}); set cache_dir to a folder of its own"
            )
    if _within(real, repository) or _within(real, docs):
        raise UserError(
            f"{shown} is inside the repository ({repository}): a cache there could be committed;"
            " leave cache_dir unset (the user's cache folder) or point it outside"
        )
    try:
        real.mkdir(mode=0o700, parents=True, exist_ok=True)
        tag = real / TAG_NAME
        if not os.path.lexists(tag):
            if any(os.scandir(real)):
                raise UserError(
                    f"{shown} holds other files and no {TAG_NAME}; it is not the cache's"
                )
            _write_tag(real)
        elif os.path.islink(tag) or not _is_our_tag(tag):
            raise UserError(f"{shown}: {TAG_NAME} is not sre-docs'; the folder is not the cache's")
    except OSError as error:
        raise UserError(f"{shown}: {error.strerror or error}") from None
    return real


_NOTED: set[str] = set()


def default_folder_refused(error: UserError) -> None:
    """The user's cache folder (no `cache_dir`) is not one of its own: the run goes on without
    a cache, with the same results, and says why once on stderr."""
    import sys

    if str(error) not in _NOTED:
        _NOTED.add(str(error))
        print(f"sre-docs: results cache not used: {error}", file=sys.stderr)


def _write_tag(folder: Path) -> None:
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW
    descriptor = os.open(folder / TAG_NAME, flags, 0o644)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(TAG)


def _is_our_tag(path: Path) -> bool:
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            return handle.read(len(TAG) + 1) == TAG
    except OSError:
        return False


def _code_fingerprint() -> str:
    """Changes when sre-docs itself changes (an upgrade, or an edited checkout)."""
    package = os.path.dirname(__file__)
    entries = []
    for folder, _, names in os.walk(package):
        for name in names:
            if name.endswith((".py", ".json")):
                path = os.path.join(folder, name)
                stat = os.stat(path)
                entries.append(
                    f"{os.path.relpath(path, package)}:{stat.st_size}:{stat.st_mtime_ns}"
                )
    hasher = hashlib.blake2b(__version__.encode(), digest_size=8)
    for entry in sorted(entries):
        hasher.update(entry.encode())
    return hasher.hexdigest()


def cache_key(config: Config, reads: Iterable[str] = ()) -> str:
    """The database a run uses: the cache format, sre-docs' code, every setting (document
    rules read the configuration; the date is no part of it, since they may not read it) and
    the fields of the stored views (`reads`)."""
    settings = []
    for name, value in config._replace(today=None, cache=True, cache_dir="")._asdict().items():
        if isinstance(value, Mapping):
            value = sorted(value.items())
        settings.append(f"{name}={value!r}")
    settings.append(f"reads={sorted(reads)!r}")
    text = f"{FORMAT}\0{_code_fingerprint()}\0" + "\0".join(settings)
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=12).hexdigest()


class Entry(NamedTuple):
    """What the cache knows of a file without decoding its record."""

    stat: Stat | None
    """The file's stat when it can be trusted (see `RACY_NANOSECONDS`), else None."""
    digest: bytes


class Row(NamedTuple):
    """A record to store: the file's stat when the run began (None: unknown), its digest,
    and the record and its view as JSON (`handbook.encode_record`)."""

    rel: str
    stat: Stat | None
    digest: bytes
    view: str
    record: str


class RecordCache:
    """One SQLite database: read the entries and records, write a run's changes at once."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.connection: sqlite3.Connection | None = None

    @classmethod
    def open(cls, config: Config, reads: Iterable[str] = ()) -> RecordCache:
        """The cache of this project, configuration and views (`reads`: the fields of the
        views it stores); UserError when the folder is refused."""
        key = cache_key(config, reads)
        return cls(own_folder(config) / f"{_PREFIX}{key}{_SUFFIXES[0]}")

    def _connect(self) -> sqlite3.Connection | None:
        if self.connection is not None:
            return self.connection
        for attempt in (1, 2):
            if os.path.islink(self.path):
                return None  # not a file the cache made
            connection = None
            try:
                connection = sqlite3.connect(self.path, timeout=LOCK_TIMEOUT)
                connection.executescript(_SCHEMA)
                columns = [row[1] for row in connection.execute("PRAGMA table_info(files)")]
                if columns != _COLUMNS:
                    raise sqlite3.DatabaseError("not a database of this format")
                self.connection = connection
                return connection
            except sqlite3.DatabaseError:
                if connection is not None:
                    connection.close()
                if attempt == 2 or not _remove_own(self.path):
                    return None  # a damaged database of ours is removed and made again
            except OSError:
                return None
        return None

    def count(self) -> int:
        """How many files the cache holds."""
        db = self._connect()
        try:
            return db.execute("SELECT count(*) FROM files").fetchone()[0] if db else 0
        except sqlite3.DatabaseError:
            self.close()
            return 0

    def entries(self) -> dict[str, Entry]:
        """Every stored file's digest, and its stat when that can be trusted."""
        db = self._connect()
        if db is None:
            return {}
        try:
            rows = db.execute("SELECT rel, mtime, ctime, inode, size, seen, digest FROM files")
            entries: dict[str, Entry] = {}
            for rel, mtime, ctime, inode, size, seen, stored in rows:
                trusted = (
                    seen is not None
                    and mtime is not None
                    and ctime is not None
                    and seen - max(mtime, ctime) > RACY_NANOSECONDS
                )
                stat = (mtime, ctime, inode, size) if trusted else None
                entries[rel] = Entry(stat, bytes(stored))
            return entries
        except sqlite3.DatabaseError:
            self.close()
            return {}

    def load(self, rels: Iterable[str], *, full: bool) -> dict[str, DocRecord]:
        """The stored records of `rels` (`full`), else their views; an unreadable row is left
        out, and so built again."""
        db = self._connect()
        wanted = set(rels)
        if db is None or not wanted:
            return {}
        column = "record" if full else "view"
        loaded: dict[str, DocRecord] = {}
        try:
            rows = db.execute(f"SELECT rel, {column} FROM files")
            for rel, text in rows:
                if rel in wanted:
                    try:
                        loaded[rel] = decode_record(text)
                    except (ValueError, TypeError, KeyError, IndexError):
                        continue
        except sqlite3.DatabaseError:
            self.close()
            return {}
        return loaded

    def save(
        self, rows: Sequence[Row], seen: Mapping[str, Stat], present: Iterable[str], now_ns: int
    ) -> None:
        """In one transaction: store `rows`, record the stat of files found unchanged by their
        digest (`seen`), and drop the files not `present` any more. A cache that cannot be
        written (read-only, locked too long) is left as it was."""
        db = self._connect()
        if db is None:
            return
        try:
            encoded = [
                (
                    row.rel,
                    *(row.stat or (None, None, None, None)),
                    now_ns if row.stat else None,
                    row.digest,
                    row.view,
                    row.record,
                )
                for row in rows
            ]
            present = set(present)
            with db:
                stored = [rel for (rel,) in db.execute("SELECT rel FROM files")]
                gone = [(rel,) for rel in stored if rel not in present]
                db.executemany("DELETE FROM files WHERE rel = ?", gone)
                db.executemany(
                    "UPDATE files SET mtime = ?, ctime = ?, inode = ?, size = ?, seen = ? "
                    "WHERE rel = ?",
                    [(*stat, now_ns, rel) for rel, stat in seen.items()],
                )
                db.executemany(
                    "INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", encoded
                )
            if encoded or gone:
                _remove_unused(self.path.parent, keep=self.path.name)
        except (sqlite3.DatabaseError, OSError):
            pass  # not cached this time; the results are the same

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()
            self.connection = None


def _is_own_name(name: str) -> bool:
    return name.startswith(_PREFIX) and name.endswith(_SUFFIXES)


def _remove_own(path: Path) -> bool:
    """Remove a file the cache made (by its name, never through a symbolic link)."""
    if not _is_own_name(path.name):
        return False
    try:
        descriptor = os.open(path.parent, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
    except OSError:
        return False
    try:
        if not stat.S_ISREG(os.lstat(path.name, dir_fd=descriptor).st_mode):
            return False
        os.unlink(path.name, dir_fd=descriptor)
        return True
    except OSError:
        return False
    finally:
        os.close(descriptor)


def _remove_unused(folder: Path, keep: str) -> None:
    """Databases of other versions or configurations not used for `UNUSED_DAYS`."""
    limit = time.time() - UNUSED_DAYS * 86400
    try:
        descriptor = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
    except OSError:
        return
    try:
        for entry in os.scandir(descriptor):
            name = entry.name
            if not _is_own_name(name) or name.startswith(keep):
                continue
            try:
                info = os.lstat(name, dir_fd=descriptor)
                if stat.S_ISREG(info.st_mode) and info.st_mtime < limit:
                    os.unlink(name, dir_fd=descriptor)
            except OSError:
                continue
    finally:
        os.close(descriptor)
