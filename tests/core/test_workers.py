"""Pages checked by forked workers equal pages checked in one process, whatever the workers
do: finish normally, die before sending records, die during the rules, or hit a bug."""

from __future__ import annotations

import contextlib
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from sre_docs.tree import walk
from tests.conftest import REPO, TODAY


def handbook_texts(root: Path, copies: int) -> tuple[object, dict[str, str]]:
    """The demo handbook's pages, `copies` times over (copies in folders of their own), and
    every rule's bad fixtures, so that the rules have findings to report."""
    from sre_docs.config import load_config

    shutil.copytree(REPO / "content", root / "content")
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    config = load_config(None, cwd=root)
    texts: dict[str, str] = {}
    for copy in range(copies):
        for rel in walk(config).markdown:
            text = (config.docs_dir / rel).read_text(encoding="utf-8")
            texts[rel if copy == 0 else f"copy-{copy}/{rel}"] = text
    fixtures = REPO / "tests" / "fixtures" / "rules"
    for path in sorted(fixtures.glob("*/bad/**/*.md")):
        with contextlib.suppress(UnicodeDecodeError):  # MkDocs cannot read it either
            texts[f"fixtures/{path.relative_to(fixtures).as_posix()}"] = path.read_text("utf-8")
    return config, texts


# Run in a fresh interpreter: test runners keep threads of their own, and workers are forked
# only from a single-threaded process. A fault is a function patched in before the fork, so
# it acts in the workers only (the process that forked them keeps the real one).
SCRIPT = """
import datetime as dt, os, sys
sys.path.insert(0, {repo!r})
from pathlib import Path
from sre_docs import linter, loader
from sre_docs.workers import PageWorkers
from tests.core.test_workers import handbook_texts

config, texts = handbook_texts(Path({root!r}), copies=3)
today = dt.date.fromisoformat({today!r})
expected = {{rel: linter.record_from_text(config, today, rel, text) for rel, text in texts.items()}}
main = os.getpid()

def in_workers(module, name, fault):
    real = getattr(module, name)
    def patched(*args, **kwargs):
        return fault() if os.getpid() != main else real(*args, **kwargs)
    setattr(module, name, patched)

fault = {fault!r}
if fault == "dies before its records":
    in_workers(loader, "load_text", lambda: os._exit(3))
elif fault == "dies during the rules":
    in_workers(linter, "document_hits", lambda: os._exit(3))
elif fault == "has a bug":
    def bug():
        raise LookupError("a rule's bug")
    in_workers(linter, "document_hits", bug)

def prepare(part, parts):
    if fault == "has a bug":
        raise LookupError("a bug in what a worker prepares")
    return (part, parts, os.getpid() != main)

workers = PageWorkers.start(config, today, jobs=2, prepare=prepare)
assert workers is not None, "no workers in a single-threaded process"
processes = list(workers.processes)
records = workers.check(texts)
if fault == "has a bug":
    assert workers.prepared == [None, None], workers.prepared
else:
    assert workers.prepared == [(0, 2, True), (1, 2, True)], workers.prepared
workers.finish()
assert not any(process.is_alive() for process in processes), "a worker outlived finish()"
assert sorted(records) == sorted(expected), "pages differ"
for rel, record in expected.items():
    assert records[rel] == record, rel
assert sum(len(record.hits) for record in records.values()) > 20, "too few findings to compare"
print(len(records))
"""


@pytest.mark.parametrize(
    "fault", [None, "dies before its records", "dies during the rules", "has a bug"]
)
def test_workers_give_the_records_of_one_process(tmp_path: Path, fault: str | None) -> None:
    code = SCRIPT.format(repo=str(REPO), root=str(tmp_path / "run"), today=TODAY, fault=fault)
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, timeout=300
    )
    assert result.returncode == 0, result.stderr
    assert int(result.stdout) >= 3 * 40


def test_a_bug_in_the_rules_raises_in_the_caller(tmp_path: Path) -> None:
    """A rule that raises everywhere raises from `finish`, with its own traceback, and every
    worker is stopped."""
    code = (
        SCRIPT.format(repo=str(REPO), root=str(tmp_path / "run"), today=TODAY, fault=None)
        .replace(
            "workers = PageWorkers.start",
            "def bug(*args, **kwargs):\n"
            "    raise LookupError('a bug in a rule')\n"
            "linter.document_hits = bug\n"
            "workers = PageWorkers.start",
        )
        .replace(
            "workers.finish()",
            "try:\n"
            "    workers.finish()\n"
            "except LookupError as error:\n"
            "    assert not any(process.is_alive() for process in processes)\n"
            "    raise SystemExit(f'raised: {error}')\n",
        )
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, timeout=300
    )
    assert "raised: a bug in a rule" in result.stderr, result.stderr


def test_a_threaded_process_is_never_forked(monkeypatch: pytest.MonkeyPatch) -> None:
    import datetime as dt
    import multiprocessing
    import threading

    from sre_docs.config import load_config
    from sre_docs.workers import PageWorkers

    monkeypatch.setattr(threading, "active_count", lambda: 3)

    def no_fork(*args: object, **kwargs: object) -> None:
        raise AssertionError("a worker was forked from a threaded process")

    monkeypatch.setattr(multiprocessing, "get_context", no_fork)
    config = load_config(None, cwd=REPO)
    assert PageWorkers.start(config, dt.date.fromisoformat(TODAY), jobs=2) is None


def test_a_refused_fork_leaves_checking_in_process(tmp_path: Path) -> None:
    """When the system refuses another process, the workers already started are stopped and
    `start` answers None: the caller checks the pages itself."""
    code = f"""
import datetime as dt, sys
sys.path.insert(0, {str(REPO)!r})
from multiprocessing.context import ForkProcess
from sre_docs.config import load_config
from sre_docs.workers import PageWorkers

started = []
real_start = ForkProcess.start

def start(self):
    if started:
        raise BlockingIOError(11, "Resource temporarily unavailable")
    real_start(self)
    started.append(self)

ForkProcess.start = start
config = load_config(None, cwd=__import__("pathlib").Path({str(REPO)!r}))
assert PageWorkers.start(config, dt.date.fromisoformat({TODAY!r}), jobs=3) is None
assert len(started) == 1 and not started[0].is_alive(), started
print("ok")
"""
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, timeout=300
    )
    assert result.returncode == 0 and result.stdout.strip() == "ok", result.stderr
