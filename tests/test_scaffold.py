"""`sre-docs new` through the installed command: every type, overrides, typing, safety, wheel.

A fresh document lints clean (exit 0) and fails `--strict` only with placeholder warnings."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import venv
import zipfile
from pathlib import Path
from typing import Any

import pytest

from sre_docs import doctypes
from sre_docs.loader import parse_yaml, split_front_matter
from sre_docs.scaffold import TEMPLATE_NAMES, slugify
from tests.conftest import REPO, TODAY, run_cli

TYPES = doctypes.NAMES
FOLDERS = {
    "postmortem": "postmortems",
    "runbook": "runbooks",
    "slo": "slos",
    "handoff": "handoffs",
    "toil": "toil",
    "service": "services",
    "chaos-experiment": "chaos",
    "readiness-review": "readiness",
    "capacity-plan": "capacity",
}
DATED = ("postmortem", "handoff", "chaos-experiment", "readiness-review")
NO_GIT_IDENTITY = {"GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
TODAY_EPOCH = "1795478400"  # 2026-11-24T00:00:00Z


@pytest.fixture
def handbook(tmp_path: Path) -> Path:
    root = tmp_path / "handbook"
    (root / "docs").mkdir(parents=True)
    (root / "mkdocs.yml").write_text(
        f"site_name: t\ndocs_dir: docs\nplugins:\n  - sre-docs:\n      today: {TODAY}\n",
        encoding="utf-8",
    )
    return root


def _new(
    root: Path, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    # The handbook's pinned `today:` is for rules only: new documents are dated by the clock,
    # here SOURCE_DATE_EPOCH at TODAY.
    epoch = {"SOURCE_DATE_EPOCH": TODAY_EPOCH}
    return run_cli(["new", *args], root, env={**NO_GIT_IDENTITY, **epoch, **(env or {})})


def _front_matter(text: str) -> dict[str, Any]:
    """The front matter as the linter reads it (dates stay the strings written)."""
    front, first_line, _, _, problem = split_front_matter(text)
    assert front is not None and problem is None
    parsed = parse_yaml(front, first_line)
    assert not parsed.problems and isinstance(parsed.data, dict)
    return parsed.data


def _lint(root: Path, *options: str) -> subprocess.CompletedProcess[str]:
    return run_cli(["lint", "--format", "json", "-q", "--no-cache", *options], root)


def _assert_fresh(root: Path) -> list[dict[str, object]]:
    """Exit 0; with --strict, exit 1 with placeholder-text warnings and nothing else."""
    lint = _lint(root)
    assert lint.returncode == 0, lint.stdout + lint.stderr
    strict = _lint(root, "--strict")
    findings = json.loads(strict.stdout)
    assert strict.returncode == 1 and findings, strict.stderr
    assert {finding["rule"] for finding in findings} == {"placeholder-text"}, findings
    return findings


# Every type -----------------------------------------------------------------------------------


@pytest.mark.parametrize("doc_type", TYPES)
def test_every_type_is_scaffolded_and_lints_clean(handbook: Path, doc_type: str) -> None:
    result = _new(handbook, doc_type, "Checkout outage")
    assert result.returncode == 0, result.stderr
    path = handbook / result.stdout.strip()
    dated = doc_type in DATED
    assert path.name == (f"{TODAY}-checkout-outage.md" if dated else "checkout-outage.md")
    assert path.parent == handbook / "docs" / FOLDERS[doc_type]
    text = path.read_text(encoding="utf-8")
    meta = _front_matter(text)
    assert meta["type"] == doc_type and meta["title"] == "Checkout outage"
    prefix = {"postmortem": "PM", "runbook": "RB", "slo": "SLO", "handoff": "HO", "toil": "TOIL"}
    more = {"service": "SVC", "chaos-experiment": "CHAOS", "readiness-review": "PRR"}
    expected_id = {"capacity-plan": "CAP", **more, **prefix}[doc_type] + (
        f"-{TODAY}-checkout-outage" if dated else "-checkout-outage"
    )
    assert meta["id"] == expected_id
    # Every template variable filled in; `[{{window}}]` is the SLI queries' own placeholder.
    assert "# Checkout outage\n" in text and "{{" not in text.replace("{{window}}", "")
    findings = _assert_fresh(handbook)
    assert all(finding["severity"] == "warning" for finding in findings)


def test_the_full_postmortem_has_what_real_postmortems_have(handbook: Path) -> None:
    text = _new(handbook, "postmortem", "Checkout outage", "--stdout").stdout
    for heading in ("Summary", "Impact", "Timeline", "Root Cause", "Action Items"):
        assert f"\n## {heading}\n" in text
    assert "\n## Lessons Learned\n" in text and text.count("Why? [Answer]") == 5
    assert "| Priority | Action | Owner | Due | Ticket |" in text
    meta = _front_matter(text)
    assert meta["severity"] == "SEV2" and meta["status"] == "draft"
    # No invented numbers: a draft must not tell the incidents page it took 0 minutes.
    assert not {"duration_minutes", "impact", "detection", "resolution"} & set(meta)
    assert "# detection: {how_detected: alert" in text  # offered as a comment instead


def test_slo_burn_rate_alerts_and_budget(handbook: Path) -> None:
    meta = _front_matter(_new(handbook, "slo", "Checkout availability", "--stdout").stdout)
    alerts = meta["burn_rate_alerts"]
    assert [alert["burn_rate"] for alert in alerts] == [14.4, 6, 1]
    assert [alert["severity"] for alert in alerts] == ["page", "page", "ticket"]
    assert (meta["target"], meta["window"], meta["error_budget_minutes"]) == (99.9, "30d", 43.2)


def test_handoff_has_its_five_sections(handbook: Path) -> None:
    text = _new(handbook, "handoff", "Week 48", "--stdout").stdout
    for heading in (
        "Open Issues",
        "Recent Changes",
        "Known Risks",
        "Scheduled Maintenance",
        "Runbook Updates",
    ):
        assert f"\n## {heading}\n" in text


def test_strict_lists_each_placeholder_until_filled_in(handbook: Path) -> None:
    path = handbook / _new(handbook, "handoff", "Week 48").stdout.strip()
    before = len(_assert_fresh(handbook))
    text = path.read_text(encoding="utf-8")
    text = text.replace('to: "@TODO"', 'to: "@bob"').replace("to: '@TODO'", "to: '@bob'")
    path.write_text(text.replace("[Answer] Incidents", "Incidents"), encoding="utf-8")
    assert len(_assert_fresh(handbook)) == before - 2
    filled = "\n".join(
        line.replace("[Answer] ", "").replace("TODO", "platform-primary")
        for line in path.read_text(encoding="utf-8").splitlines()
    )
    path.write_text(filled + "\n", encoding="utf-8")
    strict = _lint(handbook, "--strict")
    assert strict.returncode == 0 and json.loads(strict.stdout) == []


# Titles and names ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Checkout outage", "checkout-outage"),
        ("Café ordering outage ünïcode", "cafe-ordering-outage-unicode"),
        ("Größe der Straße", "grosse-der-strasse"),
        ("Don't panic: DNS!", "dont-panic-dns"),
        ("故障 対応", "故障-対応"),
        ("Сбой базы данных", "сбой-базы-данных"),
        ("Cafe\u0301 decomposed", "cafe-decomposed"),
        ("v1.2 → v1.3 rollout", "v1-2-v1-3-rollout"),
        ("!!!", "untitled"),
    ],
)
def test_slugify(title: str, slug: str) -> None:
    assert slugify(title) == slug


def test_long_titles_make_file_names_the_file_system_accepts() -> None:
    assert len(slugify("outage " * 40)) <= 80 and not slugify("outage " * 40).endswith("-")
    assert len(slugify("故障" * 200).encode()) <= 160


def test_unicode_titles_through_the_command(handbook: Path) -> None:
    result = _new(handbook, "runbook", "故障 対応")
    assert result.returncode == 0 and result.stdout.strip().endswith("故障-対応.md")
    _assert_fresh(handbook)


def test_titles_that_look_like_yaml_or_templates_stay_titles(handbook: Path) -> None:
    title = "Checkout: \"down\" again # {{ date }} [x] 'quoted'"
    result = _new(handbook, "postmortem", title)
    assert result.returncode == 0, result.stderr
    text = (handbook / result.stdout.strip()).read_text(encoding="utf-8")
    assert _front_matter(text)["title"] == title
    assert f"# {title}\n" in text
    assert run_cli(["lint", "-q", "--no-cache"], handbook).returncode == 0


# Postmortem forms -----------------------------------------------------------------------------


def test_short_form_on_request_or_from_severity(handbook: Path) -> None:
    short = _new(handbook, "postmortem", "Small blip", "--short", "--stdout").stdout
    assert "## What Happened" in short and "## Fix" in short and "## Summary" not in short
    assert _front_matter(short)["severity"] == "SEV3"
    chosen = _new(handbook, "postmortem", "Blip", "--set", "severity=SEV4", "--stdout").stdout
    assert "## What Happened" in chosen and _front_matter(chosen)["severity"] == "SEV4"
    full = _new(handbook, "postmortem", "Big", "--set", "severity=SEV1", "--stdout").stdout
    assert "## Summary" in full and "## What Happened" not in full
    _new(handbook, "postmortem", "Small blip", "--short")
    _assert_fresh(handbook)


def test_procedure_runbook_on_request_or_from_kind(handbook: Path) -> None:
    text = _new(handbook, "runbook", "Rotate the TLS certificate", "--procedure", "--stdout").stdout
    meta = _front_matter(text)
    assert meta["kind"] == "procedure" and "alerts" not in meta
    for heading in ("Purpose", "Prerequisites", "Steps", "Verification", "Rollback"):
        assert f"\n## {heading}\n" in text
    assert "## Diagnosis" not in text
    chosen = _new(handbook, "runbook", "Restore", "--set", "kind=procedure", "--stdout").stdout
    assert "## Rollback" in chosen
    alert = _new(handbook, "runbook", "Queue high", "--set", "kind=alert", "--stdout").stdout
    assert "## Diagnosis" in alert and _front_matter(alert)["kind"] == "alert"
    _new(handbook, "runbook", "Rotate the TLS certificate", "--procedure")
    _assert_fresh(handbook)


def test_troubleshooting_runbook_on_request_or_from_kind(handbook: Path) -> None:
    text = _new(
        handbook, "runbook", "Pod in CrashLoopBackOff", "--troubleshooting", "--stdout"
    ).stdout
    meta = _front_matter(text)
    assert meta["kind"] == "troubleshooting" and "alerts" not in meta
    for heading in ("Symptoms", "Diagnosis", "Resolution"):
        assert f"\n## {heading}\n" in text
    assert "## Escalation" not in text and "## Impact" not in text
    chosen = _new(handbook, "runbook", "No route", "--set", "kind=troubleshooting", "--stdout")
    assert "## Symptoms" in chosen.stdout
    _new(handbook, "runbook", "Pod in CrashLoopBackOff", "--troubleshooting")
    _assert_fresh(handbook)


def test_the_title_may_follow_the_form_option(handbook: Path) -> None:
    """`sre-docs new runbook --troubleshooting "Pod in CrashLoopBackOff"`, as the guide's
    table writes the form: the title after the option is the title, not an unknown word."""
    for form, kind in (("--troubleshooting", "troubleshooting"), ("--procedure", "procedure")):
        result = _new(handbook, "runbook", form, "Pod in CrashLoopBackOff", "--stdout")
        assert result.returncode == 0, result.stderr
        meta = _front_matter(result.stdout)
        assert (meta["kind"], meta["title"]) == (kind, "Pod in CrashLoopBackOff")
    extra = _new(handbook, "runbook", "--troubleshooting", "A", "B", "--stdout")
    assert extra.returncode == 2 and "unrecognized arguments: B" in extra.stderr
    first = _new(handbook, "runbook", "--troubleshooting", "Import error")
    written = handbook / first.stdout.strip()
    written.write_text("mine\n", encoding="utf-8")
    again = _new(handbook, "runbook", "--troubleshooting", "Import error")
    assert again.returncode == 2 and "not overwritten" in again.stderr
    assert written.read_text(encoding="utf-8") == "mine\n"


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (("runbook", "x", "--troubleshooting", "--set", "kind=procedure"), "contradicts it"),
        (("postmortem", "x", "--short", "--set", "severity=SEV1"), "needs the full form"),
        (("runbook", "x", "--short"), "--short applies to postmortems only"),
        (("postmortem", "x", "--procedure"), "--procedure applies to runbooks only"),
        (("runbook", "x", "--procedure", "--set", "kind=alert"), "contradicts it"),
    ],
)
def test_short_form_refused_where_it_would_not_lint(
    handbook: Path, args: tuple[str, ...], fragment: str
) -> None:
    result = _new(handbook, *args)
    assert result.returncode == 2 and fragment in result.stderr
    assert not (handbook / "docs" / "postmortems").exists()


# --set ----------------------------------------------------------------------------------------


def test_set_is_typed_by_the_schema(handbook: Path) -> None:
    result = _new(
        handbook,
        "postmortem",
        "Payments blip",
        *("--set", "severity=SEV2"),
        *("--set", "services=checkout-api, payments"),
        *("--set", "duration_minutes=12"),
        *("--set", "impact.data_loss=false"),
        *("--set", "impact.revenue_impact_usd=120.5"),
        *("--set", "team=payments"),
        "--stdout",
    )
    assert result.returncode == 0, result.stderr
    meta = _front_matter(result.stdout)
    assert meta["services"] == ["checkout-api", "payments"]
    assert meta["duration_minutes"] == 12 and meta["impact"] == {
        "data_loss": False,
        "revenue_impact_usd": 120.5,
    }
    assert meta["severity"] == "SEV2" and meta["team"] == "payments"  # unknown keys allowed
    assert "services: [checkout-api, payments]" in result.stdout
    assert not (handbook / "docs" / "postmortems").exists()


def test_set_values_land_in_the_file_and_lint_clean(handbook: Path) -> None:
    result = _new(
        handbook,
        "postmortem",
        "Checkout outage",
        *("--set", "severity=SEV2"),
        *("--set", "services=checkout-api"),
        *("--set", "date=2026-11-20"),
    )
    assert result.returncode == 0, result.stderr
    # The incident's day names the file, not the day the postmortem was started.
    assert result.stdout.strip().endswith("2026-11-20-checkout-outage.md")
    meta = _front_matter((handbook / result.stdout.strip()).read_text(encoding="utf-8"))
    assert (meta["date"], meta["id"]) == ("2026-11-20", "PM-2026-11-20-checkout-outage")
    assert meta["services"] == ["checkout-api"]
    _assert_fresh(handbook)


def test_slo_budget_follows_the_target_and_window_set(handbook: Path) -> None:
    result = _new(handbook, "slo", "Checkout", "--set", "target=99.5", "--set", "window=28d")
    meta = _front_matter((handbook / result.stdout.strip()).read_text(encoding="utf-8"))
    assert (meta["target"], meta["error_budget"], meta["error_budget_minutes"]) == (
        99.5,
        0.5,
        201.6,
    )
    _assert_fresh(handbook)


@pytest.mark.parametrize(
    ("assignment", "fragment"),
    [
        ("severity=SEV9", "severity: 'SEV9' is not one of SEV1, SEV2, SEV3, SEV4"),
        ("status=done", "status: 'done' is not one of draft"),
        ("duration_minutes=abc", "--set duration_minutes=abc: expected a whole number"),
        ("duration_minutes=-5", "must be ≥ 0"),
        ("impact.data_loss=maybe", "--set impact.data_loss=maybe: expected true or false"),
        ("impact.revenue_impact_usd=lots", "expected a number"),
        ("date=2026-02-30", "--set date=2026-02-30: not a valid date"),
        ("services=", "--set services=: services: must list at least 1 item"),
        ("impact=3", "--set impact=3: impact: expected a mapping"),
        ("nonsense", "--set nonsense: expected KEY=VALUE"),
        ("bad key=1", "is not a field name"),
        ("type=slo", "the type is the TYPE argument"),
    ],
)
def test_set_errors_name_the_key(handbook: Path, assignment: str, fragment: str) -> None:
    result = _new(handbook, "postmortem", "x", "--set", assignment)
    assert result.returncode == 2 and fragment in result.stderr, result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr
    assert not (handbook / "docs" / "postmortems").exists()


@pytest.mark.parametrize(
    ("doc_type", "assignment", "fragment"),
    [
        ("slo", "target=1e999", "expected a number"),
        ("slo", "window=monthly", "window"),
        ("toil", "occurrences_per_month=often", "expected a number"),
        ("runbook", "last_reviewed=yesterday", "not a valid date"),
        ("service", "tier=gold", "'gold' is not one of"),
    ],
)
def test_set_errors_for_other_types(
    handbook: Path, doc_type: str, assignment: str, fragment: str
) -> None:
    result = _new(handbook, doc_type, "x", "--set", assignment)
    assert result.returncode == 2 and fragment in result.stderr, result.stderr
    assert f"--set {assignment}" in result.stderr


# Owner from git -------------------------------------------------------------------------------


def test_owner_and_author_come_from_git(handbook: Path, tmp_path: Path) -> None:
    gitconfig = tmp_path / "gitconfig"
    gitconfig.write_text(
        "[user]\n\tname = Alice Example\n\temail = 1234+alice.example@users.noreply.github.com\n",
        encoding="utf-8",
    )
    env = {"GIT_CONFIG_GLOBAL": str(gitconfig)}
    postmortem = _front_matter(_new(handbook, "postmortem", "x", "--stdout", env=env).stdout)
    assert postmortem["authors"] == ["@alice.example"]
    runbook = _front_matter(_new(handbook, "runbook", "x", "--stdout", env=env).stdout)
    assert runbook["owner"] == "@alice.example"
    handoff = _front_matter(_new(handbook, "handoff", "x", "--stdout", env=env).stdout)
    assert handoff["from"] == "@alice.example"
    gitconfig.write_text("[user]\n\tname = Bob Builder\n", encoding="utf-8")
    runbook = _front_matter(_new(handbook, "runbook", "x", "--stdout", env=env).stdout)
    assert runbook["owner"] == "@bob.builder"


def test_without_a_git_identity_the_owner_is_a_placeholder(handbook: Path) -> None:
    result = _new(handbook, "runbook", "Disk full")
    meta = _front_matter((handbook / result.stdout.strip()).read_text(encoding="utf-8"))
    assert meta["owner"] == "@TODO"
    findings = _assert_fresh(handbook)
    assert any("owner" in finding["message"] for finding in findings)


# Dates ----------------------------------------------------------------------------------------


def test_date_from_source_date_epoch_and_today(handbook: Path) -> None:
    (handbook / "mkdocs.yml").write_text("site_name: t\ndocs_dir: docs\n", encoding="utf-8")
    result = _new(
        handbook, "handoff", "Week 1", "--stdout", env={"SOURCE_DATE_EPOCH": "1767225600"}
    )
    assert result.returncode == 0 and "\ndate: 2026-01-01\n" in result.stdout
    pinned = _new(handbook, "handoff", "Week 1", "--stdout", "--today", "2026-03-04")
    assert "\ndate: 2026-03-04\n" in pinned.stdout
    written = _new(handbook, "runbook", "Disk", env={"SOURCE_DATE_EPOCH": "1767225600"})
    meta = _front_matter((handbook / written.stdout.strip()).read_text(encoding="utf-8"))
    assert meta["last_reviewed"] == "2026-01-01"


# Safety ---------------------------------------------------------------------------------------


def test_never_overwrites_and_suffix_on_request(handbook: Path) -> None:
    first = _new(handbook, "runbook", "Disk full")
    path = handbook / first.stdout.strip()
    path.write_text("my precious edits", encoding="utf-8")
    second = _new(handbook, "runbook", "Disk full")
    assert second.returncode == 2
    assert "docs/runbooks/disk-full.md: already exists" in second.stderr
    assert path.read_text(encoding="utf-8") == "my precious edits"
    path.unlink()
    _new(handbook, "runbook", "Disk full")
    third = _new(handbook, "runbook", "Disk full", "--suffix")
    fourth = _new(handbook, "runbook", "Disk full", "--suffix")
    assert third.stdout.strip().endswith("disk-full-2.md")
    assert fourth.stdout.strip().endswith("disk-full-3.md")
    ids = {
        _front_matter(file.read_text(encoding="utf-8"))["id"]
        for file in (handbook / "docs" / "runbooks").iterdir()
    }
    assert ids == {"RB-disk-full", "RB-disk-full-2", "RB-disk-full-3"}
    _assert_fresh(handbook)  # no duplicate-id


def test_a_dangling_symlink_is_not_written_through(handbook: Path, tmp_path: Path) -> None:
    folder = handbook / "docs" / "runbooks"
    folder.mkdir()
    target = tmp_path / "elsewhere.md"
    (folder / "disk-full.md").symlink_to(target)
    result = _new(handbook, "runbook", "Disk full")
    assert result.returncode == 2 and "already exists" in result.stderr
    assert not target.exists()


def test_never_writes_outside_the_docs_root(handbook: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    for folder, fragment in (
        ("../escape", "outside the docs folder"),
        ("runbooks/../../escape", "outside the docs folder"),
        (str(outside), "must be relative to the docs folder"),
    ):
        result = _new(handbook, "runbook", "x", "--dir", folder)
        assert result.returncode == 2 and fragment in result.stderr, result.stderr
    (handbook / "docs" / "linked").symlink_to(outside)
    result = _new(handbook, "runbook", "x", "--dir", "linked")
    assert result.returncode == 2 and "outside the docs folder" in result.stderr
    (handbook / "docs" / "runbooks").symlink_to(outside)  # the type's own folder
    result = _new(handbook, "runbook", "x")
    assert result.returncode == 2 and "outside the docs folder" in result.stderr
    assert not list(outside.iterdir())
    assert not (handbook / "escape").exists() and not (tmp_path / "escape").exists()


def test_the_configured_folder_of_a_type_is_used(handbook: Path) -> None:
    (handbook / "mkdocs.yml").write_text(
        "site_name: t\ndocs_dir: docs\nplugins:\n  - sre-docs:\n      folders:\n"
        "        incidents: postmortem\n",
        encoding="utf-8",
    )
    result = _new(handbook, "postmortem", "x", "--today", TODAY)
    assert result.stdout.strip() == f"docs/incidents/{TODAY}-x.md"


def test_dir_inside_the_docs_root_and_created_as_needed(handbook: Path) -> None:
    result = _new(handbook, "runbook", "Disk full", "--dir", "teams/storage/runbooks")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "docs/teams/storage/runbooks/disk-full.md"
    (handbook / "docs" / "afile").write_text("x", encoding="utf-8")
    for folder in ("afile", "afile/sub"):
        refused = _new(handbook, "runbook", "x", "--dir", folder)
        assert refused.returncode == 2 and "is a file, not a folder" in refused.stderr
    templates = _new(handbook, "runbook", "x", "--dir", "templates")
    assert templates.returncode == 2 and "templates folder" in templates.stderr


def test_no_temporary_files_are_left_behind(handbook: Path) -> None:
    _new(handbook, "toil", "Manual restarts")
    _new(handbook, "toil", "Manual restarts")  # refused: the temporary file is removed too
    assert [path.name for path in (handbook / "docs" / "toil").iterdir()] == ["manual-restarts.md"]


def test_concurrent_new_one_wins(handbook: Path) -> None:
    results: list[subprocess.CompletedProcess[str]] = []

    def create() -> None:
        results.append(_new(handbook, "toil", "Same title"))

    threads = [threading.Thread(target=create) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(result.returncode for result in results) == [0, 2, 2]
    folder = handbook / "docs" / "toil"
    assert [path.name for path in folder.iterdir()] == ["same-title.md"]


def test_usage_errors(handbook: Path) -> None:
    for args, fragment in (
        ((), "a document type is required"),
        (("runbook",), "a title is required"),
        (("runbook", "   "), "a title is required"),
        (("incident", "x"), "unknown document type 'incident'"),
    ):
        result = _new(handbook, *args)
        assert result.returncode == 2 and fragment in result.stderr


# Templates ------------------------------------------------------------------------------------

HOUSE_RUNBOOK = (
    "---\ntype: runbook\ntitle: {{ title }}\nalerts: [TODO]\nowner: {{ owner }}\n"
    "last_reviewed: {{ today }}\n# our comment\n---\n# {{ title }}\n\n{where} house style.\n\n"
    "## Overview\n## Impact\n## Diagnosis\n## Mitigation\n## Escalation\n"
)


def test_handbook_templates_override_builtins(handbook: Path) -> None:
    beside = handbook / "templates"
    inside = handbook / "docs" / "templates"
    beside.mkdir()
    (beside / "runbook.md").write_text(HOUSE_RUNBOOK.replace("{where}", "Root"), "utf-8")
    result = _new(handbook, "runbook", "Queue: stuck", "--stdout")
    assert "Root house style." in result.stdout and "# Queue: stuck" in result.stdout
    assert _front_matter(result.stdout)["title"] == "Queue: stuck"  # unquoted {{ title }}
    assert "# our comment\n---\n" in result.stdout
    inside.mkdir()
    (inside / "runbook.md").write_text(HOUSE_RUNBOOK.replace("{where}", "Docs"), "utf-8")
    result = _new(handbook, "runbook", "Queue stuck")  # the docs folder's own wins
    text = (handbook / result.stdout.strip()).read_text(encoding="utf-8")
    assert "Docs house style." in text
    listing = _new(handbook, "--list").stdout.splitlines()
    assert len(listing) == len(TEMPLATE_NAMES)
    runbook_line = next(line for line in listing if line.startswith("runbook "))
    assert "docs/templates/runbook.md (handbook)" in runbook_line
    assert all("(built-in)" in line for line in listing if not line.startswith("runbook "))
    _assert_fresh(handbook)  # templates/ is neither linted nor counted


def test_a_broken_override_template_is_a_clear_error(handbook: Path) -> None:
    templates = handbook / "templates"
    templates.mkdir()
    (templates / "slo.md").write_text("---\ntype: slo\ntitle: {{ title }}\n---\n# x\n", "utf-8")
    result = _new(handbook, "slo", "x")
    assert result.returncode == 2 and "templates/slo.md" in result.stderr
    assert "missing required field" in result.stderr
    (templates / "slo.md").write_text("no front matter\n", "utf-8")
    result = _new(handbook, "slo", "x")
    assert result.returncode == 2 and "needs front matter" in result.stderr


def test_builtin_templates_use_only_recognised_placeholders() -> None:
    names = {path.stem for path in (REPO / "templates").glob("*.md")}
    assert names == set(TEMPLATE_NAMES)
    for path in (REPO / "templates").glob("*.md"):
        text = path.read_text(encoding="utf-8")
        assert "@name" not in text and "XXX-123" not in text  # orphan action items
        assert "|---|" in text or "Action Items" not in text


# The wheel ------------------------------------------------------------------------------------


def test_wheel_install_can_scaffold(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    build = subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--outdir", str(dist)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert build.returncode == 0, build.stderr[-2000:]
    (wheel,) = dist.glob("*.whl")
    shipped = set(zipfile.ZipFile(wheel).namelist())
    assert {f"sre_docs/builtin_templates/{name}.md" for name in TEMPLATE_NAMES} <= shipped
    # The licence the package declares ships with it.
    assert any(name.endswith(".dist-info/licenses/LICENSE") for name in shipped), shipped
    from sre_docs import __version__

    assert wheel.name == f"sre_docs-{__version__}-py3-none-any.whl"  # the name the README gives
    environment = tmp_path / "venv"
    venv.create(environment, with_pip=True)
    python = environment / "bin" / "python"
    # A plain install from the package index, dependencies included, as a user would.
    install = subprocess.run(
        [str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check", str(wheel)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert install.returncode == 0, install.stderr
    # `pip install sre-docs` is the command line alone: no site generator comes with it.
    probe = "import importlib.util as u; print([n for n in {names!r} if u.find_spec(n)])"
    names = ("mkdocs", "material", "properdocs", "zensical")
    found = subprocess.run(
        [str(python), "-c", probe.format(names=names)], capture_output=True, text=True, check=True
    )
    assert found.stdout.strip() == "[]", found.stdout
    root = tmp_path / "handbook"
    root.mkdir()
    env = {
        key: value for key, value in os.environ.items() if key not in ("PYTHONPATH", "VIRTUAL_ENV")
    }
    env.update(NO_GIT_IDENTITY)
    command = str(environment / "bin" / "sre-docs")

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [command, *args], cwd=root, capture_output=True, text=True, timeout=120, env=env
        )

    result = run("new", "slo", "Checkout availability", "--today", TODAY)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "slos/checkout-availability.md"  # no mkdocs.yml: root is .
    assert run("new", "postmortem", "Checkout outage", "--today", TODAY).returncode == 0
    listing = run("new", "--list").stdout
    assert "site-packages" in listing and "builtin_templates" in listing
    assert str(REPO) not in listing  # the wheel's own templates, not this checkout's
    lint = run("lint", "-q", "--no-cache", "--today", TODAY)
    assert lint.returncode == 0, lint.stdout + lint.stderr
    site = run("site", "build")
    assert site.returncode == 2 and "pip install 'sre-docs[mkdocs]'" in site.stderr, site.stderr
