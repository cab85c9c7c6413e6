"""The pre-commit framework route: the README's snippet, `pre-commit install`, `git commit`.

The snippet's `repo` and `rev` point at a one-commit copy of this checkout (uncommitted changes
included); pre-commit builds the hook's environment from it as it would from the release."""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from tests.conftest import REPO, skip_or_fail
from tests.git_handbook import ORPHAN, POSTMORTEM, git, make_repository

GUIDE = REPO / "content" / "guide" / "pre-commit.md"
HOOK_IDS = ("sre-docs", "sre-docs-strict", "sre-docs-files")
# Commits run with the system's PATH only: the hook must bring its own sre-docs.
SYSTEM_PATH = os.pathsep.join(("/usr/local/bin", "/usr/bin", "/bin"))
OVERDUE = POSTMORTEM.replace("due: 2026-12-15", "due: 2026-11-01")


def snippet_text(path: Path) -> str:
    """The first ```yaml block of a markdown file that configures `repos:`."""
    for block in re.findall(r"^```yaml\n(.*?)^```", path.read_text(encoding="utf-8"), re.M | re.S):
        if re.search(r"^repos:", block, re.M):
            return block
    raise AssertionError(f"{path.name} has no pre-commit snippet")


def test_readme_snippet_is_the_guide_snippet() -> None:
    assert snippet_text(REPO / "README.md") == snippet_text(GUIDE)


def test_readme_snippet_shape() -> None:
    snippet = yaml.safe_load(snippet_text(REPO / "README.md"))
    (repository,) = snippet["repos"]
    assert repository["repo"] == "/opt/sre-docs"  # the clone the README installs from
    from sre_docs import __version__

    assert repository["rev"] == f"v{__version__}"
    assert [hook["id"] for hook in repository["hooks"]] == ["sre-docs"]


def test_hook_definitions() -> None:
    hooks = {
        hook["id"]: hook
        for hook in yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    }
    assert tuple(hooks) == HOOK_IDS
    for hook in hooks.values():
        assert hook["language"] == "python"
        assert hook["entry"].startswith("sre-docs lint")
        assert hook["require_serial"] is True
    for name in ("sre-docs", "sre-docs-strict"):
        # Deleted files are never passed: only a whole-handbook run on every commit sees them.
        assert hooks[name]["pass_filenames"] is False and hooks[name]["always_run"] is True
    assert hooks["sre-docs-strict"]["entry"] == "sre-docs lint --strict"
    assert hooks["sre-docs-files"]["pass_filenames"] is True
    assert "markdown" in hooks["sre-docs-files"]["types_or"]
    validated = subprocess.run(
        [_pre_commit_command(), "validate-manifest", ".pre-commit-hooks.yaml"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert validated.returncode == 0, validated.stdout + validated.stderr


@dataclass(frozen=True, slots=True)
class HookSource:
    """A repository pre-commit can install the hooks from, and the pre-commit home to use."""

    repo: Path
    rev: str
    home: Path


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    with path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _pre_commit_command() -> str:
    found = Path(sys.executable).parent / "pre-commit"
    if found.exists():
        return str(found)
    which = shutil.which("pre-commit")
    if which is None:
        skip_or_fail("pre-commit is not installed (pip install -e '.[test]')")
    return str(which)


def _snapshot(destination: Path) -> str:
    """Copy this checkout's files (tracked or new, not ignored) into a one-commit repository."""
    listed = git(REPO, "ls-files", "-z", "--cached", "--others", "--exclude-standard")
    assert listed.returncode == 0, listed.stderr
    destination.mkdir(parents=True)
    for name in filter(None, listed.stdout.split("\0")):
        source = REPO / name
        if source.is_symlink() or not source.is_file():
            continue  # deleted in the working tree, or not a plain file
        target = destination / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, target)
    for args in (
        ("init", "-q", "-b", "main"),
        ("add", "-A"),
        ("-c", "user.name=T", "-c", "user.email=t@example.com", "commit", "-q", "-m", "snapshot"),
    ):
        result = git(destination, *args)
        assert result.returncode == 0, result.stderr
    return git(destination, "rev-parse", "HEAD").stdout.strip()


@pytest.fixture(scope="session")
def hook_source(tmp_path_factory: pytest.TempPathFactory) -> HookSource:
    """Built once per test run, shared by pytest-xdist's workers: the environment pre-commit
    builds (a `pip install` of sre-docs and its dependencies) is the slow part."""
    base = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        base = base.parent  # the folder of this run, shared by every worker
    shared = base / "pre-commit-shared"
    shared.mkdir(exist_ok=True)
    with _locked(shared / "lock"):
        repo, home, rev_file = shared / "sre-docs", shared / "home", shared / "rev"
        if not rev_file.exists():
            shutil.rmtree(repo, ignore_errors=True)
            rev_file.write_text(_snapshot(repo), encoding="utf-8")
        source = HookSource(repo, rev_file.read_text(encoding="utf-8"), home)
        ready = shared / "environment-ready"
        if not ready.exists():
            # Build the environment here, under the lock, not inside the first commit.
            scratch = shared / "install"
            shutil.rmtree(scratch, ignore_errors=True)
            scratch.mkdir()
            git(scratch, "init", "-q")
            _write_config(scratch, source, HOOK_IDS)
            result = _pre_commit(scratch, source, "install-hooks")
            log = home / "pre-commit.log"
            details = log.read_text(encoding="utf-8") if log.exists() else ""
            assert result.returncode == 0, result.stdout + result.stderr + details
            ready.touch()
    return source


def _write_config(root: Path, source: HookSource, hook_ids: Sequence[str]) -> None:
    """The README's snippet, pointed at the snapshot, with the given hooks."""
    snippet = yaml.safe_load(snippet_text(REPO / "README.md"))
    repository = snippet["repos"][0]
    repository["repo"] = str(source.repo)
    repository["rev"] = source.rev
    repository["hooks"] = [{**repository["hooks"][0], "id": hook_id} for hook_id in hook_ids]
    (root / ".pre-commit-config.yaml").write_text(yaml.safe_dump(snippet), encoding="utf-8")


def _pre_commit(root: Path, source: HookSource, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [_pre_commit_command(), *args],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=1200,
        check=False,
        env={**os.environ, "PRE_COMMIT_HOME": str(source.home)},
    )


def _install(root: Path, source: HookSource, hook_ids: Sequence[str] = ("sre-docs",)) -> Path:
    make_repository(root)
    _write_config(root, source, hook_ids)
    git(root, "add", ".pre-commit-config.yaml")
    git(root, "commit", "-q", "--no-verify", "-m", "pre-commit config")
    result = _pre_commit(root, source, "install")
    assert result.returncode == 0, result.stdout + result.stderr
    return root


def _commit(root: Path, source: HookSource, *args: str) -> tuple[int, str]:
    result = git(
        root,
        "commit",
        "-m",
        "change",
        *args,
        env={"PRE_COMMIT_HOME": str(source.home), "PATH": SYSTEM_PATH},
    )
    return result.returncode, result.stdout + result.stderr


@pytest.fixture
def repository(tmp_path: Path, hook_source: HookSource) -> Path:
    return _install(tmp_path / "handbook", hook_source)


def stage(root: Path, rel: str, text: str) -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    git(root, "add", "-A")
    return path


PM = "docs/postmortems/pm-1.md"


def test_clean_document_commits(repository: Path, hook_source: HookSource) -> None:
    stage(repository, PM, POSTMORTEM.replace("12 minutes", "13 minutes"))
    status, output = _commit(repository, hook_source)
    assert status == 0, output
    assert re.search(r"sre-docs lint\.+Passed", output), output


def test_orphan_action_item_is_refused(repository: Path, hook_source: HookSource) -> None:
    stage(repository, PM, ORPHAN)
    status, output = _commit(repository, hook_source)
    assert status != 0
    assert f"{PM}:10:1: AI001 [orphan-action-item]" in output, output
    assert git(repository, "rev-list", "--count", "HEAD").stdout.strip() == "2"


def test_deleted_runbook_is_refused(repository: Path, hook_source: HookSource) -> None:
    git(repository, "rm", "-q", "docs/runbooks/checkout.md")
    status, output = _commit(repository, hook_source)
    assert status != 0
    assert "docs/slos/checkout.md:15:1: RB002 [broken-runbook-link]" in output, output


def test_index_is_checked_not_the_working_tree(repository: Path, hook_source: HookSource) -> None:
    path = stage(repository, PM, POSTMORTEM.replace("12 minutes", "13 minutes"))
    bad_edit = ORPHAN + "\nIt was human error.\n"
    path.write_text(bad_edit, encoding="utf-8")  # not staged
    status, output = _commit(repository, hook_source)
    assert status == 0, output
    assert path.read_text(encoding="utf-8") == bad_edit  # pre-commit put the edit back
    # ... and the other way round: a staged breakage with a clean working tree is refused.
    stage(repository, PM, ORPHAN)
    path.write_text(POSTMORTEM, encoding="utf-8")
    status, output = _commit(repository, hook_source)
    assert status != 0 and "[orphan-action-item]" in output, output


def test_warnings_block_only_the_strict_hook(tmp_path: Path, hook_source: HookSource) -> None:
    plain = _install(tmp_path / "plain", hook_source, ["sre-docs"])
    stage(plain, PM, OVERDUE)
    status, output = _commit(plain, hook_source)
    assert status == 0, output
    strict = _install(tmp_path / "strict", hook_source, ["sre-docs-strict"])
    stage(strict, PM, OVERDUE)
    status, output = _commit(strict, hook_source)
    assert status != 0
    assert f"{PM}:10:1: AI002 [overdue-action-item]" in output, output


def test_staged_files_hook(tmp_path: Path, hook_source: HookSource) -> None:
    root = _install(tmp_path / "handbook", hook_source, ["sre-docs-files"])
    config = (root / "mkdocs.yml").read_text(encoding="utf-8")
    (root / "mkdocs.yml").write_text(
        config + '      alert_rules: ["alerts/*.yml"]\n', encoding="utf-8"
    )
    stage(root, PM, ORPHAN)  # a broken document already in the history
    git(root, "commit", "-q", "--no-verify", "-m", "broken postmortem, alert rules")
    # Findings in files that are not staged are not reported ...
    slo = root / "docs" / "slos" / "checkout.md"
    stage(root, "docs/slos/checkout.md", slo.read_text(encoding="utf-8") + "\nMore.\n")
    status, output = _commit(root, hook_source)
    assert status == 0, output
    # ... a staged file is checked against the whole handbook ...
    rules = "groups:\n  - name: checkout\n    rules:\n"
    answered = rules + "      - alert: CheckoutFastBurn\n        expr: x > 1\n"
    stage(root, "alerts/checkout.yml", answered + "      - alert: CheckoutSlow\n        expr: y\n")
    status, output = _commit(root, hook_source)
    assert status != 0
    assert "alerts/checkout.yml:6:1: RB001 [missing-runbook-link]" in output, output
    stage(root, "alerts/checkout.yml", answered)
    status, output = _commit(root, hook_source)
    assert status == 0, output
    # ... and, the trade-off, a commit that only deletes a linked runbook is not checked.
    git(root, "rm", "-q", "docs/runbooks/checkout.md")
    status, output = _commit(root, hook_source)
    assert status == 0, output


def test_staged_files_with_hostile_names(tmp_path: Path, hook_source: HookSource) -> None:
    """Staged names that look like options stay file names: nothing is overwritten, every
    staged file is checked."""
    root = _install(tmp_path / "handbook", hook_source, ["sre-docs-files"])
    readme = root / "README.md"
    readme.write_text("KEEP\n", encoding="utf-8")
    git(root, "add", "README.md")
    git(root, "commit", "-q", "--no-verify", "-m", "readme")
    clean = (root / "docs" / "slos" / "checkout.md").read_text(encoding="utf-8")
    stage(root, "--output=README.md", "# Notes\n")
    stage(root, "docs/-rf.md", "# Notes\n")
    stage(root, "docs/slos/--output=x.md", clean.replace("owner:", "owner_typo:"))
    status, output = _commit(root, hook_source)
    assert status != 0, output
    assert readme.read_text(encoding="utf-8") == "KEEP\n"
    assert "docs/slos/--output=x.md:" in output, output
    assert "exit code: 2" not in output, output


def test_merge_commits_are_checked(tmp_path: Path, hook_source: HookSource) -> None:
    """With `default_install_hook_types: [pre-commit, pre-merge-commit]`, as the guide says."""
    root = make_repository(tmp_path / "handbook")
    runbook = (root / "docs" / "runbooks" / "checkout.md").read_text(encoding="utf-8")
    stage(
        root,
        "docs/runbooks/search.md",
        runbook.replace("RB-1", "RB-2").replace("CheckoutFastBurn", "SearchFastBurn"),
    )
    _write_config(root, hook_source, ["sre-docs"])
    config = root / ".pre-commit-config.yaml"
    config.write_text(
        "default_install_hook_types: [pre-commit, pre-merge-commit]\n"
        + config.read_text(encoding="utf-8"),
        encoding="utf-8",
    )
    git(root, "add", "-A")
    git(root, "commit", "-q", "--no-verify", "-m", "search runbook, pre-commit config")
    result = _pre_commit(root, hook_source, "install")
    assert result.returncode == 0, result.stdout + result.stderr
    assert (root / ".git" / "hooks" / "pre-merge-commit").exists()
    merge_breaks_the_handbook(root, lambda: _commit(root, hook_source))
    merged = git(
        root,
        "merge",
        "--no-edit",
        "feature",
        env={"PRE_COMMIT_HOME": str(hook_source.home), "PATH": SYSTEM_PATH},
    )
    assert merged.returncode != 0, merged.stdout + merged.stderr
    assert "[broken-runbook-link]" in merged.stdout + merged.stderr


def merge_breaks_the_handbook(root: Path, commit: Callable[[], tuple[int, str]]) -> None:
    """Commit on two branches, each clean: `feature` adds an SLO linking the search runbook,
    `main` deletes that runbook. Merging `feature` into `main` breaks the handbook."""
    slo = (root / "docs" / "slos" / "checkout.md").read_text(encoding="utf-8")
    git(root, "switch", "-q", "-c", "feature")
    stage(
        root,
        "docs/slos/search.md",
        slo.replace("SLO-1", "SLO-2")
        .replace("checkout-api", "search-api")
        .replace("CheckoutFastBurn", "SearchFastBurn")
        .replace("runbooks/checkout.md", "runbooks/search.md"),
    )
    status, output = commit()
    assert status == 0, output
    git(root, "switch", "-q", "main")
    git(root, "rm", "-q", "docs/runbooks/search.md")
    status, output = commit()
    assert status == 0, output
