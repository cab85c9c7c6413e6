"""Removal of active content from rendered page HTML: scripts, event handlers, `javascript:`.

Markdown lets authors write raw HTML; a handbook built from pull requests by many hands must
not run it. The plugin passes every page's HTML through here (`sanitize_html: false` opts out)."""

from __future__ import annotations

import re

_ACTIVE_ELEMENTS = re.compile(
    r"<(script|iframe|object|embed|frame|frameset|applet|base|meta)\b[^>]*>.*?</\1\s*>"
    r"|<(?:script|iframe|object|embed|frame|frameset|applet|base|meta)\b[^>]*/?>",
    re.IGNORECASE | re.DOTALL,
)
_EVENT_HANDLER = re.compile(
    r"""(<[^>]*?)[\s/]+on[a-z]+\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+)""", re.IGNORECASE
)
_SCRIPT_URL = re.compile(
    r"""((?:href|src|xlink:href|action|formaction|data|poster)\s*=\s*["']?)\s*"""
    r"""(?:javascript|vbscript|data\s*:\s*text/html)\s*:?""",
    re.IGNORECASE,
)


_ACTIVE_TAG = re.compile(r"<(?:script|iframe|object|embed|frame|applet|base|meta)")  # lowercased
_MAYBE_HANDLER = re.compile(r"on[a-z]+\s*=")  # on lowercased text; starts with a literal


def sanitize_html(content: str) -> str:
    """The HTML without script-like elements, `on*` attributes and script URLs.

    Each pass runs only when a cheap linear test finds what it removes: most pages have none,
    and the tag-scanning patterns are the costly part of a build."""
    if "<" not in content:
        return content
    lowered = content.lower()
    if _ACTIVE_TAG.search(lowered):
        content = _ACTIVE_ELEMENTS.sub("", content)
        lowered = content.lower()  # a removal can join text into a new `javascript:`
    if _MAYBE_HANDLER.search(lowered):
        previous = None
        while previous != content:  # attributes are removed one per pass within a tag
            previous = content
            content = _EVENT_HANDLER.sub(r"\1", content)
        lowered = content.lower()
    if "javascript" in lowered or "vbscript" in lowered or "text/html" in lowered:
        content = _SCRIPT_URL.sub(r"\1#blocked:", content)
    return content
