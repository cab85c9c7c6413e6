"""The HTML sanitizer: active content removed, ordinary HTML returned unchanged."""

from __future__ import annotations

import pytest

from sre_docs.site.sanitize import sanitize_html

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
