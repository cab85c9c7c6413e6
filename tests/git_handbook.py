"""A small handbook in a temporary git repository, for the commit-blocking tests.

One clean postmortem, one SLO whose paging alert links one runbook, and that runbook."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import TODAY

POSTMORTEM = """---
type: postmortem
id: PM-1
title: Checkout outage
date: 2026-11-20
severity: SEV3
status: draft
services: [checkout-api]
action_items:
  - id: PM-1-AI-1
    description: Add a canary stage
    owner: "@amira"
    due: 2026-12-15
    ticket: PW-1
---
## What Happened
Checkout failed for 12 minutes after a config push.
## Timeline
- **10:00** push
- **10:12** rollback
## Root Cause
Config pushes skipped the canary stage.
## Fix
Rolled back.
"""
ORPHAN = POSTMORTEM.replace('    owner: "@amira"\n', "").replace("    ticket: PW-1\n", "")
SLO = """---
type: slo
id: SLO-1
service: checkout-api
target: 99.9
window: 30d
error_budget_minutes: 43.2
owner: "@payments-team"
burn_rate_alerts:
  - name: CheckoutFastBurn
    burn_rate: 14.4
    long_window: 1h
    short_window: 5m
    severity: page
    runbook: ../runbooks/checkout.md
---
Checkout availability.
"""
RUNBOOK = """---
type: runbook
id: RB-1
alerts: [CheckoutFastBurn]
owner: "@payments-team"
last_reviewed: 2026-11-01
---
## Overview
## Impact
## Diagnosis
## Mitigation
## Escalation
"""


def git(
    root: Path, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["git", *args],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
        env={**os.environ, **(env or {})},
    )


def tool_path() -> str:
    """PATH with the running environment's scripts first (sre-docs, pre-commit)."""
    return f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"


def make_repository(root: Path) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    git(root, "init", "-q", "-b", "main")
    git(root, "config", "user.email", "test@example.com")
    git(root, "config", "user.name", "Test")
    git(root, "config", "commit.gpgsign", "false")
    (root / "mkdocs.yml").write_text(
        f"site_name: t\ndocs_dir: docs\nplugins:\n  - sre-docs:\n      today: {TODAY}\n",
        encoding="utf-8",
    )
    files = {
        "docs/postmortems/pm-1.md": POSTMORTEM,
        "docs/slos/checkout.md": SLO,
        "docs/runbooks/checkout.md": RUNBOOK,
    }
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    (root / ".gitignore").write_text(".sre_docs_cache/\n", encoding="utf-8")
    git(root, "add", "-A")
    result = git(root, "commit", "-q", "--no-verify", "-m", "handbook")
    assert result.returncode == 0, result.stderr
    return root
