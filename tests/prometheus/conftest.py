"""Fixtures of the Prometheus tests: the real promtool and prometheus of Debian's package."""

from __future__ import annotations

import shutil

import pytest

from tests.conftest import skip_or_fail


@pytest.fixture(scope="session")
def promtool() -> str:
    found = shutil.which("promtool")
    if found is None:
        skip_or_fail("promtool not found (apt-get install prometheus)")
    return str(found)


@pytest.fixture(scope="session")
def prometheus_binary() -> str:
    found = shutil.which("prometheus")
    if found is None:
        skip_or_fail("prometheus not found (apt-get install prometheus)")
    return str(found)
