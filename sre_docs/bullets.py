"""Action items written as bullets or task lists, and the owner, due date, ticket and state
read from each bullet's text.

The list structure comes from markdown-it-py tokens (nesting, lazy lines and code blocks are
the parser's business); the fields come from short, linear patterns over one item's text."""

from __future__ import annotations

import functools
import itertools
import re
from typing import Any, NamedTuple

from sre_docs.calc.action_items import due_in_text


class Bullet(NamedTuple):
    """One action item read from a list item."""

    line: int
    description: str
    owner: str | None
    due: str | None
    ticket: str | None
    status: str


_TASK = re.compile(r"^\[([ xX])\][ \t]+")
_BRACKET_OWNER = re.compile(r"^\[([A-Za-z][\w.-]{1,30})\][ \t](?!\()")
"""`[dustin] finish the patch`: a handle in brackets before the item (not a link, not `[x]`)."""
_MENTION = re.compile(r"(?<![\w.@/`])@([A-Za-z0-9][A-Za-z0-9_-]{0,38})(?![\w@])")
_OWNER_LABEL = re.compile(
    r"\b(?:owners?|assignees?|assigned to|responsible|dri)\b[ \t]{0,3}[:=][ \t]{0,3}"
    r"([^\s,;()\[\]|][^,;()\[\]|\n]{0,79})",
    re.IGNORECASE,
)
_OWNER_STOP = re.compile(r"[ \t]+(?:due|by|deadline|ticket|eta|status)\b", re.IGNORECASE)
_DASH_TAIL = re.compile(r"[ \t][—–][ \t]{0,3}([^—–\s][^—–]{0,79})$")
_URL = re.compile(r"https?://[^\s<>()\[\]`]{1,2000}")
_KEY = re.compile(r"(?<![\w-])([A-Z][A-Z0-9]{1,9}-[0-9]{1,7})(?![\w.-])")
_ISSUE = re.compile(r"(?<![\w&/#])((?:[\w.-]{1,100}/[\w.-]{1,100})?#[0-9]{1,7})(?![\w-])")
_LINK = re.compile(r"\[([^\[\]\n]{0,500})\]\([^()\s]{0,2000}\)")
_EMPHASIS = re.compile(r"[*_]{1,3}")
_NAME = re.compile(r"^@?[A-Za-z][\w.'-]{0,38}(?: [A-Za-z][\w.'-]{0,38}){0,2}$")
_NOT_KEYS = frozenset({"UTF", "SHA", "ISO", "SEV", "CVE", "RFC", "TLS", "HTTP", "IPV", "GHSA"})
_DONE_SENTENCE = re.compile(
    r"^(?:we(?:'ve|’ve| have)[ \t]{1,3}(?:[a-z]{1,20}ly[ \t]{1,3})?[a-z-]{2,30}ed\b"
    r"|we[ \t]{1,3}[a-z-]{2,30}ed\b"
    r"|[a-z-]{2,30}ed[ \t]{1,3}(?:the|our|a|an|to|all|it|them|this|that|these|those|its|their"
    r"|back|up|out|over|off|in)\b)",
    re.IGNORECASE,
)
"""An item told as done: "We've tightened …", "Switched to pnpm 10", "Reverted the change"
(a past tense with its object; "Improved runbooks" names a thing to make, and stays open)."""
_NOT_PAST = frozenset({"need", "feed", "seed", "speed", "embed", "proceed", "succeed", "exceed"})
_DONE_WORD = r"(?:done|completed?|fixed|resolved|closed|finished|implemented|merged|shipped)"
_DONE_INNER = re.compile(r"(?:status[ \t]{0,3}[:=][ \t]{0,3})?" + _DONE_WORD + r"\b", re.I)
"""The start of a bracket that says its item is done: `(done`, `[Completed`, `(status: done`."""
_DONE_DETAIL = re.compile(
    r"[!.]{0,3}$"
    r"|[ \t]{0,3}[:,—–]|[ \t]{1,3}-"
    r"|[ \t]{1,3}(?:with|via|see|as of)\b"
    r"|[ \t]{1,3}(?:(?:in|by|as|at)[ \t]{1,3})?"
    r"(?:#\d|[A-Z][A-Z0-9]{1,9}-\d|https?://|v?\d+\.\d"
    r"|(?:pr|pull request|commit|release|version)\b)"
    r"|[ \t]{1,3}(?:on[ \t]{1,3})?\d{4}-\d{2}-\d{2}",
    re.I,
)
"""What may follow the word in a done bracket: nothing, `!`, a ticket, a change, a version or
the day (`(fixed in #123)`, `(done on 2024-03-02)`), not a plan (`(done by Friday)`)."""
_DONE_DASH_REACH = 64
"""Characters at the end of an item that can hold a dash done marker (` - completed!!!` is 15)."""
_DONE_DASH_END = re.compile(r"[ \t][-—–:][ \t]{0,3}" + _DONE_WORD + r"[!.]{0,3}$", re.I)
_DONE_START = re.compile(
    r"(?:\[[ \t]{0,2}" + _DONE_WORD + r"[ \t]{0,2}\]|\([ \t]{0,2}" + _DONE_WORD + r"[ \t]{0,2}\)"
    r"|" + _DONE_WORD + r"[ \t]{0,2}:|" + _DONE_WORD + r"[ \t]{1,3}[-—–])[ \t]*",
    re.I,
)
_CHECK_MARKS = ("✅", "✔", "☑", "✓", ":white_check_mark:", ":heavy_check_mark:")
_NOT_ACTIONS = re.compile(
    r"\b(?:what went (?:well|wrong)|went (?:well|wrong)|where we got lucky|lessons? learn[et]d?)\b",
    re.IGNORECASE,
)
_LABELLED = re.compile(
    r"^(?:\*\*|__)?(?:action items?|action|follow[- ]?ups?)[ \t]*:[ \t]*(?:(?:\*\*|__)[ \t]*)?"
    r"(?=[^\s*_])",
    re.IGNORECASE,
)
"""A paragraph labelled as an item, `**Action item:** Start incidents earlier.`: the one form
of prose under an action-item heading read as an item. Sentences such as "We will add an
alert" or "We need to …" are not: under those headings they are as often narrative ("We will
keep this page updated") or the continuation of a list item."""
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
_DONE_NOTE = re.compile(r"(?:done|completed)\b", re.IGNORECASE)
_DONE_WORDS = re.compile(r"\b(?:completed?|done|finished|resolved|closed)\b", re.IGNORECASE)


@functools.cache
def _parser() -> Any:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark")


def references(text: str) -> dict[str, Any]:
    """The reference definitions (`[fix-pr]: https://…`) of a whole body, for the items of
    its sections."""
    if "]:" not in text:
        return {}
    env: dict[str, Any] = {}
    _parser().parse(text, env)
    found = env.get("references")
    return dict(found) if isinstance(found, dict) else {}


def section_bullets(
    lines: list[str], first_line: int, done: bool, refs: dict[str, Any] | None = None
) -> list[Bullet]:
    """Action items of the list items in `lines` (a section's body; `lines[0]` is line
    `first_line`). Top-level items are items; a label item (`**Short term:**`) with a nested
    list stands for its nested items instead. `done` marks a section whose heading says its
    items are completed. `refs` are the body's reference definitions (`references`)."""
    text = "\n".join(lines)
    if not any(
        line.lstrip()[:1] in ("-", "*", "+")
        or line.lstrip()[:1].isdigit()
        or _LABELLED.match(line.lstrip())
        for line in lines
    ):
        return []
    tokens = _parser().parse(text, {"references": dict(refs or {})})
    bullets: list[Bullet] = []
    _walk(tokens, 0, len(tokens), first_line, done, bullets)
    return bullets


def _walk(
    tokens: list[Any], start: int, stop: int, first_line: int, done: bool, out: list[Bullet]
) -> None:
    """Read every outermost list item between `start` and `stop`."""
    index = start
    after_colon = False
    while index < stop:
        token = tokens[index]
        if token.type in ("bullet_list_open", "ordered_list_open") and token.level == 0:
            # A list right after another that ends "…around:", or bullets right after a
            # numbered list, are that last item's details written without indentation.
            before = tokens[index - 1].type if index > 0 else ""
            details = before.endswith("_list_close") and after_colon
            details = details or (
                token.type == "bullet_list_open" and before == "ordered_list_close"
            )
            if details:
                index = _list_closing(tokens, index) + 1
                after_colon = False
                continue
        if token.type == "list_item_open":
            close = _closing(tokens, index)
            _item(tokens, index, close, first_line, done, out)
            after_colon = _last_text(tokens, index, close).endswith(":")
            index = close + 1
            continue
        if token.type == "paragraph_open" and token.level == 0:
            after_colon = False
            inline = tokens[index + 1] if index + 1 < stop else None
            content = str(inline.content) if inline is not None else ""
            label = _LABELLED.match(content)
            if label and token.map:
                first = content[label.end() :].split("\n", 1)[0].strip()
                out.append(read_bullet(first, first_line + token.map[0], done))
        index += 1


def _list_closing(tokens: list[Any], open_index: int) -> int:
    depth = 0
    for index in range(open_index, len(tokens)):
        kind = tokens[index].type
        if kind in ("bullet_list_open", "ordered_list_open"):
            depth += 1
        elif kind in ("bullet_list_close", "ordered_list_close"):
            depth -= 1
            if depth == 0:
                return index
    return len(tokens) - 1


def _last_text(tokens: list[Any], start: int, close: int) -> str:
    for index in range(close - 1, start, -1):
        if tokens[index].type == "inline":
            return str(tokens[index].content).rstrip()
    return ""


def _closing(tokens: list[Any], open_index: int) -> int:
    depth = 0
    for index in range(open_index, len(tokens)):
        kind = tokens[index].type
        if kind == "list_item_open":
            depth += 1
        elif kind == "list_item_close":
            depth -= 1
            if depth == 0:
                return index
    return len(tokens) - 1


def _item(
    tokens: list[Any], start: int, close: int, first_line: int, done: bool, out: list[Bullet]
) -> None:
    text = whole = ""
    later: list[str] = []  # the item's own paragraphs after the first
    hrefs: list[str] = []
    nested: int | None = None
    for index in range(start + 1, close):
        token = tokens[index]
        if token.type in ("bullet_list_open", "ordered_list_open"):
            nested = index
            break
        if token.type != "inline":
            continue
        if not text:
            whole = token.content.strip()
            text = whole.split("\n", 1)[0].strip()
        else:
            later.append(token.content)
        hrefs += [
            str(child.attrs.get("href", ""))
            for child in token.children or ()
            if child.type == "link_open"
        ]
    line = first_line + (tokens[start].map[0] if tokens[start].map else 0)
    if nested is not None and _is_label(whole):
        _walk(tokens, nested, close, first_line, done, out)
        return
    if not text:
        return
    bullet = read_bullet(text, line, done)
    if bullet.status == "open" and _done_note(whole):
        bullet = bullet._replace(status="done")
    if bullet.ticket is None:
        # The ticket is often on the item's next lines or paragraphs (`  ([issue](https://…))`)
        # or a reference link (`[issue][fix-pr]`, resolved by the parser).
        ticket = _ticket("\n".join([whole, *later])) or next(
            filter(None, map(_ticket, hrefs)), None
        )
        bullet = bullet._replace(ticket=ticket)
    out.append(bullet)


def _is_label(text: str) -> bool:
    """An item that only names a group of its nested items: empty, ending with a colon, all
    bold, or a few words with no sentence (`- Testing`)."""
    plain = text.strip()
    if not plain or plain.endswith(":") or plain.endswith(":**"):
        return True
    if len(plain.split()) <= 3 and not plain.endswith((".", "?", "!", ")")):
        return True
    return plain.startswith("**") and plain.endswith("**") and plain.count("**") == 2


def read_bullet(text: str, line: int, done: bool = False) -> Bullet:
    """Owner, due date, ticket and state of one bullet's (first line of) text."""
    status = "done" if done else "open"
    task = _TASK.match(text)
    if task:
        status = "done" if task.group(1) in "xX" else "open"
        text = text[task.end() :]
    stripped = text.strip()
    if stripped.startswith("~~") and stripped.endswith("~~") and len(stripped) > 4:
        status = "done"
    linked = _LINK.sub(lambda match: match.group(1), text)
    unmarked = without_done_marker(linked)
    plain = _EMPHASIS.sub("", linked if unmarked is None else unmarked)
    if unmarked is not None or (not task and _told_as_done(plain.strip())):
        status = "done"
    owner = _owner(plain)
    ticket = _ticket(text)
    due = due_in_text(plain)
    return Bullet(line, _description(plain, ticket), owner, due, ticket, status)


def without_done_marker(text: str) -> str | None:
    """The item's text without its done marker, or None when it has none.

    Markers are explicit, at the item's end or start: a bracket (`(done)`, `(Done!)`,
    `[done]`, `(completed)`, `(fixed in #123)`, `(status: done)`), a dash (`- done`,
    `— Done.`), a check mark (`✅`, `✔`, `:white_check_mark:`), or a label (`[DONE]`, `DONE:`,
    `Done -`, `Fixed:`). A bracket that plans (`(done by Friday)`, `(done?)`, `(not done)`) is
    no marker. Nor is a past tense: "funds have been withdrawn" may report what happened during
    the incident as much as the follow-up being finished, and reading it as done would hide an
    open item; only a marker its author wrote counts (`read_bullet` also takes the narrow
    "We've tightened …" / "Switched to pnpm 10" form of `_DONE_SENTENCE`, never a passive)."""
    text = text.replace("\ufe0f", "").strip(" \t")  # U+FE0F: the emoji form of ✔ and ☑
    rest = _unmarked(text)
    return None if rest is None else rest or text


def _unmarked(text: str) -> str | None:
    for mark in _CHECK_MARKS:
        if text.endswith(mark):
            return text[: -len(mark)].rstrip()
        if text.startswith(mark):
            return text[len(mark) :].lstrip()
    lead = len(text) - len(text.lstrip("*_ \t"))  # `**[DONE]** …`
    start = _DONE_START.match(text, lead)
    if start is not None and text[start.end() :].strip("*_ \t"):
        return text[start.end() :].lstrip("*_ \t")
    tail = text.rstrip(".!*_ \t")
    if tail.endswith((")", "]")):
        opening = tail.rfind("(" if tail.endswith(")") else "[")
        inner = tail[opening + 1 : -1].strip() if opening >= 0 else ""
        word = _DONE_INNER.match(inner)
        if word is not None and _DONE_DETAIL.match(inner, word.end()):
            return tail[:opening].rstrip(" \t-—–:,")
    # The dash marker is a few characters at the very end: only the tail is searched, so a
    # long item costs what its last characters cost.
    dash = _DONE_DASH_END.search(text, max(0, len(text) - _DONE_DASH_REACH))
    if dash is not None:
        return text[: dash.start()].rstrip()
    return None


def _description(plain: str, ticket: str | None) -> str:
    """The item's words for pages and exports: no code ticks, and no ticket URL left at the end
    (it has its own column)."""
    text = plain.replace("`", "").strip(" \t~✅✔")
    if ticket and ticket.startswith("http"):
        for written in (f"<{ticket}>", ticket):
            if text.endswith(written):
                text = text[: -len(written)].rstrip(" \t-—–:,(")
                break
    return text or plain.strip()


def _done_note(whole: str) -> bool:
    """An item whose last sentence, after its first, says it is done: "… _Done in grafana_."."""
    sentences = _SENTENCE_END.split(_EMPHASIS.sub("", whole).strip())
    if len(sentences) < 2:
        return False
    last = sentences[-1].strip()
    return len(last.split()) <= 8 and _DONE_NOTE.match(last) is not None


def _told_as_done(plain: str) -> bool:
    """An item that reports its own work in the active past tense: "Reverted the change",
    "[ops] Removed legacy maintainer access", "Temporarily doubled bounty rewards"; or in the
    passive: "Additional observability was introduced for the peer network", "The old keys
    have been revoked"."""
    owner = _BRACKET_OWNER.match(plain)
    text = plain[owner.end() :].lstrip() if owner else plain  # `[ICL] Removed …`
    if _told_as_done_passive(text):
        return True
    match = _DONE_SENTENCE.match(text)
    if match is not None:
        first = text.split(None, 1)[0].lower()
        return first not in _NOT_PAST and not first.startswith("need")
    words = text.split(None, 3)
    if len(words) > 1 and words[0].lower().endswith("ly") and words[0].isalpha():
        words = words[1:]  # "Temporarily doubled …", "Successfully migrated …"
    if len(words) > 2 and words[1].lower() == "and" and words[0].lower().endswith("ed"):
        words = words[2:]  # "Documented and published a public report"
    if len(words) < 2 or words[0].lower().strip(",:") not in _DONE_VERBS:
        return False
    return _PLANNED.search(text) is None


def _told_as_done_passive(text: str) -> bool:
    """The item is a subject and a passive past: "Alerts were added for …", "Monitoring has
    been improved". A plan ("were to be filtered", "will be analysed", "should be rotated",
    "could have been added") is none, nor a participle that says what was meant, asked or put
    off ("was supposed to", "was expected", "were asked to", "was deferred", "has been
    started"), nor a ticket that was opened ("A ticket has been created to add retries": the
    work is tracked, not done; "The PR was merged" is done). An item that qualifies its report
    ("… but the root cause was not fixed", "… until a fix lands", "partially deployed") or goes
    on with work still to do ("The certificate was renewed by hand; automate the renewal") is
    open: reading it as done would hide open work."""
    clauses = [clause.strip() for clause in text.split(";")]
    if len(clauses) > 1:
        return _passive_report(clauses[0]) and all(map(_told_as_done, filter(None, clauses[1:])))
    return _passive_report(text)


def _passive_report(text: str) -> bool:
    if _QUALIFIED.search(text) is not None:
        return False
    words = text.split(None, _SUBJECT_WORDS + 4)[: _SUBJECT_WORDS + 4]
    for index, word in enumerate(words[: _SUBJECT_WORDS + 1]):
        lowered = word.lower()
        if lowered in ("was", "were"):
            rest = words[index + 1 :]
        elif lowered in ("has", "have") and index + 1 < len(words):
            if words[index + 1].lower() != "been":
                return False
            rest = words[index + 2 :]
        else:
            if not word[:1].isalnum() and word not in ("&", "/"):
                return False  # punctuation of a clause before any verb: not a subject
            if lowered.strip(",") in _NOT_SUBJECT:
                return False  # "Verify that the key was rotated": a check still to make
            continue
        if index == 0:
            return False  # no subject: "Was the alert tested?"
        if words[index - 1].lower() in _MODALS:
            return False  # "A check could have been added": what was not done
        if rest and rest[0].lower().endswith("ly") and rest[0].isalpha():
            rest = rest[1:]  # "was quickly rolled back"
        if not rest:
            return False
        participle = rest[0].lower().strip(",.;:!")
        return (
            participle.isalpha()
            and (
                participle in _DONE_VERBS
                or participle in _DONE_IRREGULAR
                or participle.endswith("ed")
            )
            and participle not in _NOT_DONE_PARTICIPLES
            and not participle.startswith("mis")  # "was misconfigured": the fault
            and not (_names_a_ticket(words[:index]) and participle not in _CLOSING_PARTICIPLES)
            and _PLANNED.search(text) is None
        )
    return False


def _names_a_ticket(subject: list[str]) -> bool:
    """A subject that is a ticket, an issue or a pull request: "A Jira ticket", "The PR"."""
    lowered = [word.lower().strip(",.:;()[]`'\"") for word in subject]
    pairs = {" ".join(pair) for pair in itertools.pairwise(lowered)}
    return bool(_TICKET_NOUNS.intersection(lowered) or _TICKET_PAIRS.intersection(pairs))


_MODALS = frozenset({"could", "would", "might", "may", "can", "ought", "should", "must"})
"""Words before `have been` that make the report one of what was not done ("should have been
added", "could have been caught")."""
_QUALIFIED = re.compile(
    r"\b(?:but|until|pending|however|yet|still|although|though|except|not|never|n't|instead"
    r"|no|nothing|none|neither|nor|nobody"
    r"|partially|partly|temporarily|for now|interim|meanwhile|on hold|backlog|in progress"
    r"|incorrectly|wrongly|improperly|accidentally|inadvertently|mistakenly|erroneously)\b",
    re.IGNORECASE,
)
"""Words that qualify a passive report: it was done only in part, for now, or wrongly, or not
at all, or the item goes on to what was not done ("The change was rolled back but the root
cause was not fixed", "The fix has been partially deployed", "Backups were configured
incorrectly", "No alert was added")."""
_TICKET_NOUNS = frozenset(
    {
        *("ticket", "tickets", "issue", "issues", "task", "tasks", "story", "stories", "epic"),
        *("epics", "bug", "bugs", "card", "cards", "jira", "jiras", "pr", "prs", "mr", "mrs"),
        *("rfc", "rfcs", "proposal", "proposals", "follow-up", "follow-ups", "followup"),
    }
)
_TICKET_PAIRS = frozenset(
    {"pull request", "pull requests", "merge request", "merge requests", "change request"}
    | {"change requests", "feature request", "feature requests", "action item", "action items"}
)
"""Subjects that are the record of work rather than the work: a ticket created, an issue
filed, a pull request opened is work tracked, not done."""
_CLOSING_PARTICIPLES = frozenset(
    {"closed", "merged", "resolved", "completed", "fixed", "done", "deployed", "released"}
    | {"shipped", "implemented", "finished", "addressed", "landed"}
)
"""What a ticket or pull request has been when its work is done ("The PR was merged")."""


_NOT_SUBJECT = frozenset(
    {
        *("that", "if", "whether", "when", "once", "until", "unless", "after", "before"),
        *("because", "since", "why", "how", "what", "which", "who", "where"),
        *("ensure", "verify", "check", "confirm", "validate", "investigate", "determine"),
        *("find", "understand", "document", "explain", "review", "make", "see", "test"),
    }
)
"""Words that make the words before a passive verb a subordinate clause or an imperative,
not its subject: the item asks for work ("Check whether the backup was restored")."""
_DONE_IRREGULAR = frozenset(
    {
        *("made", "done", "undone", "built", "rebuilt", "written", "rewritten", "set", "put"),
        *("run", "rerun", "taken", "given", "withdrawn", "frozen", "shut", "split"),
    }
)
"""Irregular passive participles of work done ("Changes have been made to the resources")."""
_SUBJECT_WORDS = 8
"""Words a passive item's subject may take before its verb ("Additional observability for
the p2p network was introduced")."""
_NOT_DONE_PARTICIPLES = frozenset(
    {
        "supposed",
        "expected",
        "meant",
        "intended",
        "planned",
        "scheduled",
        "proposed",
        "suggested",
        "asked",
        "requested",
        "required",
        "needed",
        "discussed",
        "considered",
        "decided",
        "agreed",
        "assigned",
        "tasked",
        "raised",
        "reported",
        "noted",
        "identified",
        "caused",
        "affected",
        "impacted",
        "blocked",
        "delayed",
        "missed",
        "ignored",
        "overlooked",
        "unaffected",
        "tested",
        *("deferred", "postponed", "deprioritized", "deprioritised", "descoped", "backlogged"),
        *("parked", "suspended", "shelved", "started", "begun", "initiated", "drafted"),
        *("escalated", "forwarded", "delegated", "handed", "queued", "prioritized"),
        "prioritised",
    }
)
"""Passive participles that do not report the item's work as done: a plan or a request
("was supposed to", "was proposed"), a problem found ("was identified", "were affected",
"was blocked by"), a check whose outcome the item does not say ("was tested"), or work put
off, begun or passed on ("was deferred", "has been started", "was escalated to the vendor")."""
_DONE_VERBS = frozenset(
    {
        "added",
        "audited",
        "banned",
        "blocked",
        "closed",
        "completed",
        "conducted",
        "contacted",
        "created",
        "deleted",
        "deployed",
        "disabled",
        "doubled",
        "enabled",
        "enforced",
        "engaged",
        "established",
        "filed",
        "finalised",
        "finalized",
        "fixed",
        "halved",
        "implemented",
        "informed",
        "introduced",
        "lowered",
        "merged",
        "migrated",
        "notified",
        "paused",
        "patched",
        "published",
        "purged",
        "raised",
        "rebooted",
        "released",
        "removed",
        "renamed",
        "replaced",
        "restarted",
        "reverted",
        "revoked",
        "rotated",
        "sent",
        "stopped",
        "switched",
        "terminated",
        "triaged",
        "upgraded",
        "wrote",
    }
)
"""Past tenses that open an item only as a verb, with or without an article after them:
"Removed legacy access", "Completed commit triage". Words that also make a noun phrase of
something still to build ("Improved runbooks", "Automated failover", "Updated runbook",
"Documented process", "Increased monitoring") are not among them."""
_PLANNED = re.compile(r"\b(?:should|must|needs?|will|shall|has to|have to|to be|tbd|todo)\b", re.I)
"""Words of a plan: "Disabled accounts must be purged" is not a report of work done."""


def _owner(plain: str) -> str | None:
    bracketed = _BRACKET_OWNER.match(plain.strip())
    if bracketed:
        return bracketed.group(1)
    labelled = _OWNER_LABEL.search(plain)
    if labelled:
        value = labelled.group(1)
        stop = _OWNER_STOP.search(value)
        if stop:
            value = value[: stop.start()]
        value = value.strip(" \t.")
        if value:
            return value
    mention = _MENTION.search(plain)
    if mention:
        return "@" + mention.group(1)
    tail = _DASH_TAIL.search(plain, max(0, len(plain) - 96))  # it matches 85 characters at most
    if tail:
        value = tail.group(1).strip(" \t.")
        value = _URL.sub("", value).strip(" \t,.")
        if _NAME.match(value):
            return value
    return None


def _ticket(text: str) -> str | None:
    url = _URL.search(text)
    if url:
        return url.group(0).rstrip(".,;:>")
    for match in _KEY.finditer(text):
        if match.group(1).split("-", 1)[0] not in _NOT_KEYS:
            return match.group(1)
    issue = _ISSUE.search(text)
    if issue:
        return issue.group(1)
    return None


def heading_not_actions(title: str) -> bool:
    """A subsection such as "What went wrong" under an action-item heading: its bullets are
    the review's findings, not action items."""
    return _NOT_ACTIONS.search(title) is not None


def heading_says_done(title: str) -> bool:
    """A heading such as "Immediate Actions (Completed)" or "Done": its items are done."""
    return _DONE_WORDS.search(title) is not None
