"""`mkdocs serve` and `properdocs serve` with the plugin: an edit to any document regenerates
the aggregated pages, and nothing is written into the docs folder, so the server does not
rebuild in a loop; `sre-docs site serve` with Zensical generates the pages again on edits."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.site.helpers import write_handbook

POSTMORTEM = """---
type: postmortem
title: Queue stalled
date: 2026-11-20
severity: SEV3
status: draft
services: [queue]
---
## What Happened
x
## Timeline
- **10:00** start
## Root Cause
x
## Fix
x
"""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def _wait_for(condition: Callable[[], bool], what: str, limit: float = 90.0) -> None:
    """Poll until `condition` holds; the limit only stops a hung server from hanging the test."""
    deadline = time.monotonic() + limit
    while not condition():
        assert time.monotonic() < deadline, f"gave up waiting for {what}"
        time.sleep(0.2)


def _start(command: list[str], root: Path, log_path: Path) -> subprocess.Popen[bytes]:
    with log_path.open("w", encoding="utf-8") as log:
        return subprocess.Popen(
            command,
            cwd=root,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
            stdout=log,
            stderr=subprocess.STDOUT,
        )


def _edit_and_wait(root: Path, url: str, postmortem: str = POSTMORTEM) -> None:
    """The first build shows the SEV3 postmortem; after the edit, the pages show SEV2."""
    _wait_for(lambda: "1 SEV3" in (_fetch(url) or ""), "the first build")
    (root / "docs" / "postmortems" / "queue.md").write_text(
        postmortem.replace("SEV3", "SEV2"), encoding="utf-8"
    )
    _wait_for(lambda: "1 SEV2" in (_fetch(url) or ""), "the rebuild after the edit")


@pytest.mark.parametrize("generator", ["mkdocs", "properdocs"])
def test_serve_regenerates_pages_on_edit_without_looping(generator: str, tmp_path: Path) -> None:
    root = write_handbook(tmp_path, {"index.md": "# Home\n", "postmortems/queue.md": POSTMORTEM})
    docs_before = sorted(path.relative_to(root) for path in (root / "docs").rglob("*"))
    port = _free_port()
    log_path = tmp_path / "serve.log"
    executable = Path(sys.executable).parent / generator  # ProperDocs: the plugin unchanged
    server = _start([str(executable), "serve", "--dev-addr", f"127.0.0.1:{port}"], root, log_path)
    try:
        _edit_and_wait(root, f"http://127.0.0.1:{port}/reliability/incidents/")
        service = _fetch(f"http://127.0.0.1:{port}/reliability/services/queue/") or ""
        assert "SEV2" in service
        builds = log_path.read_text(encoding="utf-8").count("Building documentation")
        assert builds == 2
        # A server that wrote into docs_dir would now rebuild again and again; give it the
        # time of several rebuilds to show itself.
        time.sleep(3)
        log_text = log_path.read_text(encoding="utf-8")
        assert log_text.count("Building documentation") == 2, log_text
    finally:
        server.terminate()
        server.wait(timeout=30)
    assert sorted(path.relative_to(root) for path in (root / "docs").rglob("*")) == docs_before


RUNBOOK = """---
type: runbook
title: Queue stalled
alerts: [QueueStalled]
service: queue
owner: "@m"
last_reviewed: 2026-11-01
---
# Queue stalled
## Overview
## Impact
## Diagnosis
## Mitigation
## Escalation
"""


def test_site_serve_with_zensical_regenerates_pages_on_edit(tmp_path: Path) -> None:
    with_alert = POSTMORTEM.replace(
        "services: [queue]", "services: [queue]\nalerts: [QueueStalled]"
    )
    documents = {
        "index.md": "# Home\n",
        "postmortems/queue.md": with_alert,
        "runbooks/q.md": RUNBOOK,
    }
    root = write_handbook(tmp_path, documents)
    config = root / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("  - tables\n", "  - tables\n  - sre_docs\n"),
        encoding="utf-8",
    )
    port = _free_port()
    log_path = tmp_path / "serve.log"
    executable = Path(sys.executable).parent / "sre-docs"
    command = [str(executable), "site", "serve", "--with", "zensical"]
    server = _start([*command, "--dev-addr", f"127.0.0.1:{port}"], root, log_path)
    url = f"http://127.0.0.1:{port}/reliability/incidents/"
    try:
        _edit_and_wait(root, url, with_alert)
        postmortem = f"http://127.0.0.1:{port}/postmortems/queue/"
        page = _fetch(postmortem) or ""
        assert "admonition" in page and "SEV2" in page and "QueueStalled → <a" in page
        # The box shows the runbook that answers the alert: an edit to the runbook alone
        # changes it.
        (root / "docs" / "runbooks" / "q.md").write_text(
            RUNBOOK.replace("[QueueStalled]", "[Other]"), encoding="utf-8"
        )
        _wait_for(lambda: "QueueStalled → no runbook" in (_fetch(postmortem) or ""), "the box")
    finally:
        server.terminate()
        server.wait(timeout=30)
    # The generator's server went with it.
    time.sleep(0.5)
    assert _fetch(url) is None, log_path.read_text(encoding="utf-8")


ALERTS = """groups:
  - name: queue
    rules:
      - alert: QueueStalled
        expr: up == 0
"""


def test_serve_rebuilds_when_an_alert_rule_file_changes(tmp_path: Path) -> None:
    root = write_handbook(tmp_path, {"index.md": "# Home\n", "runbooks/queue.md": RUNBOOK})
    config = root / "mkdocs.yml"
    config.write_text(config.read_text() + '      alert_rules: ["alerts/*.yml"]\n')
    (root / "alerts").mkdir()
    (root / "alerts" / "queue.yml").write_text(ALERTS)
    port = _free_port()
    log_path = tmp_path / "serve.log"
    executable = Path(sys.executable).parent / "mkdocs"
    with log_path.open("w", encoding="utf-8") as log:
        server = subprocess.Popen(
            [str(executable), "serve", "--dev-addr", f"127.0.0.1:{port}"],
            cwd=root,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        _wait_for(lambda: _fetch(f"http://127.0.0.1:{port}/") is not None, "the first build")
        assert "[missing-runbook-link]" not in log_path.read_text(encoding="utf-8")
        (root / "alerts" / "queue.yml").write_text(
            ALERTS + "      - alert: QueueSlow\n        expr: up == 1\n"
        )
        _wait_for(
            lambda: "alert 'QueueSlow'" in log_path.read_text(encoding="utf-8"),
            "the rebuild after the alert rule file changed",
        )
        time.sleep(3)  # and no rebuild loop
        assert log_path.read_text(encoding="utf-8").count("Building documentation") == 2
    finally:
        server.terminate()
        server.wait(timeout=30)


TOIL = """---
type: toil
title: Manual restarts
category: config
frequency: monthly
time_per_occurrence_min: 30
occurrences_per_month: 4
total_hours_per_month: 2
automation_difficulty: low
teams_affected: ["@ops"]
status: open
owner: "@ops"
---
# Manual restarts
"""


def test_serve_adds_a_page_with_its_first_document_and_drops_it_with_the_last(
    tmp_path: Path,
) -> None:
    """A handbook without toil has no toil page; the first toil record added while `mkdocs
    serve` runs brings the page (and its navigation entry), removing the last takes it away."""
    root = write_handbook(tmp_path, {"index.md": "# Home\n", "postmortems/queue.md": POSTMORTEM})
    port = _free_port()
    log_path = tmp_path / "serve.log"
    executable = Path(sys.executable).parent / "mkdocs"
    server = _start([str(executable), "serve", "--dev-addr", f"127.0.0.1:{port}"], root, log_path)
    toil = f"http://127.0.0.1:{port}/reliability/toil/"
    incidents = f"http://127.0.0.1:{port}/reliability/incidents/"
    try:
        _wait_for(lambda: _fetch(incidents) is not None, "the first build")
        assert _fetch(toil) is None and 'href="../toil/"' not in (_fetch(incidents) or "")
        record = root / "docs" / "toil" / "restarts.md"
        record.parent.mkdir()
        record.write_text(TOIL, encoding="utf-8")
        _wait_for(lambda: "Manual restarts" in (_fetch(toil) or ""), "the toil page")
        assert 'href="../toil/"' in (_fetch(incidents) or "")
        record.unlink()
        _wait_for(lambda: _fetch(toil) is None, "the toil page to go")
        assert 'href="../toil/"' not in (_fetch(incidents) or "")
    finally:
        server.terminate()
        server.wait(timeout=30)
