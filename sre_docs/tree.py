"""The docs root as a lint run sees it: its files, their stats, and which of them were named.

Walking the tree is the one cost every run pays, so it takes each document's stat (what the
cache compares) from the directory entry while it is at hand, and, for the cache, each
folder's stat and a digest of its listing."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, NamedTuple

from sre_docs.errors import UserError

if TYPE_CHECKING:
    from sre_docs.config import Config

_SCAN_BY_DESCRIPTOR = os.scandir in os.supports_fd and hasattr(os, "O_DIRECTORY")
MARKDOWN_SUFFIXES = (".md", ".markdown")
SKIPPED_DIRECTORIES = frozenset({".git", ".hg", ".svn", "node_modules", "__pycache__", ".venv"})


class Tree(NamedTuple):
    """The docs root's files: markdown documents to parse, every file, every folder."""

    markdown: list[str]
    files: frozenset[str]
    folders: frozenset[str]
    outside: list[tuple[str, str]]  # (rel, reason) for links that leave the root
    stats: dict[str, tuple[int, int, int, int]]
    """Markdown rel → (mtime_ns, ctime_ns, inode, size), when asked for."""
    walked_ns: int = 0
    """When the walk began (`time.time_ns`): a stat is trusted only well after a change."""
    listings: Mapping[str, tuple[tuple[int, int, int, int], bytes]] = MappingProxyType({})
    """Folder rel (`""`: the docs root) → its stat, taken before it was listed, and the digest
    of what it lists (`listing_digest`), when stats were asked for."""
    symlinks: bool = False
    """A symbolic link was found (with stats): what it leads to is not in the listings."""

    def snapshot(self) -> bytes:
        """A digest, equal for two walks that found the same files and folders, the same
        links leaving the root, and every document with the same stat (held in memory, to
        tell whether the tree changed since an earlier walk)."""
        import hashlib

        state = (sorted(self.files), sorted(self.folders), sorted(self.stats.items()), self.outside)
        return hashlib.blake2b(
            repr(state).encode("utf-8", "surrogatepass"), digest_size=32
        ).digest()


def today_from_environment(
    config: Config, override: dt.date | None = None, *, clock: dt.date | None = None
) -> dt.date:
    """`--today`, else the configuration's `today`, else SOURCE_DATE_EPOCH, else UTC today
    (`clock`: the date the caller read from the clock, so that one run reads it once)."""
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
    return clock or dt.datetime.now(tz=dt.UTC).date()


def entry_kind(entry: os.DirEntry[Any]) -> str:
    """One letter for what a directory entry is, as the entry itself says (no stat)."""
    try:
        if entry.is_symlink():
            return "l"
        if entry.is_dir(follow_symlinks=False):
            return "d"
        if entry.is_file(follow_symlinks=False):
            return "f"
    except OSError:
        pass
    return "o"


def listing_digest(kinds_and_names: Iterable[str]) -> bytes:
    """The digest of a folder's listing: every entry's kind letter and name, in name order."""
    hasher = hashlib.blake2b(digest_size=16)
    for item in sorted(kinds_and_names):
        hasher.update(item.encode("utf-8", "surrogateescape") + b"\0")
    return hasher.digest()


def list_folder(path: str | int) -> bytes:
    """`listing_digest` of the folder at `path` (or open as that descriptor) now; OSError when
    it cannot be listed."""
    with os.scandir(path) as entries:
        return listing_digest(entry_kind(entry) + entry.name for entry in entries)


def walk(config: Config, *, stats: bool = False) -> Tree:
    """Every file below the docs root; symbolic links are listed, never followed out of it.

    With `stats`, also each markdown document's modification and change times, inode and
    size (what the cache compares, as git does)."""
    root = config.docs_dir
    if not root.is_dir():
        raise UserError(f"{root}: docs folder not found")
    markdown: list[str] = []
    listed: list[str] = []
    folders: set[str] = set()
    outside: list[tuple[str, str]] = []
    stat_of: dict[str, tuple[int, int, int, int]] = {}
    listings: dict[str, tuple[tuple[int, int, int, int], bytes]] = {}
    symlinks = False
    walked_ns = time.time_ns()
    excluded = config.is_excluded if config.exclude or config.exclude_templates else None
    is_markdown = config.is_markdown
    templates_prefix = config.templates_dir.strip("/") + "/"
    root_real = os.path.realpath(root)
    stack = [(str(root), "")]
    seen_dirs: set[tuple[int, int]] = set()

    def visit(directory: str, prefix: str) -> None:
        kinds: list[str] | None = [] if stats else None
        if _SCAN_BY_DESCRIPTOR:
            # Entries of a folder opened once are looked up by name from it, not by a full
            # path the system resolves again for each of ten thousand files.
            descriptor = os.open(directory, os.O_RDONLY | os.O_DIRECTORY)
            try:
                # The folder's stat before its listing: an entry added while it is read
                # changes the stat a later run compares.
                folder = os.fstat(descriptor) if stats else None
                with os.scandir(descriptor) as entries:
                    scan(entries, directory, prefix, kinds)
            finally:
                os.close(descriptor)
        else:
            folder = os.stat(directory) if stats else None
            with os.scandir(directory) as entries:
                scan(entries, directory, prefix, kinds)
        if folder is not None and kinds is not None:
            listings[prefix.rstrip("/")] = (
                (folder.st_mtime_ns, folder.st_ctime_ns, folder.st_ino, folder.st_size),
                listing_digest(kinds),
            )

    def scan(
        entries: Iterator[os.DirEntry[Any]],
        directory: str,
        prefix: str,
        kinds: list[str] | None,
    ) -> None:
        nonlocal symlinks
        # Entries are handled as they are read, not listed first: ten thousand DirEntry
        # objects alive at once cost more than their system calls.
        for entry in entries:
            name = entry.name
            rel = prefix + name
            if kinds is not None:
                kind = entry_kind(entry)
                kinds.append(kind + name)
                symlinks = symlinks or kind == "l"
            if not name.isascii() and not _decodable(name):
                # Bytes that are not UTF-8: no link can name the file, MkDocs cannot publish
                # it, and no report could show it as it is. It is reported, escaped, not read.
                what = "folder" if entry.is_dir(follow_symlinks=False) else "file"
                if what == "folder" or name.endswith(MARKDOWN_SUFFIXES):
                    outside.append(
                        (
                            escaped_name(rel),
                            f"{what} name is not valid UTF-8; rename it"
                            + ("; its files are not checked" if what == "folder" else ""),
                        )
                    )
                continue
            if not entry.is_file(follow_symlinks=False):
                # A folder, a symbolic link or a special file: the rare cases, checked in full.
                try:
                    is_link = entry.is_symlink()
                    is_dir = entry.is_dir()
                except OSError:
                    continue
                if is_link:
                    target = os.path.realpath(os.path.join(directory, name))
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
                    stack.append((os.path.join(directory, name), rel + "/"))
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
            listed.append(rel)
            if is_markdown(name) and name[0] != "." and (excluded is None or not excluded(rel)):
                markdown.append(rel)
                if stats:
                    try:
                        stat = entry.stat()
                    except OSError:
                        continue  # vanished or unreadable: the cache treats it as changed
                    stat_of[rel] = (stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino, stat.st_size)

    while stack:
        directory, prefix = stack.pop()
        try:
            visit(directory, prefix)
        except OSError as error:
            outside.append((prefix.rstrip("/") or ".", f"cannot list folder: {error.strerror}"))
    from sre_docs.generated import generated_files

    generated = generated_files(config)
    if generated:
        # Pages `sre-docs build-pages` wrote into the docs folder are output, not documents;
        # they stay files of the tree, so links to them resolve.
        markdown = [rel for rel in markdown if rel not in generated]
        for rel in generated:
            stat_of.pop(rel, None)
    markdown.sort()
    return Tree(
        markdown,
        frozenset(listed),
        frozenset(folders),
        outside,
        stat_of,
        walked_ns,
        listings,
        symlinks,
    )


def _decodable(name: str) -> bool:
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def escaped_name(rel: str) -> str:
    """A path whose bytes are not all UTF-8 (`os.fsdecode` made them lone surrogates), with
    each such byte written `\\xNN`: text that every report, cache and terminal can hold."""
    return (
        "".join(
            f"\\x{ord(char) - 0xDC00:02x}" if 0xDC80 <= ord(char) <= 0xDCFF else char
            for char in rel
        )
        .encode("utf-8", "backslashreplace")
        .decode("utf-8")
    )


def wanted_files(
    config: Config, tree: Tree, paths: Sequence[Path] | None, cwd: Path
) -> set[str] | None:
    """The docs-root-relative files that `paths` name (None: the whole handbook)."""
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
            wanted.add(rel if _decodable(rel) else escaped_name(rel))
    return wanted
