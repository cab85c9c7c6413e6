"""The baseline file and the lines it keys findings by are input: a hostile or odd one is a
one-line error, and reading the lines of the findings' files never blocks or runs on."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from sre_docs.cli import main
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


@pytest.mark.parametrize(
    ("content", "says"),
    [
        ("[" * 100_000 + "]" * 100_000, "nested"),
        ('{"findings": [' + '{"a":' * 100_000 + "1" + "}" * 100_000 + "]}", "nested"),
        ('{"findings": {"rule": "x"}}', "expected an object with 'findings'"),
        ('{"findings": [{"rule": 1, "path": "x"}]}', "are text"),
        ('{"findings": [[]]}', "is not an object"),
        ('{"findings": [{"line": ' + "9" * 5000 + "}]}", "not a baseline file"),
        ("\xff\xfe", "not a baseline file"),
    ],
)
def test_a_hostile_baseline_is_a_one_line_error(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    content: str,
    says: str,
) -> None:
    root = _handbook(tmp_path)
    (root / "baseline.json").write_bytes(content.encode("latin-1"))
    monkeypatch.chdir(root)
    assert main(["lint", "--no-cache", "--today", TODAY, "--baseline", "baseline.json"]) == 2
    error = capsys.readouterr().err.strip().splitlines()
    assert len(error) == 1 and error[0].startswith("sre-docs: error: "), error
    assert "baseline.json" in error[0] and says in error[0], error


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes on this system")
def test_a_baseline_that_never_ends_is_read_to_the_limit_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A committed baseline may be a link to a device that never ends (`/dev/zero`): it is
    read up to the 64 MiB limit, then refused, instead of filling the memory. A pipe stands
    in for the device here; its writer stops after 80 MiB."""
    import threading

    from sre_docs import baseline

    root = _handbook(tmp_path / "handbook")
    pipe = tmp_path / "zeros"
    os.mkfifo(pipe)
    (root / "baseline.json").symlink_to(pipe)
    chunk = b"\0" * (1024 * 1024)

    def write_zeros() -> None:
        try:
            with open(pipe, "wb") as stream:
                for _ in range(80):
                    stream.write(chunk)
        except BrokenPipeError:
            pass  # the reader stopped at the limit

    writer = threading.Thread(target=write_zeros, daemon=True)
    writer.start()
    monkeypatch.chdir(root)
    assert main(["lint", "--no-cache", "--today", TODAY, "--baseline", "baseline.json"]) == 2
    writer.join(timeout=60)
    error = capsys.readouterr().err.strip().splitlines()
    assert len(error) == 1 and "larger than 64 MiB" in error[0], error
    assert baseline.MAX_BASELINE_BYTES == 64 * 1024 * 1024
