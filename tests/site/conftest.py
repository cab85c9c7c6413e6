"""What the site tests share: one build of the demo per test process (the tests only read
it), served over http on 127.0.0.1, and a Chromium per module (see `playwright_driver`)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.site.helpers import CHROMIUM_ARGS, build_demo, serve


@pytest.fixture(scope="module")
def browser(playwright_driver: object, chromium_path: str) -> Iterator[object]:
    instance = playwright_driver.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)  # type: ignore[attr-defined]
    yield instance
    instance.close()


@pytest.fixture(scope="session")
def demo_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo handbook built with `mkdocs build --strict`, without a warning."""
    folder = tmp_path_factory.mktemp("demo-site")
    result = build_demo(folder)
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr
    return folder


@pytest.fixture(scope="session")
def demo_url(demo_site: Path) -> str:
    return serve(str(demo_site))
