"""The plain git hook `hooks/pre-commit` (core.hooksPath) with the real `git commit`.

The staged version of the handbook is what is linted: a staged fix commits even with a bad
unstaged edit, and a staged breakage is refused with the finding printed."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import REPO
from tests.git_handbook import ORPHAN, POSTMORTEM, git, make_repository, tool_path


@pytest.fixture
def repository(tmp_path: Path) -> Path:
    root = make_repository(tmp_path / "handbook")
    shutil.copytree(REPO / "hooks", root / "hooks")
    git(root, "config", "core.hooksPath", "hooks")
    return root


def _commit(root: Path, message: str) -> tuple[int, str]:
    result = git(root, "commit", "-m", message, env={"PATH": tool_path()})
    return result.returncode, result.stdout + result.stderr


def test_clean_document_commits(repository: Path) -> None:
    path = repository / "docs" / "postmortems" / "pm-1.md"
    path.write_text(POSTMORTEM.replace("12 minutes", "13 minutes"), encoding="utf-8")
    git(repository, "add", "-A")
    status, output = _commit(repository, "clean edit")
    assert status == 0, output


def test_orphan_action_item_is_refused(repository: Path) -> None:
    (repository / "docs" / "postmortems" / "pm-1.md").write_text(ORPHAN, encoding="utf-8")
    git(repository, "add", "-A")
    status, output = _commit(repository, "orphan")
    assert status != 0
    assert "docs/postmortems/pm-1.md:10:1: AI001 [orphan-action-item]" in output
    assert "commit blocked" in output


def test_deleted_runbook_is_refused(repository: Path) -> None:
    git(repository, "rm", "-q", "docs/runbooks/checkout.md")
    status, output = _commit(repository, "delete runbook")
    assert status != 0
    assert "docs/slos/checkout.md" in output and "[broken-runbook-link]" in output


def test_index_is_checked_not_the_working_tree(repository: Path) -> None:
    path = repository / "docs" / "postmortems" / "pm-1.md"
    path.write_text(ORPHAN, encoding="utf-8")
    git(repository, "add", "-A")
    assert _commit(repository, "orphan")[0] != 0
    path.write_text(POSTMORTEM, encoding="utf-8")
    git(repository, "add", "-A")  # the fix is staged ...
    path.write_text(ORPHAN + "\nHuman error.\n", encoding="utf-8")  # ... a bad edit is not
    status, output = _commit(repository, "staged fix")
    assert status == 0, output
    assert path.read_text(encoding="utf-8").endswith("Human error.\n")  # the edit is kept


def test_missing_sre_docs_blocks_with_a_clear_message(repository: Path) -> None:
    (repository / "docs" / "x.md").write_text("# x\n", encoding="utf-8")
    git(repository, "add", "-A")
    result = git(repository, "commit", "-m", "x", env={"PATH": "/usr/bin:/bin"})
    assert result.returncode != 0 and "sre-docs: not installed" in result.stderr
