"""Tests of the one-pass body scanner: headings, code, tables, links, suppression comments.

Every item must carry the line it has in the file (the body starts after the front matter)."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from sre_docs.body import code_spans, normalise_title, scan_body, split_cells
from sre_docs.doctypes import ACTION_ITEMS

BODY = """\
# Checkout outage

## Summary
See [the runbook](../runbooks/checkout.md#steps) and ![graph](img/p99.png "p99").
Inline `[not a link](nowhere.md)` is code.

```bash
## not a heading
[also not](nowhere.md)
```

Setext heading
--------------

## Action Items
| Priority | Action | Owner | Due | Ticket |
|----------|--------|-------|-----|--------|
| P1 | Add a canary | `@amira` | 2026-12-01 | [PW-1](https://t/PW-1) |
| P2 | Escape \\| pipe | @jonas | 2026-12-02 | PW-2 |

<!-- sre-docs-disable-next-line blame-language -->
[ref]: ../postmortems/other.md
<!--
sre-docs-disable broken-link
-->
~~~
[fenced](tilde.md)
~~~
"""


def test_headings_skip_code_and_keep_lines() -> None:
    index = scan_body(BODY, 5)
    assert [(h.level, h.title, h.line) for h in index.headings] == [
        (1, "Checkout outage", 5),
        (2, "Summary", 7),
        (2, "Setext heading", 16),
        (2, "Action Items", 19),
    ]


def test_links_outside_code_only() -> None:
    index = scan_body(BODY, 1)
    targets = [(link.target, link.line, link.image) for link in index.links]
    assert ("../runbooks/checkout.md#steps", 4, False) in targets
    assert ("img/p99.png", 4, True) in targets
    assert ("../postmortems/other.md", 22, False) in targets
    assert all("nowhere" not in target and "tilde" not in target for target, _, _ in targets)


def test_table_rows_with_escaped_pipes_and_code() -> None:
    index = scan_body(BODY, 1)
    (table,) = index.tables
    assert table.headers == ("Priority", "Action", "Owner", "Due", "Ticket")
    assert [row.line for row in table.rows] == [18, 19]
    assert table.rows[0].cells[2] == "`@amira`"
    assert table.rows[1].cells[1] == "Escape | pipe"


def test_suppression_directives_single_and_multi_line() -> None:
    index = scan_body(BODY, 1)
    assert [(d.line, d.action, d.rules) for d in index.directives] == [
        (21, "disable-next-line", ("blame-language",)),
        (24, "disable", ("broken-link",)),
    ]


def test_section_lookup() -> None:
    index = scan_body(BODY, 1)
    heading = next(h for h in index.headings if ACTION_ITEMS.matches(normalise_title(h.title)))
    assert heading is not None and heading.line == 15
    assert index.section_of(18) == heading
    assert index.section_end(index.headings[1]) == 11


def test_unclosed_fence_hides_the_rest() -> None:
    index = scan_body("```\n# in code\n[x](y.md)\n", 1)
    assert index.headings == [] and index.links == []


def test_normalise_title_and_split_cells() -> None:
    assert normalise_title("**2. Root Cause:**") == "root cause"
    assert normalise_title("Timeline {#timeline}") == "timeline"
    assert split_cells("| a | b \\| c | `x|y` |") == ("a", "b | c", "`x|y`")


def test_crlf_and_empty_bodies() -> None:
    index = scan_body("## A\r\ntext [l](x.md)\r\n", 3)
    assert [(h.title, h.line) for h in index.headings] == [("A", 3)]
    assert index.links[0].line == 4
    assert scan_body("", 1).headings == []


def test_footnotes_indented_code_and_pre_are_not_links() -> None:
    body = "\n".join(
        [
            "Text with a note.[^1] And [ref][r].",
            "",
            "[^1]: See [the runbook](real.md) for more.",
            "[r]: ref-target.md 'Title'",
            "[not a definition]: words after the target",
            "",
            "    [indented code](code.md)",
            "",
            "<pre>",
            "[in pre](pre.md)",
            "</pre>",
            "",
            "- a list item",
            "",
            "    [continues the item](item.md)",
            "",
            "Para `[inline](inline.md)` end.",
        ]
    )
    targets = [link.target for link in scan_body(body, 1).links]
    assert targets == ["real.md", "ref-target.md", "item.md"]


def test_indented_code_hides_headings_and_prose() -> None:
    index = scan_body("# Title\n\n    # not a heading\n    human error\n\nText\n", 1)
    assert [heading.title for heading in index.headings] == ["Title"]
    assert all("human" not in text for _, text in index.prose)


def _cells_by_characters(row: str) -> tuple[str, ...]:
    """What `split_cells` means, one character at a time: `\\|` is a pipe, a backtick opens
    or closes code, a pipe outside code splits."""
    text = row.strip()
    text = text[1:] if text.startswith("|") else text
    text = text[:-1] if text.endswith("|") and not text.endswith("\\|") else text
    cells, current, in_code, index = [], "", False, 0
    while index < len(text):
        if text.startswith("\\|", index):
            current, index = current + "|", index + 2
            continue
        if text[index] == "`":
            in_code = not in_code
        if text[index] == "|" and not in_code:
            cells, current = [*cells, current.strip()], ""
        else:
            current += text[index]
        index += 1
    return (*cells, current.strip())


def _spans_by_runs(text: str) -> list[tuple[int, int]]:
    """What `code_spans` means (CommonMark 6.1): a run of backticks opens a span that the
    next run of the same length closes; runs in between of other lengths are text."""
    runs = [(m.start(), m.end() - m.start()) for m in re.finditer("`+", text)]
    spans, index = [], 0
    while index < len(runs):
        start, length = runs[index]
        closing = next((k for k in range(index + 1, len(runs)) if runs[k][1] == length), None)
        if closing is not None and runs[closing][0] > start + length:
            spans.append((start, runs[closing][0] + length))
            index = closing + 1
        else:
            index += 1
    return spans


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="|`\\ ab", max_size=24))
def test_split_cells_reads_rows_as_character_by_character(row: str) -> None:
    assert split_cells(row) == _cells_by_characters(row)


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="`a ", max_size=24) | st.text(alphabet="``a", max_size=24))
def test_code_spans_pair_runs_of_the_same_length(text: str) -> None:
    assert code_spans(text) == _spans_by_runs(text)


DEFINITIONS = """# Title

[//]: # (TODO: I made the mistake of keeping both endpoints the same)

A paragraph
[x]: https://example.com/a "continues the paragraph"

- an item
[y]: https://example.com/b

[ref]: ./missing.md
[^1]: a footnote, which renders
"""


def test_a_link_reference_definition_is_a_link_and_no_prose() -> None:
    """`[//]: # (note)` is markdown's comment: CommonMark renders no definition, so the rules
    that read prose do not read it; one that follows a paragraph's line is text of it."""
    from markdown_it import MarkdownIt

    index = scan_body(DEFINITIONS, 1)
    prose = {line for line, _ in index.prose}
    assert 3 not in prose and 11 not in prose
    assert {1, 5, 6, 8, 9, 12} <= prose
    assert ("#", 3) in [(link.target, link.line) for link in index.links]
    assert ("./missing.md", 11) in [(link.target, link.line) for link in index.links]
    rendered = MarkdownIt("commonmark").render(DEFINITIONS)
    assert "mistake" not in rendered and "missing.md" not in rendered
    assert "continues the paragraph" in rendered and "example.com/b" in rendered
