"""Folder mapping that fits existing trees: globs, the root, defaults switched off, foreign
types, templates, section pages, other file name endings, documents without front matter."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from sre_docs.config import config_from_options
from sre_docs.errors import UserError
from sre_docs.linter import lint_handbook


def _config(root: Path, **options: object):
    return config_from_options(
        {"cache": False, **options}, root=root, docs_dir=root, source="test.yml", prefix=""
    )


def test_folder_globs_root_and_depth(tmp_path: Path) -> None:
    config = _config(
        tmp_path,
        folders={"postmortems/20*/": "postmortem", "incidents/**": "postmortem", ".": "runbook"},
    )
    assert config.folder_type("postmortems/2021-05/a.md") == "postmortem"
    assert config.folder_type("postmortems/2021-05/deeper/a.md") == "postmortem"
    assert config.folder_type("postmortems/a.md") == "postmortem"  # the built-in default
    assert config.folder_type("incidents/a.md") == "postmortem"
    assert config.folder_type("incidents/x/y/a.md") == "postmortem"
    assert config.folder_type("alerts/a.md") == "runbook"
    assert config.folder_type("a.md") == "runbook"
    assert config.type_folder("runbook") == "runbooks"
    files = _config(tmp_path, folders={"process/incidents/*_retro.md": "postmortem"})
    assert files.folder_type("process/incidents/330_incident_retro.md") == "postmortem"
    assert files.folder_type("process/incidents/index.md") is None
    one_level = _config(tmp_path, folders={"alerts/*/*.md": "runbook"})
    assert one_level.folder_type("alerts/etcd/EtcdDown.md") == "runbook"
    assert one_level.folder_type("alerts/etcd/helpers/verify.md") is None


@pytest.mark.parametrize("off", [None, "off", "", False])
def test_a_default_mapping_switched_off(tmp_path: Path, off: object) -> None:
    config = _config(tmp_path, folders={"services": off})
    assert config.folder_type("services/how-to.md") is None
    assert config.folder_type("runbooks/x.md") == "runbook"


def test_bad_mapping_names_the_key(tmp_path: Path) -> None:
    with pytest.raises(UserError, match=r"folders\.incidents"):
        _config(tmp_path, folders={"incidents": "incident"})
    with pytest.raises(UserError, match=r"types\.docs"):
        _config(tmp_path, types={"docs": "doc"})


def _lint(config) -> list[tuple[str, str, str]]:
    result = lint_handbook(config, today=dt.date(2026, 11, 24), use_cache=False, cwd=config.root)
    return [(f.path, f.rule, f.message) for f in result.findings]


def test_foreign_types_templates_section_pages_and_suffixes(tmp_path: Path) -> None:
    (tmp_path / "alerts").mkdir()
    (tmp_path / "alerts" / "_index.md").write_text("---\ntitle: Alerts\n---\n# Alerts\n")
    (tmp_path / "alerts" / "Down.md").write_text("---\ntype: docs\ntitle: Down\n---\n# Down\n")
    (tmp_path / "guide.md").write_text("---\ntype: learn\n---\n# Learn\n")
    (tmp_path / "incidents").mkdir()
    (tmp_path / "incidents" / "postmortem-template.md").write_text("# Incident Title\n")
    (tmp_path / "incidents" / "2022-10-20-keybase").write_text("# Keybase\n\nNo front matter.\n")
    (tmp_path / "incidents" / "2020-02-12.html.md.erb").write_text("# Erb page\n")
    (tmp_path / "incidents" / "LICENSE").write_text("MIT\n")
    config = _config(
        tmp_path,
        folders={"alerts": "runbook", "incidents": "postmortem"},
        types={"docs": None, "learn": None},
        suffixes=[".md", ".md.erb", ""],
    )
    findings = _lint(config)
    paths = {path for path, _, _ in findings}
    assert "incidents/postmortem-template.md" not in paths
    assert "incidents/LICENSE" not in paths
    assert "alerts/_index.md" not in paths
    assert not [f for f in findings if f[1] == "unknown-type"]
    schema = sorted(
        (path, message)
        for path, rule, message in findings
        if rule == "schema-violation" and path.startswith("incidents/")
    )
    assert [path for path, _ in schema] == [
        "incidents/2020-02-12.html.md.erb",
        "incidents/2022-10-20-keybase",
    ]
    assert all("has no front matter (required: title, " in message for _, message in schema)
    # `type: docs` under a runbook folder: the folder decides, and the runbook checks run.
    assert any(path == "alerts/Down.md" and rule == "missing-section" for path, rule, _ in findings)


def test_templates_can_be_linted_when_asked(tmp_path: Path) -> None:
    (tmp_path / "postmortems").mkdir()
    (tmp_path / "postmortems" / "template.md").write_text("# Incident Title\n")
    assert _lint(_config(tmp_path)) == []
    assert _lint(_config(tmp_path, exclude_templates=False))


@pytest.mark.parametrize("name", ["index.qmd", "_index.qmd", "README.qmd", "Index.QMD"])
def test_section_pages_follow_the_configured_suffixes(tmp_path: Path, name: str) -> None:
    # A Quarto site: `incidents/index.qmd` lists the reports, it is not one of them.
    (tmp_path / "incidents").mkdir()
    (tmp_path / "incidents" / name).write_text(
        "---\ntitle: Incident Reports\nlisting:\n  type: table\n---\n\nAll our reports.\n"
    )
    (tmp_path / "incidents" / "2024-02-01-outage.qmd").write_text("# Outage\n")
    config = _config(tmp_path, folders={"incidents": "postmortem"}, suffixes=[".md", ".qmd"])
    assert config.is_section_page(f"incidents/{name}")
    assert not config.is_section_page("incidents/2024-02-01-outage.qmd")
    assert not config.is_section_page("incidents/index-of-outages.qmd")
    assert config.folder_type(f"incidents/{name}") is None
    assert config.folder_type("incidents/2024-02-01-outage.qmd") == "postmortem"
    paths = {path for path, _, _ in _lint(config)}
    assert f"incidents/{name}" not in paths
    assert "incidents/2024-02-01-outage.qmd" in paths


def test_a_readme_without_suffix_is_a_section_page(tmp_path: Path) -> None:
    config = _config(tmp_path, folders={"incidents": "postmortem"}, suffixes=[".md", ""])
    assert config.is_section_page("incidents/README")
    assert config.folder_type("incidents/README") is None
    assert config.folder_type("incidents/2022-10-20-keybase") == "postmortem"
    # Without the suffix configured, the name is no document at all, section page or not.
    assert not _config(tmp_path).is_section_page("incidents/index.qmd")


def test_a_site_url_finds_a_section_page_of_any_suffix(tmp_path: Path) -> None:
    from sre_docs.handbook import Handbook
    from sre_docs.linter import record_from_text
    from sre_docs.rules.runbook import runbook_target

    config = _config(tmp_path, suffixes=[".md", ".qmd"])._replace(site_url="https://h.example/")
    rel = "runbooks/checkout/index.qmd"
    text = "---\ntype: runbook\ntitle: Checkout\nalerts: [X]\nowner: '@a'\n---\n# Checkout\n"
    handbook = Handbook(records=[record_from_text(config, rel, text)], files=frozenset({rel}))
    link = "https://h.example/runbooks/checkout/"
    assert runbook_target(handbook, "", link, config.site_url, config.suffixes) == (rel, "site")
