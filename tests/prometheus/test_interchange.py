"""OpenSLO and Sloth out, OpenSLO, Sloth and Pyrra in: the demo SLOs round-trip, real specs
from the corpus import, and imports never overwrite."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from sre_docs.cli import main
from sre_docs.loader import parse_yaml, split_front_matter
from tests.conftest import REPO

KEPT = ("id", "title", "service", "owner", "sli", "target", "window", "burn_rate_alerts")


def _meta(path: Path) -> dict:
    front, first_line, _, _, _ = split_front_matter(path.read_text(encoding="utf-8"))
    return parse_yaml(front or "", first_line).data


def _demo_slos() -> dict[str, dict]:
    return {
        _meta(path)["id"]: _meta(path)
        for path in sorted((REPO / "content/slos").glob("*.md"))
        if path.name != "index.md"
    }


def _empty_handbook(root: Path) -> Path:
    """The demo's runbooks and configuration, without its SLOs."""
    (root / "content").mkdir(parents=True)
    shutil.copytree(REPO / "content/runbooks", root / "content/runbooks")
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    return root


def _imported(root: Path) -> dict[str, dict]:
    return {_meta(path)["id"]: _meta(path) for path in sorted((root / "content/slos").glob("*.md"))}


def test_openslo_round_trips_the_demo_slos(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(REPO)
    assert main(["generate", "openslo", "--out", str(tmp_path / "openslo")]) == 0
    files = sorted((tmp_path / "openslo").glob("*.yaml"))
    kinds = [
        document["kind"]
        for path in files
        for document in yaml.safe_load_all(path.read_text(encoding="utf-8"))
    ]
    assert {kind: kinds.count(kind) for kind in set(kinds)} == {
        "Service": 5,
        "SLO": 6,
        "SLI": 6,
        "AlertPolicy": 11,
        "AlertCondition": 11,
    }
    policy = next(
        document
        for document in yaml.safe_load_all(
            (tmp_path / "openslo/slo-checkout-availability.yaml").read_text(encoding="utf-8")
        )
        if document["kind"] == "AlertPolicy"
    )
    assert policy["metadata"]["annotations"]["runbook"] == (
        "https://handbook.parcelwise.example/runbooks/checkout-high-5xx/"
    )
    root = _empty_handbook(tmp_path / "handbook")
    monkeypatch.chdir(root)
    for path in files:
        if not path.name.startswith("service-"):
            assert main(["import", "openslo", str(path)]) == 0
    imported, demo = _imported(root), _demo_slos()
    assert sorted(imported) == sorted(demo)
    for slo_id, original in demo.items():
        for key in KEPT:
            assert imported[slo_id][key] == original[key], (slo_id, key)
    capsys.readouterr()
    assert main(["lint", "content"]) == 0, capsys.readouterr().out


def test_sloth_round_trips_what_sloth_carries(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, promtool: str
) -> None:
    monkeypatch.chdir(REPO)
    assert main(["generate", "sloth", "--out", str(tmp_path / "sloth")]) == 0
    specs = sorted((tmp_path / "sloth").glob("*.yml"))
    assert [path.name for path in specs] == [
        "checkout-api.yml",
        "dispatch-engine-28d.yml",
        "label-service.yml",
        "payments-gateway-28d.yml",
        "tracking-api-4w.yml",
        "tracking-api.yml",
    ]
    root = _empty_handbook(tmp_path / "handbook")
    monkeypatch.chdir(root)
    for path in specs:
        window = path.stem.rsplit("-", 1)[-1] if path.stem[-1] in "dw" else "30d"
        assert main(["import", "sloth", str(path), "--window", window]) == 0
    imported, demo = _imported(root), _demo_slos()
    assert sorted(imported) == sorted(demo)
    for slo_id, original in demo.items():
        again = imported[slo_id]
        for key in ("id", "title", "service", "owner", "target", "window"):
            assert again[key] == original[key], (slo_id, key)
        # Sloth counts errors: a good-events SLI comes back as total − good.
        assert "bad_events" in again["sli"] and "total_events" in again["sli"]
        # Sloth has one page and one ticket alert of the workbook's windows.
        severities = {alert["severity"] for alert in original["burn_rate_alerts"]}
        assert {alert["severity"] for alert in again["burn_rate_alerts"]} == severities
        for alert in again["burn_rate_alerts"]:
            assert alert["runbook"].startswith("../runbooks/")
    # The imported SLOs generate rules promtool accepts.
    rules = tmp_path / "rules.yml"
    assert main(["generate", "prometheus-rules", "--out", str(rules)]) == 0
    check = subprocess.run(
        [promtool, "check", "rules", "--lint-fatal", str(rules)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert check.returncode == 0, check.stdout + check.stderr


def test_import_never_overwrites(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = tmp_path / "spec.yml"
    spec.write_text(
        'version: "prometheus/v1"\nservice: shop\nslos:\n  - name: requests\n    objective: 99.5\n'
        "    description: Shop requests\n    sli:\n      events:\n"
        '        error_query: sum(rate(req_total{code=~"5.."}[{{.window}}]))\n'
        "        total_query: sum(rate(req_total[{{.window}}]))\n"
        "    alerting:\n      page_alert:\n        disable: true\n"
        "      ticket_alert:\n        disable: true\n",
        encoding="utf-8",
    )
    (tmp_path / "docs/slos").mkdir(parents=True)
    existing = tmp_path / "docs/slos/shop-requests.md"
    existing.write_text("mine\n", encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text("site_name: t\ndocs_dir: docs\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["import", "sloth", str(spec)]) == 1
    assert "already exists; not overwritten" in capsys.readouterr().err
    assert existing.read_text(encoding="utf-8") == "mine\n"
    assert main(["import", "sloth", str(spec), "--dir", "imported"]) == 0
    written = _meta(tmp_path / "docs/imported/shop-requests.md")
    assert written["sli"]["bad_events"] == 'sum(rate(req_total{code=~"5.."}[{{window}}]))'
    assert written["target"] == 99.5 and written["window"] == "30d"
    assert "burn_rate_alerts" not in written
    assert main(["import", "sloth", str(tmp_path / "missing.yml")]) == 2
    (tmp_path / "bad.yml").write_text("version: [\n", encoding="utf-8")
    capsys.readouterr()
    assert main(["import", "openslo", str(tmp_path / "bad.yml")]) == 2
    assert "bad.yml:2: not valid YAML" in capsys.readouterr().err


def test_real_specs_from_the_corpus_import_and_generate(
    corpus: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    promtool: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Every Sloth, OpenSLO and Pyrra spec of the corpus: imported into one handbook, each
    SLO with event queries generates rules that promtool accepts."""
    (tmp_path / "docs").mkdir()
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: t\nsite_url: https://t.example/\ndocs_dir: docs\n", encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path)
    sources = {
        "sloth": sorted((corpus / "slok__sloth/examples").glob("*.y*ml")),
        "openslo": sorted((corpus / "OpenSLO__OpenSLO/examples").rglob("*.yaml"))
        + sorted((corpus / "slok__sloth/examples").glob("openslo-*.yml")),
        "pyrra": sorted((corpus / "pyrra-dev__pyrra/examples").rglob("*.yaml")),
    }
    imported = 0
    for kind, paths in sources.items():
        for number, path in enumerate(paths):
            if kind == "sloth" and path.name.startswith("openslo-"):
                continue  # OpenSLO files Sloth reads: imported as openslo
            if path.name == "victoria-metrics.yml":
                continue  # MetricsQL (histogram_share), which promtool rightly refuses
            folder = f"{kind}/{number}"
            status = main(["import", kind, str(path), "--dir", folder])
            error = capsys.readouterr().err
            if status == 2:
                # A window SLO documents cannot hold (`1m`: minutes, where a contract month
                # was meant): one line naming it, and nothing written.
                assert "window: '1m' is not valid" in error, (path, error)
                assert not (tmp_path / "docs" / folder).exists()
                continue
            assert status in (0, 1), path  # 1: a second SLO of the same name in its folder
            imported += len(list((tmp_path / "docs" / folder).glob("*.md")))
    assert imported >= 60
    rules = tmp_path / "rules.yml"
    # Exit 1: real specs name no runbooks of this handbook (missing-runbook-link findings).
    assert main(["generate", "prometheus-rules", "--out", str(rules)]) in (0, 1)
    check = subprocess.run(
        [promtool, "check", "rules", "--lint-fatal", str(rules)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert check.returncode == 0, check.stdout + check.stderr


SLO_OF = """---
type: slo
id: "{slo_id}"
title: "Availability {number}"
service: "{service}"
sli:
  good_events: sum(rate(http_requests_total{{code!~"5.."}}[{{{{window}}}}]))
  total_events: sum(rate(http_requests_total[{{{{window}}}}]))
target: 99.9
window: 30d
owner: "@a"
---
# Availability {number}
"""


@pytest.mark.parametrize("target", ["openslo", "sloth"])
def test_two_slos_of_one_file_name_are_an_error_not_one_lost(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    target: str,
) -> None:
    """Ids (or services) that differ only in what a file name cannot hold make one OpenSLO or
    Sloth name: the second file replaced the first, and the count said both were written."""
    (tmp_path / "docs" / "slos").mkdir(parents=True)
    (tmp_path / "mkdocs.yml").write_text("site_name: t\ndocs_dir: docs\n", encoding="utf-8")
    pairs = [("checkout.availability", "Checkout API"), ("checkout-availability", "checkout.api")]
    for number, (slo_id, service) in enumerate(pairs, start=1):
        text = SLO_OF.format(slo_id=slo_id, service=service, number=number)
        (tmp_path / "docs" / "slos" / f"slo-{number}.md").write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["generate", target, "--out", "out"]) == 2
    error = capsys.readouterr().err.strip().splitlines()[-1]
    assert error.startswith("sre-docs: error: ") and "slos/slo-1.md" in error, error
    assert "slos/slo-2.md" in error
    assert not (tmp_path / "out").exists()
