"""Links resolved against the docs root, as `broken-link` and the stored answers read them."""

from __future__ import annotations

import posixpath
from urllib.parse import unquote, urlsplit

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sre_docs.handbook import resolve_link


def _by_urlsplit(source_rel: str, target: str) -> str | None:
    """What `resolve_link` means: the path part of the target as `urlsplit` reads it, decoded
    and joined to the linking page's folder; nothing for URLs, anchors and absolute paths."""
    target = target.strip()
    if not target or target.startswith(("#", "/", "\\")):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not unquote(parts.path):
        return None
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(source_rel), unquote(parts.path)))
    return "" if joined == "." else joined


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("../runbooks/checkout.md", "runbooks/checkout.md"),
        ("b.md#steps", "postmortems/b.md"),
        ("b%20c.md?x=1", "postmortems/b c.md"),
        ("https://example.com/a.md", None),
        ("mailto:oncall@example.com", None),
        ("#anchor", None),
        ("/abs.md", None),
        ("a\tb.md", "postmortems/ab.md"),
        ("../../outside.md", "../outside.md"),
    ],
)
def test_resolve_link(target: str, expected: str | None) -> None:
    assert resolve_link("postmortems/a.md", target) == expected


@settings(max_examples=500, deadline=None)
@given(
    st.sampled_from(["a.md", "x/y/z.md", "", "a b/c.md"]),
    st.text(alphabet="ab/.:?#%20 \t\n\x00é\\-", max_size=12),
)
def test_resolve_link_reads_targets_as_urlsplit_does(source: str, target: str) -> None:
    assert resolve_link(source, target) == _by_urlsplit(source, target)
