"""Safe writes: every file sre-docs writes appears whole or not at all.

A temporary file in the same folder is renamed over the target (or linked, to never overwrite)."""

from __future__ import annotations

import errno
import os
import stat
import tempfile
import time
from pathlib import Path

from sre_docs.errors import UserError


def write_atomic(
    path: Path,
    content: str | bytes,
    *,
    exclusive: bool = False,
    durable: bool = True,
    mode: int | None = None,
    named_output: bool = False,
) -> None:
    """Write `content` (text as UTF-8) to `path` atomically; with `exclusive`, fail if `path`
    already exists.

    The exclusive form uses a hard link, which is atomic and refuses an existing name, so two
    concurrent writers cannot both win. `durable=False` skips the flush to disk, for caches:
    after a crash they may be lost, never half-written. `mode` sets the permission bits (a
    file rewritten in place keeps its own).

    `named_output`: the user named `path` on the command line (`-o FILE`). Such a name that
    leads to a character device or a pipe (`-o /dev/stdout`, `/dev/null`, a FIFO) is written
    into, as a shell redirection would: renaming over it would put a regular file in the
    device's place; a block device is refused. Every other path (the pages, rule files and
    records sre-docs writes into a tree, where a symbolic link may come from the repository)
    is never written through: the rename replaces a link, and what it points at is left
    alone."""
    if named_output and not exclusive and _write_stream(path, content):
        return
    try:
        _write_renamed(path, content, exclusive=exclusive, durable=durable, mode=mode)
    except OSError as error:
        raise UserError(f"{path}: cannot write: {_reason(path, error)}") from None


def _reason(path: Path, error: OSError) -> str:
    """What stopped a write, in the words of the system (`Is a directory`), and where when
    that is not `path` itself (a file where its folder should be)."""
    reason = error.strerror or str(error)
    if isinstance(error, (FileExistsError, NotADirectoryError)) and error.filename2 is None:
        where = os.fsdecode(error.filename) if error.filename is not None else ""
        if where and where != os.fspath(path):
            return f"{where} is not a folder"
    return reason


def _write_renamed(
    path: Path, content: str | bytes, *, exclusive: bool, durable: bool, mode: int | None
) -> None:
    """The temporary file in `path`'s folder, then renamed (or linked) to `path`."""
    folder = path.parent
    folder.mkdir(parents=True, exist_ok=True)
    if mode is None:
        mode = _mode_for(path)
    # The file's own name, cut short: the temporary one may not be longer than a name may be.
    prefix = f".{path.name[:32]}."
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=prefix, suffix=".tmp")
    data = content.encode("utf-8") if isinstance(content, str) else content
    try:
        # mkstemp makes the file 0600; give it the mode any editor would: the replaced file's,
        # else what the umask allows.
        os.fchmod(handle, mode)
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            if durable:
                stream.flush()
                os.fsync(stream.fileno())
        if exclusive:
            try:
                os.link(temporary, path)
            except FileExistsError:
                raise UserError(f"{path}: already exists; not overwritten") from None
            finally:
                os.unlink(temporary)
        else:
            os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise


def _write_stream(path: Path, content: str | bytes) -> bool:
    """Write into `path` when it is (or a symbolic link leads to) a character device or a
    pipe; False, having written nothing, for anything else."""
    try:
        kind = os.stat(path).st_mode
    except OSError:
        return False
    if stat.S_ISBLK(kind):
        raise UserError(f"{path}: a block device; not written")
    if not (stat.S_ISCHR(kind) or stat.S_ISFIFO(kind)):
        return False
    data = content.encode("utf-8") if isinstance(content, str) else content
    handle = _open_for_writing(path)
    try:
        os.set_blocking(handle, True)
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
    except OSError as error:
        raise UserError(f"{path}: cannot write: {error.strerror or error}") from None
    return True


def _open_for_writing(path: Path, patience: float = 2.0) -> int:
    """A descriptor open for writing on the device or pipe `path`. Opened without blocking: a
    pipe nobody opens for reading within `patience` seconds is an error (ENXIO), not a hang."""
    deadline = time.monotonic() + patience
    while True:
        try:
            return os.open(path, os.O_WRONLY | getattr(os, "O_NONBLOCK", 0))
        except OSError as error:
            if error.errno == errno.ENXIO and time.monotonic() < deadline:
                time.sleep(0.02)
                continue
            reason = "nothing reads it" if error.errno == errno.ENXIO else error.strerror
            raise UserError(f"{path}: cannot write: {reason or error}") from None


def _mode_for(path: Path) -> int:
    """The permission bits of the file `path` names, else 0666 less the umask."""
    try:
        return os.stat(path).st_mode & 0o7777
    except OSError:
        pass
    return 0o666 & ~_umask()


def _umask() -> int:
    """The process umask: from /proc where there is one (reading it through `os.umask` means
    setting it, which another thread could observe), else set and put straight back."""
    try:
        with open("/proc/self/status", encoding="ascii", errors="replace") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
