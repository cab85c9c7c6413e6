"""Fixtures shared by the cache tests of this folder."""

from __future__ import annotations

import pytest


@pytest.fixture
def normal_runs(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts the runs that went the normal way (loaded the handbook and ran the rules)."""
    from sre_docs import linter

    runs: list[int] = []
    lint = linter.lint_handbook

    def counted(*args: object, **kwargs: object) -> object:
        runs.append(1)
        return lint(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(linter, "lint_handbook", counted)
    return runs
