"""`sre-docs export` and `sre-docs build-pages` through the installed command.

The exported numbers are the ones the site shows; build-pages refuses to write into docs."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import REPO, run_cli


def test_export_json(tmp_path: Path) -> None:
    out = tmp_path / "handbook.json"
    result = run_cli(["export", "--out", str(out)], REPO)
    assert result.returncode == 0, result.stderr
    data = json.loads(out.read_text(encoding="utf-8"))
    assert set(data) >= {
        "overview",
        "slos",
        "incidents",
        "action_items",
        "toil",
        "runbooks",
        "handoffs",
        "services",
    }
    states = {slo["title"]: (slo["state"], slo["budget_minutes"]) for slo in data["slos"]}
    assert states["Checkout availability"] == ("healthy", 21.6)
    assert states["Payments gateway latency"] == ("warning", 40.32)
    assert states["Tracking API availability"] == ("critical", 43.2)
    assert states["Tracking API latency"] == ("exhausted", 403.2)
    assert data["incidents"]["mean_time_to_detect_minutes"] == 12.5
    assert data["toil"]["matrix"]["do-first"] == 2
    assert "checkout-api" in data["services"]


def test_export_to_stdout_is_deterministic() -> None:
    first = run_cli(["export"], REPO)
    second = run_cli(["export"], REPO)
    assert first.returncode == 0 and first.stdout == second.stdout


def test_build_pages(tmp_path: Path) -> None:
    out = tmp_path / "pages"
    result = run_cli(["build-pages", "--out", str(out)], REPO)
    assert result.returncode == 0, result.stderr
    assert (out / "reliability" / "slos.md").is_file()
    assert (out / "reliability" / "services" / "checkout-api.md").is_file()
    refused = run_cli(["build-pages", "--out", "content/generated"], REPO)
    assert refused.returncode == 2 and "inside the docs folder" in refused.stderr
    assert not (REPO / "content" / "generated").exists()
