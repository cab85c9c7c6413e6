"""Files sre-docs writes get the mode an editor would give them: the umask's, or the replaced
file's; every command that writes a file goes through `write_atomic`."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import threading
from pathlib import Path

import pytest

from sre_docs.errors import UserError
from sre_docs.files import write_atomic
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


def _read_fifo(fifo: Path, received: list[bytes]) -> threading.Thread:
    def read() -> None:
        with open(fifo, "rb") as stream:
            received.append(stream.read())

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    return reader


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes on this system")
@pytest.mark.parametrize("through_link", [False, True])
def test_a_pipe_is_written_into_not_replaced(tmp_path: Path, through_link: bool) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    target = fifo
    if through_link:
        target = tmp_path / "link"
        target.symlink_to(fifo)
    received: list[bytes] = []
    reader = _read_fifo(fifo, received)
    write_atomic(target, "report\n", named_output=True)
    reader.join(timeout=30)
    assert received == [b"report\n"]
    assert stat.S_ISFIFO(os.stat(target).st_mode)  # still a pipe: nothing renamed over it
    assert sorted(path.name for path in tmp_path.iterdir()) == sorted(
        ["pipe", *(["link"] if through_link else [])]
    )


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes on this system")
def test_a_pipe_nobody_reads_is_an_error_not_a_hang(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(UserError, match="nothing reads it"):
        write_atomic(fifo, "report\n", named_output=True)
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes on this system")
def test_a_link_in_a_tree_is_replaced_never_written_through(tmp_path: Path) -> None:
    """A page sre-docs writes into a tree, where a repository put a link to a device or a
    pipe: the link is replaced by the page, and what it points at is left alone."""
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    page = tmp_path / "index.md"
    page.symlink_to(fifo)
    write_atomic(page, "# Page\n")  # no reader: a write through the link would block
    assert not page.is_symlink() and page.read_text() == "# Page\n"
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes on this system")
def test_lint_output_to_a_pipe(tmp_path: Path) -> None:
    """`sre-docs lint -o PIPE` (as `-o /dev/stdout` is) writes the report into the pipe."""
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = _read_fifo(fifo, received)
    result = subprocess.run(
        [sre_docs_executable(), "lint", "--format", "json", "--output", str(fifo), "content"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    reader.join(timeout=30)
    assert result.returncode == 0, result.stderr
    assert received and json.loads(received[0]) == []
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)


def _small_handbook(root: Path) -> Path:
    (root / "docs").mkdir(parents=True)
    (root / "mkdocs.yml").write_text("site_name: t\ndocs_dir: docs\nplugins:\n  - sre-docs\n")
    (root / "a-folder").mkdir()
    (root / "a-file").write_text("mine\n")
    return root


@pytest.mark.parametrize(
    "args",
    [
        ["lint", "--no-cache", "-o", "a-folder"],
        ["lint", "--no-cache", "-o", "a-file/report.txt"],
        ["lint", "--no-cache", "-o", "a-file/deeper/report.txt"],
        ["rules", "-o", "a-folder"],
        ["export", "--out", "a-folder"],
        ["build-pages", "--out", "a-file"],
    ],
)
def test_an_output_that_cannot_be_written_is_a_one_line_error(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    args: list[str],
) -> None:
    """`-o` naming a folder, or a path below a file: exit 2 and one line naming the output,
    never an internal error; the file and folder are left as they were."""
    from sre_docs.cli import main

    root = _small_handbook(tmp_path)
    monkeypatch.chdir(root)
    assert main(args) == 2
    error = capsys.readouterr().err.strip().splitlines()
    assert len(error) == 1 and error[0].startswith("sre-docs: error: "), error
    assert "cannot write" in error[0] and "internal error" not in error[0], error
    assert (root / "a-file").read_text() == "mine\n"
    assert sorted(p.name for p in root.iterdir()) == ["a-file", "a-folder", "docs", "mkdocs.yml"]
    assert list((root / "a-folder").iterdir()) == []


@pytest.mark.parametrize("exclusive", [False, True])
def test_a_name_as_long_as_the_system_allows_is_written(tmp_path: Path, exclusive: bool) -> None:
    """The temporary file's name is no longer than the file's: a name of 255 bytes (what
    most systems allow; `adopt --write` rewrites such files in place) is written."""
    target = tmp_path / ("é" * 125 + "x.md")  # 254 bytes
    if not exclusive:
        target.write_text("old\n")
    write_atomic(target, "new\n", exclusive=exclusive)
    assert target.read_text() == "new\n"
    assert [path.name for path in tmp_path.iterdir()] == [target.name]
