"""Rules on action items, from front matter and from the body's Action Items table.

An item is only useful with an owner, a due date and a ticket; open items past due are flagged
every day until they are done or re-planned."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from sre_docs import doctypes
from sre_docs.calc.action_items import days_overdue, parse_due, read_due
from sre_docs.placeholders import is_missing
from sre_docs.rules.base import HANDBOOK, Hit, rule

if TYPE_CHECKING:
    from sre_docs.handbook import Handbook, LintContext
    from sre_docs.model import ActionItem, Doc


def missing_fields(item: ActionItem) -> list[str]:
    missing = []
    if is_missing(item.owner):
        missing.append("owner")
    if is_missing(item.due):
        missing.append("due date")
    if is_missing(item.ticket):
        missing.append("ticket")
    return missing


@rule("orphan-action-item", "AI001", "error")
def orphan_action_item(doc: Doc, context: LintContext) -> Iterator[Hit]:
    """## What it does
    Reports an action item that is not `done` and has no owner, no due date or no ticket:
    in front matter, in a table under an action-item heading, or a bullet or task-list item
    there (`- [ ] Fix retry loop (owner: @bob, due 2026-11-10) OPS-12`). From a bullet the
    owner is a `@handle`, `Owner: x`, `(owner: x)` or a trailing `— x`; the due date follows
    `due`, `by` or `deadline`; the ticket is a URL, `KEY-123` or `#123`, on the item's first
    line, on its next lines or as a reference link (`[issue][fix-pr]`); `[x]` is done, and so
    is an item whose last sentence says so (`… Done in the dashboard.`) or that carries an
    explicit done marker at its end or start: `(done)`, `(Done!)`, `[done]`, `(completed)`,
    `(fixed in #123)`, `- done`, `✅`, `✔`, `[DONE] …`, `DONE: …`. An item that reports its
    own work in the active past tense is done too: "Reverted the change", "Removed legacy
    maintainer access", "[ops] Completed commit triage", "Temporarily doubled the bounty"
    (not "Improved runbooks" or "Automated failover", which name work to do, nor an item
    that plans: "Disabled accounts must be purged"), and so is one that reports it in the
    passive: "Additional observability was introduced", "The old keys have been revoked"
    (not a plan, "Stale clients were to be filtered", "The job should be restarted", "A check
    could have been added", nor a check to make, "Verify that the backup was restored", nor a
    problem found, "The root cause was identified", "Users were affected", nor work put off or
    only begun, "The migration was deferred", "Work has been started", nor a ticket opened,
    "A ticket has been created to add retries" (its work is tracked, not done; "The PR was
    merged" is done), nor a report that qualifies itself or goes on to work still to do, "The
    change was rolled back but the root cause was not fixed", "The fix has been partially
    deployed", "The certificate was renewed by hand; automate the renewal"). A bracket that
    plans (`(done by Friday)`, `(done?)`) is no marker. In a table, the Status (or State)
    column says whether a row is done; a row closed there without being done (`Won't fix`,
    `Not planned`, `Cancelled`, `Abandoned`, `Rejected`, `Obsolete`, `FAILED`) is no open work
    either. A table without one marks a row done with a cell that is only a done state
    (`**DONE**`, `✅`, `Closed`) in another column, such as "Reference" (not a closing state:
    `Failed` in a "Canary" column is the canary's, and the row stays open). A table
    without a Ticket (or Issue) column takes as the ticket a cell of another column that is
    only a link (`<https://github.com/o/r/issues/62>` in the Status column).
    Template placeholders (`@name`, `Date`, `XXX-123`, `TBD`, an empty cell) count as missing.
    A due date that is not an ISO 8601 date (`12/15/2026`, `next week`, `2026-13-01`) is
    reported on its cell or in its bullet: it could never become overdue (in front matter,
    `schema-violation` reports it).

    ## Why is this bad
    An action item without an owner is nobody's; without a due date it is never late; without
    a ticket it is invisible to the team's planning. Such items are how the same incident
    happens twice.

    ## Example
    ```markdown
    | Priority | Action                       | Owner | Due  | Ticket  |
    |----------|------------------------------|-------|------|---------|
    | P1       | Add a canary stage to deploy | @name | Date | XXX-123 |
    ```

    ## Use instead
    ```markdown
    | Priority | Action                       | Owner  | Due        | Ticket  |
    |----------|------------------------------|--------|------------|---------|
    | P1       | Add a canary stage to deploy | @amira | 2026-12-15 | PW-4121 |
    ```
    """
    for item in doc.action_items:  # only types whose registry entry has action items
        if item.status == "done":
            continue
        missing = missing_fields(item)
        label = f"action item {item.id!r}" if item.id else "action item"
        if missing:
            yield Hit(item.line, 1, f"{label} has no {' and no '.join(missing)}")
        # In front matter, `schema-violation` reports a due date that is not a date.
        if item.source != "front-matter" and "due date" not in missing:
            problem = read_due(item.due).problem
            if problem is not None:
                line, column = _due_position(doc, item)
                yield Hit(line, column, f"{label}: {problem}; it can never become overdue")


def _due_position(doc: Doc, item: ActionItem) -> tuple[int, int]:
    """Line and column of a body item's due date: the table cell that holds it, or where it
    stands in its bullet."""
    lines = doc.body.splitlines()
    index = item.line - doc.body_line
    if item.due and 0 <= index < len(lines):
        start = 0
        for cell in lines[index].split("|"):
            if cell.strip().strip("*_").strip() == item.due:
                return item.line, start + len(cell) - len(cell.lstrip()) + 1
            start += len(cell) + 1
        found = lines[index].find(item.due)
        if found >= 0:
            return item.line, found + 1
    return item.line, 1


@rule("overdue-action-item", "AI002", "warning", scope=HANDBOOK, reads=("action_items",))
def overdue_action_item(handbook: Handbook, context: LintContext) -> Iterator[Hit]:
    """## What it does
    Reports an action item that is not `done` and whose due date (`due`, or its alias
    `deadline`) is before today. Today is `--today`, else the configuration's `today`, else
    `SOURCE_DATE_EPOCH`, else the current date in UTC.

    ## Why is this bad
    Overdue action items are the incident's lessons not yet applied. Surfacing them in every
    pull request keeps them from rotting.

    ## Example
    ```yaml
    action_items:
      - description: Alert on replication lag
        owner: "@jonas"
        due: 2026-01-15
        ticket: PW-3990
        status: open
    ```

    ## Use instead
    Finish it and set `status: done`, or agree a new date and update `due`.
    """
    for entry in doctypes.with_action_items():
        yield from _overdue_items(handbook, entry.name, context)


def _overdue_items(handbook: Handbook, doc_type: str, context: LintContext) -> Iterator[Hit]:
    for record in handbook.checked(doc_type):
        for item in record.action_items:
            days = days_overdue({"due": item.due, "status": item.status}, context.today)
            due = parse_due(item.due)
            if days is not None and due is not None:
                label = f"action item {item.id!r}" if item.id else "action item"
                plural = "s" if days != 1 else ""
                yield Hit(
                    item.line,
                    1,
                    f"{label} is overdue by {days} day{plural} (due {due.isoformat()})",
                    record.rel,
                )
