"""Sections per type and per team: the `sections` option and the accepted template headings."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from sre_docs import doctypes
from sre_docs.config import config_from_options
from sre_docs.errors import UserError
from sre_docs.linter import lint_handbook

RUNBOOK = "---\ntype: runbook\ntitle: x\nalerts: [X]\nowner: '@a'\n---\n# x\n\n{body}\n"


def _missing(root: Path, **options: object) -> list[str]:
    config = config_from_options(
        {"cache": False, **options}, root=root, docs_dir=root, source="t.yml", prefix=""
    )
    result = lint_handbook(config, today=dt.date(2026, 11, 24), use_cache=False, cwd=root)
    return [f.message for f in result.findings if f.rule == "missing-section"]


def test_required_sections_and_synonyms_in_another_language(tmp_path: Path) -> None:
    (tmp_path / "runbooks").mkdir()
    body = "## 含义\n\n## 影响\n\n## 诊断\n\n## 缓解\n"
    (tmp_path / "runbooks" / "a.md").write_text(RUNBOOK.format(body=body), encoding="utf-8")
    assert _missing(tmp_path) == [
        "runbook has no 'Overview', 'Impact', 'Diagnosis', 'Mitigation' or 'Escalation' section"
    ]
    options = {
        "sections": {
            "runbook": {
                "required": ["Meaning", "Impact", "Diagnosis", "Mitigation"],
                "synonyms": {"Meaning": ["含义"], "Impact": "影响", "Diagnosis": ["诊断"]},
            }
        }
    }
    assert _missing(tmp_path, **options) == ["runbook has no 'Mitigation' section"]
    options["sections"]["runbook"]["synonyms"]["Mitigation"] = ["缓解"]
    assert _missing(tmp_path, **options) == []
    assert _missing(tmp_path, sections={"runbook": {"required": []}}) == []


@pytest.mark.parametrize(
    "heading",
    [
        "Corrective and Preventative Measures",
        "Remediation",
        "Follow-ups",
        "Next steps",
        "Lessons Learned",
    ],
)
def test_well_known_template_headings_are_action_items(heading: str) -> None:
    section = doctypes.POSTMORTEM.sections[-1]
    assert section.name == "Action Items" and section.matches(heading.lower())


@pytest.mark.parametrize(
    ("name", "heading"),
    [
        # Reports written as a journal, in the present tense, and a chain's incident reports.
        ("Summary", "What happens"),
        ("Root Cause", "Why this happens"),
        ("Root Cause", "Why it happened"),
        ("Root Cause", "Root of Issue"),
        ("Action Items", "Proactive Measures"),
    ],
)
def test_headings_of_incident_journals(name: str, heading: str) -> None:
    section = next(s for s in doctypes.POSTMORTEM.sections if s.name == name)
    assert section.matches(heading.lower())
    assert not section.matches("root access")


def test_bad_sections_option_names_the_key(tmp_path: Path) -> None:
    with pytest.raises(UserError, match=r"sections\.runbok"):
        _missing(tmp_path, sections={"runbok": {"required": []}})
    with pytest.raises(UserError, match=r"sections\.runbook\.required"):
        _missing(tmp_path, sections={"runbook": {"required": "Meaning"}})


def test_a_team_heading_for_action_items_is_read(tmp_path: Path) -> None:
    (tmp_path / "postmortems").mkdir()
    (tmp_path / "postmortems" / "a.md").write_text(
        "---\ntype: postmortem\ntitle: x\ndate: 2026-11-02\nseverity: SEV4\nstatus: draft\n"
        "services: [x]\n---\n# x\n\n## Zusammenfassung\n\n## Maßnahmen\n\n"
        "- Alarm für die Warteschlange einrichten\n",
        encoding="utf-8",
    )
    options = {"sections": {"postmortem": {"synonyms": {"Action Items": ["Maßnahmen"]}}}}
    config = config_from_options(
        {"cache": False, **options}, root=tmp_path, docs_dir=tmp_path, source="t", prefix=""
    )
    result = lint_handbook(config, today=dt.date(2026, 11, 24), use_cache=False, cwd=tmp_path)
    orphans = [f for f in result.findings if f.rule == "orphan-action-item"]
    assert [(f.line, f.message) for f in orphans] == [
        (15, "action item has no owner and no due date and no ticket")
    ]
    missing = [f.message for f in result.findings if f.rule == "missing-section"]
    assert missing and "'Action Items'" not in missing[0]


PROCEDURE = "---\ntype: runbook\nkind: procedure\ntitle: x\nowner: '@a'\n---\n# x\n\n{body}\n"


def _write(root: Path, name: str, text: str) -> None:
    (root / "runbooks").mkdir(exist_ok=True)
    (root / "runbooks" / name).write_text(text, encoding="utf-8")


@pytest.mark.parametrize(
    "body",
    [
        # The headings of real procedure runbooks.
        "## Overview\n## When to use this runbook\n## Prerequisites\n"
        "## How to trigger the cleanup\n## Safety and rollback\n## Verify resources\n",
        "## Summary\n## Pre-checks\n## Procedure\n### Roll-back\n## Post checks\n",
        "## Introduction\n## Before you start\n### Step 1: Create a new folder\n"
        "## Testing access\n## Rollback of a replacement\n",
    ],
)
def test_procedure_headings_teams_write(tmp_path: Path, body: str) -> None:
    _write(tmp_path, "p.md", PROCEDURE.format(body=body))
    assert _missing(tmp_path) == []


def test_a_procedure_is_asked_for_its_own_sections_only(tmp_path: Path) -> None:
    _write(tmp_path, "p.md", PROCEDURE.format(body="## Purpose\n\n## Steps\n"))
    expected = "runbook (procedure) has no 'Prerequisites', 'Verification' or 'Rollback' section"
    assert _missing(tmp_path) == [expected]
    # The alert runbooks' own list does not reach the procedures.
    alert = {"required": ["Meaning", "Impact", "Diagnosis", "Mitigation"]}
    assert _missing(tmp_path, sections={"runbook": alert}) == [expected]
    narrowed = {**alert, "procedure": {"required": ["Purpose", "Steps", "Ablauf"]}}
    assert _missing(tmp_path, sections={"runbook": narrowed}) == [
        "runbook (procedure) has no 'Ablauf' section"
    ]
    assert _missing(tmp_path, sections={"runbook": {"procedure": {"required": []}}}) == []


def test_synonyms_of_the_type_and_of_the_form(tmp_path: Path) -> None:
    body = "## Zweck\n\n## Voraussetzungen\n\n## Ablauf\n\n## Prüfung\n\n## Zurücksetzen\n"
    _write(tmp_path, "p.md", PROCEDURE.format(body=body))
    procedure = {
        "synonyms": {"Purpose": ["Zweck"], "Prerequisites": "Voraussetzungen", "Steps": ["Ablauf"]}
    }
    options = {"runbook": {"synonyms": {"Verification": ["Prüfung"]}, "procedure": procedure}}
    assert _missing(tmp_path, sections=options) == ["runbook (procedure) has no 'Rollback' section"]
    procedure["synonyms"]["Rollback"] = ["Zurücksetzen"]
    assert _missing(tmp_path, sections=options) == []


TROUBLESHOOTING = PROCEDURE.replace("kind: procedure", "kind: troubleshooting")


@pytest.mark.parametrize(
    "body",
    [
        # The headings of real troubleshooting pages: a knowledge-base article, one page per
        # error message with its checks and its solutions, a page per error code.
        "## Symptoms\n## Diagnosis\n## Resolution\n",
        "## Overview\n## Check the pod's events\n## Solutions list\n### Solution A\n",
        "## Problem\n## Possible causes\n## Workaround\n",
        "## Error message\n## Investigation\n## How to fix it\n",
    ],
)
def test_troubleshooting_headings_teams_write(tmp_path: Path, body: str) -> None:
    _write(tmp_path, "t.md", TROUBLESHOOTING.format(body=body))
    assert _missing(tmp_path) == []


def test_a_troubleshooting_runbook_is_asked_for_its_own_sections_only(tmp_path: Path) -> None:
    _write(tmp_path, "t.md", TROUBLESHOOTING.format(body="## Symptoms\n\n## Escalation\n"))
    expected = "runbook (troubleshooting guide) has no 'Diagnosis' or 'Resolution' section"
    assert _missing(tmp_path) == [expected]
    alert = {"required": ["Meaning", "Impact", "Diagnosis", "Mitigation"]}
    assert _missing(tmp_path, sections={"runbook": alert}) == [expected]
    own = {"troubleshooting": {"synonyms": {"Diagnosis": ["Check runbook match"]}}}
    _write(
        tmp_path,
        "t.md",
        TROUBLESHOOTING.format(body="## Overview\n## Check RunBook Match\n## Solutions\n"),
    )
    assert _missing(tmp_path, sections={"runbook": own}) == []
    narrowed = {"troubleshooting": {"required": ["Symptoms", "Resolution", "Owner"]}}
    assert _missing(tmp_path, sections={"runbook": narrowed}) == [
        "runbook (troubleshooting guide) has no 'Owner' section"
    ]


def test_no_alerts_alone_does_not_make_a_procedure(tmp_path: Path) -> None:
    """A runbook of an alert that forgot `alerts:` is still checked as an alert runbook."""
    text = PROCEDURE.replace("kind: procedure\n", "").format(
        body="## Purpose\n## Prerequisites\n## Steps\n## Verification\n## Rollback\n"
    )
    _write(tmp_path, "p.md", text)
    assert _missing(tmp_path) == [
        "runbook has no 'Overview', 'Impact', 'Diagnosis', 'Mitigation' or 'Escalation' section"
    ]
    _write(tmp_path, "p.md", text.replace("type: runbook\n", "type: runbook\nkind: alert\n"))
    assert len(_missing(tmp_path)) == 1


def test_short_form_settings_of_their_own(tmp_path: Path) -> None:
    (tmp_path / "postmortems").mkdir()
    (tmp_path / "postmortems" / "a.md").write_text(
        "---\ntype: postmortem\ntitle: x\ndate: 2026-11-02\nseverity: SEV4\nstatus: draft\n"
        "services: [x]\n---\n# x\n\n## Was geschah\n\n## Zeitverlauf\n",
        encoding="utf-8",
    )
    full = {"required": ["Zusammenfassung", "Zeitverlauf", "Ursache", "Maßnahmen"]}
    assert _missing(tmp_path, sections={"postmortem": full}) == [
        "postmortem has no 'Zusammenfassung', 'Ursache' or 'Maßnahmen' section"
    ]
    short = {"required": ["Was geschah", "Zeitverlauf"]}
    assert _missing(tmp_path, sections={"postmortem": {**full, "short": short}}) == []


def test_bad_form_settings_name_the_key(tmp_path: Path) -> None:
    with pytest.raises(UserError, match=r"sections\.runbook: .*`procedure`"):
        _missing(tmp_path, sections={"runbook": {"procedures": {"required": []}}})
    with pytest.raises(UserError, match=r"sections\.runbook\.procedure\.required"):
        _missing(tmp_path, sections={"runbook": {"procedure": {"required": "Steps"}}})
    with pytest.raises(UserError, match=r"sections\.runbook\.procedure:"):
        _missing(tmp_path, sections={"runbook": {"procedure": ["Steps"]}})


@pytest.mark.parametrize(
    ("steps", "counted"),
    [
        ("## Deleting the account\n\n1. Disable the workflows.\n2. Run the script.\n", True),
        ("## Account creation\n\n### 1. Create the account\n\n### 2. Deploy\n", True),
        ("## Deleting the account\n\n1. Disable the workflows.\n\nThen run the script.\n", False),
        ("## Deleting the account\n\n```\n1. not a step\n2. nor this\n```\n", False),
        # Headings that open with a step's verb, as written or in the -ing form.
        ("## Install the SDK\n\n## Create a service account\n", True),
        ("## Getting the certificate\n\n## Configuring the tunnel\n", True),
        ("## Install the SDK\n\n## Account notes\n", False),
        ("## Checking the logs\n\n## Testing access\n", False),
    ],
)
def test_numbered_steps_are_the_steps_section(tmp_path: Path, steps: str, counted: bool) -> None:
    body = f"## Purpose\n\n## Prerequisites\n\n{steps}\n## Verification\n\n## Rollback\n"
    _write(tmp_path, "p.md", PROCEDURE.format(body=body))
    assert _missing(tmp_path) == ([] if counted else ["runbook (procedure) has no 'Steps' section"])


@pytest.mark.parametrize(
    ("synonym", "heading"),
    [
        ("Details of vulnerability", "Vulnerability Details"),
        ("details of the issue", "Issue details"),
        ("customer impact", "Impact on customers"),
        ("corrective and preventative measures", "Corrective & Preventative Measures"),
        ("root cause", "Root Causes"),
        ("root cause", "Cause (root)"),
        ("fix", "Fixes"),
        ("summary", "Summaries"),
        ("follow-up", "Follow-ups"),
        ("timeline", "Timeline (UTC)"),
        ("what went wrong", "What Went Wrong?"),
        ("含义", "含义 (Meaning)"),
    ],
)
def test_headings_match_on_their_content_words(synonym: str, heading: str) -> None:
    from sre_docs.body import normalise_title

    section = doctypes.Section("Root Cause", (synonym.lower(),))
    assert section.matches(normalise_title(heading))


@pytest.mark.parametrize(
    ("synonym", "heading"),
    [
        ("cause", "Because"),
        ("impact", "Low-impact changes"),
        ("details of vulnerability", "Details"),
        ("details of vulnerability", "Vulnerability"),
        ("root cause", "Root"),
        ("of the", "Details of the fix"),  # only stop words: the heading must be just that
    ],
)
def test_every_content_word_must_be_there(synonym: str, heading: str) -> None:
    from sre_docs.body import normalise_title

    section = doctypes.Section("Summary", (synonym,))
    assert not section.matches(normalise_title(heading))


def test_a_team_synonym_matches_its_headings_in_any_word_order(tmp_path: Path) -> None:
    (tmp_path / "disclosures").mkdir()
    (tmp_path / "disclosures" / "2025-08-13.md").write_text(
        "# 2025-08-13: Vault share price\n\n## Summary\n\ns\n\n## Timeline\n\nt\n\n"
        "## Vulnerability Details\n\nd\n\n## Impact\n\ni\n\n## Action Items\n\n- none\n",
        encoding="utf-8",
    )
    options: dict[str, object] = {"folders": {"disclosures": "postmortem"}}
    assert _missing(tmp_path, **options) == ["postmortem has no 'Root Cause' section"]
    options["sections"] = {"postmortem": {"synonyms": {"Root Cause": ["Details of vulnerability"]}}}
    assert _missing(tmp_path, **options) == []
