"""The results cache never changes results, never runs code, and never touches what is not its own.

Every warm run is compared with a cold (`--no-cache`) run of the same tree: after edits that
keep size and mtime, renames, deletions, configuration changes and an upgrade; with files a
repository could carry planted where older versions kept their cache; with a damaged, a
read-only or a symbolically linked cache folder; and with `cache_dir` set to folders that are
not the cache's. `sre-docs lint` runs in process (`main(argv)`); the tests that need a real
process or a real `mkdocs build` start one."""

from __future__ import annotations

import contextlib
import json
import marshal
import os
import pickle
import shutil
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest

from sre_docs import cache
from sre_docs.cli import main
from tests.conftest import REPO, TODAY, run_cli
from tests.git_handbook import SLO
from tests.site.helpers import mkdocs

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
        "site_name: t\ndocs_dir: docs\ntheme:\n  name: material\n  font: false\n"
        f"plugins:\n  - sre-docs:\n      today: {TODAY}\n",
        encoding="utf-8",
    )
    (root / "README.md").write_text("# The handbook\n", encoding="utf-8")
    return root


def _run(root: Path, *args: str) -> tuple[int, list[dict[str, object]]]:
    """`sre-docs lint --format json ARGS` in process, from `root`: (status, findings)."""
    report = root.parent / f"report-{time.monotonic_ns()}.json"
    with contextlib.chdir(root):
        status = main(["lint", "--format", "json", "-q", "--output", str(report), *args])
    findings = json.loads(report.read_text(encoding="utf-8")) if report.exists() else []
    report.unlink(missing_ok=True)
    return status, findings


def _lint(root: Path, *args: str) -> list[dict[str, object]]:
    status, findings = _run(root, *args)
    assert status in (0, 1)
    return findings


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


def _files(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every file below `folder` (not following links) with its bytes and mtime."""
    found = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file() and not path.is_symlink():
            found[path.relative_to(folder).as_posix()] = (
                path.read_bytes(),
                path.stat().st_mtime_ns,
            )
    return found


def _databases(home: Path) -> list[Path]:
    return sorted((home / "sre-docs").glob("lint-*.sqlite"))


@pytest.fixture
def trusted_stats(monkeypatch: pytest.MonkeyPatch) -> None:
    """Stats are trusted at once: what remains to tell an edit is the stat itself."""
    monkeypatch.setattr(cache, "RACY_NANOSECONDS", -(10**18))


@pytest.fixture
def handbook(tmp_path: Path) -> Path:
    root = _handbook(tmp_path / "project")
    _lint(root)  # fills the cache
    return root


def test_unchanged_tree(handbook: Path, own_cache_home: Path) -> None:
    findings = _assert_warm_equals_cold(handbook)
    assert [f["rule"] for f in findings].count("overdue-action-item") == 5
    (database,) = _databases(own_cache_home)
    with contextlib.closing(sqlite3.connect(database)) as db:
        assert db.execute("SELECT count(*) FROM files").fetchone() == (31,)
    assert not (handbook / ".sre_docs_cache").exists()  # nothing is written into the project


def test_edit_with_the_same_size_and_mtime_after_a_branch_switch(
    tmp_path: Path, trusted_stats: None
) -> None:
    """`git switch` rewrites a file; `touch -d` gives it back its old mtime, and the size is
    the same: the change time and inode still tell."""
    root = _handbook(tmp_path / "project", count=3)

    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=root, check=True, capture_output=True)

    git("init", "-q", "-b", "main")
    git("-c", "user.name=t", "-c", "user.email=t@example.com", "add", ".")
    git("-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm", "one")
    path = root / "docs" / "postmortems" / "pm-1.md"
    text = path.read_text(encoding="utf-8")
    edited = text.replace("Checkout returned errors.", "Human error broke it!!!!!")
    assert len(edited) == len(text)
    git("switch", "-q", "-c", "edited")
    path.write_text(edited, encoding="utf-8")
    git("-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qam", "two")
    git("switch", "-q", "main")
    old = path.stat()
    assert _lint(root) == _lint(root, "--no-cache")  # the cache now holds the main branch
    git("switch", "-q", "edited")
    seconds, nanoseconds = divmod(old.st_mtime_ns, 10**9)
    subprocess.run(["touch", "-d", f"@{seconds}.{nanoseconds:09d}", str(path)], check=True)
    now = path.stat()
    assert (now.st_size, now.st_mtime_ns) == (old.st_size, old.st_mtime_ns)
    findings = _assert_warm_equals_cold(root)
    assert any(f["rule"] == "blame-language" for f in findings), findings


def test_edit_within_the_same_timestamp(handbook: Path) -> None:
    """An edit right after a run, with the same size and mtime: a stat taken so soon after a
    change is never trusted, so the file is hashed."""
    path = handbook / "docs" / "postmortems" / "pm-6.md"
    stat = path.stat()
    text = path.read_text(encoding="utf-8").replace("A config change.", "Bob forgot to.!!")
    path.write_text(text, encoding="utf-8")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
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


def test_named_files_see_the_whole_handbook(handbook: Path) -> None:
    # pm-8 takes the id of pm-5, which keeps it (first by path): pm-8 is reported.
    _give_id(handbook, 8, "PM-5")
    findings = _assert_warm_equals_cold(handbook, "docs/postmortems/pm-8.md")
    assert {f["path"] for f in findings} == {"docs/postmortems/pm-8.md"}
    assert any(f["rule"] == "duplicate-id" for f in findings)
    assert _assert_warm_equals_cold(handbook, "docs/postmortems/pm-5.md") == []
    runbook = handbook / "docs" / "runbooks" / "checkout.md"
    _touch_later(runbook, RUNBOOK.replace("alerts: [CheckoutHigh5xx]", "alerts: [Other]"))
    findings = _assert_warm_equals_cold(handbook, "docs/postmortems/pm-4.md")
    assert [f["rule"] for f in findings] == ["missing-runbook-link"]


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


def test_configuration_today_and_upgrade(handbook: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    later = _assert_warm_equals_cold(handbook, "--today", "2027-02-01")
    assert [f["rule"] for f in later].count("overdue-action-item") == 30
    config = handbook / "mkdocs.yml"
    config.write_text(
        config.read_text() + "      folders: {postmortems: runbook}\n", encoding="utf-8"
    )
    _assert_warm_equals_cold(handbook)
    before = cache._code_fingerprint()
    monkeypatch.setattr(cache, "__version__", "999.0")
    assert cache._code_fingerprint() != before


def test_every_named_file_equals_its_part_of_a_full_run(tmp_path: Path) -> None:
    """Each document of the demo handbook, linted alone with a warm cache, gets exactly its own
    findings of a cold whole-handbook run, with cross-document facts broken on purpose."""
    from sre_docs.config import load_config
    from sre_docs.linter import lint_handbook
    from sre_docs.tree import today_from_environment

    root = tmp_path / "handbook"
    shutil.copytree(REPO / "content", root / "content")
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    docs = root / "content"
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


MARKER = "code-from-the-tree-ran"


class _Planted:
    """Unpickling this runs a shell command that leaves a marker file."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (os.system, (f"touch {self.marker}",))


def _plant_old_cache(root: Path) -> Path:
    """What older versions kept in `.sre_docs_cache/`, as a hostile commit would carry it: a
    parsed configuration that excludes every file, a lint database and a page file of
    pickles, and Jinja bytecode of a page template, each running a command when loaded."""
    import jinja2

    folder = root / ".sre_docs_cache"
    (folder / "templates").mkdir(parents=True)
    marker = root.parent / MARKER
    raw = (root / "mkdocs.yml").read_bytes()
    data = {"site_name": "t", "docs_dir": "docs", "plugins": [{"sre-docs": {"exclude": ["**"]}}]}
    from sre_docs import __version__

    (folder / "config-mkdocs.yml.marshal").write_bytes(marshal.dumps((__version__, raw, data)))
    payload = pickle.dumps(_Planted(marker))
    with contextlib.closing(sqlite3.connect(folder / "lint-0123456789abcdef0123.sqlite")) as db:
        db.execute(
            "CREATE TABLE files (rel TEXT, digest BLOB, doc_type TEXT, record BLOB, stub BLOB)"
        )
        db.execute("CREATE TABLE state (name TEXT PRIMARY KEY, value BLOB)")
        db.execute(
            "INSERT INTO files VALUES ('postmortems/pm-1.md', x'00', 'postmortem', ?, ?)",
            (payload, payload),
        )
        db.execute("INSERT INTO state VALUES ('answer', ?)", (payload,))
        db.commit()
    (folder / "pages-0123456789abcdef0123.pickle").write_bytes(payload)
    # Bytecode Jinja would accept for the overview template: the right key and checksum.
    environment = jinja2.Environment(loader=jinja2.PackageLoader("sre_docs.site", "templates"))
    source, filename, _ = environment.loader.get_source(environment, "index.md.j2")
    bytecode = jinja2.FileSystemBytecodeCache(str(folder / "templates"))
    bucket = bytecode.get_bucket(environment, "index.md.j2", filename, source)
    bucket.code = compile(f"import os\nos.system('touch {marker}')\n", filename, "exec")
    bytecode.dump_bytecode(bucket)
    return marker


def test_a_cache_committed_to_the_repository_is_never_read(tmp_path: Path) -> None:
    """Files older versions trusted in `.sre_docs_cache/` change no result and run no code,
    in `sre-docs lint` and in a real `mkdocs build`."""
    root = _handbook(tmp_path / "project", count=3)
    marker = _plant_old_cache(root)
    planted = _files(root / ".sre_docs_cache")
    status, warm = _run(root)
    assert warm == _lint(root, "--no-cache")
    assert len({f["path"] for f in warm}) == 1 and status == 0  # pm-0 is overdue: files were read
    result = mkdocs(root, "build", "--site-dir", str(tmp_path / "site"))
    assert result.returncode == 0, result.stderr
    assert "overdue-action-item" in result.stderr
    assert not marker.exists()
    assert _files(root / ".sre_docs_cache") == planted


def test_a_damaged_or_foreign_database_is_rebuilt(handbook: Path, own_cache_home: Path) -> None:
    """A database in the cache's own folder that is garbage, empty, or of another format
    (pickles included) is made again; nothing in it is loaded."""
    (database,) = _databases(own_cache_home)
    marker = handbook.parent / MARKER
    for damage in (b"\x80\x05garbage", b""):
        database.write_bytes(damage)
        _assert_warm_equals_cold(handbook)
    database.unlink()
    with contextlib.closing(sqlite3.connect(database)) as db:
        payload = pickle.dumps(_Planted(marker))
        db.execute(
            "CREATE TABLE files (rel TEXT, digest BLOB, doc_type TEXT, record BLOB, stub BLOB)"
        )
        db.execute(
            "INSERT INTO files VALUES ('postmortems/pm-1.md', x'00', 'postmortem', ?, ?)",
            (payload, payload),
        )
        db.commit()
    _assert_warm_equals_cold(handbook)
    with contextlib.closing(sqlite3.connect(database)) as db:
        db.execute("UPDATE files SET view = 'not json', record = '[1, 2]'")
        db.commit()
    _assert_warm_equals_cold(handbook)
    assert not marker.exists()


def test_a_symlinked_cache_folder_is_refused(tmp_path: Path, own_cache_home: Path) -> None:
    root = _handbook(tmp_path / "project", count=3)
    target = tmp_path / "elsewhere"
    target.mkdir()
    (target / "precious.txt").write_text("keep me", encoding="utf-8")
    (target / cache.TAG_NAME).write_text(cache.TAG, encoding="utf-8")
    old = target / "lint-0000.sqlite"
    old.write_bytes(b"an old database")
    month_ago = time.time() - 30 * 86400
    os.utime(old, (month_ago, month_ago))
    before = _files(target)
    (own_cache_home / "sre-docs").symlink_to(target, target_is_directory=True)
    result = run_cli(["lint", "--format", "json", "-q"], root)
    assert result.returncode == 0, result.stderr  # the user's own folder: linted without it
    assert result.stderr.count("\n") == 1 and "symbolic link" in result.stderr, result.stderr
    assert json.loads(result.stdout) == _lint(root, "--no-cache")
    assert _files(target) == before
    config = root / "mkdocs.yml"
    named = config.read_text() + f"      cache_dir: {str(own_cache_home / 'sre-docs')!r}\n"
    config.write_text(named, encoding="utf-8")
    assert _run(root)[0] == 2  # named by cache_dir: an error
    assert _files(target) == before
    config.write_text(named.rsplit("      cache_dir", 1)[0], encoding="utf-8")
    # The folder older versions used, linked to another one (.git, say), is not looked at.
    (root / ".sre_docs_cache").symlink_to(target, target_is_directory=True)
    (own_cache_home / "sre-docs").unlink()
    _assert_warm_equals_cold(root)
    assert _files(target) == before


@pytest.mark.parametrize(
    "cache_dir", [".", "docs", "docs/postmortems", "..", ".sre_docs_cache", "{home}", "{full}"]
)
def test_a_cache_dir_that_is_not_the_caches_own_is_refused(tmp_path: Path, cache_dir: str) -> None:
    """The project, the docs root, a folder in or around them, a folder inside the repository,
    the home folder, a folder with files of its own: refused with one line, nothing touched."""
    root = _handbook(tmp_path / "project", count=3)
    full = tmp_path / "full"
    full.mkdir()
    (full / "data.txt").write_text("someone else's", encoding="utf-8")
    cache_dir = cache_dir.format(home=str(Path.home()), full=str(full))
    config = root / "mkdocs.yml"
    config.write_text(config.read_text() + f"      cache_dir: {cache_dir!r}\n", encoding="utf-8")
    before, outside = _files(root), _files(full)
    status, _ = _run(root)
    assert status == 2
    assert _files(root) == before and _files(full) == outside
    assert _lint(root, "--no-cache") is not None


def test_an_empty_home_folder_is_refused_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A new machine's home folder may hold nothing yet: it is refused by name, not only for
    holding other files, and nothing is written into it."""
    root = _handbook(tmp_path / "project", count=3)
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    config = root / "mkdocs.yml"
    config.write_text(config.read_text() + f"      cache_dir: {str(home)!r}\n", encoding="utf-8")
    status, _ = _run(root)
    assert status == 2
    assert list(home.iterdir()) == []


def test_cache_dir_of_its_own_is_used(tmp_path: Path, own_cache_home: Path) -> None:
    root = _handbook(tmp_path / "project", count=3)
    config = root / "mkdocs.yml"
    folder = tmp_path / "ci-cache"
    config.write_text(config.read_text() + f"      cache_dir: {str(folder)!r}\n", encoding="utf-8")
    _assert_warm_equals_cold(root)
    assert (folder / cache.TAG_NAME).read_text(encoding="utf-8") == cache.TAG
    assert len(list(folder.glob("lint-*.sqlite"))) == 1
    assert not (own_cache_home / "sre-docs").exists()


def test_cache_dir_dot_fails_the_build_and_deletes_nothing(tmp_path: Path) -> None:
    root = _handbook(tmp_path / "project", count=3)
    config = root / "mkdocs.yml"
    config.write_text(config.read_text() + "      cache_dir: .\n", encoding="utf-8")
    before = _files(root)
    result = mkdocs(root, "build", "--site-dir", str(tmp_path / "site"))
    assert result.returncode != 0
    assert "cache_dir" in result.stderr and "Traceback" not in result.stderr
    assert _files(root) == before


def test_only_its_own_files_are_removed(handbook: Path, own_cache_home: Path) -> None:
    """Databases of other configurations unused for a week go; nothing else in the folder."""
    folder = own_cache_home / "sre-docs"
    (current,) = _databases(own_cache_home)
    old, recent = folder / "lint-0000.sqlite", folder / "lint-1111.sqlite"
    others = [folder / "notes.txt", folder / "lint-2222.txt", folder / "pages-3333.pickle"]
    for path in (old, recent, *others):
        path.write_bytes(b"from elsewhere")
    month_ago = time.time() - 30 * 86400
    for path in (old, *others):
        os.utime(path, (month_ago, month_ago))
    (folder / "linked.sqlite").symlink_to(handbook / "README.md")
    os.symlink(handbook / "mkdocs.yml", folder / "lint-4444.sqlite")
    _give_id(handbook, 1, "PM-101")
    _assert_warm_equals_cold(handbook)  # writes the cache, and tidies the folder
    assert not old.exists()
    assert all(path.exists() for path in (current, recent, *others))
    assert (handbook / "README.md").exists() and (handbook / "mkdocs.yml").exists()


def test_no_cache_writes_nothing(tmp_path: Path, own_cache_home: Path) -> None:
    root = _handbook(tmp_path / "project", count=3)
    _lint(root, "--no-cache")
    assert not (own_cache_home / "sre-docs").exists()


def test_read_only_cache_still_lints(handbook: Path, own_cache_home: Path) -> None:
    """Run without the capability that lets root write anywhere (tests run as root): the
    database and its folder cannot be written, and results are still exactly those of a
    cold run."""
    if shutil.which("setpriv") is None:
        pytest.skip("setpriv (util-linux) is needed to drop root's capabilities")
    folder = own_cache_home / "sre-docs"
    _give_id(handbook, 2, "PM-22")  # so that the run has a row to write
    before = _files(folder)
    folder.chmod(0o555)
    for database in _databases(own_cache_home):
        database.chmod(0o444)
    try:
        unprivileged = ["setpriv", "--bounding-set=-all", "--inh-caps=-all"]
        probe = subprocess.run([*unprivileged, "touch", str(folder / "probe")], check=False)
        assert probe.returncode != 0, "capabilities were not dropped"
        from tests.conftest import sre_docs_executable

        command = [*unprivileged, sre_docs_executable(), "lint", "--format", "json", "-q"]
        warm = subprocess.run(command, cwd=handbook, capture_output=True, text=True, check=False)
        assert warm.returncode == 1, warm.stderr
        assert json.loads(warm.stdout) == _lint(handbook, "--no-cache")
        assert _files(folder) == before
    finally:
        folder.chmod(0o700)


def test_records_survive_the_round_trip(tmp_path: Path) -> None:
    """Every record of the demo handbook and of the seeded-defect one, and front matter with
    values JSON has no type for, decode to an equal record."""
    import datetime as dt

    from sre_docs.config import load_config
    from sre_docs.handbook import decode_record, encode_record
    from sre_docs.linter import load_handbook
    from sre_docs.tree import walk
    from tests.site.helpers import write_handbook
    from tests.site.test_defects import HANDBOOK

    (tmp_path / "seeded").mkdir()
    seeded = write_handbook(tmp_path / "seeded", HANDBOOK)
    records = []
    for root in (REPO, seeded):
        config = load_config(None, cwd=root)
        loaded = load_handbook(config, walk(config), use_cache=False, full=True)
        records.extend(loaded.records.values())
        records.extend(loaded.handbook.records)
    assert len(records) > 100
    odd = records[0]
    odd.meta = {
        1: "int key",
        "when": dt.date(2026, 1, 2),
        "at": dt.datetime(2026, 1, 2, 3, 4, tzinfo=dt.UTC),
        "raw": b"\x00\xff",
        "tags": {"a", "b"},
        "\0": "the tag key itself",
        "nested": [{"x": None, "y": 1.5, "z": float("inf")}],
    }
    for record in records:
        assert decode_record(encode_record(record)) == record, record.rel


# Stored answers: the findings of one command line, given again when nothing they were made
# from changed. Each test makes the answer, changes one input, and checks both that the run
# equals a cold one and whether the answer was used (`normal_runs` counts the runs that linted).


def _answers(home: Path) -> Path:
    return home / "sre-docs" / cache.ANSWERS_NAME


def _answered(root: Path, runs: list[int], *args: str) -> list[dict[str, object]]:
    """Lint twice: the second run is answered from the store and equals a cold run."""
    first = _lint(root, *args)
    before = len(runs)
    again = _lint(root, *args)
    assert len(runs) == before, "the unchanged tree was linted again"
    assert again == first == _lint(root, "--no-cache", *args)
    return again


def _relinted(root: Path, runs: list[int], *args: str) -> list[dict[str, object]]:
    """One run that must go the normal way, and equal a cold one."""
    before = len(runs)
    warm = _lint(root, *args)
    assert len(runs) == before + 1, "a changed input was answered from the store"
    assert warm == _lint(root, "--no-cache", *args)
    return warm


def test_answer_of_an_unchanged_tree(
    tmp_path: Path, trusted_stats: None, normal_runs: list[int], own_cache_home: Path
) -> None:
    root = _handbook(tmp_path / "project")
    findings = _answered(root, normal_runs)
    assert [f["rule"] for f in findings].count("overdue-action-item") == 5
    named = _answered(root, normal_runs, "docs/postmortems/pm-0.md")
    assert {f["path"] for f in named} == {"docs/postmortems/pm-0.md"}
    assert _answered(root, normal_runs, "docs/postmortems") == [
        f for f in findings if str(f["path"]).startswith("docs/postmortems/")
    ]
    assert _answers(own_cache_home).is_file()
    with contextlib.closing(sqlite3.connect(_answers(own_cache_home))) as db:
        assert db.execute("SELECT count(*) FROM answers").fetchone() == (3,)
        assert db.execute("SELECT count(*) FROM trees").fetchone() == (1,)  # shared


def test_answer_after_an_edit_with_the_same_size_and_mtime(
    tmp_path: Path, trusted_stats: None, normal_runs: list[int]
) -> None:
    root = _handbook(tmp_path / "project", count=5)
    _answered(root, normal_runs, "docs/postmortems/pm-1.md")
    path = root / "docs" / "postmortems" / "pm-1.md"
    before = path.stat()
    text = path.read_text(encoding="utf-8")
    edited = text.replace("Checkout returned errors.", "Human error broke it!!!!!")
    assert len(edited) == len(text)
    path.write_text(edited, encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert (path.stat().st_size, path.stat().st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    findings = _relinted(root, normal_runs, "docs/postmortems/pm-1.md")
    assert any(f["rule"] == "blame-language" for f in findings)
    # An edit of another document counts too: handbook rules read every record.
    _answered(root, normal_runs, "docs/postmortems/pm-2.md")
    _give_id(root, 3, "PM-2")
    findings = _relinted(root, normal_runs, "docs/postmortems/pm-2.md")
    assert "duplicate-id" not in {f["rule"] for f in findings}  # pm-2 keeps its id (first)
    _answered(root, normal_runs, "docs/postmortems/pm-3.md")
    assert any(f["rule"] == "duplicate-id" for f in _lint(root, "docs/postmortems/pm-3.md"))


def test_answer_untrusted_stats_are_checked_by_content(
    tmp_path: Path, normal_runs: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Right after files change their stats are not trusted: the answer is still used when
    the documents' digests and the folders' listings are the same, and not after an edit
    within the same timestamp."""
    monkeypatch.setattr(cache, "RACY_NANOSECONDS", 1_000_000_000)
    root = _handbook(tmp_path / "project", count=5)
    time.sleep(1.1)  # the configuration's stat is trusted (a run reads it again)
    for path in (root / "docs").rglob("*.md"):
        path.write_bytes(path.read_bytes())  # the same bytes, a new change time
    (root / "docs" / "postmortems" / "gone.md").write_text("# Gone\n", encoding="utf-8")
    (root / "docs" / "postmortems" / "gone.md").unlink()  # the same listing, a new stat
    _answered(root, normal_runs)
    path = root / "docs" / "postmortems" / "pm-4.md"
    stat = path.stat()
    path.write_text(path.read_text(encoding="utf-8").replace("A config", "Bob forgot"), "utf-8")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    findings = _relinted(root, normal_runs)
    assert any(f["rule"] == "blame-language" for f in findings)


def test_answer_after_files_are_added_removed_or_renamed(
    tmp_path: Path, trusted_stats: None, normal_runs: list[int]
) -> None:
    root = _handbook(tmp_path / "project", count=5)
    docs = root / "docs"
    _answered(root, normal_runs)
    (docs / "postmortems" / "pm-1.md").rename(docs / "postmortems" / "pm-x.md")  # same size
    _relinted(root, normal_runs)
    _answered(root, normal_runs, "docs/postmortems/pm-0.md")
    (docs / "postmortems" / "pm-2.md").unlink()
    _relinted(root, normal_runs, "docs/postmortems/pm-0.md")
    _answered(root, normal_runs)
    (docs / "postmortems" / "new.md").write_text(POSTMORTEM.format(id="PM-0", due="2027-01-15"))
    assert "duplicate-id" in {f["rule"] for f in _relinted(root, normal_runs)}
    # A file no rule parses still counts: links are checked against the listing.
    page = docs / "guide.md"
    page.write_text("# Guide\n\n![Chart](img/chart.png)\n", encoding="utf-8")
    assert "broken-link" in {f["rule"] for f in _lint(root, "docs/guide.md")}
    _answered(root, normal_runs, "docs/guide.md")
    (docs / "img").mkdir()
    _relinted(root, normal_runs, "docs/guide.md")
    (docs / "img" / "chart.png").write_bytes(b"\x89PNG")
    assert _relinted(root, normal_runs, "docs/guide.md") == []
    # A folder renamed, and the runbook with it.
    _answered(root, normal_runs)
    (docs / "runbooks").rename(docs / "playbooks")
    assert "broken-link" in {f["rule"] for f in _relinted(root, normal_runs)}


def test_answer_after_a_configuration_date_or_option_change(
    tmp_path: Path,
    trusted_stats: None,
    normal_runs: list[int],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    root = _handbook(tmp_path / "project", count=8)
    config = root / "mkdocs.yml"
    findings = _answered(root, normal_runs)
    original = config.read_text(encoding="utf-8")
    config.write_text(original.replace(TODAY, "2027-02-01"), encoding="utf-8")
    later = _relinted(root, normal_runs)
    assert len(later) > len(findings)
    config.write_text(original + "      rules: {overdue-action-item: off}\n", encoding="utf-8")
    assert "overdue-action-item" not in {f["rule"] for f in _relinted(root, normal_runs)}
    config.write_text(original, encoding="utf-8")
    _answered(root, normal_runs)
    # Options that choose rules, files or the date each have their own answer.
    for options in (
        ["--select", "overdue-action-item"],
        ["--ignore", "overdue-action-item"],
        ["--today", "2027-02-01"],
        ["--force-exclude"],
    ):
        _relinted(root, normal_runs, *options)
        _answered(root, normal_runs, *options)
    # Without `today` in the configuration, the date of the clock or SOURCE_DATE_EPOCH.
    config.write_text(original.replace(f"      today: {TODAY}\n", ""), encoding="utf-8")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1790000000")  # 2026-09-21
    _relinted(root, normal_runs)
    _answered(root, normal_runs)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1800000000")  # 2027-01-15
    assert _relinted(root, normal_runs) != findings
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    import datetime as dt

    from sre_docs import cli

    monkeypatch.setattr(cli, "_utc_today", lambda: dt.date(2026, 11, 24))
    _relinted(root, normal_runs)
    _answered(root, normal_runs)
    monkeypatch.setattr(cli, "_utc_today", lambda: dt.date(2026, 11, 25))
    _relinted(root, normal_runs)
    # sre-docs itself, or a library beside it, changed.
    _answered(root, normal_runs)
    monkeypatch.setattr(cache, "__version__", "999.0")
    _relinted(root, normal_runs)


def test_a_damaged_or_edited_answer_is_not_used(
    tmp_path: Path, trusted_stats: None, normal_runs: list[int], own_cache_home: Path
) -> None:
    """An answer edited by hand, of the wrong shape, or a database of garbage: the run goes
    the normal way and gives the cold run's findings."""
    root = _handbook(tmp_path / "project", count=8)
    answers = _answers(own_cache_home)
    findings = _answered(root, normal_runs)
    assert findings

    def edit(statement: str, *values: object) -> None:
        with contextlib.closing(sqlite3.connect(answers)) as db:
            db.execute(statement, values)
            db.commit()

    edit("UPDATE answers SET body = replace(body, 'overdue', 'fine')")
    assert _relinted(root, normal_runs) == findings
    edit("UPDATE answers SET body = '[]', check_digest = ?", "0" * 32)
    assert _relinted(root, normal_runs) == findings
    with contextlib.closing(sqlite3.connect(answers)) as db:
        key, tree = db.execute("SELECT key, tree FROM answers").fetchone()
    for body in ('{"findings": [], "checked": 0, "fixable": [0, 0]}', '{"findings": 1}'):
        # The row's own digest made to match: still only data, and data of the wrong shape
        # (or one nobody's run stored) gives no answer a cold run would not give.
        check = cache._check_digest(key, tree, body)
        edit("UPDATE answers SET body = ?, check_digest = ?", body, check)
        status, warm = _run(root)
        assert status in (0, 1)
        if body.startswith('{"findings": []'):
            assert warm == []  # a forged row that checks out is the user's own cache folder
        else:
            assert warm == findings
    edit("UPDATE trees SET inputs = replace(inputs, 'postmortems', 'elsewhere')")
    assert _relinted(root, normal_runs) == findings
    for garbage in (b"\x80\x05garbage", b""):
        answers.write_bytes(garbage)
        assert _relinted(root, normal_runs) == findings
    answers.unlink()
    answers.symlink_to(root / "mkdocs.yml")
    assert _relinted(root, normal_runs) == findings
    assert (root / "mkdocs.yml").read_text(encoding="utf-8").startswith("site_name")


def test_no_answer_where_findings_depend_on_more_than_the_tree(
    tmp_path: Path, trusted_stats: None, normal_runs: list[int], own_cache_home: Path
) -> None:
    """A symbolic link in the docs root, a link leaving it, a document named through a link,
    alert rule files: no answer is stored, every run lints."""
    root = _handbook(tmp_path / "project", count=3)
    docs = root / "docs"
    (docs / "linked.md").symlink_to(docs / "runbooks" / "checkout.md")
    _relinted(root, normal_runs)
    _relinted(root, normal_runs)
    (docs / "linked.md").unlink()
    (docs / "outside.md").write_text("# Out\n\nSee [the readme](../README.md).\n", "utf-8")
    _relinted(root, normal_runs)
    _relinted(root, normal_runs)
    (root / "README.md").unlink()
    assert "broken-link" in {f["rule"] for f in _relinted(root, normal_runs)}
    (docs / "outside.md").unlink()
    _answered(root, normal_runs)
    # A document named through a link outside the docs root.
    (root / "pms").symlink_to(docs / "postmortems", target_is_directory=True)
    _relinted(root, normal_runs, "pms/pm-1.md")
    _relinted(root, normal_runs, "pms/pm-1.md")
    config = root / "mkdocs.yml"
    (root / "rules.yml").write_text("groups: []\n", encoding="utf-8")
    config.write_text(config.read_text() + "      alert_rules: [rules.yml]\n", "utf-8")
    _relinted(root, normal_runs)
    _relinted(root, normal_runs)


def test_answer_sees_the_docs_root_behind_a_symbolic_link(
    tmp_path: Path, trusted_stats: None, normal_runs: list[int]
) -> None:
    """`docs_dir: docs` with `docs` a link: pointed at another folder of the same files with
    other contents, the run lints that folder."""
    root = _handbook(tmp_path / "project", count=3)
    (root / "docs").rename(root / "docs-one")
    shutil.copytree(root / "docs-one", root / "docs-two")
    path = root / "docs-two" / "postmortems" / "pm-1.md"
    path.write_text(path.read_text(encoding="utf-8").replace("A config", "Bob forgot"), "utf-8")
    (root / "docs").symlink_to("docs-one", target_is_directory=True)
    before = _answered(root, normal_runs)
    (root / "docs").unlink()
    (root / "docs").symlink_to("docs-two", target_is_directory=True)
    after = _relinted(root, normal_runs)
    assert after != before and any(f["rule"] == "blame-language" for f in after)


def test_answers_are_never_read_from_inside_a_repository(
    tmp_path: Path, trusted_stats: None, normal_runs: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A user cache folder inside the project (a committed cache) is not read, even when it
    holds a valid answer for the very command line."""
    root = _handbook(tmp_path / "project", count=3)
    (root / ".git").mkdir()
    home = tmp_path / "home"
    monkeypatch.setenv("XDG_CACHE_HOME", str(home))
    _answered(root, normal_runs)
    inside = root / "cache-home"
    shutil.copytree(home, inside)
    monkeypatch.setenv("XDG_CACHE_HOME", str(inside))
    before = _files(inside)
    _relinted(root, normal_runs)
    _relinted(root, normal_runs)
    assert _files(inside) == before


def test_no_cache_neither_reads_nor_writes_answers(
    tmp_path: Path, trusted_stats: None, normal_runs: list[int], own_cache_home: Path
) -> None:
    root = _handbook(tmp_path / "project", count=3)
    _answered(root, normal_runs)
    before = _files(own_cache_home)
    runs = len(normal_runs)
    _lint(root, "--no-cache")
    assert len(normal_runs) == runs + 1
    assert _files(own_cache_home) == before


def test_an_answered_run_imports_no_parser_and_no_rule(tmp_path: Path) -> None:
    """The pre-commit path: a named file whose answer is stored starts no YAML, JSON Schema
    or markdown parser, reads no configuration and loads no rule."""
    root = _handbook(tmp_path / "project", count=3)
    script = (
        "import sys\n"
        "from sre_docs import cache\n"
        "cache.RACY_NANOSECONDS = -(10**18)  # stats trusted at once, as `trusted_stats`\n"
        "from sre_docs.cli import main\n"
        "status = main(['lint', '-q', 'docs/postmortems/pm-1.md'])\n"
        "heavy = ('yaml', 'jsonschema', 'markdown_it', 'mkdocs', 'jinja2', 'sre_docs.config',"
        " 'sre_docs.rules', 'sre_docs.handbook', 'sre_docs.linter')\n"
        "print(status, sorted(name for name in heavy if name in sys.modules))\n"
    )
    import sys

    def run() -> str:
        result = subprocess.run(
            [sys.executable, "-c", script], cwd=root, capture_output=True, text=True, check=True
        )
        return result.stdout.strip()

    first = run()
    assert first.startswith("0 [") and "sre_docs.rules" in first  # linted, answer stored
    assert run() == "0 []"
