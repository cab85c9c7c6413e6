"""The process pool: the same records as one process, nothing lost when a worker dies, and no
worker left behind when the process that started it is killed."""

from __future__ import annotations

import contextlib
import os
import signal
import sqlite3
import subprocess
import threading
import time
from pathlib import Path

import pytest

from sre_docs import workers
from sre_docs.config import load_config
from sre_docs.tree import walk
from tests.conftest import REPO, sre_docs_executable
from tests.core.test_cache import _handbook, _lint

needs_cores = pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="one core: no workers")


WANTS = [
    workers.Want(frozenset({"links"})),
    workers.Want(frozenset({"meta.id"}), full=True, store=True),
]


def _sources() -> tuple[object, list[tuple[str, None]]]:
    config = load_config(None, cwd=REPO)
    return config, [(rel, None) for rel in walk(config).markdown]


@needs_cores
@pytest.mark.parametrize("want", WANTS)
def test_workers_build_what_one_process_builds(
    monkeypatch: pytest.MonkeyPatch, want: workers.Want
) -> None:
    monkeypatch.setattr(workers, "PARALLEL_THRESHOLD", 0)
    config, sources = _sources()
    with workers.RecordPool(config, jobs=2) as pool:
        assert pool.start()
        parallel = pool.build(sources, want)
        children = {process.pid for process in pool.executor._processes.values()}
    assert len(children) == 2 and os.getpid() not in children
    assert parallel == workers.build(config, sources, want)


@needs_cores
def test_a_worker_that_dies_loses_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(workers, "PARALLEL_THRESHOLD", 0)
    config, sources = _sources()
    parent, real = os.getpid(), workers.build_record
    victim = sources[len(sources) // 2][0]

    def dying(config: object, rel: str, raw: object = None, want: object = None) -> object:
        if rel == victim and os.getpid() != parent:
            os._exit(3)
        return real(config, rel, raw, want)

    monkeypatch.setattr(workers, "build_record", dying)
    with workers.RecordPool(config, jobs=2) as pool:
        built = pool.build(sources, WANTS[1])
    monkeypatch.setattr(workers, "build_record", real)
    assert built == workers.build(config, sources, WANTS[1])


_PARENT = os.getpid()


def _pid_and_sum(config: object, numbers: list[int], die: bool) -> tuple[int, int]:
    """A worker's job for the tests below: which process ran it, and a result."""
    if die and os.getpid() != _PARENT:
        os._exit(3)
    return os.getpid(), sum(numbers)


@needs_cores
@pytest.mark.parametrize("die", [False, True], ids=["runs", "worker-dies"])
def test_a_job_runs_on_a_worker_or_here_when_the_worker_dies(die: bool) -> None:
    config, _ = _sources()
    with workers.RecordPool(config, jobs=2) as pool:
        wait = pool.call_later(_pid_and_sum, [1, 2, 3], die)
        pid, total = wait()
    assert total == 6
    assert (pid == os.getpid()) is die


@needs_cores
def test_a_job_submitted_after_a_worker_died_runs_here() -> None:
    """A worker that dies while no job is waited for breaks the pool; the next job submitted
    (the plugin's pages, after its records) runs here, as when it dies during the job."""
    config, _ = _sources()
    with workers.RecordPool(config, jobs=2) as pool:
        assert pool.start() and pool.executor is not None
        for process in list(pool.executor._processes.values()):
            os.kill(process.pid, signal.SIGKILL)
        deadline = time.monotonic() + 30
        while not pool.executor._broken and time.monotonic() < deadline:
            time.sleep(0.02)
        assert pool.executor._broken
        pid, total = pool.call_later(_pid_and_sum, [1, 2, 3], False)()
        assert (pid, total) == (os.getpid(), 6)
        later = pool.build_later(_sources()[1][:1], workers.FULL)
        assert [built.record.rel for built in later()] == [_sources()[1][0][0]]


def test_a_threaded_process_is_never_forked() -> None:
    config, _ = _sources()
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        with workers.RecordPool(config, jobs=2) as pool:
            assert not pool.start()
            assert pool.executor is None
    finally:
        stop.set()
        thread.join()


def _children(pid: int) -> set[int]:
    found = set()
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            with contextlib.suppress(OSError):
                stat = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
                if int(stat[1]) == pid:
                    found.add(int(entry))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"  # a zombie has exited; only its parent's reaping is left


@needs_cores
def test_kill_9_leaves_no_worker_and_no_damaged_cache(tmp_path: Path, own_cache_home: Path) -> None:
    """`sre-docs lint` killed with SIGKILL at a range of moments, from while its workers build
    records to while it writes the cache: its workers exit at once, and the next run (whatever
    the cache then holds) equals a cold one."""
    root = _handbook(tmp_path / "project", count=400)
    cold = _lint(root, "--no-cache")
    command = [sre_docs_executable(), "lint", "-q"]

    def start_cold() -> subprocess.Popen[bytes]:
        for database in (own_cache_home / "sre-docs").glob("*.sqlite"):
            database.unlink()  # records and stored answers: every run starts cold
        return subprocess.Popen(command, cwd=root, stdout=subprocess.DEVNULL)

    # The moments are fractions of a whole cold run on this machine, so that a fast machine
    # is killed as surely while its workers build as a slow one.
    started = time.monotonic()
    start_cold().wait()
    whole = time.monotonic() - started
    killed_with_workers = 0
    for share in (0.2, 0.35, 0.5, 0.65, 0.8, 0.9, 0.97):
        delay = whole * share
        process = start_cold()
        seen: set[int] = set()
        deadline = time.monotonic() + delay
        while time.monotonic() < deadline and process.poll() is None:
            seen |= _children(process.pid)
            time.sleep(0.02)
        if process.poll() is not None:
            break  # it finished first: later moments are covered
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
        killed_with_workers += bool(seen)
        limit = time.monotonic() + 5
        while any(_alive(pid) for pid in seen) and time.monotonic() < limit:
            time.sleep(0.05)
        assert not any(_alive(pid) for pid in seen), f"workers left after SIGKILL at {delay:.2f} s"
        for database in (own_cache_home / "sre-docs").glob("*.sqlite"):
            with contextlib.closing(sqlite3.connect(database)) as db:
                assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert _lint(root) == cold
    assert killed_with_workers, "no run was killed while its workers were running"


@needs_cores
def test_hits_found_later_are_the_hits_and_are_cached(
    tmp_path: Path, own_cache_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The plugin's `defer_hits`: records first without the document rules' hits, the hits on
    one worker afterwards; once finished, the findings and the cache are those of a run that
    did not defer (the cache then answers a lint with the same findings)."""
    from sre_docs.handbook import LintContext
    from sre_docs.linter import Selection, collect_findings, load_handbook
    from sre_docs.tree import today_from_environment

    root = _handbook(tmp_path / "h", count=workers.PARALLEL_THRESHOLD + 6)
    config = load_config(None, cwd=root)
    context = LintContext(config, today_from_environment(config))

    def findings(loaded: object) -> list[object]:
        return sorted(collect_findings(loaded.handbook, context, Selection.build(config)))

    expected = findings(load_handbook(config, walk(config, stats=True), use_cache=False))
    assert expected
    with workers.RecordPool(config, jobs=2) as pool:
        loaded = load_handbook(
            config, walk(config, stats=True), full=True, pool=pool, defer_hits=True
        )
        assert loaded.later is not None
        assert all(not record.hits for record in loaded.handbook.records)
        loaded.finish()
    assert loaded.later is None
    assert findings(loaded) == expected
    assert all(record.hits is loaded.records[record.rel].hits for record in loaded.handbook.records)
    with monkeypatch.context() as patch:
        patch.setattr(workers, "build_record", None)  # every record from the cache
        cached = load_handbook(config, walk(config, stats=True), full=True)
    assert findings(cached) == expected
    assert _lint(root) == _lint(root, "--no-cache")


@pytest.mark.parametrize(
    "reads", [frozenset({"links", "action_items"}), frozenset({"links", "section_items"})]
)
def test_a_view_is_the_view_of_the_full_record(reads: frozenset[str]) -> None:
    """A view is built without what it does not keep (the shown sections' items, unless it
    reads them), and is still the view of the full record."""
    from sre_docs.handbook import view

    config, sources = _sources()
    want = workers.Want(reads)
    kept = 0
    for built, full in zip(  # noqa: B905 (one record for each source)
        workers.build(config, sources, want), workers.build(config, sources, workers.FULL)
    ):
        assert built.record == view(full.record, reads)
        kept += bool(built.record.section_items)
    assert (kept > 0) == ("section_items" in reads)


_INTERRUPTED = """
import sys, time
from pathlib import Path

from sre_docs import workers
from sre_docs.config import load_config

def slow(config, marker):
    Path(marker).touch()
    time.sleep(60)

pool = workers.RecordPool(load_config(None, cwd=Path(sys.argv[1])), jobs=2)
assert pool.start()
wait = pool.call_later(slow, sys.argv[2])
print(" ".join(str(process.pid) for process in pool.executor._processes.values()), flush=True)
try:
    wait()
except KeyboardInterrupt:
    sys.exit(130)
"""


@needs_cores
@pytest.mark.parametrize("group", [True, False], ids=["terminal", "process"])
def test_ctrl_c_stops_at_once_and_leaves_no_worker(tmp_path: Path, group: bool) -> None:
    """SIGINT while a worker runs a long job, to the whole process group (Ctrl-C in a
    terminal) or to the process alone (`kill -INT`, a CI job cancelled): the process exits at
    once, not once the job is done (the interpreter's exit waited for it), no worker prints
    a traceback, and none is left."""
    import sys

    marker = tmp_path / "started"
    process = subprocess.Popen(
        [sys.executable, "-c", _INTERRUPTED, str(REPO), str(marker)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    assert process.stdout is not None
    children = [int(pid) for pid in process.stdout.readline().split()]
    deadline = time.monotonic() + 30
    while not marker.exists() and time.monotonic() < deadline:
        time.sleep(0.02)
    assert marker.exists()
    started = time.monotonic()
    if group:
        os.killpg(process.pid, signal.SIGINT)
    else:
        process.send_signal(signal.SIGINT)
    try:
        _, stderr = process.communicate(timeout=30)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
    assert time.monotonic() - started < 10
    assert process.returncode == 130
    assert "Traceback" not in stderr
    limit = time.monotonic() + 5
    while any(_alive(pid) for pid in children) and time.monotonic() < limit:
        time.sleep(0.05)
    assert children and not any(_alive(pid) for pid in children)
