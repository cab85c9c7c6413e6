"""The plain git hooks of `hooks/` (core.hooksPath) with the real `git commit` and `git merge`.

What is about to be committed is linted, not the working tree: a staged fix commits even with
a bad unstaged edit, and a staged breakage is refused with the finding printed."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tests.conftest import REPO
from tests.git_handbook import ORPHAN, POSTMORTEM, git, make_repository, tool_path
from tests.test_precommit import OVERDUE, merge_breaks_the_handbook, stage

PM = "docs/postmortems/pm-1.md"


@pytest.fixture
def repository(tmp_path: Path) -> Path:
    root = make_repository(tmp_path / "handbook")
    shutil.copytree(REPO / "hooks", root / "hooks")
    git(root, "add", "hooks")
    git(root, "commit", "-q", "--no-verify", "-m", "hooks")
    git(root, "config", "core.hooksPath", "hooks")
    return root


def _run(root: Path, *args: str, env: dict[str, str] | None = None) -> tuple[int, str]:
    result = git(root, *args, env={"PATH": tool_path(), "SRE_DOCS": "", **(env or {})})
    return result.returncode, result.stdout + result.stderr


def _commit(root: Path, *args: str, env: dict[str, str] | None = None) -> tuple[int, str]:
    return _run(root, "commit", "-m", "change", *args, env=env)


def _commits(root: Path) -> int:
    return int(git(root, "rev-list", "--count", "HEAD").stdout)


def test_hooks_are_executable_posix_shell() -> None:
    for hook in (REPO / "hooks").iterdir():
        assert os.access(hook, os.X_OK), hook
        assert hook.read_text(encoding="utf-8").startswith("#!/bin/sh\n"), hook


def test_clean_document_commits(repository: Path) -> None:
    stage(repository, PM, POSTMORTEM.replace("12 minutes", "13 minutes"))
    status, output = _commit(repository)
    assert status == 0, output
    assert "All checks passed" in output


def test_orphan_action_item_is_refused(repository: Path) -> None:
    stage(repository, PM, ORPHAN)
    before = _commits(repository)
    status, output = _commit(repository)
    assert status != 0
    assert f"{PM}:10:1: AI001 [orphan-action-item]" in output, output
    assert "sre-docs: commit blocked" in output
    assert _commits(repository) == before


def test_deleted_runbook_is_refused(repository: Path) -> None:
    git(repository, "rm", "-q", "docs/runbooks/checkout.md")
    status, output = _commit(repository)
    assert status != 0
    assert "docs/slos/checkout.md:15:1: RB002 [broken-runbook-link]" in output, output


def test_index_is_checked_not_the_working_tree(repository: Path) -> None:
    path = stage(repository, PM, ORPHAN)
    assert _commit(repository)[0] != 0
    stage(repository, PM, POSTMORTEM.replace("12 minutes", "13 minutes"))  # a staged fix ...
    bad_edit = ORPHAN + "\nIt was human error.\n"
    path.write_text(bad_edit, encoding="utf-8")  # ... a bad edit is not
    status, output = _commit(repository)
    assert status == 0, output
    assert path.read_text(encoding="utf-8") == bad_edit  # the edit is kept
    # ... and the other way round: a staged breakage with a clean working tree is refused.
    stage(repository, PM, ORPHAN)
    path.write_text(POSTMORTEM, encoding="utf-8")
    status, output = _commit(repository)
    assert status != 0 and "[orphan-action-item]" in output, output


def test_commit_all_and_commit_paths_check_what_they_commit(repository: Path) -> None:
    path = repository / PM
    path.write_text(ORPHAN, encoding="utf-8")  # not staged: `commit -a` takes it
    status, output = _commit(repository, "-a")
    assert status != 0 and "[orphan-action-item]" in output, output
    # Staged, but `git commit PATH` commits only the clean SLO edit.
    git(repository, "add", "-A")
    slo = repository / "docs" / "slos" / "checkout.md"
    slo.write_text(slo.read_text(encoding="utf-8") + "\nMore.\n", encoding="utf-8")
    status, output = _commit(repository, "--", "docs/slos/checkout.md")
    assert status == 0, output
    assert git(repository, "diff", "--cached", "--name-only").stdout.strip() == PM


def test_merge_commits_are_checked(repository: Path) -> None:
    runbook = (repository / "docs" / "runbooks" / "checkout.md").read_text(encoding="utf-8")
    stage(
        repository,
        "docs/runbooks/search.md",
        runbook.replace("RB-1", "RB-2").replace("CheckoutFastBurn", "SearchFastBurn"),
    )
    assert _commit(repository)[0] == 0
    merge_breaks_the_handbook(repository, lambda: _commit(repository))
    status, output = _run(repository, "merge", "--no-edit", "feature")
    assert status != 0
    assert "docs/slos/search.md:15:1: RB002 [broken-runbook-link]" in output, output


def test_strict_through_sre_docs_args(repository: Path) -> None:
    stage(repository, PM, OVERDUE)
    status, output = _commit(repository, env={"SRE_DOCS_ARGS": "--strict"})
    assert status != 0 and "[overdue-action-item]" in output, output
    status, output = _commit(repository)
    assert status == 0, output


def test_staged_copy_is_kept_in_step(repository: Path, own_cache_home: Path) -> None:
    """The copy in .git is updated in place: deleted files go, a broken copy is rebuilt."""
    copy = repository / ".git" / "sre-docs-staged"
    stage(repository, "docs/extra.md", "# Extra\n")
    assert _commit(repository)[0] == 0
    assert (copy / "docs" / "extra.md").is_file()
    assert list((own_cache_home / "sre-docs").glob("lint-*.sqlite"))  # not in the copy
    assert not (copy / ".sre_docs_cache").exists()
    git(repository, "rm", "-q", "docs/extra.md")
    assert _commit(repository)[0] == 0
    assert not (copy / "docs" / "extra.md").exists()
    # An interrupted run left a lock and a damaged copy behind.
    (repository / ".git" / "sre-docs-staged.index.lock").touch()
    (copy / "docs" / "runbooks" / "checkout.md").unlink()
    stage(repository, PM, POSTMORTEM.replace("12 minutes", "13 minutes"))
    status, output = _commit(repository)
    assert status == 0, output


def test_usage_or_configuration_error_blocks(repository: Path) -> None:
    stage(repository, "mkdocs.yml", "site_name: [unclosed\n")
    status, output = _commit(repository)
    assert status != 0
    assert "mkdocs.yml" in output and "could not check the staged handbook" in output, output


def test_missing_sre_docs_blocks_with_a_clear_message(repository: Path) -> None:
    stage(repository, "docs/x.md", "# x\n")
    status, output = _commit(repository, env={"PATH": "/usr/bin:/bin"})
    assert status != 0
    assert "sre-docs: commit blocked: sre-docs is not installed" in output
    assert "pip install /path/to/sre-docs, a clone or its wheel" in output


def test_sre_docs_found_in_the_repository_venv(repository: Path) -> None:
    venv_bin = repository / ".venv" / "bin"
    venv_bin.mkdir(parents=True)
    (venv_bin / "sre-docs").symlink_to(Path(tool_path().split(os.pathsep)[0]) / "sre-docs")
    with (repository / ".gitignore").open("a", encoding="utf-8") as ignore:
        ignore.write(".venv/\n")
    stage(repository, PM, ORPHAN)
    status, output = _commit(repository, env={"PATH": "/usr/bin:/bin"})
    assert status != 0 and "[orphan-action-item]" in output, output
