"""One tag written as a string (`tags: post-mortem`, HackMD's form) through the real
`mkdocs build` with Material's tags plugin, which takes a list only."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import run_cli
from tests.site.helpers import MKDOCS_YML, mkdocs, write_handbook

POSTMORTEM = """---
type: postmortem
id: PM-1
title: Artifact cache outage
date: 2026-10-02
severity: SEV3
status: final
reviewers: ["@ines"]
services: [artifact-cache]
tags: post-mortem
---
# Artifact cache outage

## What Happened
The cache answered 503 for forty minutes.
## Timeline
- **09:10** first 503
- **09:50** cache node replaced
## Root Cause
The cache node's disk filled up.
## Fix
Old artifacts are pruned every hour.
"""


def test_string_tags_build_with_materials_tags_plugin(tmp_path: Path) -> None:
    root = write_handbook(
        tmp_path,
        {
            "postmortems/2026-10-02-artifact-cache.md": POSTMORTEM,
            "tags.md": "# Tags\n\n<!-- material/tags -->\n",
        },
    )
    config = root / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("  - search\n", "  - search\n  - tags\n"),
        encoding="utf-8",
    )
    site = root / "site"
    result = mkdocs(root, "build", "--strict", "--site-dir", str(site))
    assert result.returncode == 0, result.stderr
    index = (site / "tags" / "index.html").read_text(encoding="utf-8")
    listed = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", index))
    # The tag lists the postmortem: the plugin gave Material the list it needs.
    assert "post-mortem" in listed and "Artifact cache outage" in listed


# Tags Material's tags plugin (and Zensical) would print as HTML, and values it would abort the
# build on: each a schema-violation for the linter, none a script or a traceback on the site.
HOSTILE_TAGS = {
    "string": "'<img src=x onerror=alert(1)>'",
    "list": "['<svg onload=alert(2)>', '\"><script>alert(3)</script>', '{{ 7*7 }}']",
    "several": "'a,,<b>b</b>'",
    "boolean": "true",
    "date": "2026-01-01",
    "number": "123",
    "nested": "[a, [b], {c: d}, null]",
    "empty": "''",
    "nothing": "null",
    "comma": "','",
}
PAYLOADS = ("<img src=x onerror", "<svg onload", "<script>alert", "<b>b</b>")


def _hostile_tag_pages() -> dict[str, str]:
    pages = {"index.md": "# Home\n", "tags.md": "# Tags\n\n<!-- material/tags -->\n"}
    for name, value in HOSTILE_TAGS.items():
        pages[f"notes/{name}.md"] = f"---\ntags: {value}\n---\n# Tags {name}\n"
    return pages


@pytest.mark.parametrize("tags_first", [True, False])
def test_hostile_tags_are_text_with_materials_tags_plugin(tmp_path: Path, tags_first: bool) -> None:
    root = write_handbook(tmp_path, _hostile_tag_pages())
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    text = (
        text.replace("  - search\n", "  - search\n  - tags\n")
        if tags_first
        else text + "  - tags\n"
    )
    config.write_text(text, encoding="utf-8")
    site = root / "site"
    result = mkdocs(root, "build", "--site-dir", str(site))
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    for page in site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert not [payload for payload in PAYLOADS if payload in html], page
    index = (site / "tags" / "index.html").read_text(encoding="utf-8")
    for shown in ("&lt;img src=x onerror=alert(1)&gt;", "&lt;svg onload=alert(2)&gt;", "{{ 7*7 }}"):
        assert shown in index
    assert "&amp;lt;" not in index  # escaped once
    # A date or a number is read as its text; what is no tag (true, a list, null) is not shown.
    assert ">2026-01-01<" in index.replace("\n", "").replace(" ", "")
    assert ">True<" not in index.replace("\n", "").replace(" ", "")


def test_hostile_tags_are_text_with_zensical(tmp_path: Path) -> None:
    root = write_handbook(tmp_path, _hostile_tag_pages())
    (root / "mkdocs.yml").write_text(
        MKDOCS_YML.replace("  - tables\n", "  - tables\n  - sre_docs\n"), encoding="utf-8"
    )
    result = run_cli(["site", "build", "--with", "zensical"], cwd=root)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    for page in (root / "site").rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert not [payload for payload in PAYLOADS if payload in html], page
    string = (root / "site" / "notes" / "string" / "index.html").read_text(encoding="utf-8")
    assert 'md-tag">&lt;img src=x onerror=alert(1)&gt;' in string.replace("\n", "")
