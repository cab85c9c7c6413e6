"""`broken-link` with the URL forms of other site generators (`link_forms`)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from sre_docs.config import Config, config_from_options
from sre_docs.errors import UserError
from sre_docs.linter import lint_handbook


def _broken(root: Path, forms: tuple[str, ...]) -> list[tuple[str, int]]:
    config = Config(root=root, docs_dir=root, source="test", cache=False, link_forms=forms)
    result = lint_handbook(config, today=dt.date(2026, 11, 24), use_cache=False, cwd=root)
    return [(f.path, f.line) for f in result.findings if f.rule == "broken-link"]


def _tree(root: Path) -> None:
    (root / "manual").mkdir(parents=True)
    (root / "manual" / "secrets.html.md").write_text("# Secrets\n", encoding="utf-8")
    (root / "alerts" / "node").mkdir(parents=True)
    (root / "alerts" / "node" / "_index.md").write_text("# Node\n", encoding="utf-8")
    (root / "alerts" / "node" / "NodeDown.md").write_text("# Down\n", encoding="utf-8")
    (root / "alerts" / "node" / "NodeFull.md").write_text(
        "# Full\n\nSee [down](../NodeDown/), [folder](../), [secrets](../../../manual/secrets.html)"
        " and [gone](../NodeGone/).\n",
        encoding="utf-8",
    )
    (root / "manual" / "page.html.md").write_text(
        "[secrets](secrets.html) [missing](missing.html)\n", encoding="utf-8"
    )


def test_exact_files_only_by_default(tmp_path: Path) -> None:
    _tree(tmp_path)
    assert len(_broken(tmp_path, ())) == 5


def test_html_and_directory_forms(tmp_path: Path) -> None:
    _tree(tmp_path)
    assert _broken(tmp_path, ("html", "directory")) == [
        ("alerts/node/NodeFull.md", 3),
        ("manual/page.html.md", 1),
    ]


def test_template_code_generated_pages_and_site_images(tmp_path: Path) -> None:
    (tmp_path / "manual").mkdir()
    (tmp_path / "images").mkdir()
    (tmp_path / "images" / "shot.png").write_bytes(b"png")
    (tmp_path / "manual" / "a.html.md.erb").write_text(
        "![shot](images/shot.png)\n[repo](repos/datagovuk)\n[attr](attr_<%= name %>.html)\n"
        "[gone](gone.html)\n",
        encoding="utf-8",
    )
    config = Config(
        root=tmp_path,
        docs_dir=tmp_path,
        source="test",
        cache=False,
        link_forms=("html",),
        ignore_links=("manual/repos/*",),
        suffixes=(".md", ".md.erb"),
    )
    result = lint_handbook(config, today=dt.date(2026, 11, 24), use_cache=False, cwd=tmp_path)
    broken = [(f.line, f.message) for f in result.findings if f.rule == "broken-link"]
    assert broken == [(4, "link target 'gone.html' does not exist")]


def test_unknown_form_is_a_configuration_error(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="link_forms"):
        config_from_options({"link_forms": ["hugo"]}, root=tmp_path, docs_dir=tmp_path, source="x")


def test_sphinx_form_finds_documents_named_without_suffix(tmp_path: Path) -> None:
    (tmp_path / "components").mkdir()
    (tmp_path / "components" / "metrics.md").write_text("# Metrics\n", encoding="utf-8")
    (tmp_path / "components" / "alerts.rst").write_text("Alerts\n======\n", encoding="utf-8")
    (tmp_path / "deploy.md").write_text(
        "# Deploying\n\n(deploying-a-change)=\n\n## Deploying a change\n", encoding="utf-8"
    )
    (tmp_path / "components" / "cloud.md").write_text(
        "We use [prometheus](metrics), [alerting](alerts) and [gone](dashboards).\n\n"
        "Follow [the steps](deploying-a-change), not [these](deploying-a-fix).\n",
        encoding="utf-8",
    )
    assert len(_broken(tmp_path, ())) == 5
    assert _broken(tmp_path, ("sphinx",)) == [
        ("components/cloud.md", 1),
        ("components/cloud.md", 3),
    ]


def test_directory_form_knows_section_pages_of_every_suffix(tmp_path: Path) -> None:
    # A Quarto site served with directory URLs: `incidents/` is `incidents/index.qmd`, and
    # the links of a section page resolve from its folder.
    (tmp_path / "incidents").mkdir()
    (tmp_path / "incidents" / "index.qmd").write_text(
        "[outage](2024-02-01-outage/) [gone](2024-03-01-gone/)\n", encoding="utf-8"
    )
    (tmp_path / "incidents" / "2024-02-01-outage.qmd").write_text("# Outage\n", encoding="utf-8")
    (tmp_path / "home.qmd").write_text("[reports](incidents/)\n", encoding="utf-8")
    config = Config(
        root=tmp_path,
        docs_dir=tmp_path,
        source="test",
        cache=False,
        link_forms=("directory",),
        suffixes=(".md", ".qmd"),
    )
    result = lint_handbook(config, today=dt.date(2026, 11, 24), use_cache=False, cwd=tmp_path)
    broken = [(f.path, f.message) for f in result.findings if f.rule == "broken-link"]
    assert broken == [("incidents/index.qmd", "link target '2024-03-01-gone/' does not exist")]


def test_targets_in_hidden_folders_are_looked_up_on_disk(tmp_path: Path) -> None:
    """`.github/…` and `.gitbook/assets/…` are not walked, yet their files exist: a link to
    one is good, a link to a file that is not there is still broken."""
    (tmp_path / ".github" / "workflows").mkdir(parents=True)
    (tmp_path / ".github" / "workflows" / "ci.yml").write_text("on: push\n", encoding="utf-8")
    (tmp_path / ".gitbook" / "assets").mkdir(parents=True)
    (tmp_path / ".gitbook" / "assets" / "remix shot.png").write_bytes(b"png")
    (tmp_path / "guide").mkdir()
    (tmp_path / "guide" / "ci.md").write_text(
        "# CI\n\nThe [workflow](../.github/workflows/ci.yml) and the [folder](../.github/)\n"
        '<img src="../.gitbook/assets/remix shot.png" alt="">\n'
        "![gone](../.gitbook/assets/gone.png) [old](../.github/workflows/old.yml)\n",
        encoding="utf-8",
    )
    assert _broken(tmp_path, ()) == [("guide/ci.md", 5), ("guide/ci.md", 5)]


def test_destinations_are_read_as_commonmark_reads_them(tmp_path: Path) -> None:
    """Backslash escapes and character references in a destination are decoded (as every
    CommonMark renderer does), entities in an HTML attribute too, and ERB code written as the
    destination is the site generator's to fill in."""
    (tmp_path / "add_keplr.md").write_text("# Keplr\n", encoding="utf-8")
    (tmp_path / "two words.md").write_text("# Two\n", encoding="utf-8")
    (tmp_path / "page.md.erb").write_text(
        "[keplr](add\\_keplr.md) [two](two&#32;words.md) [pointy](<two words.md>)\n"
        '<a href="two&#32;words.md">two</a> [url](<%= page.url %>)\n'
        "[escaped](add\\_gone.md) [ref]\n\n[ref]: add\\_keplr.md\n",
        encoding="utf-8",
    )
    config = Config(
        root=tmp_path, docs_dir=tmp_path, source="test", cache=False, suffixes=(".md", ".md.erb")
    )
    result = lint_handbook(config, today=dt.date(2026, 11, 24), use_cache=False, cwd=tmp_path)
    broken = [f.message for f in result.findings if f.rule == "broken-link"]
    assert broken == ["link target 'add_gone.md' does not exist"]
