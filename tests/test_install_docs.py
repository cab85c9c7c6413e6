"""The install instructions are true: a licence file for the declared licence, the README's
wheel name and pre-commit `rev:` follow the package version, no `pip install sre-docs` from an
index sre-docs is not published on."""

from __future__ import annotations

import re
import tomllib

from sre_docs import __version__
from tests.conftest import REPO

DOCS = [REPO / "README.md", *sorted((REPO / "content" / "guide").glob("*.md"))]


def test_the_declared_licence_ships_as_a_file() -> None:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["license"] == {"text": "Apache-2.0"}
    licence = (REPO / "LICENSE").read_text(encoding="utf-8")
    assert "Apache License" in licence and "Version 2.0, January 2004" in licence
    assert "TERMS AND CONDITIONS FOR USE, REPRODUCTION, AND DISTRIBUTION" in licence


def test_readme_names_the_wheel_and_tag_of_this_version() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert f"dist/sre_docs-{__version__}-py3-none-any.whl" in readme
    assert f"rev: v{__version__}" in readme
    assert "## Cutting a release" in readme


def test_no_install_from_an_index_that_does_not_have_it() -> None:
    for path in DOCS:
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"pip install sre-docs\b(?![-/])", text), path
