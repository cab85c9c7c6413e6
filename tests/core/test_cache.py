"""The results cache never changes results: every warm run equals a cold (`--no-cache`) run.

Edits, renames, deletions, configuration changes, an upgrade, a corrupt cache file and runs
over named files are each compared with a cold run of the same tree."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

from tests.conftest import TODAY, run_cli
from tests.git_handbook import SLO

POSTMORTEM = """---
type: postmortem
id: {id}
title: Checkout outage {id}
date: 2026-11-20
severity: SEV3
status: draft
services: [checkout-api]
alerts: [CheckoutHigh5xx]
action_items:
  - id: {id}-AI-1
    description: Add a canary stage
    owner: "@amira"
    due: {due}
    ticket: PW-1
---
## What Happened
Checkout returned errors.
## Timeline
- **10:00** start
## Root Cause
A config change.
## Fix
Rolled back. See the [runbook](../runbooks/checkout.md).
"""
RUNBOOK = """---
type: runbook
id: RB-checkout
alerts: [CheckoutHigh5xx]
owner: "@platform"
last_reviewed: 2026-10-01
---
## Overview
## Impact
## Diagnosis
## Mitigation
## Escalation
"""


def _handbook(root: Path, count: int = 30) -> Path:
    docs = root / "docs"
    (docs / "postmortems").mkdir(parents=True)
    (docs / "runbooks").mkdir()
    (docs / "runbooks" / "checkout.md").write_text(RUNBOOK, encoding="utf-8")
    for number in range(count):
        due = "2026-11-01" if number % 7 == 0 else "2027-01-15"
        text = POSTMORTEM.format(id=f"PM-{number}", due=due)
        (docs / "postmortems" / f"pm-{number}.md").write_text(text, encoding="utf-8")
    (root / "mkdocs.yml").write_text(
        f"site_name: t\ndocs_dir: docs\nplugins:\n  - sre-docs:\n      today: {TODAY}\n",
        encoding="utf-8",
    )
    return root


def _lint(root: Path, *args: str) -> list[dict[str, object]]:
    result = run_cli(["lint", "--format", "json", "-q", *args], root)
    assert result.returncode in (0, 1), result.stderr
    return json.loads(result.stdout)


def _assert_warm_equals_cold(root: Path, *args: str) -> list[dict[str, object]]:
    warm = _lint(root, *args)
    cold = _lint(root, "--no-cache", *args)
    assert warm == cold
    return warm


def _touch_later(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 5_000_000_000))


def _give_id(root: Path, number: int, doc_id: str) -> None:
    """Rewrite postmortem pm-<number> (later on the clock) to declare `doc_id`."""
    text = POSTMORTEM.format(id=doc_id, due="2027-01-15")
    _touch_later(root / "docs" / "postmortems" / f"pm-{number}.md", text)


@pytest.fixture
def handbook(tmp_path: Path) -> Path:
    root = _handbook(tmp_path)
    _lint(root)  # populate the cache
    assert (root / ".sre_docs_cache" / ".gitignore").read_text().strip().endswith("*")
    return root


def test_unchanged_tree(handbook: Path) -> None:
    findings = _assert_warm_equals_cold(handbook)
    assert [f["rule"] for f in findings].count("overdue-action-item") == 5


def test_edit_same_size_same_second(handbook: Path) -> None:
    path = handbook / "docs" / "postmortems" / "pm-1.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("Checkout returned errors.", "Human error broke it!!!"))
    findings = _assert_warm_equals_cold(handbook)
    assert any(f["rule"] == "blame-language" for f in findings)


def test_rename_and_delete(handbook: Path) -> None:
    postmortems = handbook / "docs" / "postmortems"
    (postmortems / "pm-2.md").rename(postmortems / "renamed.md")
    (postmortems / "pm-3.md").unlink()
    findings = _assert_warm_equals_cold(handbook)
    assert not any("pm-3" in str(f["path"]) for f in findings)


def test_deleted_runbook_breaks_other_documents(handbook: Path) -> None:
    (handbook / "docs" / "runbooks" / "checkout.md").unlink()
    findings = _assert_warm_equals_cold(handbook)
    assert any(f["rule"] == "missing-runbook-link" for f in findings)
    assert any(f["rule"] == "broken-link" for f in findings)


def test_named_file_uses_cached_facts_of_the_others(handbook: Path) -> None:
    # pm-8 takes the id of pm-5, which keeps it (first by path): pm-8 is reported.
    _give_id(handbook, 8, "PM-5")
    findings = _assert_warm_equals_cold(handbook, "docs/postmortems/pm-8.md")
    assert {f["path"] for f in findings} == {"docs/postmortems/pm-8.md"}
    assert any(f["rule"] == "duplicate-id" for f in findings)
    assert _assert_warm_equals_cold(handbook, "docs/postmortems/pm-5.md") == []
    _assert_warm_equals_cold(handbook)


def test_configuration_change(handbook: Path) -> None:
    config = handbook / "mkdocs.yml"
    config.write_text(
        config.read_text() + "      folders: {postmortems: runbook}\n", encoding="utf-8"
    )
    _assert_warm_equals_cold(handbook)


def test_today_changes_date_rules_not_cache(handbook: Path) -> None:
    later = _assert_warm_equals_cold(handbook, "--today", "2027-02-01")
    assert [f["rule"] for f in later].count("overdue-action-item") == 30


def test_upgrade_invalidates(handbook: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from sre_docs import cache

    before = cache._code_fingerprint()
    monkeypatch.setattr(cache, "__version__", "999.0")
    assert cache._code_fingerprint() != before


def test_corrupt_cache_is_rebuilt(handbook: Path) -> None:
    for path in (handbook / ".sre_docs_cache").glob("lint-*.sqlite"):
        path.write_bytes(b"\x80\x05garbage")
    _assert_warm_equals_cold(handbook)
    for path in (handbook / ".sre_docs_cache").glob("lint-*.sqlite"):
        path.write_bytes(b"")
    _assert_warm_equals_cold(handbook)


def test_no_cache_writes_nothing(tmp_path: Path) -> None:
    root = _handbook(tmp_path, count=3)
    _lint(root, "--no-cache")
    assert not (root / ".sre_docs_cache").exists()


def test_read_only_cache_folder_still_lints(handbook: Path) -> None:
    folder = handbook / ".sre_docs_cache"
    for path in folder.glob("lint-*.sqlite"):
        path.unlink()
    folder.chmod(0o500)
    try:
        _assert_warm_equals_cold(handbook)
    finally:
        folder.chmod(0o700)


def test_racy_edit_within_the_same_timestamp(handbook: Path) -> None:
    path = handbook / "docs" / "postmortems" / "pm-6.md"
    stat = path.stat()
    text = path.read_text(encoding="utf-8").replace("A config change.", "Bob forgot to.!!")
    path.write_text(text, encoding="utf-8")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # same mtime, same size
    time.sleep(0.01)
    findings = _assert_warm_equals_cold(handbook)
    assert any(f["rule"] == "blame-language" for f in findings)


def test_named_file_sees_an_unnamed_runbook_drop_its_alert(handbook: Path) -> None:
    runbook = handbook / "docs" / "runbooks" / "checkout.md"
    _touch_later(runbook, RUNBOOK.replace("alerts: [CheckoutHigh5xx]", "alerts: [Other]"))
    findings = _assert_warm_equals_cold(handbook, "docs/postmortems/pm-4.md")
    assert [f["rule"] for f in findings] == ["missing-runbook-link"]


def test_named_file_sees_an_unnamed_document_take_its_id(handbook: Path) -> None:
    # pm-10 sorts before pm-2: once it claims PM-2, the named pm-2 holds the duplicate.
    _give_id(handbook, 10, "PM-2")
    findings = _assert_warm_equals_cold(handbook, "docs/postmortems/pm-2.md")
    assert {f["rule"] for f in findings} == {"duplicate-id"}


def test_named_slo_sees_its_runbook_change_type(handbook: Path) -> None:
    slo = handbook / "docs" / "slos" / "checkout.md"
    slo.parent.mkdir()
    slo.write_text(SLO, encoding="utf-8")  # its paging alert links runbooks/checkout.md
    named = "docs/slos/checkout.md"
    before = _assert_warm_equals_cold(handbook, named)
    assert "broken-runbook-link" not in {f["rule"] for f in before}, before
    runbook = handbook / "docs" / "runbooks" / "checkout.md"
    _touch_later(runbook, RUNBOOK.replace("type: runbook", "type: postmortem"))
    after = _assert_warm_equals_cold(handbook, named)
    assert "broken-runbook-link" in {f["rule"] for f in after}


def test_every_named_file_equals_its_part_of_a_full_run(tmp_path: Path) -> None:
    """Each document of the demo handbook, linted alone with a warm cache, gets exactly its own
    findings of a cold whole-handbook run: the fact keys cover every cross-document rule."""
    import shutil

    from sre_docs.config import load_config
    from sre_docs.linter import lint_handbook
    from sre_docs.tree import today_from_environment
    from tests.conftest import REPO

    root = tmp_path / "handbook"
    shutil.copytree(REPO / "content", root / "content")
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    docs = root / "content"
    # Break cross-document facts on purpose: a shared id, an alert no runbook answers any more.
    pages = sorted(docs.rglob("*.md"))

    def of_type(doc_type: str) -> list[Path]:
        head = f"---\ntype: {doc_type}\n"
        return [p for p in pages if p.read_text(encoding="utf-8").startswith(head)]

    postmortem, *_, other = of_type("postmortem")
    runbook = of_type("runbook")[0]
    text = runbook.read_text(encoding="utf-8")
    runbook.write_text(text.replace("alerts:", "alerts: [Renamed]\nold_alerts:", 1), "utf-8")
    first_id = next(
        line for line in postmortem.read_text(encoding="utf-8").splitlines() if line[:3] == "id:"
    )
    other.write_text(
        "\n".join(
            first_id if line.startswith("id:") else line
            for line in other.read_text(encoding="utf-8").split("\n")
        ),
        encoding="utf-8",
    )
    config = load_config(None, cwd=root)
    today = today_from_environment(config)
    cold = lint_handbook(config, today=today, use_cache=False, cwd=root).findings
    assert {f.rule for f in cold} >= {"duplicate-id", "missing-runbook-link"}
    lint_handbook(config, today=today, cwd=root)  # fills the cache
    for page in pages:
        rel = page.relative_to(root).as_posix()
        alone = lint_handbook(config, today=today, paths=[page], cwd=root).findings
        assert alone == [f for f in cold if f.path == rel], rel


def test_caches_of_other_versions_are_removed_after_a_day(handbook: Path) -> None:
    folder = handbook / ".sre_docs_cache"
    current = sorted(path.name for path in folder.glob("lint-*.sqlite"))
    stale, recent = folder / "lint-0000.sqlite", folder / "pages-1111.pickle"
    for path in (stale, recent):
        path.write_bytes(b"from another version")
    two_days_ago = time.time() - 2 * 86400
    os.utime(stale, (two_days_ago, two_days_ago))
    (parsed,) = folder.glob("config-mkdocs.yml.*")
    os.utime(parsed, (two_days_ago, two_days_ago))
    _give_id(handbook, 1, "PM-1")
    _assert_warm_equals_cold(handbook)  # writes the cache, and tidies the folder
    assert parsed.exists(), "the parsed mkdocs.yml is current while the file is unchanged"
    assert not stale.exists()
    assert recent.exists()
    assert sorted(path.name for path in folder.glob("lint-*.sqlite")) == current
    assert (folder / "CACHEDIR.TAG").exists() and (folder / ".gitignore").exists()


def _lint_in_process(root: Path, *args: str) -> tuple[list[dict[str, object]], set[str]]:
    """Findings of `sre-docs lint` run in a fresh interpreter, and which of the modules a run
    can do without it loaded."""
    import subprocess
    import sys

    watched = ["jsonschema", "yaml", "sre_docs.linter", "sre_docs.rules"]
    code = (
        "import io, json, sys\n"
        "from contextlib import redirect_stdout\n"
        "from sre_docs.cli import main\n"
        "out = io.StringIO()\n"
        "with redirect_stdout(out):\n"
        f"    main(['lint', '--format', 'json', '-q', *{list(args)!r}])\n"
        f"loaded = [name for name in {watched!r} if name in sys.modules]\n"
        "print(json.dumps([json.loads(out.getvalue()), loaded]))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=root, capture_output=True, text=True, check=True
    )
    findings, loaded = json.loads(result.stdout)
    return findings, set(loaded)


def test_edit_below_the_front_matter_reuses_schema_findings(handbook: Path) -> None:
    path = handbook / "docs" / "postmortems" / "pm-3.md"
    text = POSTMORTEM.format(id="PM-3", due="2027-01-15").replace("severity: SEV3", "severity: 9")
    _touch_later(path, text)
    named = "docs/postmortems/pm-3.md"
    before = _assert_warm_equals_cold(handbook, named)
    assert "schema-violation" in {f["rule"] for f in before}
    _touch_later(path, text.replace("Rolled back.", "Rolled back at 10:12."))
    findings, loaded = _lint_in_process(handbook, named)
    assert "jsonschema" not in loaded, "the validator was loaded for an unchanged front matter"
    assert findings == _lint(handbook, "--no-cache", named)
    # A change in the front matter is validated again.
    _touch_later(path, text.replace("severity: 9", "severity: SEV2"))
    findings, loaded = _lint_in_process(handbook, named)
    assert "jsonschema" in loaded
    assert "schema-violation" not in {f["rule"] for f in findings}
    assert findings == _lint(handbook, "--no-cache", named)


# Stored answers: a run over an unchanged tree, with the same settings, is answered from the
# findings of an earlier run. Files are aged first: a stat is trusted only when the file was
# modified well before it was taken, and only a tree of trusted stats is answered.


def _age(root: Path, seconds_ago: float = 3600) -> None:
    then = time.time() - seconds_ago
    for path in [root / "docs", *(root / "docs").rglob("*")]:
        os.utime(path, (then, then))


def _write_old(path: Path, text: str, seconds_ago: float = 1800) -> None:
    """An edit made long enough ago for its stat to be trusted (another mtime than before)."""
    path.write_text(text, encoding="utf-8")
    then = time.time() - seconds_ago
    os.utime(path, (then, then))


def _answered_like_cold(root: Path, *args: str) -> list[dict[str, object]]:
    """Run twice (the first may store the answer), then check a third run is answered without
    the lint engine, the rules or the YAML parser, and equals a cold run."""
    cold = _lint(root, "--no-cache", *args)
    assert _lint(root, *args) == cold
    findings, loaded = _lint_in_process(root, *args)
    assert findings == cold
    unneeded = {"sre_docs.linter", "yaml", "jsonschema"}
    if not {"--select", "--ignore"} & set(args):  # rule names given are looked up
        unneeded.add("sre_docs.rules")
    assert not loaded & unneeded, loaded
    return findings


@pytest.fixture
def aged(tmp_path: Path) -> Path:
    root = _handbook(tmp_path)
    _age(root)
    _lint(root)  # stores the answer for the whole handbook
    return root


def test_unchanged_tree_is_answered_from_the_stored_findings(aged: Path) -> None:
    whole = _answered_like_cold(aged)
    assert [f["rule"] for f in whole].count("overdue-action-item") == 5
    _answered_like_cold(aged, "docs/postmortems/pm-7.md")
    _answered_like_cold(aged, "docs/postmortems")
    warm = run_cli(["lint"], aged)
    cold = run_cli(["lint", "--no-cache"], aged)
    assert (warm.returncode, warm.stdout, warm.stderr) == (
        cold.returncode,
        cold.stdout,
        cold.stderr,
    )
    assert "31 files checked" in warm.stderr


def test_stored_answer_follows_another_document_taking_the_id(aged: Path) -> None:
    named = "docs/postmortems/pm-2.md"
    assert _answered_like_cold(aged, named) == []
    # pm-10 sorts before pm-2: once it claims PM-2, the named pm-2 holds the duplicate.
    _write_old(aged / "docs/postmortems/pm-10.md", POSTMORTEM.format(id="PM-2", due="2027-01-15"))
    findings = _answered_like_cold(aged, named)
    assert {f["rule"] for f in findings} == {"duplicate-id"}


def test_stored_answer_follows_files_removed_and_added(aged: Path) -> None:
    named = "docs/postmortems/pm-3.md"
    assert _answered_like_cold(aged, named) == []
    runbook = aged / "docs" / "runbooks" / "checkout.md"
    runbook.unlink()
    assert {f["rule"] for f in _answered_like_cold(aged, named)} == {
        "broken-link",
        "missing-runbook-link",
    }
    _write_old(runbook, RUNBOOK)
    assert _answered_like_cold(aged, named) == []
    (aged / "docs" / "postmortems" / "notes").mkdir()
    _answered_like_cold(aged, named)


def test_stored_answer_follows_a_linked_file_outside_the_docs_root(aged: Path) -> None:
    named = "docs/postmortems/pm-5.md"
    text = POSTMORTEM.format(id="PM-5", due="2027-01-15") + "See the [notes](../../NOTES.md).\n"
    _write_old(aged / named, text)
    assert [f["rule"] for f in _answered_like_cold(aged, named)] == ["broken-link"]
    (aged / "NOTES.md").write_text("Outside the docs root.\n", encoding="utf-8")
    assert _answered_like_cold(aged, named) == []


def test_stored_answer_is_for_its_settings_only(aged: Path) -> None:
    named = "docs/postmortems/pm-0.md"
    assert [f["rule"] for f in _answered_like_cold(aged, named)] == ["overdue-action-item"]
    assert len(_answered_like_cold(aged, named, "--today", "2026-10-01")) == 0
    assert _answered_like_cold(aged, named, "--ignore", "overdue-action-item") == []
    assert _answered_like_cold(aged, "--select", "broken-link") == []
    config = aged / "mkdocs.yml"
    config.write_text(config.read_text().replace(TODAY, "2026-10-01"), encoding="utf-8")
    assert _answered_like_cold(aged, named) == []


def test_recent_edits_are_never_answered_from_the_store(aged: Path) -> None:
    path = aged / "docs" / "postmortems" / "pm-1.md"
    path.write_text(path.read_text(encoding="utf-8").replace("A config change.", "Bob forgot to."))
    _lint(aged)
    findings, loaded = _lint_in_process(aged, "docs/postmortems/pm-1.md")
    assert "sre_docs.linter" in loaded  # a stat this fresh is not trusted: linted again
    assert findings == _lint(aged, "--no-cache", "docs/postmortems/pm-1.md")
    assert any(f["rule"] == "blame-language" for f in findings)


def test_damaged_stored_answer_and_configuration_are_replaced(aged: Path) -> None:
    import sqlite3

    (parsed,) = (aged / ".sre_docs_cache").glob("config-mkdocs.yml.*")
    parsed.write_bytes(b"\x00garbage")
    _answered_like_cold(aged)
    assert parsed.read_bytes() != b"\x00garbage"
    (database,) = (aged / ".sre_docs_cache").glob("lint-*.sqlite")
    with sqlite3.connect(database) as db:
        db.execute("UPDATE answers SET answer = x'00'")
    _answered_like_cold(aged, "docs/postmortems/pm-0.md")
    with sqlite3.connect(database) as db:
        db.execute("UPDATE state SET value = x'deadbeef' WHERE name = 'answer'")
    _answered_like_cold(aged)
