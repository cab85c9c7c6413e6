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


def test_a_key_may_name_one_file(tmp_path: Path) -> None:
    """`docs/cluster-upgrade.md` as a key types that file (no glob needed), over its folder's
    key; its neighbours keep the folder's type."""
    config = _config(
        tmp_path,
        folders={
            "manual": "runbook",
            "manual/cluster-upgrade.md": {"type": "runbook", "kind": "procedure"},
            "notes/retro.md": "postmortem",
        },
    )
    assert config.folder_type("manual/cluster-upgrade.md") == "runbook"
    assert config.folder_form("manual/cluster-upgrade.md") == {"kind": "procedure"}
    assert config.folder_form("manual/db-failover.md") == {}
    assert config.folder_type("notes/retro.md") == "postmortem"
    assert config.folder_type("notes/retro.md.bak") is None
    assert config.folder_type("notes/other.md") is None


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


# A folder that chooses the runbook form: `{type: runbook, kind: procedure}` ------------------


def test_a_folder_may_choose_the_runbook_form(tmp_path: Path) -> None:
    config = _config(
        tmp_path,
        folders={
            "ops/how-to/**": {"type": "runbook", "kind": "procedure"},
            "ops/how-to/alerts": {"type": "runbook", "kind": "alert"},
            "runbooks/**": {"type": "runbook", "kind": "procedure"},
            "incidents": {"type": "postmortem"},
        },
    )
    assert config.folder_type("ops/how-to/x/rotate.md") == "runbook"
    assert config.folder_form("ops/how-to/x/rotate.md") == {"kind": "procedure"}
    # The nearer folder decides the form as it decides the type.
    assert config.folder_form("ops/how-to/alerts/DiskFull.md") == {"kind": "alert"}
    # A configured key wins over the built-in default it ties with (`runbooks`).
    assert config.folder_form("runbooks/restore.md") == {"kind": "procedure"}
    assert config.folder_type("incidents/a.md") == "postmortem"
    assert config.folder_form("incidents/a.md") == {}
    assert config.folder_form("elsewhere/a.md") == {}
    errors = _config(tmp_path, folders={"debug/**": {"type": "runbook", "kind": "troubleshooting"}})
    assert errors.folder_form("debug/python/import-error.md") == {"kind": "troubleshooting"}
    plain = _config(tmp_path, folders={"ops": {"type": "runbook", "kind": "procedure"}})
    assert plain.folder_form("ops/a.md") == {"kind": "procedure"}
    remapped = _config(tmp_path, folders={"ops": "runbook"})
    assert remapped.folder_form("ops/a.md") == {}
    # The form is part of the settings that change per-file results (the cache key's part).
    assert plain.document_fingerprint() != remapped.document_fingerprint()


@pytest.mark.parametrize(
    ("value", "key", "message"),
    [
        (
            {"type": "runbook", "kind": "how-to"},
            "ops.kind",
            "expected one of alert, procedure, troubleshooting",
        ),
        ({"type": "runbook", "owner": "@a"}, "ops.owner", "no other front matter"),
        (
            {"type": "postmortem", "severity": "SEV3"},
            "ops.severity",
            "`severity` is a fact of each postmortem, not of its folder",
        ),
        ({"kind": "procedure"}, "ops", "a mapping needs `type`"),
        ({"type": "runbok", "kind": "procedure"}, "ops.type", "unknown document type 'runbok'"),
        ({"type": None, "kind": "procedure"}, "ops.type", "unknown document type None"),
        (
            {"type": "slo", "kind": "procedure"},
            "ops.kind",
            "SLOs have no form a folder chooses; a folder sets only `type`",
        ),
        (["runbook"], "ops", "unknown document type ['runbook']"),
    ],
)
def test_a_bad_folder_form_is_one_line_naming_the_key(
    tmp_path: Path, value: object, key: str, message: str
) -> None:
    with pytest.raises(UserError) as raised:
        _config(tmp_path, folders={"ops": value})
    text = str(raised.value)
    assert f"test.yml: folders.{key}: " in text and message in text
    assert "\n" not in text


def _lint_json(root: Path, *args: str) -> list[tuple[str, str, str]]:
    import contextlib
    import json

    from sre_docs.cli import main

    report = root / "report.json"
    with contextlib.chdir(root):
        status = main(["lint", "--no-cache", "--format", "json", "-q", "-o", str(report), *args])
    assert status in (0, 1)
    return sorted((f["path"], f["rule"], f["message"]) for f in json.loads(report.read_text()))


HOW_TO = """# Restore the orders database

## Purpose
Bring the orders database back from last night's backup.
## Prerequisites
- The backup id.
## Steps
1. Stop the writers.
2. Restore the snapshot.
## Verification
Count the orders of the last hour.
## Rollback
Point the writers back at the old volume.
"""
FRONT = '---\ntitle: Restore the orders database\nowner: "@data"\n---\n'
PROCEDURES_YML = """site_name: Handbook
docs_dir: docs
plugins:
  - sre-docs:
      today: 2026-11-24
      folders:
        "ops/how-to/**": {type: runbook, kind: procedure}
"""


def _procedure_tree(root: Path) -> Path:
    (root / "mkdocs.yml").write_text(PROCEDURES_YML, encoding="utf-8")
    docs = root / "docs"
    for rel, text in {
        "ops/how-to/restore.md": FRONT + HOW_TO,  # a procedure by its folder
        "ops/how-to/db/bare.md": HOW_TO,  # no front matter at all
        "ops/how-to/alert-style.md": FRONT + "# X\n\n## Overview\nx\n## Diagnosis\nx\n",
        "ops/how-to/says-alert.md": FRONT.replace("---\n", "---\nkind: alert\n", 1) + HOW_TO,
        "ops/how-to/index.md": "# How-tos\n",
        "runbooks/restore.md": FRONT + HOW_TO,  # the same file outside the folder
    }.items():
        (docs / rel).parent.mkdir(parents=True, exist_ok=True)
        (docs / rel).write_text(text, encoding="utf-8")
    return root


def test_lint_checks_a_procedure_folder_as_procedures(tmp_path: Path) -> None:
    findings = _lint_json(_procedure_tree(tmp_path))
    assert findings == [
        (
            "docs/ops/how-to/alert-style.md",
            "missing-section",
            "runbook (procedure) has no 'Prerequisites', 'Steps', 'Verification' or 'Rollback' "
            "section",
        ),
        (
            "docs/ops/how-to/db/bare.md",
            "schema-violation",
            "runbook (procedure) has no front matter (required: owner); "
            "`sre-docs adopt` proposes it from the text",
        ),
        # The document's own `kind` wins over its folder's.
        ("docs/ops/how-to/says-alert.md", "missing-section", _ALERT_SECTIONS),
        ("docs/ops/how-to/says-alert.md", "schema-violation", "missing required field 'alerts'"),
        ("docs/runbooks/restore.md", "missing-section", _ALERT_SECTIONS),
        ("docs/runbooks/restore.md", "schema-violation", "missing required field 'alerts'"),
    ]


_ALERT_SECTIONS = (
    "runbook has no 'Overview', 'Impact', 'Diagnosis', 'Mitigation' or 'Escalation' section"
)


def test_export_and_the_scorecard_see_the_folders_form(tmp_path: Path) -> None:
    import contextlib
    import json

    from sre_docs.cli import main

    root = _procedure_tree(tmp_path)
    for rel in ("ops/how-to/restore.md", "runbooks/restore.md"):
        path = root / "docs" / rel
        path.write_text(path.read_text().replace("title:", "service: orders-db\ntitle:"))
    (root / "docs" / "runbooks" / "deadlock.md").write_text(
        "---\ntype: runbook\nkind: troubleshooting\nservice: orders-db\nowner: '@db'\n---\n"
        "# ERROR: deadlock detected\n",
        encoding="utf-8",
    )
    out = root / "data.json"
    with contextlib.chdir(root):
        assert main(["export", "--out", str(out)]) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    kinds = {item["rel"]: item["kind"] for item in data["runbooks"]["items"]}
    assert kinds["ops/how-to/restore.md"] == "procedure"
    assert kinds["ops/how-to/says-alert.md"] == "alert"
    assert kinds["runbooks/restore.md"] == "alert"
    assert kinds["runbooks/deadlock.md"] == "troubleshooting"
    card = data["services"]["orders-db"]["scorecard"]
    response = next(d for d in card["dimensions"] if d["key"] == "incident_response")
    expected = "1 alert runbook(s), 1 procedure(s), 1 troubleshooting runbook(s)"
    assert expected in response["evidence"]
    # Without the alert runbook outside the folder, the service has no alert runbook: neither
    # a procedure nor a troubleshooting runbook answers an alert.
    (root / "docs" / "runbooks" / "restore.md").unlink()
    with contextlib.chdir(root):
        assert main(["export", "--out", str(out)]) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    card = data["services"]["orders-db"]["scorecard"]
    response = next(d for d in card["dimensions"] if d["key"] == "incident_response")
    expected = "no alert runbook (1 procedure(s), 1 troubleshooting runbook(s) only)"
    assert expected in response["evidence"]
    assert "write a runbook for the service's alerts" in response["raise"]


def test_other_tools_type_values_need_no_configuration(tmp_path: Path) -> None:
    """`type: index` (Jekyll), `type: docs` (Hugo themes) are someone else's key: the page is
    plain, or takes its folder's type; a configured `types` entry still maps them."""
    (tmp_path / "alerts").mkdir()
    (tmp_path / "alerts" / "Down.md").write_text("---\ntype: docs\ntitle: Down\n---\n# Down\n")
    (tmp_path / "overview.md").write_text("---\ntype: index\n---\n# Overview\n")
    (tmp_path / "page.md").write_text("---\ntype: page\n---\n# Page\n")
    (tmp_path / "typo.md").write_text("---\ntype: runbok\n---\n# Typo\n")
    findings = _lint(_config(tmp_path, folders={"alerts": "runbook"}))
    assert [path for path, rule, _ in findings if rule == "unknown-type"] == ["typo.md"]
    assert any(path == "alerts/Down.md" and rule == "missing-section" for path, rule, _ in findings)
    mapped = _lint(_config(tmp_path, types={"page": "runbook"}))
    assert any(path == "page.md" and rule == "missing-section" for path, rule, _ in mapped)


def test_a_key_naming_a_section_page_types_it(tmp_path: Path) -> None:
    """A repository whose one report is its README: the key naming the file types it; a
    folder or glob key still leaves section pages alone."""
    (tmp_path / "README.md").write_text("# Stuck transactions\n\nNo front matter.\n")
    (tmp_path / "reports").mkdir()
    (tmp_path / "reports" / "README.md").write_text("# Reports\n")
    config = _config(tmp_path, folders={"README.md": "postmortem", "reports": "postmortem"})
    assert config.folder_type("README.md") == "postmortem"
    assert config.folder_type("reports/README.md") is None
    assert _config(tmp_path, folders={".": "postmortem"}).folder_type("README.md") is None
    findings = _lint(config)
    assert [(path, rule) for path, rule, _ in findings if rule == "schema-violation"] == [
        ("README.md", "schema-violation")
    ]


def test_folder_type_and_form_are_read_together(tmp_path: Path) -> None:
    procedure = {"kind": "procedure"}
    config = _config(
        tmp_path,
        folders={
            "manual": "runbook",
            "manual/cluster-upgrade.md": {"type": "runbook", "kind": "procedure"},
            "ops/how-to/**": {"type": "runbook", "kind": "procedure"},
            "reports/README.md": {"type": "runbook", "kind": "procedure"},
            ".": "postmortem",
        },
    )
    expected = {
        "reports/README.md": ("runbook", procedure),  # a key naming a section page types it
        "reports/index.md": (None, {}),
        "manual/cluster-upgrade.md": ("runbook", procedure),
        "manual/db-failover.md": ("runbook", {}),
        "manual/index.md": (None, {}),
        "ops/how-to/x/rotate.md": ("runbook", procedure),
        "ops/README.md": (None, {}),
        "postmortems/a.md": ("postmortem", {}),
        "a.md": ("postmortem", {}),
        "index.md": (None, {}),
    }
    for rel, (doc_type, form) in expected.items():
        assert config.folder_type_and_form(rel) == (doc_type, form), rel
        assert (config.folder_type(rel), config.folder_form(rel)) == (doc_type, form), rel
