"""The `sre_docs` Python-Markdown extension, run by Python-Markdown itself.

Loaded by name as generators load it; the page found by Zensical's rendering context or by its
text; values escaped and raw HTML sanitised as the plugin does; the plugin drops it."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import markdown
import pytest
from markdown.preprocessors import Preprocessor

from sre_docs.site import extension
from tests.conftest import TODAY

SLO = """---
type: slo
title: Checkout availability
service: checkout-api
target: 99.9
window: 30d
current: 99.95
owner: "@payments-team"
---

# Checkout availability

What we measure.
"""

HOSTILE = """---
type: runbook
title: Raw HTML
alerts: [HostileAlert]
owner: "<img src=x onerror=alert(1)>"
service: checkout-api
last_reviewed: 2026-11-01
---

# Raw HTML

<script>alert(2)</script>

## Overview
## Impact
## Diagnosis
## Mitigation
## Escalation
"""


@pytest.fixture
def handbook(tmp_path: Path) -> Path:
    (tmp_path / "mkdocs.yml").write_text(
        f"site_name: T\ndocs_dir: docs\nplugins:\n  - sre-docs:\n      today: {TODAY}\n",
        encoding="utf-8",
    )
    for rel, text in {"slos/checkout.md": SLO, "runbooks/raw.md": HOSTILE}.items():
        path = tmp_path / "docs" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    (tmp_path / "docs" / "index.md").write_text("# Home\n\nPlain page.\n", encoding="utf-8")
    extension._HANDBOOKS.clear()
    return tmp_path


def _convert(root: Path, text: str, *extra: object) -> str:
    md = markdown.Markdown(
        extensions=["sre_docs", *extra],  # by name, through the entry point
        extension_configs={"sre_docs": {"config_file": str(root / "mkdocs.yml")}},
    )
    return md.convert(text)


def _body(text: str) -> str:
    return text.split("\n---\n", 1)[1]


def test_slo_page_found_by_its_text_gets_the_box(handbook: Path) -> None:
    html = _convert(handbook, _body(SLO))
    assert html.index("<h1") < html.index('class="admonition') < html.index("What we measure")
    assert "50 % of the error budget left" in html
    assert "!!!" not in html


def test_plain_page_gets_no_box(handbook: Path) -> None:
    assert "admonition" not in _convert(handbook, "# Home\n\nPlain page.\n")


class _Context(Preprocessor):
    """What Zensical registers: a `rendering_context` preprocessor holding the page."""

    def __init__(self, md: markdown.Markdown, page: SimpleNamespace, root: Path) -> None:
        super().__init__(md)
        self.page = page
        self.config = {"root_dir": str(root)}

    def run(self, lines: list[str]) -> list[str]:
        return lines


class _ContextExtension(markdown.Extension):
    def __init__(self, path: str, root: Path, meta: dict | None = None) -> None:
        super().__init__()
        self.page = SimpleNamespace(path=path, meta=meta or {}, rendered_metadata_title=None)
        self.root = root

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.preprocessors.register(_Context(md, self.page, self.root), "rendering_context", 0)


def test_page_found_by_the_generators_path(handbook: Path) -> None:
    # A text that matches no document: only the path says which page this is.
    md = markdown.Markdown(extensions=[_ContextExtension("slos/checkout.md", handbook), "sre_docs"])
    html = md.convert("# Checkout availability\n\nEdited since.\n")
    assert "of the error budget left" in html


def test_values_escaped_and_raw_html_removed(handbook: Path) -> None:
    html = _convert(handbook, _body(HOSTILE), "md_in_html")
    assert "<script" not in html and "<img" not in html
    # The owner, shown as written (the sanitiser writes `&#61;` as the `=` it is).
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "admonition" in html


def test_sanitize_html_false_keeps_raw_html(handbook: Path) -> None:
    config = handbook / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8") + "      sanitize_html: false\n", encoding="utf-8"
    )
    assert "<script>alert(2)</script>" in _convert(handbook, _body(HOSTILE))


def test_the_plugin_drops_the_extension() -> None:
    config = {
        "markdown_extensions": ["admonition", "sre_docs", "tables"],
        "mdx_configs": {"sre_docs": {"config_file": "x"}, "tables": {}},
    }
    extension.drop_extension(config)
    assert config == {
        "markdown_extensions": ["admonition", "tables"],
        "mdx_configs": {"tables": {}},
    }


def test_a_page_rendered_again_sees_the_handbook_as_it_is_now(handbook: Path) -> None:
    def render() -> str:
        context = _ContextExtension("slos/checkout.md", handbook)
        return markdown.Markdown(extensions=[context, "sre_docs"]).convert("# Checkout\n")

    assert "50 % of the error budget left" in render()
    slo = handbook / "docs" / "slos" / "checkout.md"
    slo.write_text(SLO.replace("current: 99.95", "current: 99.92"), encoding="utf-8")
    assert "20 % of the error budget left" in render()


def test_titles_go_back_to_zensical_escaped(handbook: Path) -> None:
    """Zensical prints a front-matter title as HTML, and a heading's through `striptags`."""
    context = _ContextExtension("notes/a.md", handbook, {"title": "<svg onload=alert(5)>"})
    markdown.Markdown(extensions=[context, "sre_docs"]).convert("")  # no body at all
    assert context.page.rendered_metadata_title == "&lt;svg onload=alert(5)&gt;"
    context = _ContextExtension("notes/b.md", handbook)
    source = "# &lt;/title&gt;&lt;script&gt;alert(12)&lt;/script&gt;\n"
    markdown.Markdown(
        extensions=[context, "toc", "sre_docs"], extension_configs={"toc": {"permalink": True}}
    ).convert(source)
    assert (
        context.page.rendered_metadata_title
        == "&lt;/title&gt;&lt;script&gt;alert(12)&lt;/script&gt;"
    )
    context = _ContextExtension("notes/c.md", handbook)
    markdown.Markdown(extensions=[context, "sre_docs"]).convert("# Plain title\n")
    assert context.page.rendered_metadata_title is None  # nothing to protect: left to Zensical


def test_tags_go_back_to_zensical_escaped(handbook: Path) -> None:
    """Zensical prints each tag's name as HTML: the page's tags are escaped strings, once, and
    a string is one tag."""
    context = _ContextExtension("notes/a.md", handbook, {"tags": "<svg onload=alert(6)>"})
    md = markdown.Markdown(extensions=[context, "sre_docs"])
    md.convert("# A\n")
    assert context.page.meta["tags"] == ["&lt;svg onload=alert(6)&gt;"]
    markdown.Markdown(extensions=[context, "sre_docs"]).convert("# A\n")  # an inner instance
    assert context.page.meta["tags"] == ["&lt;svg onload=alert(6)&gt;"]
