"""The results cache: every document's record, keyed by its content, in the user's cache folder.

Like pre-commit's store, it lives outside the repository (`$XDG_CACHE_HOME/sre-docs`, else
`~/.cache/sre-docs`, or the `cache_dir` option), so nothing committed, restored or edited in
the tree is ever read as a cache. It holds data only: one SQLite database per project and
configuration, a row per document with its stat, the BLAKE2b digest of its bytes, its record
as JSON and the view of it that handbook rules read (`handbook.view`). Nothing is unpickled,
unmarshalled or executed. A row is used only when the file's bytes are the ones it was made
from: by the digest, or by a stat (mtime, ctime, inode, size, as git compares them) taken
well after the file was last changed. Writes are transactions; the folder is refused unless
it is a folder of its own, and only files the cache names itself are ever deleted there.

Beside the records it keeps stored answers: the findings of one `sre-docs lint` command line,
with everything they were made from (see `AnswerStore`), so that the same command on the same
files gives them without parsing the configuration or loading a single record."""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import stat
import sys
import time
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from sre_docs import __version__
from sre_docs.errors import UserError

if TYPE_CHECKING:
    # The stored answer is read before the configuration, the rules or a record is loaded:
    # this module imports none of them when it runs.
    from sre_docs.config import Config
    from sre_docs.handbook import DocRecord

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
_ANSWERS_PREFIX = "answers-"
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
        try:
            return config.root / Path(config.cache_dir).expanduser()
        except RuntimeError:  # `~` with no home folder to stand for
            raise UserError(
                f"cache_dir {config.cache_dir}: no home folder for ~ to stand for"
            ) from None
    return user_cache_folder()


def user_cache_folder() -> Path:
    """`$XDG_CACHE_HOME/sre-docs`, else `~/.cache/sre-docs`: the folder without `cache_dir`;
    a `UserError` for a user without a home folder (no HOME and no password entry, as in a
    container started with an arbitrary user id)."""
    base = os.environ.get("XDG_CACHE_HOME", "")
    if os.path.isabs(base):
        return Path(base) / "sre-docs"
    try:
        home = Path.home()
    except RuntimeError:
        raise UserError("no home folder to keep it in; set XDG_CACHE_HOME") from None
    return home / ".cache" / "sre-docs"


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
    real = _placed_apart(folder, config.root, config.docs_dir)
    shown = f"cache folder {folder}"
    try:
        real.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not _is_mine(os.lstat(real)):
            raise UserError(
                f"{shown} is owned by another user or writable by anyone; it is not the cache's"
            )
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


def _placed_apart(folder: Path, project: Path | str, docs_dir: Path | str) -> Path:
    """`folder`, resolved, when it is neither a symbolic link nor the project, the docs root,
    the repository, a folder around one of them or a folder inside the repository or the
    docs root; else a `UserError` saying which."""
    shown = f"cache folder {folder}"
    if os.path.islink(folder):
        raise UserError(f"{shown} is a symbolic link; the cache does not write through one")
    real = Path(os.path.realpath(folder))
    root = Path(os.path.realpath(project))
    docs = Path(os.path.realpath(docs_dir))
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
    home = _home_folder()
    if home is not None and _within(home, real):
        # Refused by name, not only because it holds other files: a new machine's home
        # folder may still be empty.
        raise UserError(f"{shown} is or holds the home folder ({home}); set a folder of its own")
    return real


def _home_folder() -> Path | None:
    try:
        return Path(os.path.realpath(Path.home()))
    except RuntimeError:  # no home folder: nothing to protect
        return None


_NOTED: set[str] = set()


def default_folder_refused(error: UserError) -> None:
    """The user's cache folder (no `cache_dir`) is not one of its own: the run goes on without
    a cache, with the same results, and says why once on stderr."""
    import sys

    if str(error) not in _NOTED:
        _NOTED.add(str(error))
        print(f"sre-docs: results cache not used: {error}", file=sys.stderr)


def _is_mine(info: os.stat_result) -> bool:
    """Whether a file or folder of the cache is the running user's own: made by them, and
    (a folder) not writable by every user. Anyone else who can write the cache could forge
    any record or answer in it."""
    geteuid = getattr(os, "geteuid", None)
    if geteuid is None:
        return True  # no user ids (Windows): the folder's access rules decide
    return info.st_uid == geteuid() and not (
        stat.S_ISDIR(info.st_mode) and info.st_mode & stat.S_IWOTH
    )


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
    """Changes when sre-docs itself changes (an upgrade, or an edited checkout), or the Python
    that runs it and the libraries it imports."""
    package = os.path.dirname(__file__)
    entries = []
    for folder, folders, names in os.walk(package):
        folders[:] = [name for name in folders if name != "__pycache__"]
        for name in names:
            if name.endswith((".py", ".json")):
                path = os.path.join(folder, name)
                info = os.stat(path)
                entries.append(
                    f"{os.path.relpath(path, package)}:{info.st_size}:{info.st_mtime_ns}"
                    f":{info.st_ctime_ns}:{info.st_ino}"
                )
    # An install or upgrade of a library adds and removes entries of its site-packages.
    import site

    places = list(site.getsitepackages())
    if site.ENABLE_USER_SITE:
        places.append(site.getusersitepackages())
    for place in places:
        try:
            info = os.stat(place)
        except OSError:
            continue
        entries.append(f"path {place}:{info.st_mtime_ns}:{info.st_ctime_ns}:{info.st_ino}")
    # Where imports are looked up, in order: a library found first somewhere else (PYTHONPATH,
    # a `.pth` file of an editable install) is other code.
    entries.extend(f"import {index}:{place}" for index, place in enumerate(sys.path))
    hasher = hashlib.blake2b(f"{__version__}\0{sys.version}".encode(), digest_size=8)
    for entry in sorted(entries):
        hasher.update(entry.encode("utf-8", "surrogateescape"))
    return hasher.hexdigest()


def cache_key(config: Config, reads: Iterable[str] = ()) -> str:
    """The database a run uses: the cache format, sre-docs' code, every setting (document
    rules read the configuration; the date is no part of it, since they may not read it) and
    the fields of the stored views (`reads`)."""
    settings = []
    for name, value in (
        config._replace(today=None, cache=True, cache_dir="", docs_dir_written="")._asdict().items()
    ):
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
            try:
                info = os.lstat(self.path)
            except FileNotFoundError:
                info = None
            except OSError:
                return None
            if info is not None and (stat.S_ISLNK(info.st_mode) or not _is_mine(info)):
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
        from sre_docs.handbook import decode_record

        column = "record" if full else "view"
        loaded: dict[str, DocRecord] = {}
        try:
            rows = db.execute(f"SELECT rel, {column} FROM files")
            for rel, text in rows:
                if rel in wanted:
                    try:
                        loaded[rel] = decode_record(text)
                    except (ValueError, TypeError, KeyError, IndexError, RecursionError):
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
    return name.startswith((_PREFIX, _ANSWERS_PREFIX)) and name.endswith(_SUFFIXES)


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


# Stored answers ------------------------------------------------------------------------------
#
# An answer is what one `sre-docs lint` command line printed the findings from. It is found by
# a key of everything that decides them: the cache format, sre-docs' code and the Python and
# libraries running it, the working folder, the configuration file's place and bytes, the
# options that choose files and rules, and the date. It holds what they were made from, and
# is used only when every part still is what it was:
#
# - the docs root: the path the configuration names still leads to the same folder;
# - every folder walked: its stat (trusted only when taken well after its last change), else
#   a digest of its listing (kind and name of every entry), so that a file or folder added,
#   removed or renamed anywhere in the tree is seen;
# - every document: its stat, trusted by the rule the records use, else its content digest.
#
# Answers are made only for trees that hold nothing else a result could depend on (see
# `linter.answer_inputs`). The database lives in the user's cache folder, holds JSON, and each
# row carries a digest of itself; a row that does not check out is not used.

ANSWERS_NAME = f"{_ANSWERS_PREFIX}{FORMAT}{_SUFFIXES[0]}"
ANSWERS_KEPT = 64
"""Answers of other command lines or other trees are dropped past this many."""
ANSWER_READ_TIMEOUT = 0.2
"""Seconds a lookup waits for another run's write before the run goes the normal way."""
_ANSWERS_SCHEMA = """
CREATE TABLE IF NOT EXISTS answers (
    key TEXT PRIMARY KEY, slot TEXT NOT NULL, stored INTEGER NOT NULL,
    tree TEXT NOT NULL, body TEXT NOT NULL, check_digest TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS trees (digest TEXT PRIMARY KEY, inputs TEXT NOT NULL);
"""

Checked = tuple[str, "int | None", "int | None", "int | None", "int | None", str]
"""(name, mtime_ns, ctime_ns, inode, size, digest as hex) of a document: the stat when it was
trusted, else four None."""
Listed = tuple[str, "int | None", "int | None", "int | None", "int | None", str, list[Checked]]
"""(rel, the folder's stat as in `Checked`, its listing's digest as hex, its documents)."""


class Inputs(NamedTuple):
    """What a lint result was made from (see the comment above)."""

    docs_dir: str
    """The docs root, resolved."""
    docs_written: str
    """The docs root as the configuration names it: it must still resolve to `docs_dir`."""
    folders: list[Listed]
    """Every folder walked (`""`: the docs root), with its listing's digest and, by name,
    the digest of the bytes each of its documents' records was made from."""


def trusted(info: Stat | None, walked_ns: int) -> Stat | tuple[None, None, None, None]:
    """`info` when it was taken well after the change it shows (`RACY_NANOSECONDS`), else
    four None."""
    if info is None or walked_ns - max(info[0], info[1]) <= RACY_NANOSECONDS:
        return (None, None, None, None)
    return info


class AnswerRequest(NamedTuple):
    """The key of one command line's answer, and where answers are kept."""

    key: str
    slot: str
    """The same for the same command line in the same place on any day and any content: a
    newer answer replaces the older one."""
    root: str
    """The project folder, resolved: the configuration file's folder, else the working one."""
    folder: Path
    config_file: Path | None
    config_stat: Stat | None
    """The configuration file's stat before its bytes were read, when trusted."""

    def config_unchanged(self) -> bool:
        """Whether the configuration file is still the one the key was made from (a normal
        run reads it again: an edit in between must not be stored under the old key)."""
        if self.config_file is None:
            return True
        try:
            info = os.stat(self.config_file)
        except OSError:
            return False
        now = (info.st_mtime_ns, info.st_ctime_ns, info.st_ino, info.st_size)
        return self.config_stat is not None and now == self.config_stat


def answer_request(
    cwd: str, config_file: Path | None, options: Sequence[object], clock: str
) -> AnswerRequest | None:
    """The request of a command line run in `cwd` with `config_file` (None: none found; the
    defaults apply) and the result-deciding `options` (plain values), on the UTC date `clock`;
    None when the configuration cannot be read (the normal run reports why)."""
    config_stat = None
    if config_file is None:
        raw, root = b"", os.path.realpath(cwd)
    else:
        try:
            # Never blocks: a FIFO named as the configuration is left to the normal run.
            descriptor = os.open(config_file, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
            with os.fdopen(descriptor, "rb") as handle:
                info = os.fstat(descriptor)
                if not stat.S_ISREG(info.st_mode):
                    return None
                raw = handle.read()
        except OSError:
            return None
        config_stat = trusted(
            (info.st_mtime_ns, info.st_ctime_ns, info.st_ino, info.st_size), time.time_ns()
        )
        root = os.path.realpath(os.path.dirname(config_file))
    place = [cwd, str(config_file or ""), root, *map(repr, options)]
    slot = _digest_text("\0".join(place))
    date = [os.environ.get("SOURCE_DATE_EPOCH", ""), clock]
    key = _digest_text(
        "\0".join([str(FORMAT), _code_fingerprint(), slot, hashlib.blake2b(raw).hexdigest()])
        + "\0"
        + "\0".join(date)
    )
    try:
        folder = user_cache_folder()
    except UserError:
        return None  # the normal run says why it goes without the cache
    return AnswerRequest(key, slot, root, folder, config_file, config_stat)


def _digest_text(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8", "surrogateescape"), digest_size=16).hexdigest()


def _check_digest(key: str, tree: str, body: str) -> str:
    return _digest_text(f"{key}\0{tree}\0{body}")


class AnswerStore:
    """The answers database in the user's cache folder."""

    def __init__(self, request: AnswerRequest) -> None:
        self.request = request
        self.path = request.folder / ANSWERS_NAME

    def lookup(self) -> dict[str, Any] | None:
        """The stored answer's body (JSON data) when every input it was made from is still
        the same; None otherwise (no answer, a damaged or edited one, a changed input)."""
        request = self.request
        try:
            # A folder that is not the cache's own (a link, inside a repository, holding the
            # project) is never read; nor is a database that is not a plain file.
            folder = _placed_apart(request.folder, request.root, request.root)
            tag = folder / TAG_NAME
            if os.path.islink(tag) or not _is_our_tag(tag):
                return None
            if not _is_mine(os.lstat(folder)):
                return None
            info = os.lstat(self.path)
            if not stat.S_ISREG(info.st_mode) or not _is_mine(info):
                return None
        except (UserError, OSError):
            return None
        try:
            uri = f"{Path(self.path).as_uri()}?mode=ro"
            with _closing(sqlite3.connect(uri, uri=True, timeout=ANSWER_READ_TIMEOUT)) as db:
                row = db.execute(
                    "SELECT a.tree, a.body, a.check_digest, t.inputs FROM answers AS a "
                    "JOIN trees AS t ON t.digest = a.tree WHERE a.key = ?",
                    (request.key,),
                ).fetchone()
        except sqlite3.Error:
            return None
        if row is None:
            return None
        tree, body, check, inputs_text = row
        if not all(isinstance(value, str) for value in row):
            return None
        if check != _check_digest(request.key, tree, body) or tree != _digest_text(inputs_text):
            return None
        try:
            docs_dir, docs_written, folders = json.loads(inputs_text)
            answer = json.loads(body)
        except (ValueError, TypeError, RecursionError):  # nested past the decoder's limit
            return None
        if not isinstance(docs_dir, str) or not isinstance(answer, dict):
            return None
        inputs = Inputs(docs_dir, docs_written, folders)
        try:
            # The docs root may not hold the cache folder either.
            _placed_apart(folder, request.root, inputs.docs_dir)
        except UserError:
            return None
        return answer if unchanged(inputs) else None

    def store(self, inputs: Inputs, body: Mapping[str, Any]) -> None:
        """Keep `body` as the answer to the request, made from `inputs`; a folder or database
        that cannot be written is left as it was."""
        request = self.request
        inputs_text = json.dumps(
            [inputs.docs_dir, inputs.docs_written, inputs.folders], separators=(",", ":")
        )
        body_text = json.dumps(body, separators=(",", ":"), sort_keys=True)
        tree = _digest_text(inputs_text)
        check = _check_digest(request.key, tree, body_text)
        try:
            folder = _placed_apart(request.folder, request.root, inputs.docs_dir)
            tag = folder / TAG_NAME
            if not folder.is_dir() or os.path.islink(tag) or not _is_our_tag(tag):
                return  # the record cache makes the folder and its tag; answers never do
            if not _is_mine(os.lstat(folder)):
                return
            if os.path.lexists(self.path):
                info = os.lstat(self.path)
                if not stat.S_ISREG(info.st_mode) or not _is_mine(info):
                    return
            with _closing(sqlite3.connect(self.path, timeout=LOCK_TIMEOUT)) as db:
                db.executescript(_ANSWERS_SCHEMA)
                with db:
                    db.execute(
                        "DELETE FROM answers WHERE slot = ? OR key = ?", (request.slot, request.key)
                    )
                    db.execute("INSERT OR IGNORE INTO trees VALUES (?, ?)", (tree, inputs_text))
                    db.execute(
                        "INSERT INTO answers VALUES (?, ?, ?, ?, ?, ?)",
                        (request.key, request.slot, time.time_ns(), tree, body_text, check),
                    )
                    db.execute(
                        "DELETE FROM answers WHERE key NOT IN "
                        "(SELECT key FROM answers ORDER BY stored DESC LIMIT ?)",
                        (ANSWERS_KEPT,),
                    )
                    db.execute("DELETE FROM trees WHERE digest NOT IN (SELECT tree FROM answers)")
        except (UserError, OSError, sqlite3.Error):
            pass  # not kept this time; the next run goes the normal way


class _closing:
    """`contextlib.closing` for a connection (without importing contextlib on the fast path)."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self.connection = connection

    def __enter__(self) -> sqlite3.Connection:
        return self.connection

    def __exit__(self, *exc: object) -> None:
        self.connection.close()


def unchanged(inputs: Inputs) -> bool:
    """Whether every input is what it was when the answer was made (see the comment above).

    Values of another type than stored (an answer edited by hand) compare unequal or raise,
    and either way the answer is not used."""
    try:
        return _unchanged(inputs)
    except (OSError, TypeError, ValueError):
        return False


_FOLDER_FLAGS = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_NOFOLLOW", 0)


def _unchanged(inputs: Inputs) -> bool:
    from sre_docs.tree import list_folder

    docs = inputs.docs_dir
    if not os.path.isabs(docs) or os.path.realpath(inputs.docs_written) != docs:
        return False
    for rel, mtime, ctime, inode, size, listing, documents in inputs.folders:
        # Opened without following a link (the listing of its parent says it is a folder),
        # and its documents looked up from it by name.
        descriptor = os.open(os.path.join(docs, rel) if rel else docs, _FOLDER_FLAGS)
        try:
            info = os.fstat(descriptor)
            if mtime is None or (
                info.st_mtime_ns != mtime
                or info.st_ctime_ns != ctime
                or info.st_ino != inode
                or info.st_size != size
            ):
                if list_folder(descriptor).hex() != listing:
                    return False
            for name, mtime, ctime, inode, size, digest in documents:
                info = os.stat(name, dir_fd=descriptor, follow_symlinks=False)
                if mtime is None or (
                    info.st_mtime_ns != mtime
                    or info.st_ctime_ns != ctime
                    or info.st_ino != inode
                    or info.st_size != size
                ):
                    if not stat.S_ISREG(info.st_mode):
                        return False
                    if _file_digest(name, descriptor) != digest:
                        return False
        finally:
            os.close(descriptor)
    return True


DIGEST_LIMIT = 16 * 1024 * 1024
"""Bytes past which a file cannot be the document a stored answer was made from: the loader
reads at most `loader.MAX_FILE_BYTES` (10 MiB) and gives a larger file no digest, and so no
answer. A file grown past it is not read, let alone whole into memory."""
_CHUNK = 1024 * 1024


def _file_digest(name: str, folder: int) -> str | None:
    """`handbook.content_digest` of the regular file `name` in the open `folder`, read in
    chunks; None when it is larger than `DIGEST_LIMIT` or not a regular file when opened
    (never waiting on a FIFO put in its place, never following a symbolic link)."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    descriptor = os.open(name, flags, dir_fd=folder)
    with os.fdopen(descriptor, "rb") as handle:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode) or info.st_size > DIGEST_LIMIT:
            return None
        hasher = hashlib.blake2b(digest_size=16)  # as `handbook.content_digest`
        read = 0
        while chunk := handle.read(_CHUNK):
            read += len(chunk)
            if read > DIGEST_LIMIT:
                return None  # grew while read
            hasher.update(chunk)
    return hasher.hexdigest()
