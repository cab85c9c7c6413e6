"""Hostile and broken inputs through the installed `sre-docs lint`: never a crash or a hang.

Each input gives a finding (or a one-line error) naming the file, and every other file of the
handbook is still checked: the clean sentinel postmortem keeps its own seeded finding."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from sre_docs.errors import UserError
from tests.conftest import TODAY, run_cli

SENTINEL = """---
type: postmortem
title: Sentinel
date: 2026-11-20
severity: SEV3
status: draft
services: [checkout-api]
---
## What Happened
Human error took checkout down.
## Timeline
- **10:00** start
## Root Cause
A missing guard rail.
## Fix
Added one.
"""

POSTMORTEM_HEADER = "---\ntype: postmortem\ntitle: T\ndate: 2026-11-20\nseverity: SEV3\n"

CASES: dict[str, bytes] = {
    "empty.md": b"",
    "only-dashes.md": b"---\n",
    "no-closing.md": b"---\ntype: postmortem\ntitle: never closed\n\n# Body\n",
    "list.md": b"---\n- a\n- b\n---\n",
    "scalar.md": b"---\njust text\n---\n",
    "null.md": b"---\nnull\n---\n",
    "tabs.md": b"---\ntype: runbook\nalerts:\n\t- A\n---\n",
    "duplicate-keys.md": b"---\ntype: runbook\nowner: a\nowner: b\nalerts: [A]\n---\n",
    "python-tag.md": (
        b"---\ntype: runbook\nx: !!python/object/apply:os.system ['echo pwned']\n---\n"
    ),
    "binary.md": bytes(range(256)) * 8,
    "invalid-utf8.md": b"# Title\n\xc3\x28 broken\n",
    "utf16.md": "---\ntype: runbook\n---\n".encode("utf-16"),
    "crlf.md": b"---\r\ntype: runbook\r\nowner: '@a'\r\nalerts: [A]\r\n---\r\n## Overview\r\n",
    "mixed-endings.md": b"---\ntype: runbook\r\nowner: '@a'\nalerts: [A]\r\n---\n## Overview\r\n",
    "nul.md": b"# Title\nsome\x00thing\n",
    "long-line.md": b"# Title\n" + b"word " * 400_000 + b"\n",
    "bad-date.md": POSTMORTEM_HEADER.encode() + b"date: 2026-02-30\n---\n",
    "year-only.md": b"---\ntype: handoff\ndate: 2026\nfrom: '@a'\nto: '@b'\n---\n",
    "time-no-date.md": b"---\ntype: handoff\ndate: '14:05'\nfrom: '@a'\nto: '@b'\n---\n",
    "numbers-as-strings.md": (
        b"---\ntype: slo\nservice: s\ntarget: '99.9'\nwindow: 30d\nowner: '@a'\n"
        b"error_budget_minutes: '43.2'\n---\n"
    ),
    "strings-as-numbers.md": (
        b"---\ntype: toil\ntitle: 5\ntime_per_occurrence_min: ten\noccurrences_per_month: []\n---\n"
    ),
    "rtl.md": (
        "---\ntype: runbook\ntitle: \u05e9\u05dc\u05d5\u05dd \u202eevil\n"
        "owner: '@\u0639\u0644\u064a'\nalerts: [A]\n---\n"
    ).encode(),
}


def _alias_bomb() -> bytes:
    lines = ["---", "type: runbook", "a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for level in range(1, 10):
        refs = ", ".join([f"*a{level - 1}"] * 10)
        lines.append(f"a{level}: &a{level} [{refs}]")
    return ("\n".join([*lines, "---", ""])).encode()


def _deep_nesting() -> bytes:
    return b"---\ntype: runbook\nx: " + b"[" * 10_000 + b"]" * 10_000 + b"\n---\n"


def _deep_block_nesting() -> bytes:
    lines = ["---", "type: runbook"] + [" " * (2 * depth) + f"k{depth}:" for depth in range(2000)]
    return ("\n".join([*lines, "---", ""])).encode()


@pytest.fixture
def handbook(tmp_path: Path) -> Path:
    docs = tmp_path / "docs"
    (docs / "postmortems").mkdir(parents=True)
    (docs / "postmortems" / "sentinel.md").write_text(SENTINEL, encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(
        f"site_name: t\ndocs_dir: docs\nplugins:\n  - sre-docs:\n      today: {TODAY}\n",
        encoding="utf-8",
    )
    return tmp_path


def _lint(root: Path, *extra: str) -> tuple[int, list[dict[str, object]], str]:
    result = run_cli(["lint", "--no-cache", "--format", "json", *extra], root, timeout=120)
    assert "Traceback" not in result.stderr, result.stderr
    findings = json.loads(result.stdout) if result.stdout.strip() else []
    return result.returncode, findings, result.stderr


def _assert_sentinel_still_checked(findings: list[dict[str, object]]) -> None:
    assert any(
        f["path"] == "docs/postmortems/sentinel.md" and f["rule"] == "blame-language"
        for f in findings
    ), "the clean documents must still be checked"


@pytest.mark.parametrize("name", sorted(CASES))
def test_each_broken_input_gives_a_finding_or_passes(handbook: Path, name: str) -> None:
    (handbook / "docs" / name).write_bytes(CASES[name])
    status, findings, _ = _lint(handbook)
    assert status in (0, 1)
    _assert_sentinel_still_checked(findings)
    for finding in findings:
        assert isinstance(finding["line"], int) and finding["line"] >= 1
        assert isinstance(finding["column"], int) and finding["column"] >= 1


EXPECTED_RULES = {
    "no-closing.md": "invalid-front-matter",
    "list.md": "invalid-front-matter",
    "scalar.md": "invalid-front-matter",
    "tabs.md": "invalid-front-matter",
    "duplicate-keys.md": "invalid-front-matter",
    "python-tag.md": "invalid-front-matter",
    "binary.md": "unreadable-file",
    "invalid-utf8.md": "unreadable-file",
    "utf16.md": "unreadable-file",
    "nul.md": "unreadable-file",
    "bad-date.md": "schema-violation",
    "year-only.md": "schema-violation",
    "time-no-date.md": "schema-violation",
    "numbers-as-strings.md": "schema-violation",
    "strings-as-numbers.md": "schema-violation",
}


@pytest.mark.parametrize(("name", "rule"), sorted(EXPECTED_RULES.items()))
def test_broken_input_is_named(handbook: Path, name: str, rule: str) -> None:
    (handbook / "docs" / name).write_bytes(CASES[name])
    _, findings, _ = _lint(handbook)
    assert any(f["path"] == f"docs/{name}" and f["rule"] == rule for f in findings), findings


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("bomb.md", _alias_bomb()),
        ("deep.md", _deep_nesting()),
        ("deep-block.md", _deep_block_nesting()),
    ],
)
def test_yaml_abuse_is_bounded(handbook: Path, name: str, content: bytes) -> None:
    (handbook / "docs" / name).write_bytes(content)
    status, findings, _ = _lint(handbook)
    assert status == 1
    assert any(
        f["path"] == f"docs/{name}" and f["rule"] == "invalid-front-matter" for f in findings
    )
    _assert_sentinel_still_checked(findings)


def test_python_tag_is_never_constructed(handbook: Path, tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    payload = f"---\nx: !!python/object/apply:os.system ['touch {marker}']\n---\n"
    (handbook / "docs" / "evil.md").write_text(payload, encoding="utf-8")
    _lint(handbook)
    assert not marker.exists()


def test_huge_file_is_reported_not_parsed(handbook: Path) -> None:
    with (handbook / "docs" / "huge.md").open("wb") as stream:
        stream.write(b"# Huge\n")
        chunk = b"All quiet on the checkout front. " * 32_768
        for _ in range(50 * 1024 * 1024 // len(chunk) + 1):
            stream.write(chunk)
    status, findings, _ = _lint(handbook)
    assert status == 1
    (finding,) = [f for f in findings if f["path"] == "docs/huge.md"]
    assert finding["rule"] == "unreadable-file" and "MiB" in finding["message"]
    _assert_sentinel_still_checked(findings)


def test_symbolic_links_loop_and_escape(handbook: Path, tmp_path: Path) -> None:
    docs = handbook / "docs"
    outside = tmp_path / "outside.md"
    outside.write_text("---\ntype: runbook\n---\n", encoding="utf-8")
    (docs / "escape.md").symlink_to(outside)
    (docs / "loop").mkdir()
    (docs / "loop" / "again").symlink_to(docs / "loop")
    (docs / "dangling.md").symlink_to(docs / "nowhere.md")
    status, findings, _ = _lint(handbook)
    assert status == 1
    by_path = {f["path"]: f for f in findings}
    assert by_path["docs/escape.md"]["rule"] == "unreadable-file"
    assert "outside the docs root" in str(by_path["docs/escape.md"]["message"])
    assert by_path["docs/dangling.md"]["rule"] == "unreadable-file"
    _assert_sentinel_still_checked(findings)


def test_fifo_named_md_is_not_read(handbook: Path) -> None:
    os.mkfifo(handbook / "docs" / "pipe.md")
    status, findings, _ = _lint(handbook)
    assert status == 1
    assert any(f["path"] == "docs/pipe.md" and f["rule"] == "unreadable-file" for f in findings)
    _assert_sentinel_still_checked(findings)


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every file; permissions cannot deny it")
def test_unreadable_file(handbook: Path) -> None:
    path = handbook / "docs" / "secret.md"
    path.write_text("# secret\n", encoding="utf-8")
    path.chmod(0)
    try:
        _, findings, _ = _lint(handbook)
    finally:
        path.chmod(0o644)
    assert any(f["path"] == "docs/secret.md" and f["rule"] == "unreadable-file" for f in findings)
    _assert_sentinel_still_checked(findings)


@pytest.mark.parametrize(
    ("config", "fragment"),
    [
        ("site_name: t\nplugins:\n  - sre-docs:\n      bogus: 1\n", "plugins.sre-docs.bogus"),
        (
            "site_name: t\nplugins:\n  - sre-docs:\n      rules: {nope: off}\n",
            "unknown rule 'nope'",
        ),
        (
            "site_name: t\nplugins:\n  - sre-docs:\n      rules: {broken-link: loud}\n",
            "broken-link",
        ),
        ("site_name: t\nplugins:\n  - sre-docs:\n      today: someday\n", "today"),
        ("site_name: t\nplugins: [\n", "invalid YAML"),
        (
            "site_name: t\nplugins:\n  - sre-docs:\n      stale_runbook_days: -3\n",
            "stale_runbook_days",
        ),
    ],
)
def test_configuration_errors_name_file_and_key(tmp_path: Path, config: str, fragment: str) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "mkdocs.yml").write_text(config, encoding="utf-8")
    result = run_cli(["lint"], tmp_path)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("sre-docs: error: mkdocs.yml"), result.stderr
    assert fragment in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_interrupted_write_leaves_no_partial_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sre_docs import files

    target = tmp_path / "docs" / "new.md"

    def fail(*args: object, **kwargs: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(files.os, "fsync", fail)
    with pytest.raises(UserError, match="cannot write: disk full"):
        files.write_atomic(target, "x" * 100_000, exclusive=True)
    assert list(target.parent.iterdir()) == []
