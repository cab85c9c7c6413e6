"""Finding the configuration upward: `mkdocs.yml`, then `zensical.toml`, to the repository root.

The same handbook gives the same findings whichever of its folders the command runs from."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import TODAY, run_cli

POSTMORTEM = """---
type: postmortem
title: Checkout errors
date: 2026-11-02
severity: SEV3
status: final
reviewers: ["@b"]
services: [checkout]
alerts: [CheckoutErrors]
---
## What Happened
Errors.
## Timeline
## Root Cause
## Fix
"""

RUNBOOK = """---
type: runbook
title: Checkout errors
alerts: [CheckoutErrors]
owner: "@a"
last_reviewed: 2026-11-01
---
## Overview
## Impact
## Diagnosis
## Mitigation
## Escalation
"""

ALERTS = """groups:
  - name: checkout
    rules:
      - alert: PaymentsDown
        expr: up == 0
"""


def _repository(root: Path, config: str = "mkdocs") -> Path:
    (root / ".git").mkdir(parents=True)
    (root / "docs" / "postmortems").mkdir(parents=True)
    (root / "docs" / "runbooks").mkdir()
    (root / "docs" / "postmortems" / "2026-11-02-checkout.md").write_text(POSTMORTEM)
    (root / "docs" / "runbooks" / "checkout.md").write_text(RUNBOOK)
    (root / "alerts").mkdir()
    (root / "alerts" / "checkout.yml").write_text(ALERTS)
    if config == "mkdocs":
        (root / "mkdocs.yml").write_text(
            "site_name: t\ndocs_dir: docs\nplugins:\n  - sre-docs:\n"
            f"      today: {TODAY}\n      alert_rules: [alerts/*.yml]\n"
        )
    else:
        (root / "zensical.toml").write_text(
            '[project]\nsite_name = "t"\ndocs_dir = "docs"\n\n'
            f'[project.extra.sre_docs]\ntoday = {TODAY}\nalert_rules = ["alerts/*.yml"]\n'
        )
    return root


def _findings(cwd: Path) -> list[tuple[str, str]]:
    result = run_cli(["lint", "--format", "json", "-q", "--no-cache"], cwd)
    assert "Traceback" not in result.stderr and result.returncode in (0, 1), result.stderr
    return sorted(
        (Path(cwd, f["path"]).resolve().as_posix(), f["rule"]) for f in json.loads(result.stdout)
    )


def test_same_findings_from_every_folder(tmp_path: Path) -> None:
    root = _repository(tmp_path)
    expected = [((root / "alerts" / "checkout.yml").as_posix(), "missing-runbook-link")]
    for folder in (root, root / "docs", root / "docs" / "postmortems", root / "alerts"):
        assert _findings(folder) == expected, folder


def test_zensical_toml_when_there_is_no_mkdocs_yml(tmp_path: Path) -> None:
    root = _repository(tmp_path, config="zensical")
    expected = [((root / "alerts" / "checkout.yml").as_posix(), "missing-runbook-link")]
    assert _findings(root / "docs" / "runbooks") == expected
    (root / "mkdocs.yml").write_text("site_name: t\ndocs_dir: docs\nplugins:\n  - sre-docs\n")
    assert _findings(root / "docs") == []  # mkdocs.yml wins: no alert_rules there


def test_search_stops_at_the_repository_root(tmp_path: Path) -> None:
    (tmp_path / "mkdocs.yml").write_text("site_name: outer\ndocs_dir: nowhere\n")
    inner = tmp_path / "inner"
    (inner / ".git").mkdir(parents=True)
    (inner / "a.md").write_text("# A\n")
    result = run_cli(["lint", "--no-cache"], inner)
    assert result.returncode == 0, result.stderr
    assert "(1 file checked)" in result.stderr


def test_zensical_errors_name_the_table(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "docs").mkdir()
    (tmp_path / "zensical.toml").write_text(
        '[project]\nsite_name = "t"\n\n[project.extra.sre_docs]\nstale_runbook_dayz = 3\n'
    )
    result = run_cli(["lint"], tmp_path / "docs")
    assert result.returncode == 2
    assert (
        "zensical.toml: project.extra.sre_docs.stale_runbook_dayz: unknown option "
        "(did you mean 'stale_runbook_days'?" in result.stderr
    )
    (tmp_path / "zensical.toml").write_text("[project\n")
    broken = run_cli(["lint"], tmp_path / "docs")
    assert broken.returncode == 2 and "zensical.toml: invalid TOML" in broken.stderr
    assert "Traceback" not in broken.stderr
