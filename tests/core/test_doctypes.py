"""The type registry: every entry's files exist, and the copies it replaced cannot drift."""

from __future__ import annotations

import datetime as dt
from importlib import resources
from pathlib import Path

import pytest

from sre_docs import doctypes
from sre_docs.config import Config
from sre_docs.linter import lint_handbook
from sre_docs.loader import load_text
from sre_docs.scaffold import builtin_templates

ENTRIES = list(doctypes.DOC_TYPES.values())
TEMPLATES = resources.files("sre_docs.site") / "templates"


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda entry: entry.name)
def test_every_file_an_entry_names_exists(entry: doctypes.DocType) -> None:
    assert resources.files("sre_docs.schemas").joinpath(entry.schema).is_file()
    for template in entry.templates:
        assert (builtin_templates() / f"{template}.md").is_file()
    if entry.header:
        assert TEMPLATES.joinpath(entry.header).is_file()
    if entry.index_page:
        assert TEMPLATES.joinpath(entry.index_page.template).is_file()


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda entry: entry.name)
def test_action_item_heading_is_one_of_the_sections(entry: doctypes.DocType) -> None:
    """Every heading whose tables and bullets are read passes the section check (the check
    may accept more: "Lessons Learned" satisfies it, but lessons are not read as items)."""
    place = entry.action_items
    if place is not None and place.heading is not None and entry.sections:
        checked = next(s for s in entry.sections if s.name == place.heading.name)
        assert set(place.heading.aliases) <= set(checked.aliases)


def test_names_folders_prefixes_and_pages_are_unique() -> None:
    for values in (
        [entry.name for entry in ENTRIES],
        [entry.folder for entry in ENTRIES],
        [entry.id_prefix for entry in ENTRIES],
        [page.path for page in doctypes.index_pages()],
    ):
        assert len(values) == len(set(values)), values
    assert doctypes.index_pages()[0].path == "index.md"


@pytest.mark.parametrize(
    ("title", "section", "matches"),
    [
        ("timeline (utc)", doctypes.TIMELINE, True),
        ("mitigating", doctypes.RUNBOOK.sections[3], True),
        ("preparing an account for import", doctypes.PROCEDURE.sections[1], True),
        ("post checks", doctypes.PROCEDURE.sections[3], True),
        ("checks", doctypes.PROCEDURE.sections[3], False),
        ("safety and rollback", doctypes.PROCEDURE.sections[4], True),
        ("customer impact", doctypes.POSTMORTEM.sections[3], True),
        ("remediation", doctypes.ACTION_ITEMS, True),
        ("follow-up actions and owners", doctypes.ACTION_ITEMS, True),
        ("action items", doctypes.ACTION_ITEMS, True),
        ("non-remediation", doctypes.ACTION_ITEMS, False),
        ("timelines", doctypes.TIMELINE, True),  # plurals are the same word
        ("timelined", doctypes.TIMELINE, False),
        ("pre-timeline", doctypes.TIMELINE, False),  # a compound is another word
    ],
)
def test_section_matching(title: str, section: doctypes.Section, matches: bool) -> None:
    assert section.matches(title) is matches


BODY = """---
type: postmortem
title: Queue backlog
date: 2026-11-02
severity: SEV2
status: draft
services: [label-service]
---
# Queue backlog

## Summary
Labels queued for an hour.

## Impact
Late labels.

## Timeline
- **10:00** backlog starts

## Root Cause
A slow consumer.

## Remediation

| Priority | Action | Owner | Due | Ticket |
|---|---|---|---|---|
| P1 | Alert on queue age | @name | 2026-10-01 | XXX-123 |
"""


def test_a_heading_the_section_check_accepts_has_its_table_read(tmp_path: Path) -> None:
    doc = load_text("postmortems/q.md", tmp_path / "q.md", BODY, None)
    assert [item.description for item in doc.action_items] == ["Alert on queue age"]
    (tmp_path / "postmortems").mkdir()
    (tmp_path / "postmortems" / "q.md").write_text(BODY, encoding="utf-8")
    config = Config(root=tmp_path, docs_dir=tmp_path, source="test", cache=False)
    result = lint_handbook(config, today=dt.date(2026, 11, 24), use_cache=False, cwd=tmp_path)
    rules = {finding.rule for finding in result.findings}
    assert "missing-section" not in rules
    assert {"orphan-action-item", "overdue-action-item"} <= rules


def test_a_type_without_action_items_reads_none(tmp_path: Path) -> None:
    text = BODY.replace("type: postmortem", "type: runbook")
    assert load_text("r.md", tmp_path / "r.md", text, None).action_items == []


def test_unknown_rule_names_in_the_options_are_refused() -> None:
    from sre_docs.config import config_from_options
    from sre_docs.errors import UserError
    from sre_docs.rules import RULES_BY_NAME

    config = config_from_options(
        {"rules": {"stale-runbooks": "error"}, "ignore": ["blame-language"]},
        root=Path("/x"),
        docs_dir=Path("/x"),
        source="mkdocs.yml",
    )
    with pytest.raises(UserError, match=r"plugins.sre-docs.rules.stale-runbooks: unknown rule"):
        config.check_rule_names(RULES_BY_NAME)
    with pytest.raises(UserError):
        lint_handbook(config, today=dt.date(2026, 11, 24), use_cache=False, cwd=Path("/x"))


def test_a_done_state_in_another_column_of_a_table_without_one(tmp_path: Path) -> None:
    """No Status column: a row whose Reference (or other) cell is only a done state is done;
    a cell that merely contains the word is not, and a real Status column still decides."""
    table = (
        "| Action | Owner | Reference |\n|---|---|---|\n"
        "| Rotate the keys | @ann | **DONE** |\n| Add an alert | @bob | done in part |\n"
    )
    doc = load_text(
        "postmortems/q.md", tmp_path / "q.md", BODY.split("| Priority")[0] + table, None
    )
    assert [(item.description, item.status) for item in doc.action_items] == [
        ("Rotate the keys", "done"),
        ("Add an alert", "open"),
    ]
    with_status = table.replace("| Reference |", "| Status |", 1)
    doc = load_text(
        "postmortems/q.md", tmp_path / "q.md", BODY.split("| Priority")[0] + with_status, None
    )
    assert [item.status for item in doc.action_items] == ["done", "done in part"]


def _built(documents: dict[str, str], tmp_path: Path) -> set[str]:
    from tests.test_aggregate import build

    return {page.path for page in doctypes.built_pages(build(documents, tmp_path))}


def test_every_page_says_when_it_is_built_through_places_the_data_has(tmp_path: Path) -> None:
    """A page's `types` are registry types, and its `lists` places hold a list or a mapping
    in the data of any handbook, even an empty one: a misspelt place would never build."""
    from tests.test_aggregate import build

    empty = build({"index.md": "# Home\n"}, tmp_path)
    for page in doctypes.index_pages():
        assert set(page.types) <= set(doctypes.DOC_TYPES), page.path
        for place in page.lists:
            value: object = empty
            for part in place.split("."):
                assert isinstance(value, dict), (page.path, place)
                value = value[part]
            assert isinstance(value, (list, dict)) and not value, (page.path, place)
    assert [page.path for page in doctypes.built_pages(empty)] == ["index.md"]
    assert {page.path for page in doctypes.index_pages() if page.always} == {"index.md"}


@pytest.mark.parametrize(
    ("documents", "pages"),
    [
        pytest.param(
            ["postmortems/2026-10-14-checkout.md"],
            {"incidents.md", "action-items.md", "reports/index.md", "scorecard.md", "runbooks.md"},
            id="postmortem: its action items, month, services and alerts",
        ),
        pytest.param(["slos/unmeasured.md"], {"slos.md", "scorecard.md"}, id="slo: its service"),
        pytest.param(
            ["handoffs/2026-11-16.md"],
            {"handoffs.md", "oncall.md", "reports/index.md"},
            id="handoff: on-call health, its month",
        ),
        pytest.param(["toil/restarts.md"], {"toil.md"}, id="toil"),
        pytest.param(["services/tracking-api.md"], {"scorecard.md"}, id="service"),
    ],
)
def test_a_page_is_built_for_what_the_handbook_has(
    documents: list[str], pages: set[str], tmp_path: Path
) -> None:
    from tests.test_aggregate import DOCUMENTS

    assert _built({rel: DOCUMENTS[rel] for rel in documents}, tmp_path) == {"index.md", *pages}


def test_alerts_alone_build_the_runbooks_page(tmp_path: Path) -> None:
    """The runbooks page also lists the alerts no runbook answers: a postmortem's alerts
    build it before the first runbook."""
    postmortem = "---\ntype: postmortem\ntitle: X\nseverity: SEV2\nalerts: [Down]\n---\n# X\n"
    assert _built({"postmortems/x.md": postmortem}, tmp_path) == {
        "index.md",
        "incidents.md",
        "action-items.md",
        "runbooks.md",
    }
