"""Shared helpers of the site tests: real `mkdocs build` runs and small handbooks.

Builds use the mkdocs of the running interpreter's environment, like a user's venv."""

from __future__ import annotations

import os
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
