"""Live budgets against a real Prometheus: a month of synthetic counters backfilled with
`promtool tsdb create-blocks-from openmetrics`, a server of our own on 127.0.0.1, a real
`mkdocs build`; then the same build with the server stopped.

The expected attainment is computed here from the very samples written, the way PromQL's rate()
ratio sees them over the window (the samples inside it, first to last)."""

from __future__ import annotations

import datetime as dt
import html
import json
import re
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from sre_docs.calc import slo as slo_math
from tests.conftest import run_cli
from tests.site.helpers import mkdocs

END = dt.datetime(2026, 11, 24, tzinfo=dt.UTC)  # the handbook's `today`, 00:00 UTC
STEP = 300  # a sample every 5 minutes: the shortest window queried live is 1 h
DAYS = 31
INCIDENT = (END - dt.timedelta(days=10), 3 * 3600)  # 3 h at 5 % errors
RECENT = 6 * 3600  # the last 6 h at 0.5 % errors: a burn of 5x against 99.9


def _errors_per_step(moment: float) -> float:
    start, length = INCIDENT[0].timestamp(), INCIDENT[1]
    if start <= moment < start + length:
        return 50.0
    if moment > END.timestamp() - RECENT:
        return 5.0
    return 0.2


def _samples() -> list[tuple[float, float, float, float, float]]:
    """(time, good, bad, latency count, latency good) counters, every 5 minutes for a month."""
    rows = []
    good = bad = count = fast = 0.0
    # Half a step off the hour: no sample sits on a window's edge, which Prometheus 2 counts
    # in and Prometheus 3 leaves out.
    moment = END.timestamp() - DAYS * 86400 + STEP / 2
    while moment <= END.timestamp():
        errors = _errors_per_step(moment)
        good += 1000.0 - errors
        bad += errors
        count += 500.0
        fast += 499.0  # 0.2 % slower than 300 ms
        rows.append((moment, good, bad, count, fast))
        moment += STEP
    return rows


def _openmetrics(rows: list[tuple[float, float, float, float, float]]) -> str:
    lines = ["# TYPE shop_requests counter"]
    lines += [f'shop_requests_total{{code="200"}} {good} {t:.0f}' for t, good, _, _, _ in rows]
    lines += [f'shop_requests_total{{code="500"}} {bad} {t:.0f}' for t, _, bad, _, _ in rows]
    lines.append("# TYPE shop_latency_seconds histogram")
    lines += [f'shop_latency_seconds_bucket{{le="0.3"}} {fast} {t:.0f}' for t, *_, fast in rows]
    lines += [f'shop_latency_seconds_bucket{{le="+Inf"}} {c} {t:.0f}' for t, _, _, c, _ in rows]
    lines += [f"shop_latency_seconds_count {c} {t:.0f}" for t, _, _, c, _ in rows]
    lines.append("# EOF")
    return "\n".join(lines) + "\n"


def _expected_attainment(rows: list[tuple[float, float, float, float, float]]) -> float:
    """1 − Δbad / Δtotal over the samples in the 30-day window ending at END."""
    inside = [row for row in rows if END.timestamp() - 30 * 86400 < row[0] <= END.timestamp()]
    first, last = inside[0], inside[-1]
    bad = last[2] - first[2]
    total = (last[1] + last[2]) - (first[1] + first[2])
    return slo_math.attainment_pct(bad / total)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _supports(promtool: str, flag: str) -> bool:
    help_text = subprocess.run(
        [promtool, "tsdb", "create-blocks-from", "openmetrics", "--help"],
        capture_output=True,
        text=True,
        check=False,
    )
    return flag in help_text.stdout + help_text.stderr


@pytest.fixture(scope="module")
def backfilled(tmp_path_factory: pytest.TempPathFactory, promtool: str) -> Path:
    folder = tmp_path_factory.mktemp("tsdb")
    source = folder / "month.om"
    source.write_text(_openmetrics(_samples()), encoding="utf-8")
    command = [promtool, "tsdb", "create-blocks-from", "openmetrics", "--quiet"]
    if _supports(promtool, "--max-block-duration"):
        command.append("--max-block-duration=768h")  # one block, not 372 of two hours
    data = folder / "data"
    result = subprocess.run(
        [*command, str(source), str(data)], capture_output=True, text=True, timeout=600, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return data


@pytest.fixture(scope="module")
def server(backfilled: Path, prometheus_binary: str) -> Iterator[dict[str, object]]:
    port = _free_port()
    config = backfilled.parent / "prometheus.yml"
    config.write_text("global:\n  evaluation_interval: 1m\n", encoding="utf-8")
    log = (backfilled.parent / "prometheus.log").open("w")
    process = subprocess.Popen(
        [
            prometheus_binary,
            f"--config.file={config}",
            f"--storage.tsdb.path={backfilled}",
            # Retention counts back from the newest block: the default 15 d would delete the
            # older half of the backfilled month.
            "--storage.tsdb.retention.time=100y",
            f"--web.listen-address=127.0.0.1:{port}",
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                with urllib.request.urlopen(f"{url}/-/ready", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                log.flush()
                pytest.fail(
                    "prometheus did not start: "
                    + (backfilled.parent / "prometheus.log").read_text()
                )
            time.sleep(0.3)
        yield {"url": url, "process": process}
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


SLO = """---
type: slo
id: {id}
title: {title}
service: shop
owner: "@shop-team"
sli:
  type: {kind}
  good_events: '{good}'
  total_events: '{total}'
target: {target}
window: 30d
current: 99.99
---
# {title}

What we measure.
"""


def _handbook(root: Path, url: str) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "mkdocs.yml").write_text(
        "site_name: Shop\nsite_url: https://shop.example/\ndocs_dir: docs\n"
        "theme:\n  name: material\n  font: false\n"
        "markdown_extensions: [admonition, tables, attr_list, md_in_html]\n"
        "plugins:\n  - search\n  - sre-docs:\n      today: 2026-11-24\n"
        f"      prometheus:\n        url: {url}\n        timeout: 5\n",
        encoding="utf-8",
    )
    slos = root / "docs" / "slos"
    slos.mkdir(parents=True, exist_ok=True)
    (root / "docs" / "index.md").write_text("# Shop\n", encoding="utf-8")
    documents = {
        "availability": {
            "id": "SLO-shop-availability",
            "title": "Shop availability",
            "kind": "availability",
            "good": 'sum(rate(shop_requests_total{{code!~"5.."}}[{{{{window}}}}]))',
            "total": "sum(rate(shop_requests_total[{{{{window}}}}]))",
            "target": 99.9,
        },
        "latency": {
            "id": "SLO-shop-latency",
            "title": "Shop latency",
            "kind": "latency",
            "good": 'sum(rate(shop_latency_seconds_bucket{{le="0.3"}}[{{{{window}}}}]))',
            "total": "sum(rate(shop_latency_seconds_count[{{{{window}}}}]))",
            "target": 99,
        },
        "search": {
            "id": "SLO-shop-search",
            "title": "Shop search",
            "kind": "availability",
            "good": "search_ok_total",
            "total": "search_total",
            "target": 99.5,
        },
    }
    for name, values in documents.items():
        text = SLO.format(**values).replace("{{", "{").replace("}}", "}")
        (slos / f"{name}.md").write_text(text, encoding="utf-8")
    return root


def _text(page: str) -> str:
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page)))


def test_live_budgets_then_the_server_stopped(server: dict[str, object], tmp_path: Path) -> None:
    """One test, in this order (a server of its own per xdist worker would share the data)."""
    _site_shows_the_measured_budget(str(server["url"]), tmp_path / "live")
    _export_has_the_same_numbers(str(server["url"]), tmp_path / "export")
    process = server["process"]
    assert isinstance(process, subprocess.Popen)
    process.terminate()
    process.wait(timeout=30)
    _server_stopped_builds_with_one_warning_per_slo(str(server["url"]), tmp_path / "stopped")


def _site_shows_the_measured_budget(url: str, tmp_path: Path) -> None:
    root = _handbook(tmp_path, url)
    build = mkdocs(root, "build", "--site-dir", str(tmp_path / "site"))
    assert build.returncode == 0, build.stderr
    rows = _samples()
    expected = _expected_attainment(rows)
    page = (tmp_path / "site/slos/availability/index.html").read_text(encoding="utf-8")
    text = _text(page)
    shown = re.search(r"Current (\d+\.\d+) % \(as of 2026-11-24 00:00 UTC, from Prometheus\)", text)
    assert shown is not None, text[:2000]
    assert abs(float(shown.group(1)) - expected) < 0.001, (shown.group(1), expected)
    remaining = slo_math.budget_remaining(99.9, expected)
    state = slo_math.budget_state(remaining)
    assert state == "healthy"  # a month at 0.02 %, 3 h at 5 % and 6 h at 0.5 % leave 55 %
    assert f"{round(remaining * 100, 1):g} % of the error budget left" in text, (
        remaining,
        re.search(r"healthy .{0,200}", text),
    )
    assert "Burn rate 5× over 1 h · 5× over 6 h" in text
    hours = slo_math.hours_to_exhaustion(remaining, 5.0, "30d")
    assert f"Budget exhausted in {round(hours / 24, 1):g} days at the 1 h burn rate" in text
    chart = re.search(
        r'<svg class="sre-docs-chart" id="burn-down-slo-shop-availability".*?</svg>', page, re.S
    )
    assert chart is not None
    assert chart.group(0).count("<circle") == 31  # a point a day over the 30-day window
    description = re.search(r"<desc[^>]*>(.*?)</desc>", chart.group(0)).group(1)
    assert description.endswith(f"11-24: {round(remaining * 100, 2):g} %")
    # The latency SLO from histogram buckets: 0.2 % slow against a 1 % budget.
    latency = _text((tmp_path / "site/slos/latency/index.html").read_text(encoding="utf-8"))
    assert "Current 99.8 % (as of 2026-11-24 00:00 UTC, from Prometheus)" in latency
    # The search SLO's metrics do not exist: one warning, the page says so and builds.
    warnings = [line for line in build.stderr.splitlines() if "WARNING" in line]
    assert len(warnings) == 1, warnings
    assert "slos/search.md" in warnings[0] and url in warnings[0]
    assert "empty result" in warnings[0] and "search_ok_total" in warnings[0]
    search = _text((tmp_path / "site/slos/search/index.html").read_text(encoding="utf-8"))
    assert "Live data missing" in search and "Current 99.99 %" in search
    index = _text((tmp_path / "site/reliability/slos/index.html").read_text(encoding="utf-8"))
    assert "Live error budgets" in index and "as of 2026-11-24 00:00 UTC, from Prometheus" in index
    overview = _text((tmp_path / "site/reliability/index.html").read_text(encoding="utf-8"))
    assert "Budgets as of 2026-11-24 00:00 UTC, from Prometheus" in overview


def _export_has_the_same_numbers(url: str, tmp_path: Path) -> None:
    root = _handbook(tmp_path, url)
    result = run_cli(["export"], root)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    availability = next(slo for slo in data["slos"] if slo["id"] == "SLO-shop-availability")
    assert abs(availability["current"] - _expected_attainment(_samples())) < 0.001
    assert availability["live"]["burn_rate_6h"] == pytest.approx(5.0, rel=1e-6)
    assert len(availability["live"]["budget_points"]) == 31
    assert result.stderr.count("sre-docs: warning:") == 1  # the search SLO


def _server_stopped_builds_with_one_warning_per_slo(url: str, tmp_path: Path) -> None:
    root = _handbook(tmp_path, url)
    build = mkdocs(root, "build", "--site-dir", str(tmp_path / "site"))
    assert build.returncode == 0, build.stderr
    warnings = [line for line in build.stderr.splitlines() if "WARNING" in line]
    assert len(warnings) == 3, warnings
    for name in ("availability", "latency", "search"):
        assert any(f"slos/{name}.md" in line for line in warnings), warnings
    assert all(url in line and "query:" in line for line in warnings)
    page = _text((tmp_path / "site/slos/availability/index.html").read_text(encoding="utf-8"))
    assert "Live data missing" in page and "Current 99.99 %" in page
