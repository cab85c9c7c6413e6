"""Rendering helpers of the generated pages: markdown escaping, safe URLs and SVG charts.

The markdown is converted with Python-Markdown, as MkDocs does, to see what readers get."""

from __future__ import annotations

import html as html_module
import re
import xml.etree.ElementTree as ElementTree

import markdown
import pytest
from hypothesis import given
from hypothesis import strategies as st

from sre_docs.site import charts
from sre_docs.site.pages import PageContext, escape_markdown, safe_url

HOSTILE = [
    "<script>alert(1)</script>",
    "[x](javascript:alert(1))",
    "![img](x.png)",
    "**bold** _it_ `code` ~~s~~",
    "a | b | c",
    "<img src=x onerror=alert(2)>",
    "&lt;script&gt; &amp;",
    "# not a heading",
    "- not a list",
    "line\nbreak",
    "\\[escaped\\]",
    "~~struck~~ ^^ins^^ ==mark== :smile: {: .x}",
    "1. not a list either",
    "trailing hashes ##",
    "see https://example.com and javascript:alert(1)",
]


# What Material handbooks commonly enable, so their syntax is tried on escaped values too.
EXTENSIONS = [
    "tables",
    "attr_list",
    "pymdownx.tilde",
    "pymdownx.caret",
    "pymdownx.mark",
    "pymdownx.magiclink",
    "pymdownx.emoji",
]


def _html(text: str) -> str:
    return markdown.markdown(text, extensions=EXTENSIONS)


@pytest.mark.parametrize("value", HOSTILE)
def test_escaped_values_render_as_themselves(value: str) -> None:
    html = _html(escape_markdown(value))
    assert "<script" not in html and "<img" not in html and "<a " not in html
    assert "<strong>" not in html and "<em>" not in html and "<code>" not in html
    text = re.sub(r"<[^>]+>", "", html)
    expected = value.replace("\n", " ")
    assert html_module.unescape(text) == expected


@pytest.mark.parametrize("value", HOSTILE)
def test_escaped_values_stay_in_their_table_cell(value: str) -> None:
    table = f"| a | b |\n|---|---|\n| {escape_markdown(value)} | end |\n"
    html = _html(table)
    assert html.count("<td>") == 2 and "<td>end</td>" in html


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://tickets.example.com/PW-1", "https://tickets.example.com/PW-1"),
        ("http://x.example/a b", "http://x.example/a%20b"),
        ("../runbooks/db.md", "../runbooks/db.md"),
        ("javascript:alert(1)", None),
        ("JavaScript:alert(1)", None),
        ("data:text/html,<script>", None),
        ("vbscript:x", None),
        ("//evil.example/x", None),
        ("", None),
        (None, None),
    ],
)
def test_safe_url(url: str | None, expected: str | None) -> None:
    assert safe_url(url) == expected


def test_url_link_links_only_absolute_http() -> None:
    page = PageContext("reliability/action-items.md")
    assert page.url_link("PW-1", "https://t.example/PW-1") == "[PW\\-1](https://t.example/PW-1)"
    # Relative to the document, not to the generated page: shown, not linked.
    assert page.url_link("db", "../runbooks/db.md") == "db"
    assert page.url_link("x", "javascript:alert(1)") == "x"
    assert page.link("DB", "runbooks/db.md") == "[DB](../runbooks/db.md)"


def _svg(text: str) -> ElementTree.Element:
    """The chart's <svg>, out of the frame that lets it scroll on a narrow screen."""
    frame = ElementTree.fromstring(text)
    assert frame.tag == "div" and "overflow-x:auto" in frame.get("style", "")
    (svg,) = list(frame)
    return svg


NS = "{http://www.w3.org/2000/svg}"


def test_bar_chart_is_accessible_and_follows_the_palette() -> None:
    svg = charts.horizontal_bars(
        "budget",
        "Budget <left>",
        [
            charts.Bar("Checkout <b>", 70.0, charts.STATE_COLOURS["healthy"], "healthy"),
            charts.Bar("Tracking", -30.0, charts.STATE_COLOURS["exhausted"], "exhausted"),
            charts.Bar("Unmeasured", None),
        ],
        unit=" %",
        maximum=100.0,
        step=25.0,
        floor=-100.0,
    )
    root = _svg(svg)
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "budget-title budget-desc"
    assert root.find(f"{NS}title").text == "Budget <left>"
    description = root.find(f"{NS}desc").text
    assert description == (
        "Checkout <b>: 70 % (healthy); Tracking: -30 % (exhausted); Unmeasured: not measured"
    )
    assert "<script" not in svg and " on" not in svg.replace(" one", "")
    assert "var(--md-default-fg-color" in svg and "#" not in root.get("style", "")
    # The scale reaches down to the negative value, in steps of 25.
    texts = [text.text for text in root.iter(f"{NS}text")]
    assert "-50 %" in texts and "100 %" in texts and "-75 %" not in texts
    assert "-30 % exhausted" in texts and "not measured" in texts


def test_bar_chart_clips_at_the_floor() -> None:
    svg = charts.horizontal_bars(
        "x", "t", [charts.Bar("deep", -900.0)], unit=" %", maximum=100.0, step=25.0, floor=-100.0
    )
    texts = [text.text for text in _svg(svg).iter(f"{NS}text")]
    assert texts[0] == "-100 %" and "-125 %" not in texts
    assert "-900 %" in texts  # the bar stops at the floor, its number does not


def test_stacked_columns_describe_every_month() -> None:
    svg = charts.stacked_columns(
        "incidents",
        "Incidents per month",
        [("2026-09", {"SEV1": 1, "SEV3": 2}), ("2026-10", {})],
        ("SEV1", "SEV2", "SEV3", "SEV4"),
        charts.SEVERITY_COLOURS,
    )
    root = _svg(svg)
    assert root.find(f"{NS}desc").text == (
        "2026-09: 3 (SEV1 1, SEV2 0, SEV3 2, SEV4 0); 2026-10: 0 (SEV1 0, SEV2 0, SEV3 0, SEV4 0)"
    )
    titles = [title.text for title in root.iter(f"{NS}title")]
    assert "2026-09, SEV3: 2" in titles


def test_nice_steps() -> None:
    assert [charts.nice_step(span) for span in (1, 4, 15, 42, 0)] == [0.2, 1.0, 5.0, 10.0, 1.0]


def _escape_by_definition(text: str) -> str:
    """The escaping spelled out step by step, to check the one-pass table against."""
    text = html_module.escape(text, quote=False).replace("\r", " ").replace("\n", " ")
    text = re.sub(r"([\\`*_{}\[\]()#+!.-])", r"\\\1", text)
    return re.sub(r"[|~^=:]", lambda match: f"&#{ord(match.group())};", text)


@given(st.text())
def test_escaping_equals_its_definition(text: str) -> None:
    assert escape_markdown(text) == _escape_by_definition(text)


_SEGMENT = st.sampled_from(["a", "b", "reliability", "services", "..", "x.md"])


@given(st.lists(_SEGMENT, min_size=1, max_size=4), st.lists(_SEGMENT, min_size=1, max_size=4))
def test_relative_links_equal_relpath(target: list[str], page: list[str]) -> None:
    import posixpath

    page_uri, rel = "/".join(page), "/".join(target)
    if posixpath.normpath(page_uri).startswith("..") or posixpath.normpath(rel).startswith(".."):
        return  # pages and the files they link live inside the docs root
    expected = posixpath.relpath(rel, posixpath.dirname(page_uri) or ".")
    assert PageContext(page_uri).relative(rel) == expected
