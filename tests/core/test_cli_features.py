"""The options a ruff user reaches for: --fix/--diff, --statistics, --exit-zero,
--output-format, -o, did you mean, colour, -V, --watch, and `sre-docs init`."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from sre_docs.cli import main
from tests.conftest import REPO, TODAY, run_cli, sre_docs_executable

SLO = """---
type: slo
title: Checkout availability
service: checkout
owner: "@a"
target: 99.99   # four nines
window: 30d
error_budget: 0.1 # wrong: 0.01
error_budget_minutes: 5.3    # wrong: 4.32
---
# Checkout availability

error_budget_minutes: 5.3 in the body is prose, not front matter.
"""

TOIL = """---
type: toil
title: Resets
category: access
frequency: weekly
time_per_occurrence_min: 30
occurrences_per_month: 20
total_hours_per_month: 4
---
# Resets
"""

POSTMORTEM = """---
type: postmortem
title: Queue stalled
date: "YYYY-MM-DD"
severity: SEV3
status: final
reviewers: ["@b"]
services: [queue]
---
## What Happened
x
## Timeline
- **14:30** restarted
  the worker, by hand
- **14:00** queue stalls

- **14:45** resolved
## Root Cause
x
## Fix
x
"""


def _handbook(root: Path) -> Path:
    for rel, text in {
        "slos/checkout.md": SLO,
        "toil/resets.md": TOIL,
        "postmortems/2026-11-02-queue.md": POSTMORTEM,
    }.items():
        path = root / "docs" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.replace("\n", "\r\n").encode() if "toil" in rel else text.encode())
    (root / "mkdocs.yml").write_text(
        f"site_name: t\ndocs_dir: docs\nplugins:\n  - sre-docs:\n      today: {TODAY}\n"
    )
    return root


def _rules(root: Path, *args: str) -> tuple[int, list[str]]:
    result = run_cli(["lint", "--format", "json", "-q", "--no-cache", *args], root)
    assert "Traceback" not in result.stderr, result.stderr
    return result.returncode, sorted(f["rule"] for f in json.loads(result.stdout or "[]"))


def test_fix_writes_computed_values_and_nothing_else(tmp_path: Path) -> None:
    root = _handbook(tmp_path)
    slo = root / "docs" / "slos" / "checkout.md"
    slo.chmod(0o640)
    fixed = run_cli(["lint", "--fix", "--no-cache"], root)
    assert "Fixed 4 findings." in fixed.stderr, fixed.stderr
    assert slo.read_text() == SLO.replace("error_budget: 0.1 #", "error_budget: 0.01 #").replace(
        "error_budget_minutes: 5.3    #", "error_budget_minutes: 4.32    #"
    )
    assert (slo.stat().st_mode & 0o777) == 0o640
    toil = (root / "docs" / "toil" / "resets.md").read_bytes()
    assert (
        toil
        == TOIL.replace("total_hours_per_month: 4", "total_hours_per_month: 10")
        .replace("\n", "\r\n")
        .encode()
    )
    postmortem = (root / "docs" / "postmortems" / "2026-11-02-queue.md").read_text()
    assert postmortem == POSTMORTEM.replace('date: "YYYY-MM-DD"', 'date: "2026-11-02"')
    # The timeline is left alone without --unsafe-fixes, and still reported.
    assert fixed.returncode == 0 and "[timeline-out-of-order]" in fixed.stdout
    assert _rules(root) == (0, ["timeline-out-of-order"])


def test_unsafe_fixes_sort_the_timeline(tmp_path: Path) -> None:
    root = _handbook(tmp_path)
    result = run_cli(["lint", "--fix", "--unsafe-fixes", "--no-cache"], root)
    assert result.returncode == 0, result.stderr
    text = (root / "docs" / "postmortems" / "2026-11-02-queue.md").read_text()
    assert (
        "## Timeline\n- **14:00** queue stalls\n- **14:30** restarted\n  the worker, by hand\n"
        in (text)
    )
    assert "\n\n- **14:45** resolved\n## Root Cause" in text
    assert _rules(root) == (0, [])


def test_the_summary_says_what_is_fixable(tmp_path: Path) -> None:
    result = run_cli(["lint", "--no-cache"], _handbook(tmp_path))
    assert "\n4 fixable with `sre-docs lint --fix`.\n1 more with `--fix --unsafe-fixes`.\n" in (
        result.stderr
    )


def test_diff_prints_the_fixes_and_writes_nothing(tmp_path: Path) -> None:
    root = _handbook(tmp_path)
    before = {path: path.read_bytes() for path in (root / "docs").rglob("*.md")}
    result = run_cli(["lint", "--diff", "--no-cache"], root)
    assert result.returncode == 1
    assert "--- a/docs/slos/checkout.md\n+++ b/docs/slos/checkout.md\n" in result.stdout
    assert "\n-error_budget: 0.1 # wrong: 0.01\n" in result.stdout
    assert "\n+error_budget: 0.01 # wrong: 0.01\n" in result.stdout
    assert "Would fix 4 findings in 3 files." in result.stderr
    assert {path: path.read_bytes() for path in (root / "docs").rglob("*.md")} == before
    run_cli(["lint", "--fix", "--no-cache", "-q"], root)
    clean = run_cli(["lint", "--diff", "--no-cache", "-q"], root)
    assert clean.returncode == 0 and clean.stdout == ""


def test_fix_respects_selection_and_suppression(tmp_path: Path) -> None:
    root = _handbook(tmp_path)
    run_cli(["lint", "--fix", "--no-cache", "--select", "TL"], root)
    assert "error_budget: 0.1 #" in (root / "docs" / "slos" / "checkout.md").read_text()
    assert b"total_hours_per_month: 10" in (root / "docs" / "toil" / "resets.md").read_bytes()


def test_statistics_exit_zero_and_output_format(tmp_path: Path) -> None:
    root = _handbook(tmp_path)
    stats = run_cli(["lint", "--statistics", "--no-cache", "-q"], root)
    assert stats.returncode == 1
    assert stats.stdout.splitlines()[0].split() == ["2", "SLO002", "[slo-budget-mismatch]", "error"]
    data = json.loads(
        run_cli(["lint", "--statistics", "--output-format", "json", "-q"], root).stdout
    )
    assert {
        "rule": "slo-budget-mismatch",
        "code": "SLO002",
        "severity": "error",
        "count": 2,
    } in data
    zero = run_cli(["lint", "--exit-zero", "--no-cache"], root)
    assert zero.returncode == 0 and "[slo-budget-mismatch]" in zero.stdout
    assert run_cli(["lint", "--exit-zero", "--select", "nope"], root).returncode == 2


def test_output_file_on_every_writing_command(tmp_path: Path) -> None:
    root = _handbook(tmp_path)
    out = tmp_path / "out"
    assert run_cli(["lint", "-o", str(out / "lint.txt"), "-q"], root).returncode == 1
    assert "[slo-budget-mismatch]" in (out / "lint.txt").read_text()
    assert run_cli(["export", "-o", str(out / "data.json")], root).returncode == 0
    assert "slos" in json.loads((out / "data.json").read_text())
    assert run_cli(["build-pages", "-o", str(out / "pages")], root).returncode == 0
    assert (out / "pages" / "reliability" / "slos.md").is_file()
    assert (
        run_cli(["rules", "--format", "markdown", "-o", str(out / "rules.md")], root).stdout == ""
    )
    assert (out / "rules.md").read_text() == (REPO / "content" / "guide" / "rules.md").read_text()
    made = run_cli(["new", "runbook", "Disk full", "-o", "docs/runbooks/disk.md"], root)
    assert made.returncode == 0 and made.stdout == "docs/runbooks/disk.md\n", made.stderr
    again = run_cli(["new", "runbook", "Disk full", "-o", "docs/runbooks/disk.md"], root)
    assert again.returncode == 2 and "not overwritten" in again.stderr
    outside = run_cli(["new", "runbook", "Disk full", "-o", str(out / "disk.md")], root)
    assert outside.returncode == 2 and "outside the docs folder" in outside.stderr


@pytest.mark.parametrize(
    ("args", "hint"),
    [
        (["lint", "--selct", "AI"], "(did you mean --select?)"),
        (["lint", "--statstics"], "(did you mean --statistics?)"),
        (["lnt"], "(did you mean lint?)"),
        (["lint", "--ignore", "stale-runbooks"], "did you mean 'stale-runbook'?"),
        (["explain", "SLO02"], "did you mean 'SLO002'?"),
    ],
)
def test_did_you_mean(tmp_path: Path, args: list[str], hint: str) -> None:
    result = run_cli(args, tmp_path)
    assert result.returncode == 2 and hint in result.stderr, result.stderr


def test_colour_only_when_wanted(tmp_path: Path) -> None:
    root = _handbook(tmp_path)
    args = ["lint", "--no-cache", "--select", "SLO002"]
    plain = run_cli(args, root, env={"NO_COLOR": "", "FORCE_COLOR": ""})
    assert "\x1b[" not in plain.stdout + plain.stderr  # a pipe is not a terminal
    forced = run_cli(args, root, env={"FORCE_COLOR": "1", "NO_COLOR": ""})
    assert "\x1b[31mSLO002\x1b[0m" in forced.stdout and "\x1b[31mFound 2 errors" in forced.stderr
    stripped = forced.stdout.replace("\x1b[1m", "").replace("\x1b[31m", "").replace("\x1b[2m", "")
    assert stripped.replace("\x1b[0m", "") == plain.stdout
    both = run_cli(args, root, env={"FORCE_COLOR": "1", "NO_COLOR": "1"})
    assert "\x1b[" not in both.stdout + both.stderr
    report = tmp_path / "report.txt"
    run_cli([*args, "-o", str(report)], root, env={"FORCE_COLOR": "1", "NO_COLOR": ""})
    assert "\x1b[" not in report.read_text()  # a file never gets colour


def test_version_flags_and_help(tmp_path: Path) -> None:
    assert run_cli(["-V"], tmp_path).stdout == run_cli(["--version"], tmp_path).stdout
    lint_help = run_cli(["lint", "--help"], tmp_path, env={"COLUMNS": "200"}).stdout
    for option in (
        "--fix",
        "--diff",
        "--unsafe-fixes",
        "--statistics",
        "--exit-zero",
        "--output-format",
        "--watch",
        "--force-exclude",
        "--output",
    ):
        assert option in lint_help, option
    assert "init" in run_cli(["--help"], tmp_path).stdout
    for command in ("export", "build-pages", "rules", "new"):
        assert "-o" in run_cli([command, "--help"], tmp_path).stdout, command


def _wait_for(path: Path, text: str, count: int = 1, limit: float = 60) -> str:
    deadline = time.monotonic() + limit
    while True:
        content = path.read_text(encoding="utf-8")
        if content.count(text) >= count:
            return content
        assert time.monotonic() < deadline, content
        time.sleep(0.1)


def _default_interrupt() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def test_watch_lints_again_on_change(tmp_path: Path) -> None:
    root = _handbook(tmp_path)
    log = tmp_path / "watch.log"
    with log.open("w", encoding="utf-8") as stream:
        process = subprocess.Popen(
            [sre_docs_executable(), "lint", "--watch", "--select", "TL001", "-o", "lint.txt"],
            cwd=root,
            stdout=stream,
            stderr=subprocess.STDOUT,
            env={**os.environ, "NO_COLOR": "1"},
            # Ctrl-C as at a terminal, even where this test runs with SIGINT ignored (a job
            # started in the background by a shell without job control): the child would
            # inherit that and could not be stopped the way the test stops it.
            preexec_fn=_default_interrupt,
        )
    try:
        _wait_for(log, "Watching docs/")
        assert "total_hours_per_month 4" in (root / "lint.txt").read_text()
        toil = root / "docs" / "toil" / "resets.md"
        toil.write_bytes(toil.read_bytes().replace(b"per_month: 4", b"per_month: 5"))
        _wait_for(log, "Watching docs/", count=2)
        assert "total_hours_per_month 5" in (root / "lint.txt").read_text()
        time.sleep(1.5)  # writing lint.txt, the cache and this log is no change: no third run
        assert log.read_text(encoding="utf-8").count("Watching") == 2
        config = root / "mkdocs.yml"
        config.write_text(config.read_text() + "      ignore: [toil-hours-mismatch]\n")
        _wait_for(log, "Watching docs/", count=3)
        assert (root / "lint.txt").read_text() == ""
    finally:
        process.send_signal(signal.SIGINT)
        status = process.wait(timeout=30)
    assert status == 0


# init -----------------------------------------------------------------------------------------


def test_init_writes_a_starter_handbook_that_builds(tmp_path: Path) -> None:
    root = tmp_path / "acme-handbook"
    root.mkdir()
    result = run_cli(["init"], root)
    assert result.returncode == 0, result.stderr
    assert "wrote mkdocs.yml" in result.stdout and "Next steps:" in result.stdout
    config = yaml.safe_load((root / "mkdocs.yml").read_text())
    assert config["site_name"] == "Acme Handbook" and config["docs_dir"] == "docs"
    assert {"sre-docs": None} in config["plugins"]
    for folder in ("postmortems", "runbooks", "slos", "handoffs", "toil", "services"):
        assert (root / "docs" / folder / "index.md").is_file()
    build = subprocess.run(
        [str(Path(sys.executable).parent / "mkdocs"), "build", "--strict"],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert build.returncode == 0, build.stderr
    made = run_cli(["new", "runbook", "Disk full", "--set", "alerts=[DiskFull]"], root)
    assert made.returncode == 0, made.stderr
    assert run_cli(["lint", "--no-cache"], root).returncode == 0
    again = run_cli(["init"], root)
    assert again.returncode == 0 and "already enables sre-docs" in again.stdout


EXISTING = [
    # (mkdocs.yml as written, the line init inserts)
    (
        "site_name: B\n# plugins we use\nplugins:\n  - search   # keep\n  - tags:\n"
        "      tags_file: tags.md\n\nmarkdown_extensions:\n  - pymdownx.emoji:\n"
        "      emoji_index: !!python/name:material.extensions.emoji.twemoji\n",
        "  - sre-docs\n",
    ),
    ("site_name: B\nplugins: [search, tags]\n", None),
    ("site_name: B\nplugins:\n    search: {}\n", "    sre-docs: {}\n"),
    ("site_name: B\r\ntheme: material\r\n", None),
    ("site_name: B\ndocs_dir: handbook\nplugins:\n- search\n", "- sre-docs\n"),
]


@pytest.mark.parametrize(("original", "inserted"), EXISTING)
def test_init_adds_the_plugin_without_losing_a_byte(
    tmp_path: Path, original: str, inserted: str | None
) -> None:
    config = tmp_path / "mkdocs.yml"
    config.write_bytes(original.encode())
    result = run_cli(["init"], tmp_path)
    assert result.returncode == 0, result.stderr
    updated = config.read_bytes().decode()
    if inserted is not None:
        assert updated.replace(inserted, "", 1) == original
    elif "plugins: [" in original:
        assert updated == original.replace("[search, tags]", "[search, tags, sre-docs]")
    else:  # no plugins key: search (MkDocs' default) is kept, sre-docs added, CRLF kept
        assert updated == original + "\r\nplugins:\r\n  - search\r\n  - sre-docs\r\n"
    from sre_docs.config import load_config

    core = load_config(config, cwd=tmp_path)
    docs = "handbook" if "docs_dir: handbook" in original else "docs"
    assert core.docs_dir == (tmp_path / docs).resolve()
    assert (tmp_path / docs / "postmortems" / "index.md").is_file()


def test_init_adds_the_table_to_zensical_toml(tmp_path: Path) -> None:
    config = tmp_path / "zensical.toml"
    original = '[project]\nsite_name = "Z"\ndocs_dir = "content"\n'
    config.write_text(original)
    result = run_cli(["init"], tmp_path)
    assert result.returncode == 0, result.stderr
    assert config.read_text() == original + "\n[project.extra.sre_docs]\n"
    assert (tmp_path / "content" / "runbooks" / "index.md").is_file()
    assert run_cli(["lint", "--no-cache"], tmp_path).returncode == 0


@pytest.mark.parametrize("command", ["lint", "init", "export"])
def test_a_zensical_toml_nested_past_the_reader_is_a_one_line_error(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    command: str,
) -> None:
    """TOML's reader recurses into arrays: a zensical.toml nested deeper than Python's stack
    is invalid TOML, said in one line, never an internal error; nothing is written."""
    nested = '[project]\nsite_name = "Z"\nx = ' + "[" * 5000 + "]" * 5000 + "\n"
    (tmp_path / "zensical.toml").write_text(nested)
    monkeypatch.chdir(tmp_path)
    assert main([command]) == 2
    error = capsys.readouterr().err.strip().splitlines()
    assert len(error) == 1 and error[0].startswith("sre-docs: error: zensical.toml"), error
    assert "invalid TOML" in error[0]
    assert sorted(path.name for path in tmp_path.iterdir()) == ["zensical.toml"]
    assert (tmp_path / "zensical.toml").read_text() == nested


@pytest.mark.parametrize(
    "content",
    [b"- a\n- b\n", b"site_name: x\nplugins: search\n", b"site_name: [\n", b"\xff\xfe\x00"],
)
def test_init_refuses_what_it_cannot_edit_and_changes_nothing(
    tmp_path: Path, content: bytes
) -> None:
    (tmp_path / "mkdocs.yml").write_bytes(content)
    result = run_cli(["init"], tmp_path)
    assert result.returncode == 2 and result.stderr.startswith("sre-docs: error: mkdocs.yml")
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    assert (tmp_path / "mkdocs.yml").read_bytes() == content


def test_init_options(tmp_path: Path) -> None:
    result = run_cli(["init", "--docs-dir", "handbook", "--site-name", 'Acme "SRE"'], tmp_path)
    assert result.returncode == 0, result.stderr
    config = yaml.safe_load((tmp_path / "mkdocs.yml").read_text())
    assert config["site_name"] == 'Acme "SRE"' and config["docs_dir"] == "handbook"
    assert (tmp_path / "handbook" / "toil" / "index.md").is_file()
    outside = run_cli(["init", "--docs-dir", "../elsewhere"], tmp_path / "handbook")
    assert outside.returncode == 2 and "expected a relative folder name" in outside.stderr
