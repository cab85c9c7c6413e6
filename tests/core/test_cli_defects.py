"""The command line as a newcomer meets it: each test here failed before its fix.

Through the installed `sre-docs` command where a real process matters, else `main(argv)`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import TODAY, run_cli

POSTMORTEM_WITH_TABLE = """---
type: postmortem
title: Checkout errors
date: 2026-11-02
severity: SEV3
status: final
reviewers: ["@b"]
services: [checkout]
---
## What Happened
## Timeline
## Root Cause
## Fix
## Action Items

| Priority | Action | Owner | Due | Ticket |
|---|---|---|---|---|
{rows}
"""


def _lint_json(cwd: Path, *args: str) -> tuple[int, list[dict[str, object]], str]:
    result = run_cli(["lint", "--format", "json", "-q", "--no-cache", *args], cwd)
    assert "Traceback" not in result.stderr, result.stderr
    findings = json.loads(result.stdout) if result.stdout.strip() else []
    return result.returncode, findings, result.stderr


def _postmortem(root: Path, rows: str) -> Path:
    folder = root / "postmortems"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "2026-11-02-checkout.md"
    path.write_text(POSTMORTEM_WITH_TABLE.format(rows=rows), encoding="utf-8")
    return path


def test_bad_due_dates_in_a_table_are_findings_on_their_cell(tmp_path: Path) -> None:
    _postmortem(
        tmp_path,
        "| P1 | a | @a | 12/15/2026 | PW-1 |\n| P1 | b | @a | next week | PW-2 |\n"
        "| P1 | c | @a | 2026-13-01 | PW-3 |\n| P1 | d | @a | 2026-11-01 | PW-4 |",
    )
    status, findings, _ = _lint_json(tmp_path, "--today", TODAY)
    assert status == 1
    found = [(f["line"], f["column"], f["rule"]) for f in findings]
    assert found == [
        (18, 17, "orphan-action-item"),
        (19, 17, "orphan-action-item"),
        (20, 17, "orphan-action-item"),
        (21, 1, "overdue-action-item"),
    ]
    assert "'next week' is not a date" in str(findings[1]["message"])


SLO = """---
type: slo
title: Checkout availability
service: checkout
owner: "@a"
target: {target}
window: 30d
error_budget_minutes: {minutes}
---
# Checkout availability
"""


def _slo(root: Path, target: str, minutes: str) -> None:
    folder = root / "slos"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "checkout.md").write_text(SLO.format(target=target, minutes=minutes))


def test_slo_budget_tolerance_is_relative_to_the_budget(tmp_path: Path) -> None:
    for target, minutes, wrong in [
        ("99.999", "1.4", True),
        ("99.999", "0.43", False),
        ("99.99", "5.3", True),
        ("99.99", "4.32", False),
    ]:
        _slo(tmp_path, target, minutes)
        _, findings, _ = _lint_json(tmp_path, "--select", "slo-budget-mismatch")
        assert bool(findings) is wrong, (target, minutes, findings)
        if wrong:
            assert "it should be" in str(findings[0]["message"])


def test_slo_window_is_days_or_weeks(tmp_path: Path) -> None:
    folder = tmp_path / "slos"
    folder.mkdir()
    for window, bad in [("1M", True), ("90m", True), ("2h", True), ("1mo", True), ("4w", False)]:
        text = SLO.format(target="99.9", minutes="43.2").replace("window: 30d", f"window: {window}")
        (folder / "checkout.md").write_text(text.replace("error_budget_minutes: 43.2\n", ""))
        _, findings, _ = _lint_json(tmp_path)
        assert [(f["rule"], f["line"]) for f in findings] == (
            [("schema-violation", 7)] if bad else []
        )
        if bad:
            assert f"'{window}' is not valid (days or weeks" in str(findings[0]["message"])


def test_a_window_in_minutes_has_no_budget(tmp_path: Path) -> None:
    from sre_docs.calc.slo import budget_minutes, summarize_slo

    assert budget_minutes(99.9, "1M") is None
    assert summarize_slo({"target": 99.9, "window": "1M"}).budget_minutes is None
    assert budget_minutes(99.9, "4w") == pytest.approx(40.32)


RUNBOOK = """---
type: runbook
alerts: [A]
owner: "@a"
last_reviewed: 2025-01-01
---
## Overview
{overview}
## Impact
## Diagnosis
## Mitigation
## Escalation
"""


def _runbook(root: Path, overview: str, plugin: str = "") -> Path:
    (root / "docs" / "runbooks").mkdir(parents=True, exist_ok=True)
    (root / "docs" / "runbooks" / "a.md").write_text(RUNBOOK.format(overview=overview))
    (root / "mkdocs.yml").write_text(
        f"site_name: t\ndocs_dir: docs\nplugins:\n  - sre-docs:\n      today: {TODAY}\n" + plugin
    )
    return root


@pytest.mark.parametrize("selector", ["blame-language", "BL001", "bl001", "BL", "ALL"])
def test_suppression_comments_take_names_codes_prefixes_and_all(
    tmp_path: Path, selector: str
) -> None:
    overview = f"<!-- sre-docs-disable-next-line {selector} -->\nHuman error broke it."
    root = _runbook(tmp_path, overview)
    _, findings, _ = _lint_json(root)
    assert [f["rule"] for f in findings] == ["stale-runbook"]  # suppressed, and not unknown


def test_a_suppression_naming_no_rule_suggests_one(tmp_path: Path) -> None:
    overview = "<!-- sre-docs-disable-next-line blame-langauge -->\nHuman error broke it."
    _, findings, _ = _lint_json(_runbook(tmp_path, overview))
    assert sorted(f["rule"] for f in findings) == [
        "blame-language",
        "stale-runbook",
        "unused-suppression",
    ]
    message = next(f["message"] for f in findings if f["rule"] == "unused-suppression")
    assert "did you mean 'blame-language'?" in str(message)


@pytest.mark.parametrize(
    "rules",
    [
        "{BL001: warning, RB003: off}",
        "{blame-language: warning, stale-runbook: off}",
        "{ALL: off, BL: warning}",
    ],
)
def test_configured_rules_take_codes_prefixes_and_all(tmp_path: Path, rules: str) -> None:
    root = _runbook(tmp_path, "Human error broke it.", f"      rules: {rules}\n")
    status, findings, stderr = _lint_json(root)
    assert status == 0, stderr
    assert [(f["rule"], f["severity"]) for f in findings] == [("blame-language", "warning")]


def test_ignore_and_per_file_ignores_take_codes(tmp_path: Path) -> None:
    plugin = "      ignore: [RB]\n      per_file_ignores: {'runbooks/*': [BL001]}\n"
    _, findings, stderr = _lint_json(_runbook(tmp_path, "Human error.", plugin))
    assert findings == [], stderr


def test_select_and_ignore_take_prefixes_and_all(tmp_path: Path) -> None:
    root = _runbook(tmp_path, "Human error broke it.")
    rules = {f["rule"] for f in _lint_json(root, "--select", "BL")[1]}
    assert rules == {"blame-language"}
    assert {f["rule"] for f in _lint_json(root, "--select", "ALL", "--ignore", "RB")[1]} == {
        "blame-language"
    }
    status, _, stderr = _lint_json(root, "--select", "blame-langauge")
    assert status == 2 and "did you mean 'blame-language'?" in stderr


def test_explain_takes_prefixes_and_suggests(tmp_path: Path) -> None:
    slo = run_cli(["explain", "SLO"], tmp_path)
    assert slo.returncode == 0
    from sre_docs.rules import RULES

    assert [line for line in slo.stdout.splitlines() if line.startswith("# ")] == [
        f"# {rule.name} ({rule.code})" for rule in RULES if rule.code.startswith("SLO")
    ]
    assert "# slo-budget-mismatch (SLO002)" in slo.stdout
    wrong = run_cli(["explain", "orphan-action-items"], tmp_path)
    assert wrong.returncode == 2 and "did you mean 'orphan-action-item'?" in wrong.stderr


def test_a_pinned_today_does_not_date_new_documents(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: t\ndocs_dir: docs\nplugins:\n  - sre-docs:\n      today: 2026-11-24\n"
    )
    epoch = {"SOURCE_DATE_EPOCH": "1780272000"}  # 2026-06-01, standing in for the clock
    made = run_cli(["new", "handoff", "Week 22", "--stdout"], tmp_path, env=epoch)
    assert made.returncode == 0, made.stderr
    assert "date: 2026-06-01" in made.stdout and "2026-11-24" not in made.stdout
    dated = run_cli(["new", "handoff", "Week 23", "--date", "2026-06-08"], tmp_path, env=epoch)
    assert dated.returncode == 0, dated.stderr
    assert dated.stdout.strip().endswith("2026-06-08-week-23.md")


def test_named_files_that_are_not_linted_are_said_so(tmp_path: Path) -> None:
    root = _runbook(tmp_path, "Fine.", '      exclude: ["drafts/**"]\n')
    (root / "README.md").write_text("# Read me\n")
    (root / "docs" / "drafts").mkdir()
    (root / "docs" / "drafts" / "x.md").write_text("# Draft\n")
    (root / "docs" / "logo.png").write_bytes(b"\x89PNG")
    for named, reason in [
        ("README.md", "outside the docs root docs/"),
        ("docs/drafts/x.md", "excluded by the `exclude` option"),
        ("docs/logo.png", "not a markdown file (see the `suffixes` option)"),
    ]:
        result = run_cli(["lint", "--no-cache", named], root)
        assert result.returncode == 2, (named, result.stderr)
        assert f"sre-docs: {named}: not checked ({reason})" in result.stderr
        assert "none of the named files is checked" in result.stderr
        assert "All checks passed" not in result.stderr
    both = run_cli(["lint", "--no-cache", "README.md", "docs/runbooks/a.md"], root)
    assert both.returncode == 0, both.stderr
    assert "README.md: not checked" in both.stderr and "(1 file checked)" in both.stderr
    forced = run_cli(["lint", "--no-cache", "--force-exclude", "README.md"], root)
    assert forced.returncode == 0 and "not checked" not in forced.stderr


def test_wording_field_names_are_quoted_and_counts_agree(tmp_path: Path) -> None:
    (tmp_path / "handoffs").mkdir()
    (tmp_path / "handoffs" / "2026-11-23-week.md").write_text(
        "---\ntype: handoff\ndate: 2026-11-23\nfrom: '@a'\nto: TODO\n---\n"
        "## Open Issues\n## Recent Changes\n## Known Risks\n## Scheduled Maintenance\n"
        "## Runbook Updates\n"
    )
    _, findings, _ = _lint_json(tmp_path, "--select", "placeholder-text")
    assert [f["message"] for f in findings] == ["placeholder 'TODO' left in field `to`"]
    (tmp_path / "toil").mkdir()
    (tmp_path / "toil" / "resets.md").write_text(
        "---\ntype: toil\ntitle: Resets\ncategory: access\nfrequency: weekly\n"
        "time_per_occurrence_min: 30\noccurrences_per_month: 4\n---\n# Resets\n"
    )
    out = tmp_path.parent / f"{tmp_path.name}-pages"
    result = run_cli(["build-pages", "--out", str(out), "--today", TODAY], tmp_path)
    assert result.returncode == 0, result.stderr
    assert "across 1 record." in (out / "reliability" / "toil.md").read_text()


def test_the_slo_template_states_the_budget_spent_for_both_windows() -> None:
    from sre_docs.calc.slo import burn_rate_budget_spent
    from tests.conftest import REPO

    template = (REPO / "templates" / "slo.md").read_text(encoding="utf-8")
    assert "30-day budget" not in template
    for window in ("30d", "28d"):
        for rate, long_window in ((14.4, "1h"), (6, "6h"), (1, "3d")):
            spent = burn_rate_budget_spent(rate, long_window, window)
            assert spent is not None
            shown = f"{spent * 100:.1f}".rstrip("0").rstrip(".")
            assert f"{shown} %" in template, (window, rate, shown)
