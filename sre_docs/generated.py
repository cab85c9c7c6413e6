"""Generated pages written into the docs folder: the marker that lists them, and its checks.

`sre-docs build-pages` records every file it writes, with a digest of its content, in a marker
file in the index folder; lint, export and the site skip exactly those files while their
content is what was written, and a file nobody generated is never written over or removed."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Mapping
from pathlib import Path

from sre_docs import doctypes
from sre_docs.config import Config
from sre_docs.errors import UserError

MARKER_NAME = ".sre-docs-generated.json"
MARKER_FORMAT = 1
_MAX_MARKER_BYTES = 4 * 1024 * 1024
GENERATED_ORDER = tuple(page.path for page in doctypes.index_pages())
"""The reading order of the index pages, as the plugin's; which of them a handbook gets is
`doctypes.built_pages` (the navigation lists only the pages written)."""
NAV_FILE = ".nav.yml"
_NAV_NOTE = (
    "# Written by `sre-docs build-pages`: the navigation of Zensical (which reads these files\n"
    "# with `awesome-nav` under `plugins`). Edit it and sre-docs leaves it alone.\n"
)


def digest(content: str | bytes) -> str:
    data = content.encode("utf-8") if isinstance(content, str) else content
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def marker_path(config: Config) -> Path:
    return config.docs_dir / config.index_folder / MARKER_NAME


def read_marker(config: Config) -> dict[str, str]:
    """Docs-root-relative path → digest of what `build-pages` wrote there; {} without a marker.

    The marker is input like any file of the tree: a malformed one is no marker, and an entry
    counts only for a plain relative path below the docs root."""
    path = marker_path(config)
    try:
        if path.is_symlink() or not path.is_file() or path.stat().st_size > _MAX_MARKER_BYTES:
            return {}
        import json  # only when there is a marker: most lint runs have none

        data = json.loads(path.read_bytes().decode("utf-8"))
    except (OSError, UnicodeDecodeError, ValueError, RecursionError):  # nested past the decoder
        return {}
    if not isinstance(data, Mapping) or data.get("format") != MARKER_FORMAT:
        return {}
    files = data.get("files")
    if not isinstance(files, Mapping):
        return {}
    return {
        rel: value
        for rel, value in files.items()
        if isinstance(rel, str) and isinstance(value, str) and _plain_relative(rel)
    }


def _plain_relative(rel: str) -> bool:
    parts = rel.split("/")
    return (
        bool(rel) and not rel.startswith("/") and all(part not in ("", ".", "..") for part in parts)
    )


GENERATED_STARTS = (b"---\nhide:\n  - toc\n---\n", b"# Written by `sre-docs build-pages`")
"""How every file `build-pages` writes begins (a page's front matter, the note of `.nav.yml`
and `.gitignore`): a committed marker cannot claim a file that does not, so it never hides a
typed document from lint nor has a handbook's own `.nav.yml` written over."""


def unchanged(config: Config, rel: str, recorded: str) -> bool:
    """True when the file at `rel` is a regular file (no link) whose content has `recorded`
    and begins as generated files do."""
    path = config.docs_dir / rel
    try:
        if path.is_symlink() or not path.is_file():
            return False
        content = path.read_bytes()
    except OSError:
        return False
    return content.startswith(GENERATED_STARTS) and digest(content) == recorded


def generated_files(config: Config) -> frozenset[str]:
    """The files of the docs folder that are still exactly what `build-pages` wrote."""
    recorded = read_marker(config)
    if not recorded:
        return frozenset()
    return frozenset(
        rel
        for rel, value in recorded.items()
        if speaks_for(config, rel) and unchanged(config, rel, value)
    )


def speaks_for(config: Config, rel: str) -> bool:
    """Whether a marker entry may claim `rel`: a marker is a file of the tree, which anyone may
    have committed, so it only ever speaks for files of the index folder (and the root
    `.nav.yml`) reached through no link, and never hides, replaces or removes a document
    elsewhere."""
    if not rel.startswith(config.index_folder + "/") and rel != NAV_FILE:
        return False
    docs = os.path.realpath(config.docs_dir)
    return os.path.realpath(config.docs_dir / rel) == os.path.join(docs, *rel.split("/"))


def _to_title(name: str) -> str:
    """The title a generator gives a folder by itself (MkDocs' and Zensical's rule)."""
    title = name.replace("-", " ").replace("_", " ")
    if title.lower() == title and title[:1].isascii() and title[:1].isalpha():
        return title[:1].upper() + title[1:]
    return title


def _quoted(value: str) -> str:
    import json

    return json.dumps(value, ensure_ascii=False)  # a JSON string is a YAML string


def navigation_files(
    config: Config, pages: Mapping[str, str], titles: Mapping[str, str]
) -> dict[str, str]:
    """`.nav.yml` files: the reliability section right after the home page, in reading order,
    and each top-level section named after its `index.md` (`titles`: folder → title)."""
    folder = config.index_folder
    entries = [f"{folder}/{name}" for name in GENERATED_ORDER if f"{folder}/{name}" in pages]
    lines = [_NAV_NOTE.rstrip("\n"), "nav:"]
    lines += [f"  - {_quoted(rel.rsplit('/', 1)[-1])}" for rel in entries]
    if any(rel.startswith(f"{folder}/services/") for rel in pages):
        lines.append('  - "services"')
    files = {f"{folder}/{NAV_FILE}": "\n".join(lines) + "\n"}
    root = [_NAV_NOTE.rstrip("\n"), "nav:"]
    if (config.docs_dir / "index.md").is_file():
        root.append('  - "index.md"')
    root.append(f"  - {_quoted(folder.split('/')[0])}")
    for name, title in sorted(titles.items()):
        if title and title != _to_title(name):
            root.append(f"  - {_quoted(title)}: {_quoted(name)}")
    root.append('  - "*"')
    files[NAV_FILE] = "\n".join(root) + "\n"
    return files


class Written(list[tuple[str, str]]):
    """(docs-root-relative path, what happened) for every file `write_into_docs` considered."""


def write_into_docs(config: Config, files: Mapping[str, str]) -> Written:
    """Write `files` (docs-root-relative path → text) into the docs folder, marked as generated.

    A file is written when it is new, or when it is still exactly what an earlier run wrote; a
    file of the handbook at the same path is kept (like the plugin, the handbook's file wins).
    Files an earlier run wrote and this one does not are removed while unchanged (a page the
    handbook no longer has something for, see `doctypes.built_pages`; a service that is
    gone). The index
    folder gets a `.gitignore` for what was written there, and the marker."""
    from sre_docs.files import write_atomic

    recorded = read_marker(config)
    docs = config.docs_dir
    docs_real = os.path.realpath(docs)
    folder = config.index_folder
    report = Written()
    marker: dict[str, str] = {}

    def inside(rel: str) -> bool:
        # The folder as named, reached through no link: a linked folder, even one inside the
        # docs folder, would put generated pages among documents.
        parent = os.path.realpath((docs / rel).parent)
        return parent == os.path.join(docs_real, *rel.split("/")[:-1])

    if not inside(f"{folder}/{MARKER_NAME}"):
        raise UserError(f"{docs / folder}: a link that leaves the docs folder; nothing written")

    def put(rel: str, text: str) -> None:
        path = docs / rel
        wanted = digest(text)
        if not inside(rel):
            report.append((rel, "kept: its folder is a link"))
            return
        if path.exists() or path.is_symlink():
            claimed = rel in recorded and speaks_for(config, rel)
            ours = (claimed and unchanged(config, rel, recorded[rel])) or unchanged(
                config, rel, wanted
            )
            if not ours:
                report.append((rel, "kept: a file of the handbook, not written by sre-docs"))
                return
            if unchanged(config, rel, wanted):
                marker[rel] = wanted
                report.append((rel, "unchanged"))
                return
        write_atomic(path, text)
        marker[rel] = wanted
        report.append((rel, "written"))

    for rel, text in sorted(files.items()):
        put(rel, text)
    for rel, value in sorted(recorded.items()):
        if rel in files or rel in marker or not speaks_for(config, rel):
            continue
        if rel.endswith("/.gitignore") or rel == f"{folder}/.gitignore":
            continue
        if unchanged(config, rel, value):
            (docs / rel).unlink(missing_ok=True)  # another run at the same time may have
            report.append((rel, "removed"))
    prefix = folder + "/"
    ignored = sorted(rel[len(prefix) :] for rel in marker if rel.startswith(prefix))
    ignore = [
        "# Written by `sre-docs build-pages`: generated pages, not sources.",
        *(f"/{name}" for name in ignored),
        f"/{MARKER_NAME}",
        "/.gitignore",
    ]
    put(f"{folder}/.gitignore", "\n".join(ignore) + "\n")
    import json

    data = {"format": MARKER_FORMAT, "generator": "sre-docs build-pages", "files": marker}
    write_atomic(marker_path(config), json.dumps(data, indent=1, sort_keys=True) + "\n")
    return report
