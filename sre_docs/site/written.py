"""The generated pages written into the docs folder, with their navigation files.

`sre-docs build-pages` (and `sre-docs site` for Zensical) renders the pages as the plugin does
and hands them to `sre_docs.generated`, which marks them and never writes over another file."""

from __future__ import annotations

import sys
from typing import Any

from sre_docs.config import Config


def write_pages_into_docs(config: Config, data: dict[str, Any], *, quiet: bool = False) -> int:
    """The generated pages and navigation files, written into the docs folder and marked."""
    from sre_docs.generated import navigation_files, write_into_docs
    from sre_docs.site.pages import render_pages

    pages = render_pages(data, config)
    files = {**pages, **navigation_files(config, pages, _section_titles(config))}
    report = write_into_docs(config, files)
    kept = [(rel, what) for rel, what in report if what.startswith("kept")]
    for rel, what in kept:
        print(f"sre-docs: {rel}: {what}", file=sys.stderr)
    if not quiet:
        written = sum(1 for _, what in report if what == "written")
        print(
            f"{len(pages)} pages in {config.docs_dir / config.index_folder} "
            f"({written} files written, {len(kept)} kept)"
        )
    return 0


def _section_titles(config: Config) -> dict[str, str]:
    """Top-level folder → the title of its `index.md`, for the navigation."""
    from sre_docs.loader import load_file

    titles: dict[str, str] = {}
    try:
        folders = sorted(entry for entry in config.docs_dir.iterdir() if entry.is_dir())
    except OSError:
        return titles
    for folder in folders:
        index = folder / "index.md"
        if folder.name.startswith(".") or folder.name == config.index_folder.split("/")[0]:
            continue
        if index.is_file() and not index.is_symlink():
            rel = f"{folder.name}/index.md"
            titles[folder.name] = load_file(rel, index, config.folder_type(rel)).title
    return titles
