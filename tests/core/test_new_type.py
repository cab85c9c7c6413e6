"""A document type is its registry entry and its files: nothing else in the package.

A type unknown to sre-docs is added here at run time (entry, schema, template in the handbook's
own `templates/`), and `new`, the linter, the aggregates and the service pages all handle it."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path
from types import MappingProxyType

import pytest

from sre_docs import doctypes
from sre_docs.aggregate import aggregate
from sre_docs.cli import main
from sre_docs.config import load_config
from sre_docs.handbook import Handbook
from sre_docs.linter import lint_handbook, record_from_text
from sre_docs.schemas import validator
from sre_docs.site.pages import render_pages

TODAY = dt.date(2026, 11, 24)
SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string", "minLength": 1},
        "service": {"type": "string", "minLength": 1},
        "date": {"type": "string", "format": "date"},
        "result": {"enum": ["passed", "failed"]},
        "action_items": {"type": "array"},
    },
    "required": ["title", "service", "date"],
}
TEMPLATE = """---
type: drill
id: "{{ id }}"
title: "{{ title }}"
service: checkout-api
date: "{{ date }}"
result: passed
action_items: []
---
# {{ title }}

## What we practised

[Answer]
"""


@pytest.fixture
def drill_type(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> doctypes.DocType:
    schema = tmp_path / "drill.schema.json"
    schema.write_text(json.dumps(SCHEMA), encoding="utf-8")
    entry = doctypes.DocType(
        name="drill",
        plural="incident drills",
        folder="drills",
        schema=str(schema),  # outside the package: a file of the entry's own
        id_prefix="DRILL",
        template="drill",
        action_items=doctypes.ActionItemPlace(("action_items",)),
        dated=True,
        date_key="date",
        aggregate=doctypes.Aggregate(
            "drills",
            ("service",),
            "drills",
            fields=(("date", "date"), ("result", "result")),
            columns=(("Date", "date"), ("Result", "result")),
        ),
    )
    monkeypatch.setattr(
        doctypes, "DOC_TYPES", MappingProxyType({**doctypes.DOC_TYPES, "drill": entry})
    )
    monkeypatch.setattr(doctypes, "NAMES", (*doctypes.NAMES, "drill"))
    validator.cache_clear()
    yield entry
    validator.cache_clear()


def test_a_new_type_needs_only_its_entry_and_files(tmp_path: Path, drill_type) -> None:
    root = tmp_path / "handbook"
    (root / "docs" / "templates").mkdir(parents=True)
    (root / "docs" / "templates" / "drill.md").write_text(TEMPLATE, encoding="utf-8")
    (root / "mkdocs.yml").write_text(
        f"site_name: t\ndocs_dir: docs\nplugins:\n  - sre-docs:\n      today: {TODAY}\n",
        encoding="utf-8",
    )
    cwd = os.getcwd()
    os.chdir(root)
    try:
        assert main(["new", "drill", "Failover drill", "--today", TODAY.isoformat()]) == 0
    finally:
        os.chdir(cwd)
    written = root / "docs" / "drills" / f"{TODAY}-failover-drill.md"
    text = written.read_text(encoding="utf-8")
    assert f"id: DRILL-{TODAY}-failover-drill" in text
    broken = root / "docs" / "drills" / "2026-11-01-broken.md"
    broken.write_text(
        "---\ntype: drill\ntitle: Broken\nservice: checkout-api\ndate: 2026-11-01\n"
        "result: maybe\naction_items:\n  - {description: fix it, owner: '@a'}\n---\n# Broken\n",
        encoding="utf-8",
    )
    config = load_config(None, cwd=root)
    result = lint_handbook(config, today=TODAY, use_cache=False, cwd=root)
    found = {(f.path, f.rule) for f in result.findings}
    assert ("docs/drills/2026-11-01-broken.md", "schema-violation") in found  # result: maybe
    assert ("docs/drills/2026-11-01-broken.md", "orphan-action-item") in found
    assert not {rule for _, rule in found} & {"unknown-type", "missing-section"}
    fresh = {rule for path, rule in found if path.endswith("failover-drill.md")}
    assert fresh == {"placeholder-text"}
    rel = "drills/2026-11-01-broken.md"
    records = [record_from_text(config, rel, (config.docs_dir / rel).read_text("utf-8"))]
    data = aggregate(Handbook(records=records, files=frozenset()), config, TODAY)
    assert [(d["title"], d["result"]) for d in data["drills"]] == [("Broken", "maybe")]
    page = render_pages(data, config)["reliability/services/checkout-api.md"]
    assert "## Incident drills" in page and "| Date | Result |" in page
