"""`readiness-contradicted` reads other documents: a run over named files never guesses."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from sre_docs.config import Config
from sre_docs.linter import lint_handbook
from tests.conftest import FIXTURES

FOLDER = FIXTURES / "rules" / "readiness-contradicted"
REVIEW = "readiness/2026-11-02-label-service.md"


def _findings(root: Path, paths: list[Path] | None, use_cache: bool) -> list[tuple[str, int]]:
    config = Config(root=root, docs_dir=root, source="test", cache=use_cache)
    result = lint_handbook(
        config, today=dt.date(2026, 11, 24), paths=paths, use_cache=use_cache, cwd=root
    )
    return [(f.path, f.line) for f in result.findings if f.rule == "readiness-contradicted"]


@pytest.mark.parametrize("kind", ["good", "bad"])
def test_named_file_runs_agree_with_the_full_run_or_stay_silent(tmp_path: Path, kind: str) -> None:
    root = tmp_path / kind
    shutil.copytree(FOLDER / kind, root)
    full = _findings(root, None, use_cache=False)
    assert bool(full) is (kind == "bad")
    for use_cache in (True, True, False):  # cold cache, warm cache, no cache
        named = _findings(root, [root / REVIEW], use_cache)
        assert named in (full, []), (use_cache, named)
