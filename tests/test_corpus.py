"""The linter on real documents nobody here wrote (`../shared/corpus`), through the CLI.

No traceback on 2,000+ files; the known blame hit in DFDS's postmortems is found; the
kube-prometheus alert rules lead to the 26 runbook URLs the runbooks repository lacks."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import run_cli


def _lint(config: Path, cwd: Path, *args: str) -> list[dict[str, object]]:
    result = run_cli(
        ["lint", "--config", str(config), "--format", "json", "-q", *args], cwd, timeout=600
    )
    assert result.returncode in (0, 1), result.stderr
    assert "Traceback" not in result.stderr
    return json.loads(result.stdout)


def test_whole_corpus_lints_without_crashing(corpus: Path, tmp_path: Path) -> None:
    result = run_cli(["lint", str(corpus), "--format", "json", "--no-cache"], tmp_path, timeout=600)
    assert result.returncode in (0, 1), result.stderr
    assert "Traceback" not in result.stderr
    findings = json.loads(result.stdout)
    assert findings and all(f["line"] >= 1 and f["column"] >= 1 for f in findings)
    checked = int(result.stderr.split("(")[-1].split()[0])
    assert checked > 2000


def test_real_postmortems(corpus: Path, tmp_path: Path) -> None:
    config = tmp_path / "corpus.yml"
    config.write_text(
        f"docs_dir: {corpus}\n"
        "folders:\n"
        "  dfds__postmortems: postmortem\n"
        "  PostHog__post-mortems: postmortem\n"
        "  2i2c-org__incident-reports/reports: postmortem\n"
        "cache: false\n",
        encoding="utf-8",
    )
    findings = _lint(config, tmp_path, "--select", "blame-language,timeline-out-of-order")
    blame = [f for f in findings if f["rule"] == "blame-language"]
    assert any(
        "PM2022-002" in str(f["path"]) and "'Human error'" in str(f["message"]) for f in blame
    )
    assert len(blame) <= 5, blame  # real prose: "failed", "default", "faulty" are not blame
    timeline = [f for f in findings if f["rule"] == "timeline-out-of-order"]
    # Two DFDS timelines list an entry before the one above it (Log4Shell, total node failure).
    assert {str(f["path"]).rsplit("/", 1)[-1] for f in timeline} >= {
        "PM2021-011 - Log4Shell.md",
        "PM2023-001 - Total node failure.md",
    }


def test_alert_rules_need_runbooks(corpus: Path, tmp_path: Path) -> None:
    config = tmp_path / "mkdocs.yml"
    config.write_text(
        "site_name: runbooks\n"
        f"docs_dir: {corpus / 'prometheus-operator__runbooks' / 'content'}\n"
        "site_url: https://runbooks.prometheus-operator.dev/\n"
        "plugins:\n"
        "  - sre-docs:\n"
        "      folders: {runbooks: runbook}\n"
        "      alert_rules:\n"
        f"        - {corpus / 'prometheus-operator__kube-prometheus' / 'manifests'}/*.yaml\n"
        "      cache: false\n",
        encoding="utf-8",
    )
    findings = _lint(config, tmp_path, "--select", "broken-runbook-link,missing-runbook-link")
    targets = {str(f["message"]).split("broken: ")[1].split(" ")[0] for f in findings}
    assert all(f["rule"] == "broken-runbook-link" for f in findings)
    assert len(targets) == 26
    assert all(str(f["path"]).endswith("prometheusRule.yaml") for f in findings)
