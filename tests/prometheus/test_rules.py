"""`generate prometheus-rules` and `prometheus-tests` on the demo handbook, checked by promtool.

promtool is the real one of Debian's `prometheus` package; the tests skip without it (fail
under SRE_DOCS_REQUIRE_ALL=1)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

from sre_docs.cli import main
from tests.conftest import REPO, run_cli
from tests.site.helpers import build_demo

SITE_URL = "https://handbook.parcelwise.example/"


def _promtool(promtool: str, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [promtool, *args], cwd=cwd, capture_output=True, text=True, timeout=300, check=False
    )


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("rules")
    rules = run_cli(["generate", "prometheus-rules", "--out", str(out / "slo-rules.yml")], REPO)
    assert rules.returncode == 0, rules.stderr
    assert "6 SLOs generated" in rules.stderr
    tests = run_cli(["generate", "prometheus-tests", "--out", str(out / "slo-tests.yml")], REPO)
    assert tests.returncode == 0, tests.stderr
    return out


def _alerts(rule_file: Path) -> list[dict]:
    data = yaml.safe_load(rule_file.read_text(encoding="utf-8"))
    return [rule for group in data["groups"] for rule in group["rules"] if "alert" in rule]


def test_demo_rules_pass_promtool_lint(generated: Path, promtool: str) -> None:
    result = _promtool(promtool, "check", "rules", "--lint-fatal", "slo-rules.yml", cwd=generated)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "SUCCESS" in result.stdout


def test_rules_have_sloth_names_labels_and_every_window(generated: Path) -> None:
    data = yaml.safe_load((generated / "slo-rules.yml").read_text(encoding="utf-8"))
    checkout = [
        rule
        for group in data["groups"]
        if group["name"] == "sre-docs-slo-sli-recordings-SLO-checkout-availability"
        for rule in group["rules"]
    ]
    assert [rule["record"] for rule in checkout] == [
        f"slo:sli_error:ratio_rate{window}"
        for window in ("5m", "30m", "1h", "2h", "6h", "1d", "3d", "30d")
    ]
    five = checkout[0]
    assert five["labels"] == {
        "slo_id": "SLO-checkout-availability",
        "slo_service": "checkout-api",
        "slo_window": "5m",
    }
    assert '{service="checkout-api",code!~"5.."}[5m]' in five["expr"]
    # The label service's SLI is two plain selectors, wrapped in rate().
    text = (generated / "slo-rules.yml").read_text(encoding="utf-8")
    assert "(sum(rate(labels_printed_total[1h])))" in text
    # The tracking SLI counts bad events: the ratio is bad / total, without `1 -`.
    tracking = next(
        group["rules"][0]
        for group in data["groups"]
        if group["name"] == "sre-docs-slo-sli-recordings-SLO-tracking-availability"
    )
    assert tracking["expr"].startswith(
        '(sum(rate(http_requests_total{service="tracking-api",code=~"5.."}[5m])))\n/\n'
    )


def test_every_alert_has_severity_runbook_page_and_summary(generated: Path) -> None:
    alerts = _alerts(generated / "slo-rules.yml")
    assert len(alerts) == 11  # the burn_rate_alerts of the six demo SLOs
    fast = next(alert for alert in alerts if alert["alert"] == "CheckoutAvailabilityFastBurn")
    assert fast["labels"]["severity"] == "page"
    assert fast["for"] == "2m"
    assert "> (14.4 * 0.0005)" in fast["expr"]
    notes = fast["annotations"]
    assert notes["runbook_url"] == SITE_URL + "runbooks/checkout-high-5xx/"
    assert notes["slo_url"] == SITE_URL + "slos/checkout-availability/"
    assert "99.95 %" in notes["summary"] and "30d" in notes["summary"]
    assert "14.4x" in notes["summary"]
    for alert in alerts:
        assert alert["labels"]["severity"] in ("page", "ticket")
        assert alert["annotations"]["runbook_url"].startswith(SITE_URL)


def test_every_runbook_url_is_a_page_of_the_built_site(generated: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    build = build_demo(site)
    assert build.returncode == 0, build.stderr
    for alert in _alerts(generated / "slo-rules.yml"):
        for key in ("runbook_url", "slo_url"):
            path = urlsplit(alert["annotations"][key]).path.strip("/")
            page = site / path / "index.html"
            assert page.is_file(), (alert["alert"], key, page)
        runbook = site / urlsplit(alert["annotations"]["runbook_url"]).path.strip("/")
        assert "<h1" in (runbook / "index.html").read_text(encoding="utf-8")


def test_generated_unit_tests_pass_promtool(generated: Path, promtool: str) -> None:
    result = _promtool(promtool, "test", "rules", "slo-tests.yml", cwd=generated)
    assert result.returncode == 0, result.stdout + result.stderr
    tests = yaml.safe_load((generated / "slo-tests.yml").read_text(encoding="utf-8"))["tests"]
    assert len(tests) == 22  # two per alert: a burn just above fires, the SLO does not
    assert any("do not fire" in test["name"] for test in tests)


def test_unit_tests_catch_a_changed_threshold_or_a_lost_runbook(
    tmp_path: Path, promtool: str
) -> None:
    slo = "content/slos/checkout-availability.md"
    rules, tests = tmp_path / "slo-rules.yml", tmp_path / "slo-tests.yml"
    assert run_cli(["generate", "prometheus-rules", slo, "--out", str(rules)], REPO).returncode == 0
    assert run_cli(["generate", "prometheus-tests", slo, "--out", str(tests)], REPO).returncode == 0
    assert _promtool(promtool, "test", "rules", tests.name, cwd=tmp_path).returncode == 0
    original = rules.read_text(encoding="utf-8")
    # A threshold above the burn the test drives: the alert no longer fires.
    rules.write_text(original.replace("(14.4 * 0.0005)", "(16 * 0.0005)"), encoding="utf-8")
    failed = _promtool(promtool, "test", "rules", tests.name, cwd=tmp_path)
    assert failed.returncode == 1 and "CheckoutAvailabilityFastBurn" in failed.stderr
    # A threshold at the SLO: the "at the SLO" case fires and fails.
    rules.write_text(original.replace("(6 * 0.0005)", "(0.9 * 0.0005)"), encoding="utf-8")
    failed = _promtool(promtool, "test", "rules", tests.name, cwd=tmp_path)
    assert failed.returncode == 1 and "CheckoutAvailabilitySlowBurn" in failed.stderr
    lost = original.replace(
        "runbook_url: https://handbook.parcelwise.example/runbooks/checkout-high-5xx/\n", "", 1
    )
    rules.write_text(lost, encoding="utf-8")
    assert _promtool(promtool, "test", "rules", tests.name, cwd=tmp_path).returncode == 1


def _copy_demo(root: Path) -> Path:
    shutil.copytree(REPO / "content", root / "content")
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    return root


def test_check_catches_a_changed_target(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = _copy_demo(tmp_path)
    monkeypatch.chdir(root)
    assert main(["generate", "prometheus-rules", "--out", "slo-rules.yml"]) == 0
    assert main(["generate", "prometheus-rules", "--check", "slo-rules.yml"]) == 0
    slo = root / "content/slos/checkout-availability.md"
    slo.write_text(
        slo.read_text(encoding="utf-8").replace("target: 99.95", "target: 99.9"),
        encoding="utf-8",
    )
    capsys.readouterr()
    assert main(["generate", "prometheus-rules", "--check", "slo-rules.yml"]) == 1
    err = capsys.readouterr().err
    assert "out of date" in err and "-      slo:sli_error:ratio_rate1h" in err
    assert "(14.4 * 0.001)" in err


def test_defaults_follow_the_workbook_scaled_to_the_window(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    docs = tmp_path / "docs"
    (docs / "slos").mkdir(parents=True)
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: t\nsite_url: https://t.example/docs/\ndocs_dir: docs\n"
        "use_directory_urls: false\nplugins: [sre-docs]\n",
        encoding="utf-8",
    )
    (docs / "slos/search.md").write_text(
        "---\ntype: slo\nid: SLO-search\ntitle: Search latency\nservice: search\n"
        'owner: "@a"\nsli:\n  bad_events: search_slow_total\n  total_events: search_total\n'
        "target: 99\nwindow: 28d\n---\n# Search latency\n",
        encoding="utf-8",
    )
    (docs / "runbooks").mkdir()
    (docs / "runbooks/index.md").write_text(
        "---\ntype: runbook\ntitle: Search slow\nalerts: [SearchLatencyPageBurn14x4]\n"
        'owner: "@a"\n---\n# Search slow\n\n## Overview\n\n## Impact\n\n## Diagnosis\n\n'
        "## Mitigation\n\n## Escalation\n",
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    # The 6x page alert has no runbook: the missing-runbook-link finding, and exit 1.
    assert main(["generate", "prometheus-rules", "--out", "rules.yml"]) == 1
    err = capsys.readouterr().err
    assert "slos/search.md:" in err and "[missing-runbook-link]" in err
    assert "SearchLatencyPageBurn6" in err and "SearchLatencyPageBurn14x4" not in err
    alerts = _alerts(tmp_path / "rules.yml")
    windows = [(a["alert"], a["labels"]["severity"], a["for"]) for a in alerts]
    assert windows == [
        ("SearchLatencyPageBurn14x4", "page", "2m"),
        ("SearchLatencyPageBurn6", "page", "14m"),
        ("SearchLatencyTicketBurn3", "ticket", "56m"),
        ("SearchLatencyTicketBurn1", "ticket", "168m"),
    ]
    # Windows scaled by 28/30: 56m and 5m, 336m and 28m, 1344m and 112m, 4032m and 336m.
    assert "ratio_rate56m" in alerts[0]["expr"] and "ratio_rate5m" in alerts[0]["expr"]
    assert "ratio_rate4032m" in alerts[3]["expr"] and "ratio_rate336m" in alerts[3]["expr"]
    assert alerts[0]["annotations"]["runbook_url"] == "https://t.example/docs/runbooks/index.html"
    assert alerts[0]["annotations"]["slo_url"] == "https://t.example/docs/slos/search.html"
    assert "runbook_url" not in alerts[1]["annotations"]


def test_fixed_range_queries_are_reported_not_silently_dropped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    docs = tmp_path / "docs" / "slos"
    docs.mkdir(parents=True)
    (docs / "a.md").write_text(
        "---\ntype: slo\ntitle: A\nservice: a\nowner: '@a'\nsli:\n"
        "  good_events: 'sum(rate(ok_total[5m]))'\n  total_events: 'sum(rate(all_total[5m]))'\n"
        "target: 99.9\nwindow: 30d\n---\n# A\n",
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    assert main(["generate", "prometheus-rules", "--site-url", "https://x.example/", "docs"]) == 1
    captured = capsys.readouterr()
    assert "docs/slos/a.md:7:1: SLO005 [invalid-sli-query]" in captured.err.replace("\\", "/")
    assert "groups: []" in captured.out


def test_no_site_url_is_one_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "mkdocs.yml").write_text("site_name: t\nplugins: [sre-docs]\n", encoding="utf-8")
    (tmp_path / "docs").mkdir()
    monkeypatch.chdir(tmp_path)
    assert main(["generate", "prometheus-rules"]) == 2
    assert "site_url is not set" in capsys.readouterr().err
