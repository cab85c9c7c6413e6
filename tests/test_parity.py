"""`sre-docs lint`, the MkDocs plugin and `sre-docs export` take their records from one pipeline:
every rule finds the same things through each of them, with and without the cache.

Two handbooks: the demo handbook `content/` (dated two years on, so the date rules fire too)
and the seeded-defect handbook with every document type. The command line runs in process,
the plugin in a real `mkdocs build` whose warnings are collected, export through its own
loading path. A second test runs each handbook rule on records cut down to the fields it
declares (`Rule.reads`): what it finds is what it finds on full records."""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import json
import shutil
from pathlib import Path

import pytest

from sre_docs.cli import main
from sre_docs.config import load_config
from sre_docs.handbook import LintContext, view
from sre_docs.linter import HANDBOOK_RULES, Selection, collect_findings, load_handbook
from sre_docs.rules import RULES
from sre_docs.tree import today_from_environment, walk
from tests.conftest import FIXTURES, REPO
from tests.site.helpers import mkdocs, write_handbook
from tests.site.test_defects import HANDBOOK

LATER = "2028-06-01"


def _content(root: Path) -> Path:
    shutil.copytree(REPO / "content", root / "content")
    text = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    assert "today: 2026-11-24" in text
    (root / "mkdocs.yml").write_text(text.replace("today: 2026-11-24", f"today: {LATER}"), "utf-8")
    return root


MORE_DEFECTS = {
    "postmortems/2026-09-01-short.md": """---
type: postmortem
id: PM-9
title: "[Answer]"
date: 2026-09-01
status: draft
severity: SEV2
---
## Timeline
- **10:30** recovered
- **10:00** started
""",
    "slos/perfect.md": """---
type: slo
id: SLO-9
service: checkout-api
target: 100
window: 30d
---
Never down.
""",
    "misc/unknown.md": "---\ntype: chaos-note\n---\nA note.\n",
    "misc/broken-yaml.md": "---\ntitle: [unclosed\n---\nBody.\n",
    "misc/quiet.md": "# Quiet\n\n<!-- sre-docs-disable-next-line blame-language -->\nAll fine.\n",
    # A folder of procedures (`folders` below): no front matter, no `alerts`, a `kind` of its
    # own, alert sections where a procedure's are expected.
    "ops/how-to/restore-backup.md": "# Restore a backup\n\n## Steps\n1. Stop.\n2. Restore.\n",
    "ops/how-to/rotate-keys.md": """---
owner: "@platform"
service: checkout-api
---
## Overview
Rotate the signing keys.
## Diagnosis
Nothing to diagnose.
""",
    "ops/how-to/disk-full.md": """---
kind: alert
owner: "@platform"
---
## Purpose
Free disk.
""",
}
PROCEDURE_FOLDERS = """      folders:
        "ops/how-to/**": {type: runbook, kind: procedure}
"""


def _seeded(root: Path) -> Path:
    """The seeded-defect handbook, with defects for the rules it does not seed itself, a page
    of binary bytes, and the bad fixture of every rule where its paths are free (the
    unreadable files excepted: MkDocs itself cannot read them), renamed where they collide."""
    root.mkdir()
    write_handbook(root, {**HANDBOOK, **MORE_DEFECTS})
    with (root / "mkdocs.yml").open("a", encoding="utf-8") as config:
        config.write(PROCEDURE_FOLDERS)
    docs = root / "docs"
    (docs / "misc" / "binary.md").write_bytes(b"# Binary\n\x00\x01\x02\n")
    for bad in sorted(FIXTURES.glob("rules/*/bad")):
        if bad.parent.name == "unreadable-file":
            continue
        for source in sorted(path for path in bad.rglob("*") if path.is_file()):
            target = docs / source.relative_to(bad)
            if target.exists():
                target = target.with_name(f"{bad.parent.name}-{target.name}")
            if not target.exists() and not source.is_symlink():
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(source, target)
    return root


def _line(finding: dict[str, object], docs: str) -> str:
    path = str(finding["path"]).removeprefix(docs + "/")
    return (
        f"{path}:{finding['line']}:{finding['column']}: {finding['code']} "
        f"[{finding['rule']}] {finding['message']}"
    )


def _cli(root: Path, docs: str, *args: str) -> list[str]:
    report = root.parent / "report.json"
    with contextlib.chdir(root):
        status = main(["lint", "--format", "json", "-q", "--output", str(report), *args])
    assert status in (0, 1)
    return sorted(_line(finding, docs) for finding in json.loads(report.read_text("utf-8")))


def _export(root: Path) -> list[str]:
    from sre_docs.export import load

    with contextlib.chdir(root):
        config, today, loaded = load(argparse.Namespace(config=None, today=None))
    findings = collect_findings(
        loaded.handbook, LintContext(config, today), Selection.build(config)
    )
    return sorted(_line(finding._asdict(), "") for finding in findings)


@pytest.mark.parametrize("make", [_content, _seeded], ids=["content", "seeded"])
def test_lint_plugin_and_export_find_the_same(tmp_path: Path, make, own_cache_home: Path) -> None:
    root = make(tmp_path / "handbook")
    docs = load_config(None, cwd=root).docs_dir.relative_to(root).as_posix()
    cold = _cli(root, docs, "--no-cache")
    assert _cli(root, docs) == cold  # fills the cache
    assert _cli(root, docs) == cold  # from the cache
    shutil.rmtree(own_cache_home / "sre-docs")
    result = mkdocs(root, "build", "--site-dir", str(tmp_path / "site"))
    assert "Traceback" not in result.stderr
    logged = sorted(
        line.split("sre-docs: ", 1)[1]
        for line in result.stderr.splitlines()
        if "sre-docs: " in line
    )
    assert logged == cold
    assert _export(root) == cold  # from the cache the build wrote
    shutil.rmtree(own_cache_home / "sre-docs")
    assert _export(root) == cold
    assert cold
    if make is _seeded:  # the folder's `kind: procedure` reaches every pipeline
        procedures = [line for line in cold if line.startswith("ops/how-to/")]
        assert any(
            "runbook (procedure) has no front matter (required: owner)" in line
            for line in procedures
        )
        assert any(
            line.startswith("ops/how-to/disk-full.md") and "'alerts'" in line for line in procedures
        )


def test_every_rule_is_found_through_the_pipelines(tmp_path: Path) -> None:
    """Together the two handbooks make every rule fire."""
    found = set()
    for make, name in ((_content, "content"), (_seeded, "seeded")):
        root = make(tmp_path / name)
        docs = load_config(None, cwd=root).docs_dir.relative_to(root).as_posix()
        found |= {line.split("[", 1)[1].split("]", 1)[0] for line in _cli(root, docs, "--no-cache")}
    missing = {rule.name for rule in RULES} - found
    assert not missing


@pytest.mark.parametrize("make", [_content, _seeded], ids=["content", "seeded"])
def test_each_handbook_rule_reads_only_what_it_declares(tmp_path: Path, make) -> None:
    root = make(tmp_path / "handbook")
    config = load_config(None, cwd=root)
    context = LintContext(config, today_from_environment(config))
    loaded = load_handbook(config, walk(config), use_cache=False, full=True)
    full = loaded.full_handbook()
    for rule in HANDBOOK_RULES:
        alone = dataclasses.replace(
            full, records=[view(record, rule.reads) for record in full.records]
        )
        expected = list(rule.check(full, context))
        assert list(rule.check(alone, context)) == expected, rule.name
        assert list(rule.check(loaded.handbook, context)) == expected, rule.name


def test_pages_rendered_on_a_worker_are_the_pages_rendered_here(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, own_cache_home: Path
) -> None:
    """On a handbook large enough for workers, the plugin renders the generated pages on one
    of them while MkDocs converts the handbook's own; the site is the one a build without
    workers makes, page for page."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config as load_mkdocs_config

    from sre_docs.workers import RecordPool

    root = _seeded(tmp_path / "handbook")
    # A page of the handbook's own where a generated page would go: it stays the team's.
    own = root / "docs" / "reliability" / "toil.md"
    own.parent.mkdir(parents=True, exist_ok=True)
    own.write_text("# Our own toil page\n\nKept as written.\n", encoding="utf-8")
    called: list[str] = []
    real = RecordPool.call_later

    def spy(pool: RecordPool, function: object, *args: object) -> object:
        called.append(getattr(function, "__name__", ""))
        return real(pool, function, *args)

    def site(name: str, cold: bool = True) -> dict[str, bytes]:
        if cold:
            shutil.rmtree(own_cache_home / "sre-docs", ignore_errors=True)
        out = tmp_path / name
        build(load_mkdocs_config(str(root / "mkdocs.yml"), site_dir=str(out)))
        return {
            path.relative_to(out).as_posix(): path.read_bytes()
            for path in sorted(out.rglob("*"))
            if path.is_file() and path.name != "sitemap.xml.gz"
        }

    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    monkeypatch.setattr(RecordPool, "call_later", spy)
    on_worker = site("workers")
    assert {"_render_headers", "_render_pages"} <= set(called)
    called.clear()
    warm = site("warm", cold=False)  # the records from the cache: workers start to render
    assert called == ["_render_headers", "_render_pages"]
    monkeypatch.setattr(RecordPool, "start", lambda pool: False)
    called.clear()
    here = site("here")
    assert called == ["_render_headers", "_render_pages"]  # here: no worker can start
    assert on_worker.keys() == here.keys() == warm.keys()
    assert [path for path in here if warm[path] != here[path]] == []
    assert "reliability/slos/index.html" in here
    assert b"Kept as written." in on_worker["reliability/toil/index.html"]
    assert [path for path in here if on_worker[path] != here[path]] == []


def test_a_build_stopped_before_the_files_leaves_no_worker(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, own_cache_home: Path
) -> None:
    """The plugin starts loading the records as soon as its workers start (`on_config`); a
    build that stops before `on_files` waits for that load and stops the workers."""
    import multiprocessing

    from mkdocs.config import load_config as load_mkdocs_config

    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    root = _seeded(tmp_path / "handbook")
    config = load_mkdocs_config(str(root / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
    plugin = config.plugins["sre-docs"]
    # Workers of an earlier test of this process may still be exiting (a pool whose jobs
    # are done is closed without waiting): only this plugin's workers count.
    before = {child.pid for child in multiprocessing.active_children()}
    plugin.on_config(config)
    loading = plugin.loading
    started = {child.pid for child in multiprocessing.active_children()} - before
    assert loading is not None and started
    plugin.on_build_error(error=RuntimeError("another plugin failed"))
    assert loading.done() and plugin.loading is None and plugin.pool is None
    assert started.isdisjoint(child.pid for child in multiprocessing.active_children())


PEEK = """import json
from pathlib import Path

from mkdocs.plugins import event_priority

SEEN = {}


@event_priority(100)  # before the sre-docs plugin's
def on_page_markdown(markdown, page, **kwargs):
    SEEN[page.file.src_uri] = [markdown, page.meta]


def on_post_build(config, **kwargs):
    Path(config.site_dir + ".seen.json").write_text(json.dumps(SEEN, default=str), "utf-8")
"""


def test_plugins_before_this_one_see_the_pages_rendered_on_a_worker(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, own_cache_home: Path
) -> None:
    """A plugin whose `on_page_markdown` runs before the sre-docs plugin's (listed before it,
    or of a higher priority, as this hook) sees the generated pages' markdown and front
    matter as in a build without workers, not the placeholder they hold until rendered."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config as load_mkdocs_config

    from sre_docs.workers import RecordPool

    root = _seeded(tmp_path / "handbook")
    (root / "peek.py").write_text(PEEK, encoding="utf-8")
    with (root / "mkdocs.yml").open("a", encoding="utf-8") as config:
        config.write("hooks:\n  - peek.py\n")
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")

    def seen(name: str) -> dict[str, list[object]]:
        shutil.rmtree(own_cache_home / "sre-docs", ignore_errors=True)
        out = tmp_path / name
        build(load_mkdocs_config(str(root / "mkdocs.yml"), site_dir=str(out)))
        return json.loads((tmp_path / f"{name}.seen.json").read_text("utf-8"))

    on_worker = seen("workers")
    monkeypatch.setattr(RecordPool, "start", lambda pool: False)
    here = seen("here")
    assert "Error budget" in here["reliability/slos.md"][0]
    assert "Handbook health" in here["reliability/health.md"][0]
    assert on_worker == here


EDIT = """from mkdocs.plugins import event_priority


@event_priority(100)  # before the sre-docs plugin's
def on_files(files, config, **kwargs):
    for file in files:
        if file.src_uri.startswith("postmortems/") and file.src_uri.endswith(".md"):
            text = file.content_string.replace("\\ntitle: ", "\\ntitle: Edited in memory ", 1)
            file.content_string = text
    return files
"""


def test_the_records_are_those_of_the_sources_mkdocs_renders(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, own_cache_home: Path
) -> None:
    """The workers load the records from the files on disk while MkDocs lists them; where a
    page's source is not those bytes (a plugin before this one changed it), the records are
    those of the sources MkDocs renders, as in a build without workers."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config as load_mkdocs_config

    from sre_docs.workers import RecordPool

    root = _seeded(tmp_path / "handbook")
    (root / "edit.py").write_text(EDIT, encoding="utf-8")
    with (root / "mkdocs.yml").open("a", encoding="utf-8") as config:
        config.write("hooks:\n  - edit.py\n")
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")

    def incidents(name: str) -> str:
        shutil.rmtree(own_cache_home / "sre-docs", ignore_errors=True)
        out = tmp_path / name
        build(load_mkdocs_config(str(root / "mkdocs.yml"), site_dir=str(out)))
        return (out / "reliability" / "incidents" / "index.html").read_text("utf-8")

    on_worker = incidents("workers")
    monkeypatch.setattr(RecordPool, "start", lambda pool: False)
    here = incidents("here")
    assert "Edited in memory" in here
    assert on_worker == here
