"""Safe writes: every file sre-docs writes appears whole or not at all.

A temporary file in the same folder is renamed over the target (or linked, to never overwrite)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from sre_docs.errors import UserError


def write_atomic(path: Path, text: str, *, exclusive: bool = False) -> None:
    """Write `text` to `path` atomically; with `exclusive`, fail if `path` already exists.

    The exclusive form uses a hard link, which is atomic and refuses an existing name, so two
    concurrent writers cannot both win."""
    folder = path.parent
    folder.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
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
