"""The summary box on top of each postmortem, SLO and runbook page, placed in its markdown.

One way for every generator: the MkDocs plugin and the Python-Markdown extension (Zensical)
both render the boxes with `pages.render_headers` and put each in its page with
`insert_after_title`."""

from __future__ import annotations

import re

_SETEXT_H1 = re.compile(r"^=+\s*$")


def insert_after_title(markdown: str, block: str) -> str:
    """`block` after the page's leading H1 (ATX or setext), else at the top.

    Generators take the page title from the first element when it is an H1, so the title stays
    the document's own."""
    lines = markdown.split("\n")
    first = next((index for index, line in enumerate(lines) if line.strip()), None)
    if first is not None:
        if lines[first].startswith("# "):
            end = first + 1
        elif first + 1 < len(lines) and _SETEXT_H1.match(lines[first + 1]):
            end = first + 2
        else:
            end = 0
        if end:
            return "\n".join([*lines[:end], "", block, *lines[end:]])
    return block + "\n" + markdown
