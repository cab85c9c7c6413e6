"""Attacks on the stored answer of `sre-docs lint`: every way we found to try to make a run
answered from the store differ from `sre-docs lint --no-cache` on the same tree and command line.

Each test makes an answer, then changes what a team changes every day (a branch switch, a
folder the walk skips, a path spelled another way) or what an attacker would plant (a FIFO as
the configuration, a cache folder of another user, a document grown past any size a document
may have), and compares with a cold run. `main(argv)` runs in process; the tests that need a
real process (a hang, a memory limit) start the installed command."""

from __future__ import annotations

import contextlib
import json
import os
import resource
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from sre_docs import cache
from sre_docs.cli import main
from tests.conftest import FIXTURES, TODAY, run_cli
from tests.core.test_cache import POSTMORTEM, _handbook, _lint, _run


@pytest.fixture
def short_racy_window(monkeypatch: pytest.MonkeyPatch) -> float:
    """A stat is trusted 0.3 s after the last change (far above any file system's timestamp
    step here, far below the real 2 s): the tests wait this long instead of two seconds."""
    monkeypatch.setattr(cache, "RACY_NANOSECONDS", 300_000_000)
    return 0.35


def _same_as_cold(root: Path, runs: list[int], *args: str, cwd: Path | None = None) -> bool:
    """One run (from `cwd`, else `root`) equal to a cold one; whether it was answered."""
    before = len(runs)
    warm = _run(cwd or root, *args)
    answered = len(runs) == before
    assert warm == _run(cwd or root, "--no-cache", *args)
    return answered


# What a team does every day ------------------------------------------------------------------


def test_a_branch_switch_to_files_of_the_same_size(
    tmp_path: Path, normal_runs: list[int], short_racy_window: float
) -> None:
    """`git checkout` of a branch whose documents differ only in bytes, not in size, and back:
    each side is linted again at once and answered once its stats are old enough."""
    root = _handbook(tmp_path / "project", count=4)
    env = {**os.environ, "GIT_AUTHOR_NAME": "a", "GIT_AUTHOR_EMAIL": "a@example.com"}
    env |= {"GIT_COMMITTER_NAME": "a", "GIT_COMMITTER_EMAIL": "a@example.com"}

    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True)

    git("init", "-q", "-b", "main")
    git("add", "-A")
    git("commit", "-qm", "one")
    git("checkout", "-qb", "other")
    path = root / "docs" / "postmortems" / "pm-1.md"
    text = path.read_text(encoding="utf-8")
    edited = text.replace("Checkout returned errors.", "Human error broke it!!!!!")
    assert len(edited) == len(text)
    path.write_text(edited, encoding="utf-8")
    git("commit", "-qam", "two")
    git("checkout", "-q", "main")
    time.sleep(short_racy_window)
    _lint(root)
    assert _same_as_cold(root, normal_runs)
    for branch, blamed in (("other", True), ("main", False)):
        git("checkout", "-q", branch)
        assert not _same_as_cold(root, normal_runs)
        time.sleep(short_racy_window)
        _lint(root)
        assert _same_as_cold(root, normal_runs)
        assert any(f["rule"] == "blame-language" for f in _lint(root)) is blamed


def test_folders_the_walk_skips_and_folders_deep_down(
    tmp_path: Path, normal_runs: list[int], short_racy_window: float
) -> None:
    """A document added to an excluded folder, a hidden folder or the templates folder, and a
    new document five folders deep: every run equals a cold one."""
    root = _handbook(tmp_path / "project", count=3)
    docs = root / "docs"
    config = root / "mkdocs.yml"
    config.write_text(config.read_text("utf-8") + "      exclude: ['drafts/**']\n", "utf-8")
    for folder in ("drafts", ".hidden", "templates", "a/b/c/d/e"):
        (docs / folder).mkdir(parents=True)
    time.sleep(short_racy_window)
    _lint(root)
    assert _same_as_cold(root, normal_runs)
    duplicate = POSTMORTEM.format(id="PM-1", due="2026-01-01")
    for folder in ("drafts", ".hidden", "templates"):
        (docs / folder / "pm-1.md").write_text(duplicate, encoding="utf-8")
        _same_as_cold(root, normal_runs)
        time.sleep(short_racy_window)
        _lint(root)
        assert _same_as_cold(root, normal_runs)
    assert "duplicate-id" not in {f["rule"] for f in _lint(root)}
    (docs / "a/b/c/d/e" / "deep.md").write_text(duplicate, encoding="utf-8")
    assert not _same_as_cold(root, normal_runs)
    assert "duplicate-id" in {f["rule"] for f in _lint(root)}


def test_one_file_named_in_other_spellings(
    tmp_path: Path, normal_runs: list[int], short_racy_window: float
) -> None:
    """A document named by an absolute path, through `..`, from a subfolder: each spelling
    has its answer, equal to a cold run, and an edit reaches every one of them."""
    root = _handbook(tmp_path / "project", count=3)
    docs = root / "docs"
    path = docs / "postmortems" / "pm-1.md"
    spellings = [
        (root, str(path)),
        (root, "docs/postmortems/../postmortems/pm-1.md"),
        (docs / "postmortems", "pm-1.md"),
        (docs / "postmortems", "."),
    ]
    time.sleep(short_racy_window)
    for cwd, named in spellings:
        _same_as_cold(root, normal_runs, named, cwd=cwd)
        assert _same_as_cold(root, normal_runs, named, cwd=cwd)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("A config change.", "Bob forgot it."), encoding="utf-8")
    for cwd, named in spellings:
        assert not _same_as_cold(root, normal_runs, named, cwd=cwd)


def test_an_answered_run_prints_what_the_normal_run_printed(
    tmp_path: Path,
    normal_runs: list[int],
    short_racy_window: float,
    monkeypatch: pytest.MonkeyPatch,
    capfd: pytest.CaptureFixture[str],
) -> None:
    """Every output format, `--statistics`, `-o FILE`, `--strict`, `--exit-zero`, a fixable
    finding's hint and colour: stdout, stderr, the file written and the exit status of an
    answered run are byte for byte those of the run that stored the answer and of a cold one."""
    root = _handbook(tmp_path / "project", count=8)
    # A finding `--fix` can fix: the hint line is part of what is printed.
    slo = root / "docs" / "slos" / "a.md"
    slo.parent.mkdir()
    shutil.copy(FIXTURES / "rules" / "slo-budget-mismatch" / "bad" / "slos" / "a.md", slo)
    time.sleep(short_racy_window)
    report = tmp_path / "report.out"

    def run(*args: str) -> tuple[int, str, str, bytes | None]:
        report.unlink(missing_ok=True)
        with contextlib.chdir(root):
            status = main(["lint", *args])
        out, err = capfd.readouterr()
        return status, out, err, report.read_bytes() if report.exists() else None

    options = [
        [],
        ["--format", "json"],
        ["--format", "sarif"],
        ["--format", "github"],
        ["--statistics"],
        ["--statistics", "--format", "json"],
        ["--strict"],
        ["--exit-zero"],
        ["-q"],
        ["-o", str(report)],
        ["--format", "sarif", "-o", str(report)],
        ["docs/postmortems/pm-0.md"],
        ["--select", "AI002", "--strict"],
    ]
    for colour in ("NO_COLOR", "FORCE_COLOR"):
        monkeypatch.delenv("NO_COLOR", raising=False)
        monkeypatch.delenv("FORCE_COLOR", raising=False)
        monkeypatch.setenv(colour, "1")
        for args in options:
            stored = run(*args)
            before = len(normal_runs)
            answered = run(*args)
            assert len(normal_runs) == before, args
            assert answered == stored == run("--no-cache", *args), args
    assert "fixable with `sre-docs lint --fix`" in run()[2]


# What an attacker would plant ----------------------------------------------------------------


def test_a_configuration_that_is_not_a_regular_file_fails_at_once(tmp_path: Path) -> None:
    """`--config` naming a FIFO (or a device): the run says the file is not found, as a cold
    run does, instead of waiting forever for a writer (or reading `/dev/zero` until memory
    runs out) to make an answer's key of its bytes."""
    root = _handbook(tmp_path / "project", count=2)
    fifo = tmp_path / "config.yml"
    os.mkfifo(fifo)
    for args in (["--config", str(fifo)], ["--config", "/dev/null"]):
        try:
            warm = run_cli(["lint", *args], root, timeout=30)
        except subprocess.TimeoutExpired:
            pytest.fail(f"sre-docs lint {' '.join(args)} hung")
        cold = run_cli(["lint", "--no-cache", *args], root, timeout=30)
        assert (warm.returncode, warm.stdout, warm.stderr) == (
            cold.returncode,
            cold.stdout,
            cold.stderr,
        )
        assert warm.returncode == 2 and "configuration file not found" in warm.stderr


def test_no_home_folder_means_no_cache_not_a_crash(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A user without a home folder (no HOME, no XDG_CACHE_HOME, no password entry: a
    container started with an arbitrary user id) gets the cold run's findings and one line
    saying the cache is not used, not an internal error."""
    import pwd

    root = _handbook(tmp_path / "project", count=3)
    cold = _run(root, "--no-cache")
    capsys.readouterr()
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.delenv("HOME", raising=False)

    def no_entry(uid: int) -> object:
        raise KeyError(uid)

    monkeypatch.setattr(pwd, "getpwuid", no_entry)
    for _ in range(2):
        assert _run(root) == cold
    err = capsys.readouterr().err
    assert err.count("results cache not used") == 1 and "home" in err


def test_a_cache_dir_under_a_missing_home_folder_is_a_one_line_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`cache_dir: ~/...` for a user without a home folder: the configuration names a folder
    that cannot be found, a one-line error (exit status 2) like any `cache_dir` refused, not
    an internal error from `~` standing for nothing."""
    import pwd

    root = _handbook(tmp_path / "project", count=3)
    config = root / "mkdocs.yml"
    config.write_text(config.read_text() + "      cache_dir: ~/sre-cache\n", encoding="utf-8")
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.delenv("HOME", raising=False)

    def no_entry(uid: int) -> object:
        raise KeyError(uid)

    monkeypatch.setattr(pwd, "getpwuid", no_entry)
    capsys.readouterr()
    assert _run(root)[0] == 2
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1 and "cache_dir ~/sre-cache" in err and "home" in err
    assert "Traceback" not in err
    assert _run(root, "--no-cache")[0] in (0, 1)


def test_a_cache_folder_of_another_user_is_not_read(
    tmp_path: Path,
    normal_runs: list[int],
    own_cache_home: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """`XDG_CACHE_HOME` on a shared folder where another user made `sre-docs/` first (or
    restored it): a forged answer there, its digests made to match, decides nothing, and
    nothing is written into it."""
    monkeypatch.setattr(cache, "RACY_NANOSECONDS", -(10**18))
    root = _handbook(tmp_path / "project", count=5)
    findings = _lint(root)
    assert findings and _same_as_cold(root, normal_runs)
    answers = own_cache_home / "sre-docs" / cache.ANSWERS_NAME
    forged = '{"checked":6,"findings":[],"fixable":[0,0]}'
    with contextlib.closing(sqlite3.connect(answers)) as db:
        key, tree = db.execute("SELECT key, tree FROM answers").fetchone()
        check = cache._check_digest(key, tree, forged)
        db.execute("UPDATE answers SET body = ?, check_digest = ?", (forged, check))
        db.commit()
    folder = own_cache_home / "sre-docs"
    if os.geteuid() == 0:
        for path in (folder, *folder.iterdir()):
            os.chown(path, 65534, 65534)  # nobody's
    else:  # the files stay ours; the run takes itself for someone else
        real = os.geteuid()
        monkeypatch.setattr(os, "geteuid", lambda: real + 1)
    before = {path.name: path.read_bytes() for path in folder.iterdir()}
    runs = len(normal_runs)
    assert _lint(root) == findings
    assert len(normal_runs) == runs + 1
    assert {path.name: path.read_bytes() for path in folder.iterdir()} == before
    assert "owned by another user" in capsys.readouterr().err


def test_a_document_grown_past_any_document_size_is_not_read_whole(tmp_path: Path) -> None:
    """A document replaced by a 4 GiB file (a log saved as `.md`): the cold run reports it
    from its size without reading it; the answer's check must not read it into memory
    either (the run is held to 1.5 GiB of address space, as a small CI container is)."""
    root = _handbook(tmp_path / "project", count=3)
    script = (
        "import sys\n"
        "from sre_docs import cache\n"
        "cache.RACY_NANOSECONDS = -(10**18)\n"
        "from sre_docs.cli import main\n"
        "sys.exit(main(['lint', '--format', 'json', *sys.argv[1:]]))\n"
    )

    def limited() -> None:
        limit = 1536 * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-c", script, *args],
            cwd=root,
            capture_output=True,
            text=True,
            timeout=120,
            preexec_fn=limited,
        )

    stored = run()
    assert stored.returncode == 0 and run().stdout == stored.stdout  # the answer is stored
    path = root / "docs" / "postmortems" / "pm-1.md"
    path.unlink()
    with open(path, "wb") as handle:
        handle.truncate(4 * 1024**3)  # sparse: no disk is used
    warm, cold = run(), run("--no-cache")
    assert (warm.returncode, warm.stdout) == (cold.returncode, cold.stdout), warm.stderr
    assert any(f["rule"] == "unreadable-file" for f in json.loads(cold.stdout))


def test_an_answered_run_imports_no_rule_in_any_format_but_sarif(tmp_path: Path) -> None:
    """Text, JSON and GitHub reports of an answered run load no parser and no rule; SARIF
    lists the rules that fired, with their documentation, so it loads the rule registry (and
    still no parser)."""
    root = _handbook(tmp_path / "project", count=3)
    script = (
        "import io, sys, contextlib\n"
        "from sre_docs import cache\n"
        "cache.RACY_NANOSECONDS = -(10**18)\n"
        "from sre_docs.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    status = main(['lint', '-q', *sys.argv[1:]])\n"
        "heavy = ('yaml', 'jsonschema', 'markdown_it', 'sre_docs.rules', 'sre_docs.linter')\n"
        "print(status, sorted(name for name in heavy if name in sys.modules))\n"
    )

    def run(*args: str) -> str:
        result = subprocess.run(
            [sys.executable, "-c", script, *args],
            cwd=root,
            capture_output=True,
            text=True,
            check=True,
        )
        return result.stdout.strip()

    for fmt in ("text", "json", "github"):
        run("--format", fmt)
        assert run("--format", fmt) == "0 []", fmt
    run("--format", "sarif")
    assert run("--format", "sarif") == "0 ['sre_docs.rules']"


def test_the_answer_key_ignores_nothing_that_decides_a_finding(
    tmp_path: Path, normal_runs: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Environment a team sets (TZ, NO_COLOR, a locale, the cache folder's place) changes no
    finding and so shares the answer; `SOURCE_DATE_EPOCH` and `--today` each have their own."""
    monkeypatch.setattr(cache, "RACY_NANOSECONDS", -(10**18))
    root = _handbook(tmp_path / "project", count=8)
    config = root / "mkdocs.yml"
    config.write_text(config.read_text("utf-8").replace(f"      today: {TODAY}\n", ""), "utf-8")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795000000")
    _lint(root)
    assert _same_as_cold(root, normal_runs)
    for name, value in (("TZ", "Pacific/Kiritimati"), ("LC_ALL", "C"), ("NO_COLOR", "1")):
        monkeypatch.setenv(name, value)
        assert _same_as_cold(root, normal_runs)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1800000000")
    assert not _same_as_cold(root, normal_runs)
    assert not _same_as_cold(root, normal_runs, "--today", "2027-03-01")
    assert _same_as_cold(root, normal_runs, "--today", "2027-03-01")


def test_the_answer_check_digests_a_document_as_the_records_do(tmp_path: Path) -> None:
    """The digest the lookup takes in chunks is `content_digest` of the bytes, and its limit
    is no lower than the largest document the loader reads."""
    from sre_docs.handbook import content_digest
    from sre_docs.loader import MAX_FILE_BYTES

    assert cache.DIGEST_LIMIT >= MAX_FILE_BYTES
    path = tmp_path / "doc.md"
    folder = os.open(tmp_path, os.O_RDONLY)
    try:
        for size in (0, 1, cache._CHUNK, 3 * cache._CHUNK + 7):
            raw = os.urandom(size)
            path.write_bytes(raw)
            assert cache._file_digest("doc.md", folder) == content_digest(raw).hex()
        (tmp_path / "link.md").symlink_to(path)
        with pytest.raises(OSError):
            cache._file_digest("link.md", folder)
        os.mkfifo(tmp_path / "fifo.md")
        assert cache._file_digest("fifo.md", folder) is None
    finally:
        os.close(folder)


def test_an_answer_edited_into_deeply_nested_json_is_not_used(
    tmp_path: Path, normal_runs: list[int], own_cache_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A row edited by hand (its digests made to match) into JSON nested a hundred thousand
    deep, in the body or in the inputs: not used, like any row of the wrong shape, instead of
    an internal error from the JSON decoder's recursion limit."""
    monkeypatch.setattr(cache, "RACY_NANOSECONDS", -(10**18))
    root = _handbook(tmp_path / "project", count=3)
    findings = _lint(root)
    answers = own_cache_home / "sre-docs" / cache.ANSWERS_NAME
    deep = "[" * 100_000 + "]" * 100_000
    with contextlib.closing(sqlite3.connect(answers)) as db:
        key, tree, body = db.execute("SELECT key, tree, body FROM answers").fetchone()
        db.execute(
            "UPDATE answers SET body = ?, check_digest = ?",
            (deep, cache._check_digest(key, tree, deep)),
        )
        db.commit()
    runs = len(normal_runs)
    assert _run(root) == (0, findings)
    assert len(normal_runs) == runs + 1
    with contextlib.closing(sqlite3.connect(answers)) as db:
        new_tree = cache._digest_text(deep)
        db.execute("UPDATE trees SET digest = ?, inputs = ?", (new_tree, deep))
        db.execute(
            "UPDATE answers SET tree = ?, check_digest = ?",
            (new_tree, cache._check_digest(key, new_tree, body)),
        )
        db.commit()
    assert _run(root) == (0, findings)
    assert len(normal_runs) == runs + 2


def test_a_record_edited_into_deeply_nested_json_is_built_again(
    tmp_path: Path, own_cache_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same for a row of the record cache (the one the answered run's findings are made
    from the next time): the document is parsed again."""
    monkeypatch.setattr(cache, "RACY_NANOSECONDS", -(10**18))
    root = _handbook(tmp_path / "project", count=3)
    findings = _lint(root)
    (database,) = (own_cache_home / "sre-docs").glob("lint-*.sqlite")
    with contextlib.closing(sqlite3.connect(database)) as db:
        db.execute("UPDATE files SET view = ?, record = ?", ("[" * 100_000,) * 2)
        db.commit()
    assert _run(root, "--ignore", "AI002") == _run(root, "--no-cache", "--ignore", "AI002")
    assert _run(root) == (0, findings)


def test_another_repository_later_at_the_same_path(
    tmp_path: Path, normal_runs: list[int], short_racy_window: float
) -> None:
    """A CI workspace removed and cloned again at the same path, with the same configuration
    and file names, sizes and modification times (inodes may well be reused) but other bytes:
    the new tree is linted, not answered with the old one's findings."""
    root = tmp_path / "workspace"
    _handbook(root, count=4)
    times = {p: p.stat().st_mtime_ns for p in root.rglob("*.md")}
    time.sleep(short_racy_window)
    _lint(root)
    assert _same_as_cold(root, normal_runs)
    old = {p: p.read_text(encoding="utf-8") for p in times}
    shutil.rmtree(root)
    _handbook(root, count=4)
    for path, text in old.items():
        edited = text.replace("A config change.", "Bob forgot it!!!")
        assert len(edited) == len(text)
        path.write_text(edited, encoding="utf-8")
        os.utime(path, ns=(times[path], times[path]))
    time.sleep(short_racy_window)
    assert not _same_as_cold(root, normal_runs)
    assert any(f["rule"] == "blame-language" for f in _lint(root))


def test_a_library_found_first_elsewhere_is_other_code(
    tmp_path: Path, normal_runs: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A folder put first on the import path (PYTHONPATH pointing at another PyYAML or
    markdown-it, an editable install's `.pth`) may change every parse: no answer made with
    the old import path is given."""
    monkeypatch.setattr(cache, "RACY_NANOSECONDS", -(10**18))
    root = _handbook(tmp_path / "project", count=3)
    _lint(root)
    assert _same_as_cold(root, normal_runs)
    libraries = tmp_path / "libraries"
    libraries.mkdir()
    monkeypatch.syspath_prepend(str(libraries))
    assert not _same_as_cold(root, normal_runs)
    assert _same_as_cold(root, normal_runs)
