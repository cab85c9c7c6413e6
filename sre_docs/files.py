"""Safe writes: every file sre-docs writes appears whole or not at all.

A temporary file in the same folder is renamed over the target (or linked, to never overwrite)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from sre_docs.errors import UserError


def write_atomic(
    path: Path,
    content: str | bytes,
    *,
    exclusive: bool = False,
    durable: bool = True,
    mode: int | None = None,
) -> None:
    """Write `content` (text as UTF-8) to `path` atomically; with `exclusive`, fail if `path`
    already exists.

    The exclusive form uses a hard link, which is atomic and refuses an existing name, so two
    concurrent writers cannot both win. `durable=False` skips the flush to disk, for caches:
    after a crash they may be lost, never half-written. `mode` sets the permission bits (a
    file rewritten in place keeps its own)."""
    folder = path.parent
    folder.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    data = content.encode("utf-8") if isinstance(content, str) else content
    try:
        with os.fdopen(handle, "wb") as stream:
            if mode is not None:
                os.fchmod(stream.fileno(), mode)
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
