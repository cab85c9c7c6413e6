"""Shared test fixtures: the repository, the corpus, the installed command, the browser.

Tests that need `../shared/corpus` or Chromium skip with a reason when it is absent, unless
SRE_DOCS_REQUIRE_ALL=1 (set by `.ci/run`), which turns those skips into failures."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
TODAY = "2026-11-24"


def require_all() -> bool:
    return os.environ.get("SRE_DOCS_REQUIRE_ALL") == "1"


def skip_or_fail(reason: str) -> None:
    """Skip locally; fail in CI, where every test must run."""
    if require_all():
        pytest.fail(f"{reason} (SRE_DOCS_REQUIRE_ALL=1 forbids skipping)")
    pytest.skip(reason)


@pytest.fixture(autouse=True)
def own_cache_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """Each test has a user cache folder of its own (beside, never inside, its handbooks);
    commands it runs inherit it."""
    home = tmp_path_factory.mktemp("cache-home")
    monkeypatch.setenv("XDG_CACHE_HOME", str(home))
    return home


@pytest.fixture(scope="session")
def corpus() -> Path:
    if not CORPUS.is_dir():
        skip_or_fail(f"../shared/corpus not found at {CORPUS}")
    return CORPUS


def sre_docs_executable() -> str:
    """The installed `sre-docs` console script of the running interpreter's environment."""
    candidate = Path(sys.executable).parent / "sre-docs"
    if candidate.exists():
        return str(candidate)
    found = shutil.which("sre-docs")
    if found is None:
        pytest.fail("the sre-docs command is not installed (pip install -e '.[test]')")
    return found


def run_cli(
    args: Sequence[str],
    cwd: Path,
    *,
    env: dict[str, str] | None = None,
    input_text: str | None = None,
    timeout: float = 300,
) -> subprocess.CompletedProcess[str]:
    """Run the installed `sre-docs` command and capture its output."""
    environment = {**os.environ, **(env or {})}
    return subprocess.run(
        [sre_docs_executable(), *args],
        cwd=cwd,
        env=environment,
        input=input_text,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


@pytest.fixture
def cli():
    return run_cli


@pytest.fixture(scope="module")
def playwright_driver(chromium_path: str) -> Iterator[object]:
    """Playwright's sync driver, for the module's browsers. A second one may not start while
    one runs; and while one runs, this process has threads, so the plugin's process pool,
    which never forks a process with threads, would run its jobs in process in later tests
    of other modules: the driver stops with its module."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        skip_or_fail("playwright is not installed (pip install -e '.[test]')")
        raise
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
def chromium_path() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    skip_or_fail("headless Chromium not found (apt-get install chromium)")
    raise AssertionError("unreachable")
