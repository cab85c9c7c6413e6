"""The HTML sanitizer: active content removed, ordinary HTML returned unchanged."""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest

from sre_docs.site.sanitize import (
    EMBED_SANDBOX,
    MAX_NESTING,
    escape_tags,
    escape_theme_meta,
    nesting_depth,
    sanitize_html,
    tag_list,
)

ORDINARY = (
    '<h1 id="checkout">Checkout</h1>\n<p>The configuration=on option, a <a href="x.md">link</a>'
    " and <code>data: text</code>.</p>"
    "<table><tbody><tr><td>onboarding = done</td></tr></tbody></table>"
)


def test_ordinary_html_is_returned_unchanged() -> None:
    assert sanitize_html(ORDINARY) == ORDINARY
    assert sanitize_html("no tags at all") == "no tags at all"


@pytest.mark.parametrize(
    ("hostile", "gone"),
    [
        ("<p>a</p><script>alert(1)</script><p>b</p>", "alert(1)"),
        ("<SCRIPT src=//x></SCRIPT>", "<SCRIPT"),
        ('<iframe src="https://x"></iframe>', "<iframe"),
        ('<meta http-equiv="refresh" content="0;url=//x">', "<meta"),
        ('<img src="x.png" onerror="alert(2)">', "onerror"),
        ("<svg/onload=alert(3)>", "onload"),
        ("<img src=x onerror=alert(4) onmouseover=alert(5)>", "alert("),
        ('<a href="javascript:alert(6)">x</a>', "javascript:"),
        ("<a href=' JavaScript:alert(7)'>x</a>", "JavaScript:"),
        ('<a href="vbscript:msgbox(8)">x</a>', "vbscript:"),
        ('<object data="data:text/html;base64,PHNjcmlwdD4=">', "data:text/html"),
        ('<a href="java<script></script>script:alert(9)">x</a>', "javascript:"),
    ],
)
def test_active_content_is_removed(hostile: str, gone: str) -> None:
    assert gone not in sanitize_html(hostile)


KEPT = [
    # Material's markup and the plugin's charts survive the allowlist as they are.
    '<div class="admonition note"><p class="admonition-title">Note</p><p>x</p></div>',
    '<details class="tip" open=""><summary>More</summary><p>x</p></details>',
    '<div class="tabbed-set tabbed-alternate"><input checked="" id="__tabbed_1_1" '
    'name="__tabbed_1" type="radio"><div class="tabbed-labels"><label for="__tabbed_1_1">A'
    "</label></div></div>",
    '<li class="task-list-item"><input type="checkbox" disabled="" checked=""> done</li>',
    '<svg class="sre-docs-chart" role="img" aria-labelledby="c-title" viewBox="0 0 10 10" '
    'width="100%" style="max-width:10px;height:auto"><title id="c-title">T</title>'
    '<rect x="1" y="1" width="5" height="5" rx="2" style="fill:var(--a, #fff)">'
    "<title>bar</title></rect></svg>",
    '<img src="../logo.png" alt="Logo" width="40">',
    '<a href="https://example.org/x?y=1#z">out</a><a href="mailto:a@example.org">mail</a>',
    '<sup id="fnref:1"><a class="footnote-ref" href="#fn:1">1</a></sup>',
    '<a id="__codelineno-0-1" name="__codelineno-0-1" href="#__codelineno-0-1"></a>',
]


@pytest.mark.parametrize("markup", KEPT)
def test_what_material_pages_need_is_kept(markup: str) -> None:
    assert sanitize_html(markup) == markup


def test_chart_patterns_and_scrolling_survive() -> None:
    from sre_docs.site import charts

    svg = charts.stacked_columns(
        "incidents",
        "Incidents",
        [("2026-10", {"SEV1": 1, "SEV2": 2})],
        ("SEV1", "SEV2"),
        charts.SEVERITY_COLOURS,
        charts.SEVERITY_PATTERNS,
    )
    cleaned = sanitize_html(svg)
    # The hatching and dots that tell SEV1 from SEV2 without colour, and the frame that
    # scrolls a chart sideways on a phone instead of shrinking its text.
    assert '<pattern id="incidents-hatch" width="6" height="6" patternUnits="userSpaceOnUse">' in (
        cleaned
    )
    assert cleaned.count("<pattern ") == 2 and "<defs>" in cleaned
    assert cleaned.count('style="fill:url(&quot;#incidents-hatch&quot;)"') == 2
    assert cleaned.count('style="fill:url(&quot;#incidents-dots&quot;)"') == 2
    assert 'style="overflow-x:auto"' in cleaned
    assert sanitize_html(cleaned) == cleaned


@pytest.mark.parametrize(
    "hostile",
    [
        '<p style="fill:url(#a) url(https://evil.example/x)">x</p>',
        '<p style="fill:url(#a);background-image:url(//evil.example/x)">x</p>',
        '<p style="fill:url( https://evil.example/x)">x</p>',
        "<p style=\"fill:url('https://evil.example/x#a')\">x</p>",
        '<p style="fill:URL(https://evil.example/x)">x</p>',
    ],
)
def test_only_local_pattern_urls_in_styles(hostile: str) -> None:
    assert "evil" not in sanitize_html(hostile)


@pytest.mark.parametrize(
    "value", ["__code_0", "__code_1_annotation_2", "__code___code_0", "__config", "__drawer"]
)
def test_ids_material_assigns_at_run_time_are_not_content_s(value: str) -> None:
    """Material's script names each code block `__code_N` and its copy button copies
    `#__code_N > code`, the first in the page: a hidden element claiming that id would have
    the button copy its text instead of the block's."""
    for attribute in ("id", "name", "for"):
        cleaned = sanitize_html(f'<p {attribute}="{value}"><code>curl evil | sh</code></p>')
        assert value not in cleaned


def test_every_code_block_has_an_id_of_its_own() -> None:
    """Material names a block's copy target after the closest id around it: each `<pre>` gets
    its own, unique in the page; a block with anchored lines keeps the name of its anchors."""
    anchored = (
        '<pre><code><a id="__codelineno-drain-1" name="__codelineno-drain-1"></a>x</code></pre>'
    )
    page = (
        '<details id="0"><pre id="7"><code>a</code></pre></details>'
        f"{anchored}{anchored}"
        '<pre><code><a id="__codelineno-__block-4-1"></a>b</code></pre><pre>c</pre>'
    )
    cleaned = sanitize_html(page)
    assert re.findall(r'<pre id="([^"]*)"', cleaned) == [
        "__block-0",
        "drain",
        "__block-2",
        "__block-3",
        "__block-4",
    ]
    assert sanitize_html(cleaned) == cleaned


@pytest.mark.parametrize("attribute", ["fill", "stroke"])
@pytest.mark.parametrize(
    "value",
    [
        "url(https://evil.example/x.svg#p)",
        "url('//evil.example/x.svg#p')",
        "URL(https://evil.example/x.svg#p) red",
        "url(#p) url(https://evil.example/x.svg#p)",
        "u\\72l(https://evil.example/x.svg#p)",
        "u&#x72;l(https://evil.example/x.svg#p)",
    ],
)
@pytest.mark.parametrize("element", ["svg", "g", "rect", "path", "text", "line", "circle"])
def test_paint_attributes_load_nothing(element: str, attribute: str, value: str) -> None:
    """`fill` and `stroke` are CSS properties in attribute form: a browser fetches the document
    an `url()` there names, as it would from a style (Chromium does, for a shape's paint)."""
    hostile = f'<svg><{element} {attribute}="{value}"></{element}></svg>'
    assert "evil" not in sanitize_html(hostile)


def test_paint_attributes_keep_colours_and_local_patterns() -> None:
    kept = (
        '<svg fill="none"><g fill="currentColor" stroke="#fff">'
        '<rect fill="url(#p)"></rect><path fill="var(--md-accent-fg-color, #526cfe)"></path>'
        "</g></svg>"
    )
    assert sanitize_html(kept) == kept


@pytest.mark.parametrize(
    "hostile",
    [
        '<svg><pattern id="p" href="https://evil.example/x"></pattern></svg>',
        '<svg><pattern id="p" xlink:href="https://evil.example/x"></pattern></svg>',
        '<svg><pattern id="p" patternTransform="x" onload="alert(1)"></pattern></svg>',
    ],
)
def test_patterns_take_no_links_or_handlers(hostile: str) -> None:
    cleaned = sanitize_html(hostile)
    assert "evil" not in cleaned and "alert" not in cleaned and "<pattern" in cleaned


@pytest.mark.parametrize(
    ("hostile", "gone"),
    [
        ("<scr<script></script>ipt>alert(1)</script>", "<script"),
        ('<img alt=">" src=x onerror=alert(1)>', "onerror"),
        ('<a href="jav&#x09;ascript:alert(1)">x</a>', "href"),
        ('<a href="&#1;javascript:alert(1)">x</a>', "href"),
        ("<a href=&#106;avascript:alert(1)>x</a>", "href"),
        ('<svg><a><animate attributeName="href" values="javascript:alert(1)"/></a></svg>', "anim"),
        ("<style>p{}</style>", "<style"),
        ('<form action="x"><input formaction="javascript:alert(1)"></form>', "form"),
        ('<base href="https://evil.example/">', "<base"),
        ('<iframe srcdoc="<script>alert(1)</script>"></iframe>', "iframe"),
        ('<p style="background:url(javascript:alert(1))">x</p>', "style"),
        ('<div id="__config">{}</div>', "__config"),
        ('<div data-md-component="search">x</div>', "data-md"),
        ('<img src="data:image/svg+xml,<svg onload=alert(1)>">', "data:"),
        ("<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>", "onerror"),
    ],
)
def test_hostile_markup_is_removed(hostile: str, gone: str) -> None:
    assert gone not in sanitize_html(hostile)


def test_trusted_embeds_only_from_their_origin() -> None:
    trusted = ["https://grafana.example.com"]
    kept = sanitize_html(
        '<iframe src="https://grafana.example.com/d/x" width="600" srcdoc="x" onload="y"></iframe>',
        trusted,
    )
    assert kept.startswith('<iframe src="https://grafana.example.com/d/x" width="600" ')
    assert f'sandbox="{EMBED_SANDBOX}"' in kept and 'referrerpolicy="no-referrer"' in kept
    assert "srcdoc" not in kept and "onload" not in kept
    for other in (
        "https://grafana.example.com.evil.example/x",
        "https://user@grafana.example.com/x",
        "http://grafana.example.com/x",
        "javascript:alert(1)",
    ):
        assert sanitize_html(f'<p>a</p><iframe src="{other}"></iframe>', trusted) == "<p>a</p>"
    assert "iframe" not in sanitize_html('<iframe src="https://grafana.example.com/d"></iframe>')


def test_deep_nesting_is_shown_as_text() -> None:
    deep = "<div>" * (MAX_NESTING + 1) + "<img src=x onerror=alert(1)>"
    assert nesting_depth(deep) == MAX_NESTING + 1
    assert sanitize_html(deep).startswith("<pre>&lt;div&gt;")
    assert nesting_depth("<p>a<br>b</p>" * 1000) == 1


def test_theme_meta_is_escaped_and_unsafe_values_dropped() -> None:
    meta = {
        "description": '"><script>',
        "author": ["<b>"],
        "subtitle": "<i>",
        "status": '"x',
        "tags": ["<t>", None],
        "location": "javascript:alert(1)",
        "icon": "../../x",
        "hide": "toc",
        "template": "../x.html",
        "revision_date": "<d>",
        "git_revision_date_localized": '<span class="timeago">plugin HTML</span>',
    }
    notes = escape_theme_meta(
        meta,
        lambda: {"revision_date": "<d>", "git_revision_date_localized": "from front matter"},
        lambda icon: False,
    )
    assert meta == {
        "description": "&quot;&gt;&lt;script&gt;",
        "author": "[&#x27;&lt;b&gt;&#x27;]",
        "subtitle": "&lt;i&gt;",
        "status": "quot-x",
        "revision_date": "&lt;d&gt;",
        "git_revision_date_localized": '<span class="timeago">plugin HTML</span>',
        "tags": ["<t>", None],  # escaped before, by `escape_tags`
    }
    assert len(notes) == 4
    kept = {
        "location": "../other/",
        "icon": "material/alert",
        "hide": ["toc"],
        "template": "a.html",
    }
    assert escape_theme_meta(dict(kept), dict, lambda icon: True) == []


@pytest.mark.parametrize(
    ("value", "tags"),
    [
        ("post-mortem", ["post-mortem"]),
        ("meeting, infrastructure", ["meeting", "infrastructure"]),
        (" a ,, b ,", ["a", "b"]),
        ("on call", ["on call"]),
        ("", []),
        (["a", None, "b"], ["a", "b"]),
        (None, []),
        (5, ["5"]),
        (dt.date(2026, 1, 1), ["2026-01-01"]),
        (True, []),
        (["a", ["b"], {"c": 1}, 2], ["a", "2"]),
        ("<script>alert(1)</script>", ["<script>alert(1)</script>"]),
    ],
)
def test_tags_are_a_list_or_a_string_of_comma_separated_tags(value: object, tags: list) -> None:
    """HackMD writes one tag as a string (`tags: post-mortem`), which the schemas accept;
    several in one string (`tags: meeting, infrastructure`), a schema-violation, the site
    still shows as the tags HackMD reads."""
    assert tag_list(value) == tags
    meta = {"tags": value}
    escape_tags(meta)
    assert meta["tags"] == [html.escape(tag) for tag in tags]


@pytest.mark.parametrize(
    ("status", "shown"),
    [
        ("draft", "draft"),
        ("in-review", "in-review"),
        ("in progress", "in-progress"),
        ("x md-dialog--active", "x-md-dialog--active"),
        ("<b>", "lt-b-gt"),
        ("!!!", None),
    ],
)
def test_a_status_is_one_class_word(status: str, shown: str | None) -> None:
    """Material makes the status a class in every page's navigation: one word, so that no
    page claims the theme's own classes."""
    meta = {"status": status}
    assert escape_theme_meta(meta, dict, lambda icon: True) == []
    assert meta["status"] == shown


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        (["https://grafana.example.com"], True),
        (["https://grafana.example.com:3000/"], True),
        (["https://grafana.example.com/d/x"], False),
        (["javascript:alert(1)"], False),
        (["grafana.example.com"], False),
        ("https://grafana.example.com", False),
    ],
)
def test_trusted_embeds_option_takes_origins(value: object, valid: bool) -> None:
    from sre_docs.plugin.config import SreDocsConfig

    config = SreDocsConfig()
    config.load_dict({"trusted_embeds": value})
    errors, _ = config.validate()
    assert (errors == []) is valid, errors
