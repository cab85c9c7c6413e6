"""Finding the configuration: the nearest `mkdocs.yml`, else `zensical.toml`, looking upward.

Like ruff, yamllint and markdownlint-cli2, a run from any folder of the handbook finds the
same configuration: the current folder first, then each parent, up to the repository root."""

from __future__ import annotations

import os
from pathlib import Path

CONFIG_FILE_NAMES = ("mkdocs.yml", "mkdocs.yaml", "zensical.toml")
"""In one folder, the first of these wins (`mkdocs build` reads `mkdocs.yml` before `.yaml`)."""
MKDOCS_FILE_NAMES = tuple(name for name in CONFIG_FILE_NAMES if not name.endswith(".toml"))
ZENSICAL_FILE_NAME = "zensical.toml"
# A folder holding one of these is the top of a repository: the search stops there.
REPOSITORY_MARKERS = (".git", ".hg", ".svn")


def find_config_file(start: Path) -> Path | None:
    """The configuration a run from `start` uses: in `start`, then in each parent folder up to
    the repository root (the first folder with `.git`, `.hg` or `.svn`; the file system root
    outside a repository), the first `mkdocs.yml` or `mkdocs.yaml`, else `zensical.toml`."""
    folder = Path(os.path.abspath(start))
    while True:
        for name in CONFIG_FILE_NAMES:  # mkdocs.yml first, as in one folder
            candidate = folder / name
            if candidate.is_file():
                return candidate
        if any((folder / marker).exists() for marker in REPOSITORY_MARKERS):
            return None
        if folder.parent == folder:
            return None
        folder = folder.parent


def shown_path(config_file: Path, cwd: Path) -> str:
    """The configuration file as errors name it: relative to the current folder when near."""
    if config_file.parent == cwd:
        return config_file.name
    relative = os.path.relpath(config_file, cwd)
    return relative if not relative.startswith(("../../../", "..\\..\\..\\")) else str(config_file)
