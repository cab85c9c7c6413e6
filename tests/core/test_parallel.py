"""Records built on all cores equal records built in one process."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from sre_docs import linter
from sre_docs.config import load_config
from sre_docs.tree import walk
from tests.conftest import REPO, TODAY


def _texts(tmp_path: Path, copies: int) -> tuple[object, dict[str, str]]:
    root = tmp_path / "handbook"
    shutil.copytree(REPO / "content", root / "content")
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    config = load_config(None, cwd=root)
    tree = walk(config)
    texts: dict[str, str] = {}
    for copy in range(copies):
        for rel in tree.markdown:
            text = (config.docs_dir / rel).read_text(encoding="utf-8")
            texts[rel if copy == 0 else f"copy-{copy}/{rel}"] = text
    return config, texts


def test_pages_built_on_all_cores_equal_one_process(tmp_path: Path) -> None:
    """Run in a fresh interpreter: test runners keep threads of their own, and the build path
    forks only a single-threaded process."""
    import subprocess
    import sys

    code = f"""
import datetime as dt, sys
sys.path.insert(0, {str(REPO)!r})
from tests.core.test_parallel import _texts
from sre_docs import linter
from pathlib import Path
config, texts = _texts(Path({str(tmp_path / "run")!r}), copies=4)
assert len(texts) >= linter.PAGE_PARALLEL_THRESHOLD
today = dt.date.fromisoformat({TODAY!r})
import concurrent.futures as futures
pools = []
class Counted(futures.ProcessPoolExecutor):
    def __init__(self, *args, **kwargs):
        pools.append(self)
        super().__init__(*args, **kwargs)
futures.ProcessPoolExecutor = Counted
one = linter.records_from_texts(config, today, texts, jobs=1)
assert not pools
many = linter.records_from_texts(config, today, texts, jobs=2)
assert len(pools) == 1, "the records were not built on all cores"
assert list(many) == list(one), "order differs"
assert many == one, "records differ"
print(len(many))
"""
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, timeout=300
    )
    assert result.returncode == 0, result.stderr
    assert int(result.stdout) >= linter.PAGE_PARALLEL_THRESHOLD


def test_a_threaded_process_is_never_forked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import datetime as dt
    import threading

    config, texts = _texts(tmp_path, copies=4)
    monkeypatch.setattr(threading, "active_count", lambda: 3)

    def no_pool(*args: object, **kwargs: object) -> None:
        raise AssertionError("a process pool was started in a threaded process")

    import concurrent.futures

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", no_pool)
    today = dt.date.fromisoformat(TODAY)
    records = linter.records_from_texts(config, today, texts, jobs=2)  # type: ignore[arg-type]
    assert set(records) == set(texts)
