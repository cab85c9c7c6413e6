"""Files sre-docs writes get the mode an editor would give them: the umask's, or the replaced
file's; every command that writes a file goes through `write_atomic`."""

from __future__ import annotations

import os
import stat
import subprocess
from pathlib import Path

import pytest

from tests.conftest import REPO, sre_docs_executable


def _run_with_umask(umask: int, args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    def set_umask() -> None:
        os.umask(umask)

    return subprocess.run(
        [sre_docs_executable(), *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
        preexec_fn=set_umask,
        timeout=300,
    )


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.parametrize(("umask", "mode"), [(0o022, 0o644), (0o002, 0o664), (0o077, 0o600)])
def test_every_written_file_respects_the_umask(tmp_path: Path, umask: int, mode: int) -> None:
    handbook = tmp_path / "handbook"
    (handbook / "docs").mkdir(parents=True)
    (handbook / "mkdocs.yml").write_text("site_name: t\ndocs_dir: docs\nplugins:\n  - sre-docs\n")
    new = _run_with_umask(umask, ["new", "runbook", "Disk full"], handbook)
    assert new.returncode == 0, new.stderr
    assert _mode(handbook / "docs" / "runbooks" / "disk-full.md") == mode
    out = tmp_path / "out"
    for args, written in [
        (["export", "--out", str(out / "data.json")], out / "data.json"),
        (["lint", "--no-cache", "-o", str(out / "report.txt")], out / "report.txt"),
        (["build-pages", "--out", str(out / "pages")], out / "pages" / "reliability" / "index.md"),
    ]:
        result = _run_with_umask(umask, args, REPO)
        assert result.returncode == 0, (args, result.stderr)
        assert _mode(written) == mode, args


def test_a_replaced_file_keeps_its_mode(tmp_path: Path) -> None:
    from sre_docs.files import write_atomic

    target = tmp_path / "report.txt"
    target.write_text("old")
    target.chmod(0o640)
    write_atomic(target, "new")
    assert target.read_text() == "new" and _mode(target) == 0o640
