"""Adopting the linter on real documents (copied from `../shared/corpus` into a temporary
folder): a baseline that lets only new findings fail, and `adopt` proposing front matter."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.conftest import run_cli

pytestmark = pytest.mark.corpus


@pytest.fixture
def handbook(corpus: Path, tmp_path: Path) -> Path:
    shutil.copytree(corpus / "dfds__postmortems", tmp_path / "docs")
    (tmp_path / "sre.yml").write_text(
        'docs_dir: docs\nfolders: {".": postmortem}\nsuffixes: [.md, ""]\ncache: false\n',
        encoding="utf-8",
    )
    return tmp_path


def _lint(root: Path, *args: str):
    return run_cli(["lint", "--config", "sre.yml", "--format", "json", *args], root)


def test_baseline_known_findings_pass_new_ones_fail(handbook: Path) -> None:
    before = _lint(handbook)
    assert before.returncode == 1
    count = len(json.loads(before.stdout))
    assert count > 39  # one schema finding per report at least

    written = _lint(handbook, "--baseline", "baseline.json", "--write-baseline")
    assert written.returncode == 0, written.stderr
    entries = json.loads((handbook / "baseline.json").read_text(encoding="utf-8"))["findings"]
    assert len(entries) == count

    known = _lint(handbook, "--baseline", "baseline.json")
    assert known.returncode == 0, known.stderr
    assert json.loads(known.stdout) == []
    assert f"{count} known findings" in known.stderr

    # Lines move (text added above), and a new problem appears: only the new one is reported.
    report = next((handbook / "docs").glob("PM2020-001*.md"))
    text = report.read_text(encoding="utf-8")
    report.write_text("\n\nA note.\n\nIt was human error.\n\n" + text, encoding="utf-8")
    after = _lint(handbook, "--baseline", "baseline.json")
    assert after.returncode == 1
    new = json.loads(after.stdout)
    assert [finding["rule"] for finding in new] == ["blame-language"], new

    # Fixing a known finding leaves a stale entry; rewriting the baseline drops it.
    report.write_text(text + "\n## Impact\n\nNo customer impact.\n", encoding="utf-8")
    fixed = _lint(handbook, "--baseline", "baseline.json")
    assert fixed.returncode == 0
    assert "no longer found" in fixed.stderr


def test_baseline_errors_are_one_line(handbook: Path) -> None:
    missing = _lint(handbook, "--baseline", "nope.json")
    assert missing.returncode == 2 and "--write-baseline" in missing.stderr
    (handbook / "bad.json").write_text("[1, 2", encoding="utf-8")
    bad = _lint(handbook, "--baseline", "bad.json")
    assert bad.returncode == 2 and "Traceback" not in bad.stderr
    assert len(bad.stderr.strip().splitlines()) == 1


def test_adopt_diff_then_write_keeps_every_byte(handbook: Path) -> None:
    docs = handbook / "docs"
    originals = {path.name: path.read_bytes() for path in docs.iterdir() if path.is_file()}
    diff = run_cli(["adopt", "--config", "sre.yml"], handbook)
    assert diff.returncode == 0, diff.stderr
    assert (
        "+type: postmortem" in diff.stdout
        and "+title: Logs not shipped to CloudWatch" in diff.stdout
    )
    assert {path.name: path.read_bytes() for path in docs.iterdir() if path.is_file()} == originals

    wrote = run_cli(["adopt", "--config", "sre.yml", "--write"], handbook)
    assert wrote.returncode == 0, wrote.stderr
    for name, original in originals.items():
        now = (docs / name).read_bytes()
        if name in ("LICENSE", "README.md") or "template" in name.lower():
            assert now == original
            continue
        assert now.startswith(b"---\ntype: postmortem\n") and now.endswith(original), name
    log4shell = next(docs.glob("PM2021-011*")).read_text(encoding="utf-8")
    assert "\ndate: 2021-12-1" in log4shell and "action_items:" in log4shell

    findings = json.loads(_lint(handbook).stdout)
    rules = {finding["rule"] for finding in findings}
    assert "has no front matter" not in " ".join(f["message"] for f in findings)
    assert "schema-violation" in rules  # severity, status, services: to be filled in
    again = run_cli(["adopt", "--config", "sre.yml", "-v"], handbook)
    assert "already has front matter" in again.stderr and "0 documents" in again.stderr
