"""The baseline file and the lines it keys findings by are input: a hostile or odd one is a
one-line error, and reading the lines of the findings' files never blocks or runs on."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.conftest import TODAY, run_cli

MKDOCS_YML = "site_name: t\ndocs_dir: docs\nplugins:\n  - sre-docs\n"


def _handbook(root: Path) -> Path:
    (root / "docs" / "runbooks").mkdir(parents=True)
    (root / "mkdocs.yml").write_text(MKDOCS_YML, encoding="utf-8")
    (root / "docs" / "runbooks" / "disk.md").write_text("# Disk\n\nText.\n", encoding="utf-8")
    return root


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes on this system")
def test_a_document_linked_to_a_pipe_does_not_block_the_baseline(tmp_path: Path) -> None:
    """A committed link to a pipe or a device (`/dev/zero`, `/dev/stdin`) is an unreadable
    file for the linter; keying its finding by its line text read through the link blocked
    (a pipe nobody writes) or never ended (`/dev/zero`)."""
    root = _handbook(tmp_path / "handbook")
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    (root / "docs" / "runbooks" / "pipe.md").symlink_to(pipe)
    lint = ["lint", "--no-cache", "--today", TODAY, "--baseline", "baseline.json"]
    written = run_cli([*lint, "--write-baseline"], root, timeout=60)
    assert written.returncode == 0, written.stderr
    assert '"path": "docs/runbooks/pipe.md"' in (root / "baseline.json").read_text()
    known = run_cli(lint, root, timeout=60)
    assert known.returncode == 0, known.stderr
    assert "known findings" in known.stderr
