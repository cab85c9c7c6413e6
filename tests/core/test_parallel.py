"""Records built on all cores equal records built in one process."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from sre_docs import linter
from sre_docs.config import load_config
from tests.conftest import REPO, TODAY


def _texts(tmp_path: Path, copies: int) -> tuple[object, dict[str, str]]:
    root = tmp_path / "handbook"
    shutil.copytree(REPO / "content", root / "content")
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    config = load_config(None, cwd=root)
    tree = linter.walk(config)
    texts: dict[str, str] = {}
    for copy in range(copies):
        for rel in tree.markdown:
            text = (config.docs_dir / rel).read_text(encoding="utf-8")
            texts[rel if copy == 0 else f"copy-{copy}/{rel}"] = text
    return config, texts


def test_pages_built_on_all_cores_equal_one_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import datetime as dt
    import threading

    config, texts = _texts(tmp_path, copies=4)
    assert len(texts) >= linter.PAGE_PARALLEL_THRESHOLD
    today = dt.date.fromisoformat(TODAY)
    one = linter.records_from_texts(config, today, texts, jobs=1)  # type: ignore[arg-type]
    # Test runners keep threads of their own; the build path forks only a single-threaded
    # process, so pretend to be one for this call.
    monkeypatch.setattr(threading, "active_count", lambda: 1)
    many = linter.records_from_texts(config, today, texts, jobs=2)  # type: ignore[arg-type]
    assert list(many) == list(one)
    assert many == one


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
