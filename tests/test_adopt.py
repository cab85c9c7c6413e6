"""`sre-docs adopt` on runbooks: a how-to is proposed as `kind: procedure`, an article about an
error as `kind: troubleshooting`, an alert runbook keeps `alerts` to fill in."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import run_cli

PROCEDURE = """# Rotating the ingress certificate

## Overview

The certificate of the ingress expires every 90 days.

## Pre-checks

- The new certificate is in the vault.

## Procedure

1. Upload the certificate.
2. Reload the ingress.

## Rollback

Upload the previous certificate again.
"""
ALERT = """# Queue depth high

## Troubleshooting

Look at the consumers.

## Steps to check

Check the lag, then scale the consumers.

## Mitigation

Scale the consumers.
"""


TROUBLESHOOTING = """# ImportError: cannot import name 'Ledger'

## Symptoms

The worker exits at start with `ImportError: cannot import name 'Ledger'`.

## Possible causes

The image was built against another version of the client library.

## Solution

Rebuild the image from the lock file.
"""
ALERT_WITH_SYMPTOMS = """# Ledger worker crash looping

## Symptoms

The worker restarts every minute.

## Impact

Payments are booked late.

## Resolution

Roll back the last deploy.
"""


def test_adopt_proposes_troubleshooting_for_articles_about_an_error(tmp_path: Path) -> None:
    (tmp_path / "runbooks").mkdir()
    (tmp_path / "runbooks" / "import-error.md").write_text(TROUBLESHOOTING, "utf-8")
    (tmp_path / "runbooks" / "worker-crash.md").write_text(ALERT_WITH_SYMPTOMS, "utf-8")
    (tmp_path / "sre.yml").write_text("docs_dir: .\ncache: false\n", encoding="utf-8")
    result = run_cli(["adopt", "--config", "sre.yml", "--write"], tmp_path)
    assert result.returncode == 0, result.stderr
    article = (tmp_path / "runbooks" / "import-error.md").read_text("utf-8")
    assert "\nkind: troubleshooting\n" in article and "# to fill in: owner\n" in article
    assert article.endswith(TROUBLESHOOTING)
    # Symptoms and a resolution, but also the Impact of an alert: an alert runbook.
    alert = (tmp_path / "runbooks" / "worker-crash.md").read_text("utf-8")
    assert "kind:" not in alert and "# to fill in: alerts, owner\n" in alert
    lint = run_cli(["lint", "--config", "sre.yml", "--format", "json"], tmp_path)
    findings = [(f["path"], f["rule"], f["message"]) for f in json.loads(lint.stdout)]
    assert [f for f in findings if f[0] == "runbooks/import-error.md"] == [
        ("runbooks/import-error.md", "schema-violation", "missing required field 'owner'")
    ]


def test_adopt_proposes_procedure_only_for_how_tos(tmp_path: Path) -> None:
    (tmp_path / "runbooks").mkdir()
    (tmp_path / "runbooks" / "rotating-the-ingress-certificate.md").write_text(PROCEDURE, "utf-8")
    (tmp_path / "runbooks" / "queue-depth-high.md").write_text(ALERT, "utf-8")
    (tmp_path / "sre.yml").write_text("docs_dir: .\ncache: false\n", encoding="utf-8")
    result = run_cli(["adopt", "--config", "sre.yml", "--write"], tmp_path)
    assert result.returncode == 0, result.stderr
    procedure = (tmp_path / "runbooks" / "rotating-the-ingress-certificate.md").read_text("utf-8")
    assert "\nkind: procedure\n" in procedure and "# to fill in: owner\n" in procedure
    assert procedure.endswith(PROCEDURE)
    alert = (tmp_path / "runbooks" / "queue-depth-high.md").read_text("utf-8")
    # Steps alone do not make a how-to when the runbook diagnoses and mitigates an alert.
    assert "kind:" not in alert and "# to fill in: alerts, owner\n" in alert
    lint = run_cli(["lint", "--config", "sre.yml", "--format", "json"], tmp_path)
    findings = [(f["path"], f["rule"], f["message"]) for f in json.loads(lint.stdout)]
    assert (
        "runbooks/queue-depth-high.md",
        "schema-violation",
        "missing required field 'alerts'",
    ) in (findings)
    procedure_findings = [f for f in findings if f[0].startswith("runbooks/rotating")]
    assert procedure_findings == [
        (
            "runbooks/rotating-the-ingress-certificate.md",
            "schema-violation",
            "missing required field 'owner'",
        ),
        (
            "runbooks/rotating-the-ingress-certificate.md",
            "missing-section",
            "runbook (procedure) has no 'Verification' section",
        ),
    ]


def test_adopt_leaves_the_kind_to_a_procedure_folder(tmp_path: Path) -> None:
    """In a folder mapped to `{type: runbook, kind: procedure}` the folder says the kind: the
    proposal does not write it again, and asks only for what a procedure requires."""
    (tmp_path / "how-to").mkdir()
    (tmp_path / "how-to" / "rotating-the-ingress-certificate.md").write_text(PROCEDURE, "utf-8")
    (tmp_path / "how-to" / "queue-depth-high.md").write_text(ALERT, "utf-8")
    (tmp_path / "sre.yml").write_text(
        "docs_dir: .\ncache: false\nfolders:\n  how-to: {type: runbook, kind: procedure}\n",
        encoding="utf-8",
    )
    result = run_cli(["adopt", "--config", "sre.yml", "--write"], tmp_path)
    assert result.returncode == 0, result.stderr
    for name in ("rotating-the-ingress-certificate.md", "queue-depth-high.md"):
        text = (tmp_path / "how-to" / name).read_text("utf-8")
        assert "kind:" not in text and "type: runbook\n" in text
        assert "# to fill in: owner\n" in text  # not `alerts`: the folder's are procedures
    lint = run_cli(["lint", "--config", "sre.yml", "--format", "json"], tmp_path)
    findings = [(f["path"], f["rule"], f["message"]) for f in json.loads(lint.stdout)]
    assert (
        "how-to/queue-depth-high.md",
        "schema-violation",
        "missing required field 'alerts'",
    ) not in findings
    assert (
        "how-to/rotating-the-ingress-certificate.md",
        "missing-section",
        "runbook (procedure) has no 'Verification' section",
    ) in findings
