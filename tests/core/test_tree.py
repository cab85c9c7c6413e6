"""The walk of the docs root: both ways of reading folders find the same tree."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from sre_docs import tree
from sre_docs.config import load_config
from tests.conftest import REPO


def test_walk_by_descriptor_and_by_path_agree(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "handbook"
    shutil.copytree(REPO / "content", root / "content")
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    docs = root / "content"
    (docs / "linked").symlink_to(docs / "guide", target_is_directory=True)
    (docs / "loop").mkdir()
    (docs / "loop" / "again").symlink_to(docs / "loop", target_is_directory=True)
    (docs / "away.md").symlink_to(tmp_path)
    (docs / "gone.md").symlink_to(tmp_path / "missing.md")
    os.mkfifo(docs / "pipe.md")
    config = load_config(None, cwd=root)
    walks = []
    for by_descriptor in (True, False):
        monkeypatch.setattr(tree, "_SCAN_BY_DESCRIPTOR", by_descriptor)
        walks.append(tree.walk(config, stats=True))
    by_descriptor, by_path = walks
    assert by_descriptor._replace(walked_ns=0) == by_path._replace(walked_ns=0)
    assert any(rel.startswith("linked/") for rel in by_descriptor.markdown)
    assert {rel for rel, _ in by_descriptor.outside} >= {"away.md", "gone.md", "pipe.md"}
