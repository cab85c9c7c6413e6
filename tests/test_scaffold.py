"""`sre-docs new` through the installed command: every type, overrides, typing, safety.

A fresh document lints clean (exit 0) and fails `--strict` only with placeholder warnings."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import venv
from pathlib import Path

import pytest

from tests.conftest import REPO, TODAY, run_cli

TYPES = ("postmortem", "runbook", "slo", "handoff", "toil", "service")


@pytest.fixture
def handbook(tmp_path: Path) -> Path:
    (tmp_path / "docs").mkdir()
    (tmp_path / "mkdocs.yml").write_text(
        f"site_name: t\ndocs_dir: docs\nplugins:\n  - sre-docs:\n      today: {TODAY}\n",
        encoding="utf-8",
    )
    return tmp_path


def _new(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run_cli(["new", *args], root)


@pytest.mark.parametrize("doc_type", TYPES)
def test_every_type_is_scaffolded_and_lints_clean(handbook: Path, doc_type: str) -> None:
    result = _new(handbook, doc_type, "Checkout outage")
    assert result.returncode == 0, result.stderr
    path = handbook / result.stdout.strip()
    dated = doc_type in ("postmortem", "handoff")
    expected = f"{TODAY}-checkout-outage.md" if dated else "checkout-outage.md"
    assert path.name == expected
    assert path.parent.name == {"toil": "toil"}.get(doc_type, doc_type + "s")
    lint = run_cli(["lint", "--format", "json", "-q", "--no-cache"], handbook)
    assert lint.returncode == 0, lint.stdout
    strict = run_cli(["lint", "--format", "json", "-q", "--strict", "--no-cache"], handbook)
    findings = json.loads(strict.stdout)
    assert strict.returncode == 1 and findings
    assert {finding["rule"] for finding in findings} == {"placeholder-text"}


def test_unicode_titles_and_short_form(handbook: Path) -> None:
    result = _new(handbook, "postmortem", "Café ordering outage ünïcode", "--short")
    assert result.stdout.strip().endswith(f"{TODAY}-cafe-ordering-outage-unicode.md")
    text = (handbook / result.stdout.strip()).read_text(encoding="utf-8")
    assert "## What Happened" in text and "## Fix" in text
    result = _new(handbook, "runbook", "故障 対応")
    assert result.returncode == 0 and result.stdout.strip().endswith("故障-対応.md")


def test_set_is_typed_by_the_schema(handbook: Path) -> None:
    result = _new(
        handbook,
        "postmortem",
        "Small blip",
        "--set",
        "severity=SEV4",
        "--set",
        "services=checkout-api, payments",
        "--set",
        "duration_minutes=12",
        "--set",
        "impact.data_loss=false",
        "--stdout",
    )
    assert result.returncode == 0, result.stderr
    text = result.stdout
    assert "severity: SEV4" in text and "duration_minutes: 12" in text
    assert "- checkout-api\n- payments" in text and "data_loss: false" in text
    assert "## What Happened" in text  # SEV4 picks the short form
    assert not (handbook / "docs" / "postmortems").exists()


@pytest.mark.parametrize(
    ("assignment", "fragment"),
    [
        ("severity=SEV9", "'SEV9' is not one of"),
        ("duration_minutes=abc", "expected a whole number"),
        ("date=2026-02-30", "not a valid date"),
        ("nonsense", "expected KEY=VALUE"),
    ],
)
def test_set_errors(handbook: Path, assignment: str, fragment: str) -> None:
    result = _new(handbook, "postmortem", "x", "--set", assignment)
    assert result.returncode == 2 and fragment in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_never_overwrites_and_suffix_on_request(handbook: Path) -> None:
    first = _new(handbook, "runbook", "Disk full")
    path = handbook / first.stdout.strip()
    path.write_text("my precious edits", encoding="utf-8")
    second = _new(handbook, "runbook", "Disk full")
    assert second.returncode == 2 and "already exists" in second.stderr
    assert path.read_text(encoding="utf-8") == "my precious edits"
    third = _new(handbook, "runbook", "Disk full", "--suffix")
    assert third.returncode == 0 and third.stdout.strip().endswith("disk-full-2.md")


def test_never_writes_outside_the_docs_root(handbook: Path, tmp_path: Path) -> None:
    for folder in ("../escape", str(tmp_path / "abs")):
        result = _new(handbook, "runbook", "x", "--dir", folder)
        assert result.returncode == 2
    outside = tmp_path.parent / "outside-target"
    outside.mkdir(exist_ok=True)
    (handbook / "docs" / "linked").symlink_to(outside)
    result = _new(handbook, "runbook", "x", "--dir", "linked")
    assert result.returncode == 2 and "outside the docs folder" in result.stderr
    assert not list(outside.iterdir())
    assert not (handbook / "escape").exists()


def test_concurrent_new_one_wins(handbook: Path) -> None:
    results: list[subprocess.CompletedProcess[str]] = []

    def create() -> None:
        results.append(_new(handbook, "toil", "Same title"))

    threads = [threading.Thread(target=create) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(result.returncode for result in results) == [0, 2]
    folder = handbook / "docs" / "toil"
    assert [path.name for path in folder.iterdir()] == ["same-title.md"]


def test_handbook_templates_override_builtins(handbook: Path) -> None:
    templates = handbook / "docs" / "templates"
    templates.mkdir()
    (templates / "runbook.md").write_text(
        '---\ntype: runbook\ntitle: "{{ title }}"\nalerts: [TODO]\nowner: "@sre"\n---\n'
        "# {{ title }}\n\nOur house style.\n\n## Overview\n## Impact\n## Diagnosis\n"
        "## Mitigation\n## Escalation\n",
        encoding="utf-8",
    )
    listing = _new(handbook, "--list")
    assert "runbook" in listing.stdout and str(templates) in listing.stdout
    result = _new(handbook, "runbook", "Queue stuck", "--stdout")
    assert "Our house style." in result.stdout and "# Queue stuck" in result.stdout
    lint = run_cli(["lint", "-q", "--no-cache"], handbook)
    assert lint.returncode == 0, lint.stdout  # templates/ is not linted


def test_date_from_source_date_epoch(handbook: Path) -> None:
    (handbook / "mkdocs.yml").write_text("site_name: t\ndocs_dir: docs\n", encoding="utf-8")
    result = run_cli(
        ["new", "handoff", "Week 1", "--stdout"],
        handbook,
        env={"SOURCE_DATE_EPOCH": "1767225600"},  # 2026-01-01 00:00 UTC
    )
    assert result.returncode == 0 and "date: '2026-01-01'" in result.stdout
    pinned = run_cli(["new", "handoff", "Week 1", "--stdout", "--today", "2026-03-04"], handbook)
    assert "date: '2026-03-04'" in pinned.stdout


def test_wheel_install_can_scaffold(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    build = subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--outdir", str(dist)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert build.returncode == 0, build.stderr[-2000:]
    (wheel,) = dist.glob("*.whl")
    environment = tmp_path / "venv"
    venv.create(environment, with_pip=True)
    python = environment / "bin" / "python"
    # A plain install from the package index, dependencies included, as a user would.
    install = subprocess.run(
        [str(python), "-m", "pip", "install", "-q", str(wheel)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert install.returncode == 0, install.stderr
    root = tmp_path / "handbook"
    root.mkdir()
    env = {**os.environ, "PYTHONPATH": ""}
    result = subprocess.run(
        [str(environment / "bin" / "sre-docs"), "new", "slo", "Checkout availability"],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env=env,
    )
    assert result.returncode == 0, result.stderr
    assert (root / "slos" / "checkout-availability.md").is_file()  # no mkdocs.yml: root is .
    origin = subprocess.run(
        [str(python), "-c", "import sre_docs.scaffold as s; print(s.builtin_templates())"],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env=env,
    )
    assert "site-packages" in origin.stdout and "builtin_templates" in origin.stdout
