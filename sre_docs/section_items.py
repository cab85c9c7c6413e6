"""The items of the sections a type shows on its pages: a handoff's Open Issues and Known Risks.

Each list item (or table row, or paragraph when the section lists nothing) becomes one line of
plain text with its line number, read with markdown-it-py and cut to a bound, so a record stays
small and the site shows the words, never the markup, of what the author wrote."""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from collections.abc import Sequence

    from sre_docs.config import Config
    from sre_docs.doctypes import DocType, Section
    from sre_docs.model import Doc

MAX_ITEMS = 50
"""Items kept per section; `count` still counts them all."""
MAX_CHARS = 400
"""Characters kept of one item's text."""
MAX_SECTION = 20_000
"""Characters of a section read (whole lines): what lies beyond is not shown or counted, so
a huge section costs the parser no more than this."""

_NONE = re.compile(r"(?:none|nothing|n/a|nil)\b", re.IGNORECASE)
"""A section that says it has nothing: "None.", "Nothing new", "N/A: quiet week"."""


class SectionItems(NamedTuple):
    """What one listed section of a document holds."""

    name: str
    """The section's name in the type registry (`Open Issues`)."""
    line: int
    """Line of its heading; 0 when the document has no such section."""
    items: tuple[tuple[int, str], ...]
    """(line, text) of its first `MAX_ITEMS` items."""
    count: int
    """How many items it has."""
    note: str
    """The section's words when it lists nothing ("None: the incident is closed"), else ""."""

    @property
    def missing(self) -> bool:
        return self.line == 0


@functools.cache
def _parser() -> Any:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark").enable("table")


def read_sections(doc: Doc, sections: Sequence[Section]) -> list[SectionItems]:
    """The items of each of `sections` in `doc`, in the order given. A section is every heading
    that matches it (as the section check matches them) and what follows, up to the next
    heading of the same or a higher level."""
    lines = doc.body.split("\n")
    found = []
    for section in sections:
        places = doc.action_sections(section)
        items: list[tuple[int, str]] = []
        paragraphs: list[tuple[int, str]] = []
        for heading, end in places:
            chunk = "\n".join(lines[heading.line + 1 - doc.body_line : end + 1 - doc.body_line])
            if len(chunk) > MAX_SECTION:
                chunk = chunk[: chunk.rfind("\n", 0, MAX_SECTION) + 1]
            listed, prose = _items(chunk, heading.line + 1)
            items += listed
            paragraphs += prose
        note = ""
        if not items and paragraphs:
            if _NONE.match(paragraphs[0][1]):
                note = _bounded(" ".join(text for _, text in paragraphs))
            else:
                items = paragraphs
        found.append(
            SectionItems(
                section.name,
                places[0][0].line if places else 0,
                tuple(items[:MAX_ITEMS]),
                len(items),
                note,
            )
        )
    return found


def _items(text: str, first_line: int) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    """(outermost list items and table rows, top-level paragraphs) of a section's text."""
    if not text.strip():
        return [], []
    tokens = _parser().parse(text)
    items: list[tuple[int, str]] = []
    paragraphs: list[tuple[int, str]] = []
    lists = 0  # list nesting
    item_line: int | None = None
    item_text: list[str] = []
    in_body = False  # inside a table's body
    row_line: int | None = None
    cells: list[str] = []
    previous = ""
    for token in tokens:
        kind, previous, opened = token.type, token.type, previous
        line = first_line + token.map[0] if token.map else first_line
        if kind in ("bullet_list_open", "ordered_list_open"):
            lists += 1
        elif kind in ("bullet_list_close", "ordered_list_close"):
            lists -= 1
        elif kind == "list_item_open" and lists == 1:
            item_line, item_text = line, []
        elif kind == "list_item_close" and lists == 1 and item_line is not None:
            words = " ".join(part for part in item_text if part)
            if words:
                items.append((item_line, _bounded(words)))
            item_line = None
        elif kind == "tbody_open":
            in_body = True
        elif kind == "tbody_close":
            in_body = False
        elif kind == "tr_open" and in_body:
            row_line, cells = line, []
        elif kind == "tr_close" and row_line is not None:
            words = " · ".join(cell for cell in cells if cell)
            if words:
                items.append((row_line, _bounded(words)))
            row_line = None
        elif kind == "inline" and opened != "heading_open":
            words = plain_text(token)
            if row_line is not None:
                cells.append(words)
            elif item_line is not None:
                if lists == 1:  # the item's own words, not those of its nested lists
                    item_text.append(words)
            elif lists == 0 and token.level <= 1 and words:
                paragraphs.append((line, _bounded(words)))
    return items, paragraphs


def plain_text(token: Any) -> str:
    """The words of an inline token: text, code, inline HTML as it is written (text to show,
    escaped by the page, never markup) and image descriptions; no links or emphasis marks."""
    parts: list[str] = []
    for child in token.children or ():
        if child.type in ("text", "code_inline", "html_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif child.type == "image":
            parts.append(plain_text(child))
    return " ".join("".join(parts).split())


def _bounded(text: str) -> str:
    return text if len(text) <= MAX_CHARS else text[: MAX_CHARS - 1].rstrip() + "…"


def shown_sections(config: Config, entry: DocType | None) -> tuple[Section, ...]:
    """The sections of `entry` whose items its records carry, with the team's synonyms (the
    `sections` option) as the section check takes them."""
    if entry is None or not entry.shown_sections:
        return ()
    expected, _short = config.expected_sections(entry)
    by_name = {section.name.lower(): section for section in (*entry.sections, *expected)}
    return tuple(by_name[name.lower()] for name in entry.shown_sections if name.lower() in by_name)
