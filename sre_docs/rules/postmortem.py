"""Postmortem rules: expected sections, timeline order, review status, severity, placeholders.

`missing-section` also covers runbooks; handoffs have their own rule with the same machinery."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, NamedTuple

from sre_docs import doctypes
from sre_docs.body import normalise_title
from sre_docs.calc.action_items import business_days_between, parse_due
from sre_docs.calc.incidents import severity_rank
from sre_docs.model import CLOSED_STATES, DONE_STATES, IN_PROGRESS_STATES
from sre_docs.placeholders import PLACEHOLDER_TEXT
from sre_docs.rules.base import HANDBOOK, Hit, rule

if TYPE_CHECKING:
    from sre_docs.body import Heading
    from sre_docs.handbook import Handbook, LintContext
    from sre_docs.model import Doc


def _missing_message(doc_type: str, missing: list[doctypes.Section]) -> str:
    names = [f"'{section.name}'" for section in missing]
    if len(names) == 1:
        return f"{doc_type} has no {names[0]} section"
    return f"{doc_type} has no {', '.join(names[:-1])} or {names[-1]} section"


@rule("missing-section", "PM001", "error")
def missing_section(doc: Doc, context: LintContext) -> Iterator[Hit]:
    """## What it does
    Reports a document whose body lacks a section its type expects, matched by heading text
    (any level, synonyms accepted). A heading counts when it has every word of the section's
    name or of one of the synonyms in brackets, in any order, regardless of case, plurals and
    small words (a, an, the, of, and, or, for, to, in, on, at, by; `&`, a lone `-`):
    `Timeline (UTC)`, `Customer impact` and `Impact on customers` count for Impact, and a
    team's synonym "Details of vulnerability" accepts `Vulnerability Details`. A hyphenated
    word is one word: `Low-impact changes` is not Impact. A field written in place of a
    heading, its label at the start of a line, counts as the section too: `**Summary**: …`,
    `**Root Causes:** …`, `- Impact: …` (a label of up to six words; a sentence with a colon
    in it is not one). An opening paragraph of eight words or more before the first section
    (below the title) is the summary, as templates that open with what happened, for how
    long and who was affected write it: it counts as Summary, and as the sections that
    accept Summary as a synonym (a runbook's Overview, a procedure's Purpose). A page that is
    a title and no section (a short how-to: what it is for, then the commands) has its first
    paragraph as that lead, a list of steps not being one; the title is the first heading at
    level 1, or a first heading that opens the page with no other at its level or above
    (`## How to reboot a VM`).

    {sections}

    A runbook says it is a procedure (a how-to that answers no alert: rotate a certificate,
    restore a backup) with `kind: procedure`, or its folder says it for every runbook in it
    (`folders: {"ops/how-to/**": {type: runbook, kind: procedure}}`); it is then asked for the
    procedure's sections only. A runbook of an error met while debugging rather than an alert
    (`CrashLoopBackOff`, an exception, a log line) says `kind: troubleshooting`, or its folder
    does, and is asked for Symptoms, Diagnosis and Resolution only. A runbook without `kind`,
    its own or its folder's, is an alert runbook, whether or not it lists `alerts`.

    The `sections` option sets a type's required sections, and a form's (`procedure`,
    `troubleshooting`, `short`), and adds headings a team writes, in any language:

    ```yaml
    sections:
      runbook:
        required: [Meaning, Impact, Diagnosis, Mitigation]
        synonyms: {Meaning: [含义], Mitigation: [缓解, Abhilfe]}
        procedure:
          required: [Purpose, Steps, Verification]
          synonyms: {Steps: [Ablauf]}
    ```

    ## Why is this bad
    Readers look for the same sections in every postmortem and, at 3 a.m., in every runbook.
    A postmortem without a timeline or root cause cannot be reviewed; a runbook without
    mitigation steps or an escalation path leaves the on-call engineer alone; a procedure
    without a way to check it worked, or to undo it, turns a routine change into an incident.

    ## Example
    ```markdown
    ## Summary
    ## Timeline
    ## Action Items
    ```

    ## Use instead
    ```markdown
    ## Summary
    ## Impact
    ## Timeline
    ## Root Cause
    ## Action Items
    ```
    """
    entry = doc.entry
    if entry is None or entry.section_rule != "missing-section":
        return
    expected, forms = context.config.expected_sections(entry)
    line = doc.body_line if doc.body.strip() else 1
    kind = next((form for form in forms if form.replaces and form.applies(doc.fields)), None)
    if kind is not None:
        # A procedure or a troubleshooting runbook is checked as such only: it answers no alert.
        if kind.sections:
            titles = _section_titles(doc)
            gaps = doctypes.missing_sections(kind.sections, titles, _numbered(doc, kind.sections))
            if gaps:
                yield Hit(line, 1, _missing_message(f"{entry.name} ({kind.label})", gaps))
        return
    if not expected:
        return
    titles = _section_titles(doc)
    gaps = doctypes.missing_sections(expected, titles, _numbered(doc, expected))
    if not gaps:
        return
    for form in forms:
        if form.replaces or not form.applies(doc.fields):
            continue
        form_gaps = doctypes.missing_sections(form.sections, titles)
        if not form_gaps:
            return
        if len(form_gaps) < len(gaps):
            yield Hit(line, 1, _missing_message(f"{entry.name} ({form.label})", form_gaps))
            return
    yield Hit(line, 1, _missing_message(entry.name, gaps))


def _section_titles(doc: Doc) -> list[str]:
    """Normalised heading texts, and the labels of fields written in their place at the start
    of a line (`**Summary**: …`, `- Impact: …`, `**Root Causes:** …`); `summary` for a lead
    paragraph written before the first section (`_has_lead`)."""
    body = doc.body_index
    titles = [normalise_title(heading.title) for heading in body.headings]
    headings = {heading.line for heading in body.headings}
    labelled: set[int] = set()
    for line, text in body.prose:
        if line not in headings:
            label = _field_label(text)
            if label:
                titles.append(label)
                labelled.add(line)
    if _has_lead(doc, headings | labelled):
        titles.append("summary")
    return titles


_LEAD_WORDS = 8
"""Words of prose before the first section that make a lead paragraph, the summary."""


def _has_lead(doc: Doc, skipped: set[int]) -> bool:
    """Whether the body opens with a summary without a heading of its own: at least
    `_LEAD_WORDS` words of prose before the first section heading (the title, `_title`, is
    no section), as templates that open with "what happened, for how long and who was
    affected" write it. A page that is a title and no section (a short how-to: the title, a
    paragraph saying what it is for, the commands) has its first paragraph as the lead.
    `skipped`: the lines of headings and of labelled fields, which are sections of their
    own."""
    body = doc.body_index
    if not body.headings:
        return False
    title = _title(doc)
    following = body.headings[1:] if title is not None else body.headings
    if not following:
        return _opening_paragraph_words(doc, title.line, skipped) >= _LEAD_WORDS
    first = following[0]
    start = title.line if title is not None else 0
    words = 0
    for line, text in body.prose:
        if line >= first.line:
            break  # prose comes in line order
        if line > start and line not in skipped:
            words += len(text.split())
            if words >= _LEAD_WORDS:
                return True
    return False


def _title(doc: Doc) -> Heading | None:
    """The heading that is the page's title, not a section: a level-1 heading that comes
    first, or a first heading of another level that opens the body and has no other heading
    at its level or above (a page written with `## How to reboot a VM` as its only top
    heading)."""
    body = doc.body_index
    first = body.headings[0]
    if first.level == 1:
        return first
    if body.prose and body.prose[0][0] < first.line:
        return None
    if any(other.level <= first.level for other in body.headings[1:]):
        return None
    return first


_LIST_ITEM = re.compile(r"[ \t]*(?:[-*+]|\d{1,3}[.)])[ \t]")


def _opening_paragraph_words(doc: Doc, after: int, skipped: set[int]) -> int:
    """Words of the first paragraph after line `after`: prose lines in a row, up to a blank
    line, code or a list; a list item or a table row first is no paragraph (a page of steps
    says nothing of what they are for)."""
    words = 0
    previous = None
    for line, text in doc.body_index.prose:
        if line <= after or line in skipped:
            continue
        if previous is not None and line != previous + 1:
            break
        if _LIST_ITEM.match(text) or text.lstrip().startswith(("|", ">")):
            break
        words += len(text.split())
        previous = line
    return words


_LABEL_LIMIT = 60
"""Characters a field's label may have: `**Corrective and preventative measures**:` fits."""


def _field_label(text: str) -> str | None:
    """The label of a line that starts with one (`- **Impact**: 23 validators …` → `impact`),
    normalised as a heading is; None for a line that is not a labelled field."""
    stripped = text.strip()
    if stripped[:1] in "-*+" and stripped[1:2] in (" ", "\t"):
        stripped = stripped[2:].lstrip()
    if stripped.startswith("|"):
        return None
    head = stripped[: _LABEL_LIMIT + 8]
    if head.startswith(("**", "__")):
        mark = head[:2]
        close = head.find(mark, 2)
        if close == -1:
            return None
        label, after = head[2:close], head[close + 2 :]
        if label.endswith(":"):
            label = label[:-1]
        elif not after.lstrip().startswith(":"):
            return None
    else:
        label, colon, _ = head.partition(":")
        if not colon:
            return None
    label = label.strip()
    if not label or len(label) > _LABEL_LIMIT or not label[0].isalpha():
        return None
    if label.count(" ") > 5:
        return None  # a sentence that has a colon in it, not a field's name
    if any(not (char.isalpha() or char in " -&/'’()") for char in label):
        return None  # a time (`14:05`), a URL, a sentence with a colon in it
    return normalise_title(label)


_NUMBERED = re.compile(r"[ \t]{0,12}\d{1,3}[.)][ \t]")


_STEP_VERBS = frozenset(
    """add apply build change clone configure connect copy create delete deploy disable
    download drain enable export generate get import install merge migrate mount move open
    promote push reboot register reinstall remove rename replace restart restore resize
    rotate route run scale set start stop switch sync update upgrade upload""".split()
)
"""Verbs a step heading opens with (`## Install the SDK`, `### Creating the keypair`); not
those of the other sections (check, test, verify, prepare, revert)."""


def _step_heading(title: str) -> bool:
    """Whether a heading names a step: it opens with a verb of `_STEP_VERBS`, as written or in
    its -ing form (`Getting the certificate`, `Configuring the tunnel`)."""
    words = normalise_title(title).split(maxsplit=1)
    if not words:
        return False
    word = words[0]
    if word in _STEP_VERBS:
        return True
    if not word.endswith("ing") or len(word) < 6:
        return False
    stem = word[:-3]
    return (
        stem in _STEP_VERBS
        or stem + "e" in _STEP_VERBS
        or (stem[-1] == stem[-2] and stem[:-1] in _STEP_VERBS)  # getting, running
    )


def _numbered(doc: Doc, sections: tuple[doctypes.Section, ...]) -> bool:
    """Whether numbered steps count for `sections` and the document has them: two or more
    numbered list items or numbered headings (code is not prose), or two or more step
    headings (`_step_heading`; the title is none)."""
    if not any(section.numbered for section in sections):
        return False
    body = doc.body_index
    headings = {h.line for h in body.headings}
    title = _title(doc) if body.headings else None
    named = sum(1 for h in body.headings if h is not title and _step_heading(h.title))
    if named >= 2:
        return True
    count = sum(1 for heading in body.headings if _NUMBERED.match(heading.title))
    for line, text in body.prose:
        if count >= 2:
            break
        if line not in headings and _NUMBERED.match(text):
            count += 1
    return count >= 2


_STAMP = re.compile(
    r"(?<![\d:])(?:(?P<date>\d{4}-\d{2}-\d{2})(?:[T ]+|\s*[,/]\s*))?"
    r"(?P<hour>[01]?\d|2[0-3]):(?P<minute>[0-5]\d)(?::(?P<second>[0-5]\d))?(?![\d:])"
    r"(?:\s*(?P<meridiem>[AaPp])\.?[Mm]\.?(?![a-z]))?"
)
_ISO_DATE = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")
_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
_MONTH_NAMES = "|".join(sorted(_MONTHS, key=len, reverse=True))
_NAMED_DATE = re.compile(
    r"\b(?:(?P<month>" + _MONTH_NAMES + r")\.?\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?"
    r"|(?P<day2>\d{1,2})(?:st|nd|rd|th)?\s+(?P<month2>" + _MONTH_NAMES + r")\.?"
    r"|(?P<day3>\d{1,2})\.\s+(?P<month3>" + _MONTH_NAMES + r")\.?(?!\s+\d{1,2}(?!\d)))"
    r"(?:,?\s+(?P<year>\d{4}))?\b,?",
    re.IGNORECASE,
)
_MONTH_STEMS = tuple(sorted({name[:3] for name in _MONTHS}))
_MONTH_STEM = re.compile("|".join(_MONTH_STEMS))


def _may_name_a_month(text: str) -> bool:
    """Whether `text` may hold a written month, a cheap test before `_NAMED_DATE` (most
    timeline entries have none): every month name starts with one of twelve stems, and for
    their letters (none is an `i`) casefolding equates what `re.IGNORECASE` does."""
    return _MONTH_STEM.search(text.casefold()) is not None


_WEEKDAY = r"(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?"
_MARKUP_ONLY = re.compile(
    r"[\s\-*+|#>_~.()\[\]\d]*+(?:" + _WEEKDAY + r")?[\s\-*+|#>_~.,()\[\]]*+(?:at|on|@)?[\s*_]*+",
    re.IGNORECASE,
)
"""What may stand before an entry's time: list, table, heading and emphasis markup."""

APPROXIMATE_TOLERANCE = dt.timedelta(minutes=5)
"""How far an approximate entry (`~16:50`, `around 16:50`) may stand out of order: who writes
"about" rounds to five minutes or reads the time off a graph."""
_APPROXIMATE_BEFORE = re.compile(
    r"(?:(?<!~)~|≈|\b(?:approx(?:imately)?|around|about|circa|ca|roughly)\b\.?)[ \t]*$",
    re.IGNORECASE,
)
_APPROXIMATE_AFTER = re.compile(
    r"ish\b|[ \t]{0,2}\(?(?:approx(?:imately)?|roughly|circa)\b\.?\)?", re.IGNORECASE
)
_APPROXIMATE_REACH = 24


class TimelineEntry(NamedTuple):
    """One timestamped entry of a Timeline section."""

    line: int
    moment: dt.datetime
    text: str
    """The time as written, with its approximation mark (`~16:50`, `around 16:50`)."""
    approximate: bool = False


def _approximate_mark(before: str, after: str) -> tuple[int, int] | None:
    """(characters of `before`, of `after`) that say an entry's time is approximate: `~16:50`,
    `approx. 16:50`, `around 16:50`, `ca. 16:50`, `16:50ish`, `16:50 (approx.)`; None if none."""
    tail = before[-_APPROXIMATE_REACH:]
    mark = _APPROXIMATE_BEFORE.search(tail)
    if mark is not None:
        return len(tail) - mark.start(), 0
    mark = _APPROXIMATE_AFTER.match(after)
    if mark is not None and mark.group(0).strip():
        return 0, mark.end()
    return None


_DATE_REACH = 64
_NUMERIC_DATE = re.compile(r"(?<![\d/.:-])(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})(?![\d/.:-])")
# What every numeric and ISO date holds: a cheap scan before `_NUMERIC_DATE` and `_ISO_DATE`,
# whose lookbehinds are tried at every position of a line.
_DATE_HINT = re.compile(r"\d[/.-]\d")
_TRAILING = re.compile(
    r"[ \t]{0,3}(?:(?-i:\(?[A-Z]{2,5}\)?)[ \t]{1,3})?(?:"
    + _WEEKDAY
    + r"[ \t]{1,3})?(?:on[ \t]{1,3})?",
    re.IGNORECASE,
)
"""What may stand between an entry's time and a date written after it: a zone, a weekday."""


def numeric_date_order(lines: list[str], configured: str = "auto") -> str:
    """`day-first` or `month-first` for the numeric dates (`07/06/23`) of one document: as
    configured, else as its unambiguous dates show (a first number above 12 is a day), else
    the order in which its dates run forward."""
    if configured in ("day-first", "month-first"):
        return configured
    pairs = []
    for text in lines:
        head = text[:_DATE_REACH]
        if _DATE_HINT.search(head) is None:
            continue
        for match in _NUMERIC_DATE.finditer(head):
            first, second = int(match.group(1)), int(match.group(3))
            if first > 12 >= second:
                return "day-first"
            if second > 12 >= first:
                return "month-first"
            pairs.append((first, second, _year(match.group(4))))
    as_month_first = [(year, first, second) for first, second, year in pairs]
    as_day_first = [(year, second, first) for first, second, year in pairs]
    if as_month_first != sorted(as_month_first) and as_day_first == sorted(as_day_first):
        return "day-first"
    return "month-first"


def _year(text: str) -> int:
    return int(text) + 2000 if len(text) == 2 else int(text)


def _leading_date(
    text: str, year: int | None, order: str = "month-first"
) -> tuple[dt.date | None, str]:
    """A date at the start of an entry (ISO, numeric or named month) and the text with it
    removed."""
    head = text[:_DATE_REACH]  # only markup may stand before an entry's date
    hinted = _DATE_HINT.search(head) is not None
    iso = _ISO_DATE.search(head) if hinted else None
    named = _NAMED_DATE.search(head) if _may_name_a_month(head) else None
    numeric = _NUMERIC_DATE.search(head) if hinted and iso is None else None
    if iso is None and named is None and numeric is None:
        return None, text  # most entries: a time, no date
    for match in sorted(
        (m for m in (iso, named, numeric) if m is not None), key=lambda m: m.start()
    ):
        if not _MARKUP_ONLY.fullmatch(text[: match.start()]):
            continue
        found = _date_of(match, iso, numeric, year, order)
        if found is not None:
            return found, text[: match.start()] + " " * (match.end() - match.start()) + text[
                match.end() :
            ]
    return None, text


def written_date(text: str) -> dt.date | None:
    """The date at the start of `text` (ISO, numeric or with a written month), if any."""
    order = numeric_date_order([text])
    return _leading_date(text, None, order)[0]


def _date_of(
    match: re.Match[str],
    iso: re.Match[str] | None,
    numeric: re.Match[str] | None,
    year: int | None,
    order: str,
) -> dt.date | None:
    if match is iso:
        return _parse_date(match.group(0))
    if match is numeric:
        first, second = int(match.group(1)), int(match.group(3))
        month, day = (second, first) if order == "day-first" else (first, second)
        try:
            return dt.date(_year(match.group(4)), month, day)
        except ValueError:
            return None
    month = _MONTHS[
        (match.group("month") or match.group("month2") or match.group("month3")).lower()
    ]
    day = int(match.group("day") or match.group("day2") or match.group("day3"))
    found_year = int(match.group("year")) if match.group("year") else year
    try:
        return dt.date(found_year or 2000, month, day)
    except ValueError:
        return None


def _trailing_date(text: str, year: int | None, order: str) -> dt.date | None:
    """A date written just after the entry's time: `03:30 AM PST Sunday Oct 31st`."""
    lead = _TRAILING.match(text)
    rest = text[lead.end() if lead else 0 :][:_DATE_REACH]
    for pattern in (_ISO_DATE, _NUMERIC_DATE, _NAMED_DATE):
        match = pattern.match(rest)
        if match:
            return _date_of(
                match,
                match if pattern is _ISO_DATE else None,
                match if pattern is _NUMERIC_DATE else None,
                year,
                order,
            )
    return None


def timeline_section(doc: Doc) -> tuple[int, int] | None:
    """(heading line, last line) of the Timeline section. A following heading of the same
    level that is only a date (`## May 13`, `## 15 May`) continues it, as day headings do."""
    body = doc.body_index
    heading = next(
        (h for h in body.headings if doctypes.TIMELINE.matches(normalise_title(h.title))), None
    )
    if heading is None:
        return None
    end = body.section_end(heading)
    for other in body.headings:
        if other.line <= end:
            continue
        if other.line != end + 1 or other.level != heading.level:
            break
        date, rest = _leading_date(other.title, None)
        if date is None or rest.strip(" ,.-:"):
            break
        end = body.section_end(other)
    return heading.line, end


# A time-only entry earlier than the one before it is the next day when the night between
# them is shorter than this: a backward step of more than 12 hours reads as a wrap past
# midnight, a shorter one as a time out of order (`15:30` then `03:35` is 12 h 05 min on).
NEXT_DAY_GAP = dt.timedelta(hours=12)


def timeline_entries(doc: Doc, configured_order: str = "auto") -> list[TimelineEntry]:
    """Each timestamped entry of the Timeline section.

    An entry is a line whose time (optionally after a date) comes first, behind nothing but
    list, table, heading or emphasis markup and an approximation mark (`~`, `approx.`,
    `around`); times in running prose are not entries. A line that is only a date
    (`_7/6/23_`, `## May 13`) sets the date of the entries after it."""
    section = timeline_section(doc)
    if section is None:
        return []
    start, end = section
    lines = [(line, text) for line, text in doc.body_index.prose if start < line <= end]
    order = numeric_date_order([text for _, text in lines], configured_order)
    current_date = _doc_date(doc)
    entries: list[TimelineEntry] = []
    previous: TimelineEntry | None = None
    twelve_hour = True  # until an entry says otherwise (`14:05`, `9:00 AM`)
    for line, text in lines:
        year = current_date.year if current_date else None
        written_date, rest = _leading_date(text, year, order)
        if written_date is not None:
            current_date = written_date
        stamp = _STAMP.search(rest)
        if stamp is None:
            continue
        mark = _approximate_mark(rest[: stamp.start()], rest[stamp.end() :])
        lead = rest[: stamp.start() - (mark[0] if mark else 0)]
        if not _MARKUP_ONLY.fullmatch(lead):
            continue
        if stamp.group("date"):
            written_date = _parse_date(stamp.group("date"))
            if written_date is not None:
                current_date = written_date
        if written_date is None:
            written_date = _trailing_date(rest[stamp.end() :], year, order)
            if written_date is not None:
                current_date = written_date
        hour = int(stamp.group("hour"))
        meridiem = (stamp.group("meridiem") or "").lower()
        if meridiem and hour > 12:
            continue  # "14:05 PM" is not a time
        if meridiem == "p" and hour != 12:
            hour += 12
        elif meridiem == "a" and hour == 12:
            hour = 0
        moment = dt.datetime.combine(
            current_date or dt.date(2000, 1, 1),
            dt.time(hour, int(stamp.group("minute")), int(stamp.group("second") or 0)),
        )
        if meridiem or hour > 12:
            twelve_hour = False
        before = previous.moment if previous is not None else None
        # An approximate time a little before its neighbour is not the next half-day.
        close = (
            previous is not None
            and (mark is not None or previous.approximate)
            and previous.moment - moment <= APPROXIMATE_TOLERANCE
        )
        if written_date is None and before is not None and moment < before and not close:
            if twelve_hour and hour < 12 and moment + dt.timedelta(hours=12) >= before:
                # A 12-hour clock written without AM/PM: "12:16" then "1:52" is afternoon.
                moment += dt.timedelta(hours=12)
            # A time-only entry after midnight follows one late the day before: `07:00`
            # after `23:55` is the next morning when that makes the gap under 12 hours
            # (9999-12-31 has no next morning).
            elif moment.date() < dt.date.max and moment + dt.timedelta(days=1) - before < (
                NEXT_DAY_GAP
            ):
                current_date = moment.date() + dt.timedelta(days=1)
                moment += dt.timedelta(days=1)
        start = stamp.start() - (mark[0] if mark else 0)
        written = rest[start : stamp.end() + (mark[1] if mark else 0)]
        previous = TimelineEntry(line, moment, " ".join(written.split()), mark is not None)
        entries.append(previous)
    return entries


def _parse_date(text: str | None) -> dt.date | None:
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def _doc_date(doc: Doc) -> dt.date | None:
    value = doc.fields.get("date")  # the front matter's, else the file name's
    return _parse_date(value) if isinstance(value, str) else None


@rule("timeline-out-of-order", "PM002", "warning")
def timeline_out_of_order(doc: Doc, context: LintContext) -> Iterator[Hit]:
    """## What it does
    Reads the timestamps at the start of each entry of a postmortem's Timeline section
    (`2026-11-02 14:05`, `14:05`, `2:14 pm`, in lists, tables or headings) and reports an
    entry earlier than the one before it. Dates may be ISO, numeric (`29-11-2024`,
    `07/06/23`), or with a written month (`7th Nov 2023`, `Nov 7`, `19. April`), before the
    time, after it (`03:30 AM PST Sunday Oct 31st`), in a table column, or alone on a line or
    a heading (`_7/6/23_`, `## May 13`) for the entries below. Numeric dates are read day-first or
    month-first per document: as the `timeline_date_order` option says, else as its
    unambiguous dates show (`29-11-2024` is day-first), else in the order that keeps its dates
    running forward. A time-only entry earlier than the one before it is taken to be the next
    day when that puts less than 12 hours between them (`07:00` after `23:55`, a night's
    work); a shorter step back (`09:00` after `17:10`) is still reported. In a timeline
    written on a 12-hour clock without AM/PM, `1:52` after `12:16` is the afternoon. The
    message names the entry before, with its line.

    A time marked approximate (`~16:50`, `≈16:50`, `approx. 16:50`, `around 16:50`,
    `about 16:50`, `ca. 16:50`, `16:50ish`, `16:50 (approx.)`) is out of order only when it is
    more than 5 minutes earlier than the entry before it (or an entry after it is more than 5
    minutes earlier than it): whoever writes "about" rounds to five minutes or reads the time
    off a graph, so `~16:50:00` below `16:50:25` is no typo. An exact entry after approximate
    ones is still compared with the last exact entry before them, and the message names
    whichever entry it contradicts.

    ## Why is this bad
    The timeline is how reviewers reconstruct detection and response times. An entry out of
    order is usually a typo in the time, and it silently skews time-to-detect and
    time-to-mitigate.

    ## Example
    ```markdown
    - **14:05** Error rate alert fires
    - **13:58** Deploy of checkout-api 4.2.0 completes
    ```

    ## Use instead
    ```markdown
    - **13:58** Deploy of checkout-api 4.2.0 completes
    - **14:05** Error rate alert fires
    ```
    """
    if doc.doc_type != "postmortem":
        return
    entries = timeline_entries(doc, context.config.timeline_date_order)
    for index in range(1, len(entries)):
        entry, before = entries[index], entries[index - 1]
        if not _earlier(entry, before):
            if not before.approximate:
                continue
            # Past approximate entries, the last exact one still bounds this entry.
            exact = next((e for e in reversed(entries[: index - 1]) if not e.approximate), None)
            if exact is None or not _earlier(entry, exact):
                continue
            before = exact
        shown, shown_previous = entry.text, before.text
        if entry.moment.date() != before.moment.date():
            shown = f"{entry.moment:%Y-%m-%d} {shown}"
            shown_previous = f"{before.moment:%Y-%m-%d} {shown_previous}"
        yield Hit(
            entry.line,
            1,
            f"timeline entry {shown} is earlier than the entry before it "
            f"({shown_previous} on line {before.line})",
        )


def _earlier(entry: TimelineEntry, before: TimelineEntry) -> bool:
    """Whether `entry` is out of order after `before`: earlier, by more than the tolerance
    when either time is approximate."""
    slack = APPROXIMATE_TOLERANCE if entry.approximate or before.approximate else dt.timedelta()
    return entry.moment < before.moment - slack


@rule("overdue-postmortem", "PM003", "warning", scope=HANDBOOK, reads=("meta.status", "meta.date"))
def overdue_postmortem(handbook: Handbook, context: LintContext) -> Iterator[Hit]:
    """## What it does
    Reports a postmortem still `draft` or `in-review` more than 5 business days (Monday to
    Friday; `postmortem_review_days` in the configuration) after its `date`.

    ## Why is this bad
    A postmortem is most useful while the incident is fresh. Drafts that linger lose the
    details, and their action items never get planned.

    ## Example
    ```yaml
    date: 2026-10-01
    status: draft
    ```
    linted on 2026-11-24.

    ## Use instead
    Finish the review and set `status: final` (with `reviewers`), or drop it if it is no
    longer wanted.
    """
    limit = context.config.postmortem_review_days
    for record in handbook.checked("postmortem"):
        status = record.meta.get("status")
        if status not in ("draft", "in-review"):
            continue
        started = parse_due(record.meta.get("date"))
        if started is None:
            continue
        elapsed = business_days_between(started, context.today)
        if elapsed > limit:
            yield Hit(
                record.line_of("status"),
                1,
                f"postmortem is still {status} {elapsed} business days after the incident "
                f"({started.isoformat()}); the limit is {limit}",
                record.rel,
            )


@rule("final-without-review", "PM004", "error")
def final_without_review(doc: Doc, context: LintContext) -> Iterator[Hit]:
    """## What it does
    Reports a postmortem with `status: final` and no `reviewers`.

    ## Why is this bad
    A postmortem nobody reviewed has not been checked for blame, missing causes or weak
    action items; calling it final closes the door on that review.

    ## Example
    ```yaml
    status: final
    authors: ["@amira"]
    ```

    ## Use instead
    ```yaml
    status: final
    authors: ["@amira"]
    reviewers: ["@jonas", "@li.wei"]
    ```
    """
    if doc.doc_type != "postmortem" or doc.meta.get("status") != "final":
        return
    reviewers = doc.meta.get("reviewers")
    if not isinstance(reviewers, list) or not [r for r in reviewers if str(r).strip()]:
        yield Hit(doc.line_of("status"), 1, "postmortem is final but lists no reviewers")


@rule("severity-too-low", "PM005", "warning")
def severity_too_low(doc: Doc, context: LintContext) -> Iterator[Hit]:
    """## What it does
    Reports a postmortem with `impact.data_loss: true` whose severity is below `SEV1`.

    ## Why is this bad
    Losing customer data is the most severe class of incident: it changes who must be told
    (legal, customers, regulators) and how deep the review must go.

    ## Example
    ```yaml
    severity: SEV3
    impact:
      data_loss: true
    ```

    ## Use instead
    ```yaml
    severity: SEV1
    impact:
      data_loss: true
    ```
    """
    if doc.doc_type != "postmortem":
        return
    impact = doc.meta.get("impact")
    severity = doc.meta.get("severity")
    rank = severity_rank(severity)
    if isinstance(impact, dict) and impact.get("data_loss") is True and rank is not None:
        if rank > 1:
            yield Hit(
                doc.line_of("severity"),
                1,
                f"data loss was recorded but severity is {severity}; data loss is SEV1",
            )


# The literal parts every match of `PLACEHOLDER_TEXT` contains.
_PLACEHOLDER_TRIGGER = re.compile(r"TODO|TBD|YYYY|HH:MM|XXX-|xxx-|\[[A-Z]")


def _may_hold_placeholder(text: str) -> bool:
    """A cheap first pass over a line, or a whole body: the literal parts every placeholder
    contains. A body without them has no line with them: a line of prose is a line of the
    body with its code and comments blanked, and blanking adds no character."""
    return _PLACEHOLDER_TRIGGER.search(text) is not None


def _strings(
    value: object, path: tuple[str | int, ...]
) -> Iterator[tuple[tuple[str | int, ...], str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, (*path, index))


@rule("placeholder-text", "PM006", "warning")
def placeholder_text(doc: Doc, context: LintContext) -> Iterator[Hit]:
    """## What it does
    Reports template text left in an SRE document, in the body or in front-matter values:
    `[Answer]`, `YYYY-MM-DD`, `HH:MM`, `TODO`, `TBD`, `XXX-123`, and bracketed prompts such
    as `[Describe the impact]`. Text in code is not checked, nor a hidden note written as a
    link reference definition (`[//]: # (TODO: …)`), which renders nothing. `TODO` as an
    item's state is no
    placeholder: a table cell that is only `TODO` in a column of states (its header is
    `Status` or `State`, or another of its cells says `DONE`, `In progress`, `Closed`, …), a
    `Status: TODO` line, `status: TODO` in front matter, and a line that opens with a bold
    `**TODO**` in a document whose other follow-ups open with `**DONE**` or `**DOING**` the
    same way (`**TODO**: alert on ZFS free space`). Nor is a `TODO` that prose names
    as a thing: after a determiner with no verb between ("fix our long-standing OPS TODO",
    "the TODO") or before a noun ("TODO list", "TODO comments").

    ## Why is this bad
    A placeholder reads as a finished sentence to a skimming reviewer; it is a gap in the
    record. `sre-docs new` leaves them on purpose so that `sre-docs lint --strict` lists what
    is still to write.

    ## Example
    ```markdown
    ## Impact
    [Answer]
    ```

    ## Use instead
    ```markdown
    ## Impact
    About 4,200 checkouts failed over 38 minutes; no data was lost.
    ```
    """
    if not doc.is_sre_doc:
        return
    for path, value in _strings(doc.meta, ()):
        match = next(
            (found for found in PLACEHOLDER_TEXT.finditer(value) if not _todo_named(value, found)),
            None,
        )
        if match and not (_is_state_key(path) and _is_bare_todo(value)):
            yield Hit(
                doc.line_of(*path),
                1,
                f"placeholder {match.group(0)!r} left in field `{_dotted(path)}`",
            )
    if not _may_hold_placeholder(doc.body):
        return
    body = doc.body_index
    shown = _template_sections(body.headings, body.last_line)
    state_cells: set[tuple[int, int]] | None = None  # read when a line first needs them
    labels: dict[int, tuple[str, int]] | None = None
    for line, text in body.prose:
        if not _may_hold_placeholder(text):
            continue
        if any(start <= line <= end for start, end in shown):
            continue  # a page that shows its template to copy: the placeholders are the point
        if _is_labelled_state_todo(text):
            continue  # `Status: TODO`: the item's state, not text left to write
        for match in PLACEHOLDER_TEXT.finditer(text):
            if state_cells is None:
                state_cells = _todo_state_cells(body.tables)
            if (line, _cell_at(text, match.start())) in state_cells:
                continue  # `| … | TODO |` beside `| … | DONE |`: a state, not a gap
            if _todo_named(text, match):
                continue  # "our long-standing TODO", "the TODO list": the list, not a gap
            if labels is None:
                labels = _state_labels(body.prose)
            if _is_todo_label(labels, line, match.start()):
                continue  # `**TODO**: …` beside `**DONE**: …`: a follow-up's state
            yield Hit(line, match.start() + 1, f"placeholder {match.group(0)!r} left in the text")


# What a table's state column holds besides `TODO`: when one of its cells says one of these,
# or its header names a state, a cell that is only `TODO` is the item's state.
_STATE_WORDS = (
    DONE_STATES
    | CLOSED_STATES
    | IN_PROGRESS_STATES
    | frozenset({"merged", "shipped", "doing", "not started", "open", "pending", "blocked"})
)
_STATE_HEADERS = frozenset({"status", "state", "progress", "done", "done?"})


def _bare(cell: str) -> str:
    """A cell or value without emphasis, code marks, spaces and a closing full stop."""
    return cell.strip().strip("*_`").strip().rstrip(".!").strip()


_NAMING_DETERMINERS = frozenset("our their my your his her its the a an this that".split())
_VERBS = frozenset(
    "is are was were be been being am will would should must can could may might has have had "
    "do does did to".split()
)
_TODO_NOUNS = frozenset("list lists item items comment comments file files board tracker".split())
_WINDOW = 120
"""Characters read on each side of a `TODO` (four words and more)."""


def _todo_named(text: str, match: re.Match[str]) -> bool:
    """Whether the `TODO` matched in `text` is named as a thing, not left to fill in: a noun
    follows it ("TODO list"), or up to four words back a determiner starts its noun phrase
    with no verb or punctuation between ("our long-standing OPS TODO", but not "the root
    cause is TODO" or "Cause: TODO")."""
    if match.group(0) != "TODO":
        return False
    # Only the words next to it are read: a window, so a line of many TODOs stays linear.
    after = text[match.end() : match.end() + _WINDOW].split(maxsplit=1)
    if after and after[0].rstrip(".,;:)").lower() in _TODO_NOUNS:
        return True
    before = text[max(0, match.start() - _WINDOW) : match.start()]
    if not before.endswith(" "):
        return False
    for word in reversed(before.split()[-4:]):
        if not word[-1].isalnum():
            return False
        lowered = word.lower()
        if lowered in _NAMING_DETERMINERS:
            return True
        if lowered in _VERBS:
            return False
    return False


def _is_bare_todo(value: str) -> bool:
    return _bare(value) == "TODO"


def _is_state_key(path: tuple[str | int, ...]) -> bool:
    """A front-matter value under `status:` or `state:` (`action_items[0].status: TODO`)."""
    return bool(path) and isinstance(path[-1], str) and path[-1].lower() in ("status", "state")


def _is_labelled_state_todo(text: str) -> bool:
    """`Status: TODO`, `- **State**: TODO` on a line of its own."""
    label, colon, value = text.strip().lstrip("-*+> ").partition(":")
    if not colon:
        return False
    return label.replace("*", "").replace("_", "").strip().lower() in (
        "status",
        "state",
    ) and _is_bare_todo(value.replace("*", ""))


_BOLD_LABEL = re.compile(r"[ \t]*(?:[-*+][ \t]+)?(\*\*|__)([^*_\n]{1,24})\1")


def _state_labels(prose: list[tuple[int, str]]) -> dict[int, tuple[str, int]]:
    """The lines that open with a bold state (`**DONE**: Alex added the sites…`,
    `**TODO** a ZFS exporter…`): line → (state, end of the label), when the document writes
    some state other than `TODO` that way too; else none (a lone `**TODO**` is a gap)."""
    found: dict[int, tuple[str, int]] = {}
    for line, text in prose:
        match = _BOLD_LABEL.match(text)
        if match is None:
            continue
        state = match.group(2).strip().rstrip(":").strip().lower()
        if state == "todo" or state in _STATE_WORDS:
            found[line] = (state, match.end())
    if all(state == "todo" for state, _ in found.values()):
        return {}
    return found


def _is_todo_label(labels: dict[int, tuple[str, int]], line: int, position: int) -> bool:
    label = labels.get(line)
    return label is not None and label[0] == "todo" and position < label[1]


def _todo_state_cells(tables: list) -> set[tuple[int, int]]:
    """(line, column) of each table cell that is only `TODO` in a column of states."""
    found: set[tuple[int, int]] = set()
    for table in tables:
        columns = max((len(row.cells) for row in table.rows), default=0)
        for column in range(columns):
            values = [_bare(row.cells[column]) for row in table.rows if column < len(row.cells)]
            header = table.headers[column] if column < len(table.headers) else ""
            if _bare(header).lower() not in _STATE_HEADERS and not any(
                value.lower() in _STATE_WORDS for value in values
            ):
                continue
            for row in table.rows:
                if column < len(row.cells) and _is_bare_todo(row.cells[column]):
                    found.add((row.line, column))
    return found


def _cell_at(text: str, position: int) -> int:
    """Index of the table cell of a row that holds character `position` (`\\|` does not split)."""
    before = text[:position]
    pipes = before.count("|") - before.count("\\|")
    return pipes - 1 if text.lstrip().startswith("|") else pipes


_TEMPLATE_HEADING = re.compile(r"\btemplates?\b", re.IGNORECASE)


def _template_sections(headings: list, last_line: int) -> list[tuple[int, int]]:
    """(first, last line) of each section, subsections included, under a "Template" heading."""
    spans = []
    for position, heading in enumerate(headings):
        if not _TEMPLATE_HEADING.search(heading.title):
            continue
        end = last_line
        for other in headings[position + 1 :]:
            if other.level <= heading.level:
                end = other.line - 1
                break
        spans.append((heading.line, end))
    return spans


def _dotted(path: tuple[str | int, ...]) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


@rule(
    "budget-burn-without-p0",
    "PM007",
    "error",
    scope=HANDBOOK,
    reads=("meta.impact", "action_items"),
)
def budget_burn_without_p0(handbook: Handbook, context: LintContext) -> Iterator[Hit]:
    """## What it does
    Reports a postmortem whose incident consumed more than 20 % of an SLO's error budget
    (`impact.slo_budget_consumed_pct`; the `budget_burn_p0_pct` option sets the threshold)
    and that has no action item of priority `P0`, in the front matter or the Action Items
    table.

    ## Why is this bad
    The SRE workbook's error budget policy: a single incident that burns more than a fifth of
    the budget must get at least one P0 item, so the fix competes with feature work and wins.
    Without one, the budget was spent and nothing guarantees it will not be spent the same way.

    ## Example
    ```yaml
    impact:
      slo_budget_consumed_pct: 35
    action_items:
      - description: Add a canary stage to config pushes
        priority: P1
    ```

    ## Use instead
    ```yaml
    impact:
      slo_budget_consumed_pct: 35
    action_items:
      - description: Add a canary stage to config pushes
        priority: P0
    ```
    """
    from sre_docs.calc.slo import number

    limit = context.config.budget_burn_p0_pct
    for record in handbook.checked("postmortem"):
        impact = record.meta.get("impact")
        if not isinstance(impact, dict):
            continue
        consumed = number(impact.get("slo_budget_consumed_pct"))
        if consumed is None or consumed <= limit:
            continue
        if any((item.priority or "").strip().upper() == "P0" for item in record.action_items):
            continue
        yield Hit(
            record.line_of("impact", "slo_budget_consumed_pct"),
            1,
            f"the incident consumed {consumed:g} % of the error budget (more than {limit:g} %) "
            "and no action item is P0; the error budget policy asks for at least one",
            record.rel,
        )
