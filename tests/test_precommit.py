"""The pre-commit framework route: the README's snippet, `pre-commit install`, `git commit`.

The snippet's `repo` and `rev` are pointed at this repository's current commit; pre-commit
builds the hook's environment from it exactly as it would from the published repository."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest
import yaml

from tests.conftest import REPO, skip_or_fail
from tests.git_handbook import ORPHAN, POSTMORTEM, git, make_repository, tool_path


def readme_snippet() -> dict[str, object]:
    """The first ```yaml block of the README that configures `repos:`."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for block in re.findall(r"```yaml\n(.*?)```", readme, re.DOTALL):
        data = yaml.safe_load(block)
        if isinstance(data, dict) and "repos" in data:
            return data
    raise AssertionError("README.md has no pre-commit snippet")


def test_readme_snippet_shape() -> None:
    snippet = readme_snippet()
    (repository,) = snippet["repos"]  # type: ignore[misc]
    assert repository["repo"].startswith("https://")
    assert re.fullmatch(r"v\d+\.\d+\.\d+", repository["rev"])
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    ids = {hook["id"] for hook in hooks}
    assert {hook["id"] for hook in repository["hooks"]} <= ids
    from sre_docs import __version__

    assert repository["rev"] == f"v{__version__}"


@pytest.fixture(scope="module")
def pre_commit_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("pre-commit-home")


@pytest.fixture
def repository(tmp_path: Path, pre_commit_home: Path) -> Path:
    head = git(REPO, "rev-parse", "HEAD")
    if head.returncode != 0:
        skip_or_fail("this checkout has no commit for pre-commit to install from")
    dirty = git(
        REPO, "status", "--porcelain", "--", ".pre-commit-hooks.yaml", "sre_docs", "pyproject.toml"
    )
    if dirty.stdout.strip():
        pytest.skip("uncommitted changes to the package: pre-commit installs from HEAD")
    root = make_repository(tmp_path / "handbook")
    snippet = readme_snippet()
    snippet["repos"][0]["repo"] = str(REPO)  # type: ignore[index]
    snippet["repos"][0]["rev"] = head.stdout.strip()  # type: ignore[index]
    (root / ".pre-commit-config.yaml").write_text(yaml.safe_dump(snippet), encoding="utf-8")
    git(root, "add", ".pre-commit-config.yaml")
    git(root, "commit", "-q", "--no-verify", "-m", "pre-commit config")
    install = _pre_commit(root, pre_commit_home, "install")
    assert install.returncode == 0, install.stderr
    return root


def _pre_commit(root: Path, home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(Path(tool_path().split(os.pathsep)[0]) / "pre-commit"), *args],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
        env={**os.environ, "PRE_COMMIT_HOME": str(home), "PATH": tool_path()},
    )


def _commit(root: Path, home: Path, message: str) -> tuple[int, str]:
    result = git(
        root, "commit", "-m", message, env={"PRE_COMMIT_HOME": str(home), "PATH": tool_path()}
    )
    return result.returncode, result.stdout + result.stderr


def test_commits_are_checked(repository: Path, pre_commit_home: Path) -> None:
    path = repository / "docs" / "postmortems" / "pm-1.md"
    # A clean document commits.
    path.write_text(POSTMORTEM.replace("12 minutes", "13 minutes"), encoding="utf-8")
    git(repository, "add", "-A")
    status, output = _commit(repository, pre_commit_home, "clean")
    assert status == 0, output
    # An orphan action item is refused, with the finding printed.
    path.write_text(ORPHAN, encoding="utf-8")
    git(repository, "add", "-A")
    status, output = _commit(repository, pre_commit_home, "orphan")
    assert status != 0 and "AI001 [orphan-action-item]" in output, output
    # A staged fix with a bad unstaged edit commits: the index is what is checked.
    path.write_text(POSTMORTEM, encoding="utf-8")
    git(repository, "add", "-A")
    path.write_text(ORPHAN, encoding="utf-8")
    status, output = _commit(repository, pre_commit_home, "staged fix")
    assert status == 0, output
    assert path.read_text(encoding="utf-8") == ORPHAN
    git(repository, "checkout", "--", ".")
    # Deleting a runbook that an SLO still links is refused, though the SLO is not staged.
    git(repository, "rm", "-q", "docs/runbooks/checkout.md")
    status, output = _commit(repository, pre_commit_home, "delete runbook")
    assert status != 0 and "[broken-runbook-link]" in output, output
