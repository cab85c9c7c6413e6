"""One pass over a markdown body: headings, prose, tables, links and suppression comments.

Cheaper than a full markdown parse and enough for every rule: fenced code is skipped, code spans
and HTML comments are blanked (columns keep their place), and every item carries its line."""

from __future__ import annotations

import bisect
import html
import re
from dataclasses import dataclass, field
from typing import NamedTuple

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
# Every pattern here is linear in the line: no two quantifiers can take the same characters
# (possessive `*+`/`++` where they touch), and every bracketed part stops at the next opener,
# so a line of a million `<a ` or `[x](` costs what a million letters cost
# (tests/hostile/test_linear.py). Headings, table delimiter rows, code spans and comments are
# read by the small scanners below instead.
_DIRECTIVE = re.compile(r"^\s*+sre-docs-(disable-next-line|disable-file|disable|enable)\b(.*)")
_INLINE_LINK = re.compile(
    r"(!?)\[((?:[^\[\]]|\[[^\[\]]*\])*)\]\(\s*+(<[^<>\n]*>|[^\s()]*(?:\([^\s()]*\)[^\s()]*)*)"
    r"(?:\s++(?:\"[^\"]*\"|'[^']*'|\([^()]*\)))?\s*+\)"
)
_REFERENCE = re.compile(r"^ {0,3}\[([^\]]+)\]:[ \t]*+(<[^>\n]*>|\S+)")
_REFERENCE_TAIL = re.compile(r"[ \t]*+(?:(?:\"[^\"]*\"|'[^']*'|\([^()]*\))[ \t]*+)?$")
"""What may follow a reference definition's target: an optional title, then nothing."""
_LIST_MARKER = re.compile(r"^ {0,3}(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)")
_PRE_OPEN = re.compile(r"^ {0,3}<(?:pre|script|style|textarea)(?:[\s>]|$)", re.IGNORECASE)
_PRE_CLOSE = re.compile(r"</(?:pre|script|style|textarea)>", re.IGNORECASE)
_HTML_LINK = re.compile(
    r"<(?:a|img)\b[^<>]*?\b(href|src)\s*+=\s*+(\"[^\"]*\"|'[^']*')", re.IGNORECASE
)
_DELIMITER_CELL = re.compile(r":?-+:?")


def atx_heading(text: str) -> tuple[int, str] | None:
    """(level, title) of an ATX heading line (`## Title ##`), else None (CommonMark 4.2)."""
    indent = len(text) - len(text.lstrip(" "))
    if indent > 3:
        return None
    rest = text[indent:]
    level = len(rest) - len(rest.lstrip("#"))
    if not 1 <= level <= 6:
        return None
    rest = rest[level:]
    if rest and rest[0] not in " \t":
        return None
    title = rest.strip(" \t")
    closing = title.rstrip("#")
    if closing != title and (not closing or closing[-1] in " \t"):
        title = closing.rstrip(" \t")  # a closing sequence: `## Title ##`
    return level, title


def is_table_delimiter(line: str) -> bool:
    """Whether `line` is a table's delimiter row (`|---|:--:|`)."""
    text = line.strip(" \t")
    if text.startswith("|"):
        text = text[1:]
    if text.endswith("|"):
        text = text[:-1]
    if "-" not in text:
        return False
    return all(_DELIMITER_CELL.fullmatch(cell.strip(" \t")) for cell in text.split("|"))


def code_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every code span of a line, backticks included (CommonMark 6.1): a run
    of backticks opens one that the next run of the same length closes."""
    if "``" not in text:
        # Single backticks only (most lines): each one closes the one before it.
        marks: list[int] = []
        position = text.find("`")
        while position != -1:
            marks.append(position)
            position = text.find("`", position + 1)
        return [(marks[index], marks[index + 1] + 1) for index in range(0, len(marks) - 1, 2)]
    runs: list[tuple[int, int]] = []  # (start, length)
    position = text.find("`")
    while position != -1:
        end = position
        while end < len(text) and text[end] == "`":
            end += 1
        runs.append((position, end - position))
        position = text.find("`", end)
    later: dict[int, list[int]] = {}  # length → indexes of the runs of that length, last first
    for index in range(len(runs) - 1, -1, -1):
        later.setdefault(runs[index][1], []).append(index)
    spans: list[tuple[int, int]] = []
    index = 0
    while index < len(runs):
        start, length = runs[index]
        candidates = later[length]
        while candidates and candidates[-1] <= index:
            candidates.pop()
        if candidates:
            closing = candidates.pop()
            close_start = runs[closing][0]
            if close_start > start + length:  # not empty
                spans.append((start, close_start + length))
                index = closing + 1
                continue
        index += 1
    return spans


def _blank_spans(text: str, spans: list[tuple[int, int]]) -> str:
    if not spans:
        return text
    parts: list[str] = []
    position = 0
    for start, end in spans:
        parts.append(text[position:start])
        parts.append(" " * (end - start))
        position = end
    parts.append(text[position:])
    return "".join(parts)


def comments(text: str) -> tuple[list[tuple[int, int]], int]:
    """(start, end) of every closed HTML comment of a line, and where an unclosed one opens
    (-1: none)."""
    spans: list[tuple[int, int]] = []
    position = text.find("<!--")
    while position != -1:
        end = text.find("-->", position + 4)
        if end == -1:
            return spans, position
        spans.append((position, end + 3))
        position = text.find("<!--", end + 3)
    return spans, -1


class Heading(NamedTuple):
    level: int
    title: str
    line: int


class Link(NamedTuple):
    target: str
    line: int
    column: int
    image: bool


class TableRow(NamedTuple):
    line: int
    cells: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Table:
    line: int
    headers: tuple[str, ...]
    rows: tuple[TableRow, ...]


class Directive(NamedTuple):
    line: int
    action: str
    rules: tuple[str, ...]


@dataclass(slots=True)
class BodyIndex:
    headings: list[Heading] = field(default_factory=list)
    prose: list[tuple[int, str]] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    directives: list[Directive] = field(default_factory=list)
    last_line: int = 0
    _heading_lines: list[int] = field(default_factory=list)

    def section_of(self, line: int) -> Heading | None:
        """The heading whose section holds `line` (the nearest heading above it)."""
        if not self._heading_lines:
            self._heading_lines = [heading.line for heading in self.headings]
        position = bisect.bisect_right(self._heading_lines, line) - 1
        return self.headings[position] if position >= 0 else None

    def section_end(self, heading: Heading) -> int:
        """Last line of `heading`'s section: up to the next heading of the same or higher level."""
        seen = False
        for other in self.headings:
            if other is heading:
                seen = True
            elif seen and other.level <= heading.level:
                return other.line - 1
        return self.last_line


def normalise_title(title: str) -> str:
    """Heading text for matching: no markup, numbering, trailing colon or case."""
    text = re.sub(r"[*_`]", "", title).strip().lower()
    text = re.sub(r"^(?:\d+[.)]?|[ivx]+\.)\s+", "", text)
    if text.endswith("}"):  # attribute lists: `## Timeline {#timeline}`
        opening = text.rfind("{")
        if opening != -1 and "}" not in text[opening:-1]:
            text = text[:opening].rstrip()
    return text.rstrip(":").strip()


def split_cells(row: str) -> tuple[str, ...]:
    """Cells of a table row; `\\|` and pipes inside code spans do not split."""
    text = row.strip()
    if text.startswith("|"):
        text = text[1:]
    if text.endswith("|") and not text.endswith("\\|"):
        text = text[:-1]
    if "\\" not in text:
        if "`" not in text:
            return tuple(map(str.strip, text.split("|")))  # the common case, in C
        return _split_outside_code(text)
    cells: list[str] = []
    current: list[str] = []
    in_code = 0
    index = 0
    while index < len(text):
        char = text[index]
        if char == "\\" and index + 1 < len(text) and text[index + 1] == "|":
            current.append("|")
            index += 2
            continue
        if char == "`":
            in_code ^= 1
        if char == "|" and not in_code:
            cells.append("".join(current).strip())
            current = []
        else:
            current.append(char)
        index += 1
    cells.append("".join(current).strip())
    return tuple(cells)


def _split_outside_code(text: str) -> tuple[str, ...]:
    """`split_cells` of a row without backslashes: each backtick opens or closes code, so
    the pieces between backticks are outside code and inside it in turn, and only the pipes
    of the outside pieces split."""
    cells: list[str] = []
    current: list[str] = []
    for number, piece in enumerate(text.split("`")):
        if number:
            current.append("`")
        if number % 2:
            current.append(piece)
            continue
        first, *rest = piece.split("|")
        current.append(first)
        for part in rest:
            cells.append("".join(current).strip())
            current = [part]
    cells.append("".join(current).strip())
    return tuple(cells)


def scan_body(body: str, first_line: int) -> BodyIndex:
    """Index a markdown body whose first line is line `first_line` of the file."""
    index = BodyIndex()
    # Lines end at "\n" only, as editors and the YAML parser count them (str.splitlines would
    # also split at form feeds and Unicode separators and shift every line number after them).
    lines = body.split("\n")
    if "\r" in body:
        lines = [line[:-1] if line.endswith("\r") else line for line in lines]
    if lines and lines[-1] == "":
        lines.pop()
    index.last_line = first_line + len(lines) - 1
    fence: str | None = None
    in_comment = False
    previous_prose: str | None = None
    table_headers: tuple[str, ...] | None = None
    table_line = 0
    table_rows: list[TableRow] = []
    skip_delimiter = False
    # Indented code (CommonMark 4.4): four columns of indent after a blank line, outside a
    # list (inside one, indentation continues the item). `<pre>` blocks are code as well.
    in_list = False
    after_blank = True
    in_indented_code = False
    in_pre = False
    paragraph_line = 0  # the last line of a paragraph or list item read

    def close_table() -> None:
        nonlocal table_headers, table_rows
        if table_headers is not None:
            index.tables.append(Table(table_line, table_headers, tuple(table_rows)))
        table_headers = None
        table_rows = []

    for offset, raw in enumerate(lines):
        number = first_line + offset
        if skip_delimiter:
            skip_delimiter = False
            continue
        if fence is not None:
            stripped = raw.strip()
            if stripped.startswith(fence) and stripped.strip(fence[0]) == "":
                fence = None
            continue
        if in_pre:
            if _PRE_CLOSE.search(raw):
                in_pre = False
            continue
        if not raw.strip():
            after_blank = True
            if not in_comment:
                # A blank line holds nothing: it ends a table and a paragraph (inside an
                # HTML comment it is part of the comment, read below).
                if table_headers is not None:
                    close_table()
                previous_prose = None
                continue
        else:
            # Most lines start with neither a space nor a tab: no indent to count.
            indent = _indent(raw) if raw[0] in " \t" else 0
            if indent >= 4 and (in_indented_code or (after_blank and not in_list)):
                if table_headers is None and not in_comment and fence is None:
                    in_indented_code = True
                    previous_prose = None
                    continue
            else:
                in_indented_code = False
                # A list marker starts, after up to three spaces, with `-*+` or a digit.
                first = raw.lstrip(" ")[0]
                if (first in "-*+" or first.isdigit()) and _LIST_MARKER.match(raw):
                    in_list = True
                elif (after_blank and indent == 0) or raw.lstrip().startswith("#"):
                    in_list = False
                after_blank = False
        if not in_comment and "<" in raw and _PRE_OPEN.match(raw):
            close_table()
            previous_prose = None
            in_pre = _PRE_CLOSE.search(raw) is None
            continue
        if in_comment:
            end = raw.find("-->")
            inside = raw if end == -1 else raw[:end]
            directive = _DIRECTIVE.match(inside)
            if directive:
                names = tuple(n for n in re.split(r"[\s,]+", directive.group(2)) if n)
                index.directives.append(Directive(number, directive.group(1), names))
            if end == -1:
                continue
            in_comment = False
            raw = " " * (end + 3) + raw[end + 3 :]
        if "`" in raw or "~" in raw:
            fence_match = _FENCE.match(raw)
            if fence_match and (
                fence_match.group(1)[0] == "~" or "`" not in raw[fence_match.end() :]
            ):
                close_table()
                fence = fence_match.group(1)
                previous_prose = None
                continue
        with_code = raw
        text = _blank_spans(raw, code_spans(raw)) if "`" in raw else raw
        if "<!--" in text:
            # Comments are found in the code-blanked text: `<!-- x -->` in a code span is code.
            closed, start = comments(text)
            for begin, end in closed:
                directive = _DIRECTIVE.match(text[begin + 4 : end - 3])
                if directive:
                    names = tuple(name for name in re.split(r"[\s,]+", directive.group(2)) if name)
                    index.directives.append(Directive(number, directive.group(1), names))
            with_code = _blank_spans(with_code, closed)
            text = _blank_spans(text, closed)
            if start != -1:
                # A comment that spans lines: the rest of this line and more are hidden.
                directive = _DIRECTIVE.match(text[start + 4 :])
                if directive:
                    names = tuple(n for n in re.split(r"[\s,]+", directive.group(2)) if n)
                    index.directives.append(Directive(number, directive.group(1), names))
                text = text[:start]
                with_code = with_code[:start]
                in_comment = True
        stripped = text.strip()
        if not stripped:
            close_table()
            previous_prose = None
            continue
        if table_headers is not None:
            if "|" in stripped:
                table_rows.append(TableRow(number, split_cells(with_code)))
                index.prose.append((number, text))
                _collect_links(index, text, number)
                continue
            close_table()
        if stripped[0] == "#":
            heading = atx_heading(text)
            if heading:
                index.headings.append(Heading(heading[0], heading[1], number))
                index.prose.append((number, text))
                previous_prose = None
                continue
        if previous_prose is not None and stripped[0] in "=-" and _SETEXT.match(text):
            level = 1 if stripped[0] == "=" else 2
            index.headings.append(Heading(level, previous_prose.strip(), number - 1))
            previous_prose = None
            continue
        if "|" in stripped and offset + 1 < len(lines) and is_table_delimiter(lines[offset + 1]):
            table_headers = split_cells(with_code)
            table_line = number
            index.prose.append((number, text))
            _collect_links(index, text, number)
            skip_delimiter = True
            previous_prose = None
            continue
        if (
            "]:" in text
            and paragraph_line != number - 1
            and stripped[0] == "["
            and _is_definition(text)
        ):
            # A link reference definition renders nothing (`[//]: # (a hidden note)` is how
            # markdown writes a comment): its target is a link, its text no prose. One that
            # follows a line of a paragraph continues the paragraph (CommonMark 4.7).
            _collect_links(index, text, number)
            continue
        index.prose.append((number, text))
        _collect_links(index, text, number)
        paragraph_line = number
        previous_prose = text if not _is_list_or_quote(stripped) else None
    close_table()
    if fence is not None:
        pass  # an unclosed fence runs to the end of the document, as CommonMark says
    return index


def _indent(line: str) -> int:
    """Columns of leading white space, tabs to the next multiple of four."""
    columns = 0
    for char in line:
        if char == " ":
            columns += 1
        elif char == "\t":
            columns += 4 - columns % 4
        else:
            break
    return columns


def _is_list_or_quote(stripped: str) -> bool:
    return stripped[0] in "-*+>" or (
        stripped[0].isdigit() and re.match(r"\d+[.)]\s", stripped) is not None
    )


# A backslash before ASCII punctuation, or a character reference: what CommonMark decodes
# in a link destination (`add\_keplr.md` is `add_keplr.md`, `a&#32;b.md` is `a b.md`).
_DESTINATION_ESCAPE = re.compile(
    r"\\([!-/:-@\[-`{-~])|&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{0,31});"
)


def _unescape(match: re.Match[str]) -> str:
    return match.group(1) if match.group(1) is not None else html.unescape(match.group(0))


def link_destination(written: str) -> str:
    """A markdown link's destination as CommonMark reads it: without its pointy brackets, with
    backslash escapes and character references decoded. ERB code written as the destination
    (`<%= page.url %>`) stays as written: the site generator evaluates it before the markdown."""
    if written.startswith("<%") and written.endswith("%>"):
        return written
    if written.startswith("<") and written.endswith(">"):
        written = written[1:-1]
    if "\\" in written or "&" in written:
        written = _DESTINATION_ESCAPE.sub(_unescape, written)
    return written


def _is_definition(text: str) -> bool:
    """Whether the line is a whole link reference definition (`[label]: target "title"`),
    not a footnote (`[^1]: text`, which renders)."""
    reference = _REFERENCE.match(text)
    return (
        reference is not None
        and not reference.group(1).startswith("^")
        and _REFERENCE_TAIL.match(text, reference.end()) is not None
    )


def _collect_links(index: BodyIndex, text: str, number: int) -> None:
    # Every link form holds a `]` or a `<`: most lines have neither (one C scan for each).
    if "]" not in text and "<" not in text:
        return
    if "](" in text:
        for match in _INLINE_LINK.finditer(text):
            target = link_destination(match.group(3))
            index.links.append(Link(target, number, match.start() + 1, match.group(1) == "!"))
    if "]:" in text:
        # `[^1]: text` is a footnote, and a definition followed by more than a title is
        # a paragraph: neither is a link a site generator would make.
        if _is_definition(text):
            reference = _REFERENCE.match(text)
            assert reference is not None
            target = link_destination(reference.group(2))
            index.links.append(Link(target, number, reference.start(2) + 1, False))
    if "<" in text and ("<a" in text or "<img" in text or "<A" in text or "<IMG" in text):
        for match in _HTML_LINK.finditer(text):
            index.links.append(
                Link(
                    html.unescape(match.group(2)[1:-1]),  # a browser decodes the references
                    number,
                    match.start(2) + 2,
                    match.group(1).lower() == "src",
                )
            )
