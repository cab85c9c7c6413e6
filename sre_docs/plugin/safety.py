"""The plugin's side of page safety: MkDocs pages and options in, `sre_docs.site.sanitize` out.

Kept apart from `plugin.py` so the build pipeline and the page safety can change on their own."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File
from mkdocs.structure.pages import Page

from sre_docs.findings import ERROR, Finding
from sre_docs.reporters import printable, text_line
from sre_docs.rules import RULES_BY_NAME
from sre_docs.site.sanitize import MAX_NESTING, escape_theme_meta, nesting_depth, sanitize_html

log = get_plugin_logger("sre-docs")


def undecodable_name(file: File) -> bool:
    """Whether the page's name holds bytes that are not UTF-8 (no link can name it, and the
    lint reports it instead of reading it); it is logged the lint's way and left out."""
    from sre_docs.tree import escaped_name

    rel = file.src_uri
    if rel.isascii() or escaped_name(rel) == rel:
        return False
    finding = Finding(
        escaped_name(rel),
        1,
        1,
        "unreadable-file",
        RULES_BY_NAME["unreadable-file"].code,
        ERROR,
        "file name is not valid UTF-8; rename it",
    )
    log.warning(text_line(finding))
    return True


def sanitize_page(content: str, page: Page, trusted_embeds: list[str]) -> str:
    depth = nesting_depth(content)
    if depth > MAX_NESTING:
        log.warning(
            f"{printable(page.file.src_uri)}: HTML elements nest deeper than {MAX_NESTING} "
            "levels; the page is shown as text"
        )
    return sanitize_html(content, trusted_embeds, depth)


def escape_page_meta(page: Page, config: MkDocsConfig) -> None:
    """Escape the front-matter values Material prints; log the values it had to drop."""

    def front_matter() -> dict[str, Any]:
        from mkdocs.utils import meta

        try:
            return meta.get_data(page.file.content_string)[1]
        except (OSError, UnicodeDecodeError):
            return {}

    def icon_exists(icon: str) -> bool:
        return any((Path(folder) / ".icons" / f"{icon}.svg").is_file() for folder in _dirs(config))

    for note in escape_theme_meta(page.meta, front_matter, icon_exists):
        log.warning(f"{printable(page.file.src_uri)}: {note}")


def _dirs(config: MkDocsConfig) -> list[str]:
    return list(getattr(config.theme, "dirs", []))
