"""The document model: `Doc` (one parsed file), `ActionItem`, and loading problems.

A `Doc` keeps the front matter, the line of every key, and the body; the body index is built
lazily, the first time a rule asks for it."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from sre_docs import doctypes
from sre_docs.body import BodyIndex, Heading, normalise_title, scan_body

_COLUMN_ALIASES = {
    "priority": "priority",
    "pri": "priority",
    "action": "description",
    "action item": "description",
    "description": "description",
    "item": "description",
    "task": "description",
    "owner": "owner",
    "assignee": "owner",
    "owners": "owner",
    "due": "due",
    "due date": "due",
    "deadline": "due",
    "ticket": "ticket",
    "issue": "ticket",
    "tracking": "ticket",
    "bug": "ticket",
    "status": "status",
    "completed": "completed",
    "done on": "completed",
    "closed": "completed",
    "id": "id",
    "type": "type",
}


def owners_of(value: object) -> list[str]:
    """The names a document's `owner` gives: one (`owner: team-a`) or several
    (`owner: [team-a, team-b]`, teams sharing a runbook); empty and unusable values give none."""
    items = value if isinstance(value, list) else [value]
    names = []
    for item in items:
        if isinstance(item, str | int | float) and not isinstance(item, bool):
            name = str(item).strip()
            if name:
                names.append(name)
    return names


def owner_text(value: object) -> str | None:
    """A document's owners as one line of text (`team-a, team-b`), or None when it names none."""
    return ", ".join(owners_of(value)) or None


def key_line(key_lines: dict[tuple[str | int, ...], int], path: tuple[str | int, ...]) -> int:
    """Line of a front-matter key path, or of its nearest recorded ancestor; 1 if none."""
    while path:
        line = key_lines.get(path)
        if line is not None:
            return line
        path = path[:-1]
    return 1


@dataclass(frozen=True, slots=True)
class Problem:
    """A finding raised while loading, before the rule machinery sees the document."""

    rule: str
    line: int
    column: int
    message: str


class ActionItem(NamedTuple):
    """One action item, from front matter or from a row of the body's Action Items table.

    A named tuple: records of every document are cached, and tuples load fastest."""

    description: str
    line: int
    source: str  # "front-matter", "table" or "list"
    id: str | None = None
    owner: str | None = None
    due: str | None = None
    ticket: str | None = None
    priority: str | None = None
    type: str | None = None
    status: str = "open"
    index: int | None = None  # position in the front-matter list
    completed: str | None = None  # the day it was done, when written

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "description": self.description,
            "owner": self.owner,
            "due": self.due,
            "ticket": self.ticket,
            "priority": self.priority,
            "type": self.type,
            "status": self.status,
            "completed": self.completed,
            "line": self.line,
            "source": self.source,
        }


@dataclass(slots=True, eq=False)
class Doc:
    """One markdown file of the handbook."""

    rel: str
    path: Path
    body: str
    body_line: int
    meta: dict[str, Any] = field(default_factory=dict)
    key_lines: dict[tuple[str | int, ...], int] = field(default_factory=dict)
    doc_type: str | None = None
    type_declared: bool = False
    implied: dict[str, str] = field(default_factory=dict)
    """Values its place gives and its front matter does not write: its folder's form values
    (`kind: procedure`, the `folders` option) and the date its file name starts with
    (`2024-03-05-db-outage.md`)."""
    problems: list[Problem] = field(default_factory=list)
    action_synonyms: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    """A team's extra action-item headings per type (the `sections` option)."""
    _body_index: BodyIndex | None = None
    _action_items: list[ActionItem] | None = None

    @property
    def is_sre_doc(self) -> bool:
        """A document of a registered type (unknown types get only link checks)."""
        return self.doc_type in doctypes.DOC_TYPES

    @property
    def entry(self) -> doctypes.DocType | None:
        """The registry entry of the document's type."""
        return doctypes.get(self.doc_type)

    @property
    def fields(self) -> dict[str, Any]:
        """The front matter with the values its place implies filled in (`implied`): what the
        schema, the section check, the record and the pages see. `meta` is what the file
        writes."""
        return {**self.meta, **self.implied} if self.implied else self.meta

    @property
    def title(self) -> str:
        title = self.meta.get("title")
        if isinstance(title, str) and title.strip():
            return title.strip()
        for heading in self.body_index.headings:
            if heading.level == 1:
                return heading.title
        return Path(self.rel).stem

    @property
    def body_index(self) -> BodyIndex:
        if self._body_index is None:
            self._body_index = scan_body(self.body, self.body_line)
        return self._body_index

    def line_of(self, *path: str | int) -> int:
        """Line of a front-matter key path; the nearest recorded ancestor when deeper."""
        return key_line(self.key_lines, path)

    @property
    def action_items(self) -> list[ActionItem]:
        """The items of the front-matter list and of the table under the heading that the
        type's registry entry names; none for a type without action items."""
        if self._action_items is None:
            entry = self.entry
            place = entry.action_items if entry is not None else None
            if place is None:
                self._action_items = []
            else:
                extra = self.action_synonyms.get(entry.name) if entry is not None else None
                if extra and place.heading is not None:
                    heading = doctypes.Section(
                        place.heading.name, (*place.heading.synonyms, *extra)
                    )
                    place = dataclasses.replace(place, heading=heading)
                self._action_items = [
                    *self._front_matter_items(place.key),
                    *(self._table_items(place.heading) if place.heading else ()),
                    *(self._list_items(place) if place.heading else ()),
                ]
        return self._action_items

    def item_field_line(self, item: ActionItem, name: str) -> int:
        """Line of a field of one of this document's front-matter items; the row's line for
        a table item."""
        entry = self.entry
        if item.index is None or entry is None or entry.action_items is None:
            return item.line
        return self.line_of(*entry.action_items.key, item.index, name)

    def _front_matter_items(self, key: tuple[str, ...]) -> list[ActionItem]:
        raw_items: Any = self.meta
        for part in key:
            raw_items = raw_items.get(part) if isinstance(raw_items, dict) else None
        if not isinstance(raw_items, list):
            return []
        items = []
        for index, raw in enumerate(raw_items):
            if not isinstance(raw, dict):
                continue
            due = raw.get("due", raw.get("deadline"))
            items.append(
                ActionItem(
                    description=_text(raw.get("description")) or "",
                    line=self.line_of(*key, index),
                    source="front-matter",
                    id=_text(raw.get("id")),
                    owner=_text(raw.get("owner")),
                    due=_text(due),
                    ticket=_text(raw.get("ticket")),
                    priority=_text(raw.get("priority")),
                    type=_text(raw.get("type")),
                    status=(_text(raw.get("status")) or "open").lower(),
                    index=index,
                    completed=_text(raw.get("completed")),
                )
            )
        return items

    def action_sections(self, section: doctypes.Section) -> list[tuple[Heading, int]]:
        """(heading, last line) of each section of action items; a matching heading inside
        one already found belongs to it."""
        body = self.body_index
        found: list[tuple[Heading, int]] = []
        for heading in body.headings:
            if found and heading.line <= found[-1][1]:
                continue
            if section.matches(normalise_title(heading.title)):
                found.append((heading, body.section_end(heading)))
        return found

    def _table_items(self, section: doctypes.Section) -> list[ActionItem]:
        sections = self.action_sections(section)
        if not sections:
            return []
        items = []
        for table in self.body_index.tables:
            if not any(heading.line < table.line <= end for heading, end in sections):
                continue
            columns = [_COLUMN_ALIASES.get(normalise_title(cell)) for cell in table.headers]
            if "description" not in columns:
                continue
            for row in table.rows:
                values: dict[str, str] = {}
                for column, cell in zip(columns, row.cells, strict=False):
                    if column is not None and column not in values:
                        values[column] = _clean_cell(cell)
                status = (values.get("status") or "open").lower()
                if "status" not in columns and _marked_done(row.cells, columns):
                    status = "done"
                if not values.get("ticket"):
                    values["ticket"] = _linked_cell(row.cells, columns) or ""
                items.append(
                    ActionItem(
                        description=values.get("description", ""),
                        line=row.line,
                        source="table",
                        id=values.get("id") or None,
                        owner=values.get("owner") or None,
                        due=values.get("due") or None,
                        ticket=values.get("ticket") or None,
                        priority=values.get("priority") or None,
                        type=values.get("type") or None,
                        status=_table_status(status),
                        completed=values.get("completed") or None,
                    )
                )
        return items

    def _list_items(self, place: doctypes.ActionItemPlace) -> list[ActionItem]:
        """Bullets and task-list items under the action-item heading, for types whose entry
        says so (`lists`: a runbook's "Remediation" list is steps, not action items), unless
        the front matter lists the items (as `sre-docs adopt` writes them from the bullets)."""
        if not place.lists or place.heading is None:
            return []
        listed: Any = self.meta
        for part in place.key:
            listed = listed.get(part) if isinstance(listed, dict) else None
        if isinstance(listed, list):
            return []  # front-matter items, when listed, are the document's items
        sections = self.action_sections(place.heading)
        if not sections:
            return []
        from sre_docs.bullets import (
            heading_not_actions,
            heading_says_done,
            references,
            section_bullets,
        )

        lines = self.body.split("\n")
        refs = references(self.body)  # `[issue][fix-pr]` defined at the end of the page
        body = self.body_index
        items = []
        for heading, end in sections:
            # Each subsection is read on its own, so "Immediate Actions (Completed)" marks
            # only its own items done.
            starts = [heading] + [
                other for other in body.headings if heading.line < other.line <= end
            ]
            for position, start in enumerate(starts):
                if position and heading_not_actions(start.title):
                    continue  # "What went wrong" filed under the action items
                stop = starts[position + 1].line - 1 if position + 1 < len(starts) else end
                chunk = lines[start.line + 1 - self.body_line : stop + 1 - self.body_line]
                done = heading_says_done(start.title) or heading_says_done(heading.title)
                for bullet in section_bullets(chunk, start.line + 1, done, refs):
                    items.append(
                        ActionItem(
                            description=bullet.description,
                            line=bullet.line,
                            source="list",
                            owner=bullet.owner,
                            due=bullet.due,
                            ticket=bullet.ticket,
                            status=bullet.status,
                        )
                    )
        return items


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, list):
        return ", ".join(str(item) for item in value) or None
    return str(value)


def _clean_cell(cell: str) -> str:
    """Cell text without emphasis markers; a link keeps its target (tickets are often links)."""
    text = cell.strip().strip("*_").strip()
    if text in ("-", "—", "–"):
        return ""
    return text


def _marked_done(cells: list[str], columns: list[str | None]) -> bool:
    """A table without a state column whose row has a cell that is only a done state
    (`**DONE**`, `✅`) in another column ("Reference", "Notes"): the item is done. A closing
    state there (`Failed`, `Dropped`) is not: outside a state column it says what happened to
    something else (a canary, a test run), not that the item was closed."""
    return any(
        column not in ("description", "owner", "ticket")
        and cell.strip("*_ ").lower() in DONE_STATES
        for column, cell in zip(columns, cells, strict=False)
    )


_LINK_CELL = re.compile(
    r"<?(https?://[^\s<>()\[\]`]{1,2000})>?|\[[^\]\n]{0,200}\]\((https?://[^\s()]{1,2000})\)"
)


def _linked_cell(cells: list[str], columns: list[str | None]) -> str | None:
    """A ticket written in a table without a ticket column: a cell of another column
    ("Status", "Notes") that is only a link (`<https://github.com/o/r/issues/62>`,
    `[#62](https://…)`), as teams put the issue where the state would be."""
    for column, cell in zip(columns, cells, strict=False):
        if column in ("description", "owner"):
            continue
        link = _LINK_CELL.fullmatch(cell.strip().strip("*_").strip())
        if link:
            return link.group(1) or link.group(2)
    return None


DONE_STATES = frozenset(
    {"done", "closed", "complete", "completed", "fixed", "resolved", "✅", "[x]"}
)
"""What a table's state cell says of a finished item (lowercase, emphasis stripped)."""
CLOSED_STATES = frozenset(
    {
        *("won't fix", "wont fix", "wontfix", "won't do", "wont do", "not planned"),
        *("cancelled", "canceled", "abandoned", "rejected", "obsolete", "superseded"),
        *("dropped", "failed"),
    }
)
"""What a table's state cell says of an item closed without being done: the trackers' "won't
fix" and "not planned", and an attempt written down as `FAILED` (a mitigation tried while the
incident ran). Such an item is no open work: it is read as `done` (closed)."""
IN_PROGRESS_STATES = frozenset({"in progress", "in-progress", "wip", "started", "ongoing"})


def _table_status(status: str) -> str:
    lowered = status.strip("*_ ").lower()
    if lowered in DONE_STATES or lowered in CLOSED_STATES:
        return "done"
    if lowered in IN_PROGRESS_STATES:
        return "in-progress"
    return lowered or "open"
