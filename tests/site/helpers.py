"""Shared helpers of the site tests: real `mkdocs build` runs and small handbooks.

Builds use the mkdocs of the running interpreter's environment, like a user's venv."""

from __future__ import annotations

import atexit
import contextlib
import functools
import os
import re
import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO, TODAY

MKDOCS_YML = f"""site_name: Test handbook
docs_dir: docs
theme:
  name: material
  font: false
markdown_extensions:
  - admonition
  - tables
plugins:
  - search
  - sre-docs:
      today: {TODAY}
"""


def mkdocs(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    executable = Path(sys.executable).parent / "mkdocs"
    environment = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(
        [str(executable), *args],
        cwd=root,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def build_demo(site: Path) -> subprocess.CompletedProcess[str]:
    return mkdocs(REPO, "build", "--strict", "--site-dir", str(site))


def write_handbook(root: Path, documents: dict[str, str]) -> Path:
    (root / "mkdocs.yml").write_text(MKDOCS_YML, encoding="utf-8")
    for rel, text in documents.items():
        path = root / "docs" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def close_page(page: object) -> None:
    """Close a browser page without waiting on it. Chromium can acknowledge a close that races
    a navigation's commit (a link just clicked, say) and never close the page, and Playwright's
    `page.close()` then waits forever (crbug.com/536385539; seen on a loaded machine, where it
    stalled the whole test run). The page is sent to `about:blank` first, which ends any
    navigation, then closed without waiting for the close."""
    from playwright.sync_api import Error as PlaywrightError

    with contextlib.suppress(PlaywrightError):
        page.goto("about:blank", timeout=10_000)  # type: ignore[attr-defined]
    with contextlib.suppress(PlaywrightError):
        page.close(run_before_unload=True)  # type: ignore[attr-defined]


CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@functools.cache
def serve(folder: str) -> str:
    """An http server of `folder` on 127.0.0.1, for the rest of the test session. A process of
    its own, not a thread: the plugin's process pool refuses to fork a process with threads,
    and the tests of the pool run in this process too."""
    server = subprocess.Popen(
        [sys.executable, "-u", "-m", "http.server", "0", "--bind", "127.0.0.1", "-d", folder],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    atexit.register(server.kill)
    assert server.stdout is not None
    line = server.stdout.readline()  # "Serving HTTP on 127.0.0.1 port N (http://…/) ..."
    port = re.search(r" port (\d+)", line)
    assert port, f"http.server did not start: {line!r}"
    return f"http://127.0.0.1:{port.group(1)}"
