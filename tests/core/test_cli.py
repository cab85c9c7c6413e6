"""The command line through the installed entry point: exit statuses, options, suppression.

Exit 0 clean (warnings allowed), 1 errors (or warnings with --strict), 2 usage and
configuration errors, always one line on stderr for the latter."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import TODAY, run_cli

RUNBOOK = """---
type: runbook
alerts: [A]
owner: "@a"
last_reviewed: {reviewed}
---
## Overview
{overview}
## Impact
## Diagnosis
## Mitigation
## Escalation
"""


def _handbook(
    root: Path, overview: str = "Fine.", reviewed: str = "2026-11-01", plugin: str = ""
) -> Path:
    (root / "docs" / "runbooks").mkdir(parents=True)
    (root / "docs" / "runbooks" / "a.md").write_text(
        RUNBOOK.format(overview=overview, reviewed=reviewed), encoding="utf-8"
    )
    (root / "mkdocs.yml").write_text(
        "site_name: t\ndocs_dir: docs\nmarkdown_extensions:\n  - pymdownx.emoji:\n"
        "      emoji_index: !!python/name:material.extensions.emoji.twemoji\n"
        "plugins:\n  - sre-docs:\n      cache: false\n" + plugin,
        encoding="utf-8",
    )
    return root


def _json(root: Path, *args: str) -> tuple[int, list[dict[str, object]]]:
    result = run_cli(["lint", "--format", "json", "-q", *args], root)
    assert "Traceback" not in result.stderr
    return result.returncode, json.loads(result.stdout) if result.stdout.strip() else []


def test_exit_statuses(tmp_path: Path) -> None:
    root = _handbook(tmp_path, reviewed="2025-01-01")
    status, findings = _json(root, "--today", TODAY)
    assert status == 0 and [f["rule"] for f in findings] == ["stale-runbook"]
    assert _json(root, "--today", TODAY, "--strict")[0] == 1
    (root / "docs" / "runbooks" / "a.md").write_text("---\ntype: runbook\n---\n")
    assert _json(root, "--today", TODAY)[0] == 1


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["--select", "nope"], "unknown rule 'nope'"),
        (["--today", "2026-13-01"], "is not a date"),
        (["missing.md"], "no such file"),
        (["--format", "xml"], "invalid choice"),
    ],
)
def test_usage_errors_exit_2(tmp_path: Path, args: list[str], fragment: str) -> None:
    root = _handbook(tmp_path)
    result = run_cli(["lint", *args], root)
    assert result.returncode == 2 and fragment in result.stderr
    assert "Traceback" not in result.stderr


def test_today_sources(tmp_path: Path) -> None:
    root = _handbook(tmp_path, reviewed="2026-01-01")
    epoch_2026_06 = "1780272000"  # 2026-06-01: 151 days after the review, not stale
    result = run_cli(["lint", "-q"], root, env={"SOURCE_DATE_EPOCH": epoch_2026_06})
    assert result.returncode == 0 and result.stdout == ""
    flag = run_cli(
        ["lint", "-q", "--today", "2026-12-01"], root, env={"SOURCE_DATE_EPOCH": epoch_2026_06}
    )
    assert "[stale-runbook]" in flag.stdout


def test_select_ignore_and_codes(tmp_path: Path) -> None:
    root = _handbook(tmp_path, overview="Human error broke it.", reviewed="2025-01-01")
    rules = {f["rule"] for f in _json(root, "--today", TODAY)[1]}
    assert rules == {"blame-language", "stale-runbook"}
    assert {f["rule"] for f in _json(root, "--today", TODAY, "--select", "BL001")[1]} == {
        "blame-language"
    }
    assert {f["rule"] for f in _json(root, "--today", TODAY, "--ignore", "blame-language")[1]} == {
        "stale-runbook"
    }


def test_configured_severities_and_per_file_ignores(tmp_path: Path) -> None:
    plugin = "      rules: {blame-language: warning, stale-runbook: off}\n"
    root = _handbook(
        tmp_path, overview="Human error broke it.", reviewed="2025-01-01", plugin=plugin
    )
    status, findings = _json(root, "--today", TODAY)
    assert status == 0 and [(f["rule"], f["severity"]) for f in findings] == [
        ("blame-language", "warning")
    ]
    config = root / "mkdocs.yml"
    config.write_text(
        config.read_text() + "      per_file_ignores: {'runbooks/*': [blame-language]}\n"
    )
    assert _json(root, "--today", TODAY)[1] == []


def test_suppression_comments(tmp_path: Path) -> None:
    overview = (
        "<!-- sre-docs-disable-next-line blame-language -->\n"
        "The customer wrote: your careless engineers.\n"
        "<!-- sre-docs-disable blame-language -->\n"
        "Human error, they said.\n"
        "<!-- sre-docs-enable blame-language -->\n"
        "<!-- sre-docs-disable-next-line broken-link -->\n"
        "Nothing here.\n"
        "<!-- sre-docs-disable-next-line no-such-rule -->\n"
        "Bob forgot to drain the node."
    )
    root = _handbook(tmp_path, overview=overview)
    findings = _json(root, "--today", TODAY)[1]
    summary = sorted((f["rule"], f["line"]) for f in findings)
    assert summary == [
        ("blame-language", 16),  # the unknown rule name suppresses nothing
        ("unused-suppression", 13),  # nothing to suppress on line 14
        ("unused-suppression", 15),  # no rule "no-such-rule"
    ]


def test_rules_explain_version_help(tmp_path: Path) -> None:
    listing = run_cli(["rules"], tmp_path)
    assert listing.returncode == 0 and "orphan-action-item" in listing.stdout
    from sre_docs.rules import RULES

    assert len(listing.stdout.splitlines()) == len(RULES)
    explain = run_cli(["explain", "AI001"], tmp_path)
    assert "## Why is this bad" in explain.stdout and "## Use instead" in explain.stdout
    assert run_cli(["explain", "nope"], tmp_path).returncode == 2
    assert run_cli(["--version"], tmp_path).stdout.startswith("sre-docs ")
    help_text = run_cli(["--help"], tmp_path).stdout
    for command in ("lint", "new", "rules", "explain", "export", "build-pages"):
        assert command in help_text


def test_rule_reference_page_is_current() -> None:
    from tests.conftest import REPO

    result = run_cli(["rules", "--format", "markdown"], REPO)
    page = (REPO / "content" / "guide" / "rules.md").read_text(encoding="utf-8")
    assert result.stdout == page, (
        "regenerate: sre-docs rules --format markdown > content/guide/rules.md"
    )


def test_folder_named_through_a_symbolic_link(tmp_path: Path) -> None:
    root = _handbook(tmp_path / "real", overview="Human error broke it.")
    (tmp_path / "alias").symlink_to(root / "docs")
    result = run_cli(
        ["lint", "--format", "json", "-q", "--today", TODAY, str(tmp_path / "alias")], tmp_path
    )
    assert [f["rule"] for f in json.loads(result.stdout)] == ["blame-language"]


def test_alert_rule_files_count_as_files_checked(tmp_path: Path) -> None:
    root = _handbook(tmp_path, plugin='      alert_rules: ["alerts/*.yml"]\n')
    (root / "alerts").mkdir()
    (root / "alerts" / "a.yml").write_text(
        "groups:\n  - name: a\n    rules:\n      - alert: A\n        expr: up == 0\n",
        encoding="utf-8",
    )
    named = run_cli(["lint", "alerts/a.yml"], root)
    assert named.returncode == 0, named.stderr
    assert "(1 file checked)" in named.stderr
    whole = run_cli(["lint"], root)
    assert "(2 files checked)" in whole.stderr, whole.stderr
