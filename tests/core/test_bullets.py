"""Action items read from bullets: owner, due date, ticket and state from one item's text."""

from __future__ import annotations

import time

import pytest

from sre_docs.bullets import read_bullet, section_bullets


@pytest.mark.parametrize(
    ("text", "owner", "due", "ticket", "status"),
    [
        ("Add an alert for queue depth", None, None, None, "open"),
        ("[ ] Fix retry loop (owner: @bob, due 2026-11-10)", "@bob", "2026-11-10", None, "open"),
        ("[x] Raise the pool size @amira PW-12", "@amira", None, "PW-12", "done"),
        ("Owner: Li Wei; by 2026-12-01; #4411", "Li Wei", "2026-12-01", "#4411", "open"),
        ("Document restarts — Priya", "Priya", None, None, "open"),
        (
            "Set limits <https://github.com/o/r/issues/90>",
            None,
            None,
            "https://github.com/o/r/issues/90",
            "open",
        ),
        ("Migrate to UTF-8 logs, deadline: 12/15/2026", None, "12/15/2026", None, "open"),
        ("Track it in org/repo#12", None, None, "org/repo#12", "open"),
        ("Mail ops@example.com about SEV-1 handling", None, None, None, "open"),
        ("~~Drop the old queue~~", None, None, None, "done"),
        ("**Assignee**: Jo Smith due: 2026-10-01", "Jo Smith", "2026-10-01", None, "open"),
        ("[dustin] finish the provisioner patch", "dustin", None, None, "open"),
        (
            "[Audit logging](https://bugzilla.example.org/1572760)",
            None,
            None,
            "https://bugzilla.example.org/1572760",
            "open",
        ),
    ],
)
def test_read_bullet(text: str, owner, due, ticket, status: str) -> None:
    bullet = read_bullet(text, 7)
    assert (bullet.owner, bullet.due, bullet.ticket, bullet.status) == (owner, due, ticket, status)
    assert bullet.line == 7


def test_section_bullets_nesting_and_lines() -> None:
    lines = [
        "",
        "- First",
        "  continued on a lazy line",
        "  - a detail, not an item",
        "- Short term",
        "  - Second",
        "  - Third",
        "",
        "```",
        "- not a list item: code",
        "```",
        "1. Fourth, with a detail below.",
        "",
        "    - a detail of the fourth",
    ]
    bullets = section_bullets(lines, 40, done=False)
    assert [(b.line, b.description) for b in bullets] == [
        (41, "First"),
        (45, "Second"),
        (46, "Third"),
        (51, "Fourth, with a detail below."),
    ]
    assert all(b.status == "done" for b in section_bullets(lines, 40, done=True))


def test_hostile_bullets_stay_linear() -> None:
    hostile = [
        "- " + "@" * 20000,
        "- owner:" + " " * 20000 + "x",
        "- " + "— " * 10000,
        "- " + "due " * 10000,
        "- " + "[" * 10000 + "](" * 10000,
        "- " + "A-1" * 10000,
        "- " + "a/" * 10000 + "#",
    ]
    # Seconds, not minutes: a pattern that backtracks on these would not finish at all, and
    # the bound leaves room for a loaded machine.
    start = time.perf_counter()
    for line in hostile:
        section_bullets([line], 1, done=False)
        read_bullet(line[2:] * 2, 1)
    assert time.perf_counter() - start < 10.0


def test_items_told_as_done_and_unindented_details() -> None:
    lines = [
        "1.  **Deeper engine monitoring**",
        "    We plan to add alerts around:",
        "",
        "-   TOAST table statistics",
        "-   Disk read amplification",
        "",
        "2.  **Improved runbooks for engine limits**",
        "",
        "Already done:",
        "",
        "- Switched to pnpm 10 to disable install scripts",
        "- We've tightened our release workflows",
        "- Need a SOC to detect supply chain attacks",
    ]
    bullets = section_bullets(lines, 1, done=False)
    assert [(b.description, b.status) for b in bullets] == [
        ("Deeper engine monitoring", "open"),
        ("Improved runbooks for engine limits", "open"),
        ("Switched to pnpm 10 to disable install scripts", "done"),
        ("We've tightened our release workflows", "done"),
        ("Need a SOC to detect supply chain attacks", "open"),
    ]


def test_description_leaves_the_ticket_to_its_column() -> None:
    bullet = read_bullet("Set `limits` on ingress <https://github.com/o/r/issues/90>", 3)
    assert bullet.description == "Set limits on ingress"
    assert bullet.ticket == "https://github.com/o/r/issues/90"
    kept = read_bullet("Upgrade nfs (see https://github.com/o/r/pull/34).", 3)
    assert kept.description == "Upgrade nfs (see https://github.com/o/r/pull/34)."


def test_ticket_on_a_continuation_line_or_as_a_reference_link() -> None:
    lines = [
        "1. Retry the upload when the bucket answers slowly",
        "   ([issue](https://tracker.example.org/storage/issues/41))",
        "2. Page the on-call engineer on queue depth ([pull request][queue-pr])",
        "3. Write down how to drain a node",
        "",
        "   The old notes are gone. [issue](https://tracker.example.org/docs/issues/3)",
        "4. Check the disks weekly",
        "",
        "[queue-pr]: https://tracker.example.org/alerts/pull/7",
    ]
    bullets = section_bullets(lines, 10, done=False)
    assert [(b.line, b.ticket) for b in bullets] == [
        (10, "https://tracker.example.org/storage/issues/41"),
        (12, "https://tracker.example.org/alerts/pull/7"),
        (13, "https://tracker.example.org/docs/issues/3"),
        (16, None),
    ]
    assert bullets[0].description == "Retry the upload when the bucket answers slowly"


def test_item_told_as_done_in_its_last_sentence() -> None:
    lines = [
        "1. Show launches in progress on the dashboard.",
        "   The current panel only counts finished ones. _Done in the dashboard_.",
        "2. Alert when the build queue is longer than ten.",
        "   Nothing done about it yet, see the notes.",
        "3. Done",
    ]
    bullets = section_bullets(lines, 1, done=False)
    assert [b.status for b in bullets] == ["done", "open", "open"]


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("Additional observability was introduced for the peer network", "done"),
        ("Funds have been withdrawn from the vulnerable strategy", "done"),
        ("The chart version was pinned", "done"),
        ("The old signing keys have been revoked", "done"),
        ("Changes have been made to the node pool so that it pins the image", "done"),
        ("Dashboards were quickly updated", "done"),
        ("Stale clients were to be filtered at the edge", "open"),
        ("The event loop will be analysed if the latency stays high", "open"),
        ("The job should be restarted on failure", "open"),
        ("Alerts were not added yet", "open"),
        ("Verify that the backup was restored", "open"),
        ("Find out why the page was missed", "open"),
        ("A ticket was raised to track the disk", "open"),
        ("The root cause was identified", "open"),
        ("Was the failover tested?", "open"),
        ("Monitoring has to be improved", "open"),
        # Not done: what was not done, put off, begun or only tracked, or a report qualified.
        ("A quota check could have been added", "open"),
        ("Rate limiting would have been added to the API", "open"),
        ("The migration was deferred to Q3", "open"),
        ("Alerting was postponed to the next sprint", "open"),
        ("Work has been started on the new failover", "open"),
        ("The issue was escalated to the vendor", "open"),
        ("Documentation has been drafted", "open"),
        ("Ticket has been created to add retries to the client", "open"),
        ("A Jira ticket was opened to track the quota alert", "open"),
        ("An issue has been filed to add a canary stage", "open"),
        ("A PR has been opened to add monitoring", "open"),
        ("The change was rolled back but the root cause was not fixed", "open"),
        ("The job was disabled until a fix lands", "open"),
        ("The deploy pipeline has been paused pending a fix", "open"),
        ("The fix has been partially deployed", "open"),
        ("Backups were configured incorrectly", "open"),
        ("The DNS record was misconfigured", "open"),
        ("No alert was added for the queue", "open"),
        ("Nothing was changed in the deploy pipeline", "open"),
        ("The certificate was renewed by hand; automate the renewal", "open"),
        ("Capacity was increased temporarily; a permanent fix is tracked in OPS-1", "open"),
        # Done: the work itself, or its ticket closed.
        ("The PR adding the quota alert was merged", "done"),
        ("The Jira ticket has been closed", "done"),
        ("Alerts were added; the runbook was updated", "done"),
        ("Requests to the API were throttled at the edge", "done"),
    ],
)
def test_item_told_as_done_in_the_passive(text: str, status: str) -> None:
    assert read_bullet(text, 1).status == status


def test_item_marked_done_at_its_end() -> None:
    assert read_bullet("Email everyone when the site is down (DONE)", 1).status == "done"
    assert read_bullet("Rotate the signing key [done].", 1).status == "done"
    assert read_bullet("Say when the migration is done (see notes)", 1).status == "open"


def test_review_subsections_under_action_items_are_not_items(tmp_path) -> None:
    from sre_docs.loader import load_file

    page = tmp_path / "report.md"
    page.write_text(
        "# Queue outage\n\n## Action items\n\n### What went wrong\n\n"
        "- Nobody could read the broker logs\n\n### Process improvements\n\n"
        "1. Page two people for queue alerts\n",
        encoding="utf-8",
    )
    items = load_file(page.name, page, "postmortem").action_items
    assert [item.description for item in items] == ["Page two people for queue alerts"]


def test_reference_links_defined_elsewhere_in_the_page(tmp_path) -> None:
    from sre_docs.loader import load_file

    page = tmp_path / "report.md"
    page.write_text(
        "# Queue outage\n\n## Action items\n\n### Alerting\n\n"
        "1. Alert on queue depth ([issue][depth-issue])\n\n### Notes\n\n"
        "[depth-issue]: https://tracker.example.org/queue/issues/12\n",
        encoding="utf-8",
    )
    items = load_file(page.name, page, "postmortem").action_items
    assert [item.ticket for item in items] == ["https://tracker.example.org/queue/issues/12"]


def test_a_paragraph_labelled_as_an_item_is_one_and_other_prose_is_not() -> None:
    lines = [
        "We will keep this page updated as the items below progress.",
        "",
        "**Action item:** Start incidents earlier. Owner: @lucas",
        "",
        "Follow-up: rotate the keys by 2026-12-01",
        "",
        "We need to add an alert for queue depth.",
        "",
        "**Action items:**",
        "",
        "- Raise the pool size",
        "",
        "```",
        "Action item: in code, not an item",
        "```",
    ]
    bullets = section_bullets(lines, 20, done=False)
    assert [(b.line, b.description, b.owner, b.due) for b in bullets] == [
        (22, "Start incidents earlier. Owner: @lucas", "@lucas", None),
        (24, "rotate the keys by 2026-12-01", None, "2026-12-01"),
        (30, "Raise the pool size", None, None),
    ]
    assert (
        section_bullets(["We will add an alert for X.", "", "We need to page sooner."], 1, False)
        == []
    )


@pytest.mark.parametrize(
    "text",
    [
        "Delete all the older larger nodes that are no longer in use. (Done!)",
        "Move the hub database to its own disk (done)",
        "Alert on disk usage - done",
        "Alert on disk usage — Done.",
        "Raise the inotify limit ✅",
        "Raise the inotify limit ✔️",
        "Raise the inotify limit :white_check_mark:",
        "✔ Raise the inotify limit",
        ":heavy_check_mark: Raise the inotify limit",
        "Pin the chart version [done]",
        "Pin the chart version (completed)",
        "Pin the chart version (fixed in #123)",
        "Pin the chart version (fixed in [#123](https://github.com/o/r/pull/123))",
        "Pin the chart version (Resolved on 2024-03-02)",
        "Pin the chart version (status: done)",
        "Pin the chart version (merged: https://github.com/o/r/pull/9).",
        "**Pin the chart version** _(done)_",
        "[DONE] Pin the chart version",
        "(done) Pin the chart version",
        "DONE: pin the chart version",
        "Done - pin the chart version",
        "Fixed: the chart version is pinned",
    ],
)
def test_explicit_done_markers_at_the_end_or_start(text: str) -> None:
    assert read_bullet(text, 1).status == "done"
    assert read_bullet(f"[ ] {text}", 1).status == "done"  # the words win over an open box


@pytest.mark.parametrize(
    "text",
    [
        "Pin the chart version (done?)",
        "Pin the chart version (not done)",
        "Pin the chart version (partially done)",
        "Pin the chart version (to be done by Friday)",
        "Pin the chart version (done by 2026-12-01)",
        "Pin the chart version (done when the upgrade lands)",
        "Pin the chart version (done in Q3)",
        "Make sure deploys are done in order",
        "Get it done-ish before the freeze",
        "Donate the old nodes",
        "Fixes for the chart: pin the version",
    ],
)
def test_no_done_marker_leaves_the_item_open(text: str) -> None:
    assert read_bullet(text, 1).status == "open"


@pytest.mark.parametrize(
    "text",
    [
        "[ICL] Removed legacy maintainer team access from Cosmos GitHub",
        "[AR] Completed commit triage for all contributions by the account",
        "[ICL] Temporarily doubled bounty rewards on the HackerOne program",
        "[ICL] Documented and published a public report (post legal review)",
        "Engaged third-party binary analysts (e.g., Mandiant)",
        "Added alerting on queue depth",
        "Removed the cron job",
    ],
)
def test_work_reported_in_the_active_past_tense_is_done(text: str) -> None:
    assert read_bullet(text, 1).status == "done"


@pytest.mark.parametrize(
    "text",
    [
        "Improved runbooks for engine limits",
        "Automated failover for the primary database",
        "Updated runbook for the queue alerts",
        "Disabled accounts must be purged after 30 days",
        "Added alerting should page the secondary too",
        "Increased monitoring of the ingest path",
    ],
)
def test_a_past_participle_naming_work_to_do_stays_open(text: str) -> None:
    assert read_bullet(text, 1).status == "open"
