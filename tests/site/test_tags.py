"""One tag written as a string (`tags: post-mortem`, HackMD's form) through the real
`mkdocs build` with Material's tags plugin, which takes a list only."""

from __future__ import annotations

import re
from pathlib import Path

from tests.site.helpers import mkdocs, write_handbook

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
